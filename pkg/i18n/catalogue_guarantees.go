package i18n

// Warnings kept with a lodged guarantee (ledger.DecideLodging).
func init() {
	registerEN(map[string]string{
		"the %s is valid from %s to %s, less than the %d {month|months} the law asks (to %s)":  "该%s有效期为 %s 至 %s，不足规定的 %d 个月（应至 %s）",
		"the %s is valid from %s to %s, shorter than the contract it must cover from %s to %s": "该%s有效期为 %s 至 %s，短于其应覆盖的合同期 %s 至 %s",
		"cash deposit":             "现金保证金",
		"%d-year":                  "%d 年",
		"bank letter of guarantee": "银行保函",
		"guarantee insurance":      "工资保证保险",
	})
}
