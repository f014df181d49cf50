package i18n

// Messages that a final review found still in English in a Chinese answer
// (issue 12): the money grammar's faults, states named in refusals, the
// JSON parser's faults, keyed by their English text.
func init() {
	registerEN(map[string]string{
		"has its thousands separators in the wrong place: they group the yuan in threes, like \"8,800.00\"": "的千分位分隔符位置不对：应每三位一组分隔整数部分，如 \"8,800.00\"",
	})
}
