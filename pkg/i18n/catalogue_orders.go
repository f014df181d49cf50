package i18n

// Orders to pay (限期支付令) and the inspectors' decisions after one lapses.
func init() {
	registerEN(map[string]string{
		"order to pay %s: %s to %d {line|lines} by %s.": "支付令 %s：%s 元，共 %d 行，限 %s 前支付。",
		// An order's status and the steps after a lapse, in words (ledger/labels.go).
		"issued, awaiting payment":                    "已下达，待支付",
		"complied with":                               "已按期支付",
		"lapsed unpaid":                               "逾期未付",
		"settled after lapsing":                       "逾期后已付清",
		"a drawdown on the wage guarantee":            "动用工资保证金",
		"extra compensation":                          "加付赔偿金",
		"enforcement by the court":                    "申请人民法院强制执行",
		"a criminal referral":                         "移送公安机关",
		"%s on %s: %s (decision %s)":                  "%[2]s 决定%[1]s：%[3]s 元（决定书 %[4]s）",
		"%s cannot be decided now: %s":                "现在还不能决定%s：%s",
		"%s was decided on this order already, on %s": "本支付令已于 %[2]s 决定过%[1]s",
		"%s was unpaid when the order lapsed on %s: extra compensation of %d%% to %d%% of it may be ordered": "支付令于 %[2]s 逾期时尚欠 %[1]s：可责令按其 %[3]d%%～%[4]d%% 加付赔偿金",
		"alert %s is not about an employer's unpaid wages: an order to pay names an employer":                "预警 %s 不是针对用工单位欠薪的预警：限期支付令须指明用工单位",
		"decided on %s": "已于 %s 决定",
		"guarantee %s is not one the project holds":                                                          "保证金 %s 不属于本项目",
		"percent must be %d to %d (LSIR Art. 26)":                                                            "percent 须在 %d 至 %d 之间（《劳动保障监察条例》第二十六条）",
		"read orders to pay: only inspectors, administrators and the project's contractors may":              "查看限期支付令：只有监察员、管理员和项目的承包单位可以",
		"status must be issued, complied, lapsed or settled":                                                 "status 须为 issued、complied、lapsed 或 settled",
		"step %q is not one of guarantee_drawdown, extra_compensation, court_enforcement, criminal_referral": "step %q 不是 guarantee_drawdown、extra_compensation、court_enforcement、criminal_referral 之一",
		"the books owe nothing behind alert %s: there is nothing to order paid":                              "账上预警 %s 所涉工资已无欠付：没有可责令支付的款项",
		"the decision is not valid":                                                                          "决定无效",
		"the order has not lapsed: its deadline is %s and it is %s":                                          "支付令尚未逾期：期限为 %s，当前状态为“%s”",
		"the order is not valid":                                                                             "支付令无效",
		"the order lapsed and the unpaid wages reach the criminal threshold":                                 "支付令已逾期，且欠薪数额达到刑事立案标准",
		"the order lapsed on %s with %s unpaid to %d {worker|workers}: the guarantee may pay them":           "支付令于 %[1]s 逾期，尚欠 %[3]d 名工人 %[2]s：可动用工资保证金支付",
		"the order lapsed on %s with %s unpaid":                                                              "支付令于 %s 逾期，尚欠 %s",
		"the project holds no guarantee that can be drawn on":                                                "本项目没有可动用的工资保证金",
		"the unpaid wages are below the criminal threshold":                                                  "欠薪数额未达到刑事立案标准",
		"the wages under the order were paid after it lapsed":                                                "支付令所涉工资已在逾期后付清",
		"the alert has a live order to pay already":                                                          "该预警已有未结的限期支付令",
		"this step was decided on the order already":                                                         "本支付令已决定过此项措施",
	})
}

// Complaints that raise an alert: inspectors only (LSIR Art. 9).
func init() {
	registerEN(map[string]string{
		"the severity was raised one level: complaint %s names these arrears": "因举报投诉 %s 涉及该欠薪，严重程度提高一级",
	})
}

// Drawdowns through an order, the general contractor it binds, the
// referral read from the nightly check.
func init() {
	registerEN(map[string]string{
		"the order names neither the general contractor nor it as bound to pay first: its guarantee is drawn only after an order binding it lapsed (REG Art. 30)": "支付令既未责令施工总承包单位支付，也未责令其先行清偿：只有约束总承包单位的支付令逾期后，方可动用其工资保证金（《保障农民工工资支付条例》第三十条）",
		"the order lapsed on %s with %s unpaid; the guarantee covers %s: it may pay that much of it":                                                              "支付令于 %s 逾期，尚欠 %s；工资保证金尚可支付 %s：可在此额度内动用",
		"the nightly check does not find the employer's overdue arrears on the project reaching the criminal threshold":                                           "夜间检查未发现该用工单位在本项目的逾期欠薪达到刑事立案标准",
		"the order lapsed and the nightly check finds the employer's overdue arrears on the project reach the criminal threshold (alert %s)":                      "支付令已逾期，且夜间检查发现该用工单位在本项目的逾期欠薪达到刑事立案标准（预警 %s）",
		"guarantee %s is not one of the project's that can be drawn on":                                                                                           "保证金 %s 不是本项目可动用的工资保证金",
		"the deadline %s is more than %d working {day|days} away: %s at the latest":                                                                               "期限 %s 超过 %d 个工作日：最晚为 %s",
		"an amount is given only for a guarantee drawdown":                                                                                                        "只有动用工资保证金时才可填写金额",
		"¥%s is more than the order leaves unpaid, ¥%s":                                                                                                           "¥%s 超过支付令尚欠的 ¥%s",
		"¥%s is more than guarantee %s still covers, ¥%s":                                                                                                         "¥%s 超过保证金 %s 尚可支付的 ¥%s",
	})
}

// The orders' statuses and steps as a person reads them (ledger's Label).
func init() {
	register(map[string]Message{
		"order.status.issued":           {ZH: "已下达", EN: "issued"},
		"order.status.complied":         {ZH: "已按期履行", EN: "complied"},
		"order.status.lapsed":           {ZH: "已逾期", EN: "lapsed"},
		"order.status.settled":          {ZH: "逾期后已付清", EN: "settled"},
		"order.step.guarantee_drawdown": {ZH: "动用工资保证金", EN: "guarantee drawdown"},
		"order.step.extra_compensation": {ZH: "加付赔偿金", EN: "extra compensation"},
		"order.step.court_enforcement":  {ZH: "申请法院强制执行", EN: "court enforcement"},
		"order.step.criminal_referral":  {ZH: "移送公安机关", EN: "criminal referral"},
	})
}
