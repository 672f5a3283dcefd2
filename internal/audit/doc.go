// Package audit is the hash-chained audit log. Every state change, login and
// denial writes an Entry in the same transaction as the change; each entry's
// hash covers its fields and the previous entry's hash, so editing or
// deleting a row breaks the chain at that row, and Verify names it.
//
// A plain hash chain can be recomputed by anyone who can write the
// database, and cut at its newest end unnoticed. So the application keys
// the chain (an HMAC whose key is derived from the data key, which lives
// outside the database) and anchors its head in an append-only file beside
// the database (jiaoliu.audit-anchor) and in the server log. Verify checks
// both: a forged, edited or re-chained entry fails its keyed hash, and a
// chain shorter than its anchors, or empty where it had entries, fails
// against the file. Entries written before keying stay hash-chained only;
// the file's first line records where keying began and the head it
// started from, so they cannot be rewritten later either.
package audit
