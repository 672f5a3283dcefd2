// Package attach is the product's one store of uploaded files (附件):
// nomination materials, deliverables, photos, evidence. A file belongs to
// an owner (a kind of record and its id); the capability that owns the
// kind registers who may read and who may add its files.
//
// Rules this package keeps, each with a test (store/attach_test.go):
//   - Only PDF, JPEG and PNG images and Office documents are taken, known
//     by their content, not their name: a page renamed .pdf is refused.
//   - A file is at most MaxSize bytes; a refused file leaves nothing behind.
//   - Content is kept encrypted with the data key; the database holds no
//     byte of it in clear.
//   - Whoever may not read the owner finds no file of it.
package attach
