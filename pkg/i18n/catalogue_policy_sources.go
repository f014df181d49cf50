package i18n

// Where each policy value comes from (GET /policy's source, and the source
// of each step of a guarantee's sizing): the rule a built-in national
// default cites, the built-in regional rules and holiday notices, and how
// a value's origin is said. A document number (人社部发〔2021〕65号) or a
// law's Chinese title is an argument and the same in both languages: it is
// how the document is looked up. Formats with a literal percent sign write
// it %% and always take an argument (T prints a format without arguments
// as it is).
func init() {
	registerEN(map[string]string{
		// The laws, named in English with their Chinese title.
		"the Regulations on Ensuring the Payment of Wages to Migrant Workers (保障农民工工资支付条例)": "《保障农民工工资支付条例》",
		"the Labour Security Inspection Regulations (劳动保障监察条例)":                             "《劳动保障监察条例》",
		"the Labour Dispute Mediation and Arbitration Law (劳动争议调解仲裁法)":                      "《劳动争议调解仲裁法》",
		"%s Art. 24": "%s第二十四条",

		// Wage guarantee (人社部发〔2021〕65号).
		"%s Art. 5: 1%%–3%% of the contract amount; the national default is the floor of the range":                  "%s 第五条：合同金额的 1%%–3%%；全国默认值取该范围的下限",
		"%s Art. 5: a province may cap the deposit per contract; no cap nationally":                                  "%s 第五条：省级可设定单个合同的存储上限；全国不设上限",
		"%s Art. 7: several projects under construction in the same area":                                            "%s 第七条：在同一地区有多个在建项目",
		"%s Art. 7: the rate may be lowered for several projects in one area; no cut nationally":                     "%s 第七条：在同一地区有多个在建项目的，可下浮存储比例；全国默认不下浮",
		"%s Art. 7: never below 0.5%% of the contract amount, after every cut (several projects and a clean record)": "%s 第七条：无论如何下浮（多个在建项目、无拖欠记录），均不得低于合同金额的 0.5%%",
		"%s Art. 8: 2 consecutive years without arrears":                                                             "%s 第八条：连续 2 年无拖欠",
		"%s Art. 8: the rate is cut by at least 50%%":                                                                "%s 第八条：存储比例下浮不低于 50%%",
		"%s Art. 8: arrears in the 2 years before":                                                                   "%s 第八条：前 2 年内发生过拖欠",
		"%s Art. 8: the amount is raised by at least 50%%":                                                           "%s 第八条：存储金额上浮不低于 50%%",
		"%s Art. 8: on the serious-dishonesty list, raised by at least 100%%":                                        "%s 第八条：列入拖欠农民工工资失信联合惩戒对象名单的，上浮不低于 100%%",
		"%s Art. 6: contracts below ¥3,000,000 without arrears in the year before signing are exempt":                "%s 第六条：合同金额低于 300 万元且签约前一年内无拖欠的，免于存储",
		"%s Art. 8: 3 clean years with full compliance may be exempt; 0: not offered nationally":                     "%s 第八条：连续 3 年无拖欠且管理规范的，可免于存储；0 表示全国默认不适用",
		"%s Art. 9: lodged within 20 working days of the permit":                                                     "%s 第九条：取得施工许可证后 20 个工作日内存储",
		"%s Art. 10: a letter is valid at least one year and not shorter than the contract":                          "%s 第十条：保函有效期至少一年，且不短于合同期",
		"%s Art. 10: reminded one month before the letter expires":                                                   "%s 第十条：保函到期前一个月提醒",
		"%s Art. 13: the bank pays within 5 working days":                                                            "%s 第十三条：银行在 5 个工作日内支付",
		"%s Art. 14: topped up within 10 working days":                                                               "%s 第十四条：在 10 个工作日内补足",
		"%s Art. 15: 30 days of public notice after completion":                                                      "%s 第十五条：竣工后公示 30 日",

		// wageguard's own rules (DOMAIN.md), named by the alert rule's code.
		"DOMAIN.md allocation_overdue: critical at 2 consecutive missed cycles":                                                                        "业务规则 allocation_overdue（人工费用拨付逾期）：连续 2 个周期未拨付即为严重",
		"DOMAIN.md allocation_overdue: critical at 3 cumulative missed cycles":                                                                         "业务规则 allocation_overdue（人工费用拨付逾期）：累计 3 个周期未拨付即为严重",
		"DOMAIN.md payment_failed: a failed payment repaid within N days raises nothing; N as the drawdown's 5 days":                                   "业务规则 payment_failed（支付失败）：支付失败后 N 日内重新支付成功的，不产生预警；N 参照保证金动用的 5 日",
		"DOMAIN.md exit_unsettled: days worked paid within 30 days of leaving":                                                                         "业务规则 exit_unsettled（退场未结清）：退场后 30 日内结清出勤天数的工资",
		"DOMAIN.md wages_unpaid: high; critical after 30 days":                                                                                         "业务规则 wages_unpaid（工资未付）：高；30 日后升为严重",
		"DOMAIN.md payroll_missing: medium; high after 30 more days":                                                                                   "业务规则 payroll_missing（工资表缺失）：中；再过 30 日升为高",
		"DOMAIN.md injury_insurance_expiring: a project's work-injury policy ending within 30 days, as a guarantee letter is reminded one month ahead": "业务规则 injury_insurance_expiring（工伤保险即将到期）：项目工伤保险在 30 日内到期，与保函提前一个月提醒相同",
		"DOMAIN.md below_minimum_wage: a full month's pay; 21.75 days (in hundredths of a day) is the national monthly standard of working days (%s)":  "业务规则 below_minimum_wage（低于最低工资）：足月工资；21.75 天（以百分之一天计）为全国月计薪天数标准（%s）",
		"wageguard four-eyes control (DOMAIN.md, payroll: the employer submits, the GC wage officer reviews and approves): neither the API key that submitted a payroll nor another key of the organisation that submitted it approves it (the GC's own payroll: another GC key); a region may let a small contractor, whose payroll pays at most this many workers, approve its own; 0: never": "本系统的双人复核控制（工资表由用人单位提交，施工总承包单位劳资专管员审核批准）：提交工资表的 API 密钥及提交单位的其他密钥均不得批准该工资表（施工总承包单位自己的工资表：须由其另一个密钥批准）；地区可允许工资表所列工人不超过此人数的小型单位自行批准；0 表示不允许",

		// Blacklist and criminal thresholds.
		"%s Art. 3: one worker owed 3 months or more":                               "%s 第三条：拖欠一名劳动者 3 个月以上工资",
		"%s Art. 3: ¥5,000–20,000 by province; the national default is the floor":   "%s 第三条：拖欠一名劳动者 5000 元至 2 万元以上，具体数额由各省确定；全国默认值取下限",
		"%s Art. 3: 10 workers or more":                                             "%s 第三条：拖欠 10 名以上劳动者工资",
		"%s Art. 3: ¥30,000–100,000 by province; the national default is the floor": "%s 第三条：拖欠 3 万元至 10 万元以上，具体数额由各省确定；全国默认值取下限",
		"%s: prior written notice with a period to state and defend; the reference quotes no figure, 5 working days is the period commonly applied": "%s：事先书面告知并给予陈述、申辩期限；规定未写明天数，通常适用 5 个工作日",
		"%s: listed for 3 years, a national rule a policy file cannot change":                                                                       "%s：列入名单期限为 3 年，属全国规定，政策文件不能更改",
		"%s: removed early after the wages are paid, 6 months since the correction and an integrity pledge":                                         "%s：已付清工资、纠正满 6 个月并作出信用承诺的，可提前移出",

		// Inspection, payslips, orders.
		"%s Art. 20: a violation the labour inspectorate has not found, and nobody reported or complained of, within 2 years is no longer pursued; days worked without work-injury insurance or an operation certificate are found per month for the months that ended within this many months before the check's month": "%s第二十条：违法行为在 2 年内未被劳动保障行政部门发现，也未被举报、投诉的，不再查处；未参加工伤保险或无特种作业操作证的出勤天数，按月查找检查当月之前此月数内结束的各月",
		"payslip links stay valid a year after issue, the limitation period of a wage claim in arbitration (%s Art. 27)":                                                                                                          "工资条链接自发出起一年内有效，即劳动争议申请仲裁的时效期间（%s第二十七条）",
		"%s Art. 31: the worker confirms the payroll; 0 warns of lines not confirmed at approval, 1 refuses the approval until every line is confirmed":                                                                           "%s第三十一条：农民工确认工资表；0 表示审批时对未确认的行给出警告，1 表示所有行确认前拒绝审批",
		"%s Art. 26: the inspector orders payment within a deadline; the default when the order names no date is 10 working days":                                                                                                 "%s第二十六条：责令限期支付；支付令未写明期限时默认 10 个工作日",
		"%s Art. 26 leaves the deadline of an order to pay to the inspector; wageguard bounds it so that a mistyped date cannot put the lapse, and the steps after it, years away: at most this many working days from the order": "%s第二十六条将责令限期支付的期限交由监察员确定；本系统为其设上限，以免误填的日期把逾期及其后续步骤推到数年之后：自支付令起最多此数个工作日",

		// The built-in regional rules and holiday notices.
		"Shenzhen: management of over-age workers on construction sites":                                                                   "深圳市 超龄人员管理",
		"Beijing: a labour-cost allocation states the date it was allocated and the labour-cost share of the progress payment (DOMAIN.md)": "北京市：人工费用拨付须载明拨付日期及进度款中的人工费用比例",
		"%s (built in)": "%s（内置）",

		// A guarantee sizing step that rests on no policy value.
		"wageguard's own records": "本系统的记录",
	})
}
