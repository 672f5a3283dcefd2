package staffing

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

// PostStore is what the posts, the appointments and the promotion list need.
type PostStore interface {
	FindConsortia(ctx context.Context, countyID int64) ([]*org.Consortium, error)
	FindEducatorByID(ctx context.Context, id int64) (*people.Educator, error)
	// FindPosts lists a unit's posts by grade with their active appointments counted.
	FindPosts(ctx context.Context, unitKind string, unitID int64) ([]*Post, error)
	SavePosts(ctx context.Context, p *Post) error
	// FindAppointments lists a unit's active appointments (no end date).
	FindAppointments(ctx context.Context, unitKind string, unitID int64) ([]*Appointment, error)
	FindAppointmentByID(ctx context.Context, id int64) (*Appointment, error)
	// ActiveAppointment is an educator's appointment without an end; NotFound if none.
	ActiveAppointment(ctx context.Context, educatorID int64) (*Appointment, error)
	CreateAppointment(ctx context.Context, a *Appointment) error
	EndAppointment(ctx context.Context, id int64, end app.Date) error
	// FindPromotionCandidates returns the established educators of a county (or one
	// of them, when educatorID is set) with a title, and their histories.
	FindPromotionCandidates(ctx context.Context, countyID, educatorID int64) ([]*Candidate, error)
	// FindPolicies lists the counties' stored rotation policies.
	FindPolicies(ctx context.Context, countyIDs []int64) ([]*rotation.Policy, error)
}

// Post grades (专业技术岗位等级) of primary and secondary teachers, lowest first.
const (
	GradeThird      = "third"       // 三级
	GradeSecond     = "second"      // 二级
	GradeFirst      = "first"       // 一级
	GradeSenior     = "senior"      // 高级
	GradeFullSenior = "full_senior" // 正高级
)

// Grades is the vocabulary of post grades, lowest first.
var Grades = app.Vocab{
	{Code: GradeThird, Zh: "三级", En: "Third grade"},
	{Code: GradeSecond, Zh: "二级", En: "Second grade"},
	{Code: GradeFirst, Zh: "一级", En: "First grade"},
	{Code: GradeSenior, Zh: "高级", En: "Senior"},
	{Code: GradeFullSenior, Zh: "正高级", En: "Full senior"},
}

// GradeOfTitle is the grade of a professional title (职称) as the roster
// writes it (二级教师, 中学高级教师 …); "" when it names none.
func GradeOfTitle(title string) string {
	switch {
	case strings.Contains(title, "正高级"):
		return GradeFullSenior
	case strings.Contains(title, "高级"):
		return GradeSenior
	case strings.Contains(title, "一级"):
		return GradeFirst
	case strings.Contains(title, "二级"):
		return GradeSecond
	case strings.Contains(title, "三级"):
		return GradeThird
	}
	return ""
}

// rank is a grade's place in Grades, -1 for none.
func rank(grade string) int {
	for i, t := range Grades {
		if t.Code == grade {
			return i
		}
	}
	return -1
}

// NextGrade is the grade above g; "" above 正高级 or for no grade.
func NextGrade(g string) string {
	if i := rank(g); i >= 0 && i+1 < len(Grades) {
		return Grades[i+1].Code
	}
	return ""
}

