package placement

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// RecordKind says what a participant's record is.
type RecordKind string

// The kinds of record.
const (
	// KindPlan is the personal plan (个人研修计划), one per placement.
	KindPlan RecordKind = "plan"
	// KindLog is a day's training log (研修日志): schedule and reflection, one a day.
	KindLog RecordKind = "log"
	// KindObservation is a lesson observed (听课记录).
	KindObservation RecordKind = "observation"
	// KindDeliverable is a piece of work of a type (成果).
	KindDeliverable RecordKind = "deliverable"
)

// RecordKinds names the kinds of record.
var RecordKinds = app.Vocab{
	{Code: string(KindPlan), Zh: "个人研修计划", En: "Personal plan"},
	{Code: string(KindLog), Zh: "研修日志", En: "Training log"},
	{Code: string(KindObservation), Zh: "听课记录", En: "Lesson observation"},
	{Code: string(KindDeliverable), Zh: "研修成果", En: "Deliverable"},
}

// DeliverableTypes are the types of deliverable of [001] and [002].
var DeliverableTypes = app.Vocab{
	{Code: "reading_note", Zh: "读书笔记", En: "Reading note"},
	{Code: "paper", Zh: "论文", En: "Paper"},
	{Code: "courseware", Zh: "课件", En: "Courseware"},
	{Code: "lesson_design", Zh: "教学设计", En: "Lesson design"},
	{Code: "demo_lesson", Zh: "示范课", En: "Demonstration lesson"},
	{Code: "practice_lesson", Zh: "实践课", En: "Practice lesson"},
	{Code: "talk", Zh: "讲座、报告", En: "Talk or report"},
	{Code: "research_talk", Zh: "教研活动发言", En: "Talk at a teaching-research meeting"},
	{Code: "summary", Zh: "研修总结", En: "Summary"},
	{Code: "regulation", Zh: "管理制度", En: "Management regulation"},
	{Code: "development_plan", Zh: "三年发展规划", En: "3-year development plan"},
	{Code: "investigation", Zh: "专题调研报告", En: "Investigation report"},
	{Code: "reflection", Zh: "反思文章", En: "Reflection article"},
}

// SummaryChars is the length the summary must reach ([001]: 2,500 characters).
const SummaryChars = 2500

// Record is one of a participant's records. Body is a log's schedule, an
// observation's notes, a plan's or deliverable's text; Chars counts its
// characters. Its JSON uses each kind's own names (MarshalJSON).
type Record struct {
	ID          int64
	PlacementID int64
	Kind        RecordKind
	// Type is a deliverable's type (DeliverableTypes).
	Type string
	// Date is the day a log or observation is of, the day a plan or
	// deliverable was handed in.
	Date    app.Date
	Period  string
	Class   string
	Subject string
	Teacher string
	// Topic is an observation's topic, a deliverable's title.
	Topic      string
	Body       string
	Reflection string
	Chars      int
	// Assessment marks the demonstration lesson that is the assessment lesson.
	Assessment bool
	Version    int
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedBy  string
	UpdatedAt  time.Time
	Comments   []*Comment
}

// MarshalJSON writes the record with the field names of its kind: a log
// {date, schedule, reflection}, an observation {date, period, class,
// subject, teacher, topic, notes, reflection}, a deliverable {type, title,
// body, chars, assessment}, a plan {body}.
func (r *Record) MarshalJSON() ([]byte, error) {
	m := map[string]any{"id": r.ID, "placement_id": r.PlacementID, "kind": r.Kind, "date": r.Date, "version": r.Version,
		"created_by": r.CreatedBy, "created_at": r.CreatedAt, "updated_by": r.UpdatedBy, "updated_at": r.UpdatedAt}
	comments := r.Comments
	if comments == nil {
		comments = []*Comment{}
	}
	m["comments"] = comments
	switch r.Kind {
	case KindLog:
		m["schedule"], m["reflection"] = r.Body, r.Reflection
	case KindObservation:
		m["period"], m["class"], m["subject"], m["teacher"], m["topic"] = r.Period, r.Class, r.Subject, r.Teacher, r.Topic
		m["notes"], m["reflection"] = r.Body, r.Reflection
	case KindDeliverable:
		m["type"], m["title"], m["body"], m["reflection"], m["chars"], m["assessment"] = r.Type, r.Topic, r.Body, r.Reflection, r.Chars, r.Assessment
	default:
		m["body"], m["chars"] = r.Body, r.Chars
	}
	return json.Marshal(m)
}

