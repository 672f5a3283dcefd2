package appointment

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"

	"jiaoliu/internal/app"
)

// Choices are the marks of a democratic evaluation ballot (民主测评票).
var Choices = app.Vocab{
	{Code: "excellent", Zh: "优秀", En: "Excellent"},
	{Code: "competent", Zh: "称职", En: "Competent"},
	{Code: "basic", Zh: "基本称职", En: "Basically competent"},
	{Code: "incompetent", Zh: "不称职", En: "Incompetent"},
}

// Counts are the marks for one candidate.
type Counts struct {
	Excellent   int `json:"excellent"`
	Competent   int `json:"competent"`
	Basic       int `json:"basic"`
	Incompetent int `json:"incompetent"`
}

// Valid is the number of valid ballots.
func (c Counts) Valid() int { return c.Excellent + c.Competent + c.Basic + c.Incompetent }

// Tally is a candidate's counted ballots and the rates that decide.
type Tally struct {
	Counts
	ValidBallots int `json:"valid"`
	// GoodRate is the share of 优秀 and 称职 among the valid ballots, and
	// PoorRate that of 不称职, in tenths of a percent.
	GoodRate int `json:"good_rate_permille"`
	PoorRate int `json:"poor_rate_permille"`
	// Passes: GoodRate reaches the selection's pass rate and fewer than a
	// third of the valid ballots say 不称职.
	Passes bool `json:"passes"`
}

// judge computes the rates and the outcome under sel's pass rate.
func (t *Tally) judge(sel *Selection) {
	t.ValidBallots = t.Valid()
	if t.ValidBallots == 0 {
		t.GoodRate, t.PoorRate, t.Passes = 0, 0, false
		return
	}
	good := t.Excellent + t.Competent
	t.GoodRate = good * 1000 / t.ValidBallots
	t.PoorRate = t.Incompetent * 1000 / t.ValidBallots
	t.Passes = good*100 >= sel.PassPercent*t.ValidBallots && t.Incompetent*3 < t.ValidBallots
}

// Ballot is a count of marks for one candidate: a paper tally entered by
// HR, or one voter's phone ballot (not linked to the code that cast it).
type Ballot struct {
	ID          int64     `json:"id"`
	SelectionID int64     `json:"selection_id"`
	CandidateID int64     `json:"candidate_id"`
	Source      string    `json:"source"` // paper | phone
	Counts      Counts    `json:"counts"`
	EnteredBy   string    `json:"entered_by"`
	At          time.Time `json:"at"`
}

// BallotStore keeps the one-time codes and the ballots (ballot.go).
type BallotStore interface {
	CreateBallotCodes(ctx context.Context, selectionID int64, hashes []string) error
	// FindBallotCode returns the selection of a code and whether it is used.
	FindBallotCode(ctx context.Context, hash string) (selectionID int64, used bool, err error)
	// UseBallotCode marks a code used if it is not yet: false when it was.
	UseBallotCode(ctx context.Context, hash string, at time.Time) (bool, error)
	CountBallotCodes(ctx context.Context, selectionID int64) (issued, used int, err error)
	CreateBallot(ctx context.Context, b *Ballot) error
}

// EvaluationInput opens the evaluation: the number of voters of the unit,
// and how many of them vote by phone (a one-time code each).
type EvaluationInput struct {
	Voters int `json:"voters"`
	Codes  int `json:"codes"`
}

// Codes are freshly issued one-time codes: shown once, to be printed and
// handed out; only their hashes are kept.
type Codes struct {
	Selection *Selection `json:"selection"`
	Codes     []string   `json:"codes"`
}

