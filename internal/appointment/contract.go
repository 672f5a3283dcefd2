package appointment

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
)

// ContractYears is the length of a principal's contract (聘期, seed [004]).
const ContractYears = 3

// Contract is an appointee's three-year contract with the county bureau.
type Contract struct {
	ID          int64         `json:"id"`
	SelectionID int64         `json:"selection_id"`
	EducatorID  int64         `json:"educator_id"`
	Name        string        `json:"name"`
	SchoolID    int64         `json:"school_id"`
	SchoolName  string        `json:"school_name"`
	CountyID    int64         `json:"county_id"`
	CityID      int64         `json:"-"`
	Post        string        `json:"post"`
	Start       app.Date      `json:"start"`
	End         app.Date      `json:"end"`
	Assessments []*Assessment `json:"assessments"`
	CreatedAt   time.Time     `json:"created_at"`
}

// Place is where the contract lies.
func (k *Contract) Place() app.Place {
	return app.Place{CityID: k.CityID, CountyID: k.CountyID, SchoolID: k.SchoolID}
}

// Due is the last day of contract year y (1 to ContractYears); the last
// year's is the contract's end, when the final assessment is due.
func (k *Contract) Due(y int) app.Date { return k.Start.AddYears(y).AddDays(-1) }

// Assessed returns the assessment of year y, if any.
func (k *Contract) Assessed(y int) *Assessment {
	for _, a := range k.Assessments {
		if a.Year == y {
			return a
		}
	}
	return nil
}

// Next is the first contract year not yet assessed (0 when all are).
func (k *Contract) Next() int {
	for y := 1; y <= ContractYears; y++ {
		if k.Assessed(y) == nil {
			return y
		}
	}
	return 0
}

// Grades are the results of a contract assessment.
var Grades = app.Vocab{
	{Code: "excellent", Zh: "优秀", En: "Excellent"},
	{Code: "competent", Zh: "称职", En: "Competent"},
	{Code: "basic", Zh: "基本称职", En: "Basically competent"},
	{Code: "incompetent", Zh: "不称职", En: "Incompetent"},
}

// Assessment is a yearly assessment of a contract (年度考核), the last
// year's being the final one (聘期考核).
type Assessment struct {
	ID         int64     `json:"id"`
	ContractID int64     `json:"contract_id"`
	Year       int       `json:"year"`
	Final      bool      `json:"final"`
	Grade      string    `json:"grade"`
	Note       string    `json:"note,omitempty"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// ContractStore keeps contracts and their assessments (contract.go).
type ContractStore interface {
	CreateContract(ctx context.Context, k *Contract) error
	// FindContracts returns contracts with their assessments, newest first.
	FindContracts(ctx context.Context, f ContractFilter) ([]*Contract, error)
	// CreateContractAssessment inserts an assessment; a second one of the
	// same year is a conflict.
	CreateContractAssessment(ctx context.Context, a *Assessment) error
}

// ContractFilter selects contracts.
type ContractFilter struct {
	Within      app.Scope
	SelectionID int64
	ID          int64
	// Open keeps those whose final assessment is not recorded.
	Open bool
}

// Contracts lists the contracts the actor may read.
func (s *Service) Contracts(ctx context.Context) ([]*Contract, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.AppointmentRead); err != nil {
		return nil, err
	}
	return s.store.FindContracts(ctx, ContractFilter{Within: auth.ScopeOf(a, auth.AppointmentRead)})
}

// AssessmentInput records the next assessment of a contract.
type AssessmentInput struct {
	Grade string `json:"grade"`
	Note  string `json:"note"`
}

// Assess records a contract's next assessment, once its year has ended
// (the final one from the contract's last month on).
func (s *Service) Assess(ctx context.Context, contractID int64, in AssessmentInput) (*Contract, error) {
	var out *Contract
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		ks, err := s.store.FindContracts(ctx, ContractFilter{Within: app.Scope{All: true}, ID: contractID})
		if err != nil {
			return err
		}
		if len(ks) == 0 || auth.Decide(app.ActorOf(ctx), auth.AppointmentManage, ks[0].Place(), "") != nil {
			return app.ErrNotFound("聘约")
		}
		k := ks[0]
		y := k.Next()
		if y == 0 {
			return app.Errorf(app.Conflict, "聘期考核已完成", "Every assessment is recorded")
		}
		from := k.Due(y).AddDays(-30)
		if s.Today().Before(from) {
			return app.Errorf(app.Conflict, fmt.Sprintf("聘期第%d年考核自%s起进行", y, from.Chinese()), fmt.Sprintf("Year %d is assessed from %s", y, from.English()))
		}
		note := strings.TrimSpace(in.Note)
		var f app.Fields
		if !Grades.Has(in.Grade) {
			f.Add("grade", "请选择考核等次", "Choose the grade")
		}
		if utf8.RuneCountInString(note) > 1000 {
			f.Add("note", "说明最多1000字", "The note has at most 1000 characters")
		}
		if err := f.Err(); err != nil {
			return err
		}
		a := &Assessment{ContractID: k.ID, Year: y, Final: y == ContractYears, Grade: in.Grade, Note: note, By: app.ActorOf(ctx).Label(), At: s.clock.Now()}
		if err := s.store.CreateContractAssessment(ctx, a); err != nil {
			return err
		}
		k.Assessments = append(k.Assessments, a)
		out = k
		kind := fmt.Sprintf("聘期第%d年考核", y)
		if a.Final {
			kind = "聘期届满考核"
		}
		sel := &Selection{ID: k.SelectionID, SchoolName: k.SchoolName, Post: k.Post}
		return s.step(ctx, sel, "assess", fmt.Sprintf("%s %s：%s", k.Name, kind, Grades.Label(a.Grade, "zh")), a)
	})
	return out, err
}

// Deadlines are the contracts' assessments not yet recorded, each due on
// the last day of its contract year; the final one is the contract's end,
// so the inbox reminds HR before a contract ends.
func (s *Service) Deadlines(ctx context.Context, from, to app.Date) ([]notify.Deadline, error) {
	ks, err := s.store.FindContracts(ctx, ContractFilter{Within: app.Scope{All: true}, Open: true})
	if err != nil {
		return nil, err
	}
	var out []notify.Deadline
	for _, k := range ks {
		y := k.Next()
		if y == 0 {
			continue
		}
		due := k.Due(y)
		if due.Before(from) || due.After(to) {
			continue
		}
		title := fmt.Sprintf("%s（%s%s）聘期第%d年考核", k.Name, k.SchoolName, Posts.Label(k.Post, "zh"), y)
		if y == ContractYears {
			title = fmt.Sprintf("%s（%s%s）聘期%s届满：聘期考核", k.Name, k.SchoolName, Posts.Label(k.Post, "zh"), k.End.Chinese())
		}
		out = append(out, notify.Deadline{Key: "contract:" + strconv.FormatInt(k.ID, 10) + ":" + strconv.Itoa(y), Kind: "contract",
			Title: title, Link: "/contracts", Due: due, Place: k.Place(), Read: auth.AppointmentRead, Act: auth.AppointmentManage})
	}
	return out, nil
}
