package planning

import (
	"fmt"
	"math"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

// The two modes of the planner (SPEC §3.3): teachers who must rotate move
// between the county's schools keeping their subject; principals move
// between principal posts, one per school. A plan, its staffing rows and
// its settings are of one mode.
type Mode string

// The modes.
const (
	ModeTeacher   Mode = "teacher"
	ModePrincipal Mode = "principal"
)

// Modes is the vocabulary of plan modes.
var Modes = app.Vocab{
	{Code: string(ModeTeacher), Zh: "教师交流方案", En: "Teacher exchange plan"},
	{Code: string(ModePrincipal), Zh: "校长轮岗方案", En: "Principal rotation plan"},
}

// Settings are everything a plan is built and solved with besides the
// registry: the priority formula, the rules PLANNER.md lets a bureau set,
// the weights of the objective, the default staffing bounds and the form
// of the exchanges an approval makes. They are stored with the plan, so a
// plan can always be explained and rebuilt.
type Settings struct {
	// The priority formula (优先分): who goes first.
	VolunteerBonus float64 `json:"volunteer_bonus"` // points for a volunteer (自愿报名)
	TenureWeight   float64 `json:"tenure_weight"`   // points per whole year at the school
	ScoreWeight    float64 `json:"score_weight"`    // points per 量化打分 point (0–100)
	ReassignBonus  float64 `json:"reassign_bonus"`  // points for a 末位调岗 teacher

	// Target is the number of moves; nil takes the quota (see Build).
	Target *int `json:"target"`
	// MinBackbone is the least number of backbone teachers moved; nil takes
	// the backbone share of the policy.
	MinBackbone           *int    `json:"min_backbone"`
	MaxDistanceKm         float64 `json:"max_distance_km"`
	BackboneToRuralOrWeak bool    `json:"backbone_to_rural_or_weak"`
	WithinConsortium      bool    `json:"within_consortium"`
	MaxOutShare           float64 `json:"max_out_share"`

	// The weights of the objective: per kilometre and per place down a
	// teacher's list of wished schools.
	DistanceWeight   float64 `json:"distance_weight"`
	PreferenceWeight float64 `json:"preference_weight"`

	// Default staffing bounds of a (school, subject) with teachers today:
	// it may lose up to StaffingOut of them (keeping at least one: every
	// subject taught stays taught) and gain up to StaffingRoom. Rows edited
	// per school and subject replace the defaults.
	StaffingOut  int `json:"staffing_out"`
	StaffingRoom int `json:"staffing_room"`
	// ByStage keeps teachers within their school stage (小学, 初中,
	// 九年一贯制): a teacher's qualification is for a stage.
	ByStage bool `json:"by_stage"`
	// IncludeVice takes vice principals who must rotate into the plan: in a
	// teacher plan they rotate as teachers (人事关系保留), in a principal plan
	// as administrators in vice-principal posts (人事关系转入).
	IncludeVice bool `json:"include_vice"`

	// Form is the form of the exchanges an approval makes, unless a move
	// stays within a consortium (办学联合体) or is a 末位调岗 teacher's;
	// 支教/帮教 and 走教 only for moves to rural or weak schools (moveForm).
	Form rotation.ExchangeForm `json:"form"`
	// TimeLimitSeconds bounds one solve.
	TimeLimitSeconds int `json:"time_limit_seconds"`
}

// MaxTimeLimitSeconds keeps a solve, with the reading and writing around
// it, within the limit of a run (jobs.MaxRunTime).
const MaxTimeLimitSeconds = 480

// DefaultSettings returns the settings a new plan of the mode starts from.
func DefaultSettings(mode Mode) Settings {
	s := Settings{
		VolunteerBonus: 10, TenureWeight: 1, ScoreWeight: 0.1, ReassignBonus: 5,
		MaxDistanceKm: 20, BackboneToRuralOrWeak: true, MaxOutShare: 0.2,
		DistanceWeight: 0.5, PreferenceWeight: 2,
		StaffingOut: 1, StaffingRoom: 1, ByStage: true,
		Form: rotation.FormSupport, TimeLimitSeconds: 120,
	}
	if mode == ModePrincipal {
		// One principal per school: only exchanges of posts are possible,
		// so caps per school and limits on distance would mostly forbid them.
		s.MaxDistanceKm, s.BackboneToRuralOrWeak, s.MaxOutShare = 0, false, 0
		s.IncludeVice = true
		zero := 0
		s.MinBackbone = &zero
	}
	return s
}

// validate checks the settings, naming every bad field in Chinese.
func (s Settings) validate() error {
	var zh, en []string
	fields := map[string]string{}
	bad := func(field, z, e string) {
		fields[field] = "invalid"
		zh, en = append(zh, z), append(en, e)
	}
	num := func(field, name string, v, lo, hi float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
			bad(field, fmt.Sprintf("%s应在%g至%g之间", name, lo, hi), fmt.Sprintf("%s must lie between %g and %g", field, lo, hi))
		}
	}
	num("volunteer_bonus", "自愿报名加分", s.VolunteerBonus, 0, 1000)
	num("tenure_weight", "每任教一年加分", s.TenureWeight, 0, 100)
	num("score_weight", "量化打分每分加分", s.ScoreWeight, 0, 10)
	num("reassign_bonus", "末位调岗加分", s.ReassignBonus, 0, 1000)
	num("max_distance_km", "普通教师交流距离上限（公里）", s.MaxDistanceKm, 0, 1000)
	num("max_out_share", "每校调出比例上限", s.MaxOutShare, 0, 1)
	num("distance_weight", "每公里扣分", s.DistanceWeight, 0, 100)
	num("preference_weight", "志愿每降一位扣分", s.PreferenceWeight, 0, 100)
	if s.Target != nil && (*s.Target < 0 || *s.Target > 100000) {
		bad("target", "交流人数应在0至100000之间（留空为按比例自动计算）", "target must lie between 0 and 100000 (empty: from the quota)")
	}
	if s.MinBackbone != nil && (*s.MinBackbone < 0 || *s.MinBackbone > 100000) {
		bad("min_backbone", "骨干教师人数下限应在0至100000之间（留空为按比例自动计算）", "min_backbone must lie between 0 and 100000")
	}
	if s.StaffingOut < 0 || s.StaffingOut > 50 {
		bad("staffing_out", "每校每学科可调出人数应在0至50之间", "staffing_out must lie between 0 and 50")
	}
	if s.StaffingRoom < 0 || s.StaffingRoom > 50 {
		bad("staffing_room", "每校每学科可调入人数应在0至50之间", "staffing_room must lie between 0 and 50")
	}
	if !rotation.Forms.Has(string(s.Form)) || s.Form == rotation.FormTownshipSupport || s.Form == rotation.FormNationalTraining ||
		s.Form == rotation.FormCounterpart {
		bad("form", "请选择交流形式（乡镇内支教、国培置换、对口帮扶不经方案产生）",
			"Choose the form (township support, national training and counterpart assistance are not planned)")
	}
	if s.TimeLimitSeconds < 1 || s.TimeLimitSeconds > MaxTimeLimitSeconds {
		bad("time_limit_seconds", fmt.Sprintf("求解时限应在1至%d秒之间", MaxTimeLimitSeconds),
			fmt.Sprintf("time_limit_seconds must lie between 1 and %d", MaxTimeLimitSeconds))
	}
	if len(zh) == 0 {
		return nil
	}
	return &app.Error{Code: app.Invalid, Message: strings.Join(zh, "；"), English: strings.Join(en, "; "), Fields: fields}
}