// OpenEvaluation closes registration and opens the democratic evaluation
// of the qualified candidates, issuing codes for phone voting.
func (s *Service) OpenEvaluation(ctx context.Context, selectionID int64, in EvaluationInput) (*Codes, error) {
	var out *Codes
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sel, err := s.managed(ctx, selectionID)
		if err != nil {
			return err
		}
		if sel.Stage != StageRegistration {
			return app.Errorf(app.Conflict, "民主测评已开始", "The evaluation has already opened")
		}
		if !s.Today().After(sel.RegistrationEnd) {
			return app.Errorf(app.Conflict, "报名截止（"+sel.RegistrationEnd.Chinese()+"）后才能开始民主测评", "The evaluation opens after registration ends")
		}
		cs, err := s.store.FindAppointmentCandidates(ctx, sel.ID)
		if err != nil {
			return err
		}
		qualified := 0
		for _, c := range cs {
			if c.Qualified() {
				qualified++
			}
		}
		if qualified == 0 {
			return app.Errorf(app.Conflict, "没有资格审查通过的人选，不能开始民主测评", "Nobody qualified: the evaluation cannot open")
		}
		var f app.Fields
		if in.Voters < 1 || in.Voters > 2000 {
			f.Add("voters", "参加测评人数应在1至2000之间", "The voters number 1 to 2000")
		}
		if in.Codes < 0 || in.Codes > in.Voters {
			f.Add("codes", "手机测评码不能多于参加测评人数", "No more codes than voters")
		}
		if err := f.Err(); err != nil {
			return err
		}
		sel.Stage, sel.Voters = StageEvaluation, in.Voters
		if err := s.move(ctx, sel, StageRegistration); err != nil {
			return err
		}
		codes, err := s.issue(ctx, sel, in.Codes)
		if err != nil {
			return err
		}
		out = &Codes{Selection: sel, Codes: codes}
		return s.step(ctx, sel, "evaluation", fmt.Sprintf("开始民主测评：%d名候选人，参加测评%d人，发放手机测评码%d个", qualified, in.Voters, len(codes)), sel)
	})
	return out, err
}

// IssueCodes issues more one-time codes during the evaluation, up to the
// number of voters.
func (s *Service) IssueCodes(ctx context.Context, selectionID int64, n int) (*Codes, error) {
	var out *Codes
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sel, err := s.managed(ctx, selectionID)
		if err != nil {
			return err
		}
		if sel.Stage != StageEvaluation {
			return app.Errorf(app.Conflict, "只能在民主测评期间发放测评码", "Codes are issued during the evaluation only")
		}
		issued, _, err := s.store.CountBallotCodes(ctx, sel.ID)
		if err != nil {
			return err
		}
		if n < 1 || issued+n > sel.Voters {
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("已发放%d个测评码，最多还能发放%d个", issued, sel.Voters-issued),
				English: fmt.Sprintf("%d codes issued; at most %d more", issued, sel.Voters-issued), Fields: map[string]string{"codes": "invalid"}}
		}
		codes, err := s.issue(ctx, sel, n)
		if err != nil {
			return err
		}
		out = &Codes{Selection: sel, Codes: codes}
		return s.step(ctx, sel, "codes", fmt.Sprintf("发放手机测评码%d个", n), nil)
	})
	return out, err
}

// codeAlphabet leaves out letters and digits read alike (0/O, 1/I/L).
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func (s *Service) issue(ctx context.Context, sel *Selection, n int) ([]string, error) {
	codes, hashes := make([]string, n), make([]string, n)
	for i := range codes {
		var b strings.Builder
		for range 10 {
			k, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
			if err != nil {
				return nil, app.Wrap("appointment.issue", err)
			}
			b.WriteByte(codeAlphabet[k.Int64()])
		}
		codes[i] = b.String()
		hashes[i] = HashCode(codes[i])
	}
	if n == 0 {
		return codes, nil
	}
	return codes, s.store.CreateBallotCodes(ctx, sel.ID, hashes)
}

// HashCode is what the store keeps of a code: its SHA-256, after the
// voter's typing is normalised (case, spaces, dashes).
func HashCode(code string) string {
	code = strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(code))
	sum := sha256.Sum256([]byte("jiaoliu-ballot:" + code))
	return hex.EncodeToString(sum[:])
}

// PaperInput enters a paper tally (纸质测评票统计) for each candidate.
type PaperInput struct {
	Counts map[int64]Counts `json:"counts"`
}

