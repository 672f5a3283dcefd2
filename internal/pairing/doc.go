// Package pairing is pairing assistance and consortia (结对帮扶 / 办学联合体,
// SPEC §5).
//
// A pairing cycle (结对周期) is a programme of kind pairing, organised by a
// county for one kind of school (kindergartens, primary or middle schools),
// two school years long, each year one period. In it each demonstration or
// quality school helps one or two rural or weak schools (a pair, 结对); the
// proposal comes from an assignment helper over the planner's min-cost flow
// (Propose), county HR edits and publishes it. Both schools of a pair keep a
// ledger of activities (台账), with goals per period and a self-review that
// closes the period; the city bureau inspects (督查) and its grades are
// published to every county of the city. At the end of the cycle HR reviews,
// commends and re-pairs. Counterpart assistance (对口帮扶) is a pair whose
// helper is an external partner (a school or university outside the county).
//
// Consortia (办学联合体) are managed here too: a county's schools grouped by
// school district or area under a lead urban school; moving a school between
// them is audited, and the school's consortium is what rotation's "within a
// consortium" reads.
package pairing
