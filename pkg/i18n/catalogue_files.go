package i18n

// Messages about uploaded files (pkg/payrollfile): headers, columns, the
// damage spreadsheets do to long numbers, keyed by their English text.
func init() {
	registerEN(map[string]string{
		"ID number":   "身份证号",
		"card number": "银行卡号",
		"the %s ends in zeros that fail its check (%s…%s): a spreadsheet stored it as a number and zeroed the digits after the 15th. Format the column as Text and type the number again": "%s以几个 0 结尾，无法通过校验（%s…%s）：电子表格把它存成了数字，第 15 位之后的数字被置为 0。请把该列设为“文本”格式，重新输入号码",
		"the %s was stored as a number (it ends in .0): format the column as Text and type it again":                                                                                      "%s被存成了数字（以 .0 结尾）：请把该列设为“文本”格式，重新输入",
		"the %s was turned into a number by the spreadsheet (%s): its last digits are lost. Format the column as Text, type the number again, and save":                                   "%s被电子表格转成了数字（%s）：末尾几位已丢失。请把该列设为“文本”格式，重新输入号码并保存",
		"%s is not a column of the %s file and was ignored":                   "%s不是%s文件的列，已忽略",
		"%s is not a column of the %s file and was ignored; did you mean %s?": "%s不是%s文件的列，已忽略；您是否指的是 %s？",
		"%s is read as %s: rename it to that heading to be sure":              "%s按 %s 读取：为确保无误，请把列名改为该名称",
		"column %d %q":                                                            "第 %d 列“%s”",
		"row %d: columns %d and %d both mean %q":                                  "第 %d 行：第 %d 列和第 %d 列都表示 %q",
		"JSON row %d is not an object of fields":                                  "JSON 第 %d 行不是由字段组成的对象",
		"a JSON upload is a list of objects, one per row":                         "JSON 上传文件应为对象列表，每行一个对象",
		"file format %q is not supported: send CSV, XLSX or JSON":                 "不支持文件格式 %q：请上传 CSV、XLSX 或 JSON 文件",
		"key %q is not a field of the %s file and was ignored":                    "键 %q 不是%s文件的字段，已忽略",
		"no header row found in the first 20 rows: the %s file needs columns %s":  "前 20 行中没有找到表头行：%s文件需要以下列：%s",
		"row %d cannot be read as CSV: %v":                                        "第 %d 行无法按 CSV 读取：%v",
		"the JSON file has no list of rows":                                       "JSON 文件中没有行列表",
		"the JSON file is not valid":                                              "JSON 文件无效",
		"the file cannot be read after row %d":                                    "文件在第 %d 行之后无法读取",
		"the file has more than %d {row|rows}: split it into smaller files":       "文件超过 %d 行：请拆分成较小的文件",
		"the file is larger than the limit of %d MB: split it into smaller files": "文件超过了 %d MB 的上限：请拆分成较小的文件",
		"the file is not valid JSON":                                              "文件不是有效的 JSON",
		"the header on row %d lacks required columns: %s":                         "第 %d 行的表头缺少必需的列：%s",
		"this is an old Excel file (.xls, Excel 97–2003), which cannot be read: open it in Excel or WPS and save it as .xlsx (Excel workbook) or CSV (UTF-8), then upload that file": "这是旧版 Excel 文件（.xls，Excel 97–2003），无法读取：请用 Excel 或 WPS 打开，另存为 .xlsx（Excel 工作簿）或 CSV（UTF-8），再上传该文件",
		"the file is not a readable XLSX workbook: save it again as .xlsx (Excel 2007 or later) or CSV":                                                                              "该文件不是可读取的 XLSX 工作簿：请重新另存为 .xlsx（Excel 2007 或更高版本）或 CSV",
		"the first sheet of the workbook cannot be read":                            "无法读取工作簿的第一个工作表",
		"the workbook has no sheet":                                                 "工作簿中没有工作表",
		"the workbook's cell formats cannot be read: save it again as .xlsx or CSV": "无法读取工作簿的单元格格式：请重新另存为 .xlsx 或 CSV",
	})
}
