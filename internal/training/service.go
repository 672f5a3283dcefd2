package training

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
)

// CourseStore is what courses, classes and enrolments need from the database.
type CourseStore interface {
	audit.Store
	FindEducatorByID(ctx context.Context, id int64) (*people.Educator, error)
	LockProgramme(ctx context.Context, id int64) error

	FindCourses(ctx context.Context, f CourseFilter) ([]*Course, int, error)
	FindCourseByID(ctx context.Context, id int64) (*Course, error)
	CreateCourse(ctx context.Context, c *Course) error
	UpdateCourse(ctx context.Context, c *Course) error
	FindClasses(ctx context.Context, courseID int64) ([]*Class, error)
	FindClassByID(ctx context.Context, id int64) (*Class, error)
	CreateClass(ctx context.Context, k *Class) error
	SetClassCompleted(ctx context.Context, id int64) error
	CreateClassSession(ctx context.Context, s *Session) error
	// FindClassSession returns a session with the number of people whose
	// attendance at it is recorded.
	FindClassSession(ctx context.Context, id int64) (*Session, int, error)
	UpdateClassSession(ctx context.Context, s *Session) error
	DeleteClassSession(ctx context.Context, id int64) error
	FindCourseEnrolments(ctx context.Context, f EnrolmentFilter) ([]*Enrolment, error)
	CreateEnrolment(ctx context.Context, e *Enrolment) error
	UpdateEnrolment(ctx context.Context, e *Enrolment) error
	// DeleteEnrolment removes an enrolment with its attendance and attempts.
	DeleteEnrolment(ctx context.Context, id int64) error
	// SetAttendance records who of a class attended a session: exactly the
	// enrolments listed.
	SetAttendance(ctx context.Context, sessionID int64, present []int64) error
	// FindAttendance returns, per enrolment of the class, the sessions attended.
	FindAttendance(ctx context.Context, classID int64) (map[int64][]int64, error)
}

// EnrolmentFilter selects enrolments; zero fields do not filter.
type EnrolmentFilter struct {
	ID         int64
	CourseID   int64
	ClassID    int64
	EducatorID int64
}

// Store is everything package training needs from the database.
type Store interface {
	CourseStore
	RecordStore
	AssessmentStore
	UnitStore
}

// Service is cadre and teacher training.
type Service struct {
	store      Store
	programmes *programme.Service
	audit      *audit.Log
	clock      app.Clock
}

// NewService returns the training service; courses are programmes of the
// programme service.
func NewService(store Store, programmes *programme.Service, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, programmes: programmes, audit: log, clock: clock}
}

// Today is the service's current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

var errNoRight = app.Errorf(app.Forbidden, "您没有执行此操作的权限", "You are not allowed to do this")

// unitsOf are the places whose published plan a reads: the county or city
// of each of its grants over the tree. Grants over one programme read that
// programme only, through ProgrammeRead.
func unitsOf(a *app.Actor) Units {
	var u Units
	if a == nil {
		return u
	}
	if a.System {
		return Units{All: true}
	}
	for _, g := range a.Grants {
		switch g.ScopeKind {
		case auth.ScopeGlobal:
			return Units{All: true}
		case auth.ScopeCity:
			u.AllOfCity = append(u.AllOfCity, g.ScopeID)
		case auth.ScopeCounty, auth.ScopeSchool:
			if g.Place.CountyID != 0 {
				u.Counties = append(u.Counties, g.Place.CountyID)
			}
			if g.Place.CityID != 0 {
				u.CityWide = append(u.CityWide, g.Place.CityID)
			}
		}
	}
	return u
}

// inUnits reports whether the course lies in the published plan of u.
func (u Units) has(c *Course) bool {
	switch {
	case u.All, slices.Contains(u.AllOfCity, c.CityID):
		return true
	case c.CityWide():
		return slices.Contains(u.CityWide, c.CityID)
	}
	return slices.Contains(u.Counties, c.CountyID)
}

// Empty reports whether u reaches no plan.
func (u Units) Empty() bool {
	return !u.All && len(u.Counties) == 0 && len(u.AllOfCity) == 0 && len(u.CityWide) == 0
}

// canRead reports whether a may read course c.
func canRead(a *app.Actor, c *Course) bool {
	return unitsOf(a).has(c) || auth.Decide(a, auth.ProgrammeRead, c.Place(), "") == nil
}

// CanManage reports whether the actor runs course c: its classes,
// enrolments, attendance, completion and question bank.
func (s *Service) CanManage(ctx context.Context, c *Course) bool {
	return auth.Decide(app.ActorOf(ctx), auth.ProgrammeManage, c.Place(), "") == nil
}

// CanCreate reports whether the actor may publish courses anywhere.
func (s *Service) CanCreate(ctx context.Context) bool {
	return auth.Can(app.ActorOf(ctx), auth.ProgrammeManage) == nil
}

