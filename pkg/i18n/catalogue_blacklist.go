package i18n

// Messages of the dishonesty list (拖欠农民工工资失信联合惩戒对象名单, issue
// 17 item 4): proposals, their steps and early removal.
func init() {
	registerEN(map[string]string{
		"blacklist proposal":  "失信名单列入程序",
		"blacklist candidate": "失信名单候选",
		"a listing names the unit's legal representative: add a responsible person with role legal_representative": "列入名单须列明单位的法定代表人：请添加角色为 legal_representative（法定代表人）的责任人",
		"a proposal that is %s cannot be given %s":                                                     "处于 %s 状态的列入程序不能执行 %s",
		"action %q is not one of notify, reply, list, decline, remove":                                 "操作 %q 不是 notify（告知）、reply（陈述申辩）、list（列入）、decline（不予列入）、remove（提前移出）之一",
		"blacklist proposal %s changed meanwhile; read it again":                                       "列入程序 %s 已被他人更新，请重新读取",
		"corrected on %s: early removal is possible from %s, %d months later":                          "于 %s 整改：%s 起（%d 个月后）方可提前移出",
		"corrected_on %s is in the future":                                                             "corrected_on（整改日期）%s 晚于今天",
		"corrected_on is required: the day the unit paid the wages it owed (YYYY-MM-DD)":               "必须填写 corrected_on（整改日期）：单位付清所欠工资之日（年-月-日）",
		"format must be json or csv":                                                                   "format 只能是 json 或 csv",
		"name at most %d responsible persons":                                                          "责任人最多 %d 名",
		"pledge_on %s is in the future":                                                                "pledge_on（信用承诺日期）%s 晚于今天",
		"pledge_on is required: the day the unit signed its integrity pledge (YYYY-MM-DD)":             "必须填写 pledge_on：单位签署信用承诺书之日（年-月-日）",
		"responsible_persons[%d] names %s as %s a second time":                                         "responsible_persons[%d] 重复列出 %s（%s）",
		"responsible_persons[%d].role must be legal_representative, principal or directly_responsible": "responsible_persons[%d].role 只能是 legal_representative（法定代表人）、principal（主要负责人）或 directly_responsible（直接责任人）",
		"status must be proposed, notified, replied, listed, declined or removed":                      "status 只能是 proposed、notified、replied、listed、declined 或 removed",
		"the unit is listed already, until %s (%s)":                                                    "该单位已在名单上，期限至 %s（%s）",
		"the listing cannot be removed early":                                                          "不能提前移出名单",
		"the listing ended on %s: there is nothing to remove":                                          "列入期限已于 %s 届满，无需移出",
		"the proposal is not valid":                                                                    "列入程序内容有误",
		"the removal is not valid":                                                                     "移出申请内容有误",
		"the unit may reply to the notice until %s: decide after that day, or record its reply first":  "单位可在 %s 前陈述申辩：请在该日之后作出决定，或先记录其陈述申辩",
		"the unit still owes ¥%s of wages: early removal needs the wages paid in full":                 "单位仍拖欠工资 ¥%s：提前移出须已足额支付",
		"alert %q of this project is not a blacklist candidate: escalate it first":                     "预警 %q 不是本项目的失信名单候选：请先上报该预警",
		"a proposal to list this unit is already awaiting a decision":                                  "该单位已有待决定的列入程序",
	})
}
