package demo

// The tables below are the raw material of the demo city: surnames with
// rough frequency weights, the characters given names are made of, and the
// words place names are made of. They are hand-written and deliberately
// small; every combination they produce is fictional.

// surname is a family name and its relative frequency (per 10,000 people,
// roughly as common surnames are spread in south-west China).
type surname struct {
	name   string
	weight int
}

// surnames holds the common single-character surnames, a few whose surname
// reading differs from the everyday one (单 Shan, 曾 Zeng, 解 Xie, 覃 Qin,
// 仇 Qiu) so that pinyin search is exercised, and a few compound ones.
var surnames = []surname{
	{"王", 710}, {"李", 700}, {"张", 670}, {"刘", 540}, {"陈", 460},
	{"杨", 310}, {"黄", 220}, {"赵", 210}, {"吴", 200}, {"周", 190},
	{"徐", 150}, {"孙", 150}, {"马", 140}, {"朱", 130}, {"胡", 130},
	{"郭", 120}, {"何", 150}, {"林", 110}, {"罗", 140}, {"高", 110},
	{"郑", 100}, {"梁", 90}, {"谢", 90}, {"宋", 80}, {"唐", 100},
	{"许", 70}, {"韩", 70}, {"邓", 90}, {"冯", 70}, {"曹", 70},
	{"彭", 80}, {"曾", 70}, {"肖", 60}, {"田", 50}, {"董", 50},
	{"潘", 50}, {"袁", 60}, {"蔡", 50}, {"蒋", 60}, {"余", 60},
	{"于", 40}, {"杜", 50}, {"叶", 40}, {"程", 40}, {"魏", 40},
	{"苏", 40}, {"吕", 40}, {"丁", 40}, {"任", 50}, {"卢", 40},
	{"姚", 40}, {"沈", 30}, {"钟", 40}, {"姜", 30}, {"崔", 20},
	{"谭", 40}, {"陆", 30}, {"范", 30}, {"汪", 30}, {"廖", 40},
	{"石", 30}, {"金", 20}, {"贾", 20}, {"夏", 30}, {"付", 30},
	{"方", 30}, {"邹", 30}, {"熊", 30}, {"白", 20}, {"孟", 20},
	{"秦", 20}, {"邱", 30}, {"侯", 20}, {"江", 20}, {"尹", 20},
	{"薛", 20}, {"段", 20}, {"雷", 30}, {"龙", 20}, {"黎", 20},
	{"史", 20}, {"陶", 20}, {"贺", 20}, {"毛", 20}, {"郝", 10},
	{"顾", 10}, {"龚", 20}, {"邵", 10}, {"万", 20}, {"武", 10},
	{"钱", 10}, {"戴", 20}, {"严", 20}, {"向", 20}, {"汤", 20},
	{"文", 20}, {"牟", 10}, {"冉", 10}, {"覃", 6}, {"仇", 4},
	{"单", 5}, {"解", 5}, {"欧阳", 5}, {"司马", 2}, {"诸葛", 1},
	{"上官", 1},
}

// Given-name characters by gender and generation. A two-character given name
// takes its first character from a *First list and its second from a *Second
// list; a one-character name takes a *Second character. People born before
// 1980 draw from the older lists, the rest from the younger ones.
const (
	maleFirstOld      = "建国志文明永正德海红小晓天家兴世学庆长光"
	maleSecondOld     = "军伟强华平勇刚林斌波涛东成兵辉明峰祥福春荣生全忠才"
	maleFirstYoung    = "浩俊子宇家志文晓天嘉思博一明承昊佳永立建"
	maleSecondYoung   = "杰鹏磊超凯晨阳鑫博帅坤航轩睿泽然宇洋宁豪川锐翔哲彬诚远毅林涛亮"
	femaleFirstOld    = "秀丽晓玉春美海月静红小金桂雪素翠"
	femaleSecondOld   = "英芳娟敏静燕艳霞玲红梅萍兰琴华凤珍莲琼蓉丽群"
	femaleFirstYoung  = "晓雅思佳欣雨诗梦婉紫若怡可心一语安梓"
	femaleSecondYoung = "婷琳慧洁雪莉倩颖怡晶蓉丹璐瑶蕾雯涵彤萱妍悦婕菲琪岚薇露茜"
)

