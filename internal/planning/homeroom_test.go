package planning_test

import (
	"context"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

// TestHomeroomUncertifiedMove: of a teacher plan's moves, those of
// homeroom teachers without the homeroom certificate are flagged, the
// certified homeroom teacher's and the others' are not.
func TestHomeroomUncertifiedMove(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		log := audit.NewLog(db, f.clock)
		tr := training.NewService(db, programme.NewService(db, log, f.clock), log, f.clock)
		f.svc.SetQualifier(tr)
		p := f.solved(f.hr, planning.ModeTeacher, three)
		if len(p.Moves) < 3 {
			t.Fatalf("teacher plan moves %v, want at least 3", p.Moves)
		}
		uncertified, certified := planning.EducatorOf(p.Moves[0].Teacher), planning.EducatorOf(p.Moves[1].Teacher)
		ctx := context.Background()
		f.must(db.UpdateHomeroom(ctx, uncertified, true))
		f.must(db.UpdateHomeroom(ctx, certified, true))
		c, err := tr.CreateCourse(f.hr, training.CourseInput{Input: programme.Input{CountyID: f.k.ID, Details: programme.Details{Name: "中小学班主任全员培训",
			Organiser: "甲县教师进修学校", Start: app.NewDate(2026, 3, 1), End: app.NewDate(2026, 6, 30)}},
			CourseTerms: training.CourseTerms{Audience: []string{"homeroom"}, Hours: 24, Mode: training.ModeFaceToFace, Capacity: 4,
				Enrolment: training.EnrolBoth, Qualifies: training.RequirementHomeroom, Certificate: true}})
		f.must(err)
		k, err := tr.AddClass(f.hr, c.ID, training.ClassInput{Name: "第一期", Start: app.NewDate(2026, 3, 1), End: app.NewDate(2026, 6, 30)})
		f.must(err)
		_, err = tr.Enrol(f.hr, c.ID, training.EnrolInput{EducatorID: certified, ClassID: k.ID})
		f.must(err)
		_, _, err = tr.CompleteClass(f.hr, k.ID)
		f.must(err)

		v, err := f.svc.FindView(f.hr, p.ID, planning.MoveFilter{})
		f.must(err)
		flagged := 0
		for _, m := range v.Moves {
			if want := m.EducatorID == uncertified; m.HomeroomUncertified != want {
				t.Errorf("%s: homeroom_uncertified %v, want %v", m.Name, m.HomeroomUncertified, want)
			}
			if m.HomeroomUncertified {
				flagged++
			}
		}
		if flagged != 1 {
			t.Errorf("%d moves flagged, want 1", flagged)
		}
	})
}
