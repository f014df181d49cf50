package i18n

// Messages of the dishonesty list (拖欠农民工工资失信联合惩戒对象名单, issue
// 17 item 4): proposals, their steps and early removal.
func init() {
	registerEN(map[string]string{
		// A listing proposal's status and the workflow's steps, in words (ledger/labels.go).
		"proposed for listing":             "拟列入",
		"notified of the proposed listing": "已书面告知",
		"replied to the notice":            "已陈述申辩",
		"declined for listing":             "不予列入",
		"removed from the list early":      "已提前移出",
		"a prior notice":                   "书面告知",
		"the unit's reply":                 "陈述申辩",
		"a decision to list":               "列入决定",
		"a decision not to list":           "不予列入决定",
		"an early removal":                 "提前移出",
		"blacklist proposal":               "失信名单列入程序",
		"blacklist candidate":              "失信名单候选",
		"a listing names the unit's legal representative: add a responsible person with role legal_representative": "列入名单须列明单位的法定代表人：请添加角色为 legal_representative（法定代表人）的责任人",
		"a proposal that is %s cannot be given %s":                                                     "列入程序当前为“%s”，不能进行%s",
		"action %q is not one of notify, reply, list, decline, remove":                                 "操作 %q 不是 notify（告知）、reply（陈述申辩）、list（列入）、decline（不予列入）、remove（提前移出）之一",
		"blacklist proposal %s changed meanwhile; read it again":                                       "列入程序 %s 已被他人更新，请重新读取",
		"corrected on %s: early removal is possible from %s, %d {month|months} later":                  "于 %s 整改：%s 起（%d 个月后）方可提前移出",
		"corrected_on %s is in the future":                                                             "corrected_on（整改日期）%s 晚于今天",
		"corrected_on is required: the day the unit paid the wages it owed (YYYY-MM-DD)":               "必须填写 corrected_on（整改日期）：单位付清所欠工资之日（年-月-日）",
		"format must be json or csv":                                                                   "format 只能是 json 或 csv",
		"name at most %d responsible {person|persons}":                                                 "责任人最多 %d 名",
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
		"a listing names the unit's legal representative or principal: add a responsible person with role legal_representative or principal": "列入名单须列明单位的法定代表人或主要负责人：请添加角色为 legal_representative（法定代表人）或 principal（主要负责人）的责任人",
		"corrected on %s and listed from %s: early removal is possible from %s, %d {month|months} after the later of the two":                "于 %s 整改，%s 起列入名单：%s 起（两者中较晚者之后 %d 个月）方可提前移出",
		"the unit still owes ¥%s of wages past their pay day: early removal needs the wages paid in full":                                    "单位仍拖欠已过支付日的工资 ¥%s：提前移出须已足额支付",
		"a new violation was found on %s: early removal is possible from %s, %d {month|months} without one":                                  "%s 又发现新的违法行为：须连续 %[3]d 个月无新的违法行为，自 %[2]s 起方可提前移出",
		"the unit cannot be listed": "该单位不能列入名单",
		"no order to pay of the unit has lapsed with wages unpaid: a unit is listed only after one (MOHRSS Order No. 45)":                                                         "该单位没有逾期未履行的限期支付令：须责令限期支付而逾期未支付后方可列入（人力资源社会保障部令第45号）",
		"ground must be threshold, mass_incident or extreme_incident":                                                                                                             "ground（列入事由）只能是 threshold（数额达到拒不支付劳动报酬罪数额标准）、mass_incident（引发群体性事件）或 extreme_incident（引发极端事件）",
		"the lapsed orders leave %s unpaid to %d {worker|workers}, below the criminal threshold: list on ground mass_incident or extreme_incident only if the arrears caused one": "逾期未履行的限期支付令仍欠 %s（%d 名工人），未达到拒不支付劳动报酬罪数额标准：仅当欠薪引发群体性或极端事件时，方可以 mass_incident 或 extreme_incident 为事由列入",
		"pledge_on %s is before the listing began on %s: the pledge for an early removal is signed while listed":                                                                  "pledge_on（信用承诺日期）%s 早于列入日期 %s：申请提前移出的信用承诺应在列入期间签署",
		"order to pay %s lapsed on %s and %d {worker|workers} {is|are} still owed %s under it, which reaches the criminal threshold":                                              "限期支付令 %s 已于 %s 逾期，%d 名工人仍被拖欠 %s，达到拒不支付劳动报酬罪数额标准",
		"too many requests for the public list from here; wait and try again":                                                                                                     "来自此处的名单查询过于频繁，请稍后再试",
	})
	// Words named inside other messages, under keys that say where they
	// are used (catalogue_renamed.go maps their earlier one-word keys).
	register(map[string]Message{
		"listing.event.notice":   {ZH: "书面告知", EN: "notice"},
		"listing.event.proposal": {ZH: "提出列入", EN: "proposal"},
		"listing.status.listed":  {ZH: "已列入", EN: "listed"},
	})
}
