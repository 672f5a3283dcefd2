package roster

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// Store is what the roster import and export need from the database.
type Store interface {
	audit.Store
	FindCities(ctx context.Context) ([]*org.City, error)
	CreateCity(ctx context.Context, c *org.City) error
	FindCounties(ctx context.Context, within app.Scope) ([]*org.County, error)
	CreateCounty(ctx context.Context, c *org.County) error
	FindConsortia(ctx context.Context, countyID int64) ([]*org.Consortium, error)
	CreateConsortium(ctx context.Context, c *org.Consortium) error
	FindSchools(ctx context.Context, f org.SchoolFilter) ([]*org.School, int, error)
	FindSchoolsByCodes(ctx context.Context, codes []string) (map[string]*org.School, error)
	CreateSchool(ctx context.Context, s *org.School) error
	UpdateSchool(ctx context.Context, s *org.School) error
	FindEducators(ctx context.Context, f people.EducatorFilter) ([]*people.Educator, int, error)
	FindEducatorsByLookups(ctx context.Context, lookups []string) (map[string]*people.Educator, error)
	CreateEducators(ctx context.Context, es []*people.Educator, ids []people.SealedID) error
	UpdateEducator(ctx context.Context, e *people.Educator) error
	FindCareers(ctx context.Context, educatorIDs []int64) (map[int64][]*people.CareerEntry, error)
	CreateCareerEntries(ctx context.Context, ks []*people.CareerEntry) error
	UpdateCareerEnd(ctx context.Context, id int64, end app.Date) error
	EducatorCiphers(ctx context.Context, ids []int64) (map[int64][]byte, error)
}

// Service imports rosters into the registry and exports it, within the
// actor's scope.
type Service struct {
	store  Store
	cipher *people.Cipher
	audit  *audit.Log
	clock  app.Clock
}

// NewService returns the roster service.
func NewService(store Store, cipher *people.Cipher, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, cipher: cipher, audit: log, clock: clock}
}

// Counts are what an import does to one kind of record.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Change describes one record an import creates or updates, for the
// preview. It holds no birth date and no full ID number.
type Change struct {
	Action string   `json:"action"` // ChangeCreate or ChangeUpdate
	Sheet  string   `json:"sheet"`
	Row    int      `json:"row"`
	Key    string   `json:"key"` // school code, or masked ID number
	Name   string   `json:"name"`
	Fields []string `json:"fields"` // e.g. 职称: 一级教师 → 高级教师; for a new record, where it goes
}

// Result is the outcome of an import: the preview's figures, or what was
// committed. A file with errors changes nothing, and its result gives the
// issues only: no counts and no changes.
type Result struct {
	Schools         Counts  `json:"schools"`
	Educators       Counts  `json:"educators"`
	Careers         Counts  `json:"careers"`
	CountiesCreated int     `json:"counties_created"`
	Errors          int     `json:"errors"`
	Warnings        int     `json:"warnings"`
	Issues          []Issue `json:"issues"`
	// Changes lists the first records created or updated, updates first;
	// ChangesTotal counts them all.
	Changes      []Change `json:"changes"`
	ChangesTotal int      `json:"changes_total"`
	Committed    bool     `json:"committed"`
	DryRun       bool     `json:"dry_run"`
}

// insertBatch is how many new educators are sealed and written at a time.
const insertBatch = 1000

// maxShownChanges bounds the records a preview lists one by one.
const maxShownChanges = 500

// maxIssues bounds the issues kept; the rest are counted.
const maxIssues = 2000

// ImportOptions control an import.
type ImportOptions struct {
	// DryRun reads, checks and counts, and changes nothing: the preview.
	DryRun bool
	// Progress reports how far the import has got: done of total, and what it is doing.
	Progress func(done, total int64, stage string)
}

