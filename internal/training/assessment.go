package training

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// AssessmentStore is what the online assessment needs from the database.
type AssessmentStore interface {
	// HasPassed reports whether an enrolment has a passed attempt.
	HasPassed(ctx context.Context, enrolmentID int64) (bool, error)
	CreateQuestion(ctx context.Context, q *Question) error
	FindQuestions(ctx context.Context, courseID int64) ([]*Question, error)
	FindQuestionByID(ctx context.Context, id int64) (*Question, error)
	UpdateQuestion(ctx context.Context, q *Question) error
	DeleteQuestion(ctx context.Context, id int64) error
	CreateAttempt(ctx context.Context, a *Attempt) error
	FindAttempt(ctx context.Context, id int64) (*Attempt, error)
	FindAttempts(ctx context.Context, enrolmentID int64) ([]*Attempt, error)
	// UpdateAttempt saves an attempt's result and its items' answers and marks.
	UpdateAttempt(ctx context.Context, a *Attempt) error
}

// Question kinds.
const (
	KindSingle    = "single"     // 单选题
	KindMultiple  = "multiple"   // 多选题
	KindTrueFalse = "true_false" // 判断题
	KindShort     = "short"      // 简答题, marked by a person
)

// QuestionKinds is the vocabulary of question kinds.
var QuestionKinds = app.Vocab{
	{Code: KindSingle, Zh: "单选题", En: "Single choice"},
	{Code: KindMultiple, Zh: "多选题", En: "Multiple choice"},
	{Code: KindTrueFalse, Zh: "判断题", En: "True or false"},
	{Code: KindShort, Zh: "简答题", En: "Short answer"},
}

// Question is one question of a course's bank. Answer is the key: the
// letters of the right options ("B", "AC"), "T" or "F", or for a short
// answer the points a marker looks for.
type Question struct {
	ID       int64    `json:"id"`
	CourseID int64    `json:"course_id"`
	Kind     string   `json:"kind"`
	Stem     string   `json:"stem"`
	Options  []string `json:"options"`
	Answer   string   `json:"answer"`
	Points   int      `json:"points"`
	// Retired questions are no longer drawn into papers.
	Retired bool `json:"retired"`
	// Drawn is how many papers hold the question; once drawn it cannot change.
	Drawn int `json:"drawn"`
}

// letters are the labels of a question's options.
const letters = "ABCDEFGH"

// normalizeChoice writes a choice answer as its sorted, distinct capital
// letters, so "ca", "A,C" and "AC" are one answer.
func normalizeChoice(s string) string {
	var out []byte
	for _, r := range strings.ToUpper(s) {
		if r < 128 && strings.IndexByte(letters, byte(r)) >= 0 && !slices.Contains(out, byte(r)) {
			out = append(out, byte(r))
		}
	}
	slices.Sort(out)
	return string(out)
}

// normalizeTrueFalse reads 对/错, T/F, true/false, √/×.
func normalizeTrueFalse(s string) string {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "T", "TRUE", "对", "正确", "√", "是":
		return "T"
	case "F", "FALSE", "错", "错误", "×", "否":
		return "F"
	}
	return ""
}

// QuestionInput is a question as entered; options one per line.
type QuestionInput struct {
	Kind    string   `json:"kind"`
	Stem    string   `json:"stem"`
	Options []string `json:"options"`
	Answer  string   `json:"answer"`
	Points  int      `json:"points"`
}

