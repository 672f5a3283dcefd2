// Package store is the database/sql code of every capability, one file each,
// on SQLite (modernc.org/sqlite, the embedded default) and PostgreSQL (pgx).
// The schema is built by the goose migrations embedded from migrations/; the
// few differences between the two dialects live in dialect.go.
package store