// Courses lists the courses the actor may read, latest first.
func (s *Service) Courses(ctx context.Context, f CourseFilter) ([]*Course, int, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, 0, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	if f.Status != "" && !programme.Statuses.Has(f.Status) {
		return nil, 0, app.InvalidValue("status", f.Status)
	}
	if f.Year != 0 && (f.Year < 2000 || f.Year > 2100) {
		return nil, 0, app.InvalidValue("year", fmt.Sprint(f.Year))
	}
	f.Q, f.Today = strings.TrimSpace(f.Q), s.Today()
	f.Within, f.Units = auth.ScopeOf(a, auth.ProgrammeRead), unitsOf(a)
	list, total, err := s.store.FindCourses(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	for _, c := range list {
		s.setStatus(c)
	}
	return list, total, nil
}

func (s *Service) setStatus(c *Course) { c.Status = programme.StatusOn(c.Start, c.End, s.Today()) }

// Course returns a course the actor may read.
func (s *Service) Course(ctx context.Context, id int64) (*Course, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	c, err := s.store.FindCourseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canRead(a, c) {
		return nil, app.ErrNotFound("课程")
	}
	s.setStatus(c)
	return c, nil
}

// managed returns a course the actor manages, its programme's row locked
// until the transaction ends.
func (s *Service) managed(ctx context.Context, id int64) (*Course, error) {
	c, err := s.Course(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.CanManage(ctx, c) {
		// Those who read the plan but do not run the course find nothing to change.
		return nil, app.ErrNotFound("课程")
	}
	if err := s.store.LockProgramme(ctx, id); err != nil {
		return nil, err
	}
	c, err = s.store.FindCourseByID(ctx, id)
	if err == nil {
		s.setStatus(c)
	}
	return c, err
}

// CreateCourse publishes a course: a training programme with its terms.
func (s *Service) CreateCourse(ctx context.Context, in CourseInput) (*Course, error) {
	if !s.CanCreate(ctx) {
		return nil, errNoRight
	}
	c := &Course{}
	if err := in.validate(c); err != nil {
		return nil, err
	}
	in.Kind = programme.KindTraining
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.programmes.Create(ctx, in.Input)
		if err != nil {
			return err
		}
		c.Programme = p
		if err := s.store.CreateCourse(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.course.create", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("发布培训课程“%s”（%d学时，%s）", p.Name, c.Hours, Modes.Label(c.Mode, "zh")), After: c})
	})
	if err != nil {
		return nil, err
	}
	return s.Course(ctx, c.ID)
}

// Classes lists a course's classes with their sessions.
func (s *Service) Classes(ctx context.Context, c *Course) ([]*Class, error) {
	list, err := s.store.FindClasses(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range list {
		k.Status = k.statusOn(s.Today())
	}
	return list, nil
}

// Class returns a class of a course the actor may read.
func (s *Service) Class(ctx context.Context, id int64) (*Class, *Course, error) {
	k, err := s.store.FindClassByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Course(ctx, k.CourseID)
	if err != nil {
		return nil, nil, app.ErrNotFound("班级")
	}
	k.Status = k.statusOn(s.Today())
	return k, c, nil
}

// AddClass opens a class of a course.
func (s *Service) AddClass(ctx context.Context, courseID int64, in ClassInput) (*Class, error) {
	k := &Class{CourseID: courseID}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.managed(ctx, courseID)
		if err != nil {
			return err
		}
		if err := in.validate(c, k); err != nil {
			return err
		}
		if err := s.store.CreateClass(ctx, k); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.class.create", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("课程“%s”开设%s（%s至%s）", c.Name, k.Name, k.Start.Chinese(), k.End.Chinese()), After: k})
	})
	if err != nil {
		return nil, err
	}
	k.Status = k.statusOn(s.Today())
	return k, nil
}

// managedClass returns a class and its course, which the actor manages,
// the course locked.
func (s *Service) managedClass(ctx context.Context, classID int64) (*Class, *Course, error) {
	k, _, err := s.Class(ctx, classID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.managed(ctx, k.CourseID)
	if err != nil {
		return nil, nil, err
	}
	return k, c, nil
}

// AddSession schedules a session of a class on a day within its dates.
func (s *Service) AddSession(ctx context.Context, classID int64, day app.Date, topic string) (*Session, error) {
	ss := &Session{ClassID: classID, Day: day, Topic: strings.TrimSpace(topic)}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		k, c, err := s.managedClass(ctx, classID)
		if err != nil {
			return err
		}
		if err := ss.validate(k); err != nil {
			return err
		}
		if err := s.store.CreateClassSession(ctx, ss); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.session.create", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s·%s安排课程：%s %s", c.Name, k.Name, day.Chinese(), ss.Topic), After: ss})
	})
	return ss, err
}

// Attendance returns, per enrolment of a class, the sessions attended.
func (s *Service) Attendance(ctx context.Context, k *Class) (map[int64][]int64, error) {
	return s.store.FindAttendance(ctx, k.ID)
}
