package appointment

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

// Store is what principal selection needs from the database.
type Store interface {
	audit.Store
	SelectionStore
	CandidateStore
	BallotStore
	ContractStore
	PersonStore
}

// SelectionStore keeps selections and their record of steps (service.go).
type SelectionStore interface {
	CreateAppointmentSelection(ctx context.Context, s *Selection) error
	FindAppointmentSelectionByID(ctx context.Context, id int64) (*Selection, error)
	FindAppointmentSelections(ctx context.Context, f Filter) ([]*Selection, error)
	// UpdateAppointmentSelection writes s if its stage is still from: of
	// two steps at once, one finds the stage moved.
	UpdateAppointmentSelection(ctx context.Context, s *Selection, from Stage) (bool, error)
	CreateAppointmentStep(ctx context.Context, st *Step) error
	FindAppointmentSteps(ctx context.Context, selectionID int64) ([]*Step, error)
}

// CandidateStore keeps the candidates with their review and report (candidate.go).
type CandidateStore interface {
	CreateAppointmentCandidate(ctx context.Context, c *Candidate) error
	// FindAppointmentCandidates returns a selection's candidates with
	// their ballots counted.
	FindAppointmentCandidates(ctx context.Context, selectionID int64) ([]*Candidate, error)
	UpdateAppointmentCandidate(ctx context.Context, c *Candidate) error
}

// PersonStore reads the registry and writes the moves of an appointment
// (appoint.go).
type PersonStore interface {
	FindEducatorByID(ctx context.Context, id int64) (*people.Educator, error)
	FindSchoolByID(ctx context.Context, id int64) (*org.School, error)
	FindCareer(ctx context.Context, educatorID int64) ([]*people.CareerEntry, error)
	// FindPostHolders returns the educators of a school in a post.
	FindPostHolders(ctx context.Context, schoolID int64, post string) ([]int64, error)
	CreateRotationCareerEntry(ctx context.Context, k *people.CareerEntry, exchangeID int64) error
	EndCareerEntry(ctx context.Context, id int64, end app.Date) error
	MoveEducator(ctx context.Context, educatorID, schoolID int64, post string, joined, postSince app.Date) error
}

// History computes the §3.5 prerequisites from the career history (the
// rotation service).
type History interface {
	PrerequisitesOf(ctx context.Context, educatorID int64, on app.Date) ([]rotation.Prerequisite, error)
}

// Qualifier says whether an educator has completed the training a
// requirement asks for (the training service).
type Qualifier interface {
	Qualified(ctx context.Context, educatorID int64, requirement string) (bool, error)
}

// Service is principal selection: every method decides access through
// package auth, validates, and writes with its step and audit row in one
// transaction.
type Service struct {
	store    Store
	audit    *audit.Log
	clock    app.Clock
	history  History
	training Qualifier
	notices  *notice.Service
}

// NewService returns the service; the notices and the training record are
// connected with SetNotices and SetQualifier.
func NewService(store Store, history History, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, history: history, audit: log, clock: clock}
}

// SetQualifier connects the training record.
func (s *Service) SetQualifier(q Qualifier) { s.training = q }

// Today is the service's current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

// Input opens a selection.
type Input struct {
	SchoolID  int64  `json:"school_id"`
	Post      string `json:"post"`
	Vacancy   string `json:"vacancy"`
	VacatedBy int64  `json:"vacated_by"`
	Terms
	// AnnounceDays is how long the post's notice runs (default: to the
	// end of registration).
	AnnounceDays int `json:"announce_days"`
}

