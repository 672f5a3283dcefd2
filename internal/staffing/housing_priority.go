package staffing

import (
	"cmp"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// LongRuralYears is how long a teacher must have taught at rural schools to
// count as long-serving there (长期在农村任教) for turnover housing: the
// six years of rural service the seed's other rules ask for.
const LongRuralYears = 6

// longRuralDays is LongRuralYears in days, a leap day every four years:
// six years of rural service from 1 September end on 31 August six
// years on, 2,191 days with the leap day they hold.
const longRuralDays = LongRuralYears*365 + LongRuralYears/4

// Stint is one row of a career history with the location of its school.
type Stint struct {
	SchoolID int64
	Location string // org.Locations
	Kind     string // people.CareerKinds
	Start    app.Date
	End      app.Date // zero: current
}

// HousingPerson is an educator as the priority list sees them.
type HousingPerson struct {
	EducatorID int64
	Name       string
	Pinyin     string
	SchoolID   int64
	Location   string // of their own school
	Stints     []Stint
	Housed     bool
}

// HousingCandidate is a teacher entitled to turnover housing (seed [004]: 优先保障
// 交流到农村的教师和长期在农村任教的教师), where they work and why.
type HousingCandidate struct {
	EducatorID int64  `json:"educator_id"`
	Name       string `json:"name"`
	// WorkSchoolID is where they teach now: the host of a current
	// exchange or support teaching, else their own school.
	WorkSchoolID   int64  `json:"work_school_id"`
	WorkSchoolName string `json:"work_school_name"`
	MovedToRural   bool   `json:"moved_to_rural"`
	// RuralDays is the time taught at rural schools until today.
	RuralDays  int     `json:"rural_days"`
	RuralYears float64 `json:"rural_years"`
	Rank       int     `json:"rank"`
}

// current reports whether st covers today.
func (st Stint) current(today app.Date) bool {
	return !st.Start.After(today) && (st.End.IsZero() || !st.End.Before(today))
}

// workplace is where p teaches on today, and whether they moved to a rural
// school: a current exchange or support teaching at a rural school from a
// school that is not rural, or a current post at a rural school after a
// post at one that is not.
func workplace(p HousingPerson, today app.Date) (int64, string, bool) {
	for _, st := range p.Stints {
		if st.current(today) && (st.Kind == people.CareerExchange || st.Kind == people.CareerSupport) {
			return st.SchoolID, st.Location, st.Location == "rural" && p.Location != "rural"
		}
	}
	moved := false
	if p.Location == "rural" {
		var last *Stint
		for i := range p.Stints {
			st := &p.Stints[i]
			if st.Kind != people.CareerAppointment || st.SchoolID == p.SchoolID {
				continue
			}
			if last == nil || st.Start.After(last.Start) {
				last = st
			}
		}
		moved = last != nil && last.Location != "rural"
	}
	return p.SchoolID, p.Location, moved
}

// ruralDays counts the days up to today covered by p's stints at rural
// schools, overlaps once.
func ruralDays(p HousingPerson, today app.Date) int {
	type span struct{ from, to int64 }
	var spans []span
	for _, st := range p.Stints {
		if st.Location != "rural" || st.Start.After(today) {
			continue
		}
		end := st.End
		if end.IsZero() || end.After(today) {
			end = today
		}
		spans = append(spans, span{st.Start.Time().Unix() / 86400, end.Time().Unix()/86400 + 1})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	days, reach := int64(0), int64(-1<<62)
	for _, s := range spans {
		from := max(s.from, reach)
		if s.to > from {
			days += s.to - from
		}
		reach = max(reach, s.to)
	}
	return int(days)
}

// Priority ranks the unhoused people entitled to turnover housing: those
// who moved to a rural school first, then by time taught at rural schools,
// longest first; ties by name. schoolName names the workplaces.
func Priority(ps []HousingPerson, today app.Date, schoolName func(id int64) string) []*HousingCandidate {
	out := []*HousingCandidate{}
	pinyin := map[int64]string{}
	for _, p := range ps {
		if p.Housed {
			continue
		}
		work, _, moved := workplace(p, today)
		days := ruralDays(p, today)
		years := float64(days) / 365.25
		if !moved && days < longRuralDays {
			continue
		}
		pinyin[p.EducatorID] = p.Pinyin
		out = append(out, &HousingCandidate{EducatorID: p.EducatorID, Name: p.Name, WorkSchoolID: work, WorkSchoolName: schoolName(work),
			MovedToRural: moved, RuralDays: days, RuralYears: float64(int(years*10)) / 10})
	}
	slices.SortFunc(out, func(a, b *HousingCandidate) int {
		if a.MovedToRural != b.MovedToRural {
			if a.MovedToRural {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.RuralDays, a.RuralDays), cmp.Compare(pinyin[a.EducatorID], pinyin[b.EducatorID]),
			cmp.Compare(a.EducatorID, b.EducatorID))
	})
	for i, c := range out {
		c.Rank = i + 1
	}
	return out
}
