package i18n

// The nightly check's schedule: which nights are owed, which may be asked for.
func init() {
	registerEN(map[string]string{
		"as_of %s is before the first project started, on %s: there is nothing to check":                                               "as_of %s 早于第一个项目的开工日期 %s：没有可检查的内容",
		"nights %s to %s were not checked: the schedule catches up at most %d {night|nights}; check them with wageguard check --as-of": "%s 至 %s 的夜间检查未执行：定时任务最多补查 %d 个夜晚；请用 wageguard check --as-of 补查",
		"reopened: %s": "重新打开：%s",
		// A check run's error (check_runs.error, GET /checks, the console).
		"its process stopped beating; the run %s redid its date": "执行该检查的进程已停止响应；运行 %s 重新检查了这一天",
		"payment returned: %s": "工资被退票：%s",
	})
}
