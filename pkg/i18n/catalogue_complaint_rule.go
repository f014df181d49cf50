package i18n

// The complaints' own rule of the nightly check (complaint_open, issue 17)
// and the worker's payslip link beside the contractor's.
func init() {
	register(map[string]Message{
		"console.rule.complaint_open":    {ZH: "投诉待办", EN: "Complaint being handled"},
		"console.explain.complaint_open": {ZH: "一件举报投诉正在办理：尚待决定是否受理，或已受理尚未办结。账面有其所述欠薪时为高，受理或办结期限已过时再提高一级。该提示只有监察机构可见，不显示投诉人（《劳动保障监察条例》第九条）；投诉办结或不予受理后自动关闭。", EN: "A complaint is being handled: awaiting the decision to take it up, or taken up and not yet concluded. High when the books show the arrears it names, one level higher once the deadline to accept or conclude it has passed. Only the inspectors see this alert, and it names no complainant (LSIR Art. 9); it closes when the complaint is concluded or refused."},
		"console.subject.complaint":      {ZH: "投诉", EN: "complaint"},
		"console.evidence.complaint":     {ZH: "举报投诉", EN: "Complaints"},
	})
	registerEN(map[string]string{
		"complaint %s, received on %s, awaits acceptance or refusal by %s":                      "投诉 %s 于 %s 收到，须在 %s 前决定是否受理",
		"complaint %s, received on %s, was to be accepted or refused by %s and is not: overdue": "投诉 %s 于 %s 收到，应在 %s 前决定是否受理，至今未决定：已逾期",
		"complaint %s, accepted on %s, is to be concluded by %s":                                "投诉 %s 于 %s 受理，须在 %s 前办结",
		"complaint %s, accepted on %s, was to be concluded by %s and is not: overdue":           "投诉 %s 于 %s 受理，应在 %s 前办结，至今未办结：已逾期",
		"%s; the books show wages unpaid for %s that it names":                                  "%s；账面显示其所述 %s 的工资未付",
		"complaint %s was refused on %s":                                                        "投诉 %s 已于 %s 决定不予受理",
		"complaint %s was concluded on %s":                                                      "投诉 %s 已于 %s 办结",
		"an alert about a complaint is not given %s: decide the complaint itself (accept, refuse, extend, conclude) and order payment on the arrears alerts it names": "投诉提示不能进行“%s”：请对投诉本身作出决定（受理、不予受理、延期、办结），并在其所涉的欠薪提示上责令支付",
		"an alert about a complaint is not resolved by hand: it closes when the complaint is refused or concluded (decide the complaint itself)":                      "投诉提示不能手工关闭：投诉办结或决定不予受理后自动关闭（请对投诉本身作出决定）",
		"the worker of payslip token %s holds %s, given to them by the labour inspectors: re-issue that one":                                                          "工资条令牌 %s 的工人已持有监察机构直接发给其本人的 %s：请重新发放那一个",
		"payroll %s: a link of their own for the worker of %s, given to the worker by the inspectors":                                                                 "工资表 %s：为 %s 的工人另发一个本人的链接，由监察机构直接交给工人",
	})
}
