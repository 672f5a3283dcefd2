package roster

import (
	"context"
	"fmt"
	"strings"

	"jiaoliu/internal/audit"
	"jiaoliu/internal/people"
)

// The actions of a Change.
const (
	ChangeCreate = "create"
	ChangeUpdate = "update"
)

// changeList keeps what an import changes, record by record, for the
// preview: the first maxShownChanges, updates before creations, and how
// many there are in all, so that a file of 100,000 new people does not
// make a result of 100,000 lines.
type changeList struct {
	updates, creations []Change
	total              int
}

func (l *changeList) add(c Change) {
	l.total++
	switch {
	case c.Action == ChangeCreate && len(l.creations) < maxShownChanges:
		l.creations = append(l.creations, c)
	case c.Action == ChangeUpdate && len(l.updates) < maxShownChanges:
		l.updates = append(l.updates, c)
	}
}

// shown returns the changes a preview lists.
func (l *changeList) shown() []Change {
	out := make([]Change, 0, min(l.total, maxShownChanges))
	out = append(out, l.updates...)
	return append(out, l.creations[:min(len(l.creations), maxShownChanges-len(out))]...)
}

// personChange is what an import changes of one person already in the
// registry: fields of the 教职工 row and rows of the history. Each such
// person gets an audit entry, which says who changed what of whom and when
// and holds no birth date and no full ID number.
type personChange struct {
	educatorID   int64
	name, masked string
	fields       []string // as in the preview: 学校: 甲 → 乙
	careers      []string // rows of the history added or ended
	// sheet and row locate the person's first row in the file, for the preview.
	sheet string
	row   int
}

// person returns the record of changes of an educator already in the
// registry, made on first use.
func (p *plan) person(id people.IDNumber, e *people.Educator, sheet string, row int) *personChange {
	if c := p.people[id]; c != nil {
		return c
	}
	c := &personChange{educatorID: e.ID, name: e.Name, masked: id.Masked(), sheet: sheet, row: row}
	if p.people == nil {
		p.people = map[people.IDNumber]*personChange{}
	}
	p.people[id] = c
	p.peopleOrder = append(p.peopleOrder, id)
	return c
}

// careerText describes a row of the history for people: 任职 甲区第一小学 校长 2018年3月15日起.
func careerText(k *people.CareerEntry, school string) string {
	when := k.Start.Chinese() + "起"
	if !k.End.IsZero() {
		when = k.Start.Chinese() + "至" + k.End.Chinese()
	}
	return fmt.Sprintf("%s %s %s %s", people.CareerKinds.Label(k.Kind, "zh"), school, people.Posts.Label(k.Post, "zh"), when)
}

// noteCareerAdded records a row added to the history of a person in the registry.
func (p *plan) noteCareerAdded(c *personChange, k *people.CareerEntry) {
	school := k.SchoolCode
	if sc := p.schools[k.SchoolCode]; sc != nil {
		school = sc.Name
	}
	c.careers = append(c.careers, "任职经历新增："+careerText(k, school))
}

// noteCareerEnded records a new end date of a row of the history.
func noteCareerEnded(c *personChange, h *people.CareerEntry, end string) {
	c.careers = append(c.careers, "任职经历 "+careerText(h, h.SchoolName)+" 改为至"+end)
}

// listPeople adds every person in the registry whose history alone
// changes to the preview's list; those whose fields change are listed with
// them. It runs once the plan is complete.
func (p *plan) listPeople() {
	for _, id := range p.peopleOrder {
		c := p.people[id]
		p.changes.add(Change{Action: ChangeUpdate, Sheet: c.sheet, Row: c.row, Key: c.masked, Name: c.name, Fields: append(c.fields, c.careers...)})
	}
}

// auditPeople writes one audit entry per person in the registry the import
// changed, in the import's transaction.
func (s *Service) auditPeople(ctx context.Context, p *plan) error {
	for _, id := range p.peopleOrder {
		c := p.people[id]
		what := append(append([]string{}, c.fields...), c.careers...)
		if len(what) == 0 {
			continue
		}
		if err := s.audit.Record(ctx, audit.Change{Action: "educator.update", Entity: "educator", EntityID: c.educatorID,
			Summary: "导入花名册：修改 " + c.name + "（" + c.masked + "）：" + strings.Join(what, "；"),
			After:   map[string]any{"id_number_masked": c.masked, "fields": c.fields, "careers": c.careers}}); err != nil {
			return err
		}
	}
	return nil
}

// createdEntry is one new person in the audit entry of their batch. Its
// fields are in the order of their names, so that it marshals as the map
// it replaces did, and as entries written before; a struct marshals
// without sorting keys or boxing values, 100,000 times an import.
type createdEntry struct {
	ID             int64  `json:"id"`
	IDNumberMasked string `json:"id_number_masked"`
	Name           string `json:"name"`
	Post           string `json:"post"`
	SchoolCode     string `json:"school_code"`
}

// auditCreated writes the audit entry of a batch of new people, just
// written: who they are (masked) and where they work.
func (s *Service) auditCreated(ctx context.Context, es []*people.Educator) error {
	if len(es) == 0 {
		return nil
	}
	list := make([]createdEntry, len(es))
	names := make([]string, 0, 3)
	for i, e := range es {
		list[i] = createdEntry{ID: e.ID, IDNumberMasked: e.IDMasked, Name: e.Name, Post: e.Post, SchoolCode: e.SchoolCode}
		if i < cap(names) {
			names = append(names, e.Name+"（"+e.IDMasked+"）")
		}
	}
	who := strings.Join(names, "、")
	if len(es) > len(names) {
		who += fmt.Sprintf("等%d人", len(es))
	}
	return s.audit.Record(ctx, audit.Change{Action: "educator.create", Entity: "educator", EntityID: idRange(es),
		Summary: "导入花名册：新建教职工 " + who, After: list})
}
