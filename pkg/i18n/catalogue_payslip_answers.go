package i18n

// Issue 17's review: an extension after the deadline to conclude lapsed,
// the inspectors' revocation of a worker's direct payslip link, and the
// answers given through the employer's copy of a payslip link.
func init() {
	register(map[string]Message{
		"console.payslips.answers":          {ZH: "经此链接的答复", EN: "Answered with this link"},
		"console.payslips.answer.confirmed": {ZH: "第 %d 行：确认", EN: "line %d: confirmed"},
		"console.payslips.answer.disputed":  {ZH: "第 %d 行：有异议", EN: "line %d: disputed"},
	})
	registerEN(map[string]string{
		"the deadline to conclude this complaint lapsed on %s: it can no longer be extended; conclude it":                                  "该投诉的办结期限已于 %s 届满，不能再延期；请办结",
		"payslip token %s is the link the employer printed, not one given to the worker by the labour inspectors: the employer revokes it": "工资条令牌 %s 是用人单位打印的链接，不是监察机构直接发给工人的链接：应由用人单位撤销",
		"payroll %s: the worker's own link, given by the inspectors, revoked":                                                              "工资表 %s：监察机构直接发给工人本人的链接已撤销",
	})
}
