package secondment

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
)

// The selection (选派, SPEC §4.2) of a programme's participants, fair, just
// and open [001][002]: nominations by schools and counties or applications
// by the people themselves, a qualification review against the category's
// conditions, blind scoring by an expert panel, a ranked shortlist in a
// public notice with objections, then the final list enrolled in the
// programme and a ranked reserve pool that fills vacancies.

// SelectionStage is where a programme's selection stands.
type SelectionStage string

// The stages, in order.
const (
	StageNominating SelectionStage = "nominating" // 推荐报名与资格审查
	StageScoring    SelectionStage = "scoring"    // 专家评审
	StageResults    SelectionStage = "results"    // 评审结果已公布
	StageNotice     SelectionStage = "notice"     // 公示中
	StageFinal      SelectionStage = "final"      // 名单已确定
)

// SelectionStages is the vocabulary of stages.
var SelectionStages = app.Vocab{
	{Code: string(StageNominating), Zh: "推荐报名与资格审查", En: "Nominations and qualification review"},
	{Code: string(StageScoring), Zh: "专家评审", En: "Expert scoring"},
	{Code: string(StageResults), Zh: "评审结果已公布", En: "Results published"},
	{Code: string(StageNotice), Zh: "公示中", En: "Public notice"},
	{Code: string(StageFinal), Zh: "名单已确定", En: "Final list fixed"},
}

// order is the stage's position, for "at or after".
func (s SelectionStage) order() int {
	for i, t := range SelectionStages {
		if t.Code == string(s) {
			return i
		}
	}
	return -1
}

// AtLeast reports whether the selection has reached stage t.
func (s SelectionStage) AtLeast(t SelectionStage) bool { return s.order() >= t.order() }

// CandidateStatus is where one candidate stands.
type CandidateStatus string

// The candidate statuses.
const (
	CandidateSubmitted   CandidateStatus = "submitted"   // 待资格审查
	CandidateQualified   CandidateStatus = "qualified"   // 资格审查通过
	CandidateUnqualified CandidateStatus = "unqualified" // 资格审查未通过
	CandidateShortlisted CandidateStatus = "shortlisted" // 拟选派，公示中
	CandidateRemoved     CandidateStatus = "removed"     // 公示异议成立，取消
	CandidateSelected    CandidateStatus = "selected"    // 确定选派
	CandidateReserve     CandidateStatus = "reserve"     // 后备人选
	CandidateWithdrawn   CandidateStatus = "withdrawn"   // 已退出
)

// CandidateStatuses is the vocabulary of candidate statuses.
var CandidateStatuses = app.Vocab{
	{Code: string(CandidateSubmitted), Zh: "待资格审查", En: "Awaiting qualification review"},
	{Code: string(CandidateQualified), Zh: "资格审查通过", En: "Qualified"},
	{Code: string(CandidateUnqualified), Zh: "资格审查未通过", En: "Not qualified"},
	{Code: string(CandidateShortlisted), Zh: "拟选派（公示中）", En: "Shortlisted (in public notice)"},
	{Code: string(CandidateRemoved), Zh: "公示异议成立，已取消", En: "Removed after an upheld objection"},
	{Code: string(CandidateSelected), Zh: "确定选派", En: "Selected"},
	{Code: string(CandidateReserve), Zh: "后备人选", En: "Reserve"},
	{Code: string(CandidateWithdrawn), Zh: "已退出", En: "Withdrawn"},
}

// Sources of a candidacy.
const (
	SourceNomination  = "nomination"  // 单位推荐
	SourceApplication = "application" // 个人报名
)

// CandidateSources is the vocabulary of sources.
var CandidateSources = app.Vocab{
	{Code: SourceNomination, Zh: "单位推荐", En: "Nominated"},
	{Code: SourceApplication, Zh: "个人报名", En: "Applied"},
}

// Selection is a programme's selection: its stage and scoring settings.
type Selection struct {
	ProgrammeID int64          `json:"programme_id"`
	Stage       SelectionStage `json:"stage"`
	// DropExtremes drops each candidate's highest and lowest reviewer
	// score before the mean (去掉一个最高分和一个最低分), with three reviewers or more.
	DropExtremes bool `json:"drop_extremes"`
	// SpreadThreshold flags a candidate whose reviewers' scores differ by
	// more than this many points (of 100); zero flags none.
	SpreadThreshold float64     `json:"spread_threshold"`
	NoticeID        int64       `json:"notice_id"`
	Criteria        []Criterion `json:"criteria"`
	OpenedBy        string      `json:"opened_by"`
	OpenedAt        time.Time   `json:"opened_at"`
	UpdatedAt       time.Time   `json:"updated_at"`
	Version         int         `json:"version"`
}

