package rotation_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// reportFixture builds the hand-counted county K (and its neighbour L) of
// TestReportFigures. The comments give the count each line adds.
func reportFixture(t *testing.T, f *fixture) {
	t.Helper()
	// K's policy for 2026, first year 2025: the quota is 10 %.
	in := rotation.InputOf(rotation.DefaultPolicy(f.k.ID, 2026))
	in.FirstYear = 2025
	if _, err := f.svc.UpdatePolicy(f.hr, f.k.ID, 2026, in); err != nil {
		t.Fatal(err)
	}
	// Must rotate in K: a1–a10 at u1 (a1, a2 backbone), b1–b5 at t1, the
	// principal c1 of u2, the vice principal c2 of r1: 17, 2 of them heads.
	a := make([]*people.Educator, 11)
	for i := 1; i <= 10; i++ {
		a[i] = f.educator(f.u1, fmt.Sprintf("甲%d", i), func(e *people.Educator) {
			if i <= 2 {
				e.Backbone = "county_backbone"
			}
		})
	}
	b := make([]*people.Educator, 6)
	for i := 1; i <= 5; i++ {
		b[i] = f.educator(f.t1, fmt.Sprintf("乙%d", i), func(e *people.Educator) {
			e.Gender, e.BirthDate, e.JoinedSchool = people.GenderFemale, d("1985-06-06"), d("2012-09-01")
		})
	}
	c1 := f.educator(f.u2, "丙校长", func(e *people.Educator) {
		e.Post, e.BirthDate, e.JoinedSchool, e.PostSince = people.PostPrincipal, d("1975-05-05"), d("2010-09-01"), d("2016-09-01")
	})
	f.educator(f.r1, "丙副校长", func(e *people.Educator) {
		e.Post, e.Gender, e.BirthDate, e.PostSince = people.PostVicePrincipal, people.GenderFemale, d("1980-01-01"), d("2017-09-01")
	})
	// Not on the list: temporary, too short (named so a spreadsheet would
	// run it), at a senior high school, head of a village point, too old.
	f.educator(f.u1, "临聘甲", func(e *people.Educator) { e.StaffStatus = people.StaffTemporary })
	n2 := f.educator(f.u1, "=1+1", func(e *people.Educator) { e.JoinedSchool = d("2022-09-01") })
	f.educator(f.h1, "高中甲")
	f.educator(f.v1, "村点校长", func(e *people.Educator) { e.Post, e.PostSince = people.PostPrincipal, d("2010-09-01") })
	f.educator(f.u1, "年长甲", func(e *people.Educator) { e.BirthDate = d("1970-01-01") })
	// L: one teacher who must rotate.
	l1 := f.educator(f.x1, "丁1", func(e *people.Educator) { e.JoinedSchool = d("2010-09-01") })

	// Exemptions: a10 approved (exempt, still counted), b5 pending.
	for _, e := range []*people.Educator{a[10], b[5]} {
		m, err := f.svc.ApplyExemption(f.hr, rotation.ExemptionInput{EducatorID: e.ID, Reason: "featured_course", Detail: "特色课程领衔",
			Evidence: "认定文件", Start: d("2026-09-01"), End: d("2027-08-31")})
		if err != nil {
			t.Fatal(err)
		}
		if e == a[10] {
			if _, err := f.svc.DecideExemption(f.hr, m.ID, rotation.DecisionInput{Approve: true}); err != nil {
				t.Fatal(err)
			}
		}
	}

	active := func(ctx context.Context, e *people.Educator, host *org.School, form rotation.ExchangeForm, end string) *rotation.Exchange {
		x := f.exchange(ctx, e, host, form, "2026-09-01", end)
		f.step(ctx, x, "announced", "2026-08-20", "")
		return f.step(ctx, x, "active", "2026-09-01", "")
	}
	announced := func(ctx context.Context, e *people.Educator, host *org.School, form rotation.ExchangeForm) {
		x := f.exchange(ctx, e, host, form, "2026-09-01", "2029-08-31")
		f.step(ctx, x, "announced", "2026-08-20", "")
	}
	active(f.hr, a[1], f.r1, "support", "2029-08-31")                   // E1 urban → rural, backbone
	announced(f.hr, a[2], f.t1, "support")                              // E2 urban → rural (镇区), backbone
	active(f.hr, b[1], f.u1, "swap", "2029-08-31")                      // E3 rural → urban, 双向流动
	active(f.hr, c1, f.u1, "competition", "2030-08-31")                 // E4 principal, urban → urban, moves
	f.exchange(f.hr, a[3], f.r1, "support", "2026-09-01", "2029-08-31") // E5 planned only
	x6 := f.exchange(f.hr, a[4], f.u2, "support", "2026-09-01", "2029-08-31")
	f.step(f.hr, x6, "cancelled", "2026-08-25", "本人病休")         // E6 cancelled
	active(f.hr, b[2], f.r1, "reassignment", "2029-08-31")      // E7 rural → rural, 调整岗位
	announced(f.hr, n2, f.t1, "support")                        // E8 not on the list
	active(f.hr, b[3], f.x1, "national_training", "2026-12-31") // E9 国培置换 to L: reported, not a rotation
	announced(f.hrL, l1, f.u1, "counterpart")                   // E10 L → K: L's rotation, K accepts
}

