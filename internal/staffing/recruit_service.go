package staffing

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// RecruitService places new recruits on the vacancies of a county's
// schools, rural and weak schools first: HR enters them (a form or a
// sheet), the solver proposes, HR edits and approves; the approval makes
// each recruit an educator of the school with the appointment in the
// career history.
type RecruitService struct {
	store     RecruitStore
	vacancies VacancySource
	cipher    *people.Cipher
	audit     *audit.Log
	clock     app.Clock
}

// NewRecruitService returns the recruits' service.
func NewRecruitService(store RecruitStore, vacancies VacancySource, cipher *people.Cipher, log *audit.Log, clock app.Clock) *RecruitService {
	return &RecruitService{store: store, vacancies: vacancies, cipher: cipher, audit: log, clock: clock}
}

// Today is the service's current date in Asia/Shanghai.
func (s *RecruitService) Today() app.Date { return app.DateOf(s.clock.Now()) }

// Find lists the recruits inside the actor's scope, waiting first, by name.
func (s *RecruitService) Find(ctx context.Context, f RecruitFilter) ([]*Recruit, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.SupplyRead); err != nil {
		return nil, err
	}
	if f.Status != "" && !RecruitStatuses.Has(string(f.Status)) {
		return nil, app.InvalidValue("status", string(f.Status))
	}
	f.Within = auth.ScopeOf(a, auth.SupplyRead)
	return s.store.FindRecruits(ctx, f)
}

// FindByID returns a recruit the actor may read.
func (s *RecruitService) FindByID(ctx context.Context, id int64) (*Recruit, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.SupplyRead); err != nil {
		return nil, err
	}
	r, err := s.store.FindRecruitByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return r, auth.Decide(a, auth.SupplyRead, r.Place(), "新招聘教师")
}

// county returns a county where the actor may do perm.
func county(ctx context.Context, st interface {
	FindCountyByID(ctx context.Context, id int64) (*org.County, error)
}, id int64, perm auth.Permission) (*org.County, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, perm); err != nil {
		return nil, err
	}
	c, err := st.FindCountyByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return c, auth.Decide(a, perm, app.Place{CityID: c.CityID, CountyID: c.ID}, "区县")
}

// CanManage reports whether the actor may enter and place the county's recruits.
func (s *RecruitService) CanManage(ctx context.Context, c *org.County) bool {
	return auth.Decide(app.ActorOf(ctx), auth.SupplyManage, app.Place{CityID: c.CityID, CountyID: c.ID}, "") == nil
}

// Create enters one recruit of a county.
func (s *RecruitService) Create(ctx context.Context, in RecruitInput) (*Recruit, error) {
	rs, err := s.Import(ctx, in.CountyID, []RecruitInput{in})
	if err != nil {
		return nil, err
	}
	return rs[0], nil
}

// Import enters the recruits of a county, all or none: every row is
// checked and every problem named by its row before anything is written.
func (s *RecruitService) Import(ctx context.Context, countyID int64, ins []RecruitInput) ([]*Recruit, error) {
	c, err := county(ctx, s.store, countyID, auth.SupplyManage)
	if err != nil {
		return nil, err
	}
	if len(ins) == 0 {
		return nil, app.Errorf(app.Invalid, "没有可导入的新招聘教师", "There are no recruits to enter")
	}
	a := app.ActorOf(ctx)
	now := s.clock.Now()
	rs := make([]*Recruit, 0, len(ins))
	ids := make([]people.SealedID, 0, len(ins))
	var problems []string
	seen := map[string]int{}
	for i := range ins {
		in := &ins[i]
		row := func(msg string) {
			if len(ins) == 1 {
				problems = append(problems, msg)
			} else {
				problems = append(problems, fmt.Sprintf("第%d行：%s", i+2, msg))
			}
		}
		id, err := in.validate()
		if err != nil {
			row(app.ErrorMessage(err, "zh"))
			continue
		}
		sealed, err := s.cipher.SealID(id)
		if err != nil {
			return nil, app.Wrap("staffing.Import", err)
		}
		if j, dup := seen[sealed.Lookup]; dup {
			row(fmt.Sprintf("身份证号与第%d行重复", j+2))
			continue
		}
		seen[sealed.Lookup] = i
		switch _, err := s.store.FindEducatorIDByLookup(ctx, sealed.Lookup); {
		case err == nil:
			row(in.Name + "已是在册教职工")
			continue
		case app.ErrorCode(err) != app.NotFound:
			return nil, err
		}
		r := &Recruit{CountyID: c.ID, CityID: c.CityID, CountyName: c.Name, Name: in.Name, Gender: id.Gender(), IDMasked: sealed.Masked,
			Subject: in.Subject, Level: in.Level, Qualifications: in.Qualifications, Status: RecruitWaiting, CreatedBy: a.Label(),
			CreatedAt: now, BirthDate: id.BirthDate()}
		if in.HomeSchoolID != 0 {
			home, err := s.store.FindSchoolByID(ctx, in.HomeSchoolID)
			if err != nil || home.CountyID != c.ID {
				row("居住地就近学校不在本区县")
				continue
			}
			r.HomeSchoolID, r.HomeSchoolName = home.ID, home.Name
		}
		rs, ids = append(rs, r), append(ids, sealed)
	}
	if len(problems) > 0 {
		return nil, &app.Error{Code: app.Invalid, Message: strings.Join(problems, "；"), English: "Some recruits are not valid; nothing was entered",
			Fields: map[string]string{"recruits": "invalid"}}
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateRecruits(ctx, rs, ids); err != nil {
			return err
		}
		names := make([]string, len(rs))
		for i, r := range rs {
			names[i] = r.Name
		}
		return s.audit.Record(ctx, audit.Change{Action: "recruit.create", Entity: "county", EntityID: c.ID,
			Summary: fmt.Sprintf("%s登记新招聘教师%d人：%s", c.Name, len(rs), strings.Join(names, "、")), After: rs})
	})
	if err != nil {
		return nil, err
	}
	return rs, nil
}

