package staffing

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/rotation"
)

// The yearly target-responsibility score (年度目标责任考核) of a county's
// rotation work, seed [004]: 把该项工作作为年度目标责任考核的重要内容. Every
// figure comes from the product's records: the rotation's annual return
// (quota, backbone share, exemptions, when it was filed) and the city's
// inspections of the school year. The city sets only the weights.

// RotationFigures gives the rotation's annual return, counted now.
type RotationFigures interface {
	FindReturn(ctx context.Context, f rotation.ReturnFilter) (*rotation.Return, error)
}

// Weights are the city's weights of the score's parts for a school year,
// and the share of exemptions (暂缓交流) among those who must rotate that
// stays within limits.
type Weights struct {
	WeightsInput
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// DefaultWeights are the weights until the city sets its own.
func DefaultWeights(cityID int64, year int) *Weights {
	return &Weights{WeightsInput: WeightsInput{CityID: cityID, SchoolYear: year, Quota: 30, Backbone: 20, ReturnOnTime: 15,
		Exemptions: 15, Inspections: 20, ExemptionLimitPercent: 5}}
}

// ScoreParts are the parts of the score, in order.
var ScoreParts = app.Vocab{
	{Code: "quota", Zh: "交流比例达标", En: "Quota met"},
	{Code: "backbone", Zh: "骨干教师占比", En: "Backbone share"},
	{Code: "return_on_time", Zh: "按时报送", En: "Return on time"},
	{Code: "exemptions", Zh: "暂缓交流控制在限额内", En: "Exemptions within limits"},
	{Code: "inspections", Zh: "督导检查等次", En: "Inspections' grades"},
}

// Part is one part of a county's score: its weight, its score out of 100
// and the figures it comes from. A part without a base (no one must
// rotate, no inspection yet) is not counted and its weight goes to the others.
type Part struct {
	Code    string  `json:"code"`
	Weight  int     `json:"weight"`
	Score   float64 `json:"score"`
	Counted bool    `json:"counted"`
	Detail  string  `json:"detail"`
	// DetailEn is Detail in English.
	DetailEn string `json:"detail_en"`
}

// CountyScore is one county's score of a school year.
type CountyScore struct {
	County *org.County `json:"county"`
	Parts  []Part      `json:"parts"`
	Total  float64     `json:"total"`
	Rank   int         `json:"rank"`
}

// Assessment is the counties' scores of a school year side by side.
type Assessment struct {
	SchoolYear int            `json:"school_year"`
	Weights    *Weights       `json:"weights"`
	Counties   []*CountyScore `json:"counties"`
}

// WeightsInput is the city's weights of a school year as entered; Weights
// are them as saved.
type WeightsInput struct {
	CityID                int64 `json:"city_id"`
	SchoolYear            int   `json:"school_year"`
	Quota                 int   `json:"quota"`
	Backbone              int   `json:"backbone"`
	ReturnOnTime          int   `json:"return_on_time"`
	Exemptions            int   `json:"exemptions"`
	Inspections           int   `json:"inspections"`
	ExemptionLimitPercent int   `json:"exemption_limit_percent"`
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func capped(x float64) float64 { return round1(math.Max(0, math.Min(100, x))) }

// score computes one county's parts from its return and inspections.
func score(cr *rotation.CountyReturn, inspections []*Inspection, w *Weights, today app.Date, year int) *CountyScore {
	f := cr.Figures
	cs := &CountyScore{County: cr.County}
	part := func(code string, weight int) *Part {
		cs.Parts = append(cs.Parts, Part{Code: code, Weight: weight})
		return &cs.Parts[len(cs.Parts)-1]
	}
	q := part("quota", w.Quota)
	if f.MustRotate > 0 {
		q.Counted, q.Score = true, 100
		if f.Target > 0 {
			q.Score = capped(100 * float64(f.Rotated) / float64(f.Target))
		}
		q.Detail = fmt.Sprintf("应交流%d人，目标%d人，已交流%d人", f.MustRotate, f.Target, f.Rotated)
		q.DetailEn = fmt.Sprintf("%d must rotate, target %d, %d rotated", f.MustRotate, f.Target, f.Rotated)
	} else {
		q.Detail, q.DetailEn = "无应交流人员", "No one must rotate"
	}
	b := part("backbone", w.Backbone)
	switch {
	case f.Rotated > 0:
		b.Counted, b.Score = true, 100
		if f.BackboneTarget > 0 {
			b.Score = capped(100 * float64(f.Backbone) / float64(f.BackboneTarget))
		}
		b.Detail = fmt.Sprintf("交流%d人中骨干教师%d人（需%d人）", f.Rotated, f.Backbone, f.BackboneTarget)
		b.DetailEn = fmt.Sprintf("%d backbone teachers among %d rotated (%d needed)", f.Backbone, f.Rotated, f.BackboneTarget)
	case f.MustRotate > 0:
		b.Counted, b.Detail, b.DetailEn = true, "尚无交流人员", "No one rotated yet"
	default:
		b.Detail, b.DetailEn = "无应交流人员", "No one must rotate"
	}
	r := part("return_on_time", w.ReturnOnTime)
	switch {
	case len(cr.Versions) > 0 && !cr.Versions[0].Late:
		on := app.DateOf(cr.Versions[0].SubmittedAt)
		r.Counted, r.Score, r.Detail, r.DetailEn = true, 100, "按时报送（"+on.Chinese()+"）", "Filed on time ("+on.English()+")"
	case len(cr.Versions) > 0:
		on := app.DateOf(cr.Versions[0].SubmittedAt)
		r.Counted, r.Score, r.Detail, r.DetailEn = true, 50, "逾期报送（"+on.Chinese()+"）", "Filed late ("+on.English()+")"
	case today.After(rotation.DueDate(year)):
		r.Counted, r.Detail, r.DetailEn = true, "逾期未报送", "Overdue, not filed"
	default:
		due := rotation.DueDate(year)
		r.Detail, r.DetailEn = "报送期限（"+due.Chinese()+"）未到", "Due on "+due.English()
	}
	e := part("exemptions", w.Exemptions)
	if f.MustRotate > 0 {
		share := 100 * float64(f.Exempt) / float64(f.MustRotate)
		e.Counted, e.Score = true, 100
		if share > float64(w.ExemptionLimitPercent) {
			e.Score = capped(100 * float64(w.ExemptionLimitPercent) / share)
		}
		e.Detail = fmt.Sprintf("暂缓交流%d人，占应交流人数%.1f%%（限额%d%%）", f.Exempt, share, w.ExemptionLimitPercent)
		e.DetailEn = fmt.Sprintf("%d exempt, %.1f%% of those who must rotate (limit %d%%)", f.Exempt, share, w.ExemptionLimitPercent)
	} else {
		e.Detail, e.DetailEn = "无应交流人员", "No one must rotate"
	}
	in := part("inspections", w.Inspections)
	if len(inspections) > 0 {
		sum := 0.0
		for _, i := range inspections {
			sum += GradePoints[i.Grade]
		}
		in.Counted, in.Score = true, round1(sum/float64(len(inspections)))
		in.Detail, in.DetailEn = fmt.Sprintf("督导检查%d次", len(inspections)), fmt.Sprintf("%d inspections", len(inspections))
	} else {
		in.Detail, in.DetailEn = "本学年未检查", "Not inspected this school year"
	}
	weights, total := 0, 0.0
	for _, p := range cs.Parts {
		if p.Counted {
			weights += p.Weight
			total += float64(p.Weight) * p.Score
		}
	}
	if weights > 0 {
		cs.Total = round1(total / float64(weights))
	}
	return cs
}

// Assess computes the scores of the counties in the actor's scope for a
// school year, best first, with the weights of their city.
func (s *InspectionService) Assess(ctx context.Context, year int) (*Assessment, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.InspectionRead); err != nil {
		return nil, err
	}
	if year == 0 {
		year = rotation.SchoolYearOf(s.Today())
	}
	if year < 2000 || year > 2100 {
		return nil, app.InvalidValue("year", fmt.Sprint(year))
	}
	rt, err := s.rotation.FindReturn(ctx, rotation.ReturnFilter{Year: year, Current: true})
	if err != nil {
		return nil, err
	}
	within := auth.ScopeOf(a, auth.InspectionRead)
	ins, err := s.store.FindCountyInspections(ctx, InspectionFilter{From: rotation.YearStart(year), To: rotation.YearStart(year + 1).AddDays(-1),
		Within: within})
	if err != nil {
		return nil, err
	}
	byCounty := map[int64][]*Inspection{}
	for _, i := range ins {
		byCounty[i.CountyID] = append(byCounty[i.CountyID], i)
	}
	out := &Assessment{SchoolYear: year, Counties: []*CountyScore{}}
	weights := map[int64]*Weights{}
	for _, cr := range rt.Counties {
		if !within.Contains(app.Place{CityID: cr.County.CityID, CountyID: cr.County.ID}) {
			continue
		}
		w := weights[cr.County.CityID]
		if w == nil {
			if w, err = s.weights(ctx, cr.County.CityID, year); err != nil {
				return nil, err
			}
			weights[cr.County.CityID] = w
		}
		out.Weights = w
		out.Counties = append(out.Counties, score(cr, byCounty[cr.County.ID], w, s.Today(), year))
	}
	slices.SortStableFunc(out.Counties, func(a, b *CountyScore) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.County.Code, b.County.Code))
	})
	for i, c := range out.Counties {
		c.Rank = i + 1
	}
	return out, nil
}

