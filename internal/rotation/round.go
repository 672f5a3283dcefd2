package rotation

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
)

// A Round is one selection for 乡镇内支教 (SPEC §3.2): a school sends
// teachers to a school of the other terrain (山区 ↔ 坝区) or to a weak
// school, by the procedure 教师申请 → 量化打分 → 校内公示 → 择优选派. Teachers
// apply, the school scores every application, publishes the scored list in
// the school for NoticeDays days while objections are recorded, resolves
// them, and selects the best Places applicants, whose planned exchanges the
// selection creates.
type Round struct {
	ID           int64       `json:"id"`
	CountyID     int64       `json:"county_id"`
	CityID       int64       `json:"city_id"`
	SchoolID     int64       `json:"school_id"`
	SchoolName   string      `json:"school_name"`
	HostSchoolID int64       `json:"host_school_id"`
	HostName     string      `json:"host_school_name"`
	SchoolYear   int         `json:"school_year"`
	Places       int         `json:"places"`
	NoticeDays   int         `json:"notice_days"`
	Start        app.Date    `json:"start"`
	PlannedEnd   app.Date    `json:"planned_end"`
	Status       RoundStatus `json:"status"`
	NoticeStart  app.Date    `json:"notice_start"`
	// NoticeEnd is the last day of the public notice.
	NoticeEnd    app.Date       `json:"notice_end"`
	Note         string         `json:"note"`
	CreatedBy    string         `json:"created_by"`
	CreatedAt    time.Time      `json:"created_at"`
	Applications []*Application `json:"applications"`
	Objections   []*Objection   `json:"objections"`
}

// Place is the round's school in the tree.
func (r *Round) Place() app.Place {
	return app.Place{CityID: r.CityID, CountyID: r.CountyID, SchoolID: r.SchoolID}
}

// RoundStatus is the stage of a selection round (校内选派).
type RoundStatus string

// Round statuses.
const (
	RoundOpen      RoundStatus = "open"      // 教师申请、量化打分
	RoundPublished RoundStatus = "published" // 校内公示
	RoundSelected  RoundStatus = "selected"  // 择优选派
	RoundCancelled RoundStatus = "cancelled"
)

// RoundStatuses is the vocabulary of round statuses.
var RoundStatuses = app.Vocab{
	{Code: string(RoundOpen), Zh: "申请与评分", En: "Applications and scoring"},
	{Code: string(RoundPublished), Zh: "校内公示中", En: "Public notice"},
	{Code: string(RoundSelected), Zh: "已选派", En: "Selected"},
	{Code: string(RoundCancelled), Zh: "已取消", En: "Cancelled"},
}

// Objection is an objection raised during the public notice, and how it
// was resolved: the round's view of a notice.Objection.
type Objection struct {
	ID            int64  `json:"id"`
	RoundID       int64  `json:"round_id"`
	ApplicationID int64  `json:"application_id,omitempty"`
	Text          string `json:"text"`
	RaisedBy      string `json:"raised_by"`
	// RaisedByUserID is the account that raised it (0 when unknown).
	RaisedByUserID int64     `json:"-"`
	RaisedOn       app.Date  `json:"raised_on"`
	Upheld         bool      `json:"upheld"`
	Resolution     string    `json:"resolution"`
	ResolvedBy     string    `json:"resolved_by"`
	ResolvedAt     time.Time `json:"resolved_at"`
}

// Resolved reports whether the objection has been answered.
func (o *Objection) Resolved() bool { return o.ResolvedBy != "" }

// RoundFilter selects rounds.
type RoundFilter struct {
	CountyID int64
	SchoolID int64
	Status   RoundStatus
	Offset   int
	Limit    int
	Within   app.Scope
}

// RoundInput opens a round.
type RoundInput struct {
	SchoolID     int64    `json:"school_id"`
	HostSchoolID int64    `json:"host_school_id"`
	Places       int      `json:"places"`
	NoticeDays   int      `json:"notice_days"`
	Start        app.Date `json:"start"`
	PlannedEnd   app.Date `json:"planned_end"`
	Note         string   `json:"note"`
}