// Post is the number of posts of one grade in a unit, against the active
// appointments: Vacant = Posts - Appointed, negative when posts were used
// ahead of a vacancy (Ahead of the appointments were): the next post
// freed is theirs.
type Post struct {
	ID        int64     `json:"id,omitempty"`
	CountyID  int64     `json:"county_id"`
	UnitKind  string    `json:"unit_kind"`
	UnitID    int64     `json:"unit_id"`
	Grade     string    `json:"grade"`
	Posts     int       `json:"posts"`
	Appointed int       `json:"appointed"`
	Ahead     int       `json:"ahead"`
	Vacant    int       `json:"vacant"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Appointment is an educator appointed (聘用) to a post of a grade in a unit.
type Appointment struct {
	ID           int64    `json:"id"`
	CountyID     int64    `json:"county_id"`
	UnitKind     string   `json:"unit_kind"`
	UnitID       int64    `json:"unit_id"`
	EducatorID   int64    `json:"educator_id"`
	EducatorName string   `json:"educator_name"`
	Title        string   `json:"title"`
	Grade        string   `json:"grade"`
	Start        app.Date `json:"start"`
	End          app.Date `json:"end,omitzero"`
	// Ahead marks a post used ahead of a vacancy (提前使用岗位); Higher an
	// appointment one grade above the title (高聘一级).
	Ahead     bool      `json:"ahead"`
	Higher    bool      `json:"higher"`
	Note      string    `json:"note,omitempty"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Unit is where a school's posts are set: the school, or its rotation area.
type Unit struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// PostsView is a school's posts by grade, its unit's appointments, and the
// county's settings that decide the unit.
type PostsView struct {
	School       *org.School    `json:"school"`
	Unit         Unit           `json:"unit"`
	Posts        []*Post        `json:"posts"`
	Appointments []*Appointment `json:"appointments"`
	CanManage    bool           `json:"can_manage"`
}

// schoolFor returns a school on which the actor may do perm.
func (s *Service) schoolFor(ctx context.Context, id int64, perm auth.Permission) (*org.School, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, perm); err != nil {
		return nil, err
	}
	sc, err := s.store.FindSchoolByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, perm, sc.Place(), "学校"); err != nil {
		return nil, err
	}
	return sc, nil
}

// unitOf is where the school's posts are set this year: its consortium when
// the county sets posts per rotation area and the school is in one.
func (s *Service) unitOf(ctx context.Context, sc *org.School) (Unit, error) {
	st, err := s.settings(ctx, sc.CountyID, s.Today().Year)
	if err != nil {
		return Unit{}, err
	}
	if st.PostUnit == UnitArea && sc.ConsortiumID != 0 {
		return Unit{Kind: UnitArea, ID: sc.ConsortiumID, Name: sc.Consortium}, nil
	}
	return Unit{Kind: UnitSchool, ID: sc.ID, Name: sc.Name}, nil
}

// Posts returns a school's posts by grade, every grade listed, and its
// unit's active appointments.
func (s *Service) Posts(ctx context.Context, schoolID int64) (*PostsView, error) {
	sc, err := s.schoolFor(ctx, schoolID, auth.StaffingRead)
	if err != nil {
		return nil, err
	}
	v := &PostsView{School: sc, CanManage: auth.Decide(app.ActorOf(ctx), auth.StaffingManage, sc.Place(), "") == nil}
	if v.Unit, err = s.unitOf(ctx, sc); err != nil {
		return nil, err
	}
	if v.Posts, err = s.posts(ctx, sc.CountyID, v.Unit); err != nil {
		return nil, err
	}
	v.Appointments, err = s.store.FindAppointments(ctx, v.Unit.Kind, v.Unit.ID)
	return v, err
}

// posts lists a unit's posts with every grade present.
func (s *Service) posts(ctx context.Context, countyID int64, u Unit) ([]*Post, error) {
	have, err := s.store.FindPosts(ctx, u.Kind, u.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*Post, len(Grades))
	for i, g := range Grades {
		out[i] = &Post{CountyID: countyID, UnitKind: u.Kind, UnitID: u.ID, Grade: g.Code}
		for _, p := range have {
			if p.Grade == g.Code {
				out[i] = p
			}
		}
		out[i].Vacant = out[i].Posts - out[i].Appointed
	}
	return out, nil
}

