package i18n

// The command line's flags as -h shows them (cmd/wageguard/flaghelp.go):
// each flag's usage keyed by its English text, the words for its argument,
// its default and its environment variable.
func init() {
	registerEN(map[string]string{
		"usage: wageguard %s %s\n\n%s\n": "用法：wageguard %s %s\n\n%s\n",
		"\nflags every command takes:\n": "\n所有命令都接受的参数：\n",
		" (default %q)":                  "（默认为 %q）",
		" (default %s)":                  "（默认为 %s）",
		" (env %s)":                      "（环境变量 %s）",
		"there is no flag %s: run with -h to see this command's flags": "没有参数 %s：加 -h 运行可查看此命令的参数",
		"flag %s needs a value":                               "参数 %s 需要一个值",
		"%s is not a valid value for %s":                      "%s 不是 %s 的有效值",
		"%s is not a flag: flags are written -name or --name": "%s 不是参数：参数写作 -名称 或 --名称",

		// pkg/config: the settings every command takes.
		"sqlite://PATH (embedded) or postgres://USER@HOST/DB":   "sqlite://路径（内嵌数据库）或 postgres://用户@主机/数据库",
		"address the HTTP API listens on":                       "HTTP API 监听的地址",
		"cron schedule of the nightly check, Asia/Shanghai":     "夜间检查的 cron 时间表（北京时间）",
		"policy file overriding the built-in national defaults": "覆盖内置全国默认值的政策文件",
		"the secret key file for identity numbers at rest (made beside an SQLite file that holds nothing encrypted yet; required with PostgreSQL; the database refuses any other)":                                     "用于加密存储身份证号等的密钥文件（SQLite 数据库尚无加密数据时会在其旁边生成；使用 PostgreSQL 时必填；数据库拒绝其他任何密钥）",
		"private directory (0700) where uploads wait, encrypted, while they are checked (default: wageguard-spool beside an SQLite file, else under the system's temporary directory); leftovers are removed at start": "上传文件在检查期间加密暂存的私有目录（0700）（默认：SQLite 文件旁的 wageguard-spool，否则在系统临时目录下）；启动时清除遗留文件",
		"the service's address as people reach it (https://… behind a TLS proxy): printed in payslip links; https makes the console's cookies Secure":                                                                  "用户访问本服务的地址（在 TLS 代理之后为 https://…）：印在工资条链接中；使用 https 时控制台的 Cookie 带 Secure 标记",
		"comma-separated IPs or CIDRs of the reverse proxies whose X-Forwarded-For names the client (default none: the connection's address is the client's, for the rate limits)":                                     "以逗号分隔的反向代理 IP 或 CIDR，信任其 X-Forwarded-For 所指的客户端（默认无：限流按连接地址计算）",
		"json or text":               "json 或 text",
		"debug, info, warn or error": "debug、info、warn 或 error",

		// Each command's own flags.
		"a file `audit checkpoint` wrote: every chain must still hold what each checkpoint saw":           "由 `audit checkpoint` 写出的文件：每条链都必须仍包含各检查点所见的内容",
		"the file to append the checkpoint to (created 0600)":                                             "追加检查点的文件（以 0600 权限创建）",
		"the night to check, YYYY-MM-DD (Asia/Shanghai)":                                                  "要检查的那一夜，YYYY-MM-DD（北京时间）",
		"back-test: the first night to replay, YYYY-MM-DD":                                                "回测：重放的第一夜，YYYY-MM-DD",
		"back-test: the last night to replay, YYYY-MM-DD":                                                 "回测：重放的最后一夜，YYYY-MM-DD",
		"back-test: replay the nights under --policy and write nothing":                                   "回测：按 --policy 重放这些夜晚，不写入任何数据",
		"the demo's seed: the same seed and --as-of give the same people, money and alerts":               "演示数据的随机种子：相同的种子和 --as-of 生成相同的人员、金额和预警",
		"the demo's today, YYYY-MM-DD: its six months end the day before (default: today, Asia/Shanghai)": "演示数据的“今天”，YYYY-MM-DD：六个月的数据截至前一天（默认：今天，北京时间）",
		"about how many workers the demo's projects employ":                                               "演示项目大约雇用的工人数",
		"check every night of the six months, so that every alert has its history (--every-night=false: every night of the last eight weeks, one a week before, which loads faster)": "检查六个月中的每一夜，使每条预警都有完整历史（--every-night=false：只检查最近八周的每一夜，此前每周一夜，加载更快）",
		"load the demo first, into a fresh embedded database in a temporary directory unless --database-url names one":                                                               "先加载演示数据：除非 --database-url 指定了数据库，否则载入临时目录中新建的内嵌数据库",
		"the public key to check the signatures against (base64, from `wageguard evidence key` or /api/v1/evidence/key); without it, the server's own key from --secret-key-file":    "用于核验签名的公钥（base64，来自 `wageguard evidence key` 或 /api/v1/evidence/key）；不指定时使用 --secret-key-file 中服务器自己的密钥",
		"print the formats as JSON, as GET /api/v1/formats answers":                                                                                                                  "以 JSON 打印文件格式，与 GET /api/v1/formats 的应答相同",
		"write the empty template of this kind (workers, attendance, payroll, bank_results) to --out":                                                                                "把此类文件（workers、attendance、payroll、bank_results）的空白模板写到 --out",
		"the template file to write: .xlsx or .csv": "要写出的模板文件：.xlsx 或 .csv",
		"project ID": "项目编号",
		"employer organisation ID (the GC or a subcontractor)": "用工单位编号（总承包单位或分包单位）",
		"wage month, YYYY-MM": "工资月份，YYYY-MM",
		"regular, supplementary, or advance (the general contractor paying a subcontractor's workers first)": "regular（常规）、supplementary（补发）或 advance（总承包单位先行垫付分包单位工人工资）",
		"validate only, store nothing": "只校验，不保存",
		"print the whole answer as JSON, as the API gives it (every line warning), instead of the summary":            "以 JSON 打印完整应答（含每行警告），与 API 相同，而不是摘要",
		"organisation ID (may be left out with --role admin)":                                                         "单位编号（--role admin 时可不填）",
		"admin, contractor, bank or inspector":                                                                        "admin（管理员）、contractor（承包单位）、bank（银行）或 inspector（监察员）",
		"a note saying who holds the key":                                                                             "说明谁持有该密钥的备注",
		"when the key stops working: YYYY-MM-DD (it works through that day) or an RFC 3339 time; never when left out": "密钥失效的时间：YYYY-MM-DD（当天仍有效）或 RFC 3339 时间；不填则永不失效",
		"the key's ID (key_…)":                                                                                        "密钥编号（key_…）",
		"the division code, e.g. 110111 (its sub-divisions are included; every project when left out)":                "行政区划代码，如 110111（含其下级区划；不填则包括全部项目）",
		"the month, YYYY-MM": "月份，YYYY-MM",
		"the file to write: .xlsx or .csv (an existing file is not overwritten)":                        "要写出的文件：.xlsx 或 .csv（不覆盖已有文件）",
		"rows re-encrypted per transaction":                                                             "每个事务重新加密的行数",
		"stop after this many batches (0: run to the end); run again to resume":                         "执行这么多批后停止（0：执行到底）；再次运行即可继续",
		"how long a new rotation waits, once recorded, for servers still running to notice it and stop": "新的轮换记录后，等待仍在运行的服务器察觉并停止的时长",
	})
	register(map[string]Message{
		"cli.flag.arg.string":   {ZH: "文本", EN: "string"},
		"cli.flag.arg.int":      {ZH: "整数", EN: "int"},
		"cli.flag.arg.uint":     {ZH: "整数", EN: "uint"},
		"cli.flag.arg.float":    {ZH: "数字", EN: "float"},
		"cli.flag.arg.duration": {ZH: "时长", EN: "duration"},
		"cli.flag.arg.value":    {ZH: "值", EN: "value"},
	})
}