// Create opens a selection for a vacant post and publishes it as a notice:
// the post, its conditions and the timetable.
//
// Long because every field of the opening is checked in one place, in
// the order of the form, before the one transaction.
func (s *Service) Create(ctx context.Context, in Input) (*Selection, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.AppointmentManage); err != nil {
		return nil, err
	}
	var f app.Fields
	sc, err := s.store.FindSchoolByID(ctx, in.SchoolID)
	if app.ErrorCode(err) == app.NotFound || err == nil && auth.Decide(a, auth.AppointmentManage, sc.Place(), "") != nil {
		return nil, app.NotFoundField("school_id", "学校")
	}
	if err != nil {
		return nil, err
	}
	today := s.Today()
	sel := &Selection{CityID: sc.CityID, CountyID: sc.CountyID, CountyName: sc.CountyName, SchoolID: sc.ID, SchoolName: sc.Name,
		Post: in.Post, Vacancy: in.Vacancy, Terms: in.Terms,
		Stage: StageRegistration, CreatedBy: a.Label(), CreatedAt: s.clock.Now()}
	sel.UpdatedAt = sel.CreatedAt
	sel.Conditions = strings.TrimSpace(sel.Conditions)
	if sel.NoticeDays == 0 {
		sel.NoticeDays = 5
	}
	if sel.PassPercent == 0 {
		sel.PassPercent = 60
	}
	if !Posts.Has(sel.Post) {
		f.Add("post", "请选择选聘的岗位", "Choose the post")
	}
	if !Vacancies.Has(sel.Vacancy) {
		f.Add("vacancy", "请说明岗位空缺的原因", "Say why the post is vacant")
	}
	if in.VacatedBy != 0 {
		e, err := s.store.FindEducatorByID(ctx, in.VacatedBy)
		if err != nil && app.ErrorCode(err) != app.NotFound {
			return nil, err
		}
		if err != nil || e.CountyID != sc.CountyID {
			f.Add("vacated_by", "未找到原任人员", "Former holder not found")
		} else {
			sel.VacatedBy, sel.VacatedByName = e.ID, e.Name
		}
	}
	if utf8.RuneCountInString(sel.Conditions) > 2000 {
		f.Add("conditions", "任职条件最多2000字", "The conditions have at most 2000 characters")
	}
	if sel.MaxAge < 0 || sel.MaxAge > 65 {
		f.Add("max_age", "年龄上限应在0至65之间（0为不限）", "The age limit lies between 0 and 65 (0: none)")
	}
	switch {
	case !sel.RegistrationEnd.Valid() || sel.RegistrationEnd.Before(today):
		f.Add("registration_end", "报名截止日期应不早于今天", "Registration must end today or later")
	case !sel.EvaluationDate.Valid() || !sel.EvaluationDate.After(sel.RegistrationEnd):
		f.Add("evaluation_date", "民主测评日期应晚于报名截止日期", "The evaluation comes after registration")
	}
	if sel.NoticeDays < 1 || sel.NoticeDays > 30 {
		f.Add("notice_days", "任前公示天数应在1至30之间", "The appointee's notice lasts 1 to 30 days")
	}
	if sel.PassPercent < 50 || sel.PassPercent > 100 {
		f.Add("pass_percent", "测评通过比例应在50%至100%之间", "The pass rate lies between 50% and 100%")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	days := in.AnnounceDays
	if days == 0 {
		days = min(30, int(sel.RegistrationEnd.Time().Sub(today.Time()).Hours()/24)+1)
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateAppointmentSelection(ctx, sel); err != nil {
			return err
		}
		n, err := s.notices.Publish(ctx, notice.PublishInput{Kind: KindSelection, SubjectID: sel.ID, Place: sel.Place(),
			Title: sel.Title() + "公告", Body: announcement(sel), Days: days})
		if err != nil {
			return err
		}
		sel.NoticeID = n.ID
		if _, err := s.store.UpdateAppointmentSelection(ctx, sel, sel.Stage); err != nil {
			return err
		}
		return s.step(ctx, sel, "open", fmt.Sprintf("发布%s公告：%s，报名截止%s，民主测评%s", sel.Title(),
			Vacancies.Label(sel.Vacancy, "zh"), sel.RegistrationEnd.Chinese(), sel.EvaluationDate.Chinese()), sel)
	})
	if err != nil {
		return nil, err
	}
	return sel, nil
}

// announcement is the text of the post's notice.
func announcement(sel *Selection) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s岗位空缺（%s），按照公布岗位及任职条件、自愿报名、组织推荐、资格审查、民主测评、择优确定候选人、考察确定人选、报县遴选委员会审查确定的程序公开选聘，聘期三年。\n",
		sel.SchoolName, Posts.Label(sel.Post, "zh"), Vacancies.Label(sel.Vacancy, "zh"))
	if sel.Post == people.PostPrincipal {
		b.WriteString("新任校长应有在2所及以上学校工作的经历，或有6年以上农村学校（薄弱学校）工作经历，并完成校长任职资格培训。\n")
	}
	if sel.MaxAge > 0 {
		fmt.Fprintf(&b, "年龄不超过%d周岁（截至报名截止日）。\n", sel.MaxAge)
	}
	if sel.Conditions != "" {
		b.WriteString("其他条件：" + sel.Conditions + "\n")
	}
	fmt.Fprintf(&b, "报名截止：%s；民主测评：%s。选聘在纪检监察部门监督下进行。", sel.RegistrationEnd.Chinese(), sel.EvaluationDate.Chinese())
	return b.String()
}

