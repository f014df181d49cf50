package i18n

// Orders to pay (限期支付令) and the inspectors' decisions after one lapses.
func init() {
	registerEN(map[string]string{
		"%s cannot be decided now: %s":                "%s 现在不能决定：%s",
		"%s was decided on this order already, on %s": "本支付令已于 %[2]s 决定过 %[1]s",
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
		"the order has not lapsed: its deadline is %s and it is %s":                                          "支付令尚未逾期：期限为 %s，当前状态为 %s",
		"the order is not valid":                                                                             "支付令无效",
		"the order lapsed and the unpaid wages reach the criminal threshold":                                 "支付令已逾期，且欠薪数额达到刑事立案标准",
		"the order lapsed on %s with %s unpaid to %d workers: the guarantee may pay them":                    "支付令于 %[1]s 逾期，尚欠 %[3]d 名工人 %[2]s：可动用工资保证金支付",
		"the order lapsed on %s with %s unpaid":                                                              "支付令于 %s 逾期，尚欠 %s",
		"the project holds no guarantee that can be drawn on":                                                "本项目没有可动用的工资保证金",
		"the unpaid wages are below the criminal threshold":                                                  "欠薪数额未达到刑事立案标准",
		"the wages under the order were paid after it lapsed":                                                "支付令所涉工资已在逾期后付清",
		"the alert has a live order to pay already":                                                          "该预警已有未结的限期支付令",
		"this step was decided on the order already":                                                         "本支付令已决定过此项措施",
	})
}
