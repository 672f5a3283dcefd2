// Package planning is rotation planning in the application (交流轮岗方案,
// SPEC §3.3): it builds a county's planning instance (PLANNER.md) from the
// registry and the rotation policy, solves it with package plan in a
// background run, keeps the bureau's edits and re-checks every rule after
// each, and turns an approved plan into planned exchanges of package
// rotation, with a public notice (公示), objections and the announcement.
//
// # The instance
//
// Build is a pure function of the data read for one county and school
// year, so a plan's instance file — stored byte for byte — reproduces its
// solve with `jiaoliu plan solve` (and `--edits` for the pins and forbids of
// a re-optimisation).
//
//   - Schools are the county's compulsory schools the policy covers; a
//     principal plan leaves village teaching points out (村小不含, seed
//     [004]). Coordinates project longitude and latitude equirectangularly
//     around the centroid of the located schools (x = R·Δλ·cos φ₀, y = R·Δφ,
//     R = 6371.0088 km, rounded to metres); a school without coordinates
//     stands at the centre and the plan warns of it. rural is 镇区 or 乡村,
//     unless the policy counts 镇区 as urban (as rotation's directions do).
//     consortium is the 办学联合体 (K and its id).
//   - Teachers are everyone who teaches at a listed school during the year,
//     candidates or not: someone on an exchange that covers the year counts
//     at the host school, and teachers from other counties hosted here are
//     listed too, so the staffing counts are the teaching force. A teacher
//     has one subject in the model: the first of the registry's subjects,
//     which lists the main subject first; a multi-subject teacher moves as a
//     teacher of that subject. With ByStage (the default) the subject carries
//     the school's stage (小学数学, 初中数学; a nine-year school's teachers form
//     a stage of their own, as the registry does not say which they teach),
//     because a teacher's qualification is for a stage.
//   - Candidates are those who must rotate on the reference date (1
//     September) under the plan's rule — the teacher rule, or for a principal
//     plan the principal rule — not deferred, with no exchange of the year
//     yet. Vice principals join a teacher plan as teachers or a principal
//     plan in vice-principal posts when IncludeVice says so (seed [004]: a
//     vice principal may rotate either way).
//   - Priority (优先分) = VolunteerBonus if the teacher volunteers + TenureWeight
//     × whole years at the school + ScoreWeight × the 量化打分 score +
//     ReassignBonus for a 末位调岗 teacher; defaults 10, 1, 0.1, 5. The inputs
//     live in a per-school-year record per teacher (Input): county HR enters
//     all of it, the teacher and their school enter the wishes (up to five
//     schools, best first) and the volunteering.
//   - Staffing: a (school, subject) with n teachers today may end with
//     between max(n − StaffingOut, min(n, 1)) and n + StaffingRoom (defaults
//     1 and 1: a subject taught stays taught, 开齐开足); county HR edits any
//     (school, subject) per year and mode, including subjects a school lacks.
//     A principal plan has one principal per school (min = max = the
//     current count, 1).
//   - Target = ⌈quota % × base⌉ − those already rotating this year, where the
//     base counts who must rotate under the plan's rule, deferred ones
//     included (the quota's base, as rotation's dashboard counts it);
//     min_backbone = ⌈backbone % × (existing + target)⌉ − existing backbone
//     teachers. A bureau may set either instead. The other rules of
//     PLANNER.md (distance, backbone to rural or weak schools, consortia,
//     outflow cap) and the weights are settings with defaults (20 km, on,
//     off, 20 %; 0.5 per km, 2 per place down the wish list).
//
// # Principals and the new-principal prerequisite
//
// A principal plan moves sitting principals between principal posts and,
// with IncludeVice, vice principals between vice-principal posts: the
// subject is the post, so nobody changes post. SPEC §3.5's prerequisite for
// a new principal (two schools, or six years at rural or weak schools)
// binds whoever becomes a principal for the first time; the plan never makes
// one, so it cannot break the prerequisite, and each candidate's standing
// is shown with their move. Filling a vacant principal post with a vice
// principal is 校长选聘 (SPEC §6), outside rotation planning.
//
// # Edits, approval and the notice
//
// Pins and forbids feed the solver's options; a swap or a removal edits the
// moves directly and becomes pins and forbids for the next solve; after
// every edit the moves are checked against every rule (plan.CheckMoves) and
// what breaks is shown by name. A plan that breaks a rule cannot be
// approved. Approval writes the plan first (of two approvals one wins),
// then one planned exchange per move through rotation.CreateExchange — start
// 1 September, planned end after the minimum term, personnel relation kept
// by teachers and moved with principals, form from the settings (办学联合体
// inside a consortium, 末位调岗 for such a teacher) — and opens the notice
// for NoticeDays days. Anyone the notice concerns may object during it;
// county HR answers, and an upheld objection about a move cancels its
// exchange. After the notice, with every objection answered, the
// announcement moves the exchanges from planned to announced.
package planning
