package i18n

// The title of an API problem (RFC 9457), per HTTP status, in the language
// of its detail. Programs match the code, never the title.
func init() {
	register(map[string]Message{
		"problem.title.400": {ZH: "请求无法解析", EN: "Bad Request"},
		"problem.title.401": {ZH: "未认证", EN: "Unauthorized"},
		"problem.title.403": {ZH: "无权操作", EN: "Forbidden"},
		"problem.title.404": {ZH: "未找到", EN: "Not Found"},
		"problem.title.405": {ZH: "不支持该请求方法", EN: "Method Not Allowed"},
		"problem.title.406": {ZH: "无法提供所要求的格式", EN: "Not Acceptable"},
		"problem.title.409": {ZH: "冲突", EN: "Conflict"},
		"problem.title.412": {ZH: "前提条件不满足", EN: "Precondition Failed"},
		"problem.title.413": {ZH: "请求内容过大", EN: "Request Entity Too Large"},
		"problem.title.415": {ZH: "不支持的内容类型", EN: "Unsupported Media Type"},
		"problem.title.422": {ZH: "内容有误", EN: "Unprocessable Entity"},
		"problem.title.428": {ZH: "缺少前提条件", EN: "Precondition Required"},
		"problem.title.429": {ZH: "请求过于频繁", EN: "Too Many Requests"},
		"problem.title.500": {ZH: "服务器内部错误", EN: "Internal Server Error"},
		"problem.title.503": {ZH: "服务暂不可用", EN: "Service Unavailable"},
		"problem.title.504": {ZH: "处理超时", EN: "Gateway Timeout"},
	})
}
