package i18n

// The console's refusals, kept as ledger errors (their English is the key).
func init() {
	registerEN(map[string]string{
		"no file":           "没有选择文件",
		"no such page":      "没有这个页面",
		"not for this role": "当前角色无权使用此功能",
		"only an inspector of the project's region may act on an alert": "只有项目所在地区的监察员可以处理预警",
		"only the project's contractors submit its payrolls":            "只有本项目的施工单位可以提交工资表",
		"the console needs the key file: no session key is loaded":      "控制台需要密钥文件：尚未加载会话密钥",
		"the console session has ended: sign in again":                  "控制台会话已结束：请重新登录",
		"the file is too large":                                         "文件过大",
		"the form cannot be read":                                       "无法读取表单",
		"the form holds control characters, so nothing was changed.":    "表单中含有控制字符，未做任何更改。",
		"the form is too large":                                         "表单过大",
		"the form's CSRF token is missing or wrong":                     "表单的 CSRF 令牌缺失或错误",
	})
}
