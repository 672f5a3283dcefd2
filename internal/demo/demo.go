package demo

import (
	"math/rand/v2"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// DefaultSeed is the seed of the demo city the application loads.
const DefaultSeed int64 = 20260901

// DefaultAsOf is the "today" of the default demo city: the first day of the
// 2026–27 school year. It is a value, never changed.
var DefaultAsOf = app.NewDate(2026, time.September, 1)

// Dataset is a whole demo city as plain data, ready for a loader to insert.
// No database IDs are set; schools are named by code and educators by ID
// number. Slices are in a stable order: schools by code, educators by school
// and then by post (principal first), consortia by county.
type Dataset struct {
	// Seed and AsOf are the arguments the dataset was generated from.
	Seed int64
	AsOf app.Date
	// City holds the name only.
	City org.City
	// Counties hold Code and Name.
	Counties []org.County
	// Consortia are the 办学联合体; their members are the schools whose
	// Consortium field names them.
	Consortia []Consortium
	Schools   []School
	Educators []Educator
}

// Consortium is a 办学联合体 of one county, led by an urban school. Its
// members are the schools whose School.Consortium equals Name; the lead
// school is one of them.
type Consortium struct {
	CountyCode     string
	Name           string
	LeadSchoolCode string
}

// School is an org.School with the code of its county. Set are Code, Name,
// CountyName, Level, Location, Terrain, Weak, Demonstration, VillagePoint,
// Consortium (the consortium's name), Longitude and Latitude; IDs and counts
// are zero. Codes are the county code followed by three digits.
type School struct {
	org.School
	CountyCode string
}

// Educator is a people.Educator with what the loader needs besides: the full
// ID number and the career history.
//
// In the embedded Educator, SchoolCode and SchoolName name the current school
// and IDMasked is set; IDs, Pinyin and Initials are left to the loader.
//
// Career is in date order and its entries do not overlap; the last one is
// the current appointment (End zero, at the current school, Post equal to
// the educator's Post). An exchange or secondment interrupts the appointment
// it falls in: that appointment ends the day before it starts and a new
// appointment row at the same school and post begins the day after it ends,
// since the personnel relation stayed with the home school. So JoinedSchool
// (到校日期) is the start of the first of the trailing rows at the current
// school, not necessarily of the last row, and PostSince (任现职日期) the start
// of the first trailing row in the current post. The rotation tenure clock
// restarts on return from the last completed exchange (SPEC §3.1); the
// history holds what is needed to compute that.
type Educator struct {
	people.Educator
	IDNumber people.IDNumber
	Career   []people.CareerEntry
}

// Generate builds the demo city for seed as it stands on asOf: every date in
// it is on or before asOf, and ages, titles and tenures are relative to it.
// The result depends only on seed and asOf.
func Generate(seed int64, asOf app.Date) *Dataset {
	g := newGenerator(seed, asOf)
	g.buildCity()
	g.buildStaff()
	return g.ds
}

// generator carries the state of one Generate call.
type generator struct {
	r    *rand.Rand
	asOf app.Date
	// sy is the year whose 1 September starts the school year asOf is in;
	// that 1 September is the reference date of the rotation rules.
	sy int
	ds *Dataset

	surnameCum []int
	givenNames [2][2][2][]rune // [female][young][second]
	teacherAge []int           // cumulative weights of teacher ages 22..59

	counties []*county
	schools  []*schoolInfo
	ids      map[string]bool // first 17 digits of the ID numbers issued
	national int             // national backbone teachers so far
	scratch  []float64       // see weights
}

func newGenerator(seed int64, asOf app.Date) *generator {
	g := &generator{
		r:    rand.New(rand.NewPCG(uint64(seed), 0x6a69616f6c6975)),
		asOf: asOf,
		sy:   asOf.Year,
		ds:   &Dataset{Seed: seed, AsOf: asOf},
		ids:  make(map[string]bool, 4096),
	}
	if asOf.Month < time.September {
		g.sy--
	}
	sum := 0
	for _, s := range surnames {
		sum += s.weight
		g.surnameCum = append(g.surnameCum, sum)
	}
	lists := [2][2][2]string{
		{{maleFirstOld, maleSecondOld}, {maleFirstYoung, maleSecondYoung}},
		{{femaleFirstOld, femaleSecondOld}, {femaleFirstYoung, femaleSecondYoung}},
	}
	for f := range 2 {
		for y := range 2 {
			for s := range 2 {
				g.givenNames[f][y][s] = []rune(lists[f][y][s])
			}
		}
	}
	sum = 0
	for a := 22; a <= 59; a++ {
		sum += teacherAgeWeight(a)
		g.teacherAge = append(g.teacherAge, sum)
	}
	return g
}

// teacherAgeWeight is the relative number of teachers aged a: few at the
// ends, most between 31 and 50.
func teacherAgeWeight(a int) int {
	switch {
	case a <= 25:
		return 6
	case a <= 30:
		return 9
	case a <= 35:
		return 10
	case a <= 40:
		return 11
	case a <= 50:
		return 12
	case a <= 55:
		return 9
	}
	return 5
}

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// between returns a uniform integer in [lo, hi]; hi < lo gives lo.
func (g *generator) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

// pickCum returns the index drawn from cumulative integer weights.
func (g *generator) pickCum(cum []int) int {
	x := g.r.IntN(cum[len(cum)-1])
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// pickWeighted returns an index drawn with the given weights, or -1 if they
// are all zero.
func (g *generator) pickWeighted(w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	if total <= 0 {
		return -1
	}
	x := g.r.Float64() * total
	for i, v := range w {
		x -= v
		if x < 0 {
			return i
		}
	}
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] > 0 {
			return i
		}
	}
	return -1
}
