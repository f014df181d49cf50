package i18n

// Messages of the third pass over work-injury insurance and certificates
// (issue 18 items 3, 4: review cycles, days worked without cover, a
// certificate number shared on every route).
func init() {
	registerEN(map[string]string{
		"%d {day|days} worked as %s in %s (%s to %s) after the operation certificate had expired or its review (复审) was overdue: a certificate recorded later covers only the days of its own validity; an inspector closes this with a written reason": "%[3]s 有 %[1]d 天以%[2]s身份出勤（%[4]s 至 %[5]s）时，特种作业操作证已过期或逾期未复审：事后登记的操作证只覆盖其自身有效期内的日期；由监察员填写书面理由后关闭",
		"%d {day|days} worked as %s in %s (%s to %s) with no valid operation certificate for it: a certificate recorded later covers only the days of its own validity; an inspector closes this with a written reason":                                 "%[3]s 有 %[1]d 天以%[2]s身份出勤（%[4]s 至 %[5]s）时无有效的特种作业操作证：事后登记的操作证只覆盖其自身有效期内的日期；由监察员填写书面理由后关闭",
		"%d {day|days} worked by %d {worker|workers} in %s (%s to %s) had no work-injury insurance: a policy recorded later covers only the days of its own validity; an inspector closes this with a written reason":                                   "%[3]s 有 %[2]d 名工人共 %[1]d 个出勤日（%[4]s 至 %[5]s）没有工伤保险：事后登记的保单只覆盖其自身有效期内的日期；由监察员填写书面理由后关闭",
		"certificate %q of enrolment %s not found":                                                                                                                                                          "未找到用工登记 %[2]s 的特种作业操作证 %[1]q",
		"reviewed_on %s is after today (%s): a review is recorded once it has passed":                                                                                                                       "复审日期 reviewed_on %s 晚于今天（%s）：复审通过后才能登记",
		"reviewed_on %s is before the review's window opens on %s (due by %s)":                                                                                                                              "复审日期 reviewed_on %[1]s 早于复审申请期的开始日 %[2]s（应于 %[3]s 前复审）",
		"work-injury policy %q of %s was recorded with this content as %s and voided on %s: a retry of it is not recorded again; record the corrected policy":                                               "%[2]s 的工伤保险保单 %[1]q 曾以相同内容登记为 %[3]s，并已于 %[4]s 作废：重试不再登记；请登记更正后的保单",
		"reviewed_on %s is before the certificate's valid_from %s":                                                                                                                                          "复审日期 reviewed_on %s 早于操作证的起始日期 valid_from %s",
		"reviewed_on %s is not after the review recorded for %s":                                                                                                                                            "复审日期 reviewed_on %s 不晚于已登记的 %s 复审",
		"reviewed_on (the day the certificate passed its review, YYYY-MM-DD) is required":                                                                                                                   "复审日期 reviewed_on（操作证通过复审的日期，YYYY-MM-DD）为必填项",
		"the certificate lapsed after %s (review due by %s, valid until %s): a review on %s does not revive it; record the new certificate instead":                                                         "操作证已于 %[1]s 后失效（应于 %[2]s 前复审，有效期至 %[3]s）：%[4]s 的复审不能使其恢复有效；请登记新的操作证",
		"the certificate number is also recorded for %s and for another person: one operation certificate is one person's; check whose it is":                                                               "该操作证号也登记在 %s 及另一人名下：一本特种作业操作证只属于一个人；请核实持证人",
		"the certificate number is also recorded for %s: one operation certificate is one person's; check whose it is":                                                                                      "该操作证号也登记在 %s 名下：一本特种作业操作证只属于一个人；请核实持证人",
		"the certificate number is also recorded for another person: one operation certificate is one person's; check whose it is":                                                                          "该操作证号也登记在另一人名下：一本特种作业操作证只属于一个人；请核实持证人",
		"work-injury policy %q of %s is already recorded for this project with different content: a renewal is a policy with its own number; to correct one recorded in error, void it and record it again": "本项目已登记 %[2]s 的工伤保险保单 %[1]q，内容不同：续保是另一张保单号的新保单；更正录入错误的保单，请先作废再重新登记",
		"the certificate's review is not valid":                                                                                                                                                             "操作证复审记录无效",
		"the worker attends as %s, a special operation, and the operation certificate's review (复审) was due by %s with none recorded: it counts as expired":                                                 "该工人以%s身份出勤，属于特种作业，而其特种作业操作证应于 %s 前复审且无复审记录：视为过期",
	})
}
