package appointment

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// CandidateStatus is where a candidate stands.
type CandidateStatus string

// The statuses.
const (
	CandidateQualified   CandidateStatus = "qualified"   // 资格审查通过
	CandidateUnqualified CandidateStatus = "unqualified" // 资格审查未通过
	CandidatePassed      CandidateStatus = "passed"      // 民主测评通过，列为考察对象
	CandidateFailed      CandidateStatus = "failed"      // 民主测评未通过
	CandidateAppointee   CandidateStatus = "appointee"   // 拟任人选（公示中）
	CandidateWithdrawn   CandidateStatus = "withdrawn"   // 公示异议成立，取消
	CandidateAppointed   CandidateStatus = "appointed"   // 已任命
)

// CandidateStatuses is the vocabulary of statuses.
var CandidateStatuses = app.Vocab{
	{Code: string(CandidateQualified), Zh: "资格审查通过", En: "Qualified"},
	{Code: string(CandidateUnqualified), Zh: "资格审查未通过", En: "Not qualified"},
	{Code: string(CandidatePassed), Zh: "考察对象", En: "To be inspected"},
	{Code: string(CandidateFailed), Zh: "测评未通过", En: "Not passed"},
	{Code: string(CandidateAppointee), Zh: "拟任人选", En: "Appointee"},
	{Code: string(CandidateWithdrawn), Zh: "已取消", En: "Withdrawn"},
	{Code: string(CandidateAppointed), Zh: "已任命", En: "Appointed"},
}

// Sources are how a candidate came: 个人报名 or 组织推荐.
var Sources = app.Vocab{
	{Code: "registered", Zh: "个人报名", En: "Registered"},
	{Code: "recommended", Zh: "组织推荐", En: "Recommended"},
}

// Reason is one condition of the review, met or not, and why.
type Reason struct {
	Code   string `json:"code"`
	Met    bool   `json:"met"`
	Text   string `json:"text"`
	TextEn string `json:"text_en"`
}

// Conditions names the conditions the review applies.
var Conditions = app.Vocab{
	{Code: "post", Zh: "现任岗位", En: "Present post"},
	{Code: "staff", Zh: "在编在岗", En: "Established staff"},
	{Code: "age", Zh: "年龄", En: "Age"},
	{Code: "new_principal", Zh: "新任校长任职经历", En: "New principal's experience"},
	{Code: "training", Zh: "校长任职资格培训", En: "Principal's qualification training"},
}

// Candidate is one person in a selection.
type Candidate struct {
	ID          int64  `json:"id"`
	SelectionID int64  `json:"selection_id"`
	EducatorID  int64  `json:"educator_id"`
	Name        string `json:"name"`
	SchoolName  string `json:"school_name"`
	Post        string `json:"post"`
	Source      string `json:"source"`
	// By is who registered or recommended them.
	By     string          `json:"by"`
	Status CandidateStatus `json:"status"`
	// Reasons are the automatic review's, condition by condition; Auto is
	// its conclusion.
	Reasons []Reason `json:"reasons"`
	Auto    bool     `json:"auto_qualified"`
	// An overrule of the review by HR, with its written reason.
	OverruleReason string    `json:"overrule_reason,omitempty"`
	OverruledBy    string    `json:"overruled_by,omitempty"`
	OverruledAt    time.Time `json:"overruled_at"`
	// The inspection team's report (考察报告).
	Report      string    `json:"report,omitempty"`
	InspectedBy string    `json:"inspected_by,omitempty"`
	InspectedAt time.Time `json:"inspected_at"`
	Tally       Tally     `json:"tally"`
	CreatedAt   time.Time `json:"created_at"`
}

// Qualified reports whether the review (or its overrule) let them through.
func (c *Candidate) Qualified() bool {
	return c.Status != CandidateUnqualified
}

// Inspected reports whether the inspection report is in.
func (c *Candidate) Inspected() bool { return c.Report != "" }

// CandidateInput adds a candidate: an educator recommended by HR, or, with
// no educator named, the actor registering themself.
type CandidateInput struct {
	EducatorID int64 `json:"educator_id"`
}

// Facts are what the review reads of a person beyond the registry.
type Facts struct {
	// Prerequisite is the §3.5 new-principal condition from the history.
	NewPrincipalMet bool
	NewPrincipalWhy string
	NewPrincipalEn  string
	// Trained: the principal's qualification training is completed.
	Trained bool
}

// fromPosts are the posts a candidate for each post may hold now.
var fromPosts = map[string][]string{
	people.PostPrincipal:     {people.PostPrincipal, people.PostVicePrincipal, people.PostMiddleCadre},
	people.PostVicePrincipal: {people.PostVicePrincipal, people.PostMiddleCadre, people.PostGradeHead},
}

