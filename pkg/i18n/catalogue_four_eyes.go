package i18n

// The four-eyes refusal of a payroll approval by the organisation that
// submitted it (ledger.CheckFourEyes).
func init() {
	registerEN(map[string]string{
		"payroll %s was submitted by your organisation with another of its keys: the employer submits a payroll and the general contractor's wage officer approves it, so the organisation that submitted it does not approve it (four-eyes); the employer submits it itself, or an administrator approves it": "工资表 %s 是由本单位用另一把密钥提交的：工资表由用工单位提交、由总承包单位的劳资专管员审核，提交工资表的单位不能自己审核（双人复核）；请由用工单位自行提交，或由管理员审核",
	})
}
