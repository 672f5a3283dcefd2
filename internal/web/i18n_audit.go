package web

import (
	"slices"
	"strings"

	"jiaoliu/internal/appointment"
	"jiaoliu/internal/rotation"
)

// auditActions names every action the audit log records, in Chinese and
// English, grouped as the audit page's filter lists them. Actions whose
// code ends in a status or a step are named by auditActionName. A test
// checks that every action the code records has a name.
var auditActions = []struct {
	Code   string
	Zh, En string
}{
	{"login.success", "登录成功", "Signed in"},
	{"login.failure", "登录失败", "Failed sign-in"},
	{"login.disabled", "停用账号尝试登录", "Sign-in to a disabled account"},
	{"login.throttled", "登录过于频繁被拒绝", "Sign-in refused: too many attempts"},
	{"logout", "退出登录", "Signed out"},
	{"user.create", "新建账号", "Account created"},
	{"user.disable", "停用账号", "Account disabled"},
	{"user.enable", "启用账号", "Account enabled"},
	{"user.password_change", "修改密码", "Password changed"},
	{"user.password_reset", "重置密码", "Password reset"},
	{"grant.create", "授予角色", "Role granted"},
	{"grant.delete", "撤销角色", "Role removed"},
	{"county.create", "新建区县", "County created"},
	{"school.create", "新建学校", "School created"},
	{"school.update", "修改学校", "School changed"},
	{"educator.create", "新建教职工", "Educators created"},
	{"educator.update", "修改教职工", "Educator changed"},
	{"idnumber.reveal", "查看完整身份证号", "Full ID number shown"},
	{"roster.import", "导入花名册", "Roster imported"},
	{"roster.export", "导出花名册", "Roster exported"},
	{"roster.id_refused", "拒绝使用范围外的身份证号", "ID number outside the scope refused"},
	{"roster.id_probe", "多次上传范围外的身份证号（提醒）", "Repeated uploads of ID numbers outside the scope (alert)"},
	{"demo.load", "载入演示数据", "Demo data loaded"},
	{"rotation.policy.update", "修改交流轮岗政策", "Rotation policy changed"},
	{"rotation.exemption.apply", "申请暂缓交流", "Deferral applied for"},
	{"rotation.exchange.create", "新建交流", "Exchange created"},
	{"rotation.assessment.enter", "填写交流考核", "Exchange assessment entered"},
	{"rotation.assessment.confirm", "确认交流考核", "Exchange assessment confirmed"},
	{"rotation.return.submit", "报送年度交流轮岗情况", "Annual return submitted"},
	{"rotation.round.create", "发起乡镇内支教选派", "Township selection started"},
	{"rotation.round.apply", "报名乡镇内支教", "Applied to a township selection"},
	{"rotation.round.score", "选派评分", "Selection scored"},
	{"rotation.round.select", "确定选派人选", "Selection made"},
	{"rotation.round.publish", "公示选派结果", "Selection put on notice"},
	{"rotation.round.object", "对选派提出异议", "Objection to a selection"},
	{"rotation.round.resolve", "处理选派异议", "Selection objection answered"},
	{"rotation.round.cancel", "取消乡镇内支教选派", "Township selection cancelled"},
	{"rotation.plan.create", "新建交流轮岗方案", "Rotation plan created"},
	{"rotation.plan.solve", "生成交流轮岗方案", "Rotation plan worked out"},
	{"rotation.plan.solve_failed", "交流轮岗方案生成失败", "Rotation plan could not be worked out"},
	{"rotation.plan.reoptimise", "重新生成交流轮岗方案", "Rotation plan worked out again"},
	{"rotation.plan.edit", "调整交流轮岗方案", "Rotation plan adjusted"},
	{"rotation.plan.approve", "批准交流轮岗方案", "Rotation plan approved"},
	{"rotation.plan.object", "对交流轮岗方案提出异议", "Objection to a rotation plan"},
	{"rotation.plan.answer", "处理方案异议", "Plan objection answered"},
	{"rotation.plan.announce", "正式公布交流轮岗方案", "Rotation plan announced"},
	{"rotation.plan.discard", "放弃交流轮岗方案", "Rotation plan discarded"},
	{"rotation.plan_input.save", "填报交流意愿", "Rotation wishes saved"},
	{"rotation.plan_staffing.save", "设定方案编制", "Plan staffing set"},
	{"rotation.plan_staffing.clear", "方案编制恢复默认", "Plan staffing reset"},
	{"programme.create", "新建项目", "Programme created"},
	{"programme.update", "修改项目", "Programme changed"},
	{"programme.delete", "删除项目", "Programme deleted"},
	{"programme.enrol", "项目报名", "Enrolled in a programme"},
	{"programme.withdraw", "退出项目", "Withdrew from a programme"},
	{"notify.prefs", "修改提醒方式", "Notification settings changed"},
	{"notify.robots", "修改群机器人设置", "Group robots changed"},
	// Secondment selection (选派).
	{"secondment.conditions", "修改参训类别条件", "Category conditions changed"},
	{"secondment.selection.settings", "选派评分办法", "Selection scoring set"},
	{"secondment.nominate", "推荐或报名", "Nominated or applied"},
	{"secondment.review", "资格审查", "Qualification decided"},
	{"secondment.panel", "组成评审专家组", "Panel formed"},
	{"secondment.assign", "分配评审", "Candidates assigned"},
	{"secondment.scoring", "开始专家评审", "Scoring opened"},
	{"secondment.score", "专家评分", "Candidate scored"},
	{"secondment.results", "公布评审结果", "Results published"},
	{"secondment.notice", "拟选派名单公示", "Shortlist on notice"},
	{"secondment.remove", "异议成立取消人选", "Candidate removed after an objection"},
	{"secondment.final", "确定选派名单", "Final list fixed"},
	{"secondment.withdrawn", "选派人员退出", "Selected person withdrew"},
	{"secondment.fill", "后备人选递补", "Vacancy filled from the reserve"},
	{"notice.publish", "发布公示", "Notice published"},
	{"notice.object", "对公示提出异议", "Objection to a notice"},
	{"notice.answer", "处理公示异议", "Notice objection answered"},
	{"notice.close", "结束公示", "Notice closed"},
	{"notice.withdraw", "撤回公示", "Notice withdrawn"},
	{"attachment.upload", "上传附件", "Attachment uploaded"},
	// Secondment (挂职).
	{"secondment.batch_create", "新增批次", "Batch added"},
	{"secondment.batch_update", "修改批次", "Batch changed"},
	{"secondment.batch_delete", "删除批次", "Batch deleted"},
	{"secondment.batch_host", "设定批次接收学校", "Host of a batch set"},
	{"secondment.batch_host_remove", "移出批次接收学校", "Host removed from a batch"},
	{"secondment.host_duties", "落实接收学校职责", "Host's duties ticked"},
	{"secondment.host_create", "登记接收学校", "Host school registered"},
	{"secondment.host_update", "修改接收学校", "Host school changed"},
	{"secondment.group_create", "新增培训小组", "Training group added"},
	{"secondment.group_update", "修改培训小组", "Training group changed"},
	{"secondment.group_delete", "删除培训小组", "Training group deleted"},
	{"secondment.mentor_create", "新增项目导师", "Mentor added"},
	{"secondment.place", "安排挂职人员", "Participant placed"},
	{"secondment.propose_apply", "采用分配建议", "Proposed placement applied"},
	{"secondment.cost_add", "登记费用", "Cost recorded"},
	{"secondment.cost_delete", "删除费用", "Cost deleted"},
	{"secondment.insurance", "登记意外伤害保险", "Accident insurance recorded"},
	// Training (干部教师培训).
	{"training.course.create", "发布培训课程", "Course published"},
	{"training.class.create", "开班", "Class opened"},
	{"training.session.create", "安排课程", "Session scheduled"},
	{"training.enrol", "培训报名", "Enrolled in a course"},
	{"training.decide", "审核培训申请", "Application decided"},
	{"training.assignments", "登记作业", "Assignments recorded"},
	{"training.attendance", "培训考勤", "Attendance taken"},
	{"training.complete", "结业评定", "Class completed"},
	{"training.question.create", "题库新增试题", "Question added"},
	{"training.question.update", "题库修改试题", "Question corrected"},
	{"training.question.delete", "题库删除试题", "Question deleted"},
	{"training.question.retire", "题库停用试题", "Question retired"},
	{"training.question.restore", "题库恢复试题", "Question restored"},
	{"training.session.update", "修改课程安排", "Session corrected"},
	{"training.session.delete", "删除课程安排", "Session deleted"},
	{"training.attempt.start", "开始在线考核", "Assessment started"},
	{"training.attempt.submit", "在线考核交卷", "Assessment handed in"},
	{"training.attempt.mark", "在线考核阅卷", "Assessment marked"},
	{"training.unit.grade", "单位培训工作考核评分", "Unit's training graded"},
	{"training.commend", "培训表彰", "Commendation recorded"},
	{"training.course.update", "修改培训课程", "Course updated"},
	{"training.withdraw", "退出培训", "Enrolment withdrawn"},
	{"secondment.hours", "设置挂职登记学时", "Secondment hours set"},
	{"secondment.hours_credit", "登记挂职学时", "Secondment hours credited"},
	// The placement day by day (挂职期间).
	{"placement.record", "填写研修记录", "Training record written"},
	{"placement.record.edit", "修改研修记录", "Training record edited"},
	{"placement.comment", "批注研修记录", "Record commented"},
	{"placement.signin", "签到", "Signed in"},
	{"placement.requirement", "添加研修要求", "Requirement added"},
	{"placement.requirement.delete", "删除研修要求", "Requirement deleted"},
	// Placement leave (请销假).
	{"placement.leave_request", "申请请假", "Leave requested"},
	{"placement.leave_approve", "批准请假", "Leave approved"},
	{"placement.leave_refuse", "不批准请假", "Leave refused"},
	{"placement.leave_acknowledge", "接收方知悉请假", "Leave acknowledged for the host"},
	{"placement.leave_close", "销假", "Leave closed"},
	{"placement.leave_cancel", "撤回请假", "Leave request withdrawn"},
	// Placement completion.
	{"placement.report", "提交挂职总结报告", "Final report submitted"},
	{"placement.assess", "挂职考核（导师、接收学校）", "Placement assessed (mentor, host school)"},
	{"placement.assess_tasks", "挂职任务考核", "Placement tasks assessed"},
	{"placement.result", "评定挂职结果并记入任职经历", "Placement result decided and archived"},
	{"placement.outstanding", "确定全区典型报告人选", "Outstanding participant marked"},
	{"placement.coaching", "记录导师指导", "Coaching session recorded"},
	{"placement.coaching_follow_up", "填写导师指导的落实情况", "Coaching follow-up written"},
	{"placement.evaluation", "导师阶段评价", "Periodic evaluation written"},
	{"placement.check_in", "记录定期沟通", "Check-in recorded"},
	{"placement.group_activity", "安排小组活动", "Group activity scheduled"},
	{"placement.group_attendance", "记录小组活动出勤", "Group activity attendance recorded"},
	// Pairing and consortia.
	{"pairing.cycle_open", "开启结对周期", "Pairing cycle opened"},
	{"pairing.propose", "采用配对建议", "Pairing proposal applied"},
	{"pairing.pair_add", "增加结对", "Pair added"},
	{"pairing.pair_remove", "删除结对", "Pair removed"},
	{"pairing.publish", "公布结对名单", "Pairs published"},
	{"pairing.review", "结对周期总结", "Cycle reviewed"},
	{"pairing.commend", "结对帮扶表彰", "Pair commended"},
	{"pairing.partner_create", "登记对口帮扶单位", "External partner registered"},
	{"pairing.goal", "设置结对年度目标", "Pair goal set"},
	{"pairing.activity", "记录帮扶活动", "Activity recorded"},
	{"pairing.self_review", "结对年度自评", "Self-review submitted"},
	{"pairing.inspect", "督查结对", "Pair inspected"},
	{"consortium.create", "新建办学联合体", "Consortium created"},
	{"consortium.update", "修改办学联合体", "Consortium updated"},
	{"consortium.move", "调整学校所属办学联合体", "School moved between consortia"},
	// Staffing (编制 and 岗位).
	{"staffing.settings", "设置编制标准", "Staffing standard set"},
	{"staffing.allocation", "编制分配（新版本）", "Staffing allocation version"},
	{"staffing.file", "编制分配备案", "Staffing allocation filed"},
	{"staffing.posts", "设置专业技术岗位", "Posts set"},
	{"staffing.appoint", "岗位聘用", "Appointed to a post"},
	{"staffing.appointment_end", "结束岗位聘用", "Appointment ended"},
	{"recruit.create", "登记新招聘教师", "Recruits entered"},
	{"recruit.propose", "生成新招聘教师分配方案", "Recruits' placement proposed"},
	{"recruit.choose", "调整新招聘教师拟分配学校", "Recruit's school chosen"},
	{"recruit.approve", "批准新招聘教师分配", "Recruits' placement approved"},
	{"allowance.create", "登记津贴补贴", "Allowance recorded"},
	{"housing.create", "登记周转房", "Turnover flat recorded"},
	{"housing.move_in", "周转房分配入住", "Turnover flat allocated"},
	{"housing.move_out", "周转房退房", "Turnover flat vacated"},
	{"inspection.create", "记录督导检查", "Inspection recorded"},
	{"inspection.answer", "反馈督导检查整改情况", "Finding answered"},
	{"inspection.close", "督导检查问题销号", "Finding closed"},
	{"assessment.weights", "设置年度目标责任考核权重", "Score weights set"},
	{"educator.homeroom", "设置班主任", "Homeroom teacher set"},
	// After the placement (h-10d): report-back, follow-up, requirement edits.
	{"placement.report_back", "安排挂职汇报会", "Report-back meeting scheduled"},
	{"placement.follow_up.school", "派出学校填写跟踪问效", "Follow-up written by the home school"},
	{"placement.follow_up.organiser", "组织方评定跟踪问效", "Follow-up reviewed by the organiser"},
	{"placement.requirement.update", "修改研修要求", "Requirement edited"},
}

