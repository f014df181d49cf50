package i18n

// Entries every area uses.
func init() {
	register(map[string]Message{
		"common.internal_error": {ZH: "服务器内部错误，请稍后重试", EN: "internal error"},
	})
}
