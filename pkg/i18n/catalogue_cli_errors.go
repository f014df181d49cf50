package i18n

// What the command line says when it stops, and what `audit verify` and
// `evidence verify` print: the secret key file, its rotation, a database
// not migrated yet, and a trail or bundle that does not verify.
func init() {
	registerEN(map[string]string{
		// The secret key file and its rotation.
		"a secret key file is required with PostgreSQL: set --secret-key-file or WAGEGUARD_SECRET_KEY_FILE to the file this database was made with (for a new database, create one with `wageguard keys init-secret FILE`, keep it private and back it up: identity numbers cannot be read without it)": "使用 PostgreSQL 时必须提供密钥文件：请用 --secret-key-file 或 WAGEGUARD_SECRET_KEY_FILE 指向创建此数据库时使用的密钥文件（新数据库请用 `wageguard keys init-secret 文件` 创建一个，妥善保管并备份：没有它将无法读取身份证号）",
		"the secret key file %s does not exist. If this database has been used before, restore the file it was made with from your backup: a new key cannot read its data. Only for a new database, create one with `wageguard keys init-secret %s` and share it with every instance":                   "密钥文件 %s 不存在。如果此数据库以前用过，请从备份恢复创建它时使用的密钥文件：新密钥无法读取其中的数据。只有新数据库才应当用 `wageguard keys init-secret %s` 创建密钥文件，并让所有实例使用同一个文件",
		"the secret key file %s can be read by other users (mode %o): chmod 600 it":                                                                                                          "密钥文件 %s 可被其他用户读取（权限 %o）：请执行 chmod 600",
		"a rotation of the secret key to version %d is unfinished: run `wageguard keys rotate-secret` to finish it (it resumes where it stopped) before anything else uses identity numbers": "密钥轮换到版本 %d 尚未完成：请先运行 `wageguard keys rotate-secret` 完成轮换（会从中断处继续），然后才能使用身份证号等数据",
		"another wageguard recorded a different secret key for this database at the same moment (version %d, check value %s): every instance must use the same key file":                     "另一个 wageguard 实例同时为此数据库登记了不同的密钥（版本 %d，校验值 %s）：所有实例必须使用同一个密钥文件",
		"a rotation needs the current key file: %s": "密钥轮换需要当前的密钥文件：%s",
		"the rotation stopped (run `wageguard keys rotate-secret` again to resume; the key file keeps both versions): %s":                                                                                                                                         "密钥轮换已中断（再次运行 `wageguard keys rotate-secret` 即可继续；密钥文件中保留两个版本）：%s",
		"the rotation finished, but the key file still holds the retired version beside the new one (harmless: nothing uses it any more; the next rotation drops it): %s":                                                                                         "密钥轮换已完成，但密钥文件中除新版本外仍保留着已停用的版本（无害：已不再使用，下次轮换时会删除）：%s",
		"%s; nothing was re-encrypted: run `wageguard keys rotate-secret` again":                                                                                                                                                                                  "%s；没有重新加密任何数据：请再次运行 `wageguard keys rotate-secret`",
		"the secret key is being rotated (key version %d is %s, this server holds version %d): the server stopped so that nothing more is written under the old key; start it again with the key file `wageguard keys rotate-secret` leaves once it has finished": "密钥正在轮换（密钥版本 %d 的状态为 %s，本服务持有的是版本 %d）：服务已停止，以免继续用旧密钥写入数据；轮换完成后，请用 `wageguard keys rotate-secret` 留下的密钥文件重新启动",

		// A database not migrated yet; books that do not balance.
		"there is no database at %s yet, so every migration is pending: run `wageguard migrate` (or `wageguard serve`) first, or point --database-url (env WAGEGUARD_DATABASE_URL) at the server's database": "%s 处还没有数据库，所有迁移都未执行：请先运行 `wageguard migrate`（或 `wageguard serve`），或用 --database-url（环境变量 WAGEGUARD_DATABASE_URL）指向服务器所用的数据库",
		"the books do not balance: %d discrepancy":   "账目不平：%d 处不符",
		"the books do not balance: %d discrepancies": "账目不平：%d 处不符",

		// ledger verify.
		"project %s, %s: %s":                                        "项目 %s，%s：%s",
		"entry %s":                                                  "记账分录 %s",
		"account %s":                                                "账户 %s",
		"has %d posting, needs at least two":                        "只有 %d 笔过账，至少需要两笔",
		"has %d postings, needs at least two":                       "只有 %d 笔过账，至少需要两笔",
		"has postings but the entry itself is missing":              "有过账，但分录本身不存在",
		"has postings summing to %s but no cached balance":          "过账合计 %s，但没有缓存余额",
		"cached balance %s differs from the sum of its postings %s": "缓存余额 %s 与其过账合计 %s 不符",
		"wages of enrolment %s for %s":                              "用工记录 %s 在 %s 的工资月汇总",
		"kept as due %s and payable %s, the payrolls and postings say due %s and payable %s": "汇总为应发 %s、应付工资科目 %s，工资表与过账为应发 %s、应付工资科目 %s",
		"has approved wages or postings (due %s, payable %s) but no row of wages by month":   "有已审核工资或过账（应发 %s、应付工资科目 %s），但没有工资月汇总",
		"has a row of wages by month (due %s, payable %s) but no approved wages or postings": "有工资月汇总（应发 %s、应付工资科目 %s），但没有已审核工资或过账",

		// audit verify.
		"the audit trail was tampered with: %d problem":                    "审计记录被篡改：%d 处问题",
		"the audit trail was tampered with: %d problems":                   "审计记录被篡改：%d 处问题",
		"checked %d signed {checkpoint|checkpoints}\n":                     "已核对 %d 个签名检查点\n",
		"there is no checkpoint file %s":                                   "检查点文件 %s 不存在",
		"%s, line %d: not a checkpoint: %s":                                "%s 第 %d 行不是检查点：%s",
		"%s holds no checkpoint":                                           "%s 中没有检查点",
		"chain %s, record %d %s: %s":                                       "审计链 %s 第 %d 条记录 %s：%s",
		"chain %s, record %d (missing): %s":                                "审计链 %s 第 %d 条记录（缺失）：%s",
		"chain %s, record %s: %s":                                          "审计链 %s 记录 %s：%s",
		"chain %s: %s":                                                     "审计链 %s：%s",
		"chain has records but no head: its head was removed":              "该链有记录但没有链头：链头被删除了",
		"record %d is missing (the next record present is %d %s): removed": "第 %d 条记录缺失（下一条现存记录为第 %d 条 %s）：记录被删除了",
		"its prev_hash is not the hash of the record before it: records were removed or reordered":                                          "其 prev_hash 不是前一条记录的哈希：记录被删除或调换了顺序",
		"the chain head is at record %d but the records end at %d: records were removed from the end":                                       "链头位于第 %d 条记录，但记录只到第 %d 条：末尾的记录被删除了",
		"it is not keyed, yet records before it are: the chain was rewritten without the key":                                               "该记录没有带密钥的哈希，而它之前的记录有：该链在没有密钥的情况下被改写了",
		"it is keyed with version %d, which neither the key file nor the database holds: it cannot be verified":                             "该记录使用密钥版本 %d 计算哈希，而密钥文件和数据库中都没有该版本：无法核验",
		"its content no longer matches its keyed hash: the record was changed, or its hash made without the key":                            "其内容与带密钥的哈希不再相符：记录被修改过，或其哈希不是用密钥计算的",
		"its content no longer matches its hash: the record was changed":                                                                    "其内容与哈希不再相符：记录被修改过",
		"it is not keyed, and no attestation of the chain's records from before the key covers it: the chain was rewritten without the key": "该记录没有带密钥的哈希，也不在启用密钥前对该链记录所做的证明范围内：该链在没有密钥的情况下被改写了",
		"it is not the record attested when the trail was keyed: the chain was rewritten":                                                   "该记录不是启用密钥时所证明的那条记录：该链被改写了",
		"a queued record the sealer refused: %s":                                                                                            "封存程序拒绝的待入链记录：%s",
		"a queued record %s":                                                                                                                "待入链记录：%s",
		"the checkpoint of %s is not signed by this trail's key (version %d): it cannot vouch for anything":                                 "%s 的检查点不是用本审计记录的密钥（版本 %d）签名的：它不能证明任何内容",
		"the checkpoint of %s saw record %d, which is no longer there: records were removed from the end or the chain was dropped":          "%s 的检查点记录了第 %d 条记录，而该记录已不存在：末尾的记录被删除了，或整条链被删除了",
		"record %d is not the record the checkpoint of %s saw: the chain was rewritten":                                                     "第 %d 条记录不是 %s 的检查点所记录的那条：该链被改写了",

		// evidence verify.
		"NOT VERIFIED: %s": "核验未通过：%s",
		"verified: enrolment %s of project %s, %s to %s, made %s\n":                           "核验通过：项目 %[2]s 的登记 %[1]s，%[3]s 至 %[4]s，生成于 %[5]s\n",
		"verified: complaint %s of project %s, %d {worker|workers} (%s), %s to %s, made %s\n": "核验通过：项目 %[2]s 的投诉 %[1]s，共 %[3]d 名工人（%[4]s），%[5]s 至 %[6]s，生成于 %[7]s\n",
		"  %s  %s (%d {byte|bytes})\n":                                                        "  %s  %s（%d 字节）\n",
		"  audit chain %s at %d: %s\n":                                                        "  审计链 %s 第 %d 条：%s\n",
		"signed by the given key %s\n":                                                        "由所给公钥 %s 签名\n",
		"signed by the server's own key %s\n":                                                 "由本服务自己的密钥签名，公钥 %s\n",
		"the audit trail holds every chain head the manifest records\n":                       "审计记录中有清单所记的每个审计链头\n",
		"NOT VERIFIED: the audit trail holds no record %d of chain %s with hash %s, which the manifest records (%d {head|heads} not held)":             "核验未通过：审计记录中没有清单所记的审计链 %[2]s 第 %[1]d 条、哈希为 %[3]s 的记录（共 %[4]d 个链头不符）",
		"UNTRUSTED: nothing says whose key signed the bundle: pass the key the service publishes with --public-key, or the server's --secret-key-file": "不可信：无从确认证据包由谁的密钥签名：请用 --public-key 指定服务公布的公钥，或用 --secret-key-file 指定服务器的密钥文件",
		"UNTRUSTED: the bundle names key version %d, which the secret key file does not hold":                                                          "不可信：证据包所称的密钥版本 %d 不在该密钥文件中",
	})
}

