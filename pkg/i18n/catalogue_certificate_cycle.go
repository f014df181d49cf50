package i18n

// The 6-year review cycle of a special-operations certificate (总局令第30号
// 第二十一条 ¶2), recorded with the certificate (issue 18).
func init() {
	registerEN(map[string]string{
		"%s is given but %s is not true: say extended_cycle true to record the 6-year review cycle, or leave the consent out":                                          "已填写 %s，但 %s 不为 true：如需登记6年复审周期请将 extended_cycle 设为 true，否则请删去同意依据",
		"%s is not for a certificate of %s: a construction certificate's validity is extended by 2 years at each review (建质〔2008〕75号 第二十二条), there is no 6-year cycle": "%s 不适用于 %s 证书：建筑施工特种作业资格证书每次延期复核延期2年（建质〔2008〕75号 第二十二条），没有6年复审周期",
		"%s (the issuing authority's consent to the 6-year review cycle, 总局令第30号 第二十一条: its document, or the office and date) is required with %s":                     "登记 %[2]s 时必须填写 %[1]s（考核发证机关同意复审时间延长至每6年1次的依据，总局令第30号 第二十一条：文号，或机关名称及日期）",
		"%s is at most 200 characters": "%s 最多 200 个字符",
	})
}
