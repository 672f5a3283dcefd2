// Package secondment is the secondment workflow (挂职, SPEC §4) built on a
// programme of package programme: its batches with their dates and places
// per category, the host schools (often in another province) with their
// offices, grades and teaching-research groups (教研组) and their duties,
// each participant's placement (batch, host, department, mentor, training
// group), the assignment helper that proposes a whole placement through the
// planner's min-cost-flow solver, the secondment agreement, costs with their
// payer, accident insurance, and the five-year coverage of a series of
// programmes ("every principal trained once in five years", [001]).
//
// Rules this package keeps, each with a test:
//   - No one is enrolled into a batch of a finished programme, or into a
//     closed or finished batch, or past a category's places in the batch.
//   - A placement names a host of its batch, a department of that host, a
//     mentor of the programme and a group of the programme; a host takes
//     no more participants in a batch than its capacity there.
//   - The proposal never exceeds a host's capacity or a mentor's load, and
//     its value is the optimum (tests compare it with brute force).
//   - Costs sum per payer and per county exactly (amounts in fen).
//   - Coverage counts a training that ended exactly five years ago.
package secondment

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
)

// Statuses of a batch, from its dates and whether it is closed.
const (
	BatchUpcoming = "upcoming"
	BatchRunning  = "running"
	BatchFinished = "finished"
)

// BatchStatuses is the vocabulary of batch statuses.
var BatchStatuses = app.Vocab{
	{Code: BatchUpcoming, Zh: "未开始", En: "Not started"},
	{Code: BatchRunning, Zh: "进行中", En: "Running"},
	{Code: BatchFinished, Zh: "已结束", En: "Finished"},
}

// Batch is one period of a programme (seed [000]: four one-month batches)
// with its places per category and its hosts.
type Batch struct {
	ID          int64    `json:"id"`
	ProgrammeID int64    `json:"programme_id"`
	Position    int      `json:"position"`
	Name        string   `json:"name"`
	Start       app.Date `json:"start"`
	End         app.Date `json:"end"`
	// Closed batches take no more participants.
	Closed bool         `json:"closed"`
	Quotas []BatchQuota `json:"quotas"`
	Hosts  []BatchHost  `json:"hosts"`
	// Enrolled is the number of participants in the batch.
	Enrolled int    `json:"enrolled"`
	Status   string `json:"status"`
}

// BatchQuota is the places of a category in a batch.
type BatchQuota struct {
	Category string `json:"category"`
	Capacity int    `json:"capacity"`
	Enrolled int    `json:"enrolled"`
}

// BatchHost is a host school of a batch, its capacity there, the number
// placed with it and the duties it has done for the batch.
type BatchHost struct {
	HostID   int64    `json:"host_id"`
	HostName string   `json:"host_name"`
	Place    string   `json:"place"`
	Capacity int      `json:"capacity"`
	Placed   int      `json:"placed"`
	Duties   []string `json:"duties"`
}

// Done reports whether the host has ticked duty for the batch.
func (h BatchHost) Done(duty string) bool {
	for _, d := range h.Duties {
		if d == duty {
			return true
		}
	}
	return false
}

// Quota returns the places of category in the batch; ok is false when the
// batch does not limit the category.
func (b *Batch) Quota(category string) (BatchQuota, bool) {
	for _, q := range b.Quotas {
		if q.Category == category {
			return q, true
		}
	}
	return BatchQuota{}, false
}

// Capacity is the batch's places for category, zero when it takes none.
func (b *Batch) Capacity(category string) int {
	q, _ := b.Quota(category)
	return q.Capacity
}

// Host returns the batch's host of id.
func (b *Batch) Host(id int64) (BatchHost, bool) {
	for _, h := range b.Hosts {
		if h.HostID == id {
			return h, true
		}
	}
	return BatchHost{}, false
}

// statusOn is the batch's status on day.
func (b *Batch) statusOn(day app.Date) string {
	switch {
	case day.Before(b.Start):
		return BatchUpcoming
	case b.End.Before(day):
		return BatchFinished
	}
	return BatchRunning
}

// BatchInput is a batch as entered.
type BatchInput struct {
	Name   string       `json:"name"`
	Start  app.Date     `json:"start"`
	End    app.Date     `json:"end"`
	Closed bool         `json:"closed"`
	Quotas []QuotaInput `json:"quotas"`
}

// QuotaInput is a category's places in a batch as entered.
type QuotaInput struct {
	Category string `json:"category"`
	Capacity int    `json:"capacity"`
}

