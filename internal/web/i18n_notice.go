package web

// noticeCatalogue is the English of the notice (公示) and attachment pages.
var noticeCatalogue = map[string]string{
	"交流轮岗方案、乡镇内支教选派等事项的公示：公示期内可对公示内容提出异议，由负责单位答复。": "Public notices of rotation plans, township selections and other procedures: while a notice is open, anyone who may read it may object; the responsible office answers.",
	"事项":         "Procedure",
	"异议":         "Objections",
	"%d条待处理":     "%d to answer",
	"您可查看的公示暂无。": "There is no notice for you to read.",
	"发布":         "Published",
	"撤回":         "Withdrawn",
	"结束":         "Closed",
	"公示对象":       "Person or item",
	"内容":         "Details",
	"本公示没有名单。":   "This notice lists no one.",
	"异议与答复":      "Objections and answers",
	"答复":         "Answer",
	"结论":         "Outcome",
	"待答复":        "Awaiting an answer",
	"整个公示":       "The whole notice",
	"公示附件":       "Attachments",
	"没有附件。":      "No attachments.",
	"上传附件（PDF、JPG/PNG图片或Office文档，不超过10MB）": "Add a file (PDF, JPG/PNG image or Office document, at most 10 MB)",
	"上传": "Upload",
}

// noticeFlashes are the messages after a notice's forms.
var noticeFlashes = map[string][2]string{
	"attachment_saved": {"附件已上传。", "The file is attached."},
}
