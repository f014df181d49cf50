package i18n

// Issue 17's second review: complaint deadlines counted again when the
// working-day calendar gains a year's State Council notice.
func init() {
	register(map[string]Message{
		"console.nav.orders":               {ZH: "限期支付令", EN: "Orders to pay"},
		"console.orders.title":             {ZH: "限期支付令", EN: "Orders to pay"},
		"console.orders.issued":            {ZH: "下达日期", EN: "Issued on"},
		"console.orders.employer":          {ZH: "用人单位", EN: "Employer"},
		"console.orders.deadline":          {ZH: "支付期限", EN: "Pay by"},
		"console.orders.amount":            {ZH: "责令支付金额", EN: "Amount ordered"},
		"console.orders.unpaid":            {ZH: "尚未支付", EN: "Still unpaid"},
		"console.orders.none":              {ZH: "没有限期支付令。", EN: "No orders to pay."},
		"console.complaints.entry":         {ZH: "代工人登记投诉（电话、来访）", EN: "Enter a complaint for a worker (phone, walk-in)"},
		"console.complaints.entry.help":    {ZH: "投诉人身份不会告知用人单位（《劳动保障监察条例》第九条）。", EN: "The complainant's identity is never shown to the employer (LSIR Art. 9)."},
		"console.complaints.entry.consent": {ZH: "工人同意由监察员代为登记", EN: "The worker agrees to the inspector entering it for them"},
		"console.complaints.entry.send":    {ZH: "登记投诉", EN: "Enter the complaint"},
		"console.cmp.done.file":            {ZH: "投诉已登记。", EN: "The complaint is entered."},
		"console.payslips.revoke":          {ZH: "撤销工人本人链接", EN: "Revoke the worker's own link"},
		"console.payslips.mark_misused":    {ZH: "标记为被冒用", EN: "Mark as misused"},
		"console.payslips.misused":         {ZH: "已标记为被冒用：经此链接的确认不计", EN: "marked misused: confirmations through it do not count"},
		"console.payslips.misused.check":   {ZH: "链接被他人持有（经此链接的确认不再计为工人本人的确认）", EN: "someone other than the worker held the link (confirmations through it no longer count as the worker's)"},
		"console.complaints.provisional":   {ZH: "暂定", EN: "provisional"},
		"console.complaints.provisional.help": {ZH: "期限所在年度的国务院放假安排通知尚未载入：已计法定节假日，未计调休；通知载入后重新计算",
			EN: "the State Council holiday notice for the deadline's year is not loaded yet: statutory holidays are counted, bridging days off and make-up working days are not; it is counted again once the notice is loaded"},
	})
	registerEN(map[string]string{
		"only an inspector may enter a complaint for a worker":                                     "只有监察员可以代工人登记投诉",
		"only an inspector of the project's region may revoke a link the inspectors gave a worker": "只有项目所在地区的监察员可以撤销监察机构直接发给工人的链接",
		"the deadline in force counted again on the working-day calendar as loaded: %s, was %s":    "按已载入的工作日历重新计算现行期限：%s（原为 %s）",
	})
}
