package training

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// SetAttendance records who of a class attended one of its sessions:
// exactly the educators listed, who must be enrolled in the class.
func (s *Service) SetAttendance(ctx context.Context, classID, sessionID int64, present []int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		k, c, err := s.managedClass(ctx, classID)
		if err != nil {
			return err
		}
		var session *Session
		for _, ss := range k.Sessions {
			if ss.ID == sessionID {
				session = ss
			}
		}
		if session == nil {
			return &app.Error{Code: app.Invalid, Message: "请选择本班的一次课", English: "Choose a session of this class",
				Fields: map[string]string{"session_id": "invalid"}}
		}
		if k.Completed {
			return app.Errorf(app.Conflict, k.Name+"已结业，考勤不能再改", k.Name+" has completed; its attendance is closed")
		}
		list, err := s.store.FindCourseEnrolments(ctx, EnrolmentFilter{ClassID: k.ID})
		if err != nil {
			return err
		}
		byEducator := map[int64]*Enrolment{}
		for _, e := range list {
			if e.Status == StatusEnrolled {
				byEducator[e.EducatorID] = e
			}
		}
		var ids []int64
		var names []string
		for _, ed := range present {
			e := byEducator[ed]
			if e == nil {
				return &app.Error{Code: app.Invalid, Message: "考勤名单中有不在本班的人员", English: "The attendance lists someone not in this class",
					Fields: map[string]string{"present": "invalid"}}
			}
			if !slices.Contains(ids, e.ID) {
				ids, names = append(ids, e.ID), append(names, e.Name)
			}
		}
		if err := s.store.SetAttendance(ctx, session.ID, ids); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.attendance", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s·%s %s考勤：出勤%d人", c.Name, k.Name, session.Day.Chinese(), len(ids)),
			After:   map[string]any{"session_id": session.ID, "present": names}})
	})
}

// Verdict is whether one enrolment meets its course's completion rules,
// with the reasons when it does not.
type Verdict struct {
	Complete bool
	// Reasons say in Chinese what is missing.
	Reasons []string
}

// judge applies the course's completion rules: attended sessions of all,
// assignments handed in, and a passed assessment where the course has one.
func (c *Course) judge(sessions, attended, assignments int, passed bool) Verdict {
	var v Verdict
	if sessions > 0 && attended*100 < c.MinAttendance*sessions {
		v.Reasons = append(v.Reasons, fmt.Sprintf("出勤%d/%d次，未达%d%%", attended, sessions, c.MinAttendance))
	}
	if assignments < c.Assignments {
		v.Reasons = append(v.Reasons, fmt.Sprintf("作业%d/%d份", assignments, c.Assignments))
	}
	if c.Assessment && !passed {
		v.Reasons = append(v.Reasons, "在线考核未合格")
	}
	v.Complete = len(v.Reasons) == 0
	return v
}

// CompleteClass closes a class on or after its last day: every enrolled
// person who meets the course's rules completes, with the course's hours
// credited to their record and, where the course gives one, a certificate;
// the others do not complete. It returns the numbers of each.
func (s *Service) CompleteClass(ctx context.Context, classID int64) (done, failed int, err error) {
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		k, c, err := s.managedClass(ctx, classID)
		if err != nil {
			return err
		}
		if k.Completed {
			return app.Errorf(app.Conflict, k.Name+"已结业", k.Name+" has completed already")
		}
		if s.Today().Before(k.End) {
			return app.Errorf(app.Conflict, fmt.Sprintf("%s于%s结束，届时方可结业", k.Name, k.End.Chinese()),
				fmt.Sprintf("%s ends on %s; it completes then", k.Name, k.End))
		}
		list, err := s.store.FindCourseEnrolments(ctx, EnrolmentFilter{ClassID: k.ID})
		if err != nil {
			return err
		}
		for _, e := range list {
			if e.Status != StatusEnrolled {
				continue
			}
			passed := false
			if c.Assessment {
				if passed, err = s.store.HasPassed(ctx, e.ID); err != nil {
					return err
				}
			}
			v := c.judge(len(k.Sessions), e.Attended, e.Assignments, passed)
			e.Status = StatusFailed
			if v.Complete {
				e.Status = StatusCompleted
				if err := s.credit(ctx, c, k, e); err != nil {
					return err
				}
				done++
			} else {
				failed++
			}
			if err := s.store.UpdateEnrolment(ctx, e); err != nil {
				return err
			}
		}
		if err := s.store.SetClassCompleted(ctx, k.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.complete", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s·%s结业：%d人结业，%d人未结业", c.Name, k.Name, done, failed)})
	})
	return done, failed, err
}