// Review applies the selection's conditions to a person on the last day of
// registration: the present post and staff status, the age limit, and for
// a principal's post the §3.5 condition of a new principal (not for a
// sitting principal) and the principal's qualification training.
func Review(sel *Selection, e *people.Educator, f Facts) []Reason {
	on := sel.RegistrationEnd
	var out []Reason
	add := func(code string, met bool, zh, en string) {
		out = append(out, Reason{Code: code, Met: met, Text: zh, TextEn: en})
	}
	postZh, postEn := people.Posts.Label(e.Post, "zh"), people.Posts.Label(e.Post, "en")
	switch {
	case e.SchoolID == sel.SchoolID && e.Post == sel.Post:
		add("post", false, "现任本校"+postZh+"，不参加本岗位选聘", "already holds this post at the school")
	case slices.Contains(fromPosts[sel.Post], e.Post):
		add("post", true, "现任"+postZh, "now "+postEn)
	default:
		add("post", false, "现任"+postZh+"，不在可报岗位之列", "now "+postEn+", which may not apply for this post")
	}
	if e.StaffStatus == people.StaffEstablished {
		add("staff", true, "在编在岗", "established staff")
	} else {
		add("staff", false, "不是在编在岗人员", "not established staff")
	}
	if age := app.Age(e.BirthDate, on); e.BirthDate.IsZero() {
		add("age", false, "出生日期不详", "birth date unknown")
	} else if sel.MaxAge > 0 && age > sel.MaxAge {
		add("age", false, fmt.Sprintf("%s时%d周岁，超过%d周岁", on.Chinese(), age, sel.MaxAge), fmt.Sprintf("%d on %s, over %d", age, on.English(), sel.MaxAge))
	} else {
		add("age", true, fmt.Sprintf("%s时%d周岁", on.Chinese(), age), fmt.Sprintf("%d on %s", age, on.English()))
	}
	if sel.Post != people.PostPrincipal {
		return out
	}
	if e.Post == people.PostPrincipal {
		add("new_principal", true, "现任校长，不属新任", "a sitting principal, not new")
	} else {
		add("new_principal", f.NewPrincipalMet, f.NewPrincipalWhy, f.NewPrincipalEn)
	}
	if f.Trained {
		add("training", true, "已完成校长任职资格培训", "has completed the principal's qualification training")
	} else {
		add("training", false, "未完成校长任职资格培训", "has not completed the principal's qualification training")
	}
	return out
}

// allMet reports whether every reason is met.
func allMet(rs []Reason) bool {
	for _, r := range rs {
		if !r.Met {
			return false
		}
	}
	return true
}

// AddCandidate adds a candidate during registration: HR recommends anyone
// of the county; an educator registers themself (no educator named). The
// review runs at once and its reasons are kept.
func (s *Service) AddCandidate(ctx context.Context, selectionID int64, in CandidateInput) (*Candidate, error) {
	var out *Candidate
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sel, manage, err := s.read(ctx, selectionID, true)
		if err != nil {
			return err
		}
		a := app.ActorOf(ctx)
		source := "recommended"
		if in.EducatorID == 0 || (!manage && in.EducatorID == a.EducatorID) {
			if a.EducatorID == 0 {
				return &app.Error{Code: app.Invalid, Message: "请选择推荐的人选", English: "Choose the person recommended", Fields: map[string]string{"educator_id": "required"}}
			}
			in.EducatorID, source = a.EducatorID, "registered"
		} else if !manage {
			return app.ErrNotFound("选聘")
		}
		if sel.Stage != StageRegistration {
			return app.Errorf(app.Conflict, "报名已结束", "Registration has closed")
		}
		if source == "registered" && s.Today().After(sel.RegistrationEnd) {
			return app.Errorf(app.Conflict, "报名截止日期（"+sel.RegistrationEnd.Chinese()+"）已过", "Registration closed on "+sel.RegistrationEnd.English())
		}
		e, err := s.store.FindEducatorByID(ctx, in.EducatorID)
		if app.ErrorCode(err) == app.NotFound || err == nil && e.CountyID != sel.CountyID {
			return app.NotFoundField("educator_id", "教职工")
		}
		if err != nil {
			return err
		}
		c := &Candidate{SelectionID: sel.ID, EducatorID: e.ID, Name: e.Name, SchoolName: e.SchoolName, Post: e.Post, Source: source,
			By: a.Label(), CreatedAt: s.clock.Now()}
		facts, err := s.facts(ctx, sel, e)
		if err != nil {
			return err
		}
		c.Reasons = Review(sel, e, facts)
		c.Auto = allMet(c.Reasons)
		c.Status = CandidateQualified
		if !c.Auto {
			c.Status = CandidateUnqualified
		}
		if err := s.store.CreateAppointmentCandidate(ctx, c); err != nil {
			return err
		}
		out = c
		verdict := "资格审查通过"
		if !c.Auto {
			verdict = "资格审查未通过：" + unmet(c.Reasons)
		}
		action := map[string]string{"registered": "register", "recommended": "recommend"}[source]
		return s.step(ctx, sel, action, fmt.Sprintf("%s%s（%s），%s", Sources.Label(source, "zh"), c.Name, c.SchoolName, verdict), c)
	})
	return out, err
}