// validate checks in against the programme p and writes it to b.
func (in BatchInput) validate(p *programme.Programme, b *Batch) error {
	var f app.Fields
	b.Name = strings.TrimSpace(in.Name)
	b.Start, b.End, b.Closed = in.Start, in.End, in.Closed
	if n := utf8.RuneCountInString(b.Name); n < 1 || n > 30 {
		f.Add("name", "请填写批次名称（1至30字）", "Give the batch a name (1 to 30 characters)")
	}
	switch {
	case !b.Start.Valid() || b.Start.IsZero():
		f.Add("start", "请填写批次开始日期", "Give the batch's start date")
	case !b.End.Valid() || b.End.IsZero():
		f.Add("end", "请填写批次结束日期", "Give the batch's end date")
	case b.End.Before(b.Start):
		f.Add("end", fmt.Sprintf("批次结束日期（%s）不能早于开始日期（%s）", b.End.Chinese(), b.Start.Chinese()),
			fmt.Sprintf("The batch ends (%s) before it starts (%s)", b.End, b.Start))
	case b.Start.Before(p.Start) || p.End.Before(b.End):
		f.Add("start", fmt.Sprintf("批次（%s—%s）应在项目期间（%s—%s）之内", b.Start.Chinese(), b.End.Chinese(), p.Start.Chinese(), p.End.Chinese()),
			fmt.Sprintf("The batch (%s to %s) must lie within the programme (%s to %s)", b.Start, b.End, p.Start, p.End))
	}
	b.Quotas = nil
	seen := map[string]bool{}
	for _, q := range in.Quotas {
		name := strings.TrimSpace(q.Category)
		if q.Capacity == 0 && name != "" {
			continue
		}
		c, ok := p.Category(name)
		switch {
		case !ok:
			f.Add("quotas", fmt.Sprintf("项目没有参训类别“%s”", name), fmt.Sprintf("The programme has no category %q", name))
		case seen[name]:
			f.Add("quotas", fmt.Sprintf("参训类别“%s”重复", name), fmt.Sprintf("Category %q is listed twice", name))
		case q.Capacity < 0 || q.Capacity > c.Quota:
			f.Add("quotas", fmt.Sprintf("“%s”本批名额应在0至%d（项目名额）之间", name, c.Quota),
				fmt.Sprintf("The batch's places of %q must be between 0 and the programme's %d", name, c.Quota))
		default:
			b.Quotas = append(b.Quotas, BatchQuota{Category: name, Capacity: q.Capacity})
		}
		seen[name] = true
	}
	return f.Err()
}

// BatchStore is what batches need from the database.
type BatchStore interface {
	FindBatches(ctx context.Context, programmeID int64) ([]*Batch, error)
	FindBatch(ctx context.Context, programmeID, batchID int64) (*Batch, error)
	CreateBatch(ctx context.Context, b *Batch) error
	UpdateBatch(ctx context.Context, b *Batch) error
	DeleteBatch(ctx context.Context, programmeID, batchID int64) error
	SetBatchHost(ctx context.Context, batchID, hostID int64, capacity int) error
	DeleteBatchHost(ctx context.Context, batchID, hostID int64) error
	SetHostDuties(ctx context.Context, batchID, hostID int64, duties []string, by string) error
}

// Store is everything package secondment needs from the database.
type Store interface {
	audit.Store
	BatchStore
	HostStore
	PlacementStore
	CostStore
	CoverageStore
	HoursStore
	// LockProgramme holds the programme's row until the transaction ends.
	LockProgramme(ctx context.Context, id int64) error
}

// Service is the secondment workflow over the programmes of package
// programme: it asks that package whether the actor may read or manage a
// programme and keeps its own records beside it.
type Service struct {
	store      Store
	programmes *programme.Service
	accounts   *auth.Service
	audit      *audit.Log
	clock      app.Clock
}

// NewService returns the secondment service.
func NewService(store Store, programmes *programme.Service, accounts *auth.Service, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, programmes: programmes, accounts: accounts, audit: log, clock: clock}
}

// Today is the current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

var errNoRight = app.Errorf(app.Forbidden, "您没有管理此项目的权限", "You do not manage this programme")

// managed returns a programme the actor manages.
func (s *Service) managed(ctx context.Context, id int64) (*programme.Programme, error) {
	p, err := s.programmes.FindByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.programmes.CanManage(ctx, p) {
		return nil, errNoRight
	}
	return p, nil
}

