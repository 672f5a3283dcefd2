package training_test

import (
	"context"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

// TestHomeroomGate: a homeroom teacher (班主任) is flagged until they
// complete a course that gives the homeroom certificate; an enrolment not
// yet completed, or a completed course that gives no certificate, does not
// lift the flag; one who is not a homeroom teacher is never flagged. The
// record's flags, the educator as read, the hours report and the batch
// question rotation plans ask all agree.
func TestHomeroomGate(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			f := newFixture(t, dialect)
			d := app.NewDate
			ctx := context.Background()
			homeroom := storetest.MustCreateEducator(t, f.db, f.sk, "班主任甲", func(e *people.Educator) { e.Homeroom = true })
			plain := f.ek[0]
			check := func(stage string, want bool) {
				t.Helper()
				r := must(f.svc.Record(f.hrK, must(f.db.FindEducatorByID(ctx, homeroom.ID))))
				flagged := len(r.Flags) == 1 && r.Flags[0].Requirement == training.RequirementHomeroom && r.Flags[0].Zh != ""
				if flagged != want || (!want && len(r.Flags) != 0) || r.Qualified[training.RequirementHomeroom] == want {
					t.Errorf("%s: record flags %+v, qualified %v; want flagged %v", stage, r.Flags, r.Qualified, want)
				}
				if e := must(f.db.FindEducatorByID(ctx, homeroom.ID)); !e.Homeroom || e.HomeroomUncertified != want {
					t.Errorf("%s: educator homeroom %v, homeroom_uncertified %v; want %v", stage, e.Homeroom, e.HomeroomUncertified, want)
				}
				batch := must(f.svc.HomeroomUncertified(ctx, []int64{homeroom.ID, plain.ID}))
				if batch[homeroom.ID] != want || batch[plain.ID] {
					t.Errorf("%s: HomeroomUncertified %v, want %v for %d only", stage, batch, want, homeroom.ID)
				}
				rep := must(f.svc.HoursReport(f.hrK, 0, f.sk.ID, false))
				for _, l := range rep.Lines {
					if l.HomeroomUncertified != (want && l.EducatorID == homeroom.ID) {
						t.Errorf("%s: report line %s homeroom_uncertified %v", stage, l.Name, l.HomeroomUncertified)
					}
				}
				if r := must(f.svc.Record(f.hrK, plain)); len(r.Flags) != 0 {
					t.Errorf("%s: a teacher who is no homeroom teacher flagged: %+v", stage, r.Flags)
				}
			}
			check("no training", true)

			// A completed course that gives no certificate.
			other := f.course("班主任论坛", d(2026, 3, 1), d(2026, 4, 30), nil)
			k := f.class(other, d(2026, 3, 1), d(2026, 4, 30))
			must(f.svc.Enrol(f.hrK, other.ID, training.EnrolInput{EducatorID: homeroom.ID, ClassID: k.ID}))
			must2(f.svc.CompleteClass(f.hrK, k.ID))
			check("a completed course without the certificate", true)

			// The certificate's course, enrolled in a class still running.
			cert := f.course("中小学班主任全员培训", d(2026, 3, 1), d(2026, 12, 31), func(in *training.CourseInput) {
				in.Qualifies, in.Certificate = training.RequirementHomeroom, true
			})
			running := f.class(cert, d(2026, 9, 1), d(2026, 12, 31))
			enrolment := must(f.svc.Enrol(f.hrK, cert.ID, training.EnrolInput{EducatorID: homeroom.ID, ClassID: running.ID}))
			check("enrolled, not completed", true)

			// Another educator completes it: nothing changes for this one.
			done := must(f.svc.AddClass(f.hrK, cert.ID, training.ClassInput{Name: "第二期", Start: d(2026, 3, 1), End: d(2026, 6, 30)}))
			must(f.svc.Enrol(f.hrK, cert.ID, training.EnrolInput{EducatorID: f.ek[1].ID, ClassID: done.ID}))
			must2(f.svc.CompleteClass(f.hrK, done.ID))
			check("a colleague completed it", true)

			// Completing it lifts the flag.
			must(f.svc.Withdraw(f.hrK, enrolment.ID))
			passed := must(f.svc.AddClass(f.hrK, cert.ID, training.ClassInput{Name: "第三期", Start: d(2026, 5, 1), End: d(2026, 7, 31)}))
			must(f.svc.Enrol(f.hrK, cert.ID, training.EnrolInput{EducatorID: homeroom.ID, ClassID: passed.ID}))
			must2(f.svc.CompleteClass(f.hrK, passed.ID))
			check("certificate obtained", false)

			// No longer a homeroom teacher: no flag, whatever the record.
			must0(f.db.UpdateHomeroom(ctx, homeroom.ID, false))
			if e := must(f.db.FindEducatorByID(ctx, homeroom.ID)); e.Homeroom || e.HomeroomUncertified {
				t.Errorf("not a homeroom teacher: %+v", e)
			}
			if r := must(f.svc.Record(f.hrK, must(f.db.FindEducatorByID(ctx, homeroom.ID)))); len(r.Flags) != 0 {
				t.Errorf("not a homeroom teacher, flagged: %+v", r.Flags)
			}
			must0(f.db.UpdateHomeroom(ctx, homeroom.ID, true))
			check("a homeroom teacher again, certified", false)
		})
	}
}
