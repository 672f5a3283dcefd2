package planning

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

// Input is what a plan reads of one teacher for one school year besides the
// registry (规划信息): whether they volunteer, their 量化打分 score, whether
// they are a 末位调岗 case, and the schools they wish to go to, best first.
// County HR enters all of it; the teacher and their school enter the wish
// and the volunteering.
type Input struct {
	EducatorID int64 `json:"educator_id"`
	SchoolYear int   `json:"school_year"`
	Volunteer  bool  `json:"volunteer"`
	// Score is the 量化打分 result, 0–100, or nil before scoring.
	Score *float64 `json:"score"`
	// LastRanked marks a teacher whose results ranked last repeatedly (末位调岗).
	LastRanked bool `json:"last_ranked"`
	// Prefs are the ids of the wished schools, best first.
	Prefs     []int64   `json:"prefs"`
	Note      string    `json:"note"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MaxPrefs bounds the wished schools of one teacher.
const MaxPrefs = 5

// StaffingRow is a county HR's bound on the teachers of one subject (or, in
// a principal plan, of one post) at one school after the moves of a school
// year's plans, replacing the default bounds.
type StaffingRow struct {
	StaffingBound
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// StaffingBound is the least and most teachers of one subject (or post) at
// one school for a school year's plans of a mode, as set and as kept.
type StaffingBound struct {
	SchoolID   int64  `json:"school_id"`
	SchoolYear int    `json:"school_year"`
	Mode       Mode   `json:"mode"`
	Subject    string `json:"subject"`
	Min        int    `json:"min"`
	Max        int    `json:"max"`
}

// InputFilter selects the lines of the planning inputs list: those who must
// rotate in a county (or school) on the reference date of a school year.
type InputFilter struct {
	CountyID int64
	SchoolID int64
	Year     int
	Q        string
	Offset   int
	Limit    int
}

// InputLine is one who must rotate with their planning inputs.
type InputLine struct {
	*rotation.Eligibility
	Input *Input   `json:"input"`
	Prefs []string `json:"prefs_names"`
}

// FindInputs lists who must rotate in the actor's scope for a school year,
// with what they and the bureau entered for planning.
func (s *Service) FindInputs(ctx context.Context, f InputFilter) ([]*InputLine, int, error) {
	if err := checkYear(f.Year); err != nil {
		return nil, 0, err
	}
	list, total, err := s.rotation.FindEligible(ctx, rotation.EligibleFilter{AsOf: rotation.ReferenceDate(f.Year), CountyID: f.CountyID,
		SchoolID: f.SchoolID, Q: f.Q, Offset: f.Offset, Limit: f.Limit})
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.EducatorID
	}
	inputs, err := s.store.FindPlanningInputs(ctx, f.Year, ids, 0)
	if err != nil {
		return nil, 0, err
	}
	names, err := s.schoolNames(ctx, inputs)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*InputLine, len(list))
	for i, e := range list {
		line := &InputLine{Eligibility: e, Input: inputs[e.EducatorID], Prefs: []string{}}
		if line.Input != nil {
			for _, id := range line.Input.Prefs {
				line.Prefs = append(line.Prefs, names[id])
			}
		}
		out[i] = line
	}
	return out, total, nil
}

// schoolNames names the schools the inputs wish for.
func (s *Service) schoolNames(ctx context.Context, inputs map[int64]*Input) (map[int64]string, error) {
	names := map[int64]string{}
	for _, in := range inputs {
		for _, id := range in.Prefs {
			if _, ok := names[id]; ok {
				continue
			}
			sc, err := s.store.FindSchoolByID(ctx, id)
			if err != nil {
				return nil, err
			}
			names[id] = sc.Name
		}
	}
	return names, nil
}

// InputForm is one teacher's planning inputs with what the actor may change.
type InputForm struct {
	Educator *people.Educator `json:"educator"`
	Year     int              `json:"school_year"`
	Input    *Input           `json:"input"`
	// Schools are the county's compulsory schools a wish may name.
	Schools []*org.School `json:"schools"`
	// CanAll: county HR enters every field; CanWish: the teacher or their
	// school enters the wishes and the volunteering.
	CanAll  bool `json:"can_all"`
	CanWish bool `json:"can_wish"`
}

// FindInput returns one teacher's planning inputs for a school year. The
// teacher themselves, their school and the county's readers see them.
func (s *Service) FindInput(ctx context.Context, educatorID int64, year int) (*InputForm, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	e, err := s.store.FindEducatorByID(ctx, educatorID)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.RotationRead, e.Place(), "教职工"); err != nil {
		return nil, err
	}
	// With the masked ID number the birth date would give the number away.
	e.Age = app.Age(e.BirthDate, s.Today())
	e.BirthDate, e.BirthMonth = people.RedactBirthDate(ctx, e.Place(), e.BirthDate)
	ins, err := s.store.FindPlanningInputs(ctx, year, []int64{e.ID}, 0)
	if err != nil {
		return nil, err
	}
	f := &InputForm{Educator: e, Year: year, Input: ins[e.ID], Schools: []*org.School{}}
	if f.Input == nil {
		f.Input = &Input{EducatorID: e.ID, SchoolYear: year, Prefs: []int64{}}
	}
	schoolPlace := app.Place{CityID: e.CityID, CountyID: e.CountyID, SchoolID: e.SchoolID}
	f.CanAll = may(ctx, auth.RotationManage, schoolPlace)
	f.CanWish = f.CanAll || may(ctx, auth.RotationApply, schoolPlace) || (a.EducatorID != 0 && a.EducatorID == e.ID)
	all, err := s.store.FindRotationSchools(ctx, []int64{e.CountyID})
	if err != nil {
		return nil, err
	}
	for _, sc := range all {
		if sc.Compulsory() && sc.ID != e.SchoolID {
			f.Schools = append(f.Schools, sc)
		}
	}
	return f, nil
}

// InputUpdate changes a teacher's planning inputs; nil fields stay.
type InputUpdate struct {
	SchoolYear int      `json:"school_year"`
	Volunteer  *bool    `json:"volunteer"`
	Score      *float64 `json:"score"`
	ClearScore bool     `json:"clear_score"`
	LastRanked *bool    `json:"last_ranked"`
	Prefs      *[]int64 `json:"prefs"`
	Note       *string  `json:"note"`
}

// SaveInput stores a teacher's planning inputs for a school year. County HR
// sets every field; the teacher and their school set the wishes, the
// volunteering and the note. The wishes name up to MaxPrefs compulsory
// schools of the county other than the teacher's own.
func (s *Service) SaveInput(ctx context.Context, educatorID int64, u InputUpdate) (*Input, error) {
	f, err := s.FindInput(ctx, educatorID, u.SchoolYear)
	if err != nil {
		return nil, err
	}
	if !f.CanWish {
		return nil, errNoRight
	}
	before := *f.Input
	in := *f.Input
	in.Prefs = append([]int64{}, f.Input.Prefs...)
	if !f.CanAll && (u.Score != nil || u.ClearScore || u.LastRanked != nil) {
		return nil, app.Errorf(app.Forbidden, "量化打分和末位调岗由区县人事科填写", "County HR enters the score and the reassignment flag")
	}
	var fe []string
	fields := map[string]string{}
	if u.Volunteer != nil {
		in.Volunteer = *u.Volunteer
	}
	if u.LastRanked != nil {
		in.LastRanked = *u.LastRanked
	}
	switch {
	case u.ClearScore:
		in.Score = nil
	case u.Score != nil:
		if math.IsNaN(*u.Score) || *u.Score < 0 || *u.Score > 100 {
			fe, fields["score"] = append(fe, "量化打分应在0至100之间"), "invalid"
		} else {
			v := math.Round(*u.Score*10) / 10
			in.Score = &v
		}
	}
	if u.Note != nil {
		in.Note = strings.TrimSpace(*u.Note)
		if utf8.RuneCountInString(in.Note) > 500 {
			fe, fields["note"] = append(fe, "说明最多500字"), "invalid"
		}
	}
	if u.Prefs != nil {
		allowed := map[int64]string{}
		for _, sc := range f.Schools {
			allowed[sc.ID] = sc.Name
		}
		in.Prefs = []int64{}
		for _, id := range *u.Prefs {
			switch {
			case id == 0:
				continue
			case allowed[id] == "":
				fe, fields["prefs"] = append(fe, fmt.Sprintf("志愿学校 %d 不是本区县的其他义务教育学校", id)), "invalid"
			case slices.Contains(in.Prefs, id):
				fe, fields["prefs"] = append(fe, "志愿学校「"+allowed[id]+"」重复"), "invalid"
			default:
				in.Prefs = append(in.Prefs, id)
			}
		}
		if len(in.Prefs) > MaxPrefs {
			fe, fields["prefs"] = append(fe, fmt.Sprintf("最多填报%d个志愿学校", MaxPrefs)), "invalid"
		}
	}
	if len(fe) > 0 {
		return nil, &app.Error{Code: app.Invalid, Message: strings.Join(fe, "；"), English: "Invalid planning inputs", Fields: fields}
	}
	in.UpdatedBy, in.UpdatedAt = app.ActorOf(ctx).Label(), s.clock.Now()
	var wishes []string
	for _, id := range in.Prefs {
		for _, sc := range f.Schools {
			if sc.ID == id {
				wishes = append(wishes, sc.Name)
			}
		}
	}
	summary := fmt.Sprintf("%s%s交流意愿：%s", f.Educator.Name, rotation.YearLabel(in.SchoolYear), map[bool]string{true: "自愿交流", false: "未报名自愿交流"}[in.Volunteer])
	if len(wishes) > 0 {
		summary += "，志愿学校：" + strings.Join(wishes, "、")
	}
	if in.Score != nil {
		summary += fmt.Sprintf("，量化打分%.1f", *in.Score)
	}
	if in.LastRanked {
		summary += "，末位调岗"
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SavePlanningInput(ctx, &in); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.plan_input.save", Entity: "educator", EntityID: f.Educator.ID,
			Summary: summary, Before: before, After: in})
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// StaffingView is a county's staffing bounds for a school year and mode:
// every (school, subject) with teachers today or an edited row.
type StaffingView struct {
	County *org.County `json:"county"`
	Year   int         `json:"school_year"`
	Mode   Mode        `json:"mode"`
	Cells  []*CellInfo `json:"cells"`
	// Names are the schools' names by id.
	Names   map[int64]string `json:"school_names"`
	CanEdit bool             `json:"can_edit"`
}

// FindStaffing lists a county's staffing bounds for a school year and mode,
// with the default settings' bounds beside the edited ones. schoolID, when
// set, keeps one school.
func (s *Service) FindStaffing(ctx context.Context, countyID int64, year int, mode Mode, schoolID int64) (*StaffingView, error) {
	c, err := s.countyFor(ctx, countyID, false)
	if err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	if !Modes.Has(string(mode)) {
		return nil, app.InvalidValue("mode", string(mode))
	}
	d, err := s.loadRegistry(ctx, c.ID, year, mode)
	if err != nil {
		return nil, err
	}
	_, _, cells, err := assemble(d, DefaultSettings(mode), mode)
	if err != nil {
		return nil, err
	}
	v := &StaffingView{County: c, Year: year, Mode: mode, Cells: []*CellInfo{}, Names: map[int64]string{},
		CanEdit: may(ctx, auth.RotationManage, app.Place{CityID: c.CityID, CountyID: c.ID})}
	for _, sc := range d.Schools {
		v.Names[sc.ID] = sc.Name
	}
	for _, ci := range cells {
		if schoolID == 0 || ci.SchoolID == schoolID {
			v.Cells = append(v.Cells, ci)
		}
	}
	return v, nil
}

// StaffingInput sets (or, with Clear, removes) the bounds of one subject at
// one school for a school year's plans of a mode.
type StaffingInput struct {
	StaffingBound
	Clear bool `json:"clear"`
}

// SaveStaffing stores a staffing bound, as county HR.
func (s *Service) SaveStaffing(ctx context.Context, in StaffingInput) (*StaffingRow, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationManage); err != nil {
		return nil, err
	}
	if in.SchoolID == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择学校", English: "Choose the school", Fields: map[string]string{"school_id": "required"}}
	}
	sc, err := s.store.FindSchoolByID(ctx, in.SchoolID)
	if err != nil || auth.Decide(a, auth.RotationRead, sc.Place(), "") != nil {
		if err == nil || app.ErrorCode(err) == app.NotFound {
			return nil, &app.Error{Code: app.Invalid, Message: "未找到学校", English: "School not found", Fields: map[string]string{"school_id": "not_found"}}
		}
		return nil, err
	}
	if !may(ctx, auth.RotationManage, app.Place{CityID: sc.CityID, CountyID: sc.CountyID}) {
		return nil, errNoRight
	}
	if err := checkYear(in.SchoolYear); err != nil {
		return nil, err
	}
	subject := strings.TrimSpace(in.Subject)
	var fe []string
	fields := map[string]string{}
	switch {
	case !Modes.Has(string(in.Mode)):
		fe, fields["mode"] = append(fe, "请选择方案类型"), "invalid"
	case in.Mode == ModePrincipal && subject != subjectPrincipal && subject != subjectVice:
		fe, fields["subject"] = append(fe, "校长轮岗方案的编制按岗位（校长、副校长）设定"), "invalid"
	}
	if subject == "" || utf8.RuneCountInString(subject) > 20 {
		fe, fields["subject"] = append(fe, "请填写学科（最多20字）"), "invalid"
	}
	if !sc.Compulsory() {
		fe, fields["school_id"] = append(fe, sc.Name+"不是义务教育学校"), "invalid"
	}
	if !in.Clear && (in.Min < 0 || in.Max < in.Min || in.Max > 500) {
		fe, fields["max"] = append(fe, "编制人数应满足 0 ≤ 下限 ≤ 上限 ≤ 500"), "invalid"
	}
	if len(fe) > 0 {
		return nil, &app.Error{Code: app.Invalid, Message: strings.Join(fe, "；"), English: "Invalid staffing bounds", Fields: fields}
	}
	r := &StaffingRow{StaffingBound: StaffingBound{SchoolID: sc.ID, SchoolYear: in.SchoolYear, Mode: in.Mode, Subject: subject,
		Min: in.Min, Max: in.Max},
		UpdatedBy: a.Label(), UpdatedAt: s.clock.Now()}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if in.Clear {
			ok, err := s.store.DeleteStaffingRow(ctx, r)
			if err != nil {
				return err
			}
			if !ok {
				return app.Errorf(app.Invalid, "该学科没有设定过编制，无需恢复默认", "There is no edited bound to clear")
			}
			return s.audit.Record(ctx, audit.Change{Action: "rotation.plan_staffing.clear", Entity: "school", EntityID: sc.ID,
				Summary: fmt.Sprintf("%s%s%s编制恢复默认（%s）", sc.Name, rotation.YearLabel(in.SchoolYear), subject, Modes.Label(string(in.Mode), "zh"))})
		}
		if err := s.store.SaveStaffingRow(ctx, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.plan_staffing.save", Entity: "school", EntityID: sc.ID,
			Summary: fmt.Sprintf("设定%s%s%s编制：%d至%d人（%s）", sc.Name, rotation.YearLabel(in.SchoolYear), subject, r.Min, r.Max, Modes.Label(string(in.Mode), "zh")),
			After:   r})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
