package i18n

// A bank fact the service kept because it could not be applied, as the
// reconciliation's exceptions name it.
func init() {
	registerEN(map[string]string{
		"the bank reported %s of %s (bank ref %s) and it could not be applied: %s": "银行报送了%s，金额 %s 元（银行流水号 %s），但无法处理：%s",
		"a payment":                 "一笔付款成功",
		"a failed payment":          "一笔付款失败",
		"a returned payment":        "一笔退票",
		"a pending payment":         "一笔处理中的付款",
		"an uncertain result":       "一笔结果不明的付款",
		"a status it does not know": "一笔状态无法识别的付款",
	})
}
