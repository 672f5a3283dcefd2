package programme

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"jiaoliu/internal/app"
)

// Kinds of programme.
const (
	KindSecondment         = "secondment"          // 挂职锻炼
	KindSecondmentTraining = "secondment_training" // 挂职培训 (跟岗)
	KindPairing            = "pairing"             // 结对帮扶
	KindTraining           = "training"            // 干部教师培训
)

// Kinds is the vocabulary of programme kinds.
var Kinds = app.Vocab{
	{Code: KindSecondment, Zh: "挂职锻炼", En: "Secondment"},
	{Code: KindSecondmentTraining, Zh: "挂职培训", En: "Secondment training"},
	{Code: KindPairing, Zh: "结对帮扶", En: "Pairing assistance"},
	{Code: KindTraining, Zh: "干部教师培训", En: "Cadre and teacher training"},
}

// Statuses of a programme, from its dates.
const (
	StatusUpcoming = "upcoming"
	StatusRunning  = "running"
	StatusFinished = "finished"
)

// Statuses is the vocabulary of programme statuses.
var Statuses = app.Vocab{
	{Code: StatusUpcoming, Zh: "未开始", En: "Not started"},
	{Code: StatusRunning, Zh: "进行中", En: "Running"},
	{Code: StatusFinished, Zh: "已结束", En: "Finished"},
}

// Limits of a programme's fields.
const (
	maxCategories = 20
	maxQuota      = 10000
	maxYears      = 6
	// minYear and maxYear bound a programme's dates: a year 0001 or 9999 is a slip.
	minYear = 2000
	maxYear = 2100
)