// EnterPaper adds paper tallies during the evaluation: one row per
// candidate; no candidate may have more ballots than the unit has voters.
func (s *Service) EnterPaper(ctx context.Context, selectionID int64, in PaperInput) (*Detail, error) {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sel, err := s.managed(ctx, selectionID)
		if err != nil {
			return err
		}
		return s.addBallots(ctx, sel, in.Counts, "paper")
	})
	if err != nil {
		return nil, err
	}
	return s.FindByID(ctx, selectionID)
}

// addBallots checks and writes ballots of one source.
func (s *Service) addBallots(ctx context.Context, sel *Selection, counts map[int64]Counts, source string) error {
	if sel.Stage != StageEvaluation {
		return app.Errorf(app.Conflict, "民主测评未在进行", "The evaluation is not open")
	}
	cs, err := s.store.FindAppointmentCandidates(ctx, sel.ID)
	if err != nil {
		return err
	}
	byID := map[int64]*Candidate{}
	for _, c := range cs {
		if c.Qualified() {
			byID[c.ID] = c
		}
	}
	var names []string
	total := 0
	for id, n := range counts {
		c := byID[id]
		if c == nil {
			return &app.Error{Code: app.Invalid, Message: "测评票中的人选不是本次测评对象", English: "A ballot names someone not evaluated", Fields: map[string]string{"counts": "invalid"}}
		}
		if n.Excellent < 0 || n.Competent < 0 || n.Basic < 0 || n.Incompetent < 0 {
			return &app.Error{Code: app.Invalid, Message: "票数不能为负数", English: "Counts cannot be negative", Fields: map[string]string{"counts": "invalid"}}
		}
		if c.Tally.Valid()+n.Valid() > sel.Voters {
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("%s的测评票将达%d张，超过参加测评人数%d", c.Name, c.Tally.Valid()+n.Valid(), sel.Voters),
				English: fmt.Sprintf("%s would have more ballots than the %d voters", c.Name, sel.Voters), Fields: map[string]string{"counts": "too_many"}}
		}
		if n.Valid() == 0 {
			continue
		}
		total += n.Valid()
		b := &Ballot{SelectionID: sel.ID, CandidateID: id, Source: source, Counts: n, At: s.clock.Now()}
		if source == "paper" {
			b.EnteredBy = app.ActorOf(ctx).Label()
			names = append(names, fmt.Sprintf("%s %d票", c.Name, n.Valid()))
		}
		if err := s.store.CreateBallot(ctx, b); err != nil {
			return err
		}
	}
	if total == 0 && source == "paper" {
		return &app.Error{Code: app.Invalid, Message: "请至少填写一名人选的票数", English: "Enter the marks of at least one candidate", Fields: map[string]string{"counts": "required"}}
	}
	if source == "paper" {
		summary := "录入纸质测评票：" + strings.Join(names, "，")
		return s.step(ctx, sel, "paper", summary, counts)
	}
	return nil
}

// BallotPaper is what a voter's code opens: the selection and whom to mark.
type BallotPaper struct {
	Selection  *Selection   `json:"selection"`
	Candidates []*Candidate `json:"candidates"`
}

// OpenBallot returns the ballot a one-time code opens, for anyone holding
// an unused code while the evaluation runs; any other code finds nothing.
func (s *Service) OpenBallot(ctx context.Context, code string) (*BallotPaper, error) {
	id, used, err := s.store.FindBallotCode(ctx, HashCode(code))
	if app.ErrorCode(err) == app.NotFound || err == nil && used {
		return nil, errBadCode()
	}
	if err != nil {
		return nil, err
	}
	sel, err := s.store.FindAppointmentSelectionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if sel.Stage != StageEvaluation {
		return nil, errBadCode()
	}
	cs, err := s.store.FindAppointmentCandidates(ctx, sel.ID)
	if err != nil {
		return nil, err
	}
	p := &BallotPaper{Selection: sel, Candidates: []*Candidate{}}
	for _, c := range cs {
		if c.Qualified() {
			c.Tally, c.Reasons, c.Report = Tally{}, nil, "" // a voter sees names only
			p.Candidates = append(p.Candidates, c)
		}
	}
	return p, nil
}