// Import reads an upload and, unless it has errors or DryRun is set, applies
// it to the registry in one transaction: schools by code, educators by ID
// number, career rows. Fields whose columns the file lacks are left alone.
// An import with any error changes nothing; its Result lists every issue.
func (s *Service) Import(ctx context.Context, files []File, opts ImportOptions) (*Result, error) {
	a := app.ActorOf(ctx)
	if auth.Can(a, auth.EducatorWrite) != nil && auth.Can(a, auth.OrgWrite) != nil {
		return nil, app.Errorf(app.Forbidden, "您没有导入花名册的权限", "You may not import rosters")
	}
	progress := func(done, total int64, stage string) {
		if opts.Progress != nil {
			opts.Progress(done, total, stage)
		}
	}
	wb, issues, err := ReadFiles(ctx, files, Options{Today: app.DateOf(s.clock.Now()), MaxIssues: maxIssues,
		Progress: func(p Progress) {
			// Reading is most of the work: the first 70 per cent of the bar.
			if p.Total > 0 {
				progress(p.Done*70/p.Total, 100, "读取 "+p.Sheet)
			}
		}})
	if err != nil {
		return nil, err
	}
	res := &Result{DryRun: opts.DryRun}
	run := func(ctx context.Context) error {
		p, err := s.plan(ctx, wb, issues)
		if err != nil {
			return err
		}
		if err := s.auditRefused(ctx, p); err != nil {
			return err
		}
		p.result(res)
		if HasErrors(p.issues) || opts.DryRun {
			return nil
		}
		if err := s.apply(ctx, p, func(done, total int) { progress(70+int64(done)*30/int64(max(total, 1)), 100, "写入") }); err != nil {
			return err
		}
		res.Committed = true
		return nil
	}
	if opts.DryRun {
		err = run(ctx)
	} else {
		err = s.store.InTx(ctx, run)
	}
	if err != nil {
		return nil, err
	}
	progress(100, 100, "完成")
	return res, nil
}

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
	return out
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func floatText(f *float64) string {
	if f == nil {
		return ""
	}
	return fmt.Sprintf("%.6f", *f)
}

func (s *Service) planEducators(ctx context.Context, p *plan) error {
	wb := p.wb
	lookups := make([]string, 0, len(wb.Educators)+len(wb.Careers))
	byID := make(map[people.IDNumber]*educatorPlan, len(wb.Educators))
	for i := range wb.Educators {
		r := &wb.Educators[i]
		if r.IDNumber == "" {
			continue
		}
		ep := &educatorPlan{row: r, id: r.IDNumber, lookup: s.cipher.Lookup(r.IDNumber)}
		byID[r.IDNumber] = ep
		p.educators = append(p.educators, ep)
		lookups = append(lookups, ep.lookup)
	}
	careerOnly := map[people.IDNumber]string{}
	for i := range wb.Careers {
		id := wb.Careers[i].IDNumber
		if id == "" {
			continue
		}
		if ep := byID[id]; ep != nil {
			ep.careerGiven = true
		} else if _, ok := careerOnly[id]; !ok {
			careerOnly[id] = s.cipher.Lookup(id)
			lookups = append(lookups, careerOnly[id])
		}
	}
	existing, err := s.store.FindEducatorsByLookups(ctx, lookups)
	if err != nil {
		return err
	}
	var known []int64
	for _, e := range existing {
		known = append(known, e.ID)
	}
	careers, err := s.store.FindCareers(ctx, known)
	if err != nil {
		return err
	}
	for _, ep := range p.educators {
		s.planEducator(p, ep, existing[ep.lookup])
	}
	// Career rows: matched against the history, by person, school, post, kind and start.
	for i := range wb.Careers {
		r := &wb.Careers[i]
		if r.IDNumber == "" || r.SchoolCode == "" {
			continue
		}
		ep := byID[r.IDNumber]
		var educatorID int64
		var place app.Place
		var known *people.Educator // the person as in the registry; nil when new
		switch {
		case ep != nil && ep.after != nil:
			place = ep.after.Place()
			if ep.before != nil {
				educatorID, known = ep.before.ID, ep.before
			}
		case ep == nil && existing[careerOnly[r.IDNumber]] != nil:
			known = existing[careerOnly[r.IDNumber]]
			educatorID, place = known.ID, known.Place()
		default:
			if ep == nil {
				p.refuseID(careersSheet, r.Row, r.IDNumber, nil)
			}
			continue
		}
		if auth.Decide(p.actor, auth.EducatorWrite, place, "") != nil {
			p.refuseID(careersSheet, r.Row, r.IDNumber, known)
			continue
		}
		sc := p.schools[r.SchoolCode]
		if sc == nil {
			continue // reported by CheckRefs
		}
		entry := &people.CareerEntry{EducatorID: educatorID, SchoolID: sc.ID, SchoolCode: sc.Code, Post: r.Post, Kind: r.Kind, Start: r.Start, End: r.End}
		if match := matchCareer(careers[educatorID], entry); educatorID != 0 && match != nil {
			if match.End == entry.End {
				p.careersSame++
			} else {
				p.careerEnds = append(p.careerEnds, careerEnd{id: match.ID, end: entry.End, what: r.IDNumber.Masked()})
				noteCareerEnded(p.person(r.IDNumber, known, SheetCareers, r.Row), match, endText(entry.End))
			}
			continue
		}
		p.careers = append(p.careers, &careerPlan{educator: ep, entry: entry})
		if known != nil {
			p.noteCareerAdded(p.person(r.IDNumber, known, SheetCareers, r.Row), entry)
		}
	}
	// People without rows in 任职经历 get their history derived from the change.
	for _, ep := range p.educators {
		if ep.after == nil || ep.careerGiven {
			continue
		}
		s.deriveCareer(p, ep, careers[idOf(ep.before)])
	}
	return nil
}