// Programme is one programme, organised by a county or, when CountyID is
// zero, city-wide.
type Programme struct {
	ID         int64  `json:"id"`
	CityID     int64  `json:"city_id"`
	CountyID   int64  `json:"county_id"`
	CountyName string `json:"county_name"`
	Details
	Categories []Category `json:"categories"`
	// Participants is the number enrolled.
	Participants int `json:"participants"`
	// Status is computed from the dates when the programme is read.
	Status    string    `json:"status"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Place is where the programme lies: its organising county or city.
func (p *Programme) Place() app.Place {
	return app.Place{CityID: p.CityID, CountyID: p.CountyID, ProgrammeID: p.ID}
}

// CityWide reports whether the city organises the programme.
func (p *Programme) CityWide() bool { return p.CountyID == 0 }

// Quota is the sum of the categories' quotas, or zero without categories.
func (p *Programme) Quota() int {
	n := 0
	for _, c := range p.Categories {
		n += c.Quota
	}
	return n
}

// Category finds a category by name.
func (p *Programme) Category(name string) (Category, bool) {
	for _, c := range p.Categories {
		if c.Name == name {
			return c, true
		}
	}
	return Category{}, false
}

// statusOn is the programme's status on day.
func (p *Programme) statusOn(day app.Date) string { return StatusOn(p.Start, p.End, day) }

// StatusOn is the status on day of what runs from start to end: a
// programme, or a course, class or cycle that is one.
func StatusOn(start, end, day app.Date) string {
	switch {
	case day.Before(start):
		return StatusUpcoming
	case end.Before(day):
		return StatusFinished
	}
	return StatusRunning
}

// Category is a participant category and its quota, with the number
// enrolled in it when read.
type Category struct {
	Name     string `json:"name"`
	Quota    int    `json:"quota"`
	Enrolled int    `json:"enrolled"`
}

// Member is one enrolled participant.
type Member struct {
	ProgrammeID int64     `json:"programme_id"`
	EducatorID  int64     `json:"educator_id"`
	Name        string    `json:"name"`
	Gender      string    `json:"gender"`
	Post        string    `json:"post"`
	SchoolID    int64     `json:"school_id"`
	SchoolName  string    `json:"school_name"`
	CountyID    int64     `json:"county_id"`
	CityID      int64     `json:"city_id"`
	Category    string    `json:"category"`
	AddedBy     string    `json:"added_by"`
	AddedAt     time.Time `json:"added_at"`
}

// Enrolment is one programme an educator takes part in, for their page.
type Enrolment struct {
	Programme *Programme `json:"programme"`
	Category  string     `json:"category"`
	AddedAt   time.Time  `json:"added_at"`
}

// Filter selects programmes. Zero fields do not filter.
type Filter struct {
	Q        string
	CountyID int64
	// CityWide keeps the programmes the city organises.
	CityWide bool
	Kind     string
	Status   string
	// Today resolves Status; the service sets it.
	Today  app.Date
	Offset int
	Limit  int
	Within app.Scope
}

// Input is a programme as a user enters it. CountyID names the organising
// county; zero with CityID makes the programme city-wide. The unit is fixed
// at creation.
type Input struct {
	CityID   int64 `json:"city_id"`
	CountyID int64 `json:"county_id"`
	Details
	Categories []CategoryInput `json:"categories"`
}

// Details are a programme's name, kind, organiser, hosts, dates and
// description, as entered and as kept.
type Details struct {
	Name        string   `json:"name"`
	Kind        string   `json:"kind"`
	Organiser   string   `json:"organiser"`
	Hosts       string   `json:"hosts"`
	Start       app.Date `json:"start"`
	End         app.Date `json:"end"`
	Description string   `json:"description"`
}

// CategoryInput is a category as entered.
type CategoryInput struct {
	Name  string `json:"name"`
	Quota int    `json:"quota"`
}

// Free is the number of places left in the category.
func (c Category) Free() int { return max(c.Quota-c.Enrolled, 0) }

// MemberInput enrols an educator in a category.
type MemberInput struct {
	EducatorID int64  `json:"educator_id"`
	Category   string `json:"category"`
}

// validate checks the fields of in and writes them to p.
func (in Input) validate(p *Programme) error {
	var f app.Fields
	p.Name = strings.TrimSpace(in.Name)
	p.Kind = in.Kind
	p.Organiser = strings.TrimSpace(in.Organiser)
	p.Hosts = strings.TrimSpace(in.Hosts)
	p.Description = strings.TrimSpace(in.Description)
	p.Start, p.End = in.Start, in.End
	if n := utf8.RuneCountInString(p.Name); n < 2 || n > 100 {
		f.Add("name", "请填写项目名称（2至100字）", "Give the programme's name (2 to 100 characters)")
	}
	if !Kinds.Has(p.Kind) {
		f.Add("kind", "请选择项目类型", "Choose the kind of programme")
	}
	if n := utf8.RuneCountInString(p.Organiser); n < 2 || n > 100 {
		f.Add("organiser", "请填写组织实施单位（2至100字）", "Give the organising unit (2 to 100 characters)")
	}
	if utf8.RuneCountInString(p.Hosts) > 500 {
		f.Add("hosts", "接收单位不能超过500字", "The hosts may not exceed 500 characters")
	}
	if utf8.RuneCountInString(p.Description) > 2000 {
		f.Add("description", "项目说明不能超过2000字", "The description may not exceed 2,000 characters")
	}
	switch {
	case p.Start.IsZero() || !p.Start.Valid():
		f.Add("start", "请填写开始日期", "Give the start date")
	case p.End.IsZero() || !p.End.Valid():
		f.Add("end", "请填写结束日期", "Give the end date")
	case p.Start.Year < minYear || p.Start.Year > maxYear:
		f.Add("start", fmt.Sprintf("开始日期（%s）应在%d年至%d年之间", p.Start.Chinese(), minYear, maxYear),
			fmt.Sprintf("The start (%s) must fall between %d and %d", p.Start, minYear, maxYear))
	case p.End.Year < minYear || p.End.Year > maxYear:
		f.Add("end", fmt.Sprintf("结束日期（%s）应在%d年至%d年之间", p.End.Chinese(), minYear, maxYear),
			fmt.Sprintf("The end (%s) must fall between %d and %d", p.End, minYear, maxYear))
	case p.End.Before(p.Start):
		f.Add("end", fmt.Sprintf("结束日期（%s）不能早于开始日期（%s）", p.End.Chinese(), p.Start.Chinese()),
			fmt.Sprintf("The end (%s) is before the start (%s)", p.End, p.Start))
	case !p.End.Before(p.Start.AddYears(maxYears)):
		f.Add("end", fmt.Sprintf("项目周期不能超过%d年", maxYears), fmt.Sprintf("A programme lasts at most %d years", maxYears))
	}
	p.Categories = nil
	if len(in.Categories) > maxCategories {
		f.Add("categories", fmt.Sprintf("参训类别不能超过%d个", maxCategories), fmt.Sprintf("At most %d categories", maxCategories))
	}
	seen := map[string]bool{}
	for i, c := range in.Categories {
		name := strings.TrimSpace(c.Name)
		switch {
		case name == "" || utf8.RuneCountInString(name) > 30:
			f.Add("categories", fmt.Sprintf("第%d个参训类别：请填写名称（1至30字）", i+1), fmt.Sprintf("Category %d: give a name (1 to 30 characters)", i+1))
		case seen[name]:
			f.Add("categories", fmt.Sprintf("参训类别“%s”重复", name), fmt.Sprintf("Category %q is listed twice", name))
		case c.Quota < 1 || c.Quota > maxQuota:
			f.Add("categories", fmt.Sprintf("参训类别“%s”的名额应在1至%d之间（现为%d）", name, maxQuota, c.Quota),
				fmt.Sprintf("The quota of %q must be between 1 and %d (is %d)", name, maxQuota, c.Quota))
		}
		seen[name] = true
		p.Categories = append(p.Categories, Category{Name: name, Quota: c.Quota})
	}
	return f.Err()
}

// ParseCategories reads categories written one per line as a name and a
// quota ("中层干部 20", "级部主任：13", "学科骨干教师,16"), the way a form's
// text area takes them.
func ParseCategories(text string) ([]CategoryInput, error) {
	var out []CategoryInput
	var f app.Fields
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		// The quota is the trailing digits; the name what comes before them.
		end := len(line)
		for end > 0 {
			r, w := utf8.DecodeLastRuneInString(line[:end])
			if !unicode.IsDigit(r) {
				break
			}
			end -= w
		}
		name := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[:end]), ",，:：、"))
		digits := line[end:]
		quota, err := strconv.Atoi(normalizeDigits(digits))
		if err != nil || name == "" || strings.HasSuffix(name, "-") || strings.HasSuffix(name, "－") || strings.HasSuffix(name, "+") {
			f.Add("categories", fmt.Sprintf("参训类别第%d行“%s”应写作“类别名称 名额”，如“中层干部 20”", i+1, line),
				fmt.Sprintf("Category line %d %q should read \"name quota\", e.g. \"中层干部 20\"", i+1, line))
			continue
		}
		out = append(out, CategoryInput{Name: name, Quota: quota})
	}
	return out, f.Err()
}

// FormatCategories writes categories the way ParseCategories reads them.
func FormatCategories(cs []CategoryInput) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s %d\n", c.Name, c.Quota)
	}
	return b.String()
}

// normalizeDigits turns full-width digits into ASCII ones.
func normalizeDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		return r
	}, s)
}

// InputOf returns the input that would save p unchanged.
func InputOf(p *Programme) Input {
	in := Input{CityID: p.CityID, CountyID: p.CountyID, Details: p.Details}
	for _, c := range p.Categories {
		in.Categories = append(in.Categories, CategoryInput{Name: c.Name, Quota: c.Quota})
	}
	return in
}
