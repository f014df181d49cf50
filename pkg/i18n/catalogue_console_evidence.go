package i18n

// What a record behind an alert is, as the alert page names it (the raw ID
// stays in the link's title).
func init() {
	register(map[string]Message{
		"console.evidence.worker":             {ZH: "%s（%s）", EN: "%s (%s)"},
		"console.evidence.label.payroll_line": {ZH: "工资单 %s 第 %d 行", EN: "Payroll %s, line %d"},
		"console.evidence.label.payroll":      {ZH: "工资单 %s（%s）", EN: "Payroll %s (%s)"},
		"console.evidence.label.instruction":  {ZH: "付款指令：付给 %s", EN: "Payment instruction to %s"},
		"console.evidence.label.confirmation": {ZH: "银行回单 %s（%s）", EN: "Bank confirmation %s (%s)"},
		"console.evidence.label.entry":        {ZH: "记账分录（%d 笔过账）", EN: "Ledger entry (%d {posting|postings})"},
		"console.evidence.label.account":      {ZH: "%s的应付工资（%s）", EN: "Wages payable to %s for %s"},
		"console.evidence.label.attendance":   {ZH: "%s的考勤（%s）", EN: "Attendance of %s in %s"},
		"console.evidence.label.enrolment":    {ZH: "工人 %s", EN: "Worker %s"},
		"console.evidence.label.allocation":   {ZH: "人工费拨付 %s（%s 到账）", EN: "Allocation %s (received %s)"},
		"console.evidence.label.guarantee":    {ZH: "保证金 %s", EN: "Guarantee %s"},
		"console.evidence.label.drawdown":     {ZH: "保证金动用 %s（%s）", EN: "Drawdown %s (%s)"},
		"console.project.name_code":           {ZH: "%s（%s）", EN: "%s (%s)"},
		"console.series.guarantee":            {ZH: "保证金代付", EN: "Paid from a guarantee"},
		"console.actor.key":                   {ZH: "%s（%s）", EN: "%s (%s)"},
		"console.confirmation.label":          {ZH: "银行回单 %s（%s 到账 %s）", EN: "bank confirmation %s (%s, %s)"},
		"console.evidence.label.order":        {ZH: "整改指令（预警 %s）", EN: "Order to pay (alert %s)"},
	})
}
