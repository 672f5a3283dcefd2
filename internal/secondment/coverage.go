package secondment

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/sheet"
)

// DefaultCoverageYears is [001]'s aim: every principal of the prefecture
// trained once in five years.
const DefaultCoverageYears = 5

// CoverageInput chooses a series of programmes and the day to count on.
type CoverageInput struct {
	ProgrammeIDs []int64 `json:"programme_ids"`
	// AsOf is the day counted on; zero means today.
	AsOf app.Date `json:"as_of"`
	// Years is the window: a training that ended on or after AsOf minus
	// Years years counts. Zero means five.
	Years int `json:"years"`
	// Until is when everyone should have been trained; zero means the
	// series' first start plus Years years.
	Until app.Date `json:"until"`
}

// CoveragePerson is one principal of the population and their training.
type CoveragePerson struct {
	EducatorID int64  `json:"educator_id"`
	Name       string `json:"name"`
	Post       string `json:"post"`
	SchoolName string `json:"school_name"`
	CountyID   int64  `json:"county_id"`
	CountyName string `json:"county_name"`
	// Trained: a training of the series ended inside the window.
	Trained bool `json:"trained"`
	// Scheduled: not trained, but in a batch that ends after AsOf.
	Scheduled bool     `json:"scheduled"`
	LastEnd   app.Date `json:"last_end"`
	Programme string   `json:"programme"`
}

// Training is one person's place in a programme of the series, with the
// day it ends (their batch's end, else the programme's).
type Training struct {
	EducatorID int64
	Programme  string
	End        app.Date
}

// CoverageCounty is the figures of one county.
type CoverageCounty struct {
	CountyID   int64  `json:"county_id"`
	CountyName string `json:"county_name"`
	Population int    `json:"population"`
	Trained    int    `json:"trained"`
	Scheduled  int    `json:"scheduled"`
	Untrained  int    `json:"untrained"`
	// PerYear is how many must go each remaining year to finish by Until.
	PerYear int `json:"per_year"`
}

// Coverage is the five-year coverage of a series of programmes.
type Coverage struct {
	Programmes  []*programme.Programme `json:"programmes"`
	AsOf        app.Date               `json:"as_of"`
	Years       int                    `json:"years"`
	WindowStart app.Date               `json:"window_start"`
	Until       app.Date               `json:"until"`
	YearsLeft   int                    `json:"years_left"`
	Counties    []CoverageCounty       `json:"counties"`
	Total       CoverageCounty         `json:"total"`
	People      []CoveragePerson       `json:"people"`
}

// CoverageStore is what coverage needs from the database.
type CoverageStore interface {
	// FindPrincipals lists the principals and vice-principals of the city,
	// or of the listed counties when any are.
	FindPrincipals(ctx context.Context, cityID int64, countyIDs []int64) ([]CoveragePerson, error)
	FindTrainings(ctx context.Context, programmeIDs []int64) ([]Training, error)
}

// Coverage counts who of the principals of the series' organising units
// has been trained by the series in the window, who is in a batch still to
// end, and how many per year and county must go to finish in time.
func (s *Service) Coverage(ctx context.Context, in CoverageInput) (*Coverage, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.ProgrammeManage); err != nil {
		return nil, err
	}
	if len(in.ProgrammeIDs) == 0 || len(in.ProgrammeIDs) > 50 {
		return nil, errPlace("programme_ids", "请选择1至50个项目组成系列", "Choose 1 to 50 programmes as the series")
	}
	c := &Coverage{AsOf: in.AsOf, Years: in.Years, Until: in.Until, Counties: []CoverageCounty{}, People: []CoveragePerson{}}
	if c.AsOf.IsZero() {
		c.AsOf = s.Today()
	}
	if c.Years == 0 {
		c.Years = DefaultCoverageYears
	}
	if c.Years < 1 || c.Years > 10 || !c.AsOf.Valid() {
		return nil, errPlace("years", "统计年限应在1至10年之间", "The window must be 1 to 10 years")
	}
	var cityID int64
	var counties []int64
	cityWide := false
	first := app.Date{}
	for _, id := range in.ProgrammeIDs {
		p, err := s.programmes.FindByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if !s.programmes.CanManage(ctx, p) {
			return nil, errNoRight
		}
		if cityID != 0 && p.CityID != cityID {
			return nil, errPlace("programme_ids", "系列中的项目应属于同一个市", "The programmes must be of one city")
		}
		cityID = p.CityID
		cityWide = cityWide || p.CityWide()
		if !p.CityWide() && !slices.Contains(counties, p.CountyID) {
			counties = append(counties, p.CountyID)
		}
		if first.IsZero() || p.Start.Before(first) {
			first = p.Start
		}
		c.Programmes = append(c.Programmes, p)
	}
	if cityWide {
		counties = nil
	}
	if c.Until.IsZero() {
		c.Until = first.AddYears(c.Years)
	}
	c.WindowStart = c.AsOf.AddYears(-c.Years)
	c.YearsLeft = yearsLeft(c.AsOf, c.Until)
	people, err := s.store.FindPrincipals(ctx, cityID, counties)
	if err != nil {
		return nil, err
	}
	trainings, err := s.store.FindTrainings(ctx, in.ProgrammeIDs)
	if err != nil {
		return nil, err
	}
	c.count(people, trainings)
	return c, nil
}

