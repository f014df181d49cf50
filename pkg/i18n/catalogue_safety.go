package i18n

// Messages of work-injury insurance and special-operations certificates
// (issue 18, items 3 and 4): the API's field errors and warnings, and the
// console's names and explanations of the four rules.
func init() {
	registerEN(map[string]string{
		// Why the four safety rules raised their alerts (nightly check).
		"%d {worker|workers} {is|are} on site (attendance in %s or %s) and no work-injury insurance policy covers %s":   "%d 名工人在场（%s 或 %s 有考勤），但没有工伤保险保单承保 %s",
		"%d {worker|workers} {is|are} on site and the project's work-injury insurance ended on %s: no policy covers %s": "%d 名工人在场，而项目的工伤保险已于 %s 终止：没有保单承保 %s",
		"the project's work-injury insurance ends on %s, within %d {day|days}, and no policy follows it":                "项目的工伤保险将于 %s 终止（%d 天内），且没有接续的保单",
		"the worker attends as %s, a special operation, with no operation certificate (特种作业操作证) on record":              "该工人以%s身份出勤，属于特种作业，但没有登记特种作业操作证",
		"the worker attends as %s, a special operation, and the operation certificate expired on %s":                    "该工人以%s身份出勤，属于特种作业，而其特种作业操作证已于 %s 过期",
		"the worker attends as %s, a special operation, and the operation certificate is valid only from %s":            "该工人以%s身份出勤，属于特种作业，而其特种作业操作证自 %s 起才有效",
		"insurer (the social-insurance agency or insurer) is required":                                                  "insurer（社会保险经办机构或保险公司）为必填项",
		"insurer is at most 100 characters":                                                                                                                "insurer 最多 100 个字符",
		"policy_no (the policy's number: it makes a retry safe) is required":                                                                               "policy_no（保单号：有了它重试才安全）为必填项",
		"policy_no is at most 100 characters":                                                                                                              "policy_no 最多 100 个字符",
		"valid_until is required (YYYY-MM-DD): the last day the policy covers":                                                                             "valid_until 为必填项（YYYY-MM-DD）：保单承保的最后一天",
		"valid_until %s is before valid_from %s":                                                                                                           "终止日期 valid_until %s 早于起始日期 valid_from %s",
		"a policy on the headcount basis names the number of workers insured, more than zero":                                                              "按人数参保的保单须填写参保人数（headcount），且大于零",
		"a policy on the headcount basis has no contract_value: leave it out":                                                                              "按人数参保的保单没有合同造价：请去掉 contract_value",
		"a policy on the contract-value basis names the contract value insured, more than zero":                                                            "按合同造价参保的保单须填写参保的合同造价（contract_value），且大于零",
		"a policy on the contract-value basis has no headcount: leave it out":                                                                              "按合同造价参保的保单没有参保人数：请去掉 headcount",
		"basis must be headcount (按人数) or contract_value (按合同造价)":                                                                                          "basis 必须是 headcount（按人数）或 contract_value（按合同造价）",
		"project %s is completed: its work-injury insurance is recorded while it runs":                                                                     "项目 %s 已竣工：工伤保险须在项目施工期间登记",
		"work-injury insurance policy is not valid":                                                                                                        "工伤保险保单信息有误",
		"work-injury policy %q of %s is already recorded for this project with different content: a renewal or correction is a policy with its own number": "%[2]s 的工伤保险保单 %[1]q 已以不同内容登记在本项目：续保或更正须使用新的保单号",
		"certificate is not valid":                                                                                                                         "特种作业操作证信息有误",
		"project %s was completed on %s: its records are closed":                                                                                           "项目 %s 已于 %s 竣工：其记录已关闭",
		"%s (%s) is a special operation: the worker needs a valid operation certificate (特种作业操作证); none was given, and the nightly check raises certificate_missing while they attend": "%s（%s）属于特种作业：该工人须持有效的特种作业操作证；未提供操作证，工人出勤期间每晚核查将提示“未持特种作业操作证”",
		"the operation certificate is valid only from %s, after %s: the nightly check raises certificate_missing while the worker attends without a valid one":                         "特种作业操作证自 %s 起才有效，晚于 %s：工人在无有效操作证期间出勤，每晚核查将提示“未持特种作业操作证”",
		"the operation certificate expired on %s: the nightly check raises certificate_expired while the worker attends without a valid one":                                           "特种作业操作证已于 %s 过期：工人在无有效操作证期间出勤，每晚核查将提示“特种作业操作证过期”",
		"%s is not a special operation under the policy: the certificate is kept, and no rule reads it":                                                                                "按现行政策 %s 不属于特种作业：操作证已保存，但不参与任何核查规则",
		"%s (the certificate's number, 操作证号) is required":                                                                                                                              "%s（操作证号）为必填项",
		"%s is at most 50 characters": "%s 最多 50 个字符",
		"%s (the operation it certifies, 操作类别, e.g. 建筑电工) is required": "%s（操作类别，如 建筑电工）为必填项",
		"%s %s is before %s %s": "%s %s 早于 %s %s",
		"special_operation_trades leaves out %s: the national list is the least that needs an operation certificate; a policy may add trades, never remove them": "special_operation_trades 缺少 %s：国家清单是须持特种作业操作证的最低范围；政策文件只能增加工种，不能删除",
	})
	register(map[string]Message{
		"console.rule.injury_insurance_missing":     {ZH: "未参加工伤保险", EN: "Work-injury insurance missing"},
		"console.rule.injury_insurance_expiring":    {ZH: "工伤保险即将到期", EN: "Work-injury insurance expiring"},
		"console.rule.certificate_missing":          {ZH: "未持特种作业操作证", EN: "Operation certificate missing"},
		"console.rule.certificate_expired":          {ZH: "特种作业操作证过期", EN: "Operation certificate expired"},
		"console.explain.injury_insurance_missing":  {ZH: "项目有工人在场作业，但没有有效的工伤保险保单覆盖当日。建筑施工项目应按项目参加工伤保险，请督促总承包单位参保并登记保单。", EN: "Workers are on site and no work-injury insurance policy covers the day. Construction projects insure their workers per project: have the general contractor insure the project and record the policy."},
		"console.explain.injury_insurance_expiring": {ZH: "项目的工伤保险保单即将到期，且没有后续保单衔接。到期后在场工人将失去工伤保障，请督促续保。", EN: "The project's work-injury insurance ends soon and no policy follows it; after that the workers on site are uninsured. Have it renewed."},
		"console.explain.certificate_missing":       {ZH: "从事特种作业（电工、焊工、架子工、起重机司机及信号司索工、升降机司机、爆破工等）的工人在场出勤，但没有有效的特种作业操作证。无证不得上岗作业。", EN: "A worker in a special operation (electrician, welder, scaffolder, crane driver or signaller, hoist driver, blaster…) attends without a valid operation certificate. Nobody may work in one without it."},
		"console.evidence.injury_policy":            {ZH: "工伤保险保单", EN: "Work-injury policies"},
		"console.evidence.certificate":              {ZH: "特种作业操作证", EN: "Operation certificates"},
		"console.explain.certificate_expired":       {ZH: "从事特种作业的工人在场出勤，但其特种作业操作证已过期。请督促用工单位安排复审或换证，并登记新证。", EN: "A worker in a special operation attends with an expired operation certificate. Have the employer arrange its review or renewal and record the new one."},
	})
}
