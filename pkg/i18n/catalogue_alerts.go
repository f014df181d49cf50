package i18n

// Messages of the nightly check: why each rule raised its alert, why the
// check resolved one, and the notes it writes into an alert's history. They
// are stored as key and arguments and rendered when read.
func init() {
	registerEN(map[string]string{
		// Why a rule fired.
		"%d worker's wages for %s, due %s, are not confirmed paid in full as of %s":                   "%d 名工人 %s 的工资（应于 %s 前支付），截至 %s 未经银行确认足额支付",
		"%d workers' wages for %s, due %s, are not confirmed paid in full as of %s":                   "%d 名工人 %s 的工资（应于 %s 前支付），截至 %s 未经银行确认足额支付",
		"%d worker was paid less than their net pay for %s":                                           "%d 名工人 %s 实发金额低于应发净额",
		"%d workers were paid less than their net pay for %s":                                         "%d 名工人 %s 实发金额低于应发净额",
		"payments to %d worker for %s failed and none succeeded within %d working {day|days}":         "向 %d 名工人支付 %s 工资失败，且 %d 个工作日内未重新支付成功",
		"payments to %d workers for %s failed and none succeeded within %d working days":              "向 %d 名工人支付 %s 工资失败，且 %d 个工作日内未重新支付成功",
		"%d worker attended in %s; the pay day %s has passed and the employer has no payroll for it":  "%d 名工人 %s 有考勤；发薪日 %s 已过，用工单位仍未提交该月工资单",
		"%d workers attended in %s; the pay day %s has passed and the employer has no payroll for it": "%d 名工人 %s 有考勤；发薪日 %s 已过，用工单位仍未提交该月工资单",
		"%d worker attended in %s but is on no approved payroll for it":                               "%d 名工人 %s 有考勤，但不在该月任何已批准的工资单上",
		"%d workers attended in %s but are on no approved payroll for it":                             "%d 名工人 %s 有考勤，但不在该月任何已批准的工资单上",
		"an approved payroll pays this worker for %s, when the worker %s in %s":                       "已批准的工资单向该工人支付了 %s 的工资，但该工人%s（%s）",
		"has no attendance":               "当月没有考勤记录",
		"was not enrolled on the project": "当月未在本项目登记",
		"one bank card is registered for %d {worker|workers} of the project":                                              "本项目有 %d 名工人登记了同一张银行卡",
		"the worker left on %s; %d {day|days} later %s is unpaid and %d {month|months} worked are on no approved payroll": "该工人已于 %s 离场；%d 天后仍有 %s 元未付，另有 %d 个月的工作不在任何已批准的工资单上",
		"a full month (%d {day|days}) in %s paid %s gross, below the monthly minimum wage %s (%s)":                        "满勤（%d 天）的 %s 应发工资为 %s 元，低于月最低工资标准 %s 元（%s）",
		"an order to pay lapsed on %s and %d worker is still owed %s, which reaches the criminal threshold":               "责令支付期限已于 %s 届满，仍拖欠 %d 名工人共 %s 元，已达到拒不支付劳动报酬罪的追诉标准",
		"an order to pay lapsed on %s and %d workers are still owed %s, which reaches the criminal threshold":             "责令支付期限已于 %s 届满，仍拖欠 %d 名工人共 %s 元，已达到拒不支付劳动报酬罪的追诉标准",
		"no labour-cost allocation since %s: %d {cycle|cycles} missed in a row, %d over the project":                      "自 %s 起未拨付人工费用：连续 %d 个周期未拨付，项目累计 %d 个周期",
		"the wage account holds %s while %s of wages past their pay day are unpaid":                                       "工资专用账户余额 %s 元，同时有 %s 元已过发薪日的工资未支付",
		"no wage guarantee was lodged by %s, %d working {day|days} after the start on %s, and no exemption applies":       "截至 %s（%[3]s 开工后 %[2]d 个工作日）仍未缴存工资保证金，且不符合免缴条件",
		"guarantees held %s are below the required %s":                                                                    "已缴存的工资保证金 %s 元，低于应缴的 %s 元",
		"the bank letter expired on %s and nothing replaces it":                                                           "银行保函已于 %s 到期，且没有替代的保证金",
		"drawdowns left the project's guarantees %s short; the first, on %s, was due to be topped up by %s":               "项目的保证金因动用共短缺 %s 元；第一次动用在 %s，应于 %s 前补足",
		"%s; raised one level: complaint %s names these arrears":                                                          "%s；已提高一级：投诉 %s 指向这笔欠薪",
		"the bank letter expires on %s, within %d {day|days}":                                                             "银行保函将于 %s 到期（%d 天内）",

		// Why the check resolved an alert.
		"no longer found as of %s":                                                    "截至 %s 已不再发现该问题",
		"paid in full, confirmed by the bank as of %s: %s":                            "截至 %s 已足额支付，经银行确认：%s",
		"the wages it held back are paid in full, confirmed by the bank as of %s: %s": "其滞留的工资截至 %s 已足额支付，经银行确认：%s",
		"topped up to the lodged amount as of %s: %s":                                 "截至 %s 已补足至缴存金额：%s",
		"the project is no longer active":                                             "项目已不在施工期",
		"allocation %s of %s received on %s":                                          "人工费用拨付 %s（%s 元）已于 %s 到账",
		"%s of %s on %s":                                                              "%s（%s 元，%s）",
		"%s, %s":                                                                      "%s，%s",

		// The check's notes in an alert's history, and a proposal's reason.
		"the check still finds it as of %s after it was resolved on %s (%s)": "该预警已于 %[2]s 处理完毕（%[3]s），但截至 %[1]s 检查仍发现该问题",
		"the rectification deadline %s has lapsed":                           "整改期限 %s 已过",
		"escalated by an inspector: %s (alert: %s)":                          "由监察员上报：%s（预警：%s）",
		"deadline %s. %s": "整改期限 %s。%s",
		"deadline %s.":    "整改期限 %s。",
	})
}