// yearsLeft is the number of years, counting a started one, from asOf to
// until; at least one, since what is left must go this year when late.
func yearsLeft(asOf, until app.Date) int {
	n := 0
	for d := asOf; d.Before(until); d = d.AddYears(1) {
		n++
	}
	return max(n, 1)
}

// count fills the figures from the population and the trainings.
func (c *Coverage) count(people []CoveragePerson, trainings []Training) {
	by := map[int64][]Training{}
	for _, t := range trainings {
		by[t.EducatorID] = append(by[t.EducatorID], t)
	}
	index := map[int64]int{}
	for _, p := range people {
		for _, t := range by[p.EducatorID] {
			switch {
			case c.AsOf.Before(t.End):
				p.Scheduled = true
			case !t.End.Before(c.WindowStart):
				if !p.Trained || p.LastEnd.Before(t.End) {
					p.Trained, p.LastEnd, p.Programme = true, t.End, t.Programme
				}
			}
		}
		if p.Trained {
			p.Scheduled = false
		}
		i, ok := index[p.CountyID]
		if !ok {
			i = len(c.Counties)
			index[p.CountyID] = i
			c.Counties = append(c.Counties, CoverageCounty{CountyID: p.CountyID, CountyName: p.CountyName})
		}
		k := &c.Counties[i]
		k.Population++
		switch {
		case p.Trained:
			k.Trained++
		case p.Scheduled:
			k.Scheduled++
		default:
			k.Untrained++
		}
		c.People = append(c.People, p)
	}
	c.Total = CoverageCounty{CountyName: "合计"}
	for i := range c.Counties {
		k := &c.Counties[i]
		k.PerYear = (k.Untrained + c.YearsLeft - 1) / c.YearsLeft
		c.Total.Population += k.Population
		c.Total.Trained += k.Trained
		c.Total.Scheduled += k.Scheduled
		c.Total.Untrained += k.Untrained
		c.Total.PerYear += k.PerYear
	}
}

// Workbook is the coverage as an .xlsx file: the figures per
// county, then every principal with their training.
func (c *Coverage) Workbook() ([]byte, error) {
	b := sheet.NewBook()
	const sum, list = "各区县统计", "校长名单"
	var names []string
	for _, p := range c.Programmes {
		names = append(names, p.Name)
	}
	b.Sheet(sum)
	b.TitleRow(sum, 1, 6, fmt.Sprintf("校长五年一轮培训覆盖情况（截至%s，统计%d年：%s起；须于%s前完成）", c.AsOf.Chinese(), c.Years,
		c.WindowStart.Chinese(), c.Until.Chinese()))
	b.Header(sum, 2, "区县", "校长人数", "已培训", "已安排", "未培训", "每年须派出")
	row := 3
	for _, k := range append(append([]CoverageCounty(nil), c.Counties...), c.Total) {
		b.Row(sum, row, k.CountyName, k.Population, k.Trained, k.Scheduled, k.Untrained, k.PerYear)
		row++
	}
	b.Row(sum, row+1, "项目系列："+strings.Join(names, "、"))
	b.Widths(sum, 16, 10, 10, 10, 10, 12)
	b.Sheet(list)
	b.TitleRow(list, 1, 7, "校长名单")
	b.Header(list, 2, "序号", "姓名", "区县", "学校", "职务", "培训情况", "最近培训")
	for i, p := range c.People {
		state, last := "未培训", ""
		switch {
		case p.Trained:
			state, last = "已培训", p.Programme+"（"+p.LastEnd.Chinese()+"结束）"
		case p.Scheduled:
			state = "已安排"
		}
		b.Row(list, i+3, i+1, p.Name, p.CountyName, p.SchoolName, postLabel(p.Post), state, last)
	}
	b.Widths(list, 6, 10, 14, 24, 10, 10, 40)
	return b.Bytes()
}

// postLabel names the two posts coverage counts.
func postLabel(post string) string {
	if post == "vice_principal" {
		return "副校长"
	}
	return "校长"
}
