package web

// The English of what follows a placement at home (SPEC §4.5): the
// report-back meeting, the follow-up, the printable record, the exports and
// the edit of a requirement. Registered with the other catalogues by init,
// so that this area's strings stay in one file.
var placementFollowupCatalogue = map[string]string{
	"挂职汇报会":    "Report-back meeting",
	"汇报会安排":    "Meetings",
	"安排汇报会":    "Schedule a meeting",
	"全部批次":     "All batches",
	"参会人员":     "Attendees",
	"开始时间":     "Begins at",
	"保存并通知":    "Save and notify",
	"尚未安排汇报会。": "No meeting is scheduled yet.",
	"参训人员返岗后，由组织方在派出地举行学习交流汇报会；结果为优秀的参训人员在全区作典型报告。汇报会前30天起，参训人员和派出学校在待办中收到通知。": "After the return the organiser holds a report-back meeting at home; participants whose result is excellent report to the whole district. From 30 days before, the participants and their home schools find it in their inbox.",
	"尚未确定全区典型报告人选（在挂职总结与考核中，结果为优秀者方可确定）。":                                      "No one is chosen to report to the district yet (on the completion page; only a participant whose result is excellent).",
	"导出挂职名册":  "Export the placements",
	"下载考勤表":   "Download the attendance sheet",
	"跟踪问效":    "Follow-up",
	"%s的跟踪问效": "Follow-up of %s",
	"挂职结束于%s。返岗后6个月和12个月，由派出学校填写学校在某一领域的新进展，项目组织方评定。": "The placement ended on %s. 6 and 12 months after the return, the home school describes its new progress and the organiser reviews it.",
	"返岗%d个月":           "%d months after the return",
	"派出学校：学校的新进展":      "Home school: the school's new progress",
	"尚未填写。":            "Not written yet.",
	"学校的新进展（10至2000字）": "The school's new progress (10 to 2000 characters)",
	"保存学校的进展":          "Save the progress",
	"组织方评定":            "Organiser's review",
	"尚未评定。":            "Not reviewed yet.",
	"评定意见（10至2000字）":   "Review (10 to 2000 characters)",
	"保存评定":             "Save the review",
	"挂职锻炼鉴定表":          "Placement record",
	"请用浏览器的打印功能按A4纸打印本页。": "Print this page on A4 with the browser's print command.",
	"研修任务完成情况":            "Tasks done",
	"完成":                  "Done",
	"请假天数：%d":             "Days of leave: %d",
	"派出学校尚未填写。":           "The home school has not written yet.",
	"派出学校（盖章）":            "Home school (seal)",
	"项目组织方（盖章）":           "Organiser (seal)",
	"打印日期":                "Printed on",
	"修改研修要求":              "Edit a requirement",
	"要求类型不能修改；修改后各参训人员的进度按记录重新计算。": "The kind cannot change; every participant's progress is computed again from the records.",
}

// placementFollowupFlashes are the messages after this area's forms.
var placementFollowupFlashes = map[string][2]string{
	"report_back_saved": {"汇报会已安排，将通知参训人员和派出学校。", "Meeting scheduled; the participants and their home schools are told."},
	"follow_up_saved":   {"跟踪问效已保存。", "Follow-up saved."},
}

func init() {
	catalogues = append(catalogues, placementFollowupCatalogue)
	for k, v := range placementFollowupFlashes {
		programmeFlashes[k] = v
	}
}