// facts reads the history and the training record for the review.
func (s *Service) facts(ctx context.Context, sel *Selection, e *people.Educator) (Facts, error) {
	var f Facts
	if sel.Post != people.PostPrincipal {
		return f, nil
	}
	prs, err := s.history.PrerequisitesOf(ctx, e.ID, sel.RegistrationEnd)
	if err != nil {
		return f, err
	}
	for _, p := range prs {
		if p.Code == "new_principal" {
			f.NewPrincipalMet, f.NewPrincipalWhy, f.NewPrincipalEn = p.Met, p.Reason, p.ReasonEn
		}
	}
	if s.training != nil {
		if f.Trained, err = s.training.Qualified(ctx, e.ID, "principal"); err != nil {
			return f, err
		}
	}
	return f, nil
}

func unmet(rs []Reason) string {
	var out []string
	for _, r := range rs {
		if !r.Met {
			out = append(out, r.Text)
		}
	}
	return strings.Join(out, "；")
}

// OverruleInput changes the review's conclusion for one candidate.
type OverruleInput struct {
	Qualified bool   `json:"qualified"`
	Reason    string `json:"reason"`
}

// Overrule sets a candidate's review conclusion by HR's decision, with a
// written reason that is kept beside the automatic review's reasons;
// during registration only.
func (s *Service) Overrule(ctx context.Context, selectionID, candidateID int64, in OverruleInput) (*Candidate, error) {
	var out *Candidate
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sel, c, err := s.managedCandidate(ctx, selectionID, candidateID)
		if err != nil {
			return err
		}
		if sel.Stage != StageRegistration {
			return app.Errorf(app.Conflict, "资格审查已结束", "The review has closed")
		}
		reason := strings.TrimSpace(in.Reason)
		if n := utf8.RuneCountInString(reason); n < 4 || n > 1000 {
			return &app.Error{Code: app.Invalid, Message: "请写明改变审查结论的理由（4至1000字）", English: "Give the written reason (4 to 1000 characters)",
				Fields: map[string]string{"reason": "required"}}
		}
		if in.Qualified == c.Qualified() {
			return app.Errorf(app.Conflict, "审查结论未改变", "The conclusion is unchanged")
		}
		c.Status = CandidateUnqualified
		if in.Qualified {
			c.Status = CandidateQualified
		}
		c.OverruleReason, c.OverruledBy, c.OverruledAt = reason, app.ActorOf(ctx).Label(), s.clock.Now()
		if err := s.store.UpdateAppointmentCandidate(ctx, c); err != nil {
			return err
		}
		out = c
		return s.step(ctx, sel, "overrule", fmt.Sprintf("%s的资格审查结论改为“%s”，理由：%s", c.Name, CandidateStatuses.Label(string(c.Status), "zh"), reason), c)
	})
	return out, err
}

// managedCandidate returns a selection the actor runs and a candidate of it.
func (s *Service) managedCandidate(ctx context.Context, selectionID, candidateID int64) (*Selection, *Candidate, error) {
	sel, err := s.managed(ctx, selectionID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.candidate(ctx, sel, candidateID)
	if err != nil {
		return nil, nil, err
	}
	return sel, c, nil
}

// candidate returns a candidate of the selection.
func (s *Service) candidate(ctx context.Context, sel *Selection, id int64) (*Candidate, error) {
	cs, err := s.store.FindAppointmentCandidates(ctx, sel.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, app.NotFoundField("candidate_id", "候选人")
}

// canRegister reports whether the actor is an educator of the selection's
// county who may register for it now.
func (s *Service) canRegister(ctx context.Context, sel *Selection) bool {
	a := app.ActorOf(ctx)
	if a == nil || a.EducatorID == 0 || sel.Stage != StageRegistration || s.Today().After(sel.RegistrationEnd) {
		return false
	}
	e, err := s.store.FindEducatorByID(ctx, a.EducatorID)
	return err == nil && e.CountyID == sel.CountyID
}
