package placement_test

import (
	"context"
	"reflect"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// The workspace finds its placement once for itself, its progress and its
// records; what it gathers equals the same gathered finding it afresh
// each time, for everyone who reads it, and it is refused to the rest alike.
func TestWorkspaceEqualsAfresh(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, startClock())
		must[*placement.Record](t)(w.svc.SavePlan(w.a, w.ida, "九月：跟岗听课；十月：参与教研。"))
		for name, ctx := range map[string]context.Context{"participant": w.a, "mentor": w.mentor, "hr": w.hr,
			"school": w.school, "other participant": w.b, "outsider": w.other} {
			got, err := w.svc.Workspace(ctx, w.ida)
			want, werr := w.svc.WorkspaceAfresh(ctx, w.ida)
			if app.ErrorCode(err) != app.ErrorCode(werr) {
				t.Fatalf("%s: workspace %v, fresh calls %v", name, err, werr)
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Errorf("%s: workspace\n%+v\nfresh calls\n%+v", name, got, want)
			}
		}
	})
}