// townshipNames are the stems of township names (柳树 → 柳树镇 or 柳树乡).
var townshipNames = []string{
	"柳树", "石桥", "龙泉", "白马", "青龙", "桃园", "清水", "双河", "黄桥",
	"云台", "马鞍", "金竹", "太平", "凤凰", "红岩", "高坪", "新场", "鹤鸣",
	"白鹤", "金桥", "永安", "回龙",
}

// villageNames are the stems of village names (王家 → 王家村).
var villageNames = []string{
	"王家", "李家", "张家", "杨柳", "石门", "桃花", "松林", "竹园", "河坝",
	"观音", "长滩", "板桥", "新民", "光明", "胜利", "团结", "和平", "红星",
	"三合", "五里", "大坪", "石板", "水井", "梨树", "核桃", "茶园", "月亮",
	"天池", "龙潭", "黄泥", "白果", "青杠", "柏林", "槐树", "马家", "何家",
}

// streetNames name the urban primary schools of the district (东街 → 澜城区东街小学).
var streetNames = []string{
	"东街", "西街", "南门", "北关", "滨江", "文昌路", "育才", "解放路",
	"新华", "人民路", "锦屏", "澜溪路", "桂花巷", "南华", "红旗", "建设路",
	"朝阳", "书院街", "仓前", "少城",
}

// ordinals are the Chinese ordinals used in school names (第一中学 …).
var ordinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// Subjects (任教学科) by level, with relative weights: how many of a school's
// teachers teach each. The first entries of each list are the subjects a
// school must be able to teach (开齐开足国家规定课程).
type subjectWeight struct {
	name   string
	weight int
}

var (
	primarySubjects = []subjectWeight{
		{"语文", 30}, {"数学", 26}, {"英语", 10}, {"科学", 6}, {"道德与法治", 5},
		{"音乐", 6}, {"体育", 8}, {"美术", 5}, {"信息技术", 3},
	}
	juniorSubjects = []subjectWeight{
		{"语文", 14}, {"数学", 14}, {"英语", 13}, {"物理", 8}, {"化学", 5},
		{"生物", 6}, {"历史", 6}, {"地理", 5}, {"道德与法治", 7}, {"音乐", 3},
		{"体育", 8}, {"美术", 3}, {"信息技术", 3},
	}
	seniorSubjects = []subjectWeight{
		{"语文", 13}, {"数学", 13}, {"英语", 13}, {"物理", 9}, {"化学", 8},
		{"生物", 7}, {"历史", 6}, {"地理", 6}, {"思想政治", 6}, {"音乐", 2},
		{"体育", 6}, {"美术", 2}, {"信息技术", 3},
	}
	vocationalSubjects = []subjectWeight{
		{"语文", 10}, {"数学", 10}, {"英语", 8}, {"思想政治", 5}, {"体育", 5},
		{"计算机应用", 12}, {"电子商务", 8}, {"汽车运用与维修", 10},
		{"机电技术应用", 10}, {"会计事务", 8}, {"学前教育", 8},
	}
	specialSubjects = []subjectWeight{
		{"特殊教育", 40}, {"生活语文", 15}, {"生活数学", 15}, {"康复训练", 15},
		{"音乐", 5}, {"美术", 5}, {"体育", 5},
	}
	kindergartenSubjects = []subjectWeight{{"学前教育", 1}}
)

// secondSubject is the subject a teacher in a small or rural school most
// often teaches besides the first one (语文 with 道德与法治, 音乐 with 美术 …).
func secondSubject(first string) string {
	switch first {
	case "语文":
		return "道德与法治"
	case "数学":
		return "科学"
	case "英语":
		return "信息技术"
	case "科学":
		return "数学"
	case "道德与法治":
		return "语文"
	case "音乐":
		return "美术"
	case "美术":
		return "音乐"
	case "体育":
		return "信息技术"
	case "信息技术":
		return "数学"
	case "物理":
		return "化学"
	case "化学":
		return "物理"
	case "生物":
		return "地理"
	case "地理":
		return "生物"
	case "历史":
		return "道德与法治"
	}
	return ""
}

// Honour names (荣誉称号); the level and year are added when drawn.
var (
	teacherHonours = []string{"优秀教师", "优秀班主任", "教学能手", "师德标兵", "优秀共产党员"}
	leaderHonours  = []string{"优秀教育工作者", "优秀校长", "优秀共产党员", "师德标兵"}
)