func (in QuestionInput) validate(q *Question) error {
	var f app.Fields
	q.Kind, q.Stem, q.Points, q.Options = in.Kind, strings.TrimSpace(in.Stem), in.Points, nil
	for _, o := range in.Options {
		if o = strings.TrimSpace(o); o != "" {
			q.Options = append(q.Options, o)
		}
	}
	if n := utf8.RuneCountInString(q.Stem); n < 2 || n > 1000 {
		f.Add("stem", "请填写题干（2至1000字）", "Give the question (2 to 1,000 characters)")
	}
	if q.Points < 1 || q.Points > 100 {
		f.Add("points", "分值应在1至100之间", "Points must be between 1 and 100")
	}
	switch q.Kind {
	case KindSingle, KindMultiple:
		if len(q.Options) < 2 || len(q.Options) > len(letters) {
			f.Add("options", fmt.Sprintf("选择题应有2至%d个选项", len(letters)), fmt.Sprintf("A choice question has 2 to %d options", len(letters)))
		}
		q.Answer = normalizeChoice(in.Answer)
		valid := q.Answer != "" && strings.IndexByte(letters[:max(len(q.Options), 1)], q.Answer[len(q.Answer)-1]) >= 0
		if !valid || q.Kind == KindSingle && len(q.Answer) != 1 || q.Kind == KindMultiple && len(q.Answer) < 2 {
			f.Add("answer", "请按选项字母填写正确答案（单选一个，多选至少两个）", "Give the right options' letters (one for single, two or more for multiple choice)")
		}
	case KindTrueFalse:
		q.Options = nil
		if q.Answer = normalizeTrueFalse(in.Answer); q.Answer == "" {
			f.Add("answer", "判断题的答案为“对”或“错”", "A true-or-false answer is T or F")
		}
	case KindShort:
		q.Options = nil
		q.Answer = strings.TrimSpace(in.Answer)
		if utf8.RuneCountInString(q.Answer) > 1000 {
			f.Add("answer", "参考答案不能超过1000字", "The reference answer may not exceed 1,000 characters")
		}
	default:
		f.Add("kind", "请选择题型", "Choose the kind of question")
	}
	return f.Err()
}

// mark is the points an answer earns, and false for a short answer, which
// a person marks.
func (q *Question) mark(answer string) (int, bool) {
	switch q.Kind {
	case KindSingle, KindMultiple:
		if normalizeChoice(answer) == q.Answer {
			return q.Points, true
		}
	case KindTrueFalse:
		if normalizeTrueFalse(answer) == q.Answer {
			return q.Points, true
		}
	case KindShort:
		return 0, false
	}
	return 0, true
}

// Attempt statuses.
const (
	AttemptOpen      = "open"      // 答题中
	AttemptSubmitted = "submitted" // 待阅卷
	AttemptMarked    = "marked"    // 已评分
	AttemptExpired   = "expired"   // 超时
)

// AttemptStatuses is the vocabulary of attempt statuses.
var AttemptStatuses = app.Vocab{
	{Code: AttemptOpen, Zh: "答题中", En: "In progress"},
	{Code: AttemptSubmitted, Zh: "待阅卷", En: "Awaiting marking"},
	{Code: AttemptMarked, Zh: "已评分", En: "Marked"},
	{Code: AttemptExpired, Zh: "超时未交", En: "Timed out"},
}

// Attempt is one sitting of a course's assessment: a paper drawn from the
// bank, its deadline, the answers and the marks.
type Attempt struct {
	ID          int64      `json:"id"`
	EnrolmentID int64      `json:"enrolment_id"`
	CourseID    int64      `json:"course_id"`
	EducatorID  int64      `json:"educator_id"`
	StartedAt   time.Time  `json:"started_at"`
	Deadline    time.Time  `json:"deadline"`
	SubmittedAt *time.Time `json:"submitted_at"`
	Status      string     `json:"status"`
	Score       int        `json:"score"`
	MaxScore    int        `json:"max_score"`
	Passed      bool       `json:"passed"`
	Items       []*Item    `json:"items"`
}

// Item is one question of a paper with the answer given and its mark.
type Item struct {
	Position int       `json:"position"`
	Question *Question `json:"question"`
	Answer   string    `json:"answer"`
	// Awarded is nil until marked.
	Awarded *int `json:"awarded"`
}

// forTaker hides the keys of an attempt from its taker, open or marked:
// the bank serves the retakes too.
func (a *Attempt) forTaker() *Attempt {
	cp := *a
	cp.Items = make([]*Item, len(a.Items))
	for i, it := range a.Items {
		q := *it.Question
		q.Answer = ""
		cp.Items[i] = &Item{Position: it.Position, Question: &q, Answer: it.Answer, Awarded: it.Awarded}
	}
	return &cp
}

// total adds up the items' marks and decides the pass against the course's mark.
func (a *Attempt) total(c *Course) {
	a.Score, a.MaxScore = 0, 0
	for _, it := range a.Items {
		a.MaxScore += it.Question.Points
		if it.Awarded != nil {
			a.Score += *it.Awarded
		}
	}
	a.Passed = a.Status == AttemptMarked && a.MaxScore > 0 && a.Score*100 >= c.PassMark*a.MaxScore
}

