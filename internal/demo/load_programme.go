package demo

import (
	"context"
	"fmt"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
)

// The demo's programmes (SPEC §4.1): the first county's year of one-month
// secondments in four batches with the categories and quotas of seed [000]
// (中层干部 20, 级部主任 13, 学科骨干教师 16), partly filled, finished on
// 2026-11-11; the city's principals' secondment training in Shanghai Pudong
// (seed [001]), running from 2026-11-02 for two months, which participant1
// joins as a reserve cadre; and the second county's urban–rural pairing.
// Their batches, hosts, mentors (mentor1 among them) and placements are
// load_secondment.go's.

type demoProgramme struct {
	county int // 1, 2, or 0 for the city
	in     programme.Input
	// fill says whom each category enrols: a post or "backbone", and how many.
	fill []demoFill
}

type demoFill struct {
	category, who string
	n             int
}

var demoProgrammes = []demoProgramme{
	{county: 1, in: programme.Input{Details: programme.Details{Name: "2026年中层干部及骨干教师挂职锻炼", Kind: programme.KindSecondment, Organiser: "区教师进修学校",
		Hosts: "区内优质学校（对口处室、级部或学科教研组）", Start: app.NewDate(2026, 3, 14), End: app.NewDate(2026, 11, 11),
		Description: "分四批，每批一个月：3月14日—4月15日、5月9日—6月10日、9月1日—9月30日、10月10日—11月11日。中层干部、级部主任到对应处室、级部跟岗，骨干教师到学科教研组。"},
		Categories: []programme.CategoryInput{{Name: "中层干部", Quota: 20}, {Name: "级部主任", Quota: 13}, {Name: "学科骨干教师", Quota: 16}}},
		fill: []demoFill{{"中层干部", people.PostMiddleCadre, 18}, {"级部主任", people.PostGradeHead, 9}, {"学科骨干教师", "backbone", 16}}},
	{county: 0, in: programme.Input{Details: programme.Details{Name: "2026年中小学校长赴上海浦东挂职培训", Kind: programme.KindSecondmentTraining, Organiser: "市教育局",
		Hosts: "上海市建平中学、进才中学、明珠小学、进才实验小学", Start: app.NewDate(2026, 11, 2), End: app.NewDate(2026, 12, 31),
		Description: "每年20名校长，每期两个月，任校长助理，每人配一名导师校长；分5个培训小组（中学2个、小学3个），每组设组长。" +
			"培训费由市教育局承担，差旅费和食宿费由各区县教育局承担。力争五年内全市中小学校长全员培训一次。"},
		Categories: []programme.CategoryInput{{Name: "中学校长", Quota: 8}, {Name: "小学校长", Quota: 10}, {Name: "后备干部", Quota: 2}}},
		fill: []demoFill{{"中学校长", "principal:junior", 6}, {"小学校长", "principal:primary", 10}, {"后备干部", "participant1", 1}}},
	{county: 2, in: programme.Input{Details: programme.Details{Name: "2026—2027学年城乡学校结对帮扶", Kind: programme.KindPairing, Organiser: "县教育局",
		Hosts: "县城优质学校与乡村学校结对", Start: app.NewDate(2026, 9, 1), End: app.NewDate(2027, 7, 15),
		Description: "城区学校与乡村学校一对一结对，开展送教下乡、同课异构和跟岗学习。"}},
		fill: []demoFill{{"", people.PostTeacher, 8}}},
}

// loadDemoProgrammes registers the demo's programmes through the service, as
// a bureau would; ctx carries the loader's transaction and actor.
func loadDemoProgrammes(ctx context.Context, s *Services, ids *demoIDs) error {
	for _, dp := range demoProgrammes {
		in := dp.in
		in.CityID = ids.city
		switch dp.county {
		case 1:
			in.CountyID = ids.county1
		case 2:
			in.CountyID = ids.county2
		}
		p, err := s.Programmes.Create(ctx, in)
		if err != nil {
			return fmt.Errorf("demo programme %s: %w", in.Name, err)
		}
		used := map[int64]bool{}
		for _, f := range dp.fill {
			list, err := demoCandidates(ctx, s, ids, in.CountyID, f.who)
			if err != nil {
				return err
			}
			n := 0
			for _, e := range list {
				if n == f.n {
					break
				}
				if used[e.ID] {
					continue
				}
				used[e.ID] = true
				if _, err := s.Programmes.Enrol(ctx, p.ID, programme.MemberInput{EducatorID: e.ID, Category: f.category}); err != nil {
					return fmt.Errorf("demo programme %s: %w", in.Name, err)
				}
				n++
			}
		}
	}
	return nil
}

// demoCandidates lists the educators of a county (or the city) in a post,
// the backbone teachers, the principals of a level ("principal:junior"), or
// participant1.
func demoCandidates(ctx context.Context, s *Services, ids *demoIDs, countyID int64, who string) ([]*people.Educator, error) {
	if who == "participant1" {
		e, err := s.DB.FindEducatorByID(ctx, ids.participant)
		return []*people.Educator{e}, err
	}
	f := people.EducatorFilter{CountyID: countyID, Within: app.Scope{All: true}, Limit: 400}
	level, principal := strings.CutPrefix(who, "principal:")
	switch {
	case who == "backbone":
		f.Post, f.Backbone, level = people.PostTeacher, "any", ""
	case principal:
		f.Post = people.PostPrincipal
	default:
		f.Post, level = who, ""
	}
	list, _, err := s.DB.FindEducators(ctx, f)
	if err != nil || level == "" {
		return list, err
	}
	schools, _, err := s.DB.FindSchools(ctx, org.SchoolFilter{CountyID: countyID, Level: level, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	atLevel := map[int64]bool{}
	for _, sc := range schools {
		atLevel[sc.ID] = true
	}
	var out []*people.Educator
	for _, e := range list {
		if atLevel[e.SchoolID] {
			out = append(out, e)
		}
	}
	return out, nil
}
