package i18n

// Messages of the demo (wageguard demo, serve --demo): its command, what it
// prints, and the roles its sign-in keys are for.
func init() {
	registerEN(map[string]string{
		"load six months of generated projects, workers, payrolls and planted\nproblems (an empty database, or a new one in a temporary directory) and print sign-in keys": "加载六个月的生成项目、工人、工资表和预设问题\n（空数据库，或临时目录中的新数据库），并打印登录密钥",
		"loading the demo into %s (six months, day by day)…\n":                                                                            "正在将演示数据加载到 %s（六个月，逐日模拟）……\n",
		"\nThe database is %s; serve it with:\n  wageguard serve --database-url %s --secret-key-file %s\n":                                "\n数据库为 %s；用以下命令提供服务：\n  wageguard serve --database-url %s --secret-key-file %s\n",
		"wageguard demo (seed %d): %s to %s, simulated day by day, the nightly check run %d {time|times}.\n":                              "wageguard 演示（种子 %d）：%s 至 %s，逐日模拟，夜间检查运行 %d 次。\n",
		"Every person, identity number, bank card and phone number in it is generated (fictitious); every organisation is marked 演示.\n\n": "其中所有人员、身份证号、银行卡号和手机号均为生成的虚构数据；所有单位名称均标注“演示”。\n\n",
		"  %d {project|projects}, %d {worker|workers}, %d attendance {day|days}, %d {payroll|payrolls}\n":                                 "  %d 个项目，%d 名工人，%d 个出勤日，%d 份工资表\n",
		"  ¥%s allocated by owners; %d {wage|wages} paid (¥%s), %d failed\n":                                                              "  建设单位拨付人工费 ¥%s；已发放工资 %d 笔（¥%s），失败 %d 笔\n",
		"  open alerts: %s\n":                    "  未关闭预警：%s\n",
		"  loaded in %s (nightly checks %s)\n\n": "  加载用时 %s（其中夜间检查 %s）\n\n",
		"Sign in with these keys (Authorization: Bearer KEY, or paste one into the console):\n": "用以下密钥登录（Authorization: Bearer 密钥，或粘贴到控制台）：\n",
		"(whoever runs the service)": "（服务运营方）",
		"\nConsole: %s\n":            "\n控制台：%s\n",
	})
	// The role each printed key signs in as (pkg/demo's SignIn.As).
	labels := map[string]Message{}
	for en, zh := range map[string]string{"administrator": "管理员", "general contractor": "施工总承包单位", "subcontractor": "分包单位",
		"bank": "开户银行", "district inspector": "区劳动保障监察", "city inspector": "市劳动保障监察"} {
		labels["demo sign-in: "+en] = Message{ZH: zh, EN: en}
	}
	register(labels)
}
