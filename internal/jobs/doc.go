// Package jobs runs background work that users start — a roster import, a
// planning run — as runs recorded in the database: queued, running with
// progress that pages poll, then done with a result or failed with a
// message. The queue behind it (River, in package store) keeps the work in
// the database, so several jiaoliu processes on PostgreSQL share it and a
// killed process's work is picked up again.
package jobs
