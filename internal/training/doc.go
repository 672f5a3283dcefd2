// Package training is cadre and teacher training (干部教师培训, SPEC §7, seed
// [003]): the year's courses with their audience, hours (学时), mode and
// capacity; the classes of a course and their sessions; enrolment by
// assignment (the bureau or a school names people) or by application with
// approval; attendance; completion by the course's rules; the hours an
// educator earns; certificates anyone can verify by number; and the online
// assessment drawn from a course's question bank.
//
// A course is a programme (package programme) of kind training: the
// programme holds its name, organiser and dates, and decides who manages
// it. The year's plan is published to its unit: everyone granted inside
// the course's county (or city, for a city-wide course) may read it.
//
// Rules this package keeps, each with a test:
//   - Hours reach an educator's record only when an enrolment completes
//     (attendance share, assignments and, where the course has one, a
//     passed assessment), once, and are never typed.
//   - A class takes no more people than the course's capacity across classes.
//   - A certificate number is drawn from crypto/rand: nothing about one
//     number tells another.
//   - An answer sheet arriving after its deadline is not marked; the
//     attempt closes as expired.
//   - A paper's choice questions are marked at once; a short answer waits
//     for a person, and the attempt's result with it.
package training
