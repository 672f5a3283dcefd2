package secondment

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
)

// Template is a programme as one of the seed documents describes it, from
// which a coordinator starts and then edits: its kind, categories, batches
// for a chosen year, training groups and description (the task list).
type Template struct {
	Code string `json:"code"`
	Zh   string `json:"zh"`
	En   string `json:"en"`
	// Summary says in a line what the template makes.
	Summary string `json:"summary"`
	build   func(year int) templateBody
}

type templateBody struct {
	name, organiser, hosts, description string
	kind                                string
	start, end                          app.Date
	categories                          []programme.CategoryInput
	batches                             []BatchInput
	groups                              []GroupInput
}

func d(y int, m time.Month, day int) app.Date { return app.NewDate(y, m, day) }

// Templates are the three of the seeds: [000] a year of one-month
// secondments in four batches; [001] the principals' two months in
// Shanghai Pudong with five groups; [002] reserve cadres for a semester.
var Templates = []Template{
	{Code: "000", Zh: "中层干部及骨干教师挂职锻炼（四批，每批一个月）", En: "Cadres and backbone teachers, four one-month batches",
		Summary: "中层干部20人、级部主任13人、学科骨干教师16人；3月14日—4月15日、5月9日—6月10日、9月1日—9月30日、10月10日—11月11日",
		build: func(y int) templateBody {
			cats := []programme.CategoryInput{{Name: "中层干部", Quota: 20}, {Name: "级部主任", Quota: 13}, {Name: "学科骨干教师", Quota: 16}}
			dates := [][2]app.Date{{d(y, 3, 14), d(y, 4, 15)}, {d(y, 5, 9), d(y, 6, 10)}, {d(y, 9, 1), d(y, 9, 30)}, {d(y, 10, 10), d(y, 11, 11)}}
			var batches []BatchInput
			for i, ds := range dates {
				batches = append(batches, BatchInput{Name: fmt.Sprintf("第%s批", []string{"一", "二", "三", "四"}[i]), Start: ds[0], End: ds[1],
					Quotas: []QuotaInput{{"中层干部", 5}, {"级部主任", []int{4, 3, 3, 3}[i]}, {"学科骨干教师", 4}}})
			}
			return templateBody{name: fmt.Sprintf("%d年中层干部及骨干教师挂职锻炼", y), kind: programme.KindSecondment,
				organiser: "教师进修学校", hosts: "优质学校（对口处室、级部或学科教研组）", start: dates[0][0], end: dates[3][1],
				description: "分四批，每批一个月。中层干部到对应处室、级部主任到对应级部跟岗，骨干教师到学科教研组。每天写研修日志；请假须经派出学校批准并告知接收学校。",
				categories:  cats, batches: batches}
		}},
	{Code: "001", Zh: "中小学校长赴外地挂职培训（每年20人，两个月）", En: "Principals' two months at host schools (20 a year)",
		Summary: "中学校长8人、小学校长12人，一期两个月，任校长助理，每人一名导师校长；5个培训小组（中学2个、小学3个），每组设组长",
		build: func(y int) templateBody {
			return templateBody{name: fmt.Sprintf("%d年中小学校长挂职培训", y), kind: programme.KindSecondmentTraining, organiser: "地区教育局",
				hosts: "上海市浦东新区名校", start: d(y, 9, 14), end: d(y, 11, 13),
				description: "挂职校长任校长助理，每人配一名导师校长。主要任务：9月15日前交个人培训计划；每天至少听2节课；读2本以上教育理论书籍并写1篇读书笔记；" +
					"完成1篇论文、1个课件、1篇高质量教学设计；上2节示范课（其中1节为考核课）；教研和备课活动发言2次；实践课、会议发言或报告不少于3次并写反思；" +
					"拟定或修改1份管理制度；形成本校近三年发展规划；完成2500字小结并交流；返校后作专题报告。培训费由地区教育局承担，差旅费和食宿费由县区教育局承担。",
				categories: []programme.CategoryInput{{Name: "中学校长", Quota: 8}, {Name: "小学校长", Quota: 12}},
				batches:    []BatchInput{{Name: "第一期", Start: d(y, 9, 14), End: d(y, 11, 13), Quotas: []QuotaInput{{"中学校长", 8}, {"小学校长", 12}}}},
				groups: []GroupInput{{Name: "中学第一组", Level: "middle"}, {Name: "中学第二组", Level: "middle"},
					{Name: "小学第一组", Level: "primary"}, {Name: "小学第二组", Level: "primary"}, {Name: "小学第三组", Level: "primary"}}}
		}},
	{Code: "002", Zh: "后备干部挂职锻炼（推荐28人，首批13人，一学期）", En: "Reserve cadres: pool of 28, first batch of 13, one semester",
		Summary: "推荐后备干部28人组成人才库，首批13人到外省优质学校挂职一学期（9月15日—12月30日），其余按排名补入以后批次",
		build: func(y int) templateBody {
			return templateBody{name: fmt.Sprintf("%d年后备干部挂职锻炼", y), kind: programme.KindSecondment, organiser: "教育局",
				hosts: "外省优质学校", start: d(y, 9, 15), end: d(y, 12, 30),
				description: "各县区和学校推荐后备干部，经资格审查和专家组集体评分，28人进入人才库；首批13人挂职一学期。挂职期间做到“五有”：有学习计划、有学习笔记、有时间保证、有专题研究内容、有反思文章。",
				categories:  []programme.CategoryInput{{Name: "后备干部", Quota: 28}},
				batches:     []BatchInput{{Name: "第一批", Start: d(y, 9, 15), End: d(y, 12, 30), Quotas: []QuotaInput{{"后备干部", 13}}}}}
		}},
}

// TemplateByCode finds a template.
func TemplateByCode(code string) (Template, bool) {
	for _, t := range Templates {
		if t.Code == code {
			return t, true
		}
	}
	return Template{}, false
}

// TemplateInput starts a programme from a template for a year, organised
// by a county or, without one, the city; Name overrides the template's.
type TemplateInput struct {
	Template string `json:"template"`
	Year     int    `json:"year"`
	CityID   int64  `json:"city_id"`
	CountyID int64  `json:"county_id"`
	Name     string `json:"name"`
}

// CreateFromTemplate creates the programme of a template with its batches
// and groups, in one transaction; the coordinator edits it afterwards.
func (s *Service) CreateFromTemplate(ctx context.Context, in TemplateInput) (*programme.Programme, error) {
	t, ok := TemplateByCode(in.Template)
	if !ok {
		return nil, errPlace("template", "请选择模板", "Choose a template")
	}
	if in.Year < 2000 || in.Year > 2099 {
		return nil, errPlace("year", "请填写年度（2000至2099）", "Give the year (2000 to 2099)")
	}
	body := t.build(in.Year)
	name := body.name
	if in.Name != "" {
		name = in.Name
	}
	var p *programme.Programme
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		p, err = s.programmes.Create(ctx, programme.Input{CityID: in.CityID, CountyID: in.CountyID, Details: programme.Details{Name: name,
			Kind: body.kind, Organiser: body.organiser, Hosts: body.hosts, Start: body.start, End: body.end, Description: body.description},
			Categories: body.categories})
		if err != nil {
			return err
		}
		for _, b := range body.batches {
			if _, err := s.CreateBatch(ctx, p.ID, b); err != nil {
				return err
			}
		}
		for _, g := range body.groups {
			if _, err := s.CreateGroup(ctx, p.ID, g); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
