package i18n

// Messages of the audit commands: keyed chains and signed checkpoints.
func init() {
	registerEN(map[string]string{
		"--out is required": "必须指定 --out",
		"append a signed checkpoint of every audit chain's head to FILE (keep it apart from the database)":                           "把每条审计链链头的签名检查点追加到 FILE（请与数据库分开保存）",
		"check the audit trail's keyed hash chains, and that no chain was cut back or dropped\nsince the signed checkpoints in FILE": "核对审计记录的带密钥哈希链，并核对自 FILE 中的签名检查点以来\n没有任何链被截短或删除",
	})
}