// ObjectionInput raises an objection, about one application or the list.
type ObjectionInput struct {
	ApplicationID int64  `json:"application_id"`
	Text          string `json:"text"`
}

// ResolutionInput answers an objection.
type ResolutionInput struct {
	Upheld     bool   `json:"upheld"`
	Resolution string `json:"resolution"`
}

// FindRounds lists the rounds of the schools the actor can see.
func (s *Service) FindRounds(ctx context.Context, f RoundFilter) ([]*Round, int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, 0, err
	}
	if f.Status != "" && !RoundStatuses.Has(string(f.Status)) {
		return nil, 0, app.InvalidValue("status", string(f.Status))
	}
	f.Within = auth.LocalScopeOf(a, auth.OrgRead)
	return s.store.FindRounds(ctx, f)
}

// FindRoundByID returns a round with its applications and objections. A
// round is a public notice of its school: its county, its school and its
// applicants read it; a city-wide grant does not reach it.
func (s *Service) FindRoundByID(ctx context.Context, id int64) (*Round, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, err
	}
	r, err := s.store.FindRoundByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := canReadRound(a, r); err != nil {
		return nil, err
	}
	if err := s.fillObjections(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// canReadRound is the read rule of a round and its notice.
func canReadRound(a *app.Actor, r *Round) error {
	if err := auth.DecideLocal(a, auth.OrgRead, r.Place(), "乡镇内支教选派"); err != nil && !r.appliedBy(a) {
		return err
	}
	return nil
}

// CanManageRound reports whether the actor runs the round's procedure.
func CanManageRound(ctx context.Context, r *Round) bool {
	return may(ctx, auth.RotationApply, r.Place())
}

// CreateRound opens a round at a school.
func (s *Service) CreateRound(ctx context.Context, in RoundInput) (*Round, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationApply); err != nil {
		return nil, err
	}
	var f app.Fields
	school, host, err := s.roundSchools(ctx, in, &f)
	if err != nil {
		return nil, err
	}
	if err := f.Err(); err != nil || school == nil || host == nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationApply, school.Place()); err != nil {
		return nil, err
	}
	r := &Round{CountyID: school.CountyID, CityID: school.CityID, SchoolID: school.ID, SchoolName: school.Name, HostSchoolID: host.ID,
		HostName: host.Name, Places: in.Places, NoticeDays: in.NoticeDays, Start: in.Start, PlannedEnd: in.PlannedEnd,
		SchoolYear: SchoolYearOf(in.Start), Status: RoundOpen, Note: strings.TrimSpace(in.Note), CreatedBy: a.Label(), CreatedAt: s.clock.Now()}
	switch {
	case host.ID == school.ID:
		f.Add("host_school_id", "支教学校不能是本校", "The host must differ from the school")
	case host.CountyID != school.CountyID:
		f.Add("host_school_id", "乡镇内支教在本区县内进行", "Township support stays within the county")
	case host.Township() != school.Township():
		f.Add("host_school_id", fmt.Sprintf("乡镇内支教在同一乡镇内进行：%s在%s，%s在%s", school.Name, townLabel(school), host.Name, townLabel(host)),
			"Township support stays within the school's township")
	case !(school.Terrain != "" && host.Terrain != "" && school.Terrain != host.Terrain) && !host.Weak:
		f.Add("host_school_id", "乡镇内支教在山区学校与坝区学校之间进行，或到薄弱学校", "Township support goes between mountain and flat schools, or to a weak school")
	}
	if !school.Compulsory() || !host.Compulsory() {
		f.Add("host_school_id", "乡镇内支教在义务教育学校之间进行", "Township support is between compulsory-education schools")
	}
	if in.Places < 1 || in.Places > 50 {
		f.Add("places", "选派名额应在1至50之间", "Places must be between 1 and 50")
	}
	if in.NoticeDays < 1 || in.NoticeDays > 30 {
		f.Add("notice_days", "公示天数应在1至30之间", "The notice lasts 1 to 30 days")
	}
	if utf8.RuneCountInString(r.Note) > 500 {
		f.Add("note", "说明最多500字", "The note has at most 500 characters")
	}
	switch {
	case in.Start.IsZero() || !in.Start.Valid():
		f.Add("start", "请填写支教开始日期", "Give the start date")
	case in.PlannedEnd.IsZero() || !in.PlannedEnd.Valid() || !in.PlannedEnd.After(in.Start):
		f.Add("planned_end", "计划结束日期应晚于开始日期", "The planned end must be after the start")
	default:
		ps, err := s.policies(ctx, []int64{school.CountyID}, r.SchoolYear)
		if err != nil {
			return nil, err
		}
		if min := TermEnd(in.Start, ps[school.CountyID].TeacherMinYears); in.PlannedEnd.Before(min) {
			f.Add("planned_end", fmt.Sprintf("交流期限不少于%d学年：计划结束日期不能早于%s", ps[school.CountyID].TeacherMinYears, min.Chinese()),
				"The planned end is before the minimum term")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateRound(ctx, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.round.create", Entity: "rotation_round", EntityID: r.ID,
			Summary: fmt.Sprintf("%s发起乡镇内支教选派：到%s，名额%d人，公示%d天", r.SchoolName, r.HostName, r.Places, r.NoticeDays), After: r})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindRoundByID(ctx, r.ID)
}

