package i18n

// Issue 17's last findings: an order to pay's page, and the deadlines of
// orders and blacklist notices counted again on a newer calendar.
func init() {
	register(map[string]Message{
		"console.order.title":           {ZH: "限期支付令", EN: "Order to pay"},
		"console.order.gc":              {ZH: "先行清偿的总承包单位", EN: "General contractor bound to pay first"},
		"console.order.lapsed_on":       {ZH: "逾期日", EN: "Lapsed on"},
		"console.order.unpaid_at_lapse": {ZH: "逾期时未付", EN: "unpaid at the lapse"},
		"console.order.closed_on":       {ZH: "结清日", EN: "Closed on"},
		"console.order.note":            {ZH: "备注", EN: "Note"},
		"console.order.lines":           {ZH: "责令支付的工资", EN: "Wages ordered paid"},
		"console.order.worker":          {ZH: "工人", EN: "Worker"},
		"console.order.period":          {ZH: "工资月份", EN: "Month"},
		"console.order.decisions":       {ZH: "已作出的决定", EN: "Decisions taken"},
		"console.order.no_decisions":    {ZH: "尚未作出决定。", EN: "No decision taken yet."},
		"console.order.next_steps":      {ZH: "法律允许的后续措施", EN: "Next steps the law allows"},
		"console.order.step":            {ZH: "措施", EN: "Step"},
		"console.order.available":       {ZH: "现可采取", EN: "Open now"},
		"console.order.step_amount":     {ZH: "金额", EN: "Amount"},
		"console.order.law":             {ZH: "依据", EN: "Law"},
		"console.order.decided":         {ZH: "已决定", EN: "decided"},
		"console.order.open":            {ZH: "可采取", EN: "open"},
		"console.order.closed":          {ZH: "暂不可采取", EN: "not open"},
		"worker.complaints.where": {ZH: "本页不显示投诉。如您已投诉，请打开投诉时得到的回执链接，凭回执编号查看办理进度。",
			EN: "This page shows no complaint. If you filed one, follow it through the receipt link and code you were given when you filed it."},
		"receipt.provisional": {ZH: "（暂定：该年度国务院放假安排尚未公布，期限可能调整）", EN: "(provisional: the State Council holiday notice for that year is not published yet; the date may move)"},
	})
	registerEN(map[string]string{
		"the order's deadline counted again on the working-day calendar as loaded: %s, was %s":     "按已载入的工作日历重新计算限期支付令的期限：%s（原为 %s）",
		"the unit's reply-by date counted again on the working-day calendar as loaded: %s, was %s": "按已载入的工作日历重新计算单位陈述申辩的截止日期：%s（原为 %s）",
	})
}
