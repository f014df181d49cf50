package i18n

// Messages that a final review found still in English in a Chinese answer
// (issue 12): the money grammar's faults, states named in refusals, the
// JSON parser's faults, keyed by their English text.
func init() {
	registerEN(map[string]string{
		"has its thousands separators in the wrong place: they group the yuan in threes, like \"8,800.00\"": "的千分位分隔符位置不对：应每三位一组分隔整数部分，如 \"8,800.00\"",

		// States and steps named in refusals (ledger/labels_states.go).
		"open":                        "待处理",
		"acknowledged":                "已受理",
		"under a rectification order": "责令整改中",
		"escalated":                   "已上报",
		"resolved":                    "已解决",
		"an acknowledgement":          "受理",
		"a rectification order":       "责令整改",
		"a resolution":                "解决",
		"an escalation":               "上报",
		"a reopening":                 "重新打开",
		"received":                    "已收到",
		"accepted":                    "已受理",
		"refused":                     "不予受理",
		"concluded":                   "已办结",
		"an acceptance":               "受理",
		"a refusal":                   "不予受理",
		"an extension":                "延期",
		"a conclusion":                "办结",
		"pending":                     "待银行处理",
		"partly paid":                 "部分已支付",
		"partly failed":               "部分失败",
		"paid":                        "已支付",
		"failed":                      "支付失败",
		"returned":                    "已退票",
		"reissued":                    "已重新发放",
		"superseded":                  "已被取代",
		"not yet valid":               "尚未生效",
		"active":                      "有效",
		"expiring":                    "即将到期",
		"expired":                     "已到期",
		"drawn on":                    "已被动用",
		"released":                    "已退还",
		"submitted":                   "已提交",
		"approved":                    "已审核通过",
		"rejected":                    "已退回",
	})
}
