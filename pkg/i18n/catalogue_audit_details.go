package i18n

// The details of audit records (pkg/service's audit calls): kept as
// messages, rendered in the reader's language when the trail is read
// (GET /audit). Records written before are shown as they were written.
func init() {
	registerEN(map[string]string{
		"%d applied, %d refused and kept unmatched":                   "%d 条已处理，%d 条被拒绝并作为未匹配记录保存",
		"%d {instruction|instructions}, net %s":                       "%d 条支付指令，实发合计 %s",
		"%d payslip {link|links} for %s":                              "%[2]s 的工资条链接 %[1]d 个",
		"%d {row|rows}: %d new, %d replaced, %d unchanged":            "%d 行：新增 %d，替换 %d，未变 %d",
		"%d {worker|workers} enrolled from %s":                        "从 %[2]s 登记了 %[1]d 名工人",
		"%s %s %s: %d {line|lines}, net %s":                           "%s工资表 %s %s：%d 行，实发合计 %s",
		"%s %s released, ¥%s returned":                                "%s %s 已解除，返还 ¥%s",
		"%s %s topped up ¥%s (%s)":                                    "%s %s 补足 ¥%s（%s）",
		"%s (ground: %s; persons: %s)":                                "%s（依据：%s；责任人：%s）",
		"%s (persons before: %s)":                                     "%s（此前的责任人：%s）",
		"%s complaint, %d {worker|workers}, claimed %s, accept by %s": "%s投诉，%d 名工人，主张 %s，须于 %s 前受理",
		"%s into %s (%s)":                                             "%s 进入 %s（%s）",
		"%s on order %s: ¥%s. %s":                                     "支付令 %[2]s 的%[1]s：¥%[3]s。%[4]s",
		"%s pays %s's workers first (先行清偿): %s for %s":                "%s 先行清偿 %s 的工人工资：%s，%s",
		"%s to %s":            "%s 至 %s",
		"%s ¥%s by %s (%s)":   "%s ¥%s，出具方 %s（%s）",
		"%s, back to ¥%s, %s": "%s，恢复至 ¥%s，%s",
		"a worker's":          "工人",
		"an inspector's":      "监察员录入的",
		"bank letter":         "银行保函",
		"as of %s the order is %s: ¥%s of ¥%s unpaid": "截至 %s，支付令为“%s”：¥%[4]s 中尚欠 ¥%[3]s",
		"as of %s":                        "截至 %s",
		"as of %s: %d opened, %d changed": "截至 %s：新增 %d 条，变更 %d 条",
		"batch %s: %d {line|lines} with full card numbers": "批次 %s：%d 行，含完整卡号",
		"check value %s":                               "校验值 %s",
		"deadline %s met":                              "已在期限 %s 前完成",
		"deadline %s missed":                           "未在期限 %s 前完成",
		"its secret never reached the key file":        "其密钥从未写入密钥文件",
		"operation certificate %s (%s) valid until %s": "特种作业操作证 %s（%s），有效期至 %s",
		"operation certificate %s (%s) reviewed on %s: next review due by %s": "特种作业操作证 %s（%s）于 %s 复审：下次复审期限为 %s",
		"order to pay ¥%s to %d {line|lines} by %s on alert %s":               "限期支付令：¥%s，共 %d 行，限 %s 前支付，预警 %s",
		"payroll %s":                            "工资表 %s",
		"proposed to list %s (alert %s): %s":    "建议将 %s 列入失信名单（预警 %s）：%s",
		"re-issues %s to %s":                    "将 %s 重新发放至 %s",
		"replaced by %s":                        "已被 %s 取代",
		"version %d retired":                    "版本 %d 已停用",
		"work-injury policy %s of %s, %s to %s": "工伤保险保单 %s（%s），%s 至 %s",
		"¥%s from %s %s under %s to %d {worker|workers}; pay by %s, top up by %s": "依据 %[4]s 从%[2]s %[3]s 动用 ¥%[1]s 支付 %[5]d 名工人；须于 %[6]s 前支付，%[7]s 前补足",
	})
	// Words named inside other messages, under keys that say where they
	// are used (catalogue_renamed.go maps their earlier one-word keys).
	register(map[string]Message{
		"guarantee.form.cash":        {ZH: "现金", EN: "cash"},
		"guarantee.form.insurance":   {ZH: "保证保险", EN: "insurance"},
		"payroll.kind.advance":       {ZH: "先行清偿", EN: "advance"},
		"payroll.kind.regular":       {ZH: "常规", EN: "regular"},
		"payroll.kind.supplementary": {ZH: "补发", EN: "supplementary"},
	})
}
