package roster

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// apply writes the plan; the caller holds the transaction.
func (s *Service) apply(ctx context.Context, p *plan, progress func(done, total int)) error {
	total := len(p.newSchools) + len(p.changedSchool) + len(p.educators) + len(p.careers)
	done := 0
	step := func(n int) {
		done += n
		progress(done, total)
	}
	if err := s.applySchools(ctx, p, step); err != nil {
		return err
	}
	fresh, err := s.applyEducators(ctx, p, step)
	if err != nil {
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

// applySchools writes the plan's new city and counties, and its new and
// changed schools with the consortia they name.
func (s *Service) applySchools(ctx context.Context, p *plan, step func(n int)) error {
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
	return nil
}

// applyEducators writes the plan's new and changed educators and returns
// the new ones.
func (s *Service) applyEducators(ctx context.Context, p *plan, step func(n int)) ([]*people.Educator, error) {
	var fresh []*people.Educator
	var freshPlans []*educatorPlan
	for _, ep := range p.educators {
		if ep.after == nil {
			continue
		}
		ep.after.SchoolID = p.schools[ep.after.SchoolCode].ID
		switch {
		case ep.before == nil:
			fresh = append(fresh, ep.after)
			freshPlans = append(freshPlans, ep)
		case ep.changed:
			if err := s.store.UpdateEducator(ctx, ep.after); err != nil {
				return nil, err
			}
			step(1)
		}
	}
	// New people are sealed a part at a time on every core, just before the
	// part goes in, so that a large import never holds every sealed ID
	// number at once.
	seal := func(lo, hi int, out []people.SealedID) error {
		errs := make([]error, hi-lo)
		parallel(hi-lo, func(i int) {
			// The keyed hash is the plan's: SealID would work it out again.
			ep := freshPlans[lo+i]
			cipher, err := s.cipher.Seal(ep.id)
			out[i], errs[i] = people.SealedID{Cipher: cipher, Lookup: ep.lookup, Masked: ep.id.Masked()}, err
		})
		for _, err := range errs {
			if err != nil {
				return app.Wrap("roster.Import", err)
			}
		}
		step(hi - lo)
		return nil
	}
	if err := s.store.CreateEducatorsSealed(ctx, fresh, seal); err != nil {
		return nil, err
	}
	for start := 0; start < len(fresh); start += insertBatch {
		if err := s.auditCreated(ctx, fresh[start:min(start+insertBatch, len(fresh))]); err != nil {
			return nil, err
		}
	}
	return fresh, nil
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

// parallel calls fn(i) for i from 0 to n-1 on every core, and returns when
// all calls have.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n/256, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
