package web

import (
	"fmt"
	"net/http"
	"strings"
)

// catalogue translates the interface's Chinese text into English. Chinese is
// the key: templates read in Chinese, and a test checks that every text a
// template passes to t or tf has an English line here.
var catalogue = map[string]string{
	"%d 周岁":          "aged %d",
	"%d 所学校，%d 名教职工": "%d schools, %d educators",
	"上一页":            "Previous",
	"下一页":            "Next",
	"不限（市级或系统账号）":    "None (city or system account)",
	"主菜单":            "Main menu",
	"交流轮岗管理":         "Rotation management",
	"任一骨干":           "Any backbone level",
	"任教学科":           "Subjects",
	"任现职日期":          "In post since",
	"任职经历":           "Career history",
	"位置":             "Position",
	"修改密码":           "Change password",
	"停用账号（立即结束其会话）": "Disable (ends its sessions now)",
	"全部":                 "All",
	"全部（仅系统管理员）":         "Everything (system admins only)",
	"共 %d 条，第 %d / %d 页": "%d in all, page %d of %d",
	"再次输入新密码":            "New password again",
	"出生日期":               "Birth date",
	"分页":                 "Pages",
	"创建":                 "Create",
	"创建时间":               "Created",
	"初始密码（至少8位）":         "Initial password (at least 8 characters)",
	"到校日期":               "At school since",
	"办学联合体":              "Consortium",
	"区县":                 "County",
	"原密码":                "Current password",
	"可查看":                "Allowed",
	"可查看完整身份证号":          "May see full ID numbers",
	"名称或代码":              "Name or code",
	"否":                  "No",
	"启用账号":               "Enable account",
	"地址":                 "Address",
	"城乡类型":               "Location type",
	"如 张三、zhangsan、zs":   "e.g. 张三, zhangsan, zs",
	"姓名":                 "Name",
	"姓名或拼音":              "Name or pinyin",
	"学校":                 "School",
	"学校代码":               "School code",
	"学校名称":               "School name",
	"学校按学段":              "Schools by level",
	"学段":                 "Level",
	"完整身份证号":             "Full ID number",
	"审计日志":               "Audit log",
	"密码":                 "Password",
	"密码修改时间":             "Password changed",
	"对象":                 "Entity",
	"对象类型":               "Entity type",
	"对象编号":               "Entity id",
	"尚未授予角色。":            "No roles granted yet.",
	"岗位":                 "Post",
	"已停用":                "Disabled",
	"年龄":                 "Age",
	"开始日期":               "Start",
	"性别":                 "Gender",
	"您好，%s。":             "Hello, %s.",
	"您的权限范围内没有区县。":       "No county is within your scope.",
	"我的档案":               "My record",
	"我的账号":               "My account",
	"所属单位":               "Unit",
	"授予":                 "Grant",
	"摘要":                 "Summary",
	"撤销":                 "Remove",
	"操作":                 "Action",
	"操作人":                "Actor",
	"操作记录":               "History",
	"教师校长交流轮岗与挂职管理": "Teacher and principal rotation and secondment",
	"教职工":         "Educators",
	"新密码（至少8位）":   "New password (at least 8 characters)",
	"新建账号":        "New account",
	"时间":          "Time",
	"是":           "Yes",
	"暂无任职经历。":     "No career history yet.",
	"最大年龄":        "Maximum age",
	"最小年龄":        "Minimum age",
	"村小/教学点":      "Village teaching point",
	"查看":          "Show",
	"查看全部 %d 人":   "See all %d",
	"查看完整身份证号":    "Show the full ID number",
	"查看教职工":       "See educators",
	"查询":          "Search",
	"标记":          "Flags",
	"正常":          "Active",
	"没有符合条件的学校。":  "No school matches.",
	"没有符合条件的教职工。": "No educator matches.",
	"没有符合条件的账号。":  "No account matches.",
	"没有记录。":       "No entries.",
	"清除":          "Clear",
	"演示账号":        "Demo accounts",
	"状态":          "Status",
	"理由（将记入审计日志）": "Reason (recorded in the audit log)",
	"用户名":         "User name",
	"用户名或姓名":      "User or display name",
	"登录":          "Sign in",
	"示范园":         " demonstration kindergarten",
	"示范等级":        "Demonstration level",
	"筛选":          "Filter",
	"类型":          "Kind",
	"组织机构":        "Organisation",
	"结束日期":        "End",
	"编制状态":        "Staff status",
	"职称":          "Title",
	"至今":          "present",
	"范围":          "Scope",
	"荣誉":          "Honours",
	"薄弱学校":        "Weak school",
	"角色":          "Roles",
	"角色与范围":       "Roles and scopes",
	"账号管理":        "Accounts",
	"身份证号":        "ID number",
	"返回首页":        "Back to the start page",
	"退出":          "Sign out",
	"重置密码":        "Reset password",
	"非骨干":         "Not backbone",
	"首页":          "Home",
	"骨干教师":        "Backbone teachers",
	"骨干级别":        "Backbone level",

	// Page titles and messages set in Go.
	"页面不存在": "Page not found",
	"无权访问":  "Not allowed",
	"请先登录":  "Please sign in",
	"请求过多":  "Too many requests",
	"输入有误":  "Invalid input",
	"操作冲突":  "Conflict",
	"系统错误":  "System error",
	"您要找的内容不存在，或不在您的权限范围内。": "What you are looking for does not exist, or is outside your scope.",
	// The home page's work, by role.
	"待办事项":          "To do",
	"暂缓交流申请待审批：%d件": "Deferral applications awaiting a decision: %d",
	"%d—%d学年年度报送（附件1、附件2）截止日期：%s。": "Annual return of %d–%d (annexes 1 and 2) due %s.",
	"已于%s报送":         "Submitted on %s",
	"已逾期，尚未报送":       "Overdue, not submitted",
	"尚未报送，还剩%d天":     "Not submitted, %d days left",
	"公示中（可提出异议）":     "Public notices open for objections",
	"公示至%s":          "Notice until %s",
	"%s乡镇内支教选派":      "%s: township support selection",
	"没有公示中的方案或选派。":   "No plan or selection is on public notice.",
	"待批准的方案":         "Plans awaiting approval",
	"没有待批准的方案。":      "No plan awaits approval.",
	"本校教职工的申请与交流":    "Your staff's applications and exchanges",
	"待审批的暂缓交流申请":     "Deferral applications awaiting a decision",
	"没有待审批的暂缓交流申请。":  "No deferral application awaits a decision.",
	"进行中和计划中的交流":     "Exchanges under way and planned",
	"没有进行中或计划中的交流。":  "No exchange is under way or planned.",
	"我指导的参训人员：%s":    "Participants I mentor: %s",
	"查看项目的全部%d名参训人员": "All %d participants of the programme",
	"我的交流与项目":        "My exchanges and programmes",
	"您目前没有交流或参加的项目。": "You have no exchange or programme at present.",

	// Words whose English differs with the context (issue 8, item 16).
	"学校||list": "Schools",

	// Homeroom teachers (班主任) and their certificate (issue 12).
	"班主任":    "Homeroom teacher",
	"班主任未持证": "Homeroom teacher without certificate",
	"班主任尚未取得班主任培训合格证书（持证上岗）": "A homeroom teacher without the homeroom teacher's certificate (required for the post)",
	"修改班主任情况": "Change homeroom duty",
	"担任班主任":   "Is a homeroom teacher",
}

