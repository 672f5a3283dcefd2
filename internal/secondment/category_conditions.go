package secondment

import (
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// CategoryConditions are what a programme category asks of a person (SPEC
// §4.1, issue 9): the posts it admits (a 级部主任 place takes a 级部主任), a
// backbone level, minimum years of service and an age limit. A zero field
// sets no condition. They are checked at nomination, at the qualification
// review, at enrolment and again when a reserve fills a vacancy.
type CategoryConditions struct {
	Category string   `json:"category"`
	Posts    []string `json:"posts"`
	// Backbone is "" (no condition), BackboneAny, or the lowest level admitted.
	Backbone string `json:"backbone"`
	// MinYears is 满 N 年 of service on the reference date (the anniversary counts).
	MinYears int `json:"min_years"`
	// MaxAge is 不超过 N 周岁 on the reference date (the Nth birthday still counts).
	MaxAge int `json:"max_age"`
}

// BackboneAny admits every backbone level.
const BackboneAny = "any"

// backboneRank orders the backbone levels: a condition admits its level and those above.
var backboneRank = map[string]int{
	"county_backbone": 1, "county_leader": 2, "city_backbone": 3, "city_leader": 4, "province_backbone": 5, "national_backbone": 6,
}

// Empty reports whether the category asks nothing.
func (c CategoryConditions) Empty() bool {
	return len(c.Posts) == 0 && c.Backbone == "" && c.MinYears == 0 && c.MaxAge == 0
}

// Describe is the conditions in one Chinese line, for pages and notices.
func (c CategoryConditions) Describe() string {
	var parts []string
	if len(c.Posts) > 0 {
		names := make([]string, len(c.Posts))
		for i, p := range c.Posts {
			names[i] = people.Posts.Label(p, "zh")
		}
		parts = append(parts, "岗位："+strings.Join(names, "、"))
	}
	switch c.Backbone {
	case "":
	case BackboneAny:
		parts = append(parts, "须为骨干教师（任一级别）")
	default:
		parts = append(parts, "骨干级别不低于"+people.Backbones.Label(c.Backbone, "zh"))
	}
	if c.MinYears > 0 {
		parts = append(parts, fmt.Sprintf("工作满%d年", c.MinYears))
	}
	if c.MaxAge > 0 {
		parts = append(parts, fmt.Sprintf("年龄不超过%d周岁", c.MaxAge))
	}
	if len(parts) == 0 {
		return "无限制条件"
	}
	return strings.Join(parts, "；")
}

// validate checks the conditions as entered against the programme's categories.
func (c *CategoryConditions) validate(categories []string) error {
	var f app.Fields
	c.Category = strings.TrimSpace(c.Category)
	if !slices.Contains(categories, c.Category) {
		f.Add("category", fmt.Sprintf("项目没有参训类别“%s”", c.Category), fmt.Sprintf("The programme has no category %q", c.Category))
	}
	posts := c.Posts[:0:0]
	for _, p := range c.Posts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		t, ok := people.Posts.Lookup(p)
		if !ok {
			f.Add("posts", fmt.Sprintf("未知岗位“%s”", p), fmt.Sprintf("Unknown post %q", p))
			continue
		}
		if !slices.Contains(posts, t.Code) {
			posts = append(posts, t.Code)
		}
	}
	c.Posts = posts
	if c.Backbone != "" && c.Backbone != BackboneAny && backboneRank[c.Backbone] == 0 {
		f.Add("backbone", "请选择骨干级别条件", "Choose the backbone condition")
	}
	if c.MinYears < 0 || c.MinYears > 50 {
		f.Add("min_years", fmt.Sprintf("参训类别“%s”：工作年限应在0至50年之间", c.Category),
			fmt.Sprintf("Category %q: years of service must be between 0 and 50", c.Category))
	}
	if c.MaxAge != 0 && (c.MaxAge < 20 || c.MaxAge > 70) {
		f.Add("max_age", fmt.Sprintf("参训类别“%s”：年龄上限应在20至70周岁之间，不限请留空", c.Category),
			fmt.Sprintf("Category %q: the age limit must be between 20 and 70, or empty", c.Category))
	}
	return f.Err()
}

