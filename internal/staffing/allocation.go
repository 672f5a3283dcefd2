package staffing

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
)

// AllocationStore is what the allocations need.
type AllocationStore interface {
	// FindAllocations lists a county's versions of a year, newest first,
	// without their lines.
	FindAllocations(ctx context.Context, countyID int64, year int) ([]*Allocation, error)
	// FindAllocationByID returns a version with its lines.
	FindAllocationByID(ctx context.Context, id int64) (*Allocation, error)
	// LatestFiledAllocation returns, with its lines, the newest filed
	// version of the county's newest year that has one; NotFound if none.
	LatestFiledAllocation(ctx context.Context, countyID int64) (*Allocation, error)
	// CreateAllocation inserts a with its lines as the next version of
	// its county and year, setting ID and Version.
	CreateAllocation(ctx context.Context, a *Allocation) error
	// FileAllocation marks a version filed; false when it was already.
	FileAllocation(ctx context.Context, id int64, by string, at time.Time) (bool, error)
}

// Allocation is one version of a county's establishment per school for a
// year. Versions are never changed, only filed: an adjustment is the next
// version.
type Allocation struct {
	ID         int64  `json:"id"`
	CountyID   int64  `json:"county_id"`
	CountyName string `json:"county_name"`
	Year       int    `json:"year"`
	Version    int    `json:"version"`
	// Total is the county's total establishment the version is within.
	Total int `json:"total"`
	// Seats are what the standard distributed: min(Total, the standards'
	// sum rounded half up).
	Seats int `json:"seats"`
	// Basis are the settings the standards were computed with.
	Basis     Settings   `json:"basis"`
	Note      string     `json:"note"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	FiledBy   string     `json:"filed_by,omitempty"`
	FiledAt   *time.Time `json:"filed_at,omitempty"`
	// Allocated is the sum of the lines' figures; Reserve is what of the
	// total is left (机动编制).
	Allocated int     `json:"allocated"`
	Reserve   int     `json:"reserve"`
	Lines     []*Line `json:"lines,omitempty"`
}

// Filed reports whether the version was filed (备案).
func (a *Allocation) Filed() bool { return a.FiledAt != nil }

// Line returns the line of a school, nil when the version has none.
func (a *Allocation) Line(schoolID int64) *Line {
	for _, l := range a.Lines {
		if l.SchoolID == schoolID {
			return l
		}
	}
	return nil
}

func (a *Allocation) sum() {
	a.Allocated = 0
	for _, l := range a.Lines {
		a.Allocated += l.Allocated
	}
	a.Reserve = a.Total - a.Allocated
}

// Line is one school in an allocation: the figures it was computed from,
// its standard, the computed share and the figure allocated.
type Line struct {
	SchoolID   int64   `json:"school_id"`
	SchoolCode string  `json:"school_code"`
	SchoolName string  `json:"school_name"`
	Level      string  `json:"level"`
	Classes    int     `json:"classes"`
	Pupils     int     `json:"pupils"`
	Boarders   int     `json:"boarders"`
	Standard   float64 `json:"standard"`
	Computed   int     `json:"computed"`
	Allocated  int     `json:"allocated"`
	// Reason is why Allocated differs from Computed; required then.
	Reason string `json:"reason,omitempty"`
	// Note says why the standard could not count the school in full.
	Note string `json:"note,omitempty"`
}

// Apportion shares seats among the standards by the largest remainder
// (Hamilton) method: each gets the whole part of its quota
// seats·standard/Σstandard, and the seats left go one each to the largest
// fractional parts, ties to the earlier index. The shares sum to seats
// (to 0 when every standard is 0).
func Apportion(standards []float64, seats int) []int {
	out := make([]int, len(standards))
	sum := 0.0
	for _, v := range standards {
		sum += v
	}
	if seats <= 0 || sum <= 0 {
		return out
	}
	type rest struct {
		i    int
		frac float64
	}
	rests := make([]rest, len(standards))
	given := 0
	for i, v := range standards {
		q := float64(seats) * v / sum
		out[i] = int(math.Floor(q))
		given += out[i]
		rests[i] = rest{i, q - math.Floor(q)}
	}
	slices.SortStableFunc(rests, func(a, b rest) int { return cmp.Compare(b.frac, a.frac) })
	for k := 0; given < seats; k++ {
		out[rests[k%len(rests)].i]++
		given++
	}
	return out
}

// seatsOf is what a computed allocation distributes: the standards' sum
// rounded half up, never above the total.
func seatsOf(sum float64, total int) int {
	return min(total, int(math.Floor(sum+0.5)))
}

// errNoTotal refuses to allocate before the county's total is set.
var errNoTotal = &app.Error{Code: app.Invalid, Message: "请先设置本年度的编制总额", English: "Set the year's total establishment first",
	Fields: map[string]string{"total": "required"}}

// Compute makes the next version of a county's allocation for a year from
// its schools' pupils and boarders, by the year's settings: each school's
// standard (StandardOf), the seats shared by Apportion, in school code order.
func (s *Service) Compute(ctx context.Context, countyID int64, year int, note string) (*Allocation, error) {
	c, err := s.county(ctx, countyID, auth.StaffingManage)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, c.ID, year)
	if err != nil {
		return nil, err
	}
	if !st.Saved || st.Total <= 0 {
		return nil, errNoTotal
	}
	schools, _, err := s.store.FindSchools(ctx, org.SchoolFilter{CountyID: c.ID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	a := &Allocation{CountyID: c.ID, CountyName: c.Name, Year: year, Total: st.Total, Basis: *st, Note: strings.TrimSpace(note)}
	if a.Note == "" {
		a.Note = "按编制标准测算"
	}
	var standards []float64
	sum := 0.0
	for _, sc := range schools {
		std := StandardOf(sc, st)
		if !std.Counted {
			continue
		}
		a.Lines = append(a.Lines, &Line{SchoolID: sc.ID, SchoolCode: sc.Code, SchoolName: sc.Name, Level: sc.Level,
			Classes: deref(sc.Classes), Pupils: deref(sc.Pupils), Boarders: deref(sc.Boarders),
			Standard: math.Round(std.Value*100) / 100, Note: std.Note})
		standards = append(standards, std.Value)
		sum += std.Value
	}
	a.Seats = seatsOf(sum, st.Total)
	for i, n := range Apportion(standards, a.Seats) {
		a.Lines[i].Computed, a.Lines[i].Allocated = n, n
	}
	return a, s.create(ctx, c, a, fmt.Sprintf("测算%s%d年度编制分配：%d所学校，分配%d名（总额%d）", c.Name, year, len(a.Lines), a.Seats, a.Total))
}

func deref(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// create stores a as the next version, audited.
func (s *Service) create(ctx context.Context, c *org.County, a *Allocation, summary string) error {
	a.sum()
	if a.Allocated > a.Total {
		return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("分配合计%d名，超过编制总额%d名", a.Allocated, a.Total),
			English: fmt.Sprintf("The allocation sums to %d, above the total of %d", a.Allocated, a.Total), Fields: map[string]string{"lines": "invalid"}}
	}
	a.CreatedBy, a.CreatedAt = app.ActorOf(ctx).Label(), s.now()
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateAllocation(ctx, a); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "staffing.allocation", Entity: "staffing_allocation", EntityID: a.ID,
			Summary: fmt.Sprintf("%s（第%d版）", summary, a.Version), After: a})
	})
}

// Adjustment is county HR's figure for one school, with the reason it
// differs from the computed one.
type Adjustment struct {
	SchoolID  int64  `json:"school_id"`
	Allocated int    `json:"allocated"`
	Reason    string `json:"reason"`
}

// Adjust makes the next version from version id with the adjustments: the
// lines they name take their figures and reasons; a figure that differs
// from the computed one needs a reason, and the sum stays within the total.
func (s *Service) Adjust(ctx context.Context, id int64, adj []Adjustment, note string) (*Allocation, error) {
	base, err := s.FindAllocation(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := s.county(ctx, base.CountyID, auth.StaffingManage)
	if err != nil {
		return nil, err
	}
	a := *base
	a.ID, a.FiledAt, a.FiledBy, a.Note = 0, nil, "", strings.TrimSpace(note)
	a.Lines = make([]*Line, len(base.Lines))
	for i, l := range base.Lines {
		cp := *l
		a.Lines[i] = &cp
	}
	var f app.Fields
	changed := 0
	for _, j := range adj {
		l := a.Line(j.SchoolID)
		if l == nil {
			f.Add("lines", "该学校不在本次分配中", "The school is not in this allocation")
			continue
		}
		reason := strings.TrimSpace(j.Reason)
		switch {
		case j.Allocated < 0 || j.Allocated > 100000:
			f.Add("lines", l.SchoolName+"：编制数应为非负整数", l.SchoolCode+": the figure must be a whole number of 0 or more")
			continue
		case j.Allocated != l.Computed && reason == "":
			f.Add("lines", fmt.Sprintf("%s：调整为%d名（测算%d名）须填写理由", l.SchoolName, j.Allocated, l.Computed),
				fmt.Sprintf("%s: a figure other than the computed %d needs a reason", l.SchoolCode, l.Computed))
			continue
		case j.Allocated == l.Computed:
			reason = ""
		}
		if l.Allocated != j.Allocated || l.Reason != reason {
			changed++
		}
		l.Allocated, l.Reason = j.Allocated, reason
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if changed == 0 {
		return nil, app.Errorf(app.Invalid, "没有调整任何学校的编制", "Nothing was adjusted")
	}
	if a.Note == "" {
		a.Note = fmt.Sprintf("调整%d所学校", changed)
	}
	return &a, s.create(ctx, c, &a, fmt.Sprintf("调整%s%d年度编制分配（据第%d版）：%s", c.Name, a.Year, base.Version, a.Note))
}

// FindAllocation returns a version with its lines, if the actor reads its county.
func (s *Service) FindAllocation(ctx context.Context, id int64) (*Allocation, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.StaffingRead); err != nil {
		return nil, err
	}
	al, err := s.store.FindAllocationByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.county(ctx, al.CountyID, auth.StaffingRead); err != nil {
		return nil, app.ErrNotFound("编制分配")
	}
	al.sum()
	return al, nil
}

// Versions lists a county's allocation versions of a year, newest first.
func (s *Service) Versions(ctx context.Context, countyID int64, year int) ([]*Allocation, error) {
	if _, err := s.county(ctx, countyID, auth.StaffingRead); err != nil {
		return nil, err
	}
	return s.store.FindAllocations(ctx, countyID, year)
}

// File files (备案) a version: the newest of its county and year, once.
func (s *Service) File(ctx context.Context, id int64) (*Allocation, error) {
	al, err := s.FindAllocation(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := s.county(ctx, al.CountyID, auth.StaffingManage)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		versions, err := s.store.FindAllocations(ctx, al.CountyID, al.Year)
		if err != nil {
			return err
		}
		if len(versions) > 0 && versions[0].ID != al.ID {
			return app.Errorf(app.Conflict, fmt.Sprintf("只能备案最新的第%d版", versions[0].Version),
				fmt.Sprintf("Only the newest version (%d) may be filed", versions[0].Version))
		}
		now := s.now()
		ok, err := s.store.FileAllocation(ctx, al.ID, app.ActorOf(ctx).Label(), now)
		if err != nil {
			return err
		}
		if !ok {
			return app.Errorf(app.Conflict, "该版本已经备案", "This version is already filed")
		}
		al.FiledBy, al.FiledAt = app.ActorOf(ctx).Label(), &now
		return s.audit.Record(ctx, audit.Change{Action: "staffing.file", Entity: "staffing_allocation", EntityID: al.ID,
			Summary: fmt.Sprintf("备案%s%d年度编制分配第%d版：分配%d名（总额%d）", c.Name, al.Year, al.Version, al.Allocated, al.Total)})
	})
	if err != nil {
		return nil, err
	}
	return al, nil
}
