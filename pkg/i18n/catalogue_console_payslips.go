package i18n

// The console's payslip links on a payroll's page, which an inspector
// re-issues straight to the worker, and the detached signature of a
// complaint's evidence bundle (issue 17).
func init() {
	register(map[string]Message{
		"console.payslips.title":          {ZH: "工资条链接", EN: "Payslip links"},
		"console.payslips.none":           {ZH: "本工资表尚未发放工资条链接。", EN: "No payslip links have been issued for this payroll."},
		"console.payslips.help":           {ZH: "用人单位打印的链接可能未交到工人手中，或被他人持有：另发一个工人本人的链接，由您直接交给工人。用人单位的链接保持原样，用人单位看不到新链接，也无法撤销它，因而无从得知哪位工人找过监察机构；新链接只显示一次，再次发放时取代工人原有的本人链接；发放记入审计（不含链接）。", EN: "A link the employer printed may not have reached the worker, or someone else may hold it: issue the worker a link of their own and give it to them yourself. The employer's link stays as it is, and the employer never sees the new one nor can revoke it, so it cannot tell which worker came to the inspectors. The new link is shown only once; issuing again replaces the worker's own earlier link. Audited, without the link."},
		"console.payslips.expires":        {ZH: "有效期至", EN: "Valid until"},
		"console.payslips.given":          {ZH: "发放方式", EN: "Given by"},
		"console.payslips.direct":         {ZH: "监察机构直接交给工人", EN: "the inspectors, to the worker"},
		"console.payslips.by_employer":    {ZH: "用人单位打印", EN: "the employer, printed"},
		"console.payslips.reissue":        {ZH: "重新发放给工人", EN: "Re-issue to the worker"},
		"console.payslips.reissued":       {ZH: "已为 %s 重新发放工资条链接：", EN: "A new payslip link for %s:"},
		"console.payslips.reissued.shown": {ZH: "新链接只显示这一次：请当面或以短信交给工人本人。用人单位的链接保持原样；工人原有的本人链接（如有）已作废。", EN: "The new link, shown only this once: give it to the worker in person or by text message. The employer's link stays as it is; the worker's own earlier link, if any, no longer works."},
		"console.payslip_state.live":      {ZH: "有效", EN: "live"},
		"console.payslip_state.expired":   {ZH: "已过期", EN: "expired"},
		"console.payslip_state.revoked":   {ZH: "已撤销", EN: "revoked"},

		"console.complaint.evidence.sig":       {ZH: "下载该证据包的独立签名（.sig）", EN: "Download the bundle's detached signature (.sig)"},
		"console.complaint.evidence.sig.help":  {ZH: "先下载证据包，再在同一浏览器中下载其独立签名；签名对应您最近一次下载的该期间证据包，一小时内有效。将两个文件放在一起，用以下命令离线核验：", EN: "Download the bundle first, then its detached signature in the same browser: the signature is the one of the bundle for these months you last downloaded, for an hour. Keep the two files together and check them offline with:"},
		"console.complaint.evidence.verify":    {ZH: "wageguard evidence verify %s --sig %s.sig --public-key %s", EN: "wageguard evidence verify %s --sig %s.sig --public-key %s"},
		"console.complaint.evidence.key":       {ZH: "签名公钥（Ed25519，第 %d 版）：", EN: "The signing public key (Ed25519, version %d):"},
		"console.complaint.evidence.sig.first": {ZH: "没有可下载的签名：请先下载该期间的证据包，再在同一浏览器中、一小时内下载其签名。", EN: "No signature to download: download the bundle for these months first, then its signature in the same browser within an hour."},
	})
	registerEN(map[string]string{
		"only an inspector of the project's region may re-issue a payslip link to the worker": "只有项目所在辖区的监察员可以将工资条链接直接重新发给工人",
	})
}