// endText is an end date as the history shows it: 至2018年3月14日, or 至今.
func endText(end app.Date) string {
	if end.IsZero() {
		return "今"
	}
	return end.Chinese()
}

func idOf(e *people.Educator) int64 {
	if e == nil {
		return 0
	}
	return e.ID
}

func matchCareer(history []*people.CareerEntry, k *people.CareerEntry) *people.CareerEntry {
	for _, h := range history {
		if h.SchoolID == k.SchoolID && h.Post == k.Post && h.Kind == k.Kind && h.Start == k.Start {
			return h
		}
	}
	return nil
}

// planEducator works out one educator row against the registry.
func (s *Service) planEducator(p *plan, ep *educatorPlan, before *people.Educator) {
	r := ep.row
	wb := p.wb
	has := func(col string) bool { return wb.HasColumn(SheetEducators, col) }
	sc := p.schools[r.SchoolCode]
	if sc == nil {
		return // reported by CheckRefs or the 学校 sheet
	}
	var after people.Educator
	if before != nil {
		if auth.Decide(p.actor, auth.EducatorWrite, before.Place(), "") != nil {
			p.refuseID(educatorsSheet, r.Row, r.IDNumber, before)
			return
		}
		after = *before
	}
	target := app.Place{CityID: sc.CityID, CountyID: sc.CountyID, SchoolID: sc.ID}
	if auth.Decide(p.actor, auth.EducatorWrite, target, "") != nil {
		p.fail(educatorsSheet, r.Row, edSchool, r.SchoolCode, "该学校不在您的管理范围内", "the school is outside your scope")
		return
	}
	after.Name, after.Gender, after.BirthDate = r.Name, r.Gender, r.BirthDate
	after.SchoolID, after.SchoolCode, after.SchoolName, after.CountyID, after.CityID = sc.ID, sc.Code, sc.Name, sc.CountyID, sc.CityID
	after.Post, after.StaffStatus, after.JoinedSchool = r.Post, r.StaffStatus, r.JoinedSchool
	if has("subject") || before == nil {
		after.Subjects = r.Subjects
		if after.Subjects == nil {
			after.Subjects = []string{}
		}
	}
	if has("backbone") || before == nil {
		after.Backbone = r.Backbone
	}
	if has("title") || before == nil {
		after.Title = r.Title
	}
	if has("post_since") || before == nil {
		after.PostSince = r.PostSince
	}
	if after.Honours == nil {
		after.Honours = []string{}
	}
	ep.before, ep.after = before, &after
	if before == nil {
		p.changes.add(Change{Action: ChangeCreate, Sheet: SheetEducators, Row: r.Row, Key: r.IDNumber.Masked(), Name: r.Name,
			Fields: []string{"学校: " + sc.Name, "岗位: " + people.Posts.Label(after.Post, "zh")}})
		return
	}
	ep.fields = educatorDiff(before, &after)
	ep.changed = len(ep.fields) > 0
	if ep.changed {
		p.person(ep.id, before, SheetEducators, r.Row).fields = ep.fields
	}
	if before.Title != after.Title && has("title") {
		p.warn(educatorsSheet, r.Row, edTitle, after.Title, fmt.Sprintf("职称由“%s”改为“%s”，请确认已按规定评聘", before.Title, after.Title),
			fmt.Sprintf("the title changes from %q to %q; check that it was conferred", before.Title, after.Title))
	}
}

