package staffing

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// Allowance kinds (seed [004]: 津贴标准应为城区的2倍以上, 交通补贴和奖励).
const (
	AllowanceRuralSpecial = "rural_special" // 农村特殊津贴 of a backbone teacher at a rural school
	AllowanceTransport    = "transport"     // 交通补贴
	AllowanceAward        = "award"         // 奖励
)

// AllowanceKinds is the vocabulary of allowance kinds.
var AllowanceKinds = app.Vocab{
	{Code: AllowanceRuralSpecial, Zh: "农村特殊津贴", En: "Rural special allowance"},
	{Code: AllowanceTransport, Zh: "交通补贴", En: "Transport subsidy"},
	{Code: AllowanceAward, Zh: "奖励", En: "Award"},
}

// Allowance is one payment recorded for a person: what, how much, who pays
// and for which period. jiaoliu records pay; it does not compute it.
type Allowance struct {
	ID int64 `json:"id"`
	people.AtSchool
	Kind string `json:"kind"`
	// AmountFen and TownRateFen are in fen (分); TownRateFen is the town
	// (城区) standard a rural special allowance is measured against.
	AmountFen   int64     `json:"amount_fen"`
	TownRateFen int64     `json:"town_rate_fen"`
	Payer       string    `json:"payer"`
	Start       app.Date  `json:"start"`
	End         app.Date  `json:"end"`
	Note        string    `json:"note"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// Place is the person's place in the tree.
func (a *Allowance) Place() app.Place {
	return app.Place{CityID: a.CityID, CountyID: a.CountyID, SchoolID: a.SchoolID, EducatorID: a.EducatorID}
}

// AllowanceFilter selects allowances. Zero fields do not filter.
type AllowanceFilter struct {
	CountyID   int64
	EducatorID int64
	// Year keeps the allowances whose period starts in the calendar year.
	Year   int
	Within app.Scope
}

// AllowanceInput is an allowance as HR records it; amounts in yuan.
type AllowanceInput struct {
	EducatorID int64    `json:"educator_id"`
	Kind       string   `json:"kind"`
	Amount     float64  `json:"amount"`
	TownRate   float64  `json:"town_rate"`
	Payer      string   `json:"payer"`
	Start      app.Date `json:"start"`
	End        app.Date `json:"end"`
	Note       string   `json:"note"`
}

// CountyAllowances is a county's allowances of a year, summed by kind.
type CountyAllowances struct {
	County *org.County `json:"county"`
	// ByKind holds the sum in fen of each kind of AllowanceKinds, in order.
	ByKind []int64 `json:"by_kind"`
	Total  int64   `json:"total"`
	People int     `json:"people"`
}

// AllowanceStore is what allowances need from the database.
type AllowanceStore interface {
	audit.Store
	FindCounties(ctx context.Context, within app.Scope) ([]*org.County, error)
	FindEducatorByID(ctx context.Context, id int64) (*people.Educator, error)
	FindSchoolByID(ctx context.Context, id int64) (*org.School, error)
	FindCareer(ctx context.Context, educatorID int64) ([]*people.CareerEntry, error)
	FindAllowances(ctx context.Context, f AllowanceFilter) ([]*Allowance, error)
	CreateAllowance(ctx context.Context, a *Allowance) error
}

// AllowanceService records allowances and sums them per county and year.
type AllowanceService struct {
	store AllowanceStore
	audit *audit.Log
	clock app.Clock
}

// NewAllowanceService returns the allowances' service.
func NewAllowanceService(store AllowanceStore, log *audit.Log, clock app.Clock) *AllowanceService {
	return &AllowanceService{store: store, audit: log, clock: clock}
}

// Find lists the allowances inside the actor's scope, latest period first.
func (s *AllowanceService) Find(ctx context.Context, f AllowanceFilter) ([]*Allowance, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.SupplyRead); err != nil {
		return nil, err
	}
	f.Within = auth.ScopeOf(a, auth.SupplyRead)
	return s.store.FindAllowances(ctx, f)
}

// fen converts yuan to fen, refusing negative or fractional-fen amounts.
func fen(yuan float64) (int64, bool) {
	f := math.Round(yuan * 100)
	return int64(f), yuan >= 0 && math.Abs(f-yuan*100) < 1e-6 && f < 1e11
}

// Create records an allowance. A rural special allowance is for a backbone
// teacher at a rural school during the period (moved there or teaching
// there), at least twice the town standard.
func (s *AllowanceService) Create(ctx context.Context, in AllowanceInput) (*Allowance, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.SupplyManage); err != nil {
		return nil, err
	}
	ed, err := s.store.FindEducatorByID(ctx, in.EducatorID)
	if err != nil || auth.Decide(a, auth.SupplyManage, ed.Place(), "") != nil {
		if err == nil || app.ErrorCode(err) == app.NotFound {
			return nil, app.NotFoundField("educator_id", "教职工")
		}
		return nil, err
	}
	al := &Allowance{AtSchool: ed.AtSchool(), Kind: in.Kind, Payer: strings.TrimSpace(in.Payer), Start: in.Start, End: in.End,
		Note: strings.TrimSpace(in.Note), CreatedBy: a.Label(), CreatedAt: s.clock.Now()}
	if err := s.validate(ctx, al, in, ed); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateAllowance(ctx, al); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "allowance.create", Entity: "educator", EntityID: ed.ID,
			Summary: fmt.Sprintf("登记%s的%s%s元（%s，%s至%s）", ed.Name, AllowanceKinds.Label(al.Kind, "zh"), Yuan(al.AmountFen), al.Payer,
				al.Start.Chinese(), al.End.Chinese()), After: al})
	})
	if err != nil {
		return nil, err
	}
	return al, nil
}

func (s *AllowanceService) validate(ctx context.Context, al *Allowance, in AllowanceInput, ed *people.Educator) error {
	var f app.Fields
	if !AllowanceKinds.Has(al.Kind) {
		f.Add("kind", "请选择津贴类别", "Choose the kind of allowance")
	}
	var ok bool
	if al.AmountFen, ok = fen(in.Amount); !ok || al.AmountFen == 0 {
		f.Add("amount", "金额应为大于0的元数，最多两位小数", "The amount is a positive number of yuan with at most two decimals")
	}
	if al.Payer == "" || len([]rune(al.Payer)) > 60 {
		f.Add("payer", "请填写发放单位（60字以内）", "Enter the payer (at most 60 characters)")
	}
	if al.Start.IsZero() || al.End.IsZero() || al.End.Before(al.Start) {
		f.Add("end", "请填写发放期间，结束日期不早于开始日期", "Enter the period; it ends on or after its start")
	}
	if len([]rune(al.Note)) > 200 {
		f.Add("note", "备注不超过200字", "The note takes at most 200 characters")
	}
	if err := f.Err(); err != nil || al.Kind != AllowanceRuralSpecial {
		return err
	}
	if al.TownRateFen, ok = fen(in.TownRate); !ok || al.TownRateFen == 0 {
		f.Add("town_rate", "农村特殊津贴须填写城区标准（元）", "A rural special allowance needs the town standard (yuan)")
	} else if al.AmountFen < 2*al.TownRateFen {
		f.Add("amount", fmt.Sprintf("农村特殊津贴应不低于城区标准的2倍（%s元）", Yuan(2*al.TownRateFen)),
			fmt.Sprintf("A rural special allowance is at least twice the town standard (%s yuan)", Yuan(2*al.TownRateFen)))
	}
	if !ed.IsBackbone() {
		f.Add("educator_id", ed.Name+"不是骨干教师，不享受农村特殊津贴", ed.Name+" is not a backbone teacher")
	} else if rural, err := s.ruralDuring(ctx, ed, al.Start, al.End); err != nil {
		return err
	} else if !rural {
		f.Add("educator_id", ed.Name+"在发放期间不在农村学校任教", ed.Name+" does not teach at a rural school in the period")
	}
	return f.Err()
}

// ruralDuring reports whether ed teaches at a rural school during [from,
// to]: their own school is rural, or a post, exchange or support teaching
// of their history at a rural school overlaps the period.
func (s *AllowanceService) ruralDuring(ctx context.Context, ed *people.Educator, from, to app.Date) (bool, error) {
	sc, err := s.store.FindSchoolByID(ctx, ed.SchoolID)
	if err != nil {
		return false, err
	}
	if sc.Location == "rural" {
		return true, nil
	}
	career, err := s.store.FindCareer(ctx, ed.ID)
	if err != nil {
		return false, err
	}
	for _, k := range career {
		if k.Start.After(to) || !k.End.IsZero() && k.End.Before(from) {
			continue
		}
		at, err := s.store.FindSchoolByID(ctx, k.SchoolID)
		if err != nil {
			return false, err
		}
		if at.Location == "rural" {
			return true, nil
		}
	}
	return false, nil
}

// Yuan formats an amount in fen as yuan with two decimals.
func Yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

// Sums returns the allowances of a calendar year summed per county in the
// actor's scope, by kind.
func (s *AllowanceService) Sums(ctx context.Context, year int) ([]*CountyAllowances, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.SupplyRead); err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, app.InvalidValue("year", fmt.Sprint(year))
	}
	within := auth.ScopeOf(a, auth.SupplyRead)
	counties, err := s.store.FindCounties(ctx, app.Scope{All: true})
	if err != nil {
		return nil, err
	}
	list, err := s.store.FindAllowances(ctx, AllowanceFilter{Year: year, Within: within})
	if err != nil {
		return nil, err
	}
	byCounty := map[int64]*CountyAllowances{}
	var out []*CountyAllowances
	for _, c := range counties {
		if !within.Contains(app.Place{CityID: c.CityID, CountyID: c.ID}) {
			continue
		}
		ca := &CountyAllowances{County: c, ByKind: make([]int64, len(AllowanceKinds))}
		byCounty[c.ID] = ca
		out = append(out, ca)
	}
	seen := map[int64]bool{}
	for _, al := range list {
		ca := byCounty[al.CountyID]
		if ca == nil {
			continue
		}
		for i, k := range AllowanceKinds {
			if k.Code == al.Kind {
				ca.ByKind[i] += al.AmountFen
			}
		}
		ca.Total += al.AmountFen
		if !seen[al.EducatorID] {
			seen[al.EducatorID] = true
			ca.People++
		}
	}
	return out, nil
}