func errBadCode() error {
	return &app.Error{Code: app.NotFound, Message: "测评码无效或已使用", English: "The code is invalid or already used", Fields: map[string]string{"code": "invalid"}}
}

// Cast records one voter's ballot with their code: a mark per candidate
// (none: abstained for that one). The code is used up in the same
// transaction, and the ballot rows do not name it.
func (s *Service) Cast(ctx context.Context, code string, marks map[int64]string) error {
	p, err := s.OpenBallot(ctx, code)
	if err != nil {
		return err
	}
	counts := map[int64]Counts{}
	for id, m := range marks {
		var n Counts
		switch m {
		case "excellent":
			n.Excellent = 1
		case "competent":
			n.Competent = 1
		case "basic":
			n.Basic = 1
		case "incompetent":
			n.Incompetent = 1
		case "":
			continue
		default:
			return &app.Error{Code: app.Invalid, Message: "请为每名人选选择一项评价", English: "Choose one mark per candidate", Fields: map[string]string{"marks": "invalid"}}
		}
		counts[id] = n
	}
	ctx = app.WithActor(ctx, app.SystemActor("民主测评（手机）"))
	return s.store.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.UseBallotCode(ctx, HashCode(code), s.clock.Now())
		if err != nil {
			return err
		}
		if !ok {
			return errBadCode()
		}
		sel, err := s.store.FindAppointmentSelectionByID(ctx, p.Selection.ID)
		if err != nil {
			return err
		}
		return s.addBallots(ctx, sel, counts, "phone")
	})
}

// Count closes the evaluation: the candidates whose rates pass become
// those to be inspected (考察对象), the others have not passed. At least
// one must pass.
func (s *Service) Count(ctx context.Context, selectionID int64) (*Detail, error) {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sel, err := s.managed(ctx, selectionID)
		if err != nil {
			return err
		}
		if sel.Stage != StageEvaluation {
			return app.Errorf(app.Conflict, "民主测评未在进行", "The evaluation is not open")
		}
		cs, err := s.store.FindAppointmentCandidates(ctx, sel.ID)
		if err != nil {
			return err
		}
		var passed, failed []string
		for _, c := range cs {
			if !c.Qualified() {
				continue
			}
			c.Tally.judge(sel)
			c.Status = CandidateFailed
			if c.Tally.Passes {
				c.Status = CandidatePassed
			}
			line := fmt.Sprintf("%s（有效票%d，优秀和称职%d.%d%%，不称职%d.%d%%）", c.Name, c.Tally.ValidBallots,
				c.Tally.GoodRate/10, c.Tally.GoodRate%10, c.Tally.PoorRate/10, c.Tally.PoorRate%10)
			if c.Tally.Passes {
				passed = append(passed, line)
			} else {
				failed = append(failed, line)
			}
			if err := s.store.UpdateAppointmentCandidate(ctx, c); err != nil {
				return err
			}
		}
		if len(passed) == 0 {
			return app.Errorf(app.Conflict, fmt.Sprintf("没有人选的优秀和称职票达到%d%%（且不称职票少于三分之一），不能确定考察对象", sel.PassPercent),
				fmt.Sprintf("Nobody reached %d%%: no one can be inspected", sel.PassPercent))
		}
		sel.Stage = StageInspection
		if err := s.move(ctx, sel, StageEvaluation); err != nil {
			return err
		}
		summary := "统计民主测评结果，确定考察对象：" + strings.Join(passed, "、")
		if len(failed) > 0 {
			summary += "；未通过：" + strings.Join(failed, "、")
		}
		return s.step(ctx, sel, "count", summary, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.FindByID(ctx, selectionID)
}

// GoodShare is GoodRate as a percentage with one decimal: 90.0%.
func (t Tally) GoodShare() string { return permille(t.GoodRate) }

// PoorShare is PoorRate as a percentage with one decimal.
func (t Tally) PoorShare() string { return permille(t.PoorRate) }

func permille(n int) string { return fmt.Sprintf("%d.%d%%", n/10, n%10) }
