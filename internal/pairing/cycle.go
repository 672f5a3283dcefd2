package pairing

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/programme"
)

// CycleInput opens a cycle.
type CycleInput struct {
	CountyID   int64      `json:"county_id"`
	Name       string     `json:"name"`
	SchoolKind string     `json:"school_kind"`
	Start      app.Date   `json:"start"`
	Capacities Capacities `json:"capacities"`
	IdleWeeks  int        `json:"idle_weeks"`
	// PreviousID is the cycle this one re-pairs after.
	PreviousID int64 `json:"previous_id"`
}

func (in *CycleInput) validate() error {
	bad := func(field, zh, en string) error {
		return &app.Error{Code: app.Invalid, Message: zh, English: en, Fields: map[string]string{field: "invalid"}}
	}
	if !SchoolKinds.Has(in.SchoolKind) {
		return bad("school_kind", "请选择结对的学校类别（幼儿园、小学或中学）", "Choose the kind of school (kindergartens, primary or middle)")
	}
	for _, c := range []int{in.Capacities.Province, in.Capacities.City, in.Capacities.County, in.Capacities.Quality} {
		if c < 0 || c > 5 {
			return bad("capacities", "每所帮扶学校结对的学校数应在0至5之间", "A helper takes between 0 and 5 schools")
		}
	}
	if in.IdleWeeks == 0 {
		in.IdleWeeks = 8
	}
	if in.IdleWeeks < 1 || in.IdleWeeks > 52 {
		return bad("idle_weeks", "无活动提醒周数应在1至52之间", "The idle weeks must be between 1 and 52")
	}
	return nil
}

// Cycles lists the cycles the actor reads: whole, or those with a
// published pair of the actor's school.
func (s *Service) Cycles(ctx context.Context, countyID int64) ([]*Cycle, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.PairingRead); err != nil {
		return nil, err
	}
	cities, all := citiesOf(a)
	list, err := s.store.FindPairingCycles(ctx, CycleFilter{CountyID: countyID, CityIDs: cities, All: all})
	if err != nil {
		return nil, err
	}
	var out []*Cycle
	for _, c := range list {
		s.setStatus(c)
		if readsWhole(a, c) {
			c.Whole = true
			out = append(out, c)
			continue
		}
		if !c.Published() {
			continue
		}
		pairs, err := s.store.FindPairs(ctx, PairFilter{CycleID: c.ID})
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(pairs, func(p *Pair) bool { return canPair(a, auth.PairingRead, p) }) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (s *Service) setStatus(c *Cycle) { c.Status = programme.StatusOn(c.Start, c.End, s.Today()) }

// Cycle returns a cycle the actor reads, with the pairs they see: all of
// them for the county and city, a school's own once published.
func (s *Service) Cycle(ctx context.Context, id int64) (*Cycle, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, errUnauthenticated
	}
	c, err := s.store.FindPairingCycleByID(ctx, id)
	if err != nil {
		return nil, err
	}
	s.setStatus(c)
	pairs, err := s.store.FindPairs(ctx, PairFilter{CycleID: c.ID})
	if err != nil {
		return nil, err
	}
	c.Whole = readsWhole(a, c)
	for _, p := range pairs {
		if c.Whole || c.Published() && canPair(a, auth.PairingRead, p) {
			c.Pairs = append(c.Pairs, p)
		}
	}
	if !c.Whole && len(c.Pairs) == 0 {
		return nil, app.ErrNotFound("结对周期")
	}
	return c, nil
}

// managed returns a cycle the actor runs, its programme locked until the
// transaction ends.
func (s *Service) managed(ctx context.Context, id int64) (*Cycle, error) {
	c, err := s.Cycle(ctx, id)
	if err != nil {
		return nil, err
	}
	if !manages(app.ActorOf(ctx), c) {
		return nil, app.Errorf(app.Forbidden, "您没有管理此结对周期的权限", "You may not run this pairing cycle")
	}
	if err := s.store.LockProgramme(ctx, id); err != nil {
		return nil, err
	}
	return c, nil
}

