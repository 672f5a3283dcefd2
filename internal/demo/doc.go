// Package demo generates the synthetic demo city that jiaoliu shows when it
// runs without real data: 澜溪市, a fictional city with an urban district
// (澜城区) and a rural county (栖云县) with townships and villages, about 150
// schools of every level and location type, and about 4,000 educators with
// Chinese names, check-summed fictional ID numbers, posts, subjects, titles,
// backbone levels and career histories that include past exchanges (交流) and
// secondments (挂职).
//
// The generator is pure: Generate returns plain data and touches neither the
// database nor the clock, and the same seed and date always give the same
// dataset. The histories are shaped so that the rotation rules of SPEC §3.1
// select a few hundred educators, enough to exercise planning.
//
// Ensure writes the city into an empty database (serve --demo) with its demo
// accounts, and enters through the services what a bureau would: rotation
// policies, exchanges, rounds and returns, planning inputs, and programmes.
package demo