// auditActionSteps are the actions named by a prefix and a step: the
// step's names in Chinese and English.
var auditActionSteps = map[string]func(step, lang string) (string, bool){
	"rotation.exchange.transfer_": func(step, lang string) (string, bool) {
		names := map[string][2]string{
			"request": {"登记本人调动申请", "Transfer application recorded"},
			"origin":  {"原学校同意调动", "Origin school consented to the transfer"},
			"host":    {"交流学校同意调动", "Host school consented to the transfer"},
		}
		n, ok := names[step]
		return pickLang(lang, n[0], n[1]), ok
	},
	"rotation.exchange.": func(step, lang string) (string, bool) {
		if !rotation.Statuses.Has(step) {
			return "", false
		}
		return pickLang(lang, "交流状态改为「"+rotation.Statuses.Label(step, "zh")+"」", "Exchange "+strings.ToLower(rotation.Statuses.Label(step, "en"))), true
	},
	"rotation.exemption.": func(step, lang string) (string, bool) {
		if !rotation.ExemptionStatuses.Has(step) || step == string(rotation.ExemptionPending) {
			return "", false
		}
		return pickLang(lang, "暂缓交流申请"+rotation.ExemptionStatuses.Label(step, "zh"), "Deferral "+strings.ToLower(rotation.ExemptionStatuses.Label(step, "en"))), true
	},
	// Principal selection (校长选聘): its steps as its record names them.
	"appointment.": func(step, lang string) (string, bool) {
		if !appointment.Steps.Has(step) {
			return "", false
		}
		return pickLang(lang, "校长选聘："+appointment.Steps.Label(step, "zh"), "Principal selection: "+appointment.Steps.Label(step, "en")), true
	},
}

