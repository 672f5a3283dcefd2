package roster

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// Store is what the roster import and export need from the database.
type Store interface {
	audit.Store
	FindCities(ctx context.Context) ([]*org.City, error)
	CreateCity(ctx context.Context, c *org.City) error
	FindCounties(ctx context.Context, within app.Scope) ([]*org.County, error)
	CreateCounty(ctx context.Context, c *org.County) error
	FindConsortia(ctx context.Context, countyID int64) ([]*org.Consortium, error)
	CreateConsortium(ctx context.Context, c *org.Consortium) error
	FindSchools(ctx context.Context, f org.SchoolFilter) ([]*org.School, int, error)
	FindSchoolsByCodes(ctx context.Context, codes []string) (map[string]*org.School, error)
	CreateSchool(ctx context.Context, s *org.School) error
	UpdateSchool(ctx context.Context, s *org.School) error
	FindEducators(ctx context.Context, f people.EducatorFilter) ([]*people.Educator, int, error)
	FindEducatorsByLookups(ctx context.Context, lookups []string) (map[string]*people.Educator, error)
	CreateEducatorsSealed(ctx context.Context, es []*people.Educator, seal func(lo, hi int, out []people.SealedID) error) error
	UpdateEducator(ctx context.Context, e *people.Educator) error
	FindCareers(ctx context.Context, educatorIDs []int64) (map[int64][]*people.CareerEntry, error)
	CreateCareerEntries(ctx context.Context, ks []*people.CareerEntry) error
	UpdateCareerEnd(ctx context.Context, id int64, end app.Date) error
	EducatorCiphers(ctx context.Context, ids []int64) (map[int64][]byte, error)
}

// Service imports rosters into the registry and exports it, within the
// actor's scope.
type Service struct {
	store  Store
	cipher *people.Cipher
	audit  *audit.Log
	clock  app.Clock
}

// NewService returns the roster service.
func NewService(store Store, cipher *people.Cipher, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, cipher: cipher, audit: log, clock: clock}
}

// Counts are what an import does to one kind of record.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Change describes one record an import creates or updates, for the
// preview. It holds no birth date and no full ID number.
type Change struct {
	Action string   `json:"action"` // ChangeCreate or ChangeUpdate
	Sheet  string   `json:"sheet"`
	Row    int      `json:"row"`
	Key    string   `json:"key"` // school code, or masked ID number
	Name   string   `json:"name"`
	Fields []string `json:"fields"` // e.g. 职称: 一级教师 → 高级教师; for a new record, where it goes
}

// Result is the outcome of an import: the preview's figures, or what was
// committed. A file with errors changes nothing, and its result gives the
// issues only: no counts and no changes.
type Result struct {
	Schools         Counts  `json:"schools"`
	Educators       Counts  `json:"educators"`
	Careers         Counts  `json:"careers"`
	CountiesCreated int     `json:"counties_created"`
	Errors          int     `json:"errors"`
	Warnings        int     `json:"warnings"`
	Issues          []Issue `json:"issues"`
	// Changes lists the first records created or updated, updates first;
	// ChangesTotal counts them all.
	Changes      []Change `json:"changes"`
	ChangesTotal int      `json:"changes_total"`
	Committed    bool     `json:"committed"`
	DryRun       bool     `json:"dry_run"`
}

// insertBatch is how many new educators one audit entry lists.
const insertBatch = 1000

// maxShownChanges bounds the records a preview lists one by one.
const maxShownChanges = 500

// maxIssues bounds the issues kept; the rest are counted.
const maxIssues = 2000

// ImportOptions control an import.
type ImportOptions struct {
	// DryRun reads, checks and counts, and changes nothing: the preview.
	DryRun bool
	// Progress reports how far the import has got: done of total, and what it is doing.
	Progress func(done, total int64, stage string)
}

// Import reads an upload and, unless it has errors or DryRun is set, applies
// it to the registry in one transaction: schools by code, educators by ID
// number, career rows. Fields whose columns the file lacks are left alone.
// An import with any error changes nothing; its Result lists every issue.
func (s *Service) Import(ctx context.Context, files []File, opts ImportOptions) (*Result, error) {
	a := app.ActorOf(ctx)
	if auth.Can(a, auth.EducatorWrite) != nil && auth.Can(a, auth.OrgWrite) != nil {
		return nil, app.Errorf(app.Forbidden, "您没有导入花名册的权限", "You may not import rosters")
	}
	progress := func(done, total int64, stage string) {
		if opts.Progress != nil {
			opts.Progress(done, total, stage)
		}
	}
	wb, issues, err := ReadFiles(ctx, files, Options{Today: app.DateOf(s.clock.Now()), MaxIssues: maxIssues,
		Progress: func(p Progress) {
			// Reading is most of the work: the first 70 per cent of the bar.
			if p.Total > 0 {
				progress(p.Done*70/p.Total, 100, "读取 "+p.Sheet)
			}
		}})
	if err != nil {
		return nil, err
	}
	res := &Result{DryRun: opts.DryRun}
	run := func(ctx context.Context) error {
		p, err := s.plan(ctx, wb, issues)
		if err != nil {
			return err
		}
		if err := s.auditRefused(ctx, p); err != nil {
			return err
		}
		p.result(res)
		if HasErrors(p.issues) || opts.DryRun {
			return nil
		}
		if err := s.apply(ctx, p, func(done, total int) { progress(70+int64(done)*30/int64(max(total, 1)), 100, "写入") }); err != nil {
			return err
		}
		res.Committed = true
		return nil
	}
	if opts.DryRun {
		err = run(ctx)
	} else {
		err = s.store.InTx(ctx, run)
	}
	if err != nil {
		return nil, err
	}
	progress(100, 100, "完成")
	return res, nil
}
