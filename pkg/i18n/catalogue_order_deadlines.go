package i18n

// Issue 17's review: the alert's rectification deadline moves with its
// order's when the order's is counted again.
func init() {
	registerEN(map[string]string{
		"the rectification deadline moved with order %s's, counted again: %s, was %s": "整改期限随限期支付令 %s 的期限重新计算而调整：%s（原为 %s）",
		// The alert's history entry for the same move (deadline_moved).
		"the rectification deadline moved with order %s's, counted again on the working-day calendar as loaded: %s, was %s": "整改期限随限期支付令 %s 的期限按当前载入的工作日历重新计算而调整：%s（原为 %s）",
	})
}