// Comment is a reader's comment (批注) on a record, mostly the mentor's.
type Comment struct {
	ID         int64     `json:"id"`
	RecordID   int64     `json:"record_id"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// Version is an earlier text of a record, kept when it was edited.
type Version struct {
	Version    int       `json:"version"`
	Topic      string    `json:"topic"`
	Body       string    `json:"body"`
	Reflection string    `json:"reflection"`
	SavedBy    string    `json:"saved_by"`
	SavedAt    time.Time `json:"saved_at"`
}

// LogInput is a day's log as entered.
type LogInput struct {
	Date       app.Date `json:"date"`
	Schedule   string   `json:"schedule"`
	Reflection string   `json:"reflection"`
}

// ObservationInput is a lesson observation as entered on a phone.
type ObservationInput struct {
	Date       app.Date `json:"date"`
	Period     string   `json:"period"`
	Class      string   `json:"class"`
	Subject    string   `json:"subject"`
	Teacher    string   `json:"teacher"`
	Topic      string   `json:"topic"`
	Notes      string   `json:"notes"`
	Reflection string   `json:"reflection"`
}

// DeliverableInput is a deliverable as handed in.
type DeliverableInput struct {
	Type       string `json:"type"`
	Title      string `json:"title"`
	Body       string `json:"body"`
	Reflection string `json:"reflection"`
	Assessment bool   `json:"assessment"`
}

// RecordFilter selects records. Zero fields do not filter.
type RecordFilter struct {
	PlacementID int64
	Kind        RecordKind
}

// RecordStore is what the records need from the database.
type RecordStore interface {
	FindPlacementRecords(ctx context.Context, f RecordFilter) ([]*Record, error)
	FindPlacementRecordByID(ctx context.Context, id int64) (*Record, error)
	// CreatePlacementRecord inserts r and sets its ID; a Conflict for a second log
	// of a day, a second plan or a second assessment lesson.
	CreatePlacementRecord(ctx context.Context, r *Record) error
	// UpdatePlacementRecord keeps prev's text as a version and saves r.
	UpdatePlacementRecord(ctx context.Context, r *Record, prev *Record) error
	FindPlacementRecordVersions(ctx context.Context, recordID int64) ([]*Version, error)
	// FindPlacementComments lists the comments on a placement's records, oldest first.
	FindPlacementComments(ctx context.Context, placementID int64) ([]*Comment, error)
	CreatePlacementComment(ctx context.Context, c *Comment) error
}

func errField(field, zh, en string) error {
	return &app.Error{Code: app.Invalid, Message: zh, English: en, Fields: map[string]string{field: "invalid"}}
}

// clean trims s and checks its length.
func clean(s *string, field, name string, max int, required bool) error {
	*s = strings.TrimSpace(*s)
	if required && *s == "" {
		return &app.Error{Code: app.Invalid, Message: "请填写" + name, English: "Fill in the " + field,
			Fields: map[string]string{field: "required"}}
	}
	if utf8.RuneCountInString(*s) > max {
		return errField(field, fmt.Sprintf("%s不超过%d字", name, max), fmt.Sprintf("The %s has at most %d characters", field, max))
	}
	return nil
}

// checkDay refuses a day outside the batch or in the future.
func checkDay(pl *Placement, d app.Date, today app.Date) error {
	switch {
	case d.IsZero():
		return &app.Error{Code: app.Invalid, Message: "请填写日期", English: "Fill in the date", Fields: map[string]string{"date": "required"}}
	case d.After(today):
		return errField("date", "日期不能晚于今天", "The date cannot be after today")
	case d.Before(pl.BatchStart) || d.After(pl.BatchEnd):
		return errField("date", fmt.Sprintf("日期应在挂职期内（%s至%s）", pl.BatchStart.Chinese(), pl.BatchEnd.Chinese()),
			fmt.Sprintf("The date must fall within the placement (%s to %s)", pl.BatchStart.English(), pl.BatchEnd.English()))
	}
	return nil
}

func (in *LogInput) record(pl *Placement, today app.Date) (*Record, error) {
	if err := checkDay(pl, in.Date, today); err != nil {
		return nil, err
	}
	if err := clean(&in.Schedule, "schedule", "当日安排", 2000, true); err != nil {
		return nil, err
	}
	if err := clean(&in.Reflection, "reflection", "反思", 5000, false); err != nil {
		return nil, err
	}
	return &Record{Kind: KindLog, Date: in.Date, Body: in.Schedule, Reflection: in.Reflection}, nil
}

func (in *ObservationInput) record(pl *Placement, today app.Date) (*Record, error) {
	if err := checkDay(pl, in.Date, today); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		v         *string
		field, zh string
		max       int
		required  bool
	}{{&in.Period, "period", "节次", 20, false}, {&in.Class, "class", "班级", 30, false}, {&in.Subject, "subject", "学科", 20, true},
		{&in.Teacher, "teacher", "授课教师", 30, true}, {&in.Topic, "topic", "课题", 100, false}, {&in.Notes, "notes", "听课笔记", 5000, false},
		{&in.Reflection, "reflection", "评析与反思", 5000, false}} {
		if err := clean(f.v, f.field, f.zh, f.max, f.required); err != nil {
			return nil, err
		}
	}
	return &Record{Kind: KindObservation, Date: in.Date, Period: in.Period, Class: in.Class, Subject: in.Subject, Teacher: in.Teacher,
		Topic: in.Topic, Body: in.Notes, Reflection: in.Reflection}, nil
}

func (in *DeliverableInput) record(today app.Date) (*Record, error) {
	if !DeliverableTypes.Has(in.Type) {
		return nil, errField("type", "请选择成果类型", "Choose the type of deliverable")
	}
	if err := clean(&in.Title, "title", "标题", 100, true); err != nil {
		return nil, err
	}
	if err := clean(&in.Body, "body", "正文", 50000, false); err != nil {
		return nil, err
	}
	if err := clean(&in.Reflection, "reflection", "反思", 5000, false); err != nil {
		return nil, err
	}
	if in.Assessment && in.Type != "demo_lesson" {
		return nil, errField("assessment", "只有示范课可以作为考核课", "Only a demonstration lesson can be the assessment lesson")
	}
	return &Record{Kind: KindDeliverable, Type: in.Type, Date: today, Topic: in.Title, Body: in.Body, Reflection: in.Reflection,
		Assessment: in.Assessment}, nil
}

// countChars counts the characters of a text as a Chinese reader does: every
// character but white space.
func countChars(s string) int {
	n := 0
	for _, r := range s {
		if !strings.ContainsRune(" \t\r\n\u3000", r) {
			n++
		}
	}
	return n
}

// writable returns the placement if the actor is its participant.
func (s *Service) writable(ctx context.Context, placementID int64) (*Placement, error) {
	pl, _, acc, err := s.Find(ctx, placementID)
	if err != nil {
		return nil, err
	}
	if !acc.Own {
		return nil, app.Errorf(app.Forbidden, "只有参训人员本人可以填写", "Only the participant writes their records")
	}
	return pl, nil
}

// readable returns the placement if the actor reads its records.
func (s *Service) readable(ctx context.Context, placementID int64) (*Placement, Access, error) {
	pl, _, acc, err := s.Find(ctx, placementID)
	if err != nil {
		return nil, acc, err
	}
	if !acc.ReadRecords() {
		return nil, acc, errNoPlacement
	}
	return pl, acc, nil
}

// create saves a new record of the participant, audited.
func (s *Service) create(ctx context.Context, pl *Placement, r *Record) (*Record, error) {
	a := app.ActorOf(ctx)
	now := s.clock.Now().UTC()
	r.PlacementID, r.Chars, r.Version = pl.ID, countChars(r.Body), 1
	r.CreatedBy, r.CreatedAt, r.UpdatedBy, r.UpdatedAt = a.Label(), now, a.Label(), now
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreatePlacementRecord(ctx, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.record", Entity: "placement", EntityID: pl.ID,
			Summary: fmt.Sprintf("%s：%s %s", pl.Name, RecordKinds.Label(string(r.Kind), "zh"), r.Date.Chinese()), After: recordFacts(r)})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func recordFacts(r *Record) map[string]any {
	return map[string]any{"id": r.ID, "kind": r.Kind, "type": r.Type, "date": r.Date, "topic": r.Topic, "chars": r.Chars,
		"assessment": r.Assessment, "version": r.Version}
}

// AddLog records a day's log.
func (s *Service) AddLog(ctx context.Context, placementID int64, in LogInput) (*Record, error) {
	return s.add(ctx, placementID, &in)
}

// AddObservation records a lesson observed.
func (s *Service) AddObservation(ctx context.Context, placementID int64, in ObservationInput) (*Record, error) {
	return s.add(ctx, placementID, &in)
}

// add records what in makes of the placement's day.
func (s *Service) add(ctx context.Context, placementID int64, in interface {
	record(pl *Placement, today app.Date) (*Record, error)
}) (*Record, error) {
	pl, err := s.writable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	r, err := in.record(pl, s.Today())
	if err != nil {
		return nil, err
	}
	return s.create(ctx, pl, r)
}

// AddDeliverable hands in a deliverable; its files are added to it after
// (attach, owner kind AttachmentOwner).
func (s *Service) AddDeliverable(ctx context.Context, placementID int64, in DeliverableInput) (*Record, error) {
	pl, err := s.writable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	r, err := in.record(s.Today())
	if err != nil {
		return nil, err
	}
	return s.create(ctx, pl, r)
}

// SavePlan writes the personal plan, the first time or as a new version.
func (s *Service) SavePlan(ctx context.Context, placementID int64, body string) (*Record, error) {
	pl, err := s.writable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	if err := clean(&body, "body", "研修计划", 20000, true); err != nil {
		return nil, err
	}
	plans, err := s.store.FindPlacementRecords(ctx, RecordFilter{PlacementID: pl.ID, Kind: KindPlan})
	if err != nil {
		return nil, err
	}
	if len(plans) == 0 {
		return s.create(ctx, pl, &Record{Kind: KindPlan, Date: s.Today(), Body: body})
	}
	return s.edit(ctx, pl, plans[0], func(r *Record) error { r.Body = body; return nil })
}

// RecordUpdate is an edit of a record's text: a log's schedule and
// reflection, an observation's notes and reflection, a deliverable's
// title, body and reflection.
type RecordUpdate struct {
	Topic      string `json:"title"`
	Body       string `json:"body"`
	Reflection string `json:"reflection"`
}

// UpdateRecord edits a record of the participant's, keeping the text it
// had as a version.
func (s *Service) UpdateRecord(ctx context.Context, placementID, recordID int64, up RecordUpdate) (*Record, error) {
	pl, err := s.writable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	r, err := s.store.FindPlacementRecordByID(ctx, recordID)
	if err != nil || r.PlacementID != pl.ID {
		return nil, app.ErrNotFound("记录")
	}
	return s.edit(ctx, pl, r, func(r *Record) error {
		if err := clean(&up.Body, "body", "正文", 50000, r.Kind == KindLog || r.Kind == KindPlan); err != nil {
			return err
		}
		if err := clean(&up.Reflection, "reflection", "反思", 5000, false); err != nil {
			return err
		}
		if r.Kind == KindDeliverable || r.Kind == KindObservation {
			if err := clean(&up.Topic, "title", "标题", 100, r.Kind == KindDeliverable); err != nil {
				return err
			}
			r.Topic = up.Topic
		}
		r.Body, r.Reflection = up.Body, up.Reflection
		return nil
	})
}

func (s *Service) edit(ctx context.Context, pl *Placement, r *Record, change func(*Record) error) (*Record, error) {
	prev := *r
	if err := change(r); err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	r.Chars, r.Version, r.UpdatedBy, r.UpdatedAt = countChars(r.Body), prev.Version+1, a.Label(), s.clock.Now().UTC()
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdatePlacementRecord(ctx, r, &prev); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.record.edit", Entity: "placement", EntityID: pl.ID,
			Summary: fmt.Sprintf("%s修改%s（第%d版）", pl.Name, RecordKinds.Label(string(r.Kind), "zh"), r.Version),
			Before:  recordFacts(&prev), After: recordFacts(r)})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Records lists a placement's records of a kind, newest first, with their
// comments, for those who read them.
func (s *Service) Records(ctx context.Context, placementID int64, kind RecordKind) ([]*Record, error) {
	pl, _, err := s.readable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	rs, err := s.store.FindPlacementRecords(ctx, RecordFilter{PlacementID: pl.ID, Kind: kind})
	if err != nil {
		return nil, err
	}
	cs, err := s.store.FindPlacementComments(ctx, pl.ID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Record{}
	for _, r := range rs {
		r.Comments = []*Comment{}
		byID[r.ID] = r
	}
	for _, c := range cs {
		if r := byID[c.RecordID]; r != nil {
			r.Comments = append(r.Comments, c)
		}
	}
	return rs, nil
}

// Record returns one record of the placement with its earlier versions.
func (s *Service) Record(ctx context.Context, placementID, recordID int64) (*Record, []*Version, error) {
	rs, err := s.Records(ctx, placementID, "")
	if err != nil {
		return nil, nil, err
	}
	for _, r := range rs {
		if r.ID == recordID {
			vs, err := s.store.FindPlacementRecordVersions(ctx, r.ID)
			return r, vs, err
		}
	}
	return nil, nil, app.ErrNotFound("记录")
}

// AddComment comments on a record: the mentor's or a coordinator's.
func (s *Service) AddComment(ctx context.Context, placementID, recordID int64, body string) (*Comment, error) {
	pl, acc, err := s.readable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	if !acc.Comment() {
		return nil, app.Errorf(app.Forbidden, "只有导师或项目管理人员可以批注", "Only the mentor or the programme's managers comment")
	}
	r, err := s.store.FindPlacementRecordByID(ctx, recordID)
	if err != nil || r.PlacementID != pl.ID {
		return nil, app.ErrNotFound("记录")
	}
	if err := clean(&body, "body", "批注", 2000, true); err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	c := &Comment{RecordID: r.ID, AuthorID: a.UserID, AuthorName: a.Label(), Body: body, CreatedAt: s.clock.Now().UTC()}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreatePlacementComment(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.comment", Entity: "placement", EntityID: pl.ID,
			Summary: fmt.Sprintf("批注%s的%s", pl.Name, RecordKinds.Label(string(r.Kind), "zh")),
			After:   map[string]any{"record_id": r.ID, "comment_id": c.ID}})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// AttachmentOwner is the owner kind of a deliverable's files (package attach).
const AttachmentOwner = "placement_record"

// CanReadRecordFiles and CanAddRecordFiles decide for package attach who
// reads and who adds a deliverable's files: its readers, its participant.
func (s *Service) CanReadRecordFiles(ctx context.Context, recordID int64) bool {
	r, err := s.store.FindPlacementRecordByID(ctx, recordID)
	if err != nil {
		return false
	}
	_, _, err = s.readable(ctx, r.PlacementID)
	return err == nil
}

// CanAddRecordFiles: see CanReadRecordFiles.
func (s *Service) CanAddRecordFiles(ctx context.Context, recordID int64) bool {
	r, err := s.store.FindPlacementRecordByID(ctx, recordID)
	if err != nil || r.Kind != KindDeliverable {
		return false
	}
	_, err = s.writable(ctx, r.PlacementID)
	return err == nil
}
