package demo

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/training"
)

// The demo's training plan (SPEC §7): the programmes of seed [003]'s year
// by name, in the first county, with classes finished, running and
// upcoming around the day the demo is loaded (its clock), so that the plan
// reads alike whenever it is opened: people enrolled, attendance taken,
// finished classes completed with hours and certificates, and an online
// course with a question bank whose assessment participant1 may start.

// demoCourse is one course of the plan; its classes are given as day
// offsets from the load day: finished, running or upcoming.
type demoCourse struct {
	name, organiser, description string
	audience                     []string
	hours, capacity              int
	mode, qualifies              string
	certificate, assessment      bool
	// who fills it: a post, "backbone", "teacher" or "" for none.
	who     string
	n       int
	classes [][2]int
}

var demoCourses = []demoCourse{
	{name: "骨干校长高级研修班（南京师大）", organiser: "区教育研究指导中心", audience: []string{"principal"}, hours: 60, capacity: 30,
		mode: training.ModeFaceToFace, who: people.PostPrincipal, n: 8, classes: [][2]int{{20, 31}},
		description: "选派骨干校长到南京师范大学参加高层次研修，下半年举办优秀校长培训成果展示汇报会。"},
	{name: "中小学校长任职资格培训", organiser: "区教育研究指导中心", audience: []string{"new_principal"}, hours: 300, capacity: 40,
		mode: training.ModeFaceToFace, qualifies: training.RequirementPrincipal, certificate: true, who: people.PostVicePrincipal, n: 6,
		classes: [][2]int{{-150, -40}}, description: "按照《中小学校长培训规定》选好课程、开足课时，结业颁发任职资格培训合格证书。"},
	{name: "幼儿园骨干园长培训班", organiser: "区教育研究指导中心", audience: []string{"director"}, hours: 40, capacity: 30,
		mode: training.ModeFaceToFace, who: people.PostDirector, n: 5, classes: [][2]int{{-10, 25}},
		description: "专家引领、实践指导，提高幼儿园园长的执教能力。"},
	{name: "中小学分管领导及中层干部暑期集中培训", organiser: "区教育研究指导中心", audience: []string{"middle_cadre"}, hours: 36, capacity: 80,
		mode: training.ModeFaceToFace, who: people.PostMiddleCadre, n: 12, classes: [][2]int{{-60, -50}},
		description: "暑假期间集中培训，开展校长论坛，更新教育理念，提升教学管理能力。"},
	{name: "教育系统后备干部培训", organiser: "区教体局", audience: []string{"reserve_cadre"}, hours: 48, capacity: 40,
		mode: training.ModeFaceToFace, who: people.PostGradeHead, n: 6, classes: [][2]int{{-100, -90}},
		description: "读书自学与论文撰写相结合，定期班内交流；5月赴北京师范大学集中研修。"},
	{name: "名师培养工程·骨干教师集中培训", organiser: "区教育研究指导中心", audience: []string{"backbone"}, hours: 40, capacity: 50,
		mode: training.ModeFaceToFace, who: "backbone", n: 10, classes: [][2]int{{30, 40}},
		description: "组织中小学骨干教师参加省、市集中培训，培育数量适当、结构合理的骨干教师队伍。"},
	{name: "中小学班主任全员培训（“四个一”）", organiser: "区教育研究指导中心", audience: []string{"homeroom"}, hours: 24, capacity: 200,
		mode: training.ModeFaceToFace, qualifies: training.RequirementHomeroom, certificate: true, who: "teacher", n: 15,
		classes: [][2]int{{-80, -60}, {-5, 20}, {40, 60}}, description: "逐步实施班主任持证上岗制度，集中轮训与校本培训相结合，开设“班主任论坛”。"},
	{name: "新教师入职培训", organiser: "区教师进修学校", audience: []string{"new_teacher"}, hours: 48, capacity: 60,
		mode: training.ModeSchoolBased, who: "teacher", n: 6, classes: [][2]int{{-20, 60}},
		description: "系统培养、分段实施、名师引领、逐步提升：教师素养、教学基本功、教学方法。"},
	{name: "中小学教师新课程网络培训与考核", organiser: "区教师进修学校", audience: []string{"all_teachers"}, hours: 30, capacity: 500,
		mode: training.ModeOnline, assessment: true, who: "teacher", n: 8, classes: [][2]int{{-30, 30}},
		description: "暑期网络研修，结业须通过在线考核。"},
	{name: "“读教育名著、做智慧教师”读书活动", organiser: "区教体局", audience: []string{"all_teachers"}, hours: 12, capacity: 300,
		mode: training.ModeSchoolBased, who: "", classes: [][2]int{{50, 80}},
		description: "全员读书实践工程，评选先进集体、先进个人。"},
}