// credit writes the course's hours to a completing educator's record and,
// where the course gives one, issues the certificate.
func (s *Service) credit(ctx context.Context, c *Course, k *Class, e *Enrolment) error {
	now := s.clock.Now()
	by := app.ActorOf(ctx).Label()
	cr := &Credit{EducatorID: e.EducatorID, EnrolmentID: e.ID, Title: c.Name, Hours: c.Hours, CreditedOn: k.End, Year: k.End.Year,
		CreatedBy: by, CreatedAt: now}
	if err := s.store.CreateCredit(ctx, cr); err != nil {
		return err
	}
	if !c.Certificate {
		return nil
	}
	number, err := NewCertificateNumber()
	if err != nil {
		return err
	}
	cert := &Certificate{Number: number, EnrolmentID: e.ID, EducatorID: e.EducatorID, Holder: e.Name, Course: c.Name, Hours: c.Hours,
		IssuedOn: k.End, Qualifies: c.Qualifies}
	return s.store.CreateCertificate(ctx, cert)
}

// Credit is hours on an educator's training record, from one completion.
type Credit struct {
	ID          int64     `json:"id"`
	EducatorID  int64     `json:"educator_id"`
	EnrolmentID int64     `json:"enrolment_id"`
	Title       string    `json:"title"`
	Hours       int       `json:"hours"`
	CreditedOn  app.Date  `json:"credited_on"`
	Year        int       `json:"year"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// Certificate is a training certificate (培训合格证书).
type Certificate struct {
	ID          int64    `json:"id"`
	Number      string   `json:"number"`
	EnrolmentID int64    `json:"enrolment_id"`
	EducatorID  int64    `json:"educator_id"`
	Holder      string   `json:"holder"`
	Course      string   `json:"course"`
	Hours       int      `json:"hours"`
	IssuedOn    app.Date `json:"issued_on"`
	// Qualifies is the requirement the course meets, read from the course.
	Qualifies string `json:"qualifies"`
}

// numberAlphabet has 30 letters and digits that cannot be mistaken for one
// another (no 0/O, 1/I/L, U).
const numberAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

// numberLength is the letters of a certificate number: 16 of 30 carry
// about 78 bits, far beyond guessing.
const numberLength = 16

// NewCertificateNumber draws a certificate number from crypto/rand, written
// in four groups of four: XXXX-XXXX-XXXX-XXXX.
func NewCertificateNumber() (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for n := 0; n < numberLength; {
		if _, err := rand.Read(buf); err != nil {
			return "", app.Wrap("training.NewCertificateNumber", err)
		}
		// Reject the top of the byte range so each letter is equally likely.
		if int(buf[0]) >= 256-256%len(numberAlphabet) {
			continue
		}
		if n > 0 && n%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(numberAlphabet[int(buf[0])%len(numberAlphabet)])
		n++
	}
	return b.String(), nil
}

// NormalizeNumber writes a typed certificate number the way it is stored:
// capitals, in groups of four; it reports false for anything that cannot
// be a number, so a lookup need not touch the database.
func NormalizeNumber(s string) (string, bool) {
	var letters []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
		case r < 128 && strings.IndexByte(numberAlphabet, byte(r)) >= 0:
			letters = append(letters, byte(r))
		default:
			return "", false
		}
	}
	if len(letters) != numberLength {
		return "", false
	}
	var b strings.Builder
	for i, c := range letters {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return b.String(), true
}
