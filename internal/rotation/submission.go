package rotation

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
)

// returnSnapshot is what a submission stores of a county's return: the
// figures and the list of people as submitted, and the policy they were
// counted under. The annexes are stored beside it as generated.
type returnSnapshot struct {
	County *org.County `json:"county"`
	Policy *Policy     `json:"policy"`
	On     app.Date    `json:"reference_date"`
	ReturnStats
	People []*ReturnRow `json:"people"`
}

// SubmitInput submits a county's return; a resubmission needs its reason.
type SubmitInput struct {
	Reason string `json:"reason"`
}

// applySubmissions puts each submitted county's version in place of the
// figures counted now (keeping those as Current when they differ), lists
// the versions, and sums the total again.
func (s *Service) applySubmissions(ctx context.Context, rt *Return, f ReturnFilter) error {
	var ids []int64
	byCounty := map[int64]*CountyReturn{}
	for _, cr := range rt.Counties {
		if cr.Submission != nil {
			ids = append(ids, cr.County.ID)
			byCounty[cr.County.ID] = cr
		}
	}
	if f.Version != 0 && (len(rt.Counties) != 1 || rt.Counties[0].Submission == nil) {
		return app.ErrNotFound("该版本的年度报送")
	}
	if len(ids) == 0 {
		return nil
	}
	versions, err := s.store.FindReturnVersions(ctx, ids, rt.SchoolYear)
	if err != nil {
		return err
	}
	for _, v := range versions {
		byCounty[v.CountyID].Versions = append(byCounty[v.CountyID].Versions, v)
	}
	if f.Current {
		return nil
	}
	changed := false
	for _, cr := range rt.Counties {
		if cr.Submission == nil {
			continue
		}
		version := cr.Submission.Version
		if f.Version != 0 {
			version = f.Version
		}
		sub, err := s.store.FindReturnSnapshot(ctx, cr.County.ID, rt.SchoolYear, version, false)
		if err != nil {
			return err
		}
		cr.Submission = sub
		if sub.Snapshot == nil {
			continue // submitted before snapshots were kept: only the headline figures are stored
		}
		var snap returnSnapshot
		if err := json.Unmarshal(sub.Snapshot, &snap); err != nil {
			return app.Wrap("rotation.applySubmissions", err)
		}
		live := &CurrentReturn{ReturnStats: cr.ReturnStats, People: cr.People}
		cr.ReturnStats, cr.People, cr.Policy, cr.Snapshot = snap.ReturnStats, snap.People, snap.Policy, true
		if !sameReturn(live, &CurrentReturn{ReturnStats: snap.ReturnStats, People: snap.People}) {
			cr.Current = live
		}
		changed = true
	}
	if changed {
		rt.sumTotal()
	}
	return nil
}

// sameReturn reports whether two counts of a return agree in every figure
// and every line of the list.
func sameReturn(a, b *CurrentReturn) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// sumTotal sums the counties' figures as shown into the total.
func (rt *Return) sumTotal() {
	rt.Total = newStats()
	for _, cr := range rt.Counties {
		rt.Total.addStats(cr.ReturnStats)
	}
	rt.Total.finishTargets()
	if len(rt.Counties) == 1 {
		rt.Total.QuotaPercent, rt.Total.BackbonePercent = rt.Counties[0].QuotaPercent, rt.Counties[0].BackbonePercent
	}
}

