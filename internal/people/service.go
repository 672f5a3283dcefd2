package people

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
)

// Store is what package people needs from the database.
type Store interface {
	audit.Store
	FindEducators(ctx context.Context, f EducatorFilter) ([]*Educator, int, error)
	CountEducators(ctx context.Context, f EducatorFilter) (total, backbone int, err error)
	// The counter of the data the counts are made of (countcache.go).
	app.VersionReader
	FindEducatorByID(ctx context.Context, id int64) (*Educator, error)
	FindCareer(ctx context.Context, educatorID int64) ([]*CareerEntry, error)
	EducatorCipher(ctx context.Context, id int64) ([]byte, error)
	UpdateHomeroom(ctx context.Context, id int64, homeroom bool) error
}

// Service reads educators within the actor's scope and reveals ID numbers
// to those allowed, auditing each reveal.
type Service struct {
	store  Store
	cipher *Cipher
	audit  *audit.Log
	clock  app.Clock
	// counts keeps CountEducators' answers while the data is unchanged.
	counts *app.Kept[[2]int]
}

// NewService returns the people service.
func NewService(store Store, cipher *Cipher, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, cipher: cipher, audit: log, clock: clock,
		counts: &app.Kept[[2]int]{Name: countsVersion, Max: maxCachedCounts}}
}

// FindEducators lists educators matching f inside the actor's scope.
func (s *Service) FindEducators(ctx context.Context, f EducatorFilter) ([]*Educator, int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.EducatorRead); err != nil {
		return nil, 0, err
	}
	f.Within = auth.ScopeOf(a, auth.EducatorRead)
	if f.AgeOn.IsZero() {
		f.AgeOn = app.DateOf(s.clock.Now())
	}
	es, n, err := s.store.FindEducators(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	for _, e := range es {
		s.redact(ctx, e)
	}
	return es, n, nil
}

// CountEducators counts the educators matching f inside the actor's scope
// (FindEducators' total, without sorting and reading a page) and the
// backbone teachers among them.
func (s *Service) CountEducators(ctx context.Context, f EducatorFilter) (total, backbone int, err error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.EducatorRead); err != nil {
		return 0, 0, err
	}
	f.Within = auth.ScopeOf(a, auth.EducatorRead)
	if f.AgeOn.IsZero() {
		f.AgeOn = app.DateOf(s.clock.Now())
	}
	return s.cachedCount(ctx, f)
}

// redact fills the age and birth month and keeps the birth date only for
// those who may see full ID numbers.
func (s *Service) redact(ctx context.Context, e *Educator) {
	e.Age = app.Age(e.BirthDate, app.DateOf(s.clock.Now()))
	e.BirthDate, e.BirthMonth = RedactBirthDate(ctx, e.Place(), e.BirthDate)
}

// RedactBirthDate returns the birth date as the actor may see it at place p:
// whole to those who may reveal ID numbers there, else zero, with the year
// and month (1981-11) for everyone.
func RedactBirthDate(ctx context.Context, p app.Place, d app.Date) (app.Date, string) {
	month := ""
	if !d.IsZero() {
		month = fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	}
	if auth.Decide(app.ActorOf(ctx), auth.IDReveal, p, "") != nil {
		return app.Date{}, month
	}
	return d, month
}

// FindEducatorByID returns an educator inside the actor's scope.
func (s *Service) FindEducatorByID(ctx context.Context, id int64) (*Educator, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.EducatorRead); err != nil {
		return nil, err
	}
	e, err := s.store.FindEducatorByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.EducatorRead, e.Place(), "教职工"); err != nil {
		return nil, err
	}
	s.redact(ctx, e)
	return e, nil
}

// FindCareer returns the career history of an educator inside the actor's scope.
func (s *Service) FindCareer(ctx context.Context, educatorID int64) ([]*CareerEntry, error) {
	if _, err := s.FindEducatorByID(ctx, educatorID); err != nil {
		return nil, err
	}
	return s.store.FindCareer(ctx, educatorID)
}

// CanReveal reports whether the actor may reveal e's full ID number.
func CanReveal(ctx context.Context, e *Educator) bool {
	return auth.Decide(app.ActorOf(ctx), auth.IDReveal, e.Place(), "") == nil
}

// RevealIDNumber returns an educator's full ID number to an actor whose grant
// allows it, with a stated reason; the reveal is an audit row.
func (s *Service) RevealIDNumber(ctx context.Context, id int64, reason string) (IDNumber, error) {
	e, err := s.FindEducatorByID(ctx, id)
	if err != nil {
		return "", err
	}
	a := app.ActorOf(ctx)
	if err := auth.Decide(a, auth.IDReveal, e.Place(), "教职工"); err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return "", app.Errorf(app.Forbidden, "您没有查看完整身份证号的权限", "You may not see full ID numbers")
		}
		return "", err
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) < 2 {
		return "", &app.Error{Code: app.Invalid, Message: "请填写查看完整身份证号的理由", English: "Give a reason for revealing the ID number",
			Fields: map[string]string{"reason": "required"}}
	}
	if utf8.RuneCountInString(reason) > 200 {
		return "", &app.Error{Code: app.Invalid, Message: "理由最多200字", English: "The reason has at most 200 characters",
			Fields: map[string]string{"reason": "too_long"}}
	}
	sealed, err := s.store.EducatorCipher(ctx, id)
	if err != nil {
		return "", app.Wrap("people.RevealIDNumber", err)
	}
	num, err := s.cipher.Open(sealed)
	if err != nil {
		return "", app.Wrap("people.RevealIDNumber", err)
	}
	err = s.audit.Record(ctx, audit.Change{Action: "idnumber.reveal", Entity: "educator", EntityID: id,
		Summary: "查看 " + e.Name + " 的完整身份证号（" + e.IDMasked + "），理由：" + reason})
	if err != nil {
		return "", err
	}
	return num, nil
}
