// Package notice is the product's one public notice (公示, SPEC §3.2, §3.3,
// §4.2): a procedure publishes a record (the moves of a rotation plan, a
// school's scored applications, a selection's shortlist) for a period;
// while it runs, whoever may read it may object, about one entry or the
// whole; whoever the owning procedure names answers, and an upheld
// objection may change the owner's record (the owner's Upheld hook runs in
// the answering transaction).
//
// A kind of notice belongs to the capability that publishes it; the
// capability registers a Policy that says who reads and who answers its
// notices. The notice keeps the rest: the published entries, frozen at
// publication, the period, the objections with their authors by account,
// the answers, and the audit rows.
//
// Rules this package keeps, each with a test (store/notice_test.go):
//   - A notice is open from its first to its last day, both included;
//     objections are taken only then, answers until it is closed or
//     withdrawn.
//   - An objection names its author by account, never by display name.
//   - An answer is given once; a failing Upheld hook rolls it back.
//   - The published entries never change after publication.
//   - Whoever may not read a notice finds neither it nor its objections.
package notice