// SetPosts sets the number of posts of a grade in a school's unit; never
// below the posts its appointments take.
func (s *Service) SetPosts(ctx context.Context, schoolID int64, grade string, n int) (*Post, error) {
	sc, err := s.schoolFor(ctx, schoolID, auth.StaffingManage)
	if err != nil {
		return nil, err
	}
	if !Grades.Has(grade) {
		return nil, app.InvalidValue("grade", grade)
	}
	if n < 0 || n > 10000 {
		return nil, &app.Error{Code: app.Invalid, Message: "岗位数应为非负整数", English: "The number of posts must be 0 or more",
			Fields: map[string]string{"posts": "invalid"}}
	}
	u, err := s.unitOf(ctx, sc)
	if err != nil {
		return nil, err
	}
	var out *Post
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		list, err := s.posts(ctx, sc.CountyID, u)
		if err != nil {
			return err
		}
		p := list[rank(grade)]
		before := *p
		if taken := p.Appointed - p.Ahead; n < taken {
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("%s岗位已聘%d人，岗位数不能少于%d", Grades.Label(grade, "zh"), taken, taken),
				English: fmt.Sprintf("%d are appointed to this grade; the posts cannot be fewer", taken), Fields: map[string]string{"posts": "invalid"}}
		}
		p.Posts, p.UpdatedBy, p.UpdatedAt = n, app.ActorOf(ctx).Label(), s.now()
		p.Vacant = p.Posts - p.Appointed
		if err := s.store.SavePosts(ctx, p); err != nil {
			return err
		}
		out = p
		return s.audit.Record(ctx, audit.Change{Action: "staffing.posts", Entity: "school", EntityID: sc.ID,
			Summary: fmt.Sprintf("设置%s%s岗位%d个", u.Name, Grades.Label(grade, "zh"), n), Before: before, After: p})
	})
	return out, err
}

// AppointInput appoints an educator to a post of a grade from a date.
type AppointInput struct {
	EducatorID int64    `json:"educator_id"`
	Grade      string   `json:"grade"`
	Start      app.Date `json:"start"`
	Note       string   `json:"note"`
}

// Appoint appoints an educator of the county to a post of their school's
// unit. The grade is at most their title's, or the next for a teacher
// who qualifies for promotion or moved from a town school to a rural one
// (高聘一级). Without a vacant
// post of the grade, only a long-serving teacher of a hardship school may
// use one ahead (提前使用岗位). Their previous appointment ends the day before.
func (s *Service) Appoint(ctx context.Context, in AppointInput) (*Appointment, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.StaffingManage); err != nil {
		return nil, err
	}
	ed, err := s.store.FindEducatorByID(ctx, in.EducatorID)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.StaffingManage, app.Place{CityID: ed.CityID, CountyID: ed.CountyID, SchoolID: ed.SchoolID}, "教职工"); err != nil {
		return nil, err
	}
	sc, err := s.store.FindSchoolByID(ctx, ed.SchoolID)
	if err != nil {
		return nil, err
	}
	if !Grades.Has(in.Grade) {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择岗位等级", English: "Choose the post grade", Fields: map[string]string{"grade": "required"}}
	}
	if !in.Start.Valid() {
		return nil, &app.Error{Code: app.Invalid, Message: "请填写聘用日期", English: "Give the start date", Fields: map[string]string{"start": "required"}}
	}
	p, err := s.promotionOf(ctx, ed)
	if err != nil {
		return nil, err
	}
	ap := &Appointment{CountyID: sc.CountyID, EducatorID: ed.ID, EducatorName: ed.Name, Title: ed.Title, Grade: in.Grade, Start: in.Start,
		Note: strings.TrimSpace(in.Note), CreatedBy: a.Label(), CreatedAt: s.now()}
	if err := checkGrade(ap, p); err != nil {
		return nil, err
	}
	u, err := s.unitOf(ctx, sc)
	if err != nil {
		return nil, err
	}
	ap.UnitKind, ap.UnitID = u.Kind, u.ID
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		list, err := s.posts(ctx, sc.CountyID, u)
		if err != nil {
			return err
		}
		prev, err := s.store.ActiveAppointment(ctx, ed.ID)
		switch {
		case app.ErrorCode(err) == app.NotFound:
			prev = nil
		case err != nil:
			return err
		}
		post := list[rank(in.Grade)]
		vacant := post.Vacant
		if prev != nil && prev.UnitKind == u.Kind && prev.UnitID == u.ID && prev.Grade == in.Grade {
			vacant++ // their own post, freed by ending it
		}
		if vacant <= 0 {
			if !p.Ahead || in.Grade != p.Next {
				return &app.Error{Code: app.Conflict, Message: fmt.Sprintf("%s暂无空缺的%s岗位", u.Name, Grades.Label(in.Grade, "zh")),
					English: "No vacant post of this grade", Fields: map[string]string{"grade": "invalid"}}
			}
			ap.Ahead = true
		}
		if prev != nil {
			if !prev.Start.Before(in.Start) {
				return &app.Error{Code: app.Invalid, Message: "聘用日期应晚于现聘岗位的起始日期" + prev.Start.Chinese(),
					English: "The start must follow the current appointment's", Fields: map[string]string{"start": "invalid"}}
			}
			if err := s.store.EndAppointment(ctx, prev.ID, in.Start.AddDays(-1)); err != nil {
				return err
			}
		}
		if err := s.store.CreateAppointment(ctx, ap); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "staffing.appoint", Entity: "educator", EntityID: ed.ID,
			Summary: fmt.Sprintf("聘用%s到%s%s岗位（%s起）%s", ed.Name, u.Name, Grades.Label(in.Grade, "zh"), in.Start.Chinese(), appointMarks(ap)),
			Before:  prev, After: ap})
	})
	if err != nil {
		return nil, err
	}
	return ap, nil
}

