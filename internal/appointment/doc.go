// Package appointment is principal selection (校长选聘, SPEC §6, seed [004]):
// county HR opens a selection for a vacant principal or vice-principal
// post and publishes it as a public notice; candidates register or are
// recommended; the qualification review applies the conditions from the
// registry and the career history (the §3.5 prerequisites, the principal's
// qualification training, age and post limits), and HR may overrule it with
// a written reason; the unit's voters evaluate the qualified candidates
// (民主测评), on paper or by phone with one-time codes, and the rates decide
// who goes on to the inspection (考察); the selection committee decides with
// its vote; the appointee's notice takes objections; the appointment moves
// the person and starts a three-year contract (聘期) with its yearly and
// final assessments.
//
// Rules this package keeps, each with a test (appointment_test.go):
//   - The steps come in order: no ballots before the review is closed, no
//     decision before the chosen candidate's inspection report, no
//     appointment while the appointee's notice runs or has objections
//     unanswered.
//   - Of two decisions at once exactly one stands.
//   - A one-time code casts one ballot; phone ballots are not linked to
//     their code.
//   - Every step is recorded with its time and author for the discipline
//     inspection office (纪检监察), which reads and changes nothing.
//   - After the appointment the school has one holder of a principal's post.
package appointment
