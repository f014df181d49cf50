package i18n

// Complaint receipt codes (/w/receipts/{code}) and payslip links an
// inspector re-issues straight to the worker (issue 17).
func init() {
	register(map[string]Message{
		"receipt.title":                     {ZH: "投诉回执", EN: "Complaint receipt"},
		"console.complaint.receipt":         {ZH: "投诉回执码", EN: "Receipt code"},
		"console.complaint.receipt.help":    {ZH: "工人遗失回执码，或回执码被他人看到时，重新发放一个：原回执码立即作废。新回执码只显示一次，请当面或以短信交给工人本人；发放记入审计（不含回执码）。", EN: "When the worker lost their receipt code, or someone else saw it, issue a new one: the old code stops working at once. The new code is shown only once: give it to the worker in person or by text message. Audited, without the code."},
		"console.complaint.receipt.reissue": {ZH: "重新发放回执码", EN: "Issue a new receipt code"},
		"console.complaint.receipt.shown":   {ZH: "新的回执码，只显示这一次：请交给工人本人。原回执码已作废。", EN: "The new receipt code, shown only this once: give it to the worker. The old code no longer works."},
		"receipt.filed":                     {ZH: "您的投诉已收到。", EN: "Your complaint has been received."},
		"receipt.again":                     {ZH: "您的投诉已收到。这次提交的是同一份表单，没有重复登记。回执码只在第一次提交后显示过一次；遗失的，可请劳动保障监察机构重新发给您。", EN: "Your complaint has been received. The same form was sent again, so it was not filed twice. The receipt code was shown only once, after the first sending; if you lost it, the labour inspectors can give you a new one."},
		"receipt.code":                      {ZH: "您的回执码：", EN: "Your receipt code:"},
		"receipt.keep":                      {ZH: "请抄下或截图保存回执码：它只显示这一次，凭它可随时查看投诉进展。不要给用人单位或他人看。遗失的，可请劳动保障监察机构重新发给您。", EN: "Write the code down or take a screenshot: it is shown only this once, and with it you can follow your complaint at any time. Do not show it to your employer or anyone else. If you lose it, the labour inspectors can give you a new one."},
		"receipt.follow":                    {ZH: "查看投诉进展", EN: "Follow your complaint"},
		"receipt.status":                    {ZH: "办理状态", EN: "Status"},
		"receipt.status.received":           {ZH: "已收到，待决定是否受理", EN: "received; awaiting the decision to take it up"},
		"receipt.status.accepted":           {ZH: "已受理，办理中", EN: "taken up; being handled"},
		"receipt.status.refused":            {ZH: "不予受理", EN: "not taken up"},
		"receipt.status.concluded":          {ZH: "已办结", EN: "concluded"},
		"receipt.received_on":               {ZH: "收到日期", EN: "Received on"},
		"receipt.accept_by":                 {ZH: "决定是否受理的期限", EN: "Decision to take it up due by"},
		"receipt.decided_on":                {ZH: "决定日期", EN: "Decided on"},
		"receipt.conclude_by":               {ZH: "办结期限", EN: "To be concluded by"},
		"receipt.extended":                  {ZH: "已延期", EN: "extended"},
		"receipt.concluded_on":              {ZH: "办结日期", EN: "Concluded on"},
		"receipt.law":                       {ZH: "依据《劳动保障监察条例》：自收到投诉起5个工作日内决定是否受理；自受理起60个工作日内办结，情况复杂的经批准可延长30个工作日。", EN: "Under the Labour Security Inspection Regulations: the decision to take a complaint up is due within 5 working days of its receipt, and a complaint taken up is concluded within 60 working days, extendable by 30 with approval."},
		"receipt.error.not_found":           {ZH: "回执码无效，或已被重新发放的回执码取代。请检查回执码，或请劳动保障监察机构重新发给您。", EN: "The receipt code is wrong, or a new code replaced it. Check the code, or ask the labour inspectors for a new one."},
	})
	registerEN(map[string]string{
		"no complaint has this receipt code: check the code, or ask the labour inspectors for a new one":                                "回执码无效：请检查回执码，或请劳动保障监察机构重新发放",
		"too many requests for receipt codes from here; wait and try again":                                                             "来自此处的回执码查询过多，请稍后再试",
		"a new receipt code replaces the last; the old one opens nothing":                                                               "已发放新的回执码，原回执码作废",
		"receipt codes need the key file: no receipt key is loaded":                                                                     "回执码需要密钥文件：未加载回执密钥",
		"payslip token %s was re-issued by the labour inspectors straight to the worker: only they may revoke it":                       "工资条令牌 %s 由劳动保障监察机构直接重新发给工人：只有监察机构可以撤销",
		"a complaint (cmp_…): every worker it names or matches":                                                                         "一件投诉（cmp_…）：其涉及或匹配的每名工人",
		"evidence export signs with the secret key file: --secret-key-file FILE":                                                        "evidence export 需用密钥文件签名：--secret-key-file FILE",
		"the ZIP to write; its detached signature goes to the same name with .sig added":                                                "要写入的 ZIP 文件；其独立签名写入同名加 .sig 的文件",
		"the bundle's detached signature (FILE.sig, or the Evidence-Signature header saved to a file), checked over every byte of FILE": "材料包的独立签名（FILE.sig，或保存为文件的 Evidence-Signature 响应头），对 FILE 的每一个字节进行核验",
		"the detached signature %s verifies every byte of the file\n":                                                                   "独立签名 %s 核验通过，文件的每一个字节均未改动\n",
		"the detached signature does not verify the file: a byte of it was changed, or it was signed with another key":                  "独立签名与文件不符：文件有字节被改动，或由其他密钥签名",
		"the detached signature is not an ed25519 signature (ed25519:<base64>)":                                                         "独立签名不是 ed25519 签名（ed25519:<base64>）",
		"the first month, YYYY-MM":             "起始月份，格式 YYYY-MM",
		"the last month, YYYY-MM":              "截止月份，格式 YYYY-MM",
		"the worker's enrolment (enr_…)":       "工人的用工登记（enr_…）",
		"the worker's project (with --worker)": "工人所在项目（与 --worker 一起使用）",
		"usage: wageguard evidence export (--project ID --worker ENR --from YYYY-MM --to YYYY-MM | --complaint ID [--from --to]) --out FILE": "用法：wageguard evidence export (--project ID --worker ENR --from YYYY-MM --to YYYY-MM | --complaint ID [--from --to]) --out FILE",
		"usage: wageguard evidence verify FILE [--public-key KEY | --secret-key-file FILE] [--sig FILE.sig]":                                 "用法：wageguard evidence verify FILE [--public-key KEY | --secret-key-file FILE] [--sig FILE.sig]",
		"write an evidence bundle and its detached signature FILE.sig":                                                                       "写出证据材料包及其独立签名 FILE.sig",
		"wrote %s (%d {byte|bytes}) and its detached signature %s\n":                                                                         "已写出 %s（%d 字节）及其独立签名 %s\n",
		"payroll %s: replaces %s, given to the worker by the inspectors":                                                                     "工资表 %s：取代 %s，由监察机构直接交给工人",
	})
}
