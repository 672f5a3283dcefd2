package secondment

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/programme"
)

// Cost items and who pays them by default ([001]: the prefecture's bureau
// pays the training fees, the county bureaus travel, board and lodging).
var CostItems = app.Vocab{
	{Code: "training", Zh: "培训费", En: "Training fees"},
	{Code: "travel", Zh: "差旅费", En: "Travel"},
	{Code: "board", Zh: "伙食费", En: "Board"},
	{Code: "lodging", Zh: "住宿费", En: "Lodging"},
	{Code: "other", Zh: "其他", En: "Other"},
}

// Payers of a cost line.
const (
	PayerPrefecture = "prefecture" // 地区（市）教育局
	PayerCounty     = "county"     // 县区教育局
)

// Payers is the vocabulary of payers.
var Payers = app.Vocab{
	{Code: PayerPrefecture, Zh: "地区（市）教育局", En: "Prefecture (city) bureau"},
	{Code: PayerCounty, Zh: "县区教育局", En: "County bureau"},
}

// DefaultPayer is who pays item under [001].
func DefaultPayer(item string) string {
	if item == "training" {
		return PayerPrefecture
	}
	return PayerCounty
}

// CostLine is one budgeted or spent amount of a programme, for a batch and
// optionally one participant, in fen (分) so that sums are exact.
type CostLine struct {
	ID           int64     `json:"id"`
	ProgrammeID  int64     `json:"programme_id"`
	BatchID      int64     `json:"batch_id"`
	BatchName    string    `json:"batch_name"`
	EducatorID   int64     `json:"educator_id"`
	EducatorName string    `json:"educator_name"`
	CountyID     int64     `json:"county_id"`
	CountyName   string    `json:"county_name"`
	Item         string    `json:"item"`
	Payer        string    `json:"payer"`
	Budget       int64     `json:"budget"`
	Actual       int64     `json:"actual"`
	Note         string    `json:"note"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// CostInput is a cost line as entered; amounts in fen.
type CostInput struct {
	BatchID    int64  `json:"batch_id"`
	EducatorID int64  `json:"educator_id"`
	Item       string `json:"item"`
	Payer      string `json:"payer"`
	Budget     int64  `json:"budget"`
	Actual     int64  `json:"actual"`
	Note       string `json:"note"`
}

// Sum is a budget and what was spent.
type Sum struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Budget int64  `json:"budget"`
	Actual int64  `json:"actual"`
}

// CostSummary sums a programme's cost lines per payer, per county and per
// batch, and in total.
type CostSummary struct {
	ByPayer  []Sum `json:"by_payer"`
	ByCounty []Sum `json:"by_county"`
	ByBatch  []Sum `json:"by_batch"`
	Total    Sum   `json:"total"`
}

// Insurance is a participant's accident insurance (人身意外伤害保险).
type Insurance struct {
	ProgrammeID int64     `json:"programme_id"`
	EducatorID  int64     `json:"educator_id"`
	Name        string    `json:"name"`
	Insurer     string    `json:"insurer"`
	PolicyNo    string    `json:"policy_no"`
	Start       app.Date  `json:"start"`
	End         app.Date  `json:"end"`
	UpdatedBy   string    `json:"updated_by"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// InsuranceInput is a policy as entered.
type InsuranceInput struct {
	Insurer  string   `json:"insurer"`
	PolicyNo string   `json:"policy_no"`
	Start    app.Date `json:"start"`
	End      app.Date `json:"end"`
}

// Uninsured is a participant of a batch not yet started or running whose
// insurance is missing or does not cover the batch.
type Uninsured struct {
	EducatorID int64    `json:"educator_id"`
	Name       string   `json:"name"`
	SchoolName string   `json:"school_name"`
	BatchName  string   `json:"batch_name"`
	BatchStart app.Date `json:"batch_start"`
	BatchEnd   app.Date `json:"batch_end"`
	// Reason says what is missing.
	Reason string `json:"reason"`
}

// CostStore is what costs and insurance need from the database.
type CostStore interface {
	FindCosts(ctx context.Context, programmeID int64) ([]*CostLine, error)
	CreateCost(ctx context.Context, c *CostLine) error
	DeleteCost(ctx context.Context, programmeID, costID int64) error
	FindInsurance(ctx context.Context, programmeID int64) ([]*Insurance, error)
	SaveInsurance(ctx context.Context, in *Insurance) error
}

// ParseYuan reads an amount in yuan as people type it ("1,200.50", "800",
// "８００元") into fen.
func ParseYuan(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "元"))
	s = strings.NewReplacer(",", "", "，", "", " ", "").Replace(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		}
		return r
	}, s)
	if s == "" {
		return 0, nil
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" {
		return 0, app.InvalidValue("amount", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || w > 1e10 {
		return 0, &app.Error{Code: app.Invalid, Message: fmt.Sprintf("金额“%s”应写作如 1200 或 1200.50", s),
			English: fmt.Sprintf("The amount %q should read like 1200 or 1200.50", s), Fields: map[string]string{"amount": "invalid"}}
	}
	return w*100 + f, nil
}

// Yuan writes fen as yuan with two decimals and thousands separators.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	whole := strconv.FormatInt(fen/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s.%02d", sign, b.String(), fen%100)
}

