package i18n

// The evidence bundle's PDF statement, written in Chinese for an arbitrator
// (the English texts serve a reader of the catalogue).
func init() {
	register(map[string]Message{
		"evidence.title":                           {ZH: "农民工工资支付情况证据材料", EN: "Statement of a worker's wages, for arbitration"},
		"evidence.span":                            {ZH: "期间 %s 至 %s ｜ 生成时间 %s（北京时间）", EN: "From %s to %s | made %s (Beijing time)"},
		"evidence.section.who":                     {ZH: "一、基本信息", EN: "1. Who and where"},
		"evidence.section.attendance":              {ZH: "二、考勤记录（共 %d 天）", EN: "2. Attendance (%d {day|days})"},
		"evidence.section.months":                  {ZH: "三、应付、已付与欠付（按月）", EN: "3. Owed, paid and unpaid by month"},
		"evidence.section.lines":                   {ZH: "四、工资支付表", EN: "4. Payroll lines"},
		"evidence.section.bank":                    {ZH: "五、银行支付记录", EN: "5. What the bank reported"},
		"evidence.section.alerts":                  {ZH: "六、欠薪预警与责令整改", EN: "6. Arrears alerts and rectification orders"},
		"evidence.section.orders":                  {ZH: "六（续）、限期支付令及逾期后的决定", EN: "6 (cont.). Orders to pay and the decisions after a lapse"},
		"evidence.issued":                          {ZH: "下达日期", EN: "Issued"},
		"evidence.unpaid":                          {ZH: "尚欠", EN: "Unpaid"},
		"evidence.decisions":                       {ZH: "逾期后的决定", EN: "Decisions"},
		"evidence.section.complaints":              {ZH: "七、举报投诉", EN: "7. Complaints"},
		"evidence.section.audit":                   {ZH: "八、审计链头（生成时）", EN: "8. Audit chain heads when made"},
		"evidence.item":                            {ZH: "项目", EN: "Item"},
		"evidence.value":                           {ZH: "内容", EN: "Value"},
		"evidence.trade":                           {ZH: "工种 / 班组", EN: "Trade / team"},
		"evidence.contract":                        {ZH: "合同", EN: "Contract"},
		"evidence.contract_kind.labour_contract":   {ZH: "劳动合同", EN: "labour contract"},
		"evidence.contract_kind.written_agreement": {ZH: "书面协议", EN: "written agreement"},
		"evidence.entered":                         {ZH: "进场 — 退场", EN: "Entered — left"},
		"evidence.rule":                            {ZH: "规则", EN: "Rule"},
		"evidence.severity":                        {ZH: "严重程度", EN: "Severity"},
		"evidence.status":                          {ZH: "状态", EN: "Status"},
		"evidence.deadline":                        {ZH: "整改期限", EN: "Deadline"},
		"evidence.id":                              {ZH: "编号", EN: "ID"},
		"evidence.received":                        {ZH: "收到日期", EN: "Received"},
		"evidence.accept_by":                       {ZH: "受理期限", EN: "Accept by"},
		"evidence.conclude_by":                     {ZH: "办结期限", EN: "Conclude by"},
		"evidence.note":                            {ZH: "说明", EN: "Note"},
		"evidence.chain":                           {ZH: "审计链", EN: "Chain"},
		"evidence.seq":                             {ZH: "序号", EN: "Seq"},
		"evidence.section.grants":                  {ZH: "四（续）、经各链接的确认", EN: "4 (cont.). Answers through each payslip link"},
		"evidence.standing":                        {ZH: "计为", EN: "Counts as"},
		"evidence.grant.printed":                   {ZH: "用人单位打印的链接", EN: "The printed link"},
		"evidence.grant.direct":                    {ZH: "监察机构发给本人的链接", EN: "The worker's own link"},
		"evidence.grant.none":                      {ZH: "未发放", EN: "not given"},
		"evidence.employer_copy":                   {ZH: "计为未确认：仅经打印链接确认", EN: "counts as silent: confirmed through the printed link alone"},
		"evidence.none":                            {ZH: "（无）", EN: "(none)"},
		"evidence.footer": {ZH: "本材料由 wageguard 根据系统记录生成。statement.csv 为同一数据；manifest.json 列出各文件的 SHA-256 摘要及生成时的审计链头，" +
			"并由 manifest.sig 以 Ed25519 签名；整个压缩包的签名位于其注释中。可用 wageguard evidence verify 离线核验，公钥见 wageguard evidence key 或 /api/v1/evidence/key。",
			EN: "Made by wageguard from its records. statement.csv holds the same facts; manifest.json lists each file's SHA-256 and the audit chain heads when made, " +
				"signed with Ed25519 in manifest.sig; the whole archive's signature is its comment. Check it offline with wageguard evidence verify; the public key is printed by " +
				"wageguard evidence key and served at /api/v1/evidence/key."},
	})
}