// read returns a selection the actor may read (or, with registering, an
// educator of its county may register for), and whether they run it.
func (s *Service) read(ctx context.Context, id int64, registering bool) (*Selection, bool, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, false, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	sel, err := s.store.FindAppointmentSelectionByID(ctx, id)
	if err != nil {
		return nil, false, err
	}
	manage := auth.Decide(a, auth.AppointmentManage, sel.Place(), "") == nil
	if manage || auth.Decide(a, auth.AppointmentRead, sel.Place(), "") == nil && !registering {
		return sel, manage, nil
	}
	if registering && s.canRegister(ctx, sel) {
		return sel, false, nil
	}
	return nil, false, app.ErrNotFound("选聘")
}

// managed returns a selection the actor runs.
func (s *Service) managed(ctx context.Context, id int64) (*Selection, error) {
	sel, manage, err := s.read(ctx, id, false)
	if err != nil {
		return nil, err
	}
	if !manage {
		return nil, app.ErrNotFound("选聘")
	}
	return sel, nil
}

// step records a step of the procedure and its audit row.
func (s *Service) step(ctx context.Context, sel *Selection, action, summary string, after any) error {
	a := app.ActorOf(ctx)
	st := &Step{SelectionID: sel.ID, Action: action, Summary: summary, Actor: a.Label(), ActorUserID: a.UserID, At: s.clock.Now()}
	if err := s.store.CreateAppointmentStep(ctx, st); err != nil {
		return err
	}
	return s.audit.Record(ctx, audit.Change{Action: "appointment." + action, Entity: "appointment_selection", EntityID: sel.ID,
		Summary: sel.Title() + "：" + summary, After: after})
}

// move writes the selection's new stage if it is still from.
func (s *Service) move(ctx context.Context, sel *Selection, from Stage) error {
	sel.UpdatedAt = s.clock.Now()
	ok, err := s.store.UpdateAppointmentSelection(ctx, sel, from)
	if err != nil {
		return err
	}
	if !ok {
		return app.Errorf(app.Conflict, "选聘刚被他人推进到下一步，请刷新后查看", "The selection moved on meanwhile; reload it")
	}
	return nil
}

// Find lists the selections the actor may read, newest first; for an
// educator, also those of their county open for registration.
func (s *Service) Find(ctx context.Context, f Filter) ([]*Selection, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	f.Within = auth.ScopeOf(a, auth.AppointmentRead)
	if a.EducatorID != 0 {
		if e, err := s.store.FindEducatorByID(ctx, a.EducatorID); err == nil {
			f.Within.CountyIDs = append(f.Within.CountyIDs, e.CountyID)
		} else if app.ErrorCode(err) != app.NotFound {
			return nil, err
		}
	}
	list, err := s.store.FindAppointmentSelections(ctx, f)
	if err != nil {
		return nil, err
	}
	out := []*Selection{}
	for _, sel := range list {
		if auth.Decide(a, auth.AppointmentRead, sel.Place(), "") == nil || s.canRegister(ctx, sel) {
			out = append(out, sel)
		}
	}
	return out, nil
}

// FindByID returns a selection with its whole procedure, as the actor may
// read it.
func (s *Service) FindByID(ctx context.Context, id int64) (*Detail, error) {
	sel, manage, err := s.read(ctx, id, false)
	if err != nil {
		return nil, err
	}
	d := &Detail{Selection: sel, CanManage: manage}
	if d.Candidates, err = s.store.FindAppointmentCandidates(ctx, sel.ID); err != nil {
		return nil, err
	}
	for _, c := range d.Candidates {
		c.Tally.judge(sel)
	}
	if d.Steps, err = s.store.FindAppointmentSteps(ctx, sel.ID); err != nil {
		return nil, err
	}
	if d.CodesIssued, d.CodesUsed, err = s.store.CountBallotCodes(ctx, sel.ID); err != nil {
		return nil, err
	}
	if sel.Stage == StageAppointed {
		cs, err := s.store.FindContracts(ctx, ContractFilter{Within: app.Scope{All: true}, SelectionID: sel.ID})
		if err != nil {
			return nil, err
		}
		if len(cs) > 0 {
			d.Contract = cs[0]
		}
	}
	return d, nil
}

// CanRegister reports whether the actor may register for the selection now.
func (s *Service) CanRegister(ctx context.Context, sel *Selection) bool {
	return s.canRegister(ctx, sel)
}
