package i18n

// Why a date computed from the holiday calendar may still move: a year the
// computation crossed has no State Council holiday notice yet.
func init() {
	registerEN(map[string]string{
		"the working-day calendar lacks the State Council holiday notice for %d: deadlines in %d count its statutory holidays but not its bridging days off or make-up working days until the notice is added": "工作日历缺少 %d 年的国务院放假安排通知：在补充该通知之前，%d 年的期限只计入法定节假日，未计入调休和补班",
		"%d has no State Council holiday notice yet: its statutory holidays are counted, its bridging days off and make-up working days are not":                                                               "%d 年的国务院放假安排通知尚未发布：已计入法定节假日，未计入调休和补班",
		"%d has no State Council holiday notice and its lunar holidays (Spring Festival, Qingming, Dragon Boat, Mid-Autumn) are not tabulated: only its fixed-date holidays are counted":                       "%d 年的国务院放假安排通知尚未发布，其农历节日（春节、清明、端午、中秋）也未收录：只计入了日期固定的节假日",
		"%s; the date may move when the notice is published": "%s；通知发布后该日期可能变动",
	})
}
