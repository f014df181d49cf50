package i18n

// Messages an operator reads on the command line: configuration, database
// URLs and migrations, keyed by their English text.
func init() {
	registerEN(map[string]string{
		"a database URL is required":                                                      "需要数据库地址",
		"address %q is not host:port":                                                     "地址 %q 不是 host:port 格式",
		"configuration is not valid":                                                      "配置有误",
		"log format must be json or text":                                                 "日志格式须为 json 或 text",
		"log level must be debug, info, warn or error":                                    "日志级别须为 debug、info、warn 或 error",
		"schedule %q is not a 5-field cron expression: %v":                                "schedule %q 不是 5 段式 cron 表达式：%v",
		"sqlite:// needs a file path, e.g. sqlite://./wageguard.db":                       "sqlite:// 需要文件路径，例如 sqlite://./wageguard.db",
		"the database URL must start with sqlite:// or postgres://":                       "数据库地址须以 sqlite:// 或 postgres:// 开头",
		"cannot create the folder of the database file %q: %v":                            "无法创建数据库文件 %q 所在的文件夹：%v",
		"database URL %q has a bad query string":                                          "数据库地址 %q 的查询参数有误",
		"database URL %q is not a valid postgres:// URL":                                  "数据库地址 %q 不是有效的 postgres:// 地址",
		"database URL %q is not understood: use sqlite://PATH or postgres://USER@HOST/DB": "无法识别数据库地址 %q：请使用 sqlite://路径 或 postgres://用户@主机/数据库",
		"database URL %q names no file: write sqlite://./wageguard.db":                    "数据库地址 %q 没有指定文件：请写作 sqlite://./wageguard.db",
		"database schema is at the development migration %04d_%s, before the migrations were squashed into %04d_%s: migrate it to %04d_%s with the wageguard that made it, then run this one": "数据库结构处于开发期迁移 %04d_%s，早于迁移合并为 %04d_%s 之时：请先用创建它的 wageguard 版本迁移到 %04d_%s，再运行本版本",
		"database schema is at version %d but this wageguard knows versions up to %d: it was migrated by a newer wageguard; run that version or newer":                                        "数据库结构版本为 %d，而本 wageguard 只认识到 %d 版：它已被更新版本的 wageguard 迁移过；请运行该版本或更新的版本",
		"database schema is at version %d, %d migrations are pending: run `wageguard migrate`":                                                                                                "数据库结构版本为 %d，有 %d 个迁移尚未执行：请运行 `wageguard migrate`",
	})
}