// OpenCycle opens a cycle of two school years from in.Start for a county.
func (s *Service) OpenCycle(ctx context.Context, in CycleInput) (*Cycle, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.PairingManage); err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	if in.Start.IsZero() {
		return nil, &app.Error{Code: app.Invalid, Message: "请填写周期开始日期", English: "Enter the cycle's start date", Fields: map[string]string{"start": "required"}}
	}
	end := app.NewDate(in.Start.Year+Periods, in.Start.Month, in.Start.Day).AddDays(-1)
	var out *Cycle
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		if in.PreviousID != 0 {
			prev, err := s.Cycle(ctx, in.PreviousID)
			if err != nil {
				return err
			}
			if prev.CountyID != in.CountyID || prev.SchoolKind != in.SchoolKind {
				return app.Errorf(app.Invalid, "重新结对须在同一区县、同一学校类别的周期之后", "A re-pairing follows a cycle of the same county and kind of school")
			}
		}
		if in.CountyID == 0 || auth.Decide(a, auth.PairingManage, s.countyPlace(ctx, in.CountyID), "") != nil {
			return &app.Error{Code: app.Invalid, Message: "所选区县不存在或不在您的权限范围内", English: "The county does not exist or is outside your scope",
				Fields: map[string]string{"county_id": "invalid"}}
		}
		p, err := s.programmes.Create(ctx, programme.Input{CountyID: in.CountyID, Details: programme.Details{Name: in.Name,
			Kind: programme.KindPairing, Organiser: "区县教育局", Start: in.Start, End: end,
			Description: SchoolKinds.Label(in.SchoolKind, "zh") + "结对帮扶"}})
		if err != nil {
			return err
		}
		out = &Cycle{Programme: p, SchoolKind: in.SchoolKind, Capacities: in.Capacities, IdleWeeks: in.IdleWeeks, PreviousID: in.PreviousID, Whole: true}
		if err := s.store.CreatePairingCycle(ctx, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "pairing.cycle_open", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("开启结对周期“%s”（%s，%s至%s）", p.Name, SchoolKinds.Label(in.SchoolKind, "zh"), p.Start.Chinese(), p.End.Chinese()), After: out})
	})
	return out, err
}

// countyPlace is a county's place in the tree, or the zero place.
func (s *Service) countyPlace(ctx context.Context, countyID int64) app.Place {
	c, err := s.store.FindCountyByID(ctx, countyID)
	if err != nil {
		return app.Place{}
	}
	return app.Place{CityID: c.CityID, CountyID: c.ID}
}

// Candidates are the schools a cycle may pair: helpers (demonstration or
// urban, not weak) and helped (rural or weak) of its kind in its county.
type Candidates struct {
	Helpers []*org.School `json:"helpers"`
	Helped  []*org.School `json:"helped"`
}

func (s *Service) candidates(ctx context.Context, c *Cycle) (*Candidates, error) {
	list, _, err := s.store.FindSchools(ctx, org.SchoolFilter{CountyID: c.CountyID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	out := &Candidates{}
	for _, sc := range list {
		if !slices.Contains(kindLevels[c.SchoolKind], sc.Level) {
			continue
		}
		switch {
		case sc.Demonstration != "" || sc.Location == "urban" && !sc.Weak:
			out.Helpers = append(out.Helpers, sc)
		case sc.Location == "rural" || sc.Weak:
			out.Helped = append(out.Helped, sc)
		}
	}
	return out, nil
}

// Candidates returns the schools a cycle the actor runs may pair.
func (s *Service) Candidates(ctx context.Context, id int64) (*Candidates, error) {
	c, err := s.Cycle(ctx, id)
	if err != nil {
		return nil, err
	}
	if !manages(app.ActorOf(ctx), c) {
		return nil, app.Errorf(app.Forbidden, "您没有管理此结对周期的权限", "You may not run this pairing cycle")
	}
	return s.candidates(ctx, c)
}

// Propose runs the pairing helper over a cycle's candidates: last cycle's
// pairs are not repeated unless listed in keep (as helper–helped pairs).
func (s *Service) Propose(ctx context.Context, id int64, keep []SchoolPair) (*Proposal, error) {
	c, err := s.Cycle(ctx, id)
	if err != nil {
		return nil, err
	}
	if !manages(app.ActorOf(ctx), c) {
		return nil, app.Errorf(app.Forbidden, "您没有管理此结对周期的权限", "You may not run this pairing cycle")
	}
	cand, err := s.candidates(ctx, c)
	if err != nil {
		return nil, err
	}
	pr := &Problem{Keep: keep}
	for _, h := range cand.Helpers {
		pr.Helpers = append(pr.Helpers, HelperSchool{ID: h.ID, Level: h.Level, Capacity: c.Capacities.Of(h.Demonstration), Lon: h.Longitude, Lat: h.Latitude})
	}
	for _, w := range cand.Helped {
		pr.Helped = append(pr.Helped, HelpedSchool{ID: w.ID, Level: w.Level, Lon: w.Longitude, Lat: w.Latitude})
	}
	if c.PreviousID != 0 {
		prev, err := s.store.FindPairs(ctx, PairFilter{CycleID: c.PreviousID})
		if err != nil {
			return nil, err
		}
		for _, p := range prev {
			if p.HelperSchoolID != 0 {
				pr.Previous = append(pr.Previous, SchoolPair{p.HelperSchoolID, p.HelpedSchoolID})
			}
		}
	}
	return pr.Solve()
}

// ApplyProposal replaces the pairs of an unpublished cycle with the
// helper's proposal.
func (s *Service) ApplyProposal(ctx context.Context, id int64, keep []SchoolPair) (int, error) {
	n := 0
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.managed(ctx, id)
		if err != nil {
			return err
		}
		if c.Published() {
			return app.Errorf(app.Conflict, "结对名单已公布，不能整体替换", "The pairs are published; they cannot be replaced")
		}
		prop, err := s.Propose(ctx, id, keep)
		if err != nil {
			return err
		}
		for _, p := range c.Pairs {
			if err := s.store.DeletePair(ctx, p.ID); err != nil {
				return err
			}
		}
		kept := map[SchoolPair]bool{}
		for _, k := range keep {
			kept[k] = true
		}
		by, now := app.ActorOf(ctx).Label(), s.clock.Now()
		for _, sp := range prop.Pairs {
			p := &Pair{CycleID: c.ID, HelperSchoolID: sp.Helper, HelpedSchoolID: sp.Helped, Kept: kept[sp], CreatedBy: by, CreatedAt: now}
			if err := s.store.CreatePair(ctx, p); err != nil {
				return err
			}
		}
		n = len(prop.Pairs)
		return s.audit.Record(ctx, audit.Change{Action: "pairing.propose", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("结对周期“%s”采用配对建议：%d对，%d所学校未配对", c.Name, n, len(prop.Unpaired)), After: prop})
	})
	return n, err
}

