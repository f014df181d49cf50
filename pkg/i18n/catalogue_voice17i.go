package i18n

// Issue 17's second review: complaint deadlines counted again when the
// working-day calendar gains a year's State Council notice.
func init() {
	register(map[string]Message{
		"console.complaints.provisional": {ZH: "暂定", EN: "provisional"},
		"console.complaints.provisional.help": {ZH: "期限所在年度的国务院放假安排通知尚未载入：已计法定节假日，未计调休；通知载入后重新计算",
			EN: "the State Council holiday notice for the deadline's year is not loaded yet: statutory holidays are counted, bridging days off and make-up working days are not; it is counted again once the notice is loaded"},
	})
	registerEN(map[string]string{
		"the deadline in force counted again on the working-day calendar as loaded: %s, was %s": "按已载入的工作日历重新计算现行期限：%s（原为 %s）",
	})
}
