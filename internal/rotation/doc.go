// Package rotation is teacher and principal rotation (交流轮岗, SPEC §3): the
// county's policy and its versions, who must rotate and why (or why not),
// exemptions (暂缓交流), exchanges through their whole life, the 乡镇内支教
// procedure, annual assessments, quotas and the 30 September return.
//
// The rules of the policy are data: a Policy per county and school year,
// each edit a new version, the defaults those of the Yulin notice in seed
// [004]. Eligibility is a pure function of the policy, the educator, the
// school and the career history (Evaluate); the service loads what it needs
// in bulk and computes in Go.
//
// Interpretations this package makes, each with a test:
//   - Bounds are inclusive (以下, 满; Civil Code art. 1259): a man exactly 50
//     on the reference date is covered, six years are 满 on the sixth
//     anniversary. The reference date defaults to 1 September of the school
//     year.
//   - The teacher rule counts from arrival at the current school (the first
//     of the trailing appointment rows there, across exchanges and
//     secondments that interrupt them), and again from the day after a
//     completed exchange ended. An exchange cut short (returned) and a
//     secondment do not restart it.
//   - The principal rule (正、副校长) counts years in the current post at the
//     current school (任现职), as the registry's 任现职日期 does; a policy may
//     count principal and vice principal years together instead
//     (HeadTenureCombined).
//   - 完全中学 is covered as a whole by default: the registry does not record
//     which section a teacher teaches. A county that covers only the junior
//     section unticks it in its policy; 高中, 职业学校, 幼儿园 and 特殊教育 are
//     never covered.
//   - Directions: 城区 is urban; 镇区 and 乡村 are rural unless the policy says
//     镇区 is urban (TownshipUrban).
package rotation