// PairInput adds one pair: a helping school or an external partner, and
// the helped school.
type PairInput struct {
	HelperSchoolID int64 `json:"helper_school_id"`
	PartnerID      int64 `json:"partner_id"`
	HelpedSchoolID int64 `json:"helped_school_id"`
	Kept           bool  `json:"kept"`
}

// AddPair adds a pair to a cycle: no school is helped twice in a cycle,
// nor helps and is helped, and a helper stays within its capacity.
func (s *Service) AddPair(ctx context.Context, cycleID int64, in PairInput) (*Pair, error) {
	var out *Pair
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.managed(ctx, cycleID)
		if err != nil {
			return err
		}
		helped, err := s.countySchool(ctx, c, in.HelpedSchoolID, "helped_school_id")
		if err != nil {
			return err
		}
		p := &Pair{CycleID: c.ID, HelpedSchoolID: helped.ID, Kept: in.Kept, CreatedBy: app.ActorOf(ctx).Label(), CreatedAt: s.clock.Now()}
		label := ""
		switch {
		case in.HelperSchoolID != 0 && in.PartnerID == 0:
			helper, err := s.countySchool(ctx, c, in.HelperSchoolID, "helper_school_id")
			if err != nil {
				return err
			}
			if err := checkPair(c, helper, helped); err != nil {
				return err
			}
			p.HelperSchoolID, label = helper.ID, helper.Name
		case in.PartnerID != 0 && in.HelperSchoolID == 0:
			partners, err := s.store.FindPartners(ctx, c.CountyID)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(partners, func(x *Partner) bool { return x.ID == in.PartnerID })
			if i < 0 {
				return &app.Error{Code: app.Invalid, Message: "所选对口帮扶单位不存在", English: "The partner does not exist", Fields: map[string]string{"partner_id": "invalid"}}
			}
			p.PartnerID, label = in.PartnerID, partners[i].Name
		default:
			return &app.Error{Code: app.Invalid, Message: "请选择帮扶学校或县外对口帮扶单位（二者选一）",
				English: "Choose a helping school or an external partner (one of the two)", Fields: map[string]string{"helper_school_id": "required"}}
		}
		for _, q := range c.Pairs {
			switch {
			case q.HelpedSchoolID == helped.ID:
				return app.Errorf(app.Conflict, fmt.Sprintf("“%s”在本周期已有结对学校", helped.Name), fmt.Sprintf("%q already has a pair in this cycle", helped.Name))
			case q.HelperSchoolID == helped.ID || p.HelperSchoolID != 0 && q.HelpedSchoolID == p.HelperSchoolID:
				return app.Errorf(app.Conflict, "同一学校不能在一个周期内既帮扶又受扶", "A school cannot both help and be helped in one cycle")
			}
		}
		if p.HelperSchoolID != 0 {
			helper, _ := s.store.FindSchoolByID(ctx, p.HelperSchoolID)
			load := 0
			for _, q := range c.Pairs {
				if q.HelperSchoolID == p.HelperSchoolID {
					load++
				}
			}
			if capa := c.Capacities.Of(helper.Demonstration); load >= capa {
				return app.Errorf(app.Conflict, fmt.Sprintf("“%s”已结对%d所学校，达到名额", helper.Name, load),
					fmt.Sprintf("%q already helps %d schools, its capacity", helper.Name, load))
			}
		}
		if err := s.store.CreatePair(ctx, p); err != nil {
			return err
		}
		out = p
		return s.audit.Record(ctx, audit.Change{Action: "pairing.pair_add", Entity: "pairing_pair", EntityID: p.ID,
			Summary: fmt.Sprintf("结对周期“%s”新增结对：%s—%s", c.Name, label, helped.Name), After: p})
	})
	return out, err
}

