package web

// notifyCatalogue is the English of the notification pages: the inbox
// (待办事项), the calendar of due dates and how one is told.
var notifyCatalogue = map[string]string{
	"待办事项": "To do",
	"等待您办理的事项：办理后自动消除。": "What waits on you; an item clears itself once the action is done.",
	"截止日期":    "Deadlines",
	"提醒方式":    "Notification settings",
	"全部标为已读":  "Mark all read",
	"自":       "Since",
	"截止":      "Due",
	"已读":      "Read",
	"标为已读":    "Mark read",
	"没有待办事项。": "Nothing waits on you.",
	"您权限范围内的截止日期：年度报送、公示期满、交流期满、暂缓到期等。今天是%s。": "Deadlines within your scope: annual returns, ends of public notices, exchanges and deferrals ending. Today is %s.",
	"起始日期":         "From",
	"这段时间内没有截止日期。": "No deadline in this period.",
	"待办事项总会出现在右上角的铃铛中；您还可以选择通过电子邮件接收。消息只写明事项和办理链接，不含身份证号、请假原因或分数。": "Items always appear under the bell at the top right; you may also receive them by e-mail. A message names the item and links to it: no ID numbers, no reasons for leave, no scores.",
	"电子邮件": "E-mail",
	"本系统尚未配置邮件服务器（JIAOLIU_SMTP_URL），设置会保存，配置后生效。": "No mail server is configured (JIAOLIU_SMTP_URL); your settings are kept and apply once one is.",
	"电子邮件地址":         "E-mail address",
	"电子邮件地址无效或未填写":   "The e-mail address is missing or invalid",
	"通过电子邮件接收待办":     "Receive items by e-mail",
	"每日汇总一封，而不是逐条发送": "One digest a day instead of a message per item",
	"单位群机器人":         "Units' group robots",
	"企业微信、钉钉群机器人：把本单位要办理的事项发到工作群。": "WeCom and DingTalk group robots: post what your unit must do to its work group.",
	"群机器人": "Group robots",
	"把本单位要办理的事项发到企业微信或钉钉工作群。Webhook 网址是密钥：保存后只显示主机名；留空则保持不变。": "Post what your unit must do to a WeCom or DingTalk work group. A webhook URL is a secret: once saved only its host is shown; leave the field empty to keep it.",
	"企业微信群机器人 Webhook": "WeCom robot webhook",
	"已设置":              "Set",
	"删除企业微信群机器人":       "Remove the WeCom robot",
	"钉钉群机器人 Webhook":   "DingTalk robot webhook",
	"删除钉钉群机器人":         "Remove the DingTalk robot",
	"每日汇总一条，而不是逐条发送":   "One digest a day instead of a message per item",
	"已逾期的截止日期":         "Overdue deadlines",
	"全部截止日期":           "All deadlines",
}

// notifyFlashes are the notification pages' flash messages.
var notifyFlashes = map[string][2]string{
	"notification_read":  {"已标为已读。", "Marked read."},
	"notifications_read": {"全部标为已读。", "All marked read."},
	"prefs_saved":        {"提醒方式已保存。", "Notification settings saved."},
	"robots_saved":       {"群机器人设置已保存。", "Robot settings saved."},
}