// Board is a county's placement at a glance: the waiting recruits with
// the schools chosen for them, and the schools with vacancies.
type Board struct {
	County   *org.County    `json:"county"`
	Recruits []*Recruit     `json:"recruits"`
	Schools  []*BoardSchool `json:"schools"`
	// Value is the value of the chosen schools; Best the solver's optimum.
	Value int64 `json:"value"`
	Best  int64 `json:"best"`
	// Holds is false when a chosen school has no open post left for its recruit.
	Holds     bool `json:"holds"`
	CanManage bool `json:"-"`
}

// BoardSchool is a school with vacancies: its open posts, and how many
// waiting recruits are chosen for it.
type BoardSchool struct {
	School *org.School `json:"school"`
	Open   int         `json:"open"`
	Chosen int         `json:"chosen"`
}

// problem is a county's placement problem for its waiting recruits.
func (s *RecruitService) problem(ctx context.Context, c *org.County, waiting []*Recruit) (*AssignProblem, []*BoardSchool, error) {
	vs, err := s.vacancies.Vacancies(ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	schools, _, err := s.store.FindSchools(ctx, org.SchoolFilter{CountyID: c.ID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, nil, err
	}
	byID := map[int64]*org.School{}
	for _, sc := range schools {
		byID[sc.ID] = sc
	}
	pr := &AssignProblem{}
	var board []*BoardSchool
	boardOf := map[int64]*BoardSchool{}
	for _, v := range vs {
		sc := byID[v.SchoolID]
		if sc == nil || v.Vacancies <= 0 {
			continue
		}
		b := &BoardSchool{School: sc, Open: v.Vacancies}
		boardOf[sc.ID] = b
		board = append(board, b)
		pr.Schools = append(pr.Schools, AssignSchool{ID: sc.ID, Level: sc.Level, Location: sc.Location, Weak: sc.Weak, At: pointOf(sc),
			SubjectStaff: v.inPostBySubject()})
		pr.Vacancies = append(pr.Vacancies, AssignVacancy{School: sc.ID, Open: v.Vacancies})
	}
	for _, r := range waiting {
		ar := AssignRecruit{ID: r.ID, Subject: r.Subject, Level: r.Level, School: r.SchoolID}
		if home := byID[r.HomeSchoolID]; home != nil {
			ar.Home = pointOf(home)
		}
		pr.Recruits = append(pr.Recruits, ar)
		if b := boardOf[r.SchoolID]; b != nil {
			b.Chosen++
		}
	}
	// Rural and weak schools first, as the placement prefers them.
	slices.SortStableFunc(board, func(a, b *BoardSchool) int { return priorityOf(b.School) - priorityOf(a.School) })
	return pr, board, nil
}

// priorityOf orders schools for recruits: rural, then weak, then township.
func priorityOf(sc *org.School) int {
	p := 0
	switch sc.Location {
	case "rural":
		p += ruralValue
	case "township":
		p += townValue
	}
	if sc.Weak {
		p += weakValue
	}
	return p
}

func pointOf(sc *org.School) *Point {
	if sc.Longitude == nil || sc.Latitude == nil {
		return nil
	}
	return &Point{Longitude: *sc.Longitude, Latitude: *sc.Latitude}
}

// waiting returns the county's waiting recruits.
func (s *RecruitService) waiting(ctx context.Context, countyID int64) ([]*Recruit, error) {
	return s.store.FindRecruits(ctx, RecruitFilter{CountyID: countyID, Status: RecruitWaiting, Within: app.Scope{All: true}})
}

// Board returns a county's placement board.
func (s *RecruitService) Board(ctx context.Context, countyID int64) (*Board, error) {
	c, err := county(ctx, s.store, countyID, auth.SupplyRead)
	if err != nil {
		return nil, err
	}
	rs, err := s.waiting(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	pr, schools, err := s.problem(ctx, c, rs)
	if err != nil {
		return nil, err
	}
	best, err := pr.Solve()
	if err != nil {
		return nil, err
	}
	b := &Board{County: c, Recruits: rs, Schools: schools, Best: best.Value, CanManage: s.CanManage(ctx, c)}
	if b.Schools == nil {
		b.Schools = []*BoardSchool{}
	}
	chosen := map[int64]int64{}
	for _, r := range rs {
		chosen[r.ID] = r.SchoolID
	}
	v, err := pr.Check(chosen)
	b.Value, b.Holds = v, err == nil
	return b, nil
}