// inTx runs fn in one transaction on a programme the actor manages, with
// the programme's row locked so that places are not raced.
func (s *Service) inTx(ctx context.Context, id int64, fn func(ctx context.Context, p *programme.Programme) error) error {
	p, err := s.managed(ctx, id)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockProgramme(ctx, id); err != nil {
			return err
		}
		return fn(ctx, p)
	})
}

// Batches lists a programme's batches, in order, with their status.
func (s *Service) Batches(ctx context.Context, p *programme.Programme) ([]*Batch, error) {
	if err := auth.Decide(app.ActorOf(ctx), auth.ProgrammeRead, p.Place(), "项目"); err != nil {
		return nil, err
	}
	list, err := s.store.FindBatches(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	for _, b := range list {
		b.Status = b.statusOn(today)
	}
	return list, nil
}

// CreateBatch adds a batch to a programme.
func (s *Service) CreateBatch(ctx context.Context, programmeID int64, in BatchInput) (*Batch, error) {
	b := &Batch{ProgrammeID: programmeID}
	err := s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		if err := in.validate(p, b); err != nil {
			return err
		}
		list, err := s.store.FindBatches(ctx, p.ID)
		if err != nil {
			return err
		}
		b.Position = len(list)
		if err := s.store.CreateBatch(ctx, b); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.batch_create", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("项目“%s”新增批次“%s”（%s—%s）", p.Name, b.Name, b.Start.Chinese(), b.End.Chinese()), After: b})
	})
	if err != nil {
		return nil, err
	}
	b.Status = b.statusOn(s.Today())
	return b, nil
}

// UpdateBatch saves a batch's name, dates, places and whether it is closed.
// Places may not fall below the participants already in the batch.
func (s *Service) UpdateBatch(ctx context.Context, programmeID, batchID int64, in BatchInput) (*Batch, error) {
	var out *Batch
	err := s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		before, err := s.store.FindBatch(ctx, programmeID, batchID)
		if err != nil {
			return err
		}
		b := *before
		if err := in.validate(p, &b); err != nil {
			return err
		}
		var f app.Fields
		for _, q := range before.Quotas {
			now, ok := b.Quota(q.Category)
			if q.Enrolled > 0 && (!ok || now.Capacity < q.Enrolled) {
				f.Add("quotas", fmt.Sprintf("本批“%s”已有%d人，名额不能少于%d", q.Category, q.Enrolled, q.Enrolled),
					fmt.Sprintf("The batch has %d in %q; its places cannot be fewer", q.Enrolled, q.Category))
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := s.store.UpdateBatch(ctx, &b); err != nil {
			return err
		}
		out = &b
		return s.audit.Record(ctx, audit.Change{Action: "secondment.batch_update", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("修改项目“%s”的批次“%s”", p.Name, b.Name), Before: before, After: &b})
	})
	if err != nil {
		return nil, err
	}
	out.Status = out.statusOn(s.Today())
	return out, nil
}

// DeleteBatch removes a batch without participants.
func (s *Service) DeleteBatch(ctx context.Context, programmeID, batchID int64) error {
	return s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		b, err := s.store.FindBatch(ctx, programmeID, batchID)
		if err != nil {
			return err
		}
		if b.Enrolled > 0 {
			return app.Errorf(app.Conflict, fmt.Sprintf("批次“%s”已有%d名参训人员，不能删除", b.Name, b.Enrolled),
				fmt.Sprintf("Batch %q has %d participants and cannot be deleted", b.Name, b.Enrolled))
		}
		if err := s.store.DeleteBatch(ctx, programmeID, batchID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.batch_delete", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("删除项目“%s”的批次“%s”", p.Name, b.Name), Before: b})
	})
}

// errClosed and its kin are the reasons an enrolment into a batch is refused.
func errBatchRefused(zh, en string) error {
	return &app.Error{Code: app.Conflict, Message: zh, English: en, Fields: map[string]string{"batch_id": "refused"}}
}

