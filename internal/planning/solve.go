package planning

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/rotation"
)

// RunSolve is the kind of background run that builds a plan's instance (the
// first time) and solves it.
const RunSolve = "rotation.plan"

// PlanInput makes a new plan.
type PlanInput struct {
	CountyID   int64  `json:"county_id"`
	SchoolYear int    `json:"school_year"`
	Mode       Mode   `json:"mode"`
	Title      string `json:"title"`
	Note       string `json:"note"`
	// Settings are the plan's settings; nil takes the mode's defaults.
	Settings *Settings `json:"settings"`
}

// solveInput is the input of a solve run.
type solveInput struct {
	PlanID int64 `json:"plan_id"`
}

// SolveOutcome is the result of a solve run.
type SolveOutcome struct {
	PlanID  int64       `json:"plan_id"`
	Status  plan.Status `json:"status"`
	Moves   int         `json:"moves"`
	Skipped bool        `json:"skipped,omitempty"`
}

// CreatePlan records a new draft plan of a county and school year and
// starts its background run, which builds the instance from the registry
// and solves it. County HR makes plans.
func (s *Service) CreatePlan(ctx context.Context, in PlanInput) (*Plan, error) {
	if err := auth.Can(app.ActorOf(ctx), auth.RotationManage); err != nil {
		return nil, err
	}
	if in.CountyID == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择区县", English: "Choose the county", Fields: map[string]string{"county_id": "required"}}
	}
	c, err := s.countyFor(ctx, in.CountyID, true)
	if err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil, &app.Error{Code: app.Invalid, Message: "未找到区县", English: "County not found", Fields: map[string]string{"county_id": "not_found"}}
		}
		return nil, err
	}
	if err := checkYear(in.SchoolYear); err != nil {
		return nil, err
	}
	if !Modes.Has(string(in.Mode)) {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择方案类型（教师交流或校长轮岗）", English: "Choose the kind of plan",
			Fields: map[string]string{"mode": "invalid"}}
	}
	settings := DefaultSettings(in.Mode)
	if in.Settings != nil {
		settings = *in.Settings
	}
	if err := settings.validate(); err != nil {
		return nil, err
	}
	title, note := strings.TrimSpace(in.Title), strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(title) > 100 || utf8.RuneCountInString(note) > 500 {
		return nil, &app.Error{Code: app.Invalid, Message: "名称最多100字，说明最多500字", English: "The title has at most 100 characters, the note 500",
			Fields: map[string]string{"title": "invalid"}}
	}
	a := app.ActorOf(ctx)
	now := s.clock.Now()
	p := &Plan{CountyID: c.ID, CityID: c.CityID, CountyName: c.Name, SchoolYear: in.SchoolYear, Mode: in.Mode, Title: title,
		Status: StatusDraft, Settings: settings, SolveState: SolveRunning, Moves: []plan.Move{}, Pins: []plan.Pin{}, Forbids: []plan.Forbid{},
		SolvedPins: []plan.Pin{}, SolvedForbids: []plan.Forbid{}, Note: note, CreatedBy: a.Label(), CreatedAt: now, UpdatedAt: now}
	if p.Title == "" {
		p.Title = c.Name + rotation.YearLabel(p.SchoolYear) + Modes.Label(string(p.Mode), "zh")
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreatePlan(ctx, p); err != nil {
			return err
		}
		run, err := s.runs.Start(ctx, RunSolve, "生成并求解："+p.Title, solveInput{PlanID: p.ID})
		if err != nil {
			return err
		}
		p.RunID = run.ID
		return s.update(ctx, p, audit.Change{Action: "rotation.plan.create",
			Summary: fmt.Sprintf("新建%s，开始生成实例并求解", p.label()), After: map[string]any{"settings": p.Settings, "title": p.Title}})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Reoptimise solves a draft again, keeping its pins and forbids ("re-optimise
// around my pins").
func (s *Service) Reoptimise(ctx context.Context, id int64) (*Plan, error) {
	p, err := s.managePlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.editable(ctx, p); err != nil {
		return nil, err
	}
	if !p.Built() {
		return nil, app.Errorf(app.Conflict, "方案实例尚未生成", "The plan's instance has not been built")
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		run, err := s.runs.Start(ctx, RunSolve, "重新优化："+p.Title, solveInput{PlanID: p.ID})
		if err != nil {
			return err
		}
		p.RunID, p.SolveState, p.SolveError = run.ID, SolveRunning, ""
		if err := s.store.CreatePlanEdit(ctx, &Edit{PlanID: p.ID, Kind: "solve", Summary: fmt.Sprintf("重新优化（固定%d项，禁止%d项）", len(p.Pins), len(p.Forbids)),
			Author: app.ActorOf(ctx).Label(), At: s.clock.Now()}); err != nil {
			return err
		}
		return s.update(ctx, p, audit.Change{Action: "rotation.plan.reoptimise",
			Summary: fmt.Sprintf("%s重新优化，固定%d项、禁止%d项", p.label(), len(p.Pins), len(p.Forbids)),
			After:   map[string]any{"pins": p.Pins, "forbids": p.Forbids}})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// editable refuses changes to a plan that is not a draft or is being solved.
// A solve whose run has ended without recording its outcome (a process
// killed mid-run) no longer holds the plan.
func (s *Service) editable(ctx context.Context, p *Plan) error {
	if p.Status != StatusDraft {
		return app.Errorf(app.Conflict, "方案"+Statuses.Label(string(p.Status), "zh")+"，不能再修改", "The plan is "+Statuses.Label(string(p.Status), "en")+"; it can no longer change")
	}
	if p.Solving() {
		if p.RunID != 0 {
			if run, err := s.store.FindRunByID(ctx, p.RunID); err == nil && run.Finished() {
				p.SolveState = SolveFailed
				if p.SolveError == "" {
					p.SolveError = run.Error
				}
				return nil
			}
		}
		return app.Errorf(app.Conflict, "方案正在生成，请等生成结束后再操作", "The plan is being solved; wait until it finishes")
	}
	return nil
}

// SolveHandler is the background run of RunSolve.
func (s *Service) SolveHandler() jobs.Handler {
	return func(ctx context.Context, run *jobs.Run, p *jobs.Progress) (any, error) {
		var in solveInput
		if err := json.Unmarshal(run.Input, &in); err != nil {
			return nil, app.Wrap("planning.SolveHandler", err)
		}
		return s.Solve(ctx, in.PlanID, run.ID, func(done, total int, msg string) { p.Set(ctx, done, total, msg) })
	}
}

// Solve does the work of a solve run: builds the plan's instance from the
// registry when it has none, solves it with the plan's pins and forbids
// within the time limit, and records the outcome. A run that is no longer
// the plan's (a newer solve began) changes nothing.
func (s *Service) Solve(ctx context.Context, id, runID int64, progress func(done, total int, msg string)) (*SolveOutcome, error) {
	if progress == nil {
		progress = func(int, int, string) {}
	}
	p, err := s.managePlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.RunID != runID || !p.Solving() || p.Status != StatusDraft {
		return &SolveOutcome{PlanID: id, Skipped: true}, nil
	}
	built := !p.Built()
	out, err := s.solve(ctx, p, progress)
	if err != nil && ctx.Err() == nil {
		// The failure is the plan's outcome too; an instance built is kept
		// for the bureau to look into.
		p.SolveState, p.SolveError = SolveFailed, app.ErrorMessage(err, "zh")
		if uerr := s.store.InTx(ctx, func(ctx context.Context) error {
			if built && p.Built() {
				if err := s.store.SetPlanFiles(ctx, p.ID, p.Instance, p.Facts); err != nil {
					return err
				}
			}
			return s.update(ctx, p, audit.Change{Action: "rotation.plan.solve_failed", Summary: p.label() + "求解失败：" + p.SolveError})
		}); uerr != nil {
			return nil, uerr
		}
	}
	return out, err
}

func (s *Service) solve(ctx context.Context, p *Plan, progress func(done, total int, msg string)) (*SolveOutcome, error) {
	built := !p.Built()
	if built {
		progress(0, 100, "正在读取花名册、交流轮岗政策和应交流人员名单")
		d, err := s.load(ctx, p)
		if err != nil {
			return nil, err
		}
		in, facts, err := Build(d, p.Settings, p.Mode)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := plan.WriteInstance(&buf, in); err != nil {
			return nil, app.Wrap("planning.solve", err)
		}
		fb, err := json.Marshal(facts)
		if err != nil {
			return nil, app.Wrap("planning.solve", err)
		}
		p.Instance, p.Facts = buf.Bytes(), fb
	}
	// Solve what the file says, so that the file reproduces the plan.
	in, err := plan.ReadInstance(bytes.NewReader(p.Instance))
	if err != nil {
		return nil, err
	}
	candidates := 0
	for _, t := range in.Teachers {
		if t.Candidate {
			candidates++
		}
	}
	// The progress is said in the bureau's words; the search's figures
	// are in the plan's fold once it is done.
	head := fmt.Sprintf("%d所学校、%d名教师，其中%d人可交流，拟交流%d人", len(in.Schools), len(in.Teachers), candidates, in.Policy.Target)
	progress(10, 100, head+"；正在生成方案")
	opts := plan.Options{Pins: cloneMoves(p.Pins), Forbids: cloneMoves(p.Forbids), TimeLimit: time.Duration(p.Settings.TimeLimitSeconds) * time.Second,
		Progress: func(pr plan.Progress) {
			done := 10
			if pr.Nodes+pr.Open > 0 {
				done += 89 * pr.Nodes / (pr.Nodes + pr.Open)
			}
			msg := head + "；正在寻找符合政策的方案"
			if pr.Feasible {
				msg = head + "；已找到一个方案，正在比较是否有更好的"
			}
			progress(done, 100, msg)
		}}
	start := time.Now()
	pl, err := plan.Solve(ctx, in, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := plan.WritePlan(&buf, pl); err != nil {
		return nil, app.Wrap("planning.solve", err)
	}
	rootKnown := p.Result.RootKnown
	if len(opts.Pins) == 0 && len(opts.Forbids) == 0 && pl.Status != plan.StatusInfeasible && !rootKnown {
		p.RootBound, rootKnown = pl.Bound, true
	}
	p.Result = Result{Status: pl.Status, Objective: pl.Objective, Bound: pl.Bound, Reasons: pl.Reasons, Nodes: pl.Stats.Nodes,
		Seconds: math.Round(time.Since(start).Seconds()*1000) / 1000, RootKnown: rootKnown}
	p.SolvedPins, p.SolvedForbids = opts.Pins, opts.Forbids
	if pl.Status == plan.StatusInfeasible {
		// Keep the moves the bureau had: the explanation says why the
		// edits admit no plan.
		p.Edited = len(p.Moves) > 0
	} else {
		p.Moves, p.Edited = pl.Moves, false
	}
	p.SolveState, p.SolveError, p.SolvedAt = SolveDone, "", s.clock.Now()
	summary := fmt.Sprintf("%s已生成：%s，交流%d人", p.label(), statusZh(pl.Status), len(pl.Moves))
	if pl.Status == plan.StatusInfeasible {
		summary = p.label() + "无可行方案：" + reasonText(pl.Reasons, "zh")
	}
	// The instance (when built by this run), the plan file, the plan and
	// the audit row: all or nothing.
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if built {
			if err := s.store.SetPlanFiles(ctx, p.ID, p.Instance, p.Facts); err != nil {
				return err
			}
		}
		if err := s.store.SetPlanSolved(ctx, p.ID, buf.Bytes()); err != nil {
			return err
		}
		if err := s.waitApproval(ctx, p); err != nil {
			return err
		}
		return s.update(ctx, p, audit.Change{Action: "rotation.plan.solve", Summary: summary,
			After: map[string]any{"status": pl.Status, "objective": pl.Objective, "bound": pl.Bound, "moves": len(pl.Moves)}})
	})
	if err != nil {
		return nil, err
	}
	p.Solved = buf.Bytes()
	return &SolveOutcome{PlanID: p.ID, Status: pl.Status, Moves: len(pl.Moves)}, nil
}

// statusZh names a solver status in Chinese.
func statusZh(st plan.Status) string {
	switch st {
	case plan.StatusOptimal:
		return "最佳方案"
	case plan.StatusFeasible:
		return "在时限内找到的方案（未确认为最佳）"
	}
	return "无可行方案"
}

// reasonText joins the reasons of an infeasible plan in one language.
func reasonText(rs []plan.Reason, lang string) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Zh
		if lang == "en" {
			out[i] = r.English
		}
	}
	if lang == "en" {
		return strings.Join(out, "; ")
	}
	return strings.Join(out, "；")
}

// load reads what a plan's instance is built from.
func (s *Service) load(ctx context.Context, p *Plan) (*Data, error) {
	d, err := s.loadRegistry(ctx, p.CountyID, p.SchoolYear, p.Mode)
	if err != nil {
		return nil, err
	}
	eligible, _, err := s.rotation.FindEligible(ctx, rotation.EligibleFilter{AsOf: rotation.ReferenceDate(p.SchoolYear), CountyID: p.CountyID})
	if err != nil {
		return nil, err
	}
	for _, e := range eligible {
		d.Eligible[e.EducatorID] = e
	}
	if d.Inputs, err = s.store.FindPlanningInputs(ctx, p.SchoolYear, nil, p.CountyID); err != nil {
		return nil, err
	}
	return d, nil
}

// loadRegistry reads the registry's part of a county's data: the policy,
// schools, people, exchanges and staffing rows (and, for principals, the
// careers); not who must rotate.
func (s *Service) loadRegistry(ctx context.Context, countyID int64, year int, mode Mode) (*Data, error) {
	c, err := s.store.FindCountyByID(ctx, countyID)
	if err != nil {
		return nil, err
	}
	pv, err := s.rotation.FindPolicy(ctx, c.ID, year)
	if err != nil {
		return nil, err
	}
	d := &Data{County: c, Year: year, Policy: pv.Policy, Eligible: map[int64]*rotation.Eligibility{}, Inputs: map[int64]*Input{}}
	ref := rotation.ReferenceDate(year)
	all := app.Scope{All: true}
	err = s.store.Concurrently(ctx,
		func(ctx context.Context) (err error) {
			d.Schools, err = s.store.FindRotationSchools(ctx, []int64{c.ID})
			return err
		},
		func(ctx context.Context) (err error) {
			d.People, err = s.store.FindRotationPeople(ctx, rotation.PeopleFilter{CountyIDs: []int64{c.ID}, Within: all})
			return err
		},
		func(ctx context.Context) (err error) {
			d.Exchanges, _, err = s.store.FindExchanges(ctx, rotation.ExchangeFilter{CountyID: c.ID, RelevantYear: year, RelevantOn: ref, Within: all})
			return err
		},
		func(ctx context.Context) (err error) {
			d.Staffing, err = s.store.FindStaffingRows(ctx, c.ID, year, mode)
			return err
		},
		func(ctx context.Context) (err error) {
			d.Establishment, err = s.store.FindFiledEstablishment(ctx, c.ID)
			return err
		},
		func(ctx context.Context) (err error) {
			if mode == ModePrincipal {
				d.Careers, err = s.store.FindRotationCareers(ctx, rotation.PeopleFilter{CountyIDs: []int64{c.ID}, Within: all})
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// BuildInstance builds the instance of a county and school year from the
// registry with the given settings, without storing a plan: `jiaoliu plan
// instance` writes it. It needs the right to make the county's plans.
func (s *Service) BuildInstance(ctx context.Context, countyID int64, year int, mode Mode, settings Settings) (*plan.Instance, *Facts, error) {
	c, err := s.countyFor(ctx, countyID, true)
	if err != nil {
		return nil, nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, nil, err
	}
	if !Modes.Has(string(mode)) {
		return nil, nil, app.InvalidValue("mode", string(mode))
	}
	if err := settings.validate(); err != nil {
		return nil, nil, err
	}
	d, err := s.load(ctx, &Plan{CountyID: c.ID, SchoolYear: year, Mode: mode})
	if err != nil {
		return nil, nil, err
	}
	return Build(d, settings, mode)
}
