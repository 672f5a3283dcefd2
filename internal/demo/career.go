package demo

import (
	"math"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// Tunables of the career histories. Together with the age distribution
// they decide how many educators the rotation rules select.
const (
	// meanTenure is the mean, in years, of the time a teacher who moved has
	// spent at the current school (an exponential draw).
	meanTenure = 4.0
	// meanHeadTenure is the same for heads and deputies, who stay longer.
	meanHeadTenure = 6.5
	// firstExchangeYear is the first school year with exchanges: rotation
	// became county policy in the mid-2010s.
	firstExchangeYear = 2014
	// pExchange is the share of established teachers of compulsory schools
	// with a past exchange; other schools have far fewer.
	pExchange      = 0.2
	pExchangeOther = 0.03
)

// startAgeCum are the cumulative weights of the age at the first
// appointment, 21 to 25.
var startAgeCum = []int{10, 45, 75, 90, 100}

// secondmentWindows are typical secondment periods (month, day, month, day):
// the one-month batches of seed [000], two months, and a semester.
var secondmentWindows = [][4]int{
	{3, 14, 4, 15}, {5, 9, 6, 10}, {9, 1, 9, 30}, {10, 10, 11, 11},
	{3, 1, 4, 30}, {9, 15, 12, 30},
}

// careerResult is the generated history of one educator.
type careerResult struct {
	rows      []people.CareerEntry
	first     app.Date // first day of the first appointment
	joined    app.Date // JoinedSchool
	postSince app.Date // PostSince
	years     int      // whole school years of service before the current one
}

// compatible reports whether a teacher of a school of level from may work
// at a school of level to.
func compatible(from, to string) bool {
	if from == to {
		return true
	}
	switch from {
	case "primary":
		return to == "nine_year"
	case "junior":
		return to == "nine_year" || to == "complete"
	case "nine_year":
		return to == "primary" || to == "junior"
	case "complete":
		return to == "junior" || to == "senior"
	case "senior":
		return to == "complete"
	case "vocational":
		return to == "senior" || to == "complete"
	case "special":
		return to == "primary"
	}
	return false
}

// postAt translates a post to the school it is held at: 园长 and 副园长 at a
// kindergarten, 校长 and 副校长 elsewhere; a village point has no deputies
// or cadres, so there the post is 教师.
func postAt(post string, si *schoolInfo) string {
	kg := si.level() == "kindergarten"
	switch post {
	case people.PostPrincipal, people.PostDirector:
		if kg {
			return people.PostDirector
		}
		return people.PostPrincipal
	case people.PostVicePrincipal, people.PostViceDirector:
		switch {
		case si.s.VillagePoint:
			return people.PostTeacher
		case kg:
			return people.PostViceDirector
		}
		return people.PostVicePrincipal
	case people.PostMiddleCadre, people.PostGradeHead:
		if si.s.VillagePoint {
			return people.PostTeacher
		}
	}
	return post
}

// startDate is the first day of an appointment beginning in the school year
// starting in year y: mostly 1 September, else a day around it; never after
// asOf.
func (g *generator) startDate(y int) app.Date {
	d := sept1(y)
	if g.chance(0.2) {
		d = addDays(app.NewDate(y, time.August, 20), g.r.IntN(22))
	}
	return minDate(d, g.asOf)
}

// promotionDate is the first day in a post taken in year y: 1 September,
// a summer day, or a day in spring; never after asOf.
func (g *generator) promotionDate(y int) app.Date {
	var d app.Date
	switch x := g.r.Float64(); {
	case x < 0.5:
		d = sept1(y)
	case x < 0.8:
		d = addDays(app.NewDate(y, time.July, 1), g.r.IntN(77))
	default:
		d = addDays(app.NewDate(y, time.February, 15), g.r.IntN(75))
	}
	return minDate(d, g.asOf)
}

func entry(si *schoolInfo, post, kind string, start, end app.Date) people.CareerEntry {
	return people.CareerEntry{
		SchoolCode: si.s.Code, SchoolName: si.s.Name,
		Post: post, Kind: kind, Start: start, End: end,
	}
}

// career generates the history of an educator of school si in post: a first
// appointment at 21–25, for many one to three earlier schools of the county
// (more rural ones first), the current stint (with a promotion for heads and
// cadres), and for some a completed exchange or a secondment.
func (g *generator) career(si *schoolInfo, post string, birth app.Date, status people.StaffStatus) careerResult {
	y := birth.Year + 21 + g.pickCum(startAgeCum)
	switch status {
	case people.StaffTemporary:
		y = max(y, g.sy-g.between(0, 6))
	case people.StaffOther:
		y = max(y, g.sy-g.between(0, 15))
	}
	y = min(y, g.sy)
	first := g.startDate(y)
	for app.Age(birth, first) < 21 && y < g.sy {
		y++
		first = g.startDate(y)
	}
	years := g.sy - y
	established := status == people.StaffEstablished

	k, joinYear := g.stints(si, post, y, years, established)
	postYear, prevPost := g.promotion(si, post, birth, k, joinYear)

	// Earlier schools, each at least two years.
	lens := make([]int, k)
	for i := range lens {
		lens[i] = 2
	}
	for range joinYear - y - 2*k {
		lens[g.r.IntN(k)]++
	}
	earlier := make([]*schoolInfo, k)
	next := si
	for i := k - 1; i >= 0; i-- {
		earlier[i] = g.earlierSchool(si, next, i == 0)
		next = earlier[i]
	}

	rows := make([]people.CareerEntry, 0, k+6)
	start, year := first, y
	for i, s := range earlier {
		p := people.PostTeacher
		if i == k-1 && postYear == joinYear {
			p = suitablePost(g.lastEarlierPost(post), start.Year-birth.Year)
		}
		year += lens[i]
		nextStart := g.startDate(year)
		end := addDays(nextStart, -1)
		if g.chance(0.15) {
			end = addDays(nextStart, -g.between(2, 45))
		}
		rows = append(rows, entry(s, postAt(p, s), people.CareerAppointment, start, end))
		start = nextStart
	}
	joined, postSince := start, start
	if prevPost != "" {
		postSince = g.promotionDate(postYear)
		rows = append(rows, entry(si, prevPost, people.CareerAppointment, joined, addDays(postSince, -1)))
	}
	rows = append(rows, entry(si, post, people.CareerAppointment, postSince, app.Date{}))

	if established && years >= 4 {
		p := pExchangeOther
		if si.s.Compulsory() {
			p = pExchange
		}
		if g.chance(p) {
			rows = g.addExchange(rows)
		}
		p = 0.025
		if post != people.PostTeacher {
			p = 0.1
		}
		if g.chance(p) {
			rows = g.addSecondment(rows)
		}
	}
	return careerResult{rows: rows, first: first, joined: joined, postSince: postSince, years: years}
}

// stints draws how many earlier schools an educator who started in year y
// (years ago) had, and the year the current stint began.
func (g *generator) stints(si *schoolInfo, post string, y, years int, established bool) (k, joinYear int) {
	pMove := [4]float64{0.85, 0.7, 0.6, 0.5}[si.locationKind()]
	if isLeader(post) {
		pMove += 0.15
	}
	if established && years >= 4 && g.chance(pMove) {
		k = 1
		if years >= 10 && g.chance(0.45) {
			k = 2
			if years >= 18 && g.chance(0.35) {
				k = 3
			}
		}
	}
	joinYear = y
	if k > 0 {
		maxT := years - 2*k
		// Few moved just now: most moves are a year or more ago.
		mean := meanTenure
		if isLeader(post) {
			mean = meanHeadTenure
		}
		t := int(g.r.ExpFloat64() * mean)
		if t == 0 && g.chance(0.75) {
			t = 1
		}
		if t > maxT {
			t = g.between(0, maxT)
		}
		joinYear = g.sy - t
	}
	return k, joinYear
}

// promotion draws whether a head or cadre was promoted at the current
// school (always, if they arrived too young for the post): the year and
// the post held before, or joinYear and "".
func (g *generator) promotion(si *schoolInfo, post string, birth app.Date, k, joinYear int) (postYear int, prevPost string) {
	tenure := g.sy - joinYear
	postYear = joinYear
	if minAge := postMinAge(post); minAge > 0 && tenure >= 2 {
		p := [...]float64{0.4, 0.65, 0.8}[min(2, postRank(post)-1)]
		if k == 0 || joinYear < birth.Year+minAge || g.chance(p) {
			postYear = g.between(min(g.sy, max(joinYear+1, birth.Year+minAge)), g.sy)
			switch {
			case post == people.PostPrincipal || post == people.PostDirector:
				prevPost = people.PostVicePrincipal
			case isLeader(post) && g.chance(0.5):
				prevPost = people.PostMiddleCadre
			default:
				prevPost = people.PostTeacher
			}
			prevPost = postAt(prevPost, si)
		}
	}
	return postYear, prevPost
}

// lastEarlierPost is the post held at the previous school by someone who
// arrived at the current one directly in post: heads were mostly deputies
// or heads elsewhere, deputies mostly cadres.
func (g *generator) lastEarlierPost(post string) string {
	x := g.r.Float64()
	switch post {
	case people.PostPrincipal, people.PostDirector:
		switch {
		case x < 0.35:
			return people.PostPrincipal
		case x < 0.85:
			return people.PostVicePrincipal
		}
		return people.PostMiddleCadre
	case people.PostVicePrincipal, people.PostViceDirector:
		switch {
		case x < 0.2:
			return people.PostVicePrincipal
		case x < 0.65:
			return people.PostMiddleCadre
		}
	case people.PostMiddleCadre:
		if x < 0.3 {
			return people.PostMiddleCadre
		}
	}
	return people.PostTeacher
}

// postRank orders posts by seniority: 0 teacher, 1 cadre or grade head,
// 2 deputy head, 3 head.
func postRank(post string) int {
	switch post {
	case people.PostPrincipal, people.PostDirector:
		return 3
	case people.PostVicePrincipal, people.PostViceDirector:
		return 2
	case people.PostMiddleCadre, people.PostGradeHead:
		return 1
	}
	return 0
}

// postMinAge is the youngest age at which the demo city appoints someone to
// post: 32 for heads, 28 for deputies, 25 for cadres and grade heads.
func postMinAge(post string) int {
	return [...]int{0, 25, 28, 32}[postRank(post)]
}

// suitablePost steps post down until someone aged age may hold it.
func suitablePost(post string, age int) string {
	for postMinAge(post) > age {
		switch postRank(post) {
		case 3:
			post = people.PostVicePrincipal
		case 2:
			post = people.PostMiddleCadre
		default:
			post = people.PostTeacher
		}
	}
	return post
}

// earlierSchool picks a school of cur's county where someone now at cur
// worked before moving to next: a compatible level, not next, rarely cur
// itself, and rather a rural or township school, the more so for the first
// appointment. Where no other school is compatible (the county's one senior
// high school) any other school of the county will do.
func (g *generator) earlierSchool(cur, next *schoolInfo, firstJob bool) *schoolInfo {
	byKind := [4]float64{1.2, 1.5, 1.2, 0.5}
	if firstJob {
		byKind = [4]float64{0.6, 1.5, 2, 1.5}
	}
	schools := cur.county.schools
	w := g.weights(len(schools))
	for j, s := range schools {
		if s == next || !compatible(cur.level(), s.level()) {
			continue
		}
		w[j] = byKind[s.locationKind()] * math.Sqrt(float64(s.size))
		if s == cur {
			w[j] *= 0.05
		}
	}
	j := g.pickWeighted(w)
	if j < 0 {
		for i, s := range schools {
			w[i] = 0
			if s != next && s.level() != "kindergarten" {
				w[i] = 1
			}
		}
		j = g.pickWeighted(w)
	}
	return schools[j]
}

// addExchange adds a completed exchange of one to three school years inside
// one of the teaching appointments of rows (mostly the current one), at a
// compatible school of the same county: urban teachers go mainly to rural
// schools and rural ones to town, within their consortium if they have one.
func (g *generator) addExchange(rows []people.CareerEntry) []people.CareerEntry {
	var cand []int
	for i, r := range rows {
		if r.Kind == people.CareerAppointment && (r.Post == people.PostTeacher || r.Post == people.PostGradeHead || r.Post == people.PostMiddleCadre) {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return rows
	}
	i := cand[len(cand)-1]
	if len(cand) > 1 && g.chance(0.3) {
		i = cand[g.r.IntN(len(cand)-1)]
	}
	r := rows[i]
	d := 3
	switch x := g.r.Float64(); {
	case x < 0.3:
		d = 1
	case x < 0.55:
		d = 2
	}
	endYear := g.sy // the last year the exchange may end in (31 August)
	if !r.End.IsZero() {
		endYear = r.End.Year
		if !aug31(endYear).Before(r.End) {
			endYear--
		}
	}
	lo, hi := max(r.Start.Year+1, firstExchangeYear), endYear-d
	if hi < lo {
		return rows
	}
	e := g.between(lo, hi)
	origin := g.schoolByCode(r.SchoolCode)
	host := g.exchangeHost(origin)
	if host == nil {
		return rows
	}
	mid := entry(host, people.PostTeacher, people.CareerExchange, sept1(e), aug31(e+d))
	switch {
	case origin.s.Consortium != "" && origin.s.Consortium == host.s.Consortium:
		mid.Note = "办学联合体内交流"
	case origin.location() == "urban" && host.location() != "urban":
		mid.Note = "城区教师到农村学校支教"
	default:
		mid.Note = "交流轮岗"
	}
	return splitRow(rows, i, mid)
}

// exchangeHost picks the host of an exchange from origin's county.
func (g *generator) exchangeHost(origin *schoolInfo) *schoolInfo {
	byKind := [4][4]float64{
		{0.4, 1.5, 2, 0.8}, // from urban
		{1.5, 0.8, 1.2, 0.6},
		{2, 1.5, 0.6, 0.3},
		{2, 1.5, 0.6, 0.3},
	}[origin.locationKind()]
	schools := origin.county.schools
	w := g.weights(len(schools))
	for j, s := range schools {
		if s == origin || !compatible(origin.level(), s.level()) {
			continue
		}
		w[j] = byKind[s.locationKind()] * math.Sqrt(float64(s.size))
		if origin.s.Consortium != "" && s.s.Consortium == origin.s.Consortium {
			w[j] *= 4
		}
	}
	if j := g.pickWeighted(w); j >= 0 {
		return schools[j]
	}
	return nil
}

// addSecondment adds a secondment (挂职锻炼) of one to four months inside an
// appointment at the current school, hosted by a sought-after urban school
// of a compatible level anywhere in the city.
func (g *generator) addSecondment(rows []people.CareerEntry) []people.CareerEntry {
	cur := rows[len(rows)-1].SchoolCode
	for range 4 {
		i := len(rows) - 1
		for i > 0 && g.chance(0.4) && rows[i-1].Kind == people.CareerAppointment && rows[i-1].SchoolCode == cur {
			i--
		}
		r := rows[i]
		if r.Kind != people.CareerAppointment {
			continue
		}
		w := secondmentWindows[g.r.IntN(len(secondmentWindows))]
		yy := g.between(max(r.Start.Year, firstExchangeYear-4), g.sy)
		start := app.NewDate(yy, time.Month(w[0]), w[1])
		end := app.NewDate(yy, time.Month(w[2]), w[3])
		if !start.After(r.Start) || !end.Before(g.asOf) || (!r.End.IsZero() && !end.Before(r.End)) {
			continue
		}
		origin := g.schoolByCode(r.SchoolCode)
		host := g.secondmentHost(origin)
		if host == nil {
			return rows
		}
		mid := entry(host, r.Post, people.CareerSecondment, start, end)
		mid.Note = "挂职锻炼"
		return splitRow(rows, i, mid)
	}
	return rows
}

// secondmentHost picks an urban school of a level compatible with origin's,
// weighted by prestige.
func (g *generator) secondmentHost(origin *schoolInfo) *schoolInfo {
	w := g.weights(len(g.schools))
	for j, s := range g.schools {
		if s != origin && s.location() == "urban" && compatible(origin.level(), s.level()) {
			w[j] = s.prestige
		}
	}
	if j := g.pickWeighted(w); j >= 0 {
		return g.schools[j]
	}
	return nil
}

// splitRow replaces rows[i] by its part before mid, mid, and its part after
// mid. mid must lie strictly inside rows[i].
func splitRow(rows []people.CareerEntry, i int, mid people.CareerEntry) []people.CareerEntry {
	r := rows[i]
	before, after := r, r
	before.End = addDays(mid.Start, -1)
	after.Start = addDays(mid.End, 1)
	out := make([]people.CareerEntry, 0, len(rows)+2)
	out = append(out, rows[:i]...)
	out = append(out, before, mid, after)
	return append(out, rows[i+1:]...)
}

// weights returns a zeroed scratch slice of n weights, valid until the next
// call.
func (g *generator) weights(n int) []float64 {
	if cap(g.scratch) < n {
		g.scratch = make([]float64, n)
	}
	w := g.scratch[:n]
	clear(w)
	return w
}

// schoolByCode finds a school generated so far by its code.
func (g *generator) schoolByCode(code string) *schoolInfo {
	for _, si := range g.schools {
		if si.s.Code == code {
			return si
		}
	}
	return nil
}