// Costs lists a programme's cost lines and their summary, for its managers.
func (s *Service) Costs(ctx context.Context, programmeID int64) (*programme.Programme, []*CostLine, CostSummary, error) {
	p, err := s.managed(ctx, programmeID)
	if err != nil {
		return nil, nil, CostSummary{}, err
	}
	lines, err := s.store.FindCosts(ctx, programmeID)
	if err != nil {
		return nil, nil, CostSummary{}, err
	}
	return p, lines, Summarize(lines), nil
}

// Summarize sums cost lines per payer (in the vocabulary's order), per
// county (lines of a participant; by county name) and per batch.
func Summarize(lines []*CostLine) CostSummary {
	out := CostSummary{ByPayer: []Sum{}, ByCounty: []Sum{}, ByBatch: []Sum{}, Total: Sum{Key: "total", Label: "合计"}}
	add := func(list *[]Sum, key, label string, c *CostLine) {
		for i := range *list {
			if (*list)[i].Key == key {
				(*list)[i].Budget += c.Budget
				(*list)[i].Actual += c.Actual
				return
			}
		}
		*list = append(*list, Sum{Key: key, Label: label, Budget: c.Budget, Actual: c.Actual})
	}
	for _, t := range Payers {
		out.ByPayer = append(out.ByPayer, Sum{Key: t.Code, Label: t.Zh})
	}
	for _, c := range lines {
		add(&out.ByPayer, c.Payer, Payers.Label(c.Payer, "zh"), c)
		if c.CountyID != 0 {
			add(&out.ByCounty, strconv.FormatInt(c.CountyID, 10), c.CountyName, c)
		}
		batch := c.BatchName
		if c.BatchID == 0 {
			batch = "不分批次"
		}
		add(&out.ByBatch, strconv.FormatInt(c.BatchID, 10), batch, c)
		out.Total.Budget += c.Budget
		out.Total.Actual += c.Actual
	}
	return out
}

// AddCost records a cost line. A county's line names a participant (whose
// county pays it) or a batch; the payer defaults to [001]'s.
func (s *Service) AddCost(ctx context.Context, programmeID int64, in CostInput) (*CostLine, error) {
	c := &CostLine{ProgrammeID: programmeID}
	err := s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		var f app.Fields
		if !CostItems.Has(in.Item) {
			f.Add("item", "请选择费用项目", "Choose the cost item")
		}
		if in.Payer == "" {
			in.Payer = DefaultPayer(in.Item)
		}
		if !Payers.Has(in.Payer) {
			f.Add("payer", "请选择承担单位", "Choose who pays")
		}
		if in.Budget < 0 || in.Actual < 0 {
			f.Add("budget", "金额不能为负数", "Amounts cannot be negative")
		}
		if in.Budget == 0 && in.Actual == 0 {
			f.Add("budget", "请填写预算或实际金额", "Give the budget or the actual amount")
		}
		in.Note = strings.TrimSpace(in.Note)
		if utf8.RuneCountInString(in.Note) > 200 {
			f.Add("note", "备注不超过200字", "The note has at most 200 characters")
		}
		if in.Payer == PayerCounty && in.EducatorID == 0 {
			f.Add("educator_id", "县区承担的费用请指定参训人员（按其所在区县汇总）",
				"A county's cost names a participant (it is summed by their county)")
		}
		if err := f.Err(); err != nil {
			return err
		}
		pc, err := s.loadPlacementContext(ctx, programmeID)
		if err != nil {
			return err
		}
		if in.BatchID != 0 && pc.batches[in.BatchID] == nil {
			return errPlace("batch_id", "所选批次不属于本项目", "The batch is not the programme's")
		}
		if in.EducatorID != 0 {
			pl, err := pc.find(in.EducatorID)
			if err != nil {
				return errPlace("educator_id", "所选人员不是本项目的参训人员", "The person is not a participant")
			}
			if in.BatchID == 0 {
				in.BatchID = pl.BatchID
			}
			c.EducatorName, c.CountyID, c.CountyName = pl.Name, pl.CountyID, pl.CountyName
		}
		c.BatchID, c.EducatorID, c.Item, c.Payer, c.Budget, c.Actual, c.Note = in.BatchID, in.EducatorID, in.Item, in.Payer, in.Budget, in.Actual, in.Note
		c.CreatedBy, c.CreatedAt = app.ActorOf(ctx).Label(), s.clock.Now()
		if err := s.store.CreateCost(ctx, c); err != nil {
			return err
		}
		who := c.EducatorName
		if who == "" {
			who = "全体"
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.cost_add", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("项目“%s”登记费用：%s %s，预算%s元，实际%s元（%s）", p.Name, who, CostItems.Label(c.Item, "zh"),
				Yuan(c.Budget), Yuan(c.Actual), Payers.Label(c.Payer, "zh")), After: c})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteCost removes a cost line entered by mistake.
