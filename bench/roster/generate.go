package main

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
)

// The raw material of the generated roster. Every combination is fictional.
const (
	surnames   = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏付方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛"
	givenChars = "建国志文明永德海晓天家兴学庆光军伟强华平勇刚林斌波涛东成辉峰祥春荣浩俊子宇嘉思博承昊佳杰鹏磊超凯晨阳鑫航轩睿泽然洋宁豪秀丽玉美静红雪英芳娟敏燕艳霞玲梅萍兰琴凤珍雅欣雨诗梦怡心婷琳慧洁莉倩颖晶丹瑶蕾雯涵彤萱妍悦琪薇"
	roads      = "人民解放建设中山和平胜利文化新华青年长江黄河东风光明幸福团结友谊朝阳"
)

var (
	regions      = []string{"320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115", "320116", "320117", "320118", "320281", "320282"}
	districts    = []string{"玄武区", "秦淮区", "建邺区", "鼓楼区", "浦口区", "栖霞区", "雨花台区", "江宁区", "六合区", "溧水区", "高淳区"}
	levels       = []string{"小学", "小学", "小学", "初中", "初中", "九年一贯制", "高中", "完全中学", "幼儿园", "职业学校", "特殊教育"}
	locations    = []string{"城区", "城区", "镇区", "乡村"}
	subjects     = []string{"语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治", "科学", "音乐", "体育", "美术", "信息技术", "心理健康"}
	titles       = []string{"三级教师", "二级教师", "一级教师", "一级教师", "高级教师", "正高级教师", ""}
	backbones    = []string{"", "", "", "", "", "", "", "县级骨干教师", "市级骨干教师", "省级骨干教师", "县级学科带头人", "市级学科带头人"}
	ethnicities  = []string{"汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "回族", "满族", "壮族", "苗族", "土家族", "彝族"}
	politics     = []string{"中共党员", "中共党员", "共青团员", "群众", "群众", "民盟盟员", "九三学社社员"}
	degrees      = []string{"本科", "本科", "本科", "硕士研究生", "大专", "博士研究生"}
	titleDegrees = []string{"学士", "学士", "硕士", "无", "博士"}
	colleges     = []string{"南京师范大学", "江苏第二师范学院", "南京晓庄学院", "华东师范大学", "北京师范大学", "扬州大学", "苏州大学", "南京大学", "东南大学", "江南大学", "盐城师范学院", "淮阴师范学院"}
	majors       = []string{"汉语言文学", "数学与应用数学", "英语", "物理学", "化学", "生物科学", "历史学", "地理科学", "思想政治教育", "学前教育", "音乐学", "体育教育", "美术学", "计算机科学与技术", "心理学"}
	mandarin     = []string{"一级甲等", "一级乙等", "二级甲等", "二级甲等", "二级乙等"}
	marriages    = []string{"已婚", "已婚", "已婚", "未婚", "离异"}
	healths      = []string{"健康", "健康", "健康", "良好", "一般"}
	notes        = []string{"", "", "", "", "", "", "2023年度考核优秀", "支教一年（2019—2020）", "市级优质课一等奖", "班主任", "兼任教研组长", "产假至2024年3月"}
	certKinds    = []string{"小学教师资格", "初级中学教师资格", "高级中学教师资格", "幼儿园教师资格", "中等职业学校教师资格"}
)

// generate writes a roster of n educators and the schools they work at
// with excelize's ordinary API, which stores text in shared strings as
// Excel does. Shape "30" has 30 columns and date cells; shape "12" the
// template's 12 columns and dates written as text, 2012-09-01.
func generate(path string, n int, shape string) error {
	if shape != "12" && shape != "30" {
		return fmt.Errorf("unknown shape %q (want 12 or 30)", shape)
	}
	standard := shape == "12"
	rng := rand.New(rand.NewPCG(2025, 9))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	runes := func(s string) []rune { return []rune(s) }
	sur, given, road := runes(surnames), runes(givenChars), runes(roads)

	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", roster.SheetSchools); err != nil {
		return err
	}
	if _, err := f.NewSheet(roster.SheetEducators); err != nil {
		return err
	}

	codes, err := writeSchools(f, rng, pick, road)
	if err != nil {
		return err
	}

	header := []any{"身份证号", "姓名", "性别", "出生日期", "学校代码", "岗位", "任教学科", "编制状态", "骨干级别", "职称", "到校日期", "任现职日期",
		"民族", "政治面貌", "籍贯", "最高学历", "最高学位", "毕业院校", "所学专业", "参加工作日期", "教师资格种类", "教师资格证号码",
		"普通话等级", "手机号", "电子邮箱", "家庭住址", "婚姻状况", "健康状况", "继续教育学时", "备注"}
	if standard {
		header = header[:12]
	}
	if err := f.SetSheetRow(roster.SheetEducators, "A1", &header); err != nil {
		return err
	}
	seen := make(map[string]bool, n)
	today := app.DateOf(time.Now())
	row := make([]any, len(header))
	for i := 0; i < n; i++ {
		id, birth := uniqueID(rng, pick, seen)
		male := (id[16]-'0')%2 == 1
		gender := "女"
		if male {
			gender = "男"
		}
		name := string(sur[rng.IntN(len(sur))]) + string(given[rng.IntN(len(given))])
		if rng.IntN(3) > 0 {
			name += string(given[rng.IntN(len(given))])
		}
		work := birth.AddYears(22 + rng.IntN(3))
		joined := work.AddDays(rng.IntN(max(1, min(365*20, daysBetween(work, today)-30))))
		post, since := "教师", app.Date{}
		switch p := rng.IntN(100); {
		case p < 1:
			post = "校长"
		case p < 3:
			post = "副校长"
		case p < 8:
			post = "中层干部"
		case p < 10:
			post = "级部主任"
		}
		if post != "教师" || rng.IntN(2) == 0 {
			since = joined.AddDays(rng.IntN(max(1, daysBetween(joined, today)-1)))
		}
		subj := pick(subjects)
		if rng.IntN(4) == 0 {
			subj += "、" + pick(subjects)
		}
		staff := "在编在岗"
		if rng.IntN(12) == 0 {
			staff = "临聘"
		}
		phone := fmt.Sprintf("1%d%09d", 3+rng.IntN(7), rng.IntN(1_000_000_000))
		row = append(row[:0], id, name, gender, serial(birth), pick(codes), post, subj, staff, pick(backbones), pick(titles),
			serial(joined), nilDate(since),
			pick(ethnicities), pick(politics), "江苏"+pick(districts), pick(degrees), pick(titleDegrees), pick(colleges), pick(majors),
			serial(work), pick(certKinds), fmt.Sprintf("%d%s%07d", birth.Year, id[:6], rng.IntN(10_000_000)),
			pick(mandarin), phone, fmt.Sprintf("t%s@school.example.cn", phone[3:]),
			fmt.Sprintf("南京市%s%s路%d号%d栋%d室", pick(districts), roadName(rng, road), 1+rng.IntN(300), 1+rng.IntN(30), 101+rng.IntN(1500)),
			pick(marriages), pick(healths), 24+rng.IntN(120), pick(notes))
		if standard {
			row = row[:12]
			for _, c := range []int{3, 10, 11} {
				if d, ok := row[c].(float64); ok {
					row[c] = app.NewDate(1899, 12, 30).AddDays(int(d)).String()
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(roster.SheetEducators, cell, &row); err != nil {
			return err
		}
	}
	// Date cells as Excel writes them: serial numbers with a date format.
	for _, col := range []string{"D", "K", "L", "T"} {
		if standard {
			break
		}
		if err := f.SetColStyle(roster.SheetEducators, col, dateStyle); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(header), n+1)
	if err := f.SetSheetDimension(roster.SheetEducators, "A1:"+last); err != nil {
		return err
	}
	runtime.GC()
	return f.SaveAs(path)
}

// uniqueID draws an ID number with a valid check character, and its
// date of birth, that seen does not hold yet, and adds it to seen.
func uniqueID(rng *rand.Rand, pick func([]string) string, seen map[string]bool) (string, app.Date) {
	for {
		birth := app.NewDate(1962, 1, 1).AddDays(rng.IntN(365 * 38))
		first17 := fmt.Sprintf("%s%04d%02d%02d%03d", pick(regions), birth.Year, birth.Month, birth.Day, rng.IntN(1000))
		id := first17 + string(people.IDCheckChar(first17))
		if !seen[id] {
			seen[id] = true
			return id, birth
		}
	}
}

// writeSchools writes the schools sheet: 400 schools drawn from rng, whose
// codes it returns.
func writeSchools(f *excelize.File, rng *rand.Rand, pick func([]string) string, road []rune) ([]string, error) {
	const nSchools = 400
	codes := make([]string, nSchools)
	if err := f.SetSheetRow(roster.SheetSchools, "A1", &[]any{"学校代码", "学校名称", "区县", "学段", "城乡类型", "薄弱学校", "示范等级", "办学联合体", "经度", "纬度"}); err != nil {
		return nil, err
	}
	for i := range codes {
		codes[i] = fmt.Sprintf("32010%05d", 1000+i)
		level := pick(levels)
		district := pick(districts)
		place := strings.TrimSuffix(district, "区")
		name := fmt.Sprintf("%s%s路第%d%s", place, roadName(rng, road), i%9+1, level)
		if level == "幼儿园" {
			name = fmt.Sprintf("%s%s幼儿园", place, roadName(rng, road))
		}
		weak := "否"
		if rng.IntN(10) == 0 {
			weak = "是"
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(roster.SheetSchools, cell, &[]any{codes[i], name, district, level, pick(locations), weak, "",
			place + "第" + strconv.Itoa(i%5+1) + "联合体", 118.5 + rng.Float64()*0.8, 31.8 + rng.Float64()*0.6}); err != nil {
			return nil, err
		}
	}
	return codes, nil
}

// roadName picks a two-character road name.
func roadName(rng *rand.Rand, road []rune) string {
	i := rng.IntN(len(road)/2) * 2
	return string(road[i : i+2])
}

// serial is a date as the number Excel stores in a date cell.
func serial(d app.Date) any {
	return float64(daysBetween(app.NewDate(1899, 12, 30), d))
}

func nilDate(d app.Date) any {
	if d.IsZero() {
		return nil
	}
	return serial(d)
}

func daysBetween(a, b app.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}
