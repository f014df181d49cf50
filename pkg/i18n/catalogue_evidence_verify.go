package i18n

// Why an evidence bundle does not verify (evidence.Verify).
func init() {
	registerEN(map[string]string{
		"a public key is 32 bytes in base64":                                                                                                "公钥应为 base64 编码的 32 个字节",
		"the archive does not end with an empty end-of-directory record":                                                                    "压缩包末尾不是空的目录结束记录",
		"the archive's signature does not verify with the key given: the file was altered, or signed with another key":                      "压缩包的签名无法用所给公钥验证：文件被修改过，或是用其他密钥签名的",
		"the bundle has no manifest.json":                                                                                                   "证据包中没有 manifest.json",
		"manifest.json is not a wageguard evidence manifest":                                                                                "manifest.json 不是 wageguard 证据清单",
		"the bundle is signed with another key than the one given":                                                                          "证据包不是用所给公钥对应的密钥签名的",
		"the archive's signature does not verify: the file was altered":                                                                     "压缩包的签名验证失败：文件被修改过",
		"manifest.sig does not verify manifest.json":                                                                                        "manifest.sig 与 manifest.json 不符",
		"a complaint's bundle covers at least one worker":                                                                                   "一个投诉的证据包至少包含一名工人",
		"complaint %s covers %d {worker|workers}, more than the %d one bundle holds: export the workers' bundles one by one":                "投诉 %s 涉及 %d 名工人，超过一个证据包可容纳的 %d 名：请逐个导出工人的证据包",
		"complaint %s names no worker of the project and the books show none owed for its months: there is no worker's statement to bundle": "投诉 %s 未指明本项目的工人，账上也没有其所涉月份被欠薪的工人：没有可打包的工人证据材料",
		"the archive carries no signature in its comment":                                                                                   "压缩包注释中没有签名",
		"not a ZIP archive, or one whose end was altered":                                                                                   "不是 ZIP 压缩包，或其末尾被修改过",
		"the archive holds %s twice":                                                                                                        "压缩包中 %s 出现了两次",
		"%s is in the manifest but not in the archive":                                                                                      "%s 列在清单中，但压缩包中没有",
		"%s does not match its SHA-256 in the manifest":                                                                                     "%s 与清单中的 SHA-256 不符",
		"the archive holds files the manifest does not list: %s":                                                                            "压缩包中有清单未列出的文件：%s",
	})
}
