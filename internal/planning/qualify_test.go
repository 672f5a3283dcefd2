package planning_test

import (
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

// TestUnqualifiedPrincipal: of a principal plan's two moves, the one whose
// principal completed the qualification training is not flagged, the
// other is; those who see only the notice see no flag.
func TestUnqualifiedPrincipal(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		log := audit.NewLog(db, f.clock)
		tr := training.NewService(db, programme.NewService(db, log, f.clock), log, f.clock)
		f.svc.SetQualifier(tr)
		p := f.solved(f.hr, planning.ModePrincipal, func(s *planning.Settings) { n := 2; s.Target, s.IncludeVice = &n, false })
		if len(p.Moves) != 2 {
			t.Fatalf("principal plan moves %v, want 2", p.Moves)
		}
		qualified := planning.EducatorOf(p.Moves[0].Teacher)
		c, err := tr.CreateCourse(f.hr, training.CourseInput{Input: programme.Input{CountyID: f.k.ID, Details: programme.Details{Name: "中小学校长任职资格培训",
			Organiser: "甲县教师进修学校", Start: app.NewDate(2026, 3, 1), End: app.NewDate(2026, 6, 30)}},
			CourseTerms: training.CourseTerms{Audience: []string{"new_principal"}, Hours: 300, Mode: training.ModeFaceToFace, Capacity: 4,
				Enrolment: training.EnrolBoth, Qualifies: training.RequirementPrincipal}})
		f.must(err)
		k, err := tr.AddClass(f.hr, c.ID, training.ClassInput{Name: "第一期", Start: app.NewDate(2026, 3, 1), End: app.NewDate(2026, 6, 30)})
		f.must(err)
		_, err = tr.Enrol(f.hr, c.ID, training.EnrolInput{EducatorID: qualified, ClassID: k.ID})
		f.must(err)
		_, _, err = tr.CompleteClass(f.hr, k.ID)
		f.must(err)

		v, err := f.svc.FindView(f.hr, p.ID, planning.MoveFilter{})
		f.must(err)
		flagged := 0
		for _, m := range v.Moves {
			want := m.EducatorID != qualified
			if m.UnqualifiedPrincipal != want {
				t.Errorf("%s: unqualified_principal %v, want %v", m.Name, m.UnqualifiedPrincipal, want)
			}
			if m.UnqualifiedPrincipal {
				flagged++
			}
		}
		if len(v.Moves) != 2 || flagged != 1 {
			t.Errorf("%d of %d moves flagged, want 1 of 2", flagged, len(v.Moves))
		}
	})
}
