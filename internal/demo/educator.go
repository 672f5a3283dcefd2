package demo

import (
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// buildStaff generates the educators of every school, school by school.
func (g *generator) buildStaff() {
	g.ds.Educators = make([]Educator, 0, targetStaff+targetStaff/10)
	for _, si := range g.schools {
		posts := g.postsFor(si)
		subjects := g.subjectsFor(si, len(posts))
		for i, post := range posts {
			g.ds.Educators = append(g.ds.Educators, g.newEducator(si, post, subjects[i]))
		}
	}
	g.ensureNationalBackbone()
}

// postsFor returns the posts of a school's staff: one head, vice heads by
// size, middle cadres and grade heads in larger schools, and teachers.
func (g *generator) postsFor(si *schoolInfo) []string {
	n := si.size
	kg := si.level() == "kindergarten"
	head, vice := people.PostPrincipal, people.PostVicePrincipal
	if kg {
		head, vice = people.PostDirector, people.PostViceDirector
	}
	nv := 0
	switch {
	case si.s.VillagePoint:
	case n < 12:
		if g.chance(0.5) {
			nv = 1
		}
	case n < 30:
		nv = 1
	case n < 80:
		nv = 2
	default:
		nv = 3
	}
	nc := 0
	switch {
	case n >= 25:
		nc = min(8, n/18+g.r.IntN(2))
	case n >= 15 && g.chance(0.5):
		nc = 1
	}
	ng := 0
	if n >= 50 {
		switch si.level() {
		case "primary":
			ng = min(6, n/25)
		case "nine_year":
			ng = min(9, n/25)
		case "complete":
			ng = min(6, n/25)
		case "junior", "senior", "vocational":
			ng = min(3, n/25)
		}
	}
	posts := make([]string, 0, n)
	posts = append(posts, head)
	for range nv {
		posts = append(posts, vice)
	}
	for range nc {
		posts = append(posts, people.PostMiddleCadre)
	}
	for range ng {
		posts = append(posts, people.PostGradeHead)
	}
	for len(posts) < n {
		posts = append(posts, people.PostTeacher)
	}
	return posts
}

// levelSubjects returns the subject weights of a level; nine-year and
// complete schools teach the subjects of both their stages.
func levelSubjects(level string) []subjectWeight {
	switch level {
	case "kindergarten":
		return kindergartenSubjects
	case "primary":
		return primarySubjects
	case "junior":
		return juniorSubjects
	case "senior":
		return seniorSubjects
	case "vocational":
		return vocationalSubjects
	case "special":
		return specialSubjects
	case "nine_year":
		return mergeSubjects(primarySubjects, juniorSubjects)
	case "complete":
		return mergeSubjects(juniorSubjects, seniorSubjects)
	}
	return primarySubjects
}

func mergeSubjects(a, b []subjectWeight) []subjectWeight {
	out := slices.Clone(a)
	for _, s := range b {
		i := slices.IndexFunc(out, func(o subjectWeight) bool { return o.name == s.name })
		if i < 0 {
			out = append(out, s)
		} else {
			out[i].weight += s.weight
		}
	}
	return out
}

// subjectsFor returns the subjects of a school's n educators in post order.
// Counts follow the level's weights by largest remainder, every subject at
// least once when the school is big enough to teach them all; small and
// rural schools' teachers often teach a second subject.
func (g *generator) subjectsFor(si *schoolInfo, n int) [][]string {
	weights := levelSubjects(si.level())
	total := 0
	for _, w := range weights {
		total += w.weight
	}
	counts := make([]int, len(weights))
	rems := make([]float64, len(weights))
	used := 0
	floor := 0
	if n >= 2*len(weights) {
		floor = 1
	}
	for i, w := range weights {
		exact := float64(n) * float64(w.weight) / float64(total)
		counts[i] = max(floor, int(exact))
		rems[i] = exact - float64(int(exact))
		used += counts[i]
	}
	for used < n {
		best := 0
		for i := range rems {
			if rems[i] > rems[best] {
				best = i
			}
		}
		counts[best]++
		rems[best] = -1
		used++
		if slices.Max(rems) < 0 {
			for i, w := range weights {
				rems[i] = float64(w.weight) / float64(total)
			}
		}
	}
	for used > n { // the floor overshot: take from the largest
		i := slices.Index(counts, slices.Max(counts))
		counts[i]--
		used--
	}
	firsts := make([]string, 0, n)
	for i, c := range counts {
		for range c {
			firsts = append(firsts, weights[i].name)
		}
	}
	g.r.Shuffle(len(firsts), func(i, j int) { firsts[i], firsts[j] = firsts[j], firsts[i] })

	pSecond := [4]float64{0.03, 0.12, 0.35, 0.8}[si.locationKind()]
	switch si.level() {
	case "kindergarten", "vocational", "special", "senior":
		pSecond = 0
	}
	out := make([][]string, n)
	for i, f := range firsts {
		out[i] = []string{f}
		if s := secondSubject(f); s != "" && g.chance(pSecond) {
			out[i] = append(out[i], s)
		}
	}
	return out
}

// femaleShare is the probability that an educator of the school in the post
// is a woman: kindergartens almost all, primary about three quarters,
// secondary about half, fewer among heads and in rural schools.
func femaleShare(si *schoolInfo, post string) float64 {
	var p float64
	switch si.level() {
	case "kindergarten":
		return 0.97
	case "primary":
		p = 0.76
	case "nine_year":
		p = 0.62
	case "junior":
		p = 0.56
	case "complete":
		p = 0.54
	case "senior":
		p = 0.5
	case "vocational":
		p = 0.46
	case "special":
		p = 0.78
	}
	if si.locationKind() >= 2 {
		p -= 0.12
	}
	switch post {
	case people.PostPrincipal:
		p *= 0.4
	case people.PostVicePrincipal:
		p *= 0.6
	case people.PostMiddleCadre:
		p *= 0.85
	}
	return p
}

// isLeader reports whether post is a school head or deputy.
func isLeader(post string) bool {
	switch post {
	case people.PostPrincipal, people.PostVicePrincipal, people.PostDirector, people.PostViceDirector:
		return true
	}
	return false
}

// ageFor draws an age on asOf: heads between 42 and 57, teachers spread
// from 22 to retirement (60 for men, 55 for women), temporary staff young.
func (g *generator) ageFor(post string, status people.StaffStatus, female bool) int {
	top := 59
	if female {
		top = 54
	}
	switch {
	case post == people.PostPrincipal || post == people.PostDirector:
		return g.between(42, min(57, top))
	case isLeader(post):
		return g.between(35, min(56, top))
	case post == people.PostMiddleCadre:
		return g.between(30, min(55, top))
	case post == people.PostGradeHead:
		return g.between(30, 52)
	case status == people.StaffTemporary:
		return g.between(22, 38)
	case status == people.StaffOther:
		return g.between(24, 50)
	}
	for {
		if a := 22 + g.pickCum(g.teacherAge); a <= top {
			return a
		}
	}
}

// staffStatus draws the 编制状态 of a teacher: mostly established, more
// temporary staff in kindergartens and rural schools.
func (g *generator) staffStatus(si *schoolInfo, post string) people.StaffStatus {
	if post != people.PostTeacher {
		return people.StaffEstablished
	}
	temp := [4]float64{0.04, 0.05, 0.08, 0.1}[si.locationKind()]
	if si.level() == "kindergarten" {
		temp = 0.2
	}
	x := g.r.Float64()
	switch {
	case x < temp:
		return people.StaffTemporary
	case x < temp+0.03:
		return people.StaffOther
	}
	return people.StaffEstablished
}

func (g *generator) newEducator(si *schoolInfo, post string, subjects []string) Educator {
	status := g.staffStatus(si, post)
	female := g.chance(femaleShare(si, post))
	age := g.ageFor(post, status, female)
	birth := addDays(g.asOf.AddYears(-age), -g.r.IntN(365))
	gender := people.GenderMale
	if female {
		gender = people.GenderFemale
	}
	id := g.idNumber(si.county, birth, female)
	c := g.career(si, post, birth, status)

	var e Educator
	e.IDNumber = id
	e.Career = c.rows
	e.IDMasked = id.Masked()
	e.Name = g.name(female, birth.Year >= 1980)
	e.Gender = gender
	e.BirthDate = birth
	e.SchoolCode = si.s.Code
	e.SchoolName = si.s.Name
	e.Post = post
	e.Subjects = subjects
	e.StaffStatus = status
	e.JoinedSchool = c.joined
	e.PostSince = c.postSince
	e.Title = g.title(si, post, status, c.years)
	e.Backbone = g.backbone(si, post, status, age, c.years)
	e.Honours = g.honours(post, e.Backbone, c.first.Year)
	return e
}

// name draws a Chinese name: a surname by frequency and a one- or
// two-character given name typical of the gender and generation.
func (g *generator) name(female, young bool) string {
	var b strings.Builder
	b.WriteString(surnames[g.pickCum(g.surnameCum)].name)
	f, y := 0, 0
	if female {
		f = 1
	}
	if young {
		y = 1
	}
	first, second := g.givenNames[f][y][0], g.givenNames[f][y][1]
	if g.chance(0.8) {
		b.WriteRune(first[g.r.IntN(len(first))])
	}
	b.WriteRune(second[g.r.IntN(len(second))])
	return b.String()
}

// idNumber issues a unique resident ID number: a region code (mostly the
// county's own, some from elsewhere in the city), the birth date, a sequence
// whose last digit is odd for men and even for women, and the GB 11643
// check character.
func (g *generator) idNumber(c *county, birth app.Date, female bool) people.IDNumber {
	var region string
	x := g.r.Float64()
	switch {
	case x < 0.8:
		region = c.birthCodes[0]
	case x < 0.92:
		region = c.birthCodes[1+g.r.IntN(len(c.birthCodes)-1)]
	default:
		other := g.counties[0]
		if other == c {
			other = g.counties[len(g.counties)-1]
		}
		region = other.birthCodes[g.r.IntN(len(other.birthCodes))]
	}
	for {
		last := 2*g.r.IntN(5) + 1
		if female {
			last--
		}
		first17 := fmt.Sprintf("%s%04d%02d%02d%02d%d", region, birth.Year, int(birth.Month), birth.Day, g.r.IntN(100), last)
		if g.ids[first17] {
			continue
		}
		g.ids[first17] = true
		return people.IDNumber(first17 + string(people.IDCheckChar(first17)))
	}
}

// Professional titles (职称) of primary and secondary teachers.
const (
	titleThird  = "三级教师"
	titleSecond = "二级教师"
	titleFirst  = "一级教师"
	titleSenior = "高级教师"
	titleFull   = "正高级教师"
)

// title draws a professional title from the years of service: none in the
// probation year, 二级 after it, 一级 after five to ten years, 高级 for many
// with long service (more in secondary schools and among heads), 正高级 rare.
func (g *generator) title(si *schoolInfo, post string, status people.StaffStatus, years int) string {
	if status != people.StaffEstablished {
		if years >= 3 && g.chance(0.3) {
			return titleSecond
		}
		return ""
	}
	pSenior := 0.25
	switch si.level() {
	case "junior", "nine_year", "complete":
		pSenior = 0.4
	case "senior", "vocational":
		pSenior = 0.55
	}
	leader := post != people.PostTeacher
	if leader {
		pSenior += 0.2
	}
	switch {
	case years < 1:
		return ""
	case years < 5:
		if g.chance(0.1) {
			return titleThird
		}
		return titleSecond
	case years < 10:
		if g.chance(float64(years-4) / 6) {
			return titleFirst
		}
		return titleSecond
	case years < 18:
		if g.chance(pSenior * float64(years-9) / 16) {
			return titleSenior
		}
		if leader || g.chance(0.9) {
			return titleFirst
		}
		return titleSecond
	}
	if years >= 25 && g.chance(0.002) {
		return titleFull
	}
	if g.chance(pSenior) {
		return titleSenior
	}
	return titleFirst
}

// backbone draws a backbone level (骨干级别) for about one educator in eight:
// established staff with some years of service, mostly 35 and older, more
// often in urban schools and among heads; county levels are the most common
// and at most three are national.
func (g *generator) backbone(si *schoolInfo, post string, status people.StaffStatus, age, years int) string {
	if status != people.StaffEstablished || years < 5 {
		return ""
	}
	var p float64
	switch {
	case age < 30:
		p = 0.02
	case age < 35:
		p = 0.06
	case age < 45:
		p = 0.14
	case age < 55:
		p = 0.16
	default:
		p = 0.1
	}
	p *= [4]float64{1.35, 1.0, 0.7, 0.4}[si.locationKind()]
	if post != people.PostTeacher {
		p *= 1.4
	}
	if !g.chance(p) {
		return ""
	}
	w := []float64{55, 20, 8, 0, 10, 6} // in the order of people.Backbones
	if g.national < 3 && age >= 40 && si.location() == "urban" {
		w[3] = 1
	}
	i := g.pickWeighted(w)
	code := people.Backbones[i].Code
	if code == "national_backbone" {
		g.national++
	}
	return code
}

// ensureNationalBackbone makes sure the city has a national backbone
// teacher: if none was drawn, the first provincial one is promoted.
func (g *generator) ensureNationalBackbone() {
	if g.national > 0 {
		return
	}
	for _, from := range []string{"province_backbone", "city_backbone", "city_leader"} {
		for i := range g.ds.Educators {
			if g.ds.Educators[i].Backbone == from {
				g.ds.Educators[i].Backbone = "national_backbone"
				g.national++
				return
			}
		}
	}
}

// honours draws the 荣誉 of an educator: a few have one or two, backbone
// teachers and heads more often, each like "2019年县级优秀教师".
func (g *generator) honours(post, backbone string, firstYear int) []string {
	p := 0.05
	if backbone != "" {
		p += 0.3
	}
	if post != people.PostTeacher {
		p += 0.1
	}
	lo, hi := max(firstYear+2, g.sy-15), g.sy-1
	if hi < lo || !g.chance(p) {
		return nil
	}
	names := teacherHonours
	if isLeader(post) {
		names = leaderHonours
	}
	n := 1
	if g.chance(0.25) {
		n = 2
	}
	var out []string
	for range n {
		level := "县级"
		switch x := g.r.Float64(); {
		case x < 0.05 || (x < 0.2 && strings.HasPrefix(backbone, "province")):
			level = "省级"
		case x < 0.3:
			level = "市级"
		}
		h := fmt.Sprintf("%d年%s%s", g.between(lo, hi), level, names[g.r.IntN(len(names))])
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return out
}
