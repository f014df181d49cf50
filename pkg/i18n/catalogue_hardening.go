package i18n

// Messages of the defences against hostile input (issue 16): bounded
// bodies and workbooks, strict encodings, control characters, grammars of
// codes and account numbers, a database that does not answer.
func init() {
	registerEN(map[string]string{
		"%s has more than %d {item|items}: send at most %d in one request":                                                     "%s 超过 %d 项：一次请求最多发送 %d 项",
		"account_no is 8 to 34 digits, grouped by single hyphens or spaces if at all":                                          "account_no 应为 8 至 34 位数字，如需分组，只能用单个连字符或空格隔开",
		"code is letters and digits, with - _ . / between them (like BJ-2026-001)":                                             "code 由字母和数字组成，中间可用 - _ . / 分隔（如 BJ-2026-001）",
		"send one Authorization header, not several":                                                                           "请只发送一个 Authorization 请求头，不要发送多个",
		"the database is not reachable: send the request again shortly, with the same Idempotency-Key if it changes something": "数据库暂时无法连接：请稍后重新发送请求；如请求会修改数据，请使用同一个 Idempotency-Key",
		"the file holds control characters; nothing was stored":                                                                "文件中含有控制字符；未保存任何内容",
		"the file is not wholly one encoding":                                                                                  "文件不是统一的一种编码",
		"alert %s is not an alert about this guarantee's project":                                                              "预警 %s 不是关于该保证金所属项目的预警",
		"more than %d {key|keys} name no field of the %s file: they are ignored, and no more are listed":                       "超过 %d 个键不是%s文件的字段：均已忽略，不再逐一列出",
		"read alerts: only inspectors, administrators and the project's contractors may":                                       "查看预警：只有监察员、管理员和项目的施工单位可以",
		"the file is not valid": "文件有误",
		"cell %s (row %d, column %s) holds more than %d KB of text, more than a spreadsheet cell can (32,767 characters): shorten it, or save the file again as .xlsx or CSV": "单元格 %s（第 %d 行，第 %s 列）的文本超过 %d KB，超出电子表格单元格的上限（32,767 个字符）：请缩短内容，或重新另存为 .xlsx 或 CSV",
		"cell %s holds more than %d KB of text": "单元格 %s 的文本超过 %d KB",
		"shared string %d of the workbook holds more than %d KB of text, more than a spreadsheet cell can (32,767 characters): save the file again as .xlsx or CSV":             "工作簿的第 %d 个共享字符串超过 %d KB，超出电子表格单元格的上限（32,767 个字符）：请重新另存为 .xlsx 或 CSV",
		"the workbook's part %q holds a text of more than %d KB, more than a spreadsheet cell can (32,767 characters): save the file again as .xlsx or CSV":                     "工作簿的部件 %q 含有超过 %d KB 的文本，超出电子表格单元格的上限（32,767 个字符）：请重新另存为 .xlsx 或 CSV",
		"the workbook's part %q holds an XML tag longer than %d {byte|bytes}: this is no spreadsheet's; save it again as .xlsx or CSV":                                          "工作簿的部件 %q 含有长度超过 %d 字节的 XML 标签，不是电子表格生成的文件：请重新另存为 .xlsx 或 CSV",
		"the workbook's part %q holds an XML entity longer than %d {byte|bytes}: this is no spreadsheet's; save it again as .xlsx or CSV":                                       "工作簿的部件 %q 含有长度超过 %d 字节的 XML 实体，不是电子表格生成的文件：请重新另存为 .xlsx 或 CSV",
		"the workbook expands to more than %d MB: split it into smaller files":                                                                                                  "工作簿解压后超过 %d MB：请拆分成较小的文件",
		"the workbook's part %q cannot be read: save it again as .xlsx or CSV":                                                                                                  "工作簿的部件 %q 无法读取：请重新另存为 .xlsx 或 CSV",
		"the workbook's part %q does not hold what its zip directory declares: save it again as .xlsx or CSV":                                                                   "工作簿的部件 %q 与其压缩目录声明的内容不符：请重新另存为 .xlsx 或 CSV",
		"the workbook's part %q expands %d {time|times} (to %d MB): a workbook's data expands about ten times, so this is refused as a zip bomb; save it again as .xlsx or CSV": "工作簿的部件 %q 解压后膨胀 %d 倍（达 %d MB）：正常工作簿约膨胀十倍，此文件按压缩炸弹拒收；请重新另存为 .xlsx 或 CSV",
		"wage_account.account_no must be 8 to 34 digits, grouped by single hyphens or spaces if at all":                                                                         "wage_account.account_no 应为 8 至 34 位数字，如需分组，只能用单个连字符或空格隔开",
	})
}