func educatorDiff(a, b *people.Educator) []string {
	var out []string
	diff := func(label, x, y string) {
		if x != y {
			out = append(out, fmt.Sprintf("%s: %s → %s", label, x, y))
		}
	}
	diff("姓名", a.Name, b.Name)
	diff("性别", people.Genders.Label(a.Gender, "zh"), people.Genders.Label(b.Gender, "zh"))
	if a.BirthDate != b.BirthDate {
		// Never the dates: with the masked ID number they give the number away.
		out = append(out, "出生日期: 已更改（日期不显示）")
	}
	diff("学校", a.SchoolName, b.SchoolName)
	diff("岗位", people.Posts.Label(a.Post, "zh"), people.Posts.Label(b.Post, "zh"))
	diff("任教学科", strings.Join(a.Subjects, "、"), strings.Join(b.Subjects, "、"))
	diff("编制状态", people.StaffStatuses.Label(a.StaffStatus, "zh"), people.StaffStatuses.Label(b.StaffStatus, "zh"))
	diff("骨干级别", people.Backbones.Label(a.Backbone, "zh"), people.Backbones.Label(b.Backbone, "zh"))
	diff("职称", a.Title, b.Title)
	diff("到校日期", a.JoinedSchool.String(), b.JoinedSchool.String())
	diff("任现职日期", a.PostSince.String(), b.PostSince.String())
	return out
}

// deriveCareer records, for a person the file gives no history for, what
// the change means for the history: a new person starts an appointment at
// their school; a move to another school, or to another post, closes the
// open appointment and opens a new one. The present post starts on
// 任现职日期 when that is later than the start at the school: the time
// before it was spent in an earlier post (DerivedCareer), so that tenure
// in the present post counts from the right day (SPEC §3.1).
func (s *Service) deriveCareer(p *plan, ep *educatorPlan, history []*people.CareerEntry) {
	a := ep.after
	start := a.JoinedSchool
	add := func(start app.Date) {
		for _, k := range DerivedCareer(a, start) {
			k.EducatorID = idOf(ep.before)
			p.careers = append(p.careers, &careerPlan{educator: ep, entry: k})
			if ep.before != nil {
				p.noteCareerAdded(p.person(ep.id, ep.before, SheetEducators, 0), k)
			}
		}
	}
	if ep.before == nil {
		add(start)
		return
	}
	b := ep.before
	movedSchool := b.SchoolID != a.SchoolID
	changedPost := b.Post != a.Post
	if !movedSchool && !changedPost {
		return
	}
	if !movedSchool {
		start = a.PostSince
		if start.IsZero() || !start.After(b.PostSince) {
			start = p.today
		}
	}
	if movedSchool && !start.After(b.JoinedSchool) {
		start = p.today
	}
	for _, h := range history {
		if h.Kind == people.CareerAppointment && h.End.IsZero() {
			end := start.AddDays(-1)
			if end.Before(h.Start) {
				end = h.Start
			}
			p.careerEnds = append(p.careerEnds, careerEnd{id: h.ID, end: end, what: ep.id.Masked()})
			noteCareerEnded(p.person(ep.id, ep.before, SheetEducators, 0), h, endText(end))
		}
	}
	add(start)
}