func (s *Service) countySchool(ctx context.Context, c *Cycle, id int64, field string) (*org.School, error) {
	sc, err := s.store.FindSchoolByID(ctx, id)
	if app.ErrorCode(err) == app.NotFound || err == nil && sc.CountyID != c.CountyID {
		return nil, &app.Error{Code: app.Invalid, Message: "所选学校不存在或不在本区县", English: "The school does not exist or is not in this county",
			Fields: map[string]string{field: "invalid"}}
	}
	return sc, err
}

func checkPair(c *Cycle, helper, helped *org.School) error {
	levels := kindLevels[c.SchoolKind]
	if !slices.Contains(levels, helper.Level) || !slices.Contains(levels, helped.Level) {
		return app.Errorf(app.Invalid, fmt.Sprintf("本周期结对%s，所选学校学段不符", SchoolKinds.Label(c.SchoolKind, "zh")),
			fmt.Sprintf("This cycle pairs %s; a chosen school is of another level", strings.ToLower(SchoolKinds.Label(c.SchoolKind, "en"))))
	}
	if helper.ID == helped.ID {
		return app.Errorf(app.Invalid, "学校不能与自己结对", "A school cannot pair with itself")
	}
	return nil
}

// RemovePair removes a pair that has no ledger yet.
func (s *Service) RemovePair(ctx context.Context, pairID int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.Pair(ctx, pairID)
		if err != nil {
			return err
		}
		if _, err := s.managed(ctx, p.CycleID); err != nil {
			return err
		}
		if p.Activities > 0 {
			return app.Errorf(app.Conflict, "该结对已有活动记录，不能删除", "The pair has activities; it cannot be removed")
		}
		if err := s.store.DeletePair(ctx, p.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "pairing.pair_remove", Entity: "pairing_pair", EntityID: p.ID,
			Summary: fmt.Sprintf("结对周期“%s”删除结对：%s—%s", p.CycleName, p.HelperName, p.HelpedName), Before: p})
	})
}

// Publish publishes a cycle's pairs: the schools see them and start their ledger.
func (s *Service) Publish(ctx context.Context, id int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.managed(ctx, id)
		if err != nil {
			return err
		}
		if c.Published() {
			return app.Errorf(app.Conflict, "结对名单已公布", "The pairs are already published")
		}
		if len(c.Pairs) == 0 {
			return app.Errorf(app.Conflict, "尚无结对，不能公布", "There are no pairs to publish")
		}
		now := s.clock.Now()
		c.PublishedAt, c.PublishedBy = &now, app.ActorOf(ctx).Label()
		if err := s.store.UpdatePairingCycle(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "pairing.publish", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("公布结对周期“%s”的结对名单：%d对", c.Name, len(c.Pairs))})
	})
}

// ReviewCycle records HR's end-of-cycle review (总结).
func (s *Service) ReviewCycle(ctx context.Context, id int64, review string) error {
	review = strings.TrimSpace(review)
	if review == "" || len([]rune(review)) > 5000 {
		return &app.Error{Code: app.Invalid, Message: "请填写周期总结（不超过5000字）", English: "Write the cycle's review (at most 5000 characters)",
			Fields: map[string]string{"review": "invalid"}}
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.managed(ctx, id)
		if err != nil {
			return err
		}
		before := c.Review
		now := s.clock.Now()
		c.Review, c.ReviewedAt, c.ReviewedBy = review, &now, app.ActorOf(ctx).Label()
		if err := s.store.UpdatePairingCycle(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "pairing.review", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("结对周期“%s”期末总结", c.Name), Before: before, After: review})
	})
}