func appointMarks(ap *Appointment) string {
	var out []string
	if ap.Higher {
		out = append(out, "高聘一级")
	}
	if ap.Ahead {
		out = append(out, "提前使用岗位")
	}
	if len(out) == 0 {
		return ""
	}
	return "，" + strings.Join(out, "，")
}

// checkGrade allows a grade up to the title's, or one above it for a
// teacher the promotion rules let be promoted (评聘: appointed with the
// next title) or appointed one grade higher (高聘一级).
func checkGrade(ap *Appointment, p *Promotion) error {
	have := rank(GradeOfTitle(ap.Title))
	want := rank(ap.Grade)
	switch {
	case want <= have:
		return nil
	case want == have+1 && p.Qualifies:
		return nil
	case want == have+1 && p.Higher:
		ap.Higher = true
		return nil
	}
	return &app.Error{Code: app.Invalid, Message: "岗位等级高于其职称，且不符合晋升或高聘一级的条件",
		English: "The grade is above the title, and the teacher qualifies neither for promotion nor for one grade higher",
		Fields:  map[string]string{"grade": "invalid"}}
}

// EndAppointment ends an appointment on a date, freeing its post.
func (s *Service) EndAppointment(ctx context.Context, id int64, end app.Date) (*Appointment, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.StaffingManage); err != nil {
		return nil, err
	}
	ap, err := s.store.FindAppointmentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	ed, err := s.store.FindEducatorByID(ctx, ap.EducatorID)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.StaffingManage, app.Place{CityID: ed.CityID, CountyID: ap.CountyID, SchoolID: ed.SchoolID}, "岗位聘用"); err != nil {
		return nil, err
	}
	if !ap.End.IsZero() {
		return nil, app.Errorf(app.Conflict, "该聘用已经结束", "The appointment has ended")
	}
	if !end.Valid() || end.Before(ap.Start) {
		return nil, &app.Error{Code: app.Invalid, Message: "结束日期应不早于聘用日期" + ap.Start.Chinese(),
			English: "The end cannot precede the start", Fields: map[string]string{"end": "invalid"}}
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.EndAppointment(ctx, ap.ID, end); err != nil {
			return err
		}
		before := *ap
		ap.End = end
		return s.audit.Record(ctx, audit.Change{Action: "staffing.appointment_end", Entity: "educator", EntityID: ap.EducatorID,
			Summary: fmt.Sprintf("%s的%s岗位聘用于%s结束", ap.EducatorName, Grades.Label(ap.Grade, "zh"), end.Chinese()), Before: before, After: ap})
	})
	return ap, err
}