// flashes are the messages shown after a successful form, by key.
var flashes = map[string][2]string{
	"logged_out":       {"您已退出登录。", "You have signed out."},
	"password_changed": {"密码已修改，其他设备上的登录已结束。", "Password changed; sign-ins on other devices have ended."},
	"user_created":     {"账号已创建，请为其授予角色。", "Account created; now grant it a role."},
	"user_disabled":    {"账号已停用，其会话已结束。", "Account disabled; its sessions have ended."},
	"user_enabled":     {"账号已启用。", "Account enabled."},
	"password_reset":   {"密码已重置，该账号的会话已结束。", "Password reset; the account's sessions have ended."},
	"grant_added":      {"已授予角色。", "Role granted."},
	"grant_removed":    {"已撤销角色。", "Role removed."},
	"homeroom_saved":   {"班主任情况已保存。", "Homeroom duty saved."},
}

// catalogues are the parts of the catalogue, one per area of the
// interface; each area keeps its lines in its own file.
var catalogues = []map[string]string{catalogue, rosterCatalogue, rotationCatalogue, planningCatalogue, programmeCatalogue,
	notifyCatalogue, noticeCatalogue, trainingCatalogue, appointmentCatalogue, pairingCatalogue, staffingCatalogue,
	supplyCatalogue, placementContactsCatalogue}

// translate returns the English of zh when lang is "en", else zh itself.
// A key may name its context after "||" where one Chinese word has two
// English ones ("学校" is "School", "学校||list" "Schools"); the context is
// not shown.
func translate(lang, zh string) string {
	if lang == "en" {
		if en, ok := english(zh); ok {
			return en
		}
	}
	if word, _, ok := strings.Cut(zh, "||"); ok {
		return word
	}
	return zh
}

// translatef formats the request's translation of a Chinese format, for
// titles that hold a name.
func translatef(r *http.Request, zh string, args ...any) string {
	return fmt.Sprintf(translate(langOf(r), zh), args...)
}

func english(zh string) (string, bool) {
	for _, c := range catalogues {
		if en, ok := c[zh]; ok {
			return en, true
		}
	}
	return "", false
}

func flashMessage(lang, key string) string {
	m, ok := flashes[key]
	if !ok {
		m, ok = rotationFlashes[key]
	}
	if !ok {
		m, ok = planningFlashes[key]
	}
	if !ok {
		m, ok = programmeFlashes[key]
	}
	if !ok {
		m, ok = notifyFlashes[key]
	}
	if !ok {
		m, ok = noticeFlashes[key]
	}
	if !ok {
		m, ok = trainingFlashes[key]
	}
	if !ok {
		m, ok = appointmentFlashes[key]
	}
	if !ok {
		m, ok = pairingFlashes[key]
	}
	if !ok {
		m, ok = staffingFlashes[key]
	}
	if !ok {
		m, ok = supplyFlashes[key]
	}
	if !ok {
		m, ok = placementContactsFlashes[key]
	}
	if !ok {
		return ""
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}