// auditActionSteps' prefixes, longest first, so that a step prefix inside
// another (rotation.exchange.transfer_) wins.
var auditStepPrefixes = func() []string {
	var out []string
	for p := range auditActionSteps {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}()

// auditActionName names an action code in lang, and says whether it knows
// the code; an unknown code (from a newer version) shows as itself.
func auditActionName(lang, code string) (string, bool) {
	for _, a := range auditActions {
		if a.Code == code {
			return pickLang(lang, a.Zh, a.En), true
		}
	}
	for _, p := range auditStepPrefixes {
		if step, ok := strings.CutPrefix(code, p); ok {
			if name, ok := auditActionSteps[p](step, lang); ok {
				return name, true
			}
		}
	}
	return code, false
}

// auditEntities names the kinds of thing an audit entry is about.
var auditEntities = []struct {
	Code   string
	Zh, En string
}{
	{"user", "账号", "Account"},
	{"county", "区县", "County"},
	{"school", "学校", "School"},
	{"educator", "教职工", "Educator"},
	{"roster", "花名册", "Roster"},
	{"database", "数据库", "Database"},
	{"rotation_policy", "交流轮岗政策", "Rotation policy"},
	{"rotation_exchange", "交流", "Exchange"},
	{"rotation_exemption", "暂缓交流申请", "Deferral"},
	{"rotation_assessment", "交流考核", "Exchange assessment"},
	{"rotation_return", "年度报送", "Annual return"},
	{"rotation_round", "乡镇内支教选派", "Township selection"},
	{"rotation_plan", "交流轮岗方案", "Rotation plan"},
	{"programme", "项目", "Programme"},
	{"secondment_candidate", "选派候选人", "Selection candidate"},
	{"notice", "公示", "Public notice"},
	{"secondment_host", "接收学校", "Host school"},
	{"placement", "挂职安排", "Placement"},
	{"appointment_selection", "校长选聘", "Principal selection"},
	{"leave", "请假", "Leave"},
	{"placement", "挂职安排", "Placement"},
	{"pairing_pair", "结对", "Pair"},
	{"pairing_activity", "帮扶活动", "Pairing activity"},
	{"pairing_partner", "对口帮扶单位", "External partner"},
	{"consortium", "办学联合体", "Consortium"},
	{"staffing_allocation", "编制分配", "Staffing allocation"},
	{"recruit", "新招聘教师", "Recruit"},
	{"housing_unit", "周转房", "Turnover flat"},
	{"inspection", "督导检查", "Inspection"},
	{"city", "市", "City"},
	{"group_activity", "小组活动", "Group activity"},
}

// auditEntityName names an entity kind in lang.
func auditEntityName(lang, code string) string {
	for _, e := range auditEntities {
		if e.Code == code {
			return pickLang(lang, e.Zh, e.En)
		}
	}
	return code
}

// actorName shows who acted: a person's account as it is, the system's
// own actors (the demo loader, the command line) in words.
func actorName(lang, actor string) string {
	switch {
	case actor == "demo":
		return pickLang(lang, "演示数据", "Demo data")
	case actor == "anonymous":
		return pickLang(lang, "未登录用户", "Not signed in")
	case actor == "bench":
		return pickLang(lang, "性能测试", "Benchmark")
	case strings.HasPrefix(actor, "shell:"):
		return pickLang(lang, "命令行（"+strings.TrimPrefix(actor, "shell:")+"）", "Command line ("+strings.TrimPrefix(actor, "shell:")+")")
	}
	return actor
}

// pickLang returns en in English and zh otherwise.
func pickLang(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// auditStepCodes lists the actions named by a prefix and a step, for the
// audit filter: every exchange status, every decision on a deferral, every
// step of a transfer.
func auditStepCodes() []string {
	var out []string
	for _, t := range rotation.Statuses {
		out = append(out, "rotation.exchange."+t.Code)
	}
	for _, step := range []string{"request", "origin", "host"} {
		out = append(out, "rotation.exchange.transfer_"+step)
	}
	for _, t := range rotation.ExemptionStatuses {
		if t.Code != string(rotation.ExemptionPending) {
			out = append(out, "rotation.exemption."+t.Code)
		}
	}
	for _, t := range appointment.Steps {
		out = append(out, "appointment."+t.Code)
	}
	return out
}