// ReturnAnnex returns annex n (1 or 2) of the return f asks for, with the
// return: of one county whose year is submitted, the annex stored with the
// version shown, byte for byte; otherwise one generated from the return.
func (s *Service) ReturnAnnex(ctx context.Context, f ReturnFilter, n int) ([]byte, *Return, error) {
	if n != 1 && n != 2 {
		return nil, nil, app.InvalidValue("annex", fmt.Sprint(n))
	}
	rt, err := s.FindReturn(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	if len(rt.Counties) == 1 && rt.Counties[0].Snapshot {
		cr := rt.Counties[0]
		sub, err := s.store.FindReturnSnapshot(ctx, cr.County.ID, rt.SchoolYear, cr.Submission.Version, true)
		if err != nil {
			return nil, nil, err
		}
		stored := sub.Annex1
		if n == 2 {
			stored = sub.Annex2
		}
		if len(stored) > 0 {
			return stored, rt, nil
		}
	}
	var b []byte
	if n == 1 {
		b, err = rt.Annex1()
	} else {
		b, err = rt.Annex2()
	}
	return b, rt, err
}

// SubmitReturn submits a county's return of a school year to the city, from
// its 1 September on: it stores the figures and the list as counted now and
// both annexes as generated now, so that what was submitted stays as it was
// whatever the records do later. A submission after 30 September is late;
// a resubmission is a new version and needs its reason. Once submitted, the
// year's policy is locked.
func (s *Service) SubmitReturn(ctx context.Context, countyID int64, year int, in SubmitInput) (*Submission, error) {
	c, err := s.ReadCounty(ctx, countyID)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationManage, app.Place{CityID: c.CityID, CountyID: c.ID}); err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	if s.Today().Before(YearStart(year)) {
		return nil, &app.Error{Code: app.Invalid, Message: YearLabel(year) + "尚未开始，不能报送", English: "That school year has not begun",
			Fields: map[string]string{"year": "future"}}
	}
	rt, err := s.FindReturn(ctx, ReturnFilter{Year: year, CountyID: countyID, Current: true})
	if err != nil {
		return nil, err
	}
	if len(rt.Counties) != 1 {
		return nil, app.ErrNotFound("区县")
	}
	cr := rt.Counties[0]
	reason := strings.TrimSpace(in.Reason)
	version := 1
	if cr.Submission != nil {
		version = cr.Submission.Version + 1
		if utf8.RuneCountInString(reason) < 2 {
			return nil, &app.Error{Code: app.Invalid, Message: c.Name + YearLabel(year) + "的年度报送已于" +
				app.DateOf(cr.Submission.SubmittedAt).Chinese() + "提交；重新报送请说明原因（2至500字）",
				English: "The return has been submitted; give the reason to submit it again", Fields: map[string]string{"reason": "required"}}
		}
	}
	if utf8.RuneCountInString(reason) > 500 {
		return nil, &app.Error{Code: app.Invalid, Message: "报送说明最多500字", English: "The reason has at most 500 characters",
			Fields: map[string]string{"reason": "invalid"}}
	}
	now := s.clock.Now()
	sub := &Submission{CountyID: c.ID, SchoolYear: year, Version: version, SubmittedBy: app.ActorOf(ctx).Label(), SubmittedAt: now,
		Late: LateSubmission(year, now), Reason: reason, MustRotate: cr.MustRotate, Rotated: cr.Rotated, Backbone: cr.Backbone}
	if sub.Snapshot, err = json.Marshal(returnSnapshot{County: cr.County, Policy: cr.Policy, On: rt.On, ReturnStats: cr.ReturnStats,
		People: cr.People}); err != nil {
		return nil, app.Wrap("rotation.SubmitReturn", err)
	}
	cr.Submission, cr.Snapshot, cr.Versions = sub, true, nil
	one := &Return{SchoolYear: year, On: rt.On, Due: rt.Due, Counties: []*CountyReturn{cr}, Total: cr.ReturnStats}
	if sub.Annex1, err = one.Annex1(); err != nil {
		return nil, err
	}
	if sub.Annex2, err = one.Annex2(); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateReturnSubmission(ctx, sub); err != nil {
			return err
		}
		if err := notify.Done(ctx, s.store, now, notify.DeadlineKey(ReturnKey(c.ID, year))); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.return.submit", Entity: "rotation_return",
			EntityID: fmt.Sprintf("%d/%d", c.ID, year),
			Summary: fmt.Sprintf("%s报送%s交流轮岗年度情况（%s）：应交流%d人，已交流%d人（%.1f%%），其中骨干教师%d人", c.Name, YearLabel(year),
				sub.Label(), cr.MustRotate, cr.Rotated, cr.Share, cr.Backbone),
			After: map[string]any{"version": sub.Version, "late": sub.Late, "reason": sub.Reason, "figures": cr.ReturnStats,
				"people": len(cr.People)}})
	})
	if err != nil {
		return nil, err
	}
	return sub, nil
}

// Label describes a submission in Chinese: 第2版，逾期报送，原因：….
func (s *Submission) Label() string {
	parts := []string{fmt.Sprintf("第%d版", s.Version)}
	if s.Late {
		parts = append(parts, "逾期报送")
	}
	if s.Reason != "" {
		parts = append(parts, "原因："+s.Reason)
	}
	return strings.Join(parts, "，")
}