func TestReportFigures(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		reportFixture(t, f)

		dash, err := f.svc.FindDashboard(f.city1, rotation.DashboardFilter{Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		if len(dash.Counties) != 2 || !dash.Reminder || dash.DaysLeft != 11 || dash.Overdue {
			t.Fatalf("dashboard: %d counties, reminder %v, %d days left", len(dash.Counties), dash.Reminder, dash.DaysLeft)
		}
		k, l := dash.Counties[0].Figures, dash.Counties[1].Figures
		if dash.Counties[0].County.ID != f.k.ID {
			k, l = l, k
		}
		wantK := rotation.Figures{MustRotate: 17, MustTeachers: 15, MustHeads: 2, Exempt: 1, Rotated: 6, RotatedTeachers: 5, RotatedHeads: 1,
			Backbone: 2, FromList: 5, Planned: 1, QuotaPercent: 10, BackbonePercent: 30, Target: 2, BackboneTarget: 2,
			MeetsQuota: true, MeetsBackbone: true, Share: 35.3, BackboneShare: 33.3}
		if k != wantK {
			t.Errorf("K:\n got %+v\nwant %+v", k, wantK)
		}
		wantL := rotation.Figures{MustRotate: 1, MustTeachers: 1, Rotated: 1, RotatedTeachers: 1, FromList: 1, QuotaPercent: 8, BackbonePercent: 30,
			Target: 1, BackboneTarget: 1, MeetsQuota: true, Share: 100}
		if l != wantL {
			t.Errorf("L:\n got %+v\nwant %+v", l, wantL)
		}
		tot := dash.Total
		if tot.MustRotate != 18 || tot.Rotated != 7 || tot.Target != 3 || !tot.MeetsQuota || tot.Backbone != 2 || tot.BackboneTarget != 3 || tot.MeetsBackbone {
			t.Errorf("city total: %+v", tot)
		}

		// The drill-down to K's schools.
		dk, err := f.svc.FindDashboard(f.hr, rotation.DashboardFilter{Year: 2026, CountyID: f.k.ID})
		if err != nil {
			t.Fatal(err)
		}
		bySchool := map[string][3]int{}
		for _, s := range dk.Schools {
			bySchool[s.School.Name] = [3]int{s.MustRotate, s.Exempt, s.Rotated}
		}
		wantSchools := map[string][3]int{"甲县实验小学": {10, 1, 3}, "甲县第一初中": {1, 0, 1}, "甲县山区小学": {5, 0, 2},
			"甲县坝区小学": {1, 0, 0}, "甲县村教学点": {0, 0, 0}}
		if !reflect.DeepEqual(bySchool, wantSchools) {
			t.Errorf("schools:\n got %v\nwant %v", bySchool, wantSchools)
		}
		// A school admin sees their school only.
		ds, err := f.svc.FindDashboard(f.school, rotation.DashboardFilter{Year: 2026})
		if err != nil || len(ds.Counties) != 0 || len(ds.Schools) != 1 || ds.Total.MustRotate != 10 || ds.Total.Rotated != 3 {
			t.Errorf("school dashboard: %v %+v", err, ds)
		}

		// The return.
		rt, err := f.svc.FindReturn(f.city1, rotation.ReturnFilter{Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		var rk, rl *rotation.CountyReturn
		for _, c := range rt.Counties {
			if c.County.ID == f.k.ID {
				rk = c
			} else {
				rl = c
			}
		}
		byPost := func(c *rotation.CountyReturn) map[string][]int {
			m := map[string][]int{}
			for _, p := range c.ByPost {
				m[p.Post] = p.Counts
			}
			return m
		}
		// Directions: urban_urban, rural_rural, urban_rural, rural_urban.
		if got, want := byPost(rk), map[string][]int{"principal": {1, 0, 0, 0}, "vice_principal": {0, 0, 0, 0}, "teacher": {0, 1, 3, 1}}; !reflect.DeepEqual(got, want) {
			t.Errorf("K by post: %v, want %v", got, want)
		}
		forms := map[string]int{}
		for _, fc := range rk.Forms {
			if fc.Count > 0 {
				forms[string(fc.Form)] = fc.Count
			}
		}
		if want := map[string]int{"support": 3, "swap": 1, "competition": 1, "reassignment": 1, "national_training": 1}; !reflect.DeepEqual(forms, want) {
			t.Errorf("K forms: %v, want %v", forms, want)
		}
		if rk.TwoWay != 1 || rk.Reassigned != 1 || rk.NationalTraining != 1 || rk.TownshipSupport != 0 || rk.Accepted != 1 || len(rk.People) != 7 {
			t.Errorf("K counts: two-way %d, reassigned %d, national %d, township %d, accepted %d, people %d",
				rk.TwoWay, rk.Reassigned, rk.NationalTraining, rk.TownshipSupport, rk.Accepted, len(rk.People))
		}
		if rk.Staff != (rotation.StaffCount{CountyID: f.k.ID, Schools: 5, Principals: 2, VicePrincipals: 1, Teachers: 17}) {
			t.Errorf("K staff: %+v", rk.Staff)
		}
		if rl.Accepted != 0 || len(rl.People) != 1 || byPost(rl)["teacher"][0] != 1 {
			t.Errorf("L: accepted %d, people %d, by post %v", rl.Accepted, len(rl.People), byPost(rl))
		}
		if rt.Total.MustRotate != 18 || rt.Total.Rotated != 7 || rt.Total.Accepted != 1 || rt.Total.ByPost[2].Total != 6 {
			t.Errorf("total: %+v", rt.Total.Figures)
		}
		onList := 0
		for _, p := range rk.People {
			if p.OnList {
				onList++
			}
		}
		if onList != 6 { // a1, a2, b1, c1, b2, b3 (国培置换 is listed too)
			t.Errorf("%d of K's people on the list, want 6", onList)
		}

		// The annexes read back with the same figures; formulas are neutralised.
		b1, err := rt.Annex1()
		if err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(b1))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("附件1 汇总")
		if len(rows) != 6 || rows[3][0] != "甲县" || rows[3][1] != "17" || rows[3][4] != "6" || rows[5][0] != "合计" || rows[5][4] != "7" {
			t.Errorf("附件1 summary: %q", rows)
		}
		if sheets := x.GetSheetList(); len(sheets) != 3 {
			t.Errorf("附件1 sheets: %v", sheets)
		}
		b2, err := rt.Annex2()
		if err != nil {
			t.Fatal(err)
		}
		x, _ = excelize.OpenReader(bytes.NewReader(b2))
		rows, _ = x.GetRows("附件2")
		if len(rows) != 2+8 {
			t.Fatalf("附件2: %d rows", len(rows))
		}
		found := false
		for _, r := range rows[2:] {
			if r[2] == "'=1+1" {
				found = true
			}
			if r[5] == "" || r[5][6:14] != "********" {
				t.Errorf("附件2 ID number not masked: %q", r[5])
			}
		}
		if !found {
			t.Error("附件2: the name =1+1 was not neutralised")
		}

		// The figures follow the policy in force: with 镇区 counted urban
		// (a new version), K's directions change.
		in := rotation.InputOf(rotation.DefaultPolicy(f.k.ID, 2026))
		in.BaseVersion, in.FirstYear, in.TownshipUrban = 1, 2025, true
		if _, err := f.svc.UpdatePolicy(f.hr, f.k.ID, 2026, in); err != nil {
			t.Fatal(err)
		}
		rt, _ = f.svc.FindReturn(f.hr, rotation.ReturnFilter{Year: 2026, CountyID: f.k.ID})
		if got := byPost(rt.Counties[0])["teacher"]; !reflect.DeepEqual(got, []int{3, 0, 2, 0}) {
			t.Errorf("K teachers with 镇区 urban: %v", got)
		}
		// 2025 had nothing.
		d25, _ := f.svc.FindDashboard(f.hr, rotation.DashboardFilter{Year: 2025, CountyID: f.k.ID})
		if d25.Counties[0].Rotated != 0 {
			t.Errorf("2025 rotated %d", d25.Counties[0].Rotated)
		}
		// Submitting records the figures and ends the reminder.
		sub, err := f.svc.SubmitReturn(f.hr, f.k.ID, 2026, rotation.SubmitInput{})
		if err != nil || sub.MustRotate != 17 || sub.Rotated != 6 || sub.Version != 1 || sub.Late {
			t.Fatalf("submit: %+v %v", sub, err)
		}
		if _, err := f.svc.SubmitReturn(f.hr, f.k.ID, 2026, rotation.SubmitInput{}); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("second submission without a reason: %v", err)
		}
		if _, err := f.svc.SubmitReturn(f.city1, f.k.ID, 2026, rotation.SubmitInput{Reason: "更正"}); app.ErrorCode(err) != app.Forbidden {
			t.Fatalf("the city submitted: %v", err)
		}
		dk, _ = f.svc.FindDashboard(f.hr, rotation.DashboardFilter{Year: 2026, CountyID: f.k.ID})
		if dk.Reminder || dk.Counties[0].Submission == nil {
			t.Errorf("after submission: reminder %v", dk.Reminder)
		}
		_ = auth.RoleCity
	})
}
