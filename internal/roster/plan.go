package roster

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// plan is what an import will do, worked out against the database.
type plan struct {
	wb     *Workbook
	issues []Issue
	actor  *app.Actor
	today  app.Date

	city        *org.City // the city new counties join; nil until needed
	newCity     bool
	counties    map[string]*org.County // by name
	newCounties []*org.County
	consortia   map[string]*org.Consortium // by county id and name

	schools       map[string]*org.School // every school the file names, by code: existing or new
	newSchools    []*org.School
	changedSchool []*schoolChange
	unchangedSch  int

	educators   []*educatorPlan
	careers     []*careerPlan
	careerEnds  []careerEnd
	careersSame int
	changes     changeList
	// refused are the registered people whose ID numbers the actor may not use.
	refused []refusedID
	// people are the changes to each person already in the registry, in
	// the order first met.
	people      map[people.IDNumber]*personChange
	peopleOrder []people.IDNumber
}

type schoolChange struct {
	before, after *org.School
	fields        []string
}

type educatorPlan struct {
	row     *EducatorRow
	id      people.IDNumber
	lookup  string
	before  *people.Educator // nil when new
	after   *people.Educator
	fields  []string
	changed bool
	// careerGiven says the file's 任职经历 sheet has rows for this person,
	// so the history is taken from it rather than derived.
	careerGiven bool
}

type careerPlan struct {
	educator *educatorPlan // set for people of the file; else educatorID
	entry    *people.CareerEntry
}

type careerEnd struct {
	id   int64
	end  app.Date
	what string
}

func (p *plan) result(r *Result) {
	SortIssues(p.issues)
	r.Issues = p.issues
	if r.Issues == nil {
		r.Issues = []Issue{}
	}
	for _, is := range p.issues {
		if is.Severity == SeverityError {
			r.Errors++
		} else {
			r.Warnings++
		}
	}
	r.Changes = []Change{}
	if r.Errors > 0 {
		return // nothing would be done: no counts to show
	}
	r.Schools = Counts{Created: len(p.newSchools), Updated: len(p.changedSchool), Unchanged: p.unchangedSch}
	for _, e := range p.educators {
		switch {
		case e.before == nil:
			r.Educators.Created++
		case e.changed:
			r.Educators.Updated++
		default:
			r.Educators.Unchanged++
		}
	}
	r.Careers = Counts{Created: len(p.careers), Updated: len(p.careerEnds), Unchanged: p.careersSame}
	r.CountiesCreated = len(p.newCounties)
	r.Changes, r.ChangesTotal = p.changes.shown(), p.changes.total
}

func (p *plan) fail(k sheetKind, row, field int, value, zh, en string) {
	p.issues = append(p.issues, Issue{Sheet: sheetDefs[k].zh, Row: row, Column: p.wb.header(k, field), Value: value,
		Message: zh, English: en, Severity: SeverityError})
}

func (p *plan) warn(k sheetKind, row, field int, value, zh, en string) {
	p.issues = append(p.issues, Issue{Sheet: sheetDefs[k].zh, Row: row, Column: p.wb.header(k, field), Value: value,
		Message: zh, English: en, Severity: SeverityWarning})
}

