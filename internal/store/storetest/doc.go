// Package storetest gives tests a real, migrated jiaoliu database: SQLite in
// a temporary directory, and PostgreSQL in a throwaway cluster this package
// starts itself with initdb and pg_ctl. Tests never mock the database.
package storetest