// weights returns the city's weights of a year, or the defaults.
func (s *InspectionService) weights(ctx context.Context, cityID int64, year int) (*Weights, error) {
	w, err := s.store.FindScoreWeights(ctx, cityID, year)
	if app.ErrorCode(err) == app.NotFound {
		return DefaultWeights(cityID, year), nil
	}
	return w, err
}

// Weights returns a city's weights of a school year for its form.
func (s *InspectionService) Weights(ctx context.Context, cityID int64, year int) (*Weights, error) {
	if err := auth.Decide(app.ActorOf(ctx), auth.InspectionRead, app.Place{CityID: cityID}, "市"); err != nil {
		return nil, err
	}
	return s.weights(ctx, cityID, year)
}

// SetWeights saves the city's weights of a school year: whole numbers that
// sum to 100, and a limit on exemptions between 0 and 100 %.
func (s *InspectionService) SetWeights(ctx context.Context, in WeightsInput) (*Weights, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.InspectionManage); err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.InspectionManage, app.Place{CityID: in.CityID}, "市"); err != nil {
		return nil, err
	}
	var f app.Fields
	parts := []int{in.Quota, in.Backbone, in.ReturnOnTime, in.Exemptions, in.Inspections}
	sum := 0
	for _, p := range parts {
		if p < 0 || p > 100 {
			f.Add("quota", "各项权重应在0至100之间", "Each weight is between 0 and 100")
			break
		}
		sum += p
	}
	if sum != 100 {
		f.Add("inspections", fmt.Sprintf("各项权重之和应为100，现为%d", sum), fmt.Sprintf("The weights sum to 100, not %d", sum))
	}
	if in.ExemptionLimitPercent < 0 || in.ExemptionLimitPercent > 100 {
		f.Add("exemption_limit_percent", "暂缓交流限额应在0%至100%之间", "The exemption limit is between 0% and 100%")
	}
	if in.SchoolYear < 2000 || in.SchoolYear > 2100 {
		f.Add("school_year", "请选择学年", "Choose the school year")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	w := &Weights{WeightsInput: in, UpdatedBy: a.Label(), UpdatedAt: s.clock.Now()}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		before, err := s.weights(ctx, in.CityID, in.SchoolYear)
		if err != nil {
			return err
		}
		if err := s.store.SaveScoreWeights(ctx, w); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "assessment.weights", Entity: "city", EntityID: in.CityID,
			Summary: fmt.Sprintf("设置%s年度目标责任考核权重", rotation.YearLabel(in.SchoolYear)), Before: before, After: w})
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}