// Go's own errors that reach a person at the command line
// (cmd/wageguard/goerrors.go): a file, a directory, a network address.
func init() {
	registerEN(map[string]string{
		"the host %s is not known: check the name in the address":                                   "无法识别主机 %s：请检查地址中的主机名",
		"%s refused the connection: is the server running, and listening at that address and port?": "%s 拒绝了连接：服务是否已启动，并在该地址和端口上监听？",
		"the address %s is already in use: another program (or another wageguard) listens there":    "地址 %s 已被占用：另一个程序（或另一个 wageguard）正在该地址上监听",
		"%s cannot be reached from this machine: check the network and the address":                 "本机无法访问 %s：请检查网络和地址",
		"the connection to %s was cut off: try again":                                               "与 %s 的连接被中断：请重试",
		"%s did not answer in time: check that it runs and that the network reaches it":             "%s 未能及时响应：请检查它是否在运行、网络是否可达",
		"%s does not exist: check the path and the name":                                            "%s 不存在：请检查路径和文件名",
		"permission denied on %s: check who owns it and its mode, or run as a user who may use it":  "没有权限访问 %s：请检查其所有者和权限，或换用有权限的用户运行",
		"%s already exists":                       "%s 已存在",
		"%s is a directory: name a file":          "%s 是一个目录：请指定文件",
		"a part of %s is a file, not a directory": "%s 路径中的某一级是文件而不是目录",
		"the disk holding %s is full":             "%s 所在的磁盘已满",
		"%s is on a read-only file system":        "%s 位于只读文件系统上",
		"unable to reach database: %s":            "无法连接数据库：%s",
		"the server":                              "服务器",
	})
}