func (s *Service) DeleteCost(ctx context.Context, programmeID, costID int64) error {
	return s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		lines, err := s.store.FindCosts(ctx, programmeID)
		if err != nil {
			return err
		}
		for _, c := range lines {
			if c.ID == costID {
				if err := s.store.DeleteCost(ctx, programmeID, costID); err != nil {
					return err
				}
				return s.audit.Record(ctx, audit.Change{Action: "secondment.cost_delete", Entity: "programme", EntityID: p.ID,
					Summary: fmt.Sprintf("删除项目“%s”的费用：%s %s元", p.Name, CostItems.Label(c.Item, "zh"), Yuan(c.Budget)), Before: c})
			}
		}
		return app.ErrNotFound("费用")
	})
}

// Insurance lists a programme's policies and the participants of batches
// not yet finished who are not insured for their batch, for its managers.
func (s *Service) Insurance(ctx context.Context, programmeID int64) ([]*Insurance, []Uninsured, error) {
	if _, err := s.managed(ctx, programmeID); err != nil {
		return nil, nil, err
	}
	policies, err := s.store.FindInsurance(ctx, programmeID)
	if err != nil {
		return nil, nil, err
	}
	pc, err := s.loadPlacementContext(ctx, programmeID)
	if err != nil {
		return nil, nil, err
	}
	return policies, uninsured(pc, policies, s.Today()), nil
}

// uninsured lists the participants of batches that have not ended by today
// whose policy is missing or does not cover the whole batch, by batch start.
func uninsured(pc *placementContext, policies []*Insurance, today app.Date) []Uninsured {
	by := map[int64]*Insurance{}
	for _, in := range policies {
		by[in.EducatorID] = in
	}
	out := []Uninsured{}
	for _, pl := range pc.placements {
		b := pc.batches[pl.BatchID]
		if b == nil || b.End.Before(today) {
			continue
		}
		u := Uninsured{EducatorID: pl.EducatorID, Name: pl.Name, SchoolName: pl.SchoolName, BatchName: b.Name, BatchStart: b.Start, BatchEnd: b.End}
		switch in := by[pl.EducatorID]; {
		case in == nil:
			u.Reason = "未办理意外伤害保险"
		case b.Start.Before(in.Start) || in.End.Before(b.End):
			u.Reason = fmt.Sprintf("保险期间（%s—%s）未覆盖批次", in.Start.Chinese(), in.End.Chinese())
		default:
			continue
		}
		out = append(out, u)
	}
	sortBy(out, func(u Uninsured) int64 { return u.BatchStart.Time().Unix() })
	return out
}

// SetInsurance records a participant's accident insurance.
func (s *Service) SetInsurance(ctx context.Context, programmeID, educatorID int64, in InsuranceInput) (*Insurance, error) {
	out := &Insurance{ProgrammeID: programmeID, EducatorID: educatorID}
	err := s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		_, pl, err := s.loadPlacement(ctx, programmeID, educatorID)
		if err != nil {
			return err
		}
		var f app.Fields
		out.Insurer, out.PolicyNo, out.Start, out.End = strings.TrimSpace(in.Insurer), strings.TrimSpace(in.PolicyNo), in.Start, in.End
		if n := utf8.RuneCountInString(out.Insurer); n < 2 || n > 60 {
			f.Add("insurer", "请填写保险公司（2至60字）", "Give the insurer (2 to 60 characters)")
		}
		if n := utf8.RuneCountInString(out.PolicyNo); n < 1 || n > 60 {
			f.Add("policy_no", "请填写保单号", "Give the policy number")
		}
		switch {
		case out.Start.IsZero() || !out.Start.Valid() || out.End.IsZero() || !out.End.Valid():
			f.Add("start", "请填写保险起止日期", "Give the policy's dates")
		case out.End.Before(out.Start):
			f.Add("end", "保险结束日期不能早于开始日期", "The policy ends before it starts")
		}
		if err := f.Err(); err != nil {
			return err
		}
		out.Name, out.UpdatedBy, out.UpdatedAt = pl.Name, app.ActorOf(ctx).Label(), s.clock.Now()
		if err := s.store.SaveInsurance(ctx, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.insurance", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("登记%s的意外伤害保险：%s %s（%s—%s）", pl.Name, out.Insurer, out.PolicyNo, out.Start.Chinese(), out.End.Chinese()),
			After:   out})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