// CommendationInput commends a pair or a person of a cycle.
type CommendationInput struct {
	PairID     int64  `json:"pair_id"`
	EducatorID int64  `json:"educator_id"`
	Title      string `json:"title"`
}

// Commend commends an outstanding pair (or one of its people) of a cycle.
func (s *Service) Commend(ctx context.Context, cycleID int64, in CommendationInput) (*Commendation, error) {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || len([]rune(in.Title)) > 100 {
		return nil, &app.Error{Code: app.Invalid, Message: "请填写表彰称号（不超过100字）", English: "Enter the commendation's title (at most 100 characters)",
			Fields: map[string]string{"title": "invalid"}}
	}
	var out *Commendation
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.managed(ctx, cycleID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(c.Pairs, func(p *Pair) bool { return p.ID == in.PairID })
		if i < 0 {
			return &app.Error{Code: app.Invalid, Message: "请选择本周期的结对", English: "Choose a pair of this cycle", Fields: map[string]string{"pair_id": "invalid"}}
		}
		p := c.Pairs[i]
		out = &Commendation{CycleID: c.ID, PairID: p.ID, Title: in.Title, Name: p.HelperName + "—" + p.HelpedName,
			CreatedBy: app.ActorOf(ctx).Label(), CreatedAt: s.clock.Now()}
		if in.EducatorID != 0 {
			schools, err := s.store.FindEducatorSchools(ctx, []int64{in.EducatorID})
			if err != nil {
				return err
			}
			if !p.Has(schools[in.EducatorID]) {
				return &app.Error{Code: app.Invalid, Message: "受表彰的人员须是该结对学校的教职工", English: "The person must work at one of the pair's schools",
					Fields: map[string]string{"educator_id": "invalid"}}
			}
			out.EducatorID = in.EducatorID
		}
		if err := s.store.CreatePairingCommendation(ctx, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "pairing.commend", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("结对周期“%s”表彰：%s（%s）", c.Name, out.Name, out.Title), After: out})
	})
	return out, err
}

// Commendations lists a cycle's commendations.
func (s *Service) Commendations(ctx context.Context, c *Cycle) ([]*Commendation, error) {
	return s.store.FindPairingCommendations(ctx, c.ID)
}

// Partners lists a county's external partners for whoever runs its cycles.
func (s *Service) Partners(ctx context.Context, c *Cycle) ([]*Partner, error) {
	return s.store.FindPartners(ctx, c.CountyID)
}

// PartnerInput registers an external partner.
type PartnerInput struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Region  string `json:"region"`
	Contact string `json:"contact"`
}

// CreatePartner registers an external partner of counterpart assistance
// (对口帮扶) for the county of a cycle the actor runs.
func (s *Service) CreatePartner(ctx context.Context, cycleID int64, in PartnerInput) (*Partner, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len([]rune(in.Name)) > 100 {
		return nil, &app.Error{Code: app.Invalid, Message: "请填写对口帮扶单位名称（不超过100字）", English: "Enter the partner's name (at most 100 characters)",
			Fields: map[string]string{"name": "invalid"}}
	}
	if !PartnerKinds.Has(in.Kind) {
		return nil, app.InvalidValue("kind", in.Kind)
	}
	var out *Partner
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.managed(ctx, cycleID)
		if err != nil {
			return err
		}
		out = &Partner{CountyID: c.CountyID, Name: in.Name, Kind: in.Kind, Region: strings.TrimSpace(in.Region), Contact: strings.TrimSpace(in.Contact),
			CreatedBy: app.ActorOf(ctx).Label(), CreatedAt: s.clock.Now()}
		if err := s.store.CreatePartner(ctx, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "pairing.partner_create", Entity: "pairing_partner", EntityID: out.ID,
			Summary: fmt.Sprintf("登记对口帮扶单位“%s”（%s）", out.Name, PartnerKinds.Label(out.Kind, "zh")), After: out})
	})
	return out, err
}

// sinceWeeks is the date n weeks before today.
func (s *Service) sinceWeeks(n int) app.Date {
	return app.DateOf(s.clock.Now().Add(-time.Duration(n) * 7 * 24 * time.Hour))
}