// Criterion is one scoring criterion with its weight and full marks.
type Criterion struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	Weight   float64 `json:"weight"`
	MaxScore float64 `json:"max_score"`
}

// SelectionInput is the settings as entered.
type SelectionInput struct {
	DropExtremes    bool             `json:"drop_extremes"`
	SpreadThreshold float64          `json:"spread_threshold"`
	Criteria        []CriterionInput `json:"criteria"`
}

// CriterionInput is a criterion as entered.
type CriterionInput struct {
	Name     string  `json:"name"`
	Weight   float64 `json:"weight"`
	MaxScore float64 `json:"max_score"`
}

// validate checks the settings.
func (in *SelectionInput) validate() error {
	var f app.Fields
	if len(in.Criteria) == 0 || len(in.Criteria) > 20 {
		f.Add("criteria", "请填写1至20项评分指标", "Give 1 to 20 scoring criteria")
	}
	seen := map[string]bool{}
	for i := range in.Criteria {
		c := &in.Criteria[i]
		c.Name = strings.TrimSpace(c.Name)
		switch {
		case c.Name == "" || utf8.RuneCountInString(c.Name) > 30:
			f.Add("criteria", fmt.Sprintf("第%d项评分指标：请填写名称（1至30字）", i+1), fmt.Sprintf("Criterion %d: give a name (1 to 30 characters)", i+1))
		case seen[c.Name]:
			f.Add("criteria", fmt.Sprintf("评分指标“%s”重复", c.Name), fmt.Sprintf("Criterion %q is listed twice", c.Name))
		case !(c.Weight > 0 && c.Weight <= 100):
			f.Add("criteria", fmt.Sprintf("评分指标“%s”的权重应大于0且不超过100", c.Name), fmt.Sprintf("The weight of %q must be above 0 and at most 100", c.Name))
		case !(c.MaxScore > 0 && c.MaxScore <= 1000):
			f.Add("criteria", fmt.Sprintf("评分指标“%s”的满分应大于0且不超过1000", c.Name), fmt.Sprintf("The full marks of %q must be above 0 and at most 1000", c.Name))
		}
		seen[c.Name] = true
	}
	if !(in.SpreadThreshold >= 0 && in.SpreadThreshold <= 100) {
		f.Add("spread_threshold", "分歧提示阈值应在0至100分之间", "The disagreement threshold must be between 0 and 100")
	}
	return f.Err()
}

// ParseCriteria reads criteria written one per line as a name, a weight and
// full marks ("工作实绩 40 100"), the way the form's text area takes them.
func ParseCriteria(text string) ([]CriterionInput, error) {
	var out []CriterionInput
	var f app.Fields
	for i, line := range strings.Split(text, "\n") {
		fields := strings.FieldsFunc(strings.TrimSpace(line), func(r rune) bool {
			return r == ' ' || r == '\t' || r == ',' || r == '，' || r == '　' || r == ':' || r == '：'
		})
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 3 {
			f.Add("criteria", fmt.Sprintf("评分指标第%d行“%s”应写作“名称 权重 满分”，如“工作实绩 40 100”", i+1, strings.TrimSpace(line)),
				fmt.Sprintf("Criterion line %d should read \"name weight full-marks\", e.g. \"工作实绩 40 100\"", i+1))
			continue
		}
		w, err1 := strconv.ParseFloat(fields[1], 64)
		m, err2 := strconv.ParseFloat(fields[2], 64)
		if err1 != nil || err2 != nil {
			f.Add("criteria", fmt.Sprintf("评分指标第%d行的权重和满分应为数字", i+1), fmt.Sprintf("Criterion line %d: weight and full marks must be numbers", i+1))
			continue
		}
		out = append(out, CriterionInput{Name: fields[0], Weight: w, MaxScore: m})
	}
	return out, f.Err()
}

// FormatCriteria writes criteria the way ParseCriteria reads them.
func FormatCriteria(cs []Criterion) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s %s %s\n", c.Name, trimFloat(c.Weight), trimFloat(c.MaxScore))
	}
	return b.String()
}

func trimFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// Candidate is one person nominated or applying for a programme, with the
// qualification decision and, once computed, the score and rank.
type Candidate struct {
	ID          int64  `json:"id"`
	ProgrammeID int64  `json:"programme_id"`
	EducatorID  int64  `json:"educator_id"`
	Name        string `json:"name"`
	Gender      string `json:"gender"`
	Post        string `json:"post"`
	Backbone    string `json:"backbone"`
	SchoolID    int64  `json:"school_id"`
	SchoolName  string `json:"school_name"`
	CountyID    int64  `json:"county_id"`
	CityID      int64  `json:"city_id"`
	Category    string `json:"category"`
	// Source is SourceNomination or SourceApplication.
	Source            string          `json:"source"`
	Reasons           string          `json:"reasons"`
	NominatedBy       string          `json:"nominated_by"`
	NominatedByUserID int64           `json:"-"`
	Status            CandidateStatus `json:"status"`
	DecisionReason    string          `json:"decision_reason"`
	DecidedBy         string          `json:"decided_by"`
	DecidedAt         time.Time       `json:"decided_at,omitzero"`
	// Scored says Score, Rank, Spread and Flagged hold a computed result.
	Scored    bool    `json:"scored"`
	Score     float64 `json:"score"`
	Rank      int     `json:"rank"`
	Reviewers int     `json:"reviewers"`
	// Spread is the highest reviewer's score minus the lowest's.
	Spread  float64 `json:"spread"`
	Flagged bool    `json:"flagged"`
	// ReserveRank is the place in the reserve pool, from 1.
	ReserveRank int `json:"reserve_rank"`
	// Member says the person is enrolled in the programme now.
	Member    bool      `json:"member"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
	// Findings are the category's conditions checked now, for those who review.
	Findings []Finding `json:"findings,omitempty"`
}

// Place is where the candidate's record lies.
func (c *Candidate) Place() app.Place {
	return app.Place{CityID: c.CityID, CountyID: c.CountyID, SchoolID: c.SchoolID, EducatorID: c.EducatorID}
}

// NominationInput is a nomination or an application as entered.
type NominationInput struct {
	EducatorID int64  `json:"educator_id"`
	Category   string `json:"category"`
	Reasons    string `json:"reasons"`
}

// ReviewInput is a qualification decision. Version is the candidate's
// version the decision was made on: of two decisions on one version, one stands.
type ReviewInput struct {
	Qualified bool   `json:"qualified"`
	Reason    string `json:"reason"`
	Version   int    `json:"version"`
}

// Reviewer is an account on a programme's expert panel, or one that may be.
type Reviewer struct {
	UserID      int64  `json:"user_id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	OnPanel     bool   `json:"on_panel"`
}

// ReviewAssignment is one candidate given to one reviewer to score.
type ReviewAssignment struct {
	CandidateID int64 `json:"candidate_id"`
	UserID      int64 `json:"user_id"`
}

// Score is one reviewer's mark for one candidate on one criterion.
type Score struct {
	CandidateID int64     `json:"candidate_id"`
	UserID      int64     `json:"user_id"`
	Reviewer    string    `json:"reviewer"`
	CriterionID int64     `json:"criterion_id"`
	Score       float64   `json:"score"`
	ScoredAt    time.Time `json:"scored_at"`
}

// ScoreInput is one reviewer's marks for a candidate, by criterion id.
type ScoreInput struct {
	Scores []CriterionScore `json:"scores"`
}

// CriterionScore is a mark for one criterion.
type CriterionScore struct {
	CriterionID int64   `json:"criterion_id"`
	Score       float64 `json:"score"`
}

// ReviewerScore is one reviewer's weighted mean for a candidate, on a
// scale of 100: each criterion's mark as a share of its full marks,
// weighted by the criterion's weight.
func ReviewerScore(criteria []Criterion, marks map[int64]float64) float64 {
	var sum, weights float64
	for _, c := range criteria {
		sum += c.Weight * marks[c.ID] / c.MaxScore * 100
		weights += c.Weight
	}
	if weights == 0 {
		return 0
	}
	return sum / weights
}

// Result is a candidate's computed score from the reviewers' scores.
type Result struct {
	Score     float64
	Spread    float64
	Reviewers int
	Flagged   bool
}

// Combine is the mean of the reviewers' scores, after dropping the highest
// and the lowest when dropExtremes is set and three or more reviewers
// scored; Spread is the highest minus the lowest of all of them, flagged
// when above a positive threshold. Scores are rounded to two decimals.
func Combine(scores []float64, dropExtremes bool, threshold float64) Result {
	if len(scores) == 0 {
		return Result{}
	}
	s := append([]float64(nil), scores...)
	sort.Float64s(s)
	r := Result{Reviewers: len(s), Spread: round2(s[len(s)-1] - s[0])}
	if dropExtremes && len(s) >= 3 {
		s = s[1 : len(s)-1]
	}
	var sum float64
	for _, x := range s {
		sum += x
	}
	r.Score = round2(sum / float64(len(s)))
	r.Flagged = threshold > 0 && r.Spread > threshold
	return r
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