// Questions lists a course's question bank, for its managers.
func (s *Service) Questions(ctx context.Context, c *Course) ([]*Question, error) {
	if !s.CanManage(ctx, c) {
		return nil, app.ErrNotFound("题库")
	}
	return s.store.FindQuestions(ctx, c.ID)
}

// AddQuestion adds a question to a course's bank.
func (s *Service) AddQuestion(ctx context.Context, courseID int64, in QuestionInput) (*Question, error) {
	q := &Question{CourseID: courseID}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.managed(ctx, courseID)
		if err != nil {
			return err
		}
		if err := in.validate(q); err != nil {
			return err
		}
		if err := s.store.CreateQuestion(ctx, q); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.question.create", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("课程“%s”题库新增%s", c.Name, QuestionKinds.Label(q.Kind, "zh")), After: q})
	})
	return q, err
}

// Attempts lists the attempts of an enrolment, latest first.
func (s *Service) Attempts(ctx context.Context, e *Enrolment) ([]*Attempt, error) {
	return s.store.FindAttempts(ctx, e.ID)
}

// CanStart says whether an enrolment may start an attempt now, and if not why.
func (c *Course) CanStart(e *Enrolment, attempts []*Attempt) error {
	switch {
	case !c.Assessment:
		return app.Errorf(app.Conflict, "本课程没有在线考核", "This course has no online assessment")
	case e == nil || e.Status != StatusEnrolled:
		return app.Errorf(app.Conflict, "只有在读学员可以参加考核", "Only people enrolled may sit the assessment")
	}
	for _, a := range attempts {
		switch {
		case a.Passed:
			return app.Errorf(app.Conflict, "考核已合格，无需再考", "The assessment is passed")
		case a.Status == AttemptOpen || a.Status == AttemptSubmitted:
			return app.Errorf(app.Conflict, "上一次考核尚未结束或尚未阅卷", "The last attempt is not over or not yet marked")
		}
	}
	if len(attempts) >= c.MaxAttempts {
		return app.Errorf(app.Conflict, fmt.Sprintf("考核次数已用完（共%d次）", c.MaxAttempts),
			fmt.Sprintf("All %d attempts are used", c.MaxAttempts))
	}
	return nil
}

// Start opens an attempt of the actor's own assessment: a paper of the
// course's size drawn at random from its bank, due in the time limit.
func (s *Service) Start(ctx context.Context, courseID int64) (*Attempt, error) {
	var out *Attempt
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.lockedCourse(ctx, courseID)
		if err != nil {
			return err
		}
		e, err := s.Own(ctx, c)
		if err != nil {
			return err
		}
		if e == nil {
			return app.ErrNotFound("报名记录")
		}
		attempts, err := s.store.FindAttempts(ctx, e.ID)
		if err != nil {
			return err
		}
		if err := c.CanStart(e, attempts); err != nil {
			return err
		}
		bank, err := s.store.FindQuestions(ctx, c.ID)
		if err != nil {
			return err
		}
		bank = slices.DeleteFunc(bank, func(q *Question) bool { return q.Retired })
		if len(bank) == 0 {
			return app.Errorf(app.Conflict, "本课程题库尚无试题", "The course's question bank is empty")
		}
		rand.Shuffle(len(bank), func(i, j int) { bank[i], bank[j] = bank[j], bank[i] })
		bank = bank[:min(len(bank), c.PaperSize)]
		now := s.clock.Now()
		out = &Attempt{EnrolmentID: e.ID, CourseID: c.ID, EducatorID: e.EducatorID, StartedAt: now, Deadline: now.Add(c.TimeLimit()),
			Status: AttemptOpen}
		for i, q := range bank {
			out.Items = append(out.Items, &Item{Position: i + 1, Question: q})
		}
		out.total(c)
		if err := s.store.CreateAttempt(ctx, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.attempt.start", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s开始“%s”在线考核（第%d次，%d题，限时%d分钟）", e.Name, c.Name, len(attempts)+1, len(out.Items), c.TimeLimitMinutes)})
	})
	if err != nil {
		return nil, err
	}
	return out.forTaker(), nil
}