// PersonFacts are what the conditions read of a person, on the reference date.
type PersonFacts struct {
	Name     string
	Post     string
	Backbone string
	Birth    app.Date
	// ServiceStart is the first day of service: the earliest start in the
	// career history, else the first day at the current school.
	ServiceStart app.Date
	// On is the reference date: the programme's start.
	On app.Date
}

// Finding is one condition checked against a person, shown at the
// qualification review and given as the reason of a refusal.
type Finding struct {
	Rule string `json:"rule"`
	OK   bool   `json:"ok"`
	Zh   string `json:"text"`
	En   string `json:"text_en"`
}

// Check checks each condition against f, one finding per condition set.
func (c CategoryConditions) Check(f PersonFacts) []Finding {
	out := []Finding{}
	if len(c.Posts) > 0 {
		ok := slices.Contains(c.Posts, f.Post)
		out = append(out, Finding{Rule: "post", OK: ok,
			Zh: fmt.Sprintf("岗位为%s，本类别招收：%s", orNone(people.Posts.Label(f.Post, "zh")), c.postNames()),
			En: fmt.Sprintf("Post is %s; the category admits %s", orNone(people.Posts.Label(f.Post, "en")), strings.Join(c.Posts, ", "))})
	}
	if c.Backbone != "" {
		have := backboneRank[f.Backbone]
		ok := have > 0 && (c.Backbone == BackboneAny || have >= backboneRank[c.Backbone])
		want := "任一级别骨干教师"
		if c.Backbone != BackboneAny {
			want = "不低于" + people.Backbones.Label(c.Backbone, "zh")
		}
		out = append(out, Finding{Rule: "backbone", OK: ok,
			Zh: fmt.Sprintf("骨干级别为%s，本类别要求%s", orNone(people.Backbones.Label(f.Backbone, "zh")), want),
			En: fmt.Sprintf("Backbone level is %s; the category asks %s", orNone(f.Backbone), c.Backbone)})
	}
	if c.MinYears > 0 {
		years := -1
		if !f.ServiceStart.IsZero() {
			years, _ = app.YearsMonthsBetween(f.ServiceStart, f.On)
		}
		ok := years >= c.MinYears
		zh := fmt.Sprintf("截至%s工作%d年，本类别要求满%d年", f.On.Chinese(), max(years, 0), c.MinYears)
		if years < 0 {
			zh = fmt.Sprintf("无任职经历，无法计算工作年限，本类别要求满%d年", c.MinYears)
		}
		out = append(out, Finding{Rule: "min_years", OK: ok, Zh: zh,
			En: fmt.Sprintf("%d years of service on %s; the category asks at least %d", max(years, 0), f.On, c.MinYears)})
	}
	if c.MaxAge > 0 {
		age := -1
		if !f.Birth.IsZero() {
			age = app.Age(f.Birth, f.On)
		}
		ok := age >= 0 && age <= c.MaxAge
		zh := fmt.Sprintf("截至%s年满%d周岁，本类别要求不超过%d周岁", f.On.Chinese(), max(age, 0), c.MaxAge)
		if age < 0 {
			zh = fmt.Sprintf("出生日期不详，无法核对年龄，本类别要求不超过%d周岁", c.MaxAge)
		}
		out = append(out, Finding{Rule: "max_age", OK: ok, Zh: zh,
			En: fmt.Sprintf("Aged %d on %s; the category admits at most %d", max(age, 0), f.On, c.MaxAge)})
	}
	return out
}

func (c CategoryConditions) postNames() string {
	names := make([]string, len(c.Posts))
	for i, p := range c.Posts {
		names[i] = people.Posts.Label(p, "zh")
	}
	return strings.Join(names, "、")
}

// Refusal is the error that refuses a person the category: every failed
// finding, in Chinese, as its reason; nil when all hold.
func Refusal(name, category string, findings []Finding) error {
	var zh, en []string
	for _, f := range findings {
		if !f.OK {
			zh, en = append(zh, f.Zh), append(en, f.En)
		}
	}
	if len(zh) == 0 {
		return nil
	}
	return &app.Error{Code: app.Invalid,
		Message: fmt.Sprintf("%s不符合参训类别“%s”的条件：%s", name, category, strings.Join(zh, "；")),
		English: fmt.Sprintf("%s does not meet the conditions of %q: %s", name, category, strings.Join(en, "; ")),
		Fields:  map[string]string{"category": "conditions"}}
}
