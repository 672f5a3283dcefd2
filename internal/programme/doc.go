// Package programme is the register of programmes (项目, SPEC §4): the
// secondment, training and pairing programmes a city or a county bureau
// organises, each with its organising unit, hosts, dates, participant
// categories with quotas ([000]: 中层干部 20, 级部主任 13, 学科骨干教师 16)
// and the enrolled participants.
//
// A programme is also a scope: an account may be granted a role over one
// programme (a training institute's coordinator, a mentor, a reviewer), and
// then reaches that programme and, where the role reads educators, the
// records of its participants, and nothing else (package auth).
//
// Rules this package keeps, each with a test:
//   - A county programme enrols educators of that county, a city-wide one
//     educators of the city.
//   - When a programme has categories, every participant is in one, and a
//     category takes no more participants than its quota; two enrolments
//     racing for the last place cannot both win.
//   - An edit may not drop a category that has participants or cut its quota
//     below them.
//   - The status (not started, running, finished) follows from the dates.
package programme