// Attempt returns an attempt to its taker (keys hidden) or to the course's
// managers.
func (s *Service) Attempt(ctx context.Context, id int64) (*Attempt, *Course, error) {
	a, err := s.store.FindAttempt(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Course(ctx, a.CourseID)
	if err != nil {
		return nil, nil, app.ErrNotFound("考核")
	}
	actor := app.ActorOf(ctx)
	switch {
	case actor.EducatorID != 0 && actor.EducatorID == a.EducatorID:
		return a.forTaker(), c, nil
	case s.CanManage(ctx, c):
		return a, c, nil
	}
	return nil, nil, app.ErrNotFound("考核")
}

// errLate answers an answer sheet that arrives after the deadline.
var errLate = app.Errorf(app.Conflict, "已超过答题时限，本次答卷未被接收", "The time limit has passed; the answers were not accepted")

// Submit takes the taker's answers, by position, and marks every choice
// question. An attempt submitted after its deadline is closed as timed
// out, its answers unread. The deadline itself is still in time.
func (s *Service) Submit(ctx context.Context, id int64, answers map[int]string) (*Attempt, error) {
	var out *Attempt
	late := false
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		a, c, err := s.Attempt(ctx, id)
		if err != nil {
			return err
		}
		if app.ActorOf(ctx).EducatorID != a.EducatorID {
			return app.ErrNotFound("考核")
		}
		if err := s.store.LockProgramme(ctx, c.ID); err != nil {
			return err
		}
		if a, err = s.store.FindAttempt(ctx, id); err != nil {
			return err
		}
		if a.Status != AttemptOpen {
			return app.Errorf(app.Conflict, "本次考核已交卷", "This attempt is already handed in")
		}
		now := s.clock.Now()
		a.SubmittedAt = &now
		summary := ""
		if now.After(a.Deadline) {
			late, a.Status = true, AttemptExpired
			summary = "超时未交卷"
		} else {
			a.Status = AttemptMarked
			for _, it := range a.Items {
				it.Answer = strings.TrimSpace(answers[it.Position])
				if utf8.RuneCountInString(it.Answer) > 2000 {
					it.Answer = string([]rune(it.Answer)[:2000])
				}
				if pts, auto := it.Question.mark(it.Answer); auto {
					it.Awarded = &pts
				} else {
					a.Status = AttemptSubmitted
				}
			}
			summary = "交卷"
		}
		a.total(c)
		if err := s.store.UpdateAttempt(ctx, a); err != nil {
			return err
		}
		out = a.forTaker()
		return s.audit.Record(ctx, audit.Change{Action: "training.attempt.submit", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("“%s”在线考核%s：%d/%d分", c.Name, summary, a.Score, a.MaxScore)})
	})
	if err != nil {
		return nil, err
	}
	if late {
		return out, errLate
	}
	return out, nil
}

// Mark records a person's marks of an attempt's short answers, by
// position, and with them its result.
func (s *Service) Mark(ctx context.Context, id int64, marks map[int]int) (*Attempt, error) {
	var out *Attempt
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		a, c, err := s.Attempt(ctx, id)
		if err != nil {
			return err
		}
		if _, err := s.managed(ctx, c.ID); err != nil {
			return err
		}
		if a.Status != AttemptSubmitted {
			return app.Errorf(app.Conflict, "本次考核没有待阅的简答题", "This attempt has no short answer awaiting marks")
		}
		var f app.Fields
		for _, it := range a.Items {
			if it.Question.Kind != KindShort {
				continue
			}
			m, ok := marks[it.Position]
			if !ok || m < 0 || m > it.Question.Points {
				f.Add("marks", fmt.Sprintf("第%d题的得分应在0至%d之间", it.Position, it.Question.Points),
					fmt.Sprintf("Question %d earns between 0 and %d", it.Position, it.Question.Points))
				continue
			}
			it.Awarded = &m
		}
		if err := f.Err(); err != nil {
			return err
		}
		a.Status = AttemptMarked
		a.total(c)
		if err := s.store.UpdateAttempt(ctx, a); err != nil {
			return err
		}
		out = a
		return s.audit.Record(ctx, audit.Change{Action: "training.attempt.mark", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("“%s”在线考核阅卷：%d/%d分", c.Name, a.Score, a.MaxScore)})
	})
	return out, err
}
