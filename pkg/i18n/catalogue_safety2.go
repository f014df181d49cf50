package i18n

// Messages of the second pass over work-injury insurance and certificates
// (issue 18 items 3, 4: the reviewer's defects).
func init() {
	registerEN(map[string]string{
		"the worker attends as %s, a special operation, and the operation certificate on record is for %s, another operation": "该工人以%s（特种作业）出勤，但登记的特种作业操作证为%s，属于其他作业类别",
		"%s is not a special operation under the policy: the operation certificate given with the worker is not read":         "按现行政策 %s 不属于特种作业：随工人提供的特种作业操作证不予读取",
		"void a work-injury policy: only the project's general contractor and the region's inspectors may":                    "作废工伤保险保单：只有项目总承包单位和本辖区监察员可以操作",
		"headcount is at most %d {worker|workers}":                                                                                                  "参保人数 headcount 最多 %d 人",
		"valid_from %s is more than a year before the project started (%s): check the year":                                                         "起始日期 valid_from %s 比项目开工日期（%s）早一年以上：请核对年份",
		"valid_until %s is more than five years after the project's planned completion (%s): check the year":                                        "终止日期 valid_until %s 比项目计划竣工日期（%s）晚五年以上：请核对年份",
		"reason (why the policy is voided, in a sentence) is required":                                                                              "reason（作废保单的原因，请用一句话说明）为必填项",
		"reason is at most 500 characters":                                                                                                          "reason 最多 500 个字符",
		"reason holds the control character U+%04X, which no text field may hold: remove it":                                                        "reason 含有控制字符 U+%04X，文本字段不得包含：请删除",
		"the voiding of a work-injury policy is not valid":                                                                                          "作废工伤保险保单的请求有误",
		"work-injury policy %s of %s voided: %s":                                                                                                    "%[2]s 的工伤保险保单 %[1]s 已作废：%[3]s",
		"%s %q is not a certificate number: leave the certificate out when the worker has none (the nightly check then raises certificate_missing)": "%s %q 不是操作证号：工人没有操作证时请不填操作证（每晚核查将提示“未持特种作业操作证”）",
		"the operation certificate is for %s, which is not the operation of %s: the nightly check raises certificate_missing while the worker attends without a certificate for it": "该特种作业操作证的操作类别为 %s，不是 %s 的作业：工人在没有相应操作证期间出勤，每晚核查将提示“未持特种作业操作证”",
	})
}
