package rotation_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// A submitted return is a snapshot: records that change after submission
// change the current figures, never the submitted ones or their annexes; a
// resubmission is a new version with its reason, late after 30 September,
// and the older version stays readable.
func TestReturnSnapshot(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		reportFixture(t, f)
		county := rotation.ReturnFilter{Year: 2026, CountyID: f.k.ID}
		annexes := func(flt rotation.ReturnFilter) [2][]byte {
			t.Helper()
			var out [2][]byte
			for i := range out {
				b, _, err := f.svc.ReturnAnnex(f.hr, flt, i+1)
				if err != nil {
					t.Fatal(err)
				}
				out[i] = b
			}
			return out
		}
		before := annexes(county)
		sub, err := f.svc.SubmitReturn(f.hr, f.k.ID, 2026, rotation.SubmitInput{})
		if err != nil || sub.Version != 1 || sub.Late {
			t.Fatalf("submit: %+v %v", sub, err)
		}
		submitted := annexes(county)
		if len(submitted[0]) == 0 || len(submitted[1]) == 0 {
			t.Fatal("no annexes stored")
		}
		rt, err := f.svc.FindReturn(f.hr, county)
		if err != nil {
			t.Fatal(err)
		}
		if k := rt.Counties[0]; !k.Snapshot || k.Current != nil || k.Rotated != 6 || len(k.People) != 7 || len(k.Versions) != 1 {
			t.Fatalf("just submitted: snapshot %v, current %+v, rotated %d, %d people, %d versions", k.Snapshot, k.Current, k.Rotated,
				len(k.People), len(k.Versions))
		}
		if !bytes.Equal(rows(t, before[1]), rows(t, submitted[1])) {
			t.Error("the stored annex 2 differs from the one generated just before submission")
		}

		// The records change: a person imported late, with an exchange.
		late := f.educator(f.u1, "补录甲", func(e *people.Educator) { e.JoinedSchool = d("2012-09-01") })
		x := f.exchange(f.hr, late, f.r1, "support", "2026-09-01", "2029-08-31")
		f.step(f.hr, x, "announced", "2026-09-20", "")

		rt, err = f.svc.FindReturn(f.hr, county)
		if err != nil {
			t.Fatal(err)
		}
		k := rt.Counties[0]
		if !k.Snapshot || k.Rotated != 6 || len(k.People) != 7 || rt.Total.Rotated != 6 {
			t.Errorf("submitted figures changed: rotated %d (total %d), %d people", k.Rotated, rt.Total.Rotated, len(k.People))
		}
		if k.Current == nil || len(k.Current.People) != 8 || k.Current.MustRotate != 18 || k.Current.Rotated != 7 {
			t.Fatalf("current figures: %+v", k.Current)
		}
		after := annexes(county)
		if !bytes.Equal(after[0], submitted[0]) || !bytes.Equal(after[1], submitted[1]) {
			t.Error("the annexes of the submitted year changed after the records did")
		}
		now := annexes(rotation.ReturnFilter{Year: 2026, CountyID: f.k.ID, Current: true})
		if bytes.Equal(rows(t, now[1]), rows(t, submitted[1])) {
			t.Error("the current annex 2 is the submitted one")
		}
		live, err := f.svc.FindReturn(f.hr, rotation.ReturnFilter{Year: 2026, CountyID: f.k.ID, Current: true})
		if err != nil || live.Counties[0].Snapshot || live.Counties[0].MustRotate != 18 {
			t.Fatalf("current return: %v", err)
		}
		// The city sees K as submitted and L as counted now.
		city, err := f.svc.FindReturn(f.city1, rotation.ReturnFilter{Year: 2026})
		if err != nil || city.Total.MustRotate != 17+1 || city.Total.Rotated != 6+1 || city.Counties[0].Snapshot == city.Counties[1].Snapshot {
			t.Fatalf("city total: %+v %v", city.Total.Figures, err)
		}

		// A resubmission needs its reason; after 30 September it is late.
		f.clock.Advance(18 * 24 * time.Hour)
		wantErr(t, mustErr(f.svc.SubmitReturn(f.hr, f.k.ID, 2026, rotation.SubmitInput{Reason: " "})), app.Invalid, "请说明原因")
		sub2, err := f.svc.SubmitReturn(f.hr, f.k.ID, 2026, rotation.SubmitInput{Reason: "补录漏报人员"})
		if err != nil || sub2.Version != 2 || !sub2.Late || sub2.Reason != "补录漏报人员" {
			t.Fatalf("resubmit: %+v %v", sub2, err)
		}
		rt, _ = f.svc.FindReturn(f.hr, county)
		if k := rt.Counties[0]; k.Submission.Version != 2 || !k.Submission.Late || k.MustRotate != 18 || k.Current != nil ||
			len(k.Versions) != 2 || k.Versions[0].Version != 1 || k.Versions[1].Reason != "补录漏报人员" {
			t.Fatalf("after resubmission: %+v", k)
		}
		old, err := f.svc.FindReturn(f.hr, rotation.ReturnFilter{Year: 2026, CountyID: f.k.ID, Version: 1})
		if err != nil || old.Counties[0].Submission.Version != 1 || old.Counties[0].MustRotate != 17 || old.Counties[0].Current == nil {
			t.Fatalf("version 1: %v", err)
		}
		v1 := annexes(rotation.ReturnFilter{Year: 2026, CountyID: f.k.ID, Version: 1})
		if !bytes.Equal(v1[0], submitted[0]) || !bytes.Equal(v1[1], submitted[1]) {
			t.Error("version 1's annexes changed")
		}
		_, err = f.svc.FindReturn(f.hr, rotation.ReturnFilter{Year: 2026, CountyID: f.k.ID, Version: 3})
		wantErr(t, err, app.NotFound, "")
		_, err = f.svc.FindReturn(f.hr, rotation.ReturnFilter{Year: 2026, CountyID: f.l.ID, Version: 1})
		wantErr(t, err, app.NotFound, "")

		entries, _, err := db.FindAudit(context.Background(), audit.Filter{Action: "rotation.return.submit"})
		if err != nil || len(entries) != 2 || !strings.Contains(entries[0].Summary+entries[1].Summary, "第2版，逾期报送，原因：补录漏报人员") {
			t.Fatalf("audit: %d entries %v", len(entries), err)
		}
	})
}

func mustErr(_ any, err error) error { return err }

// rows reads the cells of an annex's first sheet, to compare what two
// workbooks say rather than their bytes.
func rows(t *testing.T, b []byte) []byte {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rs, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for _, r := range rs {
		out = append(out, strings.Join(r, "\t")+"\n"...)
	}
	return out
}