// checkEnrol says why member m cannot join batch b of programme p today,
// or nil when they can.
func checkEnrol(p *programme.Programme, b *Batch, m *programme.Member, today app.Date) error {
	switch {
	case p.End.Before(today):
		return errBatchRefused(fmt.Sprintf("项目“%s”已于%s结束，不能再编入批次", p.Name, p.End.Chinese()),
			fmt.Sprintf("Programme %q ended on %s; no more enrolments", p.Name, p.End))
	case b.Closed:
		return errBatchRefused(fmt.Sprintf("批次“%s”已截止，不能再编入", b.Name), fmt.Sprintf("Batch %q is closed", b.Name))
	case b.End.Before(today):
		return errBatchRefused(fmt.Sprintf("批次“%s”已于%s结束，不能再编入", b.Name, b.End.Chinese()),
			fmt.Sprintf("Batch %q ended on %s", b.Name, b.End))
	}
	if q, ok := b.Quota(m.Category); ok && q.Enrolled >= q.Capacity {
		return errBatchRefused(fmt.Sprintf("批次“%s”的“%s”名额（%d人）已满", b.Name, m.Category, q.Capacity),
			fmt.Sprintf("The %d places of %q in batch %q are taken", q.Capacity, m.Category, b.Name))
	} else if !ok && len(b.Quotas) > 0 {
		return errBatchRefused(fmt.Sprintf("批次“%s”不招收“%s”", b.Name, m.Category),
			fmt.Sprintf("Batch %q takes no one of %q", b.Name, m.Category))
	}
	return nil
}

// SetBatchHost makes a host one of a batch's hosts, taking capacity
// participants, or changes its capacity; it may not fall below those placed.
func (s *Service) SetBatchHost(ctx context.Context, programmeID, batchID, hostID int64, capacity int) error {
	return s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		b, err := s.store.FindBatch(ctx, programmeID, batchID)
		if err != nil {
			return err
		}
		h, err := s.readableHost(ctx, hostID)
		if err != nil {
			return app.NotFoundField("host_id", "接收学校")
		}
		placed := 0
		if have, ok := b.Host(hostID); ok {
			placed = have.Placed
		}
		if capacity < 1 || capacity > 500 || capacity < placed {
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("接收人数应在%d至500之间", max(placed, 1)),
				English: fmt.Sprintf("The capacity must be between %d and 500", max(placed, 1)), Fields: map[string]string{"capacity": "invalid"}}
		}
		if err := s.store.SetBatchHost(ctx, batchID, hostID, capacity); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.batch_host", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("项目“%s”批次“%s”的接收学校：%s，接收%d人", p.Name, b.Name, h.Name, capacity),
			After:   map[string]any{"batch_id": batchID, "host_id": hostID, "capacity": capacity}})
	})
}

// RemoveBatchHost takes a host without participants out of a batch.
func (s *Service) RemoveBatchHost(ctx context.Context, programmeID, batchID, hostID int64) error {
	return s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		b, h, err := s.batchHost(ctx, programmeID, batchID, hostID)
		if err != nil {
			return err
		}
		if h.Placed > 0 {
			return app.Errorf(app.Conflict, fmt.Sprintf("%s已安排%d名参训人员，不能移出本批次", h.HostName, h.Placed),
				fmt.Sprintf("%s has %d participants in the batch", h.HostName, h.Placed))
		}
		if err := s.store.DeleteBatchHost(ctx, batchID, hostID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.batch_host_remove", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("项目“%s”批次“%s”移出接收学校%s", p.Name, b.Name, h.HostName), Before: h})
	})
}

// batchHost returns a batch of the programme and one of its hosts.
func (s *Service) batchHost(ctx context.Context, programmeID, batchID, hostID int64) (*Batch, BatchHost, error) {
	b, err := s.store.FindBatch(ctx, programmeID, batchID)
	if err != nil {
		return nil, BatchHost{}, err
	}
	h, ok := b.Host(hostID)
	if !ok {
		return nil, BatchHost{}, app.ErrNotFound("接收学校")
	}
	return b, h, nil
}

// SetHostDuties records which of its duties ([001]) a host has done for a
// batch, as the coordinator ticks them.
func (s *Service) SetHostDuties(ctx context.Context, programmeID, batchID, hostID int64, duties []string) error {
	for _, d := range duties {
		if !Duties.Has(d) {
			return app.InvalidValue("duties", d)
		}
	}
	return s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		b, h, err := s.batchHost(ctx, programmeID, batchID, hostID)
		if err != nil {
			return err
		}
		if err := s.store.SetHostDuties(ctx, batchID, hostID, duties, app.ActorOf(ctx).Label()); err != nil {
			return err
		}
		var names []string
		for _, d := range duties {
			names = append(names, Duties.Label(d, "zh"))
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.host_duties", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("%s在批次“%s”已落实：%s", h.HostName, b.Name, orNone(strings.Join(names, "、"))),
			Before:  h.Duties, After: duties})
	})
}

// orNone shows an empty list as 无 (none).
func orNone(s string) string {
	if s == "" {
		return "无"
	}
	return s
}
