package planning_test

import (
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// TestSwapCompatible: a swap or replacement keeps each school's teaching,
// so only a teacher of the same subject and a fitting stage is offered,
// and any other is refused with the reason.
func TestSwapCompatible(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		p := f.solved(f.hr, planning.ModeTeacher, nil)
		got := movesOf(p)
		mover := ""
		for _, name := range []string{"甲一", "甲二", "乙一", "乙三", "丁一", "己一", "子一"} { // primary 数学
			if _, in := got[f.key(name)]; in {
				mover = name
				break
			}
		}
		if mover == "" {
			t.Fatalf("no primary mathematics teacher in the plan: %v", got)
		}
		_, err := f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditSwap, Teacher: f.key(mover), Other: f.key("戊一")})
		wantErr(t, err, app.Invalid, "学段不符：")
		_, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditSwap, Teacher: f.key(mover), Other: f.key("甲四")})
		wantErr(t, err, app.Invalid, "只能与同学科的教师对调或替换")
		if edits, _ := db.FindPlanEdits(t.Context(), p.ID); len(edits) != 0 {
			t.Fatalf("refused swaps were recorded: %d", len(edits))
		}
		v, err := f.svc.FindView(f.hr, p.ID, planning.MoveFilter{})
		if err != nil {
			t.Fatal(err)
		}
		offered := map[string]bool{}
		for _, o := range v.SwapPairs {
			offered[o.Key] = true
			if strings.Contains(o.Key, f.key("戊一")) || strings.Contains(o.Key, f.key("甲四")) {
				t.Errorf("offered %s", o.Label)
			}
		}
		if len(offered) == 0 {
			t.Fatal("no swap offered")
		}
		for key := range offered {
			teacher, other, _ := strings.Cut(key, ":")
			if _, err := f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditSwap, Teacher: teacher, Other: other}); err != nil {
				t.Fatalf("an offered swap %s: %v", key, err)
			}
			break
		}
	})
}