// DerivedCareer is the history a roster row gives of a person's time at
// their school from start on, when no 任职经历 sheet does: the present
// post from start, or, when 任现职日期 is later, an earlier post until the
// day before it and the present post from it. The earlier post is not in
// the roster: it is written 教师, the way into every other post, and only a
// 任职经历 sheet can say that a principal was vice principal there first.
// A teacher's time is not split, as the teacher rule counts every post at
// the school alike. The rows are marked Derived.
func DerivedCareer(e *people.Educator, start app.Date) []*people.CareerEntry {
	row := func(post string, start, end app.Date) *people.CareerEntry {
		return &people.CareerEntry{SchoolID: e.SchoolID, SchoolCode: e.SchoolCode, Post: post, Kind: people.CareerAppointment,
			Start: start, End: end, Derived: true}
	}
	if e.Post == people.PostTeacher || !e.PostSince.After(start) {
		return []*people.CareerEntry{row(e.Post, start, app.Date{})}
	}
	return []*people.CareerEntry{row(people.PostTeacher, start, e.PostSince.AddDays(-1)), row(e.Post, e.PostSince, app.Date{})}
}

// apply writes the plan; the caller holds the transaction.
func (s *Service) apply(ctx context.Context, p *plan, progress func(done, total int)) error {
	total := len(p.newSchools) + len(p.changedSchool) + len(p.educators) + len(p.careers)
	done := 0
	step := func(n int) {
		done += n
		progress(done, total)
	}
	if p.newCity {
		if err := s.store.CreateCity(ctx, p.city); err != nil {
			return err
		}
	}
	for _, c := range p.newCounties {
		c.CityID, c.Code = p.city.ID, c.Name
		if err := s.store.CreateCounty(ctx, c); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Change{Action: "county.create", Entity: "county", EntityID: c.ID,
			Summary: "导入花名册时新建区县 " + c.Name, After: c}); err != nil {
			return err
		}
	}
	consortium := func(sc *org.School) error {
		if sc.Consortium == "" || sc.ConsortiumID != 0 {
			return nil
		}
		sc.CountyID = p.counties[sc.CountyName].ID
		key := consortiumKey(sc.CountyID, sc.Consortium)
		k := p.consortia[key]
		if k == nil {
			k = &org.Consortium{CountyID: sc.CountyID, Name: sc.Consortium}
			if err := s.store.CreateConsortium(ctx, k); err != nil {
				return err
			}
			p.consortia[key] = k
		}
		sc.ConsortiumID = k.ID
		return nil
	}
	for _, sc := range p.newSchools {
		sc.CountyID = p.counties[sc.CountyName].ID
		if err := consortium(sc); err != nil {
			return err
		}
		if err := s.store.CreateSchool(ctx, sc); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Change{Action: "school.create", Entity: "school", EntityID: sc.ID,
			Summary: "导入花名册：新建学校 " + sc.Code + " " + sc.Name, After: sc}); err != nil {
			return err
		}
	}
	step(len(p.newSchools))
	for _, c := range p.changedSchool {
		c.after.CountyID = p.counties[c.after.CountyName].ID
		if err := consortium(c.after); err != nil {
			return err
		}
		if err := s.store.UpdateSchool(ctx, c.after); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Change{Action: "school.update", Entity: "school", EntityID: c.after.ID,
			Summary: "导入花名册：修改学校 " + c.after.Code + "：" + strings.Join(c.fields, "；"),
			Before:  c.before, After: c.after}); err != nil {
			return err
		}
	}
	step(len(p.changedSchool))

	// New people go in batches, sealed just before, so that a large
	// import never holds every sealed ID number at once.
	var fresh []*people.Educator
	batch := make([]*people.Educator, 0, insertBatch)
	sealed := make([]people.SealedID, 0, insertBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.store.CreateEducators(ctx, batch, sealed); err != nil {
			return err
		}
		if err := s.auditCreated(ctx, batch); err != nil {
			return err
		}
		step(len(batch))
		batch, sealed = batch[:0], sealed[:0]
		return nil
	}
	for _, ep := range p.educators {
		if ep.after == nil {
			continue
		}
		ep.after.SchoolID = p.schools[ep.after.SchoolCode].ID
		switch {
		case ep.before == nil:
			id, err := s.cipher.SealID(ep.id)
			if err != nil {
				return app.Wrap("roster.Import", err)
			}
			fresh = append(fresh, ep.after)
			batch = append(batch, ep.after)
			sealed = append(sealed, id)
			if len(batch) == insertBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		case ep.changed:
			if err := s.store.UpdateEducator(ctx, ep.after); err != nil {
				return err
			}
			step(1)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	entries := make([]*people.CareerEntry, 0, len(p.careers))
	for _, c := range p.careers {
		if c.educator != nil && c.educator.after != nil {
			c.entry.EducatorID = c.educator.after.ID
		}
		c.entry.SchoolID = p.schools[c.entry.SchoolCode].ID
		entries = append(entries, c.entry)
	}
	if err := s.store.CreateCareerEntries(ctx, entries); err != nil {
		return err
	}
	for _, e := range p.careerEnds {
		if err := s.store.UpdateCareerEnd(ctx, e.id, e.end); err != nil {
			return err
		}
	}
	step(len(p.careers))
	if err := s.auditPeople(ctx, p); err != nil {
		return err
	}
	var res Result
	p.result(&res)
	return s.audit.Record(ctx, audit.Change{Action: "roster.import", Entity: "roster", Summary: fmt.Sprintf(
		"导入花名册：学校新建%d、修改%d、未变%d；教职工新建%d、修改%d、未变%d；任职经历新增%d、修改%d；新建区县%d",
		res.Schools.Created, res.Schools.Updated, res.Schools.Unchanged, res.Educators.Created, res.Educators.Updated,
		res.Educators.Unchanged, res.Careers.Created, res.Careers.Updated, res.CountiesCreated), After: map[string]any{
		"schools": res.Schools, "educators": res.Educators, "careers": res.Careers, "created_educator_ids": idRange(fresh)}})
}

// idRange describes the ids given to new educators: consecutive in practice.
func idRange(es []*people.Educator) string {
	if len(es) == 0 {
		return ""
	}
	lo, hi := es[0].ID, es[0].ID
	for _, e := range es {
		lo, hi = min(lo, e.ID), max(hi, e.ID)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// ExportEducators writes the educators matching f inside the actor's scope,
// with their schools and career histories, in the standard layout. ID
// numbers are written in full only when the actor may reveal every one of
// them; such an export is audited. It returns how many educators it wrote.
func (s *Service) ExportEducators(ctx context.Context, f people.EducatorFilter, w io.Writer) (int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.EducatorRead); err != nil {
		return 0, err
	}
	f.Within = auth.ScopeOf(a, auth.EducatorRead)
	f.Offset, f.Limit = 0, 0
	if f.AgeOn.IsZero() {
		f.AgeOn = app.DateOf(s.clock.Now())
	}
	es, _, err := s.store.FindEducators(ctx, f)
	if err != nil {
		return 0, err
	}
	full := len(es) > 0
	ids := make([]int64, len(es))
	codes := map[string]bool{}
	for i, e := range es {
		ids[i] = e.ID
		codes[e.SchoolCode] = true
		if auth.Decide(a, auth.IDReveal, e.Place(), "") != nil {
			full = false
		}
	}
	var ciphers map[int64][]byte
	if full {
		if ciphers, err = s.store.EducatorCiphers(ctx, ids); err != nil {
			return 0, err
		}
	}
	careers, err := s.store.FindCareers(ctx, ids)
	if err != nil {
		return 0, err
	}
	wb := &Workbook{}
	idOf := map[int64]people.IDNumber{}
	for _, e := range es {
		id := people.IDNumber(e.IDMasked)
		if full {
			if id, err = s.cipher.Open(ciphers[e.ID]); err != nil {
				return 0, app.Wrap("roster.ExportEducators", err)
			}
		}
		idOf[e.ID] = id
		wb.Educators = append(wb.Educators, EducatorRow{IDNumber: id, Name: e.Name, Gender: e.Gender, BirthDate: e.BirthDate,
			SchoolCode: e.SchoolCode, Post: e.Post, Subjects: e.Subjects, StaffStatus: e.StaffStatus, Backbone: e.Backbone,
			Title: e.Title, JoinedSchool: e.JoinedSchool, PostSince: e.PostSince})
		for _, k := range careers[e.ID] {
			codes[k.SchoolCode] = true
			wb.Careers = append(wb.Careers, CareerRow{IDNumber: id, SchoolCode: k.SchoolCode, Post: k.Post, Start: k.Start, End: k.End, Kind: k.Kind})
		}
	}
	schools, err := s.store.FindSchoolsByCodes(ctx, sortedKeys(codes))
	if err != nil {
		return 0, err
	}
	for _, code := range sortedKeys(codes) {
		if sc := schools[code]; sc != nil {
			wb.Schools = append(wb.Schools, schoolRow(sc))
		}
	}
	if err := Write(w, wb, WriteOptions{FullIDNumbers: full}); err != nil {
		return 0, err
	}
	what := "（身份证号已遮盖）"
	if full {
		what = "（含完整身份证号）"
	}
	err = s.audit.Record(ctx, audit.Change{Action: "roster.export", Entity: "roster", Summary: fmt.Sprintf("导出教职工花名册 %d 人%s", len(es), what),
		After: map[string]any{"count": len(es), "full_id_numbers": full, "filter": exportFilter(f)}})
	return len(es), err
}

// ExportSchools writes the schools matching f inside the actor's scope.
func (s *Service) ExportSchools(ctx context.Context, f org.SchoolFilter, w io.Writer) (int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return 0, err
	}
	f.Within = auth.ScopeOf(a, auth.OrgRead)
	f.Offset, f.Limit = 0, 0
	schools, _, err := s.store.FindSchools(ctx, f)
	if err != nil {
		return 0, err
	}
	wb := &Workbook{}
	for _, sc := range schools {
		wb.Schools = append(wb.Schools, schoolRow(sc))
	}
	if err := Write(w, wb, WriteOptions{}); err != nil {
		return 0, err
	}
	return len(schools), s.audit.Record(ctx, audit.Change{Action: "roster.export", Entity: "roster",
		Summary: fmt.Sprintf("导出学校名单 %d 所", len(schools))})
}

func schoolRow(sc *org.School) SchoolRow {
	return SchoolRow{Code: sc.Code, Name: sc.Name, County: sc.CountyName, Level: sc.Level, Location: sc.Location, Weak: sc.Weak,
		Demonstration: sc.Demonstration, Consortium: sc.Consortium, Longitude: sc.Longitude, Latitude: sc.Latitude}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// exportFilter describes a filter for the audit row, without personal data.
func exportFilter(f people.EducatorFilter) map[string]any {
	return map[string]any{"q": f.Q != "", "school_id": f.SchoolID, "school_code": f.SchoolCode, "county_id": f.CountyID, "post": f.Post,
		"subject": f.Subject, "backbone": f.Backbone, "gender": f.Gender, "min_age": f.MinAge, "max_age": f.MaxAge}
}