// demoQuestions are the online course's question bank.
var demoQuestions = []training.QuestionInput{
	{Kind: training.KindSingle, Stem: "新课程改革的核心理念是？", Options: []string{"以升学为中心", "以学生发展为本", "以教材为中心", "以教师为中心"}, Answer: "B", Points: 20},
	{Kind: training.KindMultiple, Stem: "下列属于校本培训常用形式的有？", Options: []string{"专题讲座", "课题研究", "师徒帮带", "停课自学"}, Answer: "ABC", Points: 20},
	{Kind: training.KindTrueFalse, Stem: "班主任应逐步实行持证上岗。", Answer: "对", Points: 20},
	{Kind: training.KindSingle, Stem: "教师五年一周期的培训学时要求一般为？", Options: []string{"120学时", "240学时", "360学时"}, Answer: "C", Points: 20},
	{Kind: training.KindShort, Stem: "结合本校实际，简述如何开展“读教育名著、做智慧教师”活动。", Answer: "选书、共读、交流、反思、展示", Points: 20},
}

// loadDemoTraining publishes the plan and runs it as far as the load day;
// ctx carries the loader's transaction and actor.
func loadDemoTraining(ctx context.Context, s *Services, ids *demoIDs) error {
	today := app.DateOf(s.Clock.Now())
	used := map[int64]bool{ids.participant: true}
	for _, dc := range demoCourses {
		course, classes, err := createDemoCourse(ctx, s, ids, dc, today)
		if err != nil {
			return fmt.Errorf("demo course %s: %w", dc.name, err)
		}
		people, err := demoTrainees(ctx, s, ids, dc, used)
		if err != nil {
			return err
		}
		if dc.qualifies == training.RequirementHomeroom || dc.assessment {
			people = append([]int64{ids.participant}, people...)
		}
		for i, ed := range people {
			k := classes[i%len(classes)]
			if dc.qualifies == training.RequirementHomeroom && ed == ids.participant {
				k = classes[0]
			}
			if _, err := s.Training.Enrol(ctx, course.ID, training.EnrolInput{EducatorID: ed, ClassID: k.ID}); err != nil {
				return fmt.Errorf("demo course %s: %w", dc.name, err)
			}
		}
		if err := runDemoClasses(ctx, s, course, classes, today); err != nil {
			return fmt.Errorf("demo course %s: %w", dc.name, err)
		}
	}
	return loadDemoUnits(ctx, s, ids, today.Year)
}

// loadDemoUnits grades school1's and participant1's schools' training work
// for the year and records the reading campaign's commendations (seed [003]:
// 先进集体 and 先进个人 of “读教育名著、做智慧教师”).
func loadDemoUnits(ctx context.Context, s *Services, ids *demoIDs, year int) error {
	points := [][4]int{{9, 13, 8, 5}, {7, 11, 6, 4}} // plan, school-based, funding, reading
	for i, school := range []int64{ids.school1, ids.partSch} {
		for j, item := range []string{"plan", "school_based", "funding", "reading"} {
			if err := s.Training.Grade(ctx, school, year, item, points[i][j]); err != nil {
				return err
			}
		}
	}
	const campaign = "读教育名著、做智慧教师"
	find := func(ctx context.Context, id int64) (*people.Educator, error) { return s.DB.FindEducatorByID(ctx, id) }
	if _, err := s.Training.Commend(ctx, training.CommendationInput{Year: year, Kind: training.CommendUnit, Title: campaign, SchoolID: ids.school1}, find); err != nil {
		return err
	}
	_, err := s.Training.Commend(ctx, training.CommendationInput{Year: year, Kind: training.CommendPerson, Title: campaign, EducatorID: ids.participant}, find)
	return err
}

