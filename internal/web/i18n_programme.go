package web

// programmeCatalogue is the English of the programme pages (项目).
var programmeCatalogue = map[string]string{
	"项目":     "Programmes",
	"进行中的项目": "Programmes running",
	"新建项目":   "New programme",
	"修改项目":   "Edit programme",
	"挂职锻炼、挂职培训、结对帮扶和干部教师培训项目：组织单位、接收单位、期间、参训类别和名额、参训人员。": "Secondment, secondment training, pairing and training programmes: organiser, hosts, dates, participant categories with their quotas, participants.",
	"名称或单位":   "Name or unit",
	"项目名称":    "Programme",
	"组织单位":    "Organised by",
	"组织实施单位":  "Organising unit",
	"接收单位":    "Hosts",
	"全市":      "City-wide",
	"参训人数":    "Participants",
	"参训人员":    "Participants",
	"参训类别":    "Category",
	"参训类别及名额": "Categories and quotas",
	"已报名":     "Enrolled",
	"余额":      "Places left",
	"报名":      "Enrol",
	"报名参训人员":  "Enrol participants",
	"移出":      "Withdraw",
	"删除项目":    "Delete programme",
	"只能删除没有参训人员、也没有账号被授予其角色的项目。": "Only a programme without participants and without accounts granted over it can be deleted.",
	"查找":               "Find",
	"参加的项目":            "Programmes",
	"项目说明":             "Description",
	"尚无参训人员。":          "No participants yet.",
	"您的权限范围内没有项目。":     "No programme is within your scope.",
	"没有找到符合条件的教职工。":    "No educator matches.",
	"如：2026年中层干部挂职锻炼":  "e.g. 2026 secondment of middle cadres",
	"如：市教师进修学校":        "e.g. the city's teacher training school",
	"如：上海市浦东新区各实验学校":   "e.g. the experimental schools of Pudong, Shanghai",
	"如：张三、zhangsan、zs": "e.g. 张三, zhangsan, zs",
	"每行一个，如：中层干部 20":   "One per line, e.g. 中层干部 20",
	"每行写一个参训类别和名额，如“中层干部 20”“级部主任 13”；不分类别时留空。": "One category and its quota per line, e.g. \"中层干部 20\" or \"级部主任 13\"; leave empty for no categories.",
	// Column headers (issue 8, item 16).
	"报名登记": "Enrolled by",
	"报名情况": "Enrolment",
}

// programmeFlashes are the messages after a successful programme form.
var programmeFlashes = map[string][2]string{
	"programme_created": {"项目已创建，可以报名参训人员。", "Programme created; you can now enrol participants."},
	"programme_saved":   {"项目已保存。", "Programme saved."},
	"member_added":      {"已报名。", "Enrolled."},
	"member_removed":    {"已移出项目。", "Withdrawn from the programme."},
	"programme_deleted": {"项目已删除。", "Programme deleted."},
}