func (s *Service) roundSchools(ctx context.Context, in RoundInput, f *app.Fields) (*org.School, *org.School, error) {
	a := app.ActorOf(ctx)
	get := func(id int64, field, what string, sameCounty int64) (*org.School, error) {
		if id == 0 {
			f.Add(field, "请选择"+what, "Choose the "+field)
			return nil, nil
		}
		sc, err := s.store.FindSchoolByID(ctx, id)
		if app.ErrorCode(err) == app.NotFound ||
			(err == nil && sc.CountyID != sameCounty && auth.Decide(a, auth.OrgRead, sc.Place(), "") != nil) {
			f.Add(field, "未找到"+what, "Not found: "+field)
			return nil, nil
		}
		return sc, err
	}
	school, err := get(in.SchoolID, "school_id", "选派学校", -1)
	if err != nil || school == nil {
		return nil, nil, err
	}
	// The host may be any school of the county: a school's staff pick it
	// among the county's schools though they see only their own.
	host, err := get(in.HostSchoolID, "host_school_id", "支教学校", school.CountyID)
	return school, host, err
}

// townLabel names a school's township for a message.
func townLabel(sc *org.School) string {
	if t := sc.Township(); t != "" {
		return t
	}
	return "县城（校名未含乡镇）"
}

// FindRoundHosts lists the compulsory schools of a school's township (as
// their names give it, see org.School.Township) that its rounds may send
// teachers to, for whoever runs the school's rounds.
func (s *Service) FindRoundHosts(ctx context.Context, schoolID int64) ([]*org.School, error) {
	sc, err := s.store.FindSchoolByID(ctx, schoolID)
	if err != nil {
		return nil, err
	}
	if auth.Decide(app.ActorOf(ctx), auth.OrgRead, sc.Place(), "学校") != nil {
		return nil, app.ErrNotFound("学校")
	}
	if err := decideChange(ctx, auth.RotationApply, sc.Place()); err != nil {
		return nil, err
	}
	all, _, err := s.store.FindSchools(ctx, org.SchoolFilter{CountyID: sc.CountyID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	var out []*org.School
	for _, h := range all {
		if h.ID != sc.ID && h.Compulsory() && h.Township() == sc.Township() &&
			((sc.Terrain != "" && h.Terrain != "" && h.Terrain != sc.Terrain) || h.Weak) {
			out = append(out, h)
		}
	}
	return out, nil
}

// PublishRound starts the public notice in the school, once every
// application is scored.
func (s *Service) PublishRound(ctx context.Context, roundID int64) (*Round, error) {
	r, err := s.manageRound(ctx, roundID, RoundOpen)
	if err != nil {
		return nil, err
	}
	if len(r.Applications) == 0 {
		return nil, app.Errorf(app.Conflict, "尚无申请，不能公示", "There are no applications to publish")
	}
	for _, ap := range r.Applications {
		if ap.Score == nil {
			return nil, app.Errorf(app.Conflict, ap.EducatorName+"的申请尚未评分，全部评分后才能公示", "Score every application before publishing")
		}
	}
	r.NoticeStart = s.Today()
	r.NoticeEnd = r.NoticeStart.AddDays(r.NoticeDays - 1)
	r.Status = RoundPublished
	return s.roundStep(ctx, r, RoundOpen, "rotation.round.publish",
		fmt.Sprintf("乡镇内支教申请及评分校内公示：%s至%s（%d天）", r.NoticeStart.Chinese(), r.NoticeEnd.Chinese(), r.NoticeDays),
		func(ctx context.Context) error { return s.publishNotice(ctx, r) })
}

// CancelRound cancels an open or published round.
func (s *Service) CancelRound(ctx context.Context, roundID int64, reason string) (*Round, error) {
	r, err := s.FindRoundByID(ctx, roundID)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationApply, r.Place()); err != nil {
		return nil, err
	}
	if r.Status != RoundOpen && r.Status != RoundPublished {
		return nil, app.Errorf(app.Conflict, "选派已"+RoundStatuses.Label(string(r.Status), "zh")+"，不能取消", "The round can no longer be cancelled")
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 2 || n > 500 {
		return nil, &app.Error{Code: app.Invalid, Message: "请说明取消原因（2至500字）", English: "Give the reason (2 to 500 characters)",
			Fields: map[string]string{"reason": "invalid"}}
	}
	from := r.Status
	r.Status = RoundCancelled
	return s.roundStep(ctx, r, from, "rotation.round.cancel", "取消乡镇内支教选派："+reason, func(ctx context.Context) error {
		if from != RoundPublished {
			return nil
		}
		return s.endNotice(ctx, r, "取消乡镇内支教选派："+reason)
	})
}

// manageRound reads a round the actor runs, in the status expected.
func (s *Service) manageRound(ctx context.Context, roundID int64, status RoundStatus) (*Round, error) {
	r, err := s.FindRoundByID(ctx, roundID)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationApply, r.Place()); err != nil {
		return nil, err
	}
	if r.Status != status {
		return nil, app.Errorf(app.Conflict, "选派当前为「"+RoundStatuses.Label(string(r.Status), "zh")+"」，不能进行此操作",
			"The round is "+RoundStatuses.Label(string(r.Status), "en")+"; this step is not possible")
	}
	return r, nil
}

// roundStep moves a round on from a status, with its audit row and what
// else the step does (its notice), in one transaction.
func (s *Service) roundStep(ctx context.Context, r *Round, from RoundStatus, action, summary string, also func(ctx context.Context) error) (*Round, error) {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.SetRoundStatus(ctx, r, from)
		if err != nil {
			return err
		}
		if !ok {
			return staleRound(nil)
		}
		if err := s.audit.Record(ctx, audit.Change{Action: action, Entity: "rotation_round", EntityID: r.ID,
			Summary: r.SchoolName + " " + summary, After: map[string]any{"status": r.Status, "notice_start": r.NoticeStart, "notice_end": r.NoticeEnd}}); err != nil {
			return err
		}
		return also(ctx)
	})
	if err != nil {
		return nil, err
	}
	return s.FindRoundByID(ctx, r.ID)
}

func staleRound(err error) error {
	if err != nil {
		return err
	}
	return app.Errorf(app.Conflict, "该选派刚被他人修改，请刷新后重试", "The round changed meanwhile; reload and try again")
}