func createDemoCourse(ctx context.Context, s *Services, ids *demoIDs, dc demoCourse, today app.Date) (*training.Course, []*training.Class, error) {
	first, last := dc.classes[0][0], dc.classes[len(dc.classes)-1][1]
	in := training.CourseInput{Input: programme.Input{CityID: ids.city, CountyID: ids.county1,
		Details: programme.Details{Name: dc.name, Organiser: dc.organiser, Start: today.AddDays(first), End: today.AddDays(last),
			Description: dc.description}},
		CourseTerms: training.CourseTerms{Audience: dc.audience, Hours: dc.hours, Mode: dc.mode, Capacity: dc.capacity,
			Enrolment: training.EnrolBoth, MinAttendance: 75, Qualifies: dc.qualifies, Certificate: dc.certificate, Assessment: dc.assessment}}
	if dc.assessment {
		in.PassMark, in.TimeLimitMinutes, in.PaperSize, in.MaxAttempts = 60, 20, 5, 2
	}
	course, err := s.Training.CreateCourse(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	for _, q := range demoQuestions {
		if !dc.assessment {
			break
		}
		if _, err := s.Training.AddQuestion(ctx, course.ID, q); err != nil {
			return nil, nil, err
		}
	}
	var classes []*training.Class
	for i, span := range dc.classes {
		k, err := s.Training.AddClass(ctx, course.ID, training.ClassInput{Name: fmt.Sprintf("第%d期", i+1),
			Start: today.AddDays(span[0]), End: today.AddDays(span[1]), Venue: "区教师进修学校"})
		if err != nil {
			return nil, nil, err
		}
		// Four sessions spread over the class, those past with attendance.
		for j := range 4 {
			day := k.Start.AddDays((span[1] - span[0]) * j / 4)
			ss, err := s.Training.AddSession(ctx, k.ID, day, []string{"开班典礼与专题讲座", "案例研讨", "跟岗实践", "成果汇报"}[j])
			if err != nil {
				return nil, nil, err
			}
			k.Sessions = append(k.Sessions, ss)
		}
		classes = append(classes, k)
	}
	return course, classes, nil
}

// demoTrainees picks the first county's educators a course enrols.
func demoTrainees(ctx context.Context, s *Services, ids *demoIDs, dc demoCourse, used map[int64]bool) ([]int64, error) {
	if dc.who == "" {
		return nil, nil
	}
	who := dc.who
	if who == "teacher" {
		who = people.PostTeacher
	}
	list, err := demoCandidates(ctx, s, ids, ids.county1, who)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, e := range list {
		if len(out) == dc.n {
			break
		}
		if !used[e.ID] {
			used[e.ID] = true
			out = append(out, e.ID)
		}
	}
	return out, nil
}

// runDemoClasses takes the attendance of the sessions past (everyone
// but every fifth person, who misses half) and completes the classes that
// have ended, with an assignment recorded for each.
func runDemoClasses(ctx context.Context, s *Services, course *training.Course, classes []*training.Class, today app.Date) error {
	for _, k := range classes {
		list, err := s.Training.Enrolments(ctx, course, training.EnrolmentFilter{ClassID: k.ID})
		if err != nil {
			return err
		}
		for j, ss := range k.Sessions {
			if today.Before(ss.Day) {
				continue
			}
			var present []int64
			for i, e := range list {
				if i%5 != 4 || j%2 == 0 {
					present = append(present, e.EducatorID)
				}
			}
			if err := s.Training.SetAttendance(ctx, k.ID, ss.ID, present); err != nil {
				return err
			}
		}
		if today.Before(k.End) {
			continue
		}
		if _, _, err := s.Training.CompleteClass(ctx, k.ID); err != nil {
			return err
		}
	}
	return nil
}
