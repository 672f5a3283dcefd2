package roster

import (
	"context"
	"fmt"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

func (s *Service) planEducators(ctx context.Context, p *plan) error {
	wb := p.wb
	lookups := make([]string, 0, len(wb.Educators)+len(wb.Careers))
	byID := make(map[people.IDNumber]*educatorPlan, len(wb.Educators))
	// The keyed hashes, on every core.
	rowLookups := make([]string, len(wb.Educators))
	parallel(len(wb.Educators), func(i int) {
		if id := wb.Educators[i].IDNumber; id != "" {
			rowLookups[i] = s.cipher.Lookup(id)
		}
	})
	for i := range wb.Educators {
		r := &wb.Educators[i]
		if r.IDNumber == "" {
			continue
		}
		ep := &educatorPlan{row: r, id: r.IDNumber, lookup: rowLookups[i]}
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
	if has("homeroom") || before == nil {
		after.Homeroom = r.Homeroom
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
	diff("编制状态", people.StaffStatuses.Label(string(a.StaffStatus), "zh"), people.StaffStatuses.Label(string(b.StaffStatus), "zh"))
	diff("骨干级别", people.Backbones.Label(a.Backbone, "zh"), people.Backbones.Label(b.Backbone, "zh"))
	diff("职称", a.Title, b.Title)
	diff("到校日期", a.JoinedSchool.String(), b.JoinedSchool.String())
	diff("任现职日期", a.PostSince.String(), b.PostSince.String())
	diff("班主任", people.HomeroomText(a.Homeroom), people.HomeroomText(b.Homeroom))
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