// plan works out what the workbook does to the registry, checking every row
// against the actor's scope.
func (s *Service) plan(ctx context.Context, wb *Workbook, issues []Issue) (*plan, error) {
	p := &plan{wb: wb, issues: slices.Clone(issues), actor: app.ActorOf(ctx), today: app.DateOf(s.clock.Now()),
		counties: map[string]*org.County{}, consortia: map[string]*org.Consortium{}, schools: map[string]*org.School{}}
	counties, err := s.store.FindCounties(ctx, app.Scope{All: true})
	if err != nil {
		return nil, err
	}
	for _, c := range counties {
		p.counties[c.Name] = c
	}
	consortia, err := s.store.FindConsortia(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, c := range consortia {
		p.consortia[consortiumKey(c.CountyID, c.Name)] = c
	}
	codes := make([]string, 0, len(wb.Schools))
	for i := range wb.Schools {
		codes = append(codes, wb.Schools[i].Code)
	}
	codes = append(codes, wb.Refs().SchoolCodes...)
	existing, err := s.store.FindSchoolsByCodes(ctx, codes)
	if err != nil {
		return nil, err
	}
	if err := s.planSchools(ctx, p, existing); err != nil {
		return nil, err
	}
	// Schools the file uses without defining are references: any school in
	// the registry will do, in scope or not, as a history may name a school
	// of another county; placing someone at a school is checked by
	// planEducator. People of 任职经历 rows the file does not define are
	// looked up, with everyone else, by planEducators, which reports those
	// it cannot use.
	p.issues = append(p.issues, wb.CheckRefs(func(code string) bool {
		sc := existing[code]
		if sc == nil {
			return false
		}
		p.schools[code] = sc
		return true
	}, func(people.IDNumber) bool { return true })...)
	if err := s.planEducators(ctx, p); err != nil {
		return nil, err
	}
	p.listPeople()
	// The rows are worked out: let them go, a large import holds enough.
	for _, ep := range p.educators {
		ep.row = nil
	}
	wb.Schools, wb.Educators, wb.Careers = nil, nil, nil
	return p, nil
}

func consortiumKey(countyID int64, name string) string { return fmt.Sprintf("%d/%s", countyID, name) }

func (s *Service) planSchools(ctx context.Context, p *plan, existing map[string]*org.School) error {
	wb := p.wb
	has := func(col string) bool { return wb.HasColumn(SheetSchools, col) }
	for i := range wb.Schools {
		r := &wb.Schools[i]
		if r.Code == "" {
			continue // an error already
		}
		county, err := s.county(ctx, p, r)
		if err != nil {
			return err
		}
		if county == nil {
			continue
		}
		before := existing[r.Code]
		// A school outside the actor's scope may be listed, as an export
		// lists the schools its histories name, but not changed.
		outside := before != nil && auth.Decide(p.actor, auth.OrgWrite, before.Place(), "") != nil
		var after org.School
		if before != nil {
			after = *before
		} else {
			after = org.School{Code: r.Code}
		}
		cp := app.Place{CityID: county.CityID, CountyID: county.ID}
		if !outside && county.ID != 0 && auth.Decide(p.actor, auth.OrgWrite, cp, "") != nil {
			p.fail(schoolsSheet, r.Row, scCounty, r.County, "该区县不在您的管理范围内", "the county is outside your scope")
			continue
		}
		after.Name, after.CountyID, after.CountyName, after.CityID = r.Name, county.ID, county.Name, county.CityID
		if has("level") {
			after.Level = r.Level
		}
		if has("location_type") {
			after.Location = r.Location
		}
		if has("weak") {
			after.Weak = r.Weak
		}
		if has("demonstration") {
			after.Demonstration = r.Demonstration
		}
		if has("longitude") && has("latitude") {
			after.Longitude, after.Latitude = r.Longitude, r.Latitude
		}
		if has("classes") {
			after.Classes = r.Classes
		}
		if has("pupils") {
			after.Pupils = r.Pupils
		}
		if has("boarders") {
			after.Boarders = r.Boarders
		}
		if has("consortium") {
			after.ConsortiumID, after.Consortium = 0, r.Consortium
			if r.Consortium != "" {
				if k := p.consortia[consortiumKey(county.ID, r.Consortium)]; k != nil && county.ID != 0 {
					after.ConsortiumID = k.ID
				}
			}
		}
		if outside {
			if fields := schoolDiff(before, &after); len(fields) > 0 {
				p.fail(schoolsSheet, r.Row, scCode, r.Code, "学校代码已被您管理范围之外的学校使用，不能修改（"+strings.Join(fields, "；")+"）",
					"the school code belongs to a school outside your scope; it cannot be changed ("+strings.Join(fields, "; ")+")")
				continue
			}
			p.schools[r.Code] = before
			p.unchangedSch++
			continue
		}
		p.schools[r.Code] = &after
		if before == nil {
			p.newSchools = append(p.newSchools, &after)
			p.changes.add(Change{Action: ChangeCreate, Sheet: SheetSchools, Row: r.Row, Key: r.Code, Name: r.Name,
				Fields: []string{"区县: " + county.Name}})
			continue
		}
		if fields := schoolDiff(before, &after); len(fields) > 0 {
			p.changedSchool = append(p.changedSchool, &schoolChange{before: before, after: &after, fields: fields})
			p.changes.add(Change{Action: ChangeUpdate, Sheet: SheetSchools, Row: r.Row, Key: r.Code, Name: r.Name, Fields: fields})
		} else {
			p.unchangedSch++
		}
	}
	return nil
}

// county finds or plans the county of a school row; nil after an issue.
func (s *Service) county(ctx context.Context, p *plan, r *SchoolRow) (*org.County, error) {
	if c := p.counties[r.County]; c != nil {
		return c, nil
	}
	if r.County == "" {
		return nil, nil // an error already
	}
	if p.city == nil {
		cities, err := s.store.FindCities(ctx)
		if err != nil {
			return nil, err
		}
		switch len(cities) {
		case 0:
			p.city, p.newCity = &org.City{Name: "本市"}, true
		case 1:
			p.city = cities[0]
		default:
			p.fail(schoolsSheet, r.Row, scCounty, r.County, "系统中没有这个区县，且有多个市，无法确定归属；请先由管理员建立该区县",
				"no such county, and with several cities its city is unclear; ask an administrator to create it")
			return nil, nil
		}
	}
	// A new county needs the city's (or, with no city yet, the whole system's) write right.
	if auth.Decide(p.actor, auth.OrgWrite, app.Place{CityID: p.city.ID}, "") != nil {
		p.fail(schoolsSheet, r.Row, scCounty, r.County, "系统中没有这个区县；只有市级或系统管理员可以新建区县",
			"no such county; only the city or a system administrator may create one")
		return nil, nil
	}
	c := &org.County{CityID: p.city.ID, Name: r.County}
	p.counties[r.County] = c
	p.newCounties = append(p.newCounties, c)
	return c, nil
}

func schoolDiff(a, b *org.School) []string {
	var out []string
	diff := func(label string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			out = append(out, fmt.Sprintf("%s: %v → %v", label, x, y))
		}
	}
	diff("学校名称", a.Name, b.Name)
	diff("区县", a.CountyName, b.CountyName)
	diff("学段", org.Levels.Label(a.Level, "zh"), org.Levels.Label(b.Level, "zh"))
	diff("城乡类型", org.Locations.Label(a.Location, "zh"), org.Locations.Label(b.Location, "zh"))
	diff("薄弱学校", yesNo(a.Weak), yesNo(b.Weak))
	diff("示范等级", org.Demonstrations.Label(a.Demonstration, "zh"), org.Demonstrations.Label(b.Demonstration, "zh"))
	diff("办学联合体", a.Consortium, b.Consortium)
	diff("经度", floatText(a.Longitude), floatText(b.Longitude))
	diff("纬度", floatText(a.Latitude), floatText(b.Latitude))
	diff("班级数", countText(a.Classes), countText(b.Classes))
	diff("在校生数", countText(a.Pupils), countText(b.Pupils))
	diff("寄宿生数", countText(a.Boarders), countText(b.Boarders))
	return out
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// countText shows a count that may be unknown.
func countText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func floatText(f *float64) string {
	if f == nil {
		return ""
	}
	return fmt.Sprintf("%.6f", *f)
}
