// Package audit is the hash-chained audit log. Every state change, login and
// denial writes an Entry in the same transaction as the change; each entry's
// hash covers its fields and the previous entry's hash, so editing or
// deleting a row breaks the chain at that row, and Verify names it.
package audit
