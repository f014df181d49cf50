package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// What a command says when it stops is Chinese by default and English when
// LANG (or LC_ALL, which wins) asks for it: a database not migrated yet, a
// secret key file others can read, a file that is not an evidence bundle.
func TestCommandLineErrorsInTheUsersLanguage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "wageguard.db")
	key := filepath.Join(dir, "open.key")
	if code, _, stderr := run(t, nil, "keys", "init-secret", key); code != exitOK {
		t.Fatal(stderr)
	}
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	notBundle := filepath.Join(dir, "bundle.zip")
	if err := os.WriteFile(notBundle, []byte("not a zip"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		args   []string
		env    map[string]string
		zh, en string
	}{
		{"migrate first", []string{"audit", "verify"}, map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + db},
			"还没有数据库，所有迁移都未执行：请先运行 `wageguard migrate`", "there is no database at " + db + " yet"},
		{"a key file others can read", []string{"migrate"}, map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + db, "WAGEGUARD_SECRET_KEY_FILE": key},
			"可被其他用户读取（权限 644）：请执行 chmod 600", "can be read by other users (mode 644): chmod 600 it"},
		{"evidence verify", []string{"evidence", "verify", notBundle}, nil,
			"核验未通过：不是 ZIP 压缩包，或其末尾被修改过", "NOT VERIFIED: not a ZIP archive, or one whose end was altered"},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{"LANG": ""}
			for k, v := range c.env {
				env[k] = v
			}
			code, _, zh := run(t, env, c.args...)
			if code != exitFailure || !strings.Contains(zh, c.zh) {
				t.Errorf("by default: %d %s", code, zh)
			}
			env["LANG"], env["LC_ALL"] = "zh_CN.UTF-8", "en_US.UTF-8"
			code, _, en := run(t, env, c.args...)
			if code != exitFailure || !strings.Contains(en, c.en) {
				t.Errorf("with LC_ALL=en_US.UTF-8: %d %s", code, en)
			}
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("a refused command left a database behind")
	}
}

// `wageguard formats` prints the file-format reference in the user's
// language: the titles, what each column holds and whether it is required
// in Chinese by default, in English with --lang en or LANG=en_*.
func TestFormatsCommandInTheUsersLanguage(t *testing.T) {
	_, zh, _ := run(t, map[string]string{"LANG": ""}, "formats")
	for _, want := range []string{"payroll — 工资支付表：每月一张，每名工人一行", "工人姓名，与身份证一致；文本", "必填", "选填", "也可写作："} {
		if !strings.Contains(zh, want) {
			t.Errorf("in Chinese, no %q:\n%s", want, zh)
		}
	}
	for _, english := range []string{"optional", "required", "also:", "worker register", "one line per worker", "digits"} {
		if strings.Contains(zh, english) {
			t.Errorf("in Chinese, %q:\n%s", english, zh)
		}
	}
	for _, en := range []string{run2(t, map[string]string{"LANG": "en_GB.UTF-8"}, "formats"), run2(t, map[string]string{"LANG": ""}, "formats", "--lang", "en")} {
		for _, want := range []string{"monthly payroll (工资支付表), one line per worker", "the worker's name, as on the identity card; text", "required", "also: worker_name"} {
			if !strings.Contains(en, want) {
				t.Errorf("in English, no %q:\n%s", want, en)
			}
		}
	}
}

func run2(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	code, out, stderr := run(t, env, args...)
	if code != exitOK {
		t.Fatalf("%v: %d %s", args, code, stderr)
	}
	return out
}

// Every command's -h is in the user's language: the usage line, what the
// command does and every flag's description in Chinese by default (LANG
// unset), in English with --lang en; a bad flag is said in the same
// language, once.
func TestFlagHelpInTheUsersLanguage(t *testing.T) {
	t.Chdir(t.TempDir())
	han := regexp.MustCompile(`\p{Han}`)
	for _, c := range commands() {
		args := append(strings.Fields(c.name), "-h")
		code, zh, _ := run(t, map[string]string{"LANG": ""}, args...)
		if code != exitOK || !strings.HasPrefix(zh, "用法：wageguard "+c.name) {
			t.Errorf("%v: %d %q", args, code, zh)
			continue
		}
		for _, line := range strings.Split(zh, "\n") {
			if strings.HasPrefix(line, "    \t") && !han.MatchString(line) {
				t.Errorf("%v: a flag described in English: %q", args, line)
			}
			if strings.Contains(line, "(default") || strings.Contains(line, "(env ") {
				t.Errorf("%v: %q", args, line)
			}
		}
		_, en, _ := run(t, map[string]string{"LANG": ""}, append(args, "--lang", "en")...)
		if !strings.HasPrefix(en, "usage: wageguard "+c.name) || strings.Contains(en, "用法") {
			t.Errorf("%v --lang en: %q", args, en)
		}
	}
	_, zh, _ := run(t, map[string]string{"LANG": ""}, "keys", "create", "-h")
	for _, want := range []string{"-role 文本\n    \tadmin（管理员）", "（环境变量 WAGEGUARD_DATABASE_URL）", "所有命令都接受的参数："} {
		if !strings.Contains(zh, want) {
			t.Errorf("keys create -h has no %q:\n%s", want, zh)
		}
	}
	code, _, stderr := run(t, map[string]string{"LANG": ""}, "formats", "--bogus")
	if code != exitUsage || stderr != "wageguard formats: 没有参数 -bogus：加 -h 运行可查看此命令的参数\n" {
		t.Errorf("a bad flag: %d %q", code, stderr)
	}
}

// A policy file or a key file that cannot be read is said in the user's
// language, naming the file and where it breaks: never encoding/json's
// English ("invalid character …", "cannot unmarshal …") nor the key
// reader's ("identity: key file line 1 is not …").
func TestPolicyAndKeyFileErrorsInTheUsersLanguage(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	syntax := write("syntax.json", `{"minimum_wages": [], }`)
	wrongType := write("type.json", `{"minimum_wages": "x"}`)
	number := write("number.json", `{"minimum_wages": [{"region": "110000", "from": "2025-09-01", "source": "x", "monthly": 2540}]}`)
	unknown := write("unknown.json", `{"bogus": 1}`)
	badKey := write("bad.key", "garbage\n")
	emptyKey := write("empty.key", "# nothing\n")
	zh := map[string]string{"LANG": ""}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--from", "2026-01-01", "--to", "2026-01-02", "--dry-run", "--policy", syntax}, "政策文件 " + syntax + "：政策文件有误：不是有效的 JSON（第 23 字节）：应为带双引号的字段名的位置出现了 '}'"},
		{[]string{"check", "--from", "2026-01-01", "--to", "2026-01-02", "--dry-run", "--policy", wrongType}, "政策文件有误：minimum_wages 须为"},
		{[]string{"check", "--from", "2026-01-01", "--to", "2026-01-02", "--dry-run", "--policy", number}, "minimum_wages[0]：金额须为 \"5230.50\" 这样的字符串"},
		{[]string{"check", "--from", "2026-01-01", "--to", "2026-01-02", "--dry-run", "--policy", unknown}, "\"bogus\" 不是可用的键"},
		{[]string{"check", "--from", "2026-01-01", "--to", "2026-01-02", "--dry-run", "--policy", filepath.Join(dir, "none.json")}, "政策文件 " + filepath.Join(dir, "none.json") + " 不存在"},
		{[]string{"keys", "check", badKey}, "密钥文件 " + badKey + "：密钥文件第 1 行不是“secret <版本> <32 字节的 base64>”"},
		{[]string{"keys", "check", emptyKey}, "密钥文件中没有密钥"},
		{[]string{"keys", "check", filepath.Join(dir, "none.key")}, "密钥文件 " + filepath.Join(dir, "none.key") + " 不存在"},
		{[]string{"keys", "init-secret", badKey}, "无法创建密钥文件 " + badKey + "：同名文件已存在：绝不覆盖"},
	} {
		code, _, stderr := run(t, zh, c.args...)
		if code == exitOK || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: %d %q, want %q", c.args, code, stderr, c.want)
		}
		for _, english := range []string{"invalid character", "unmarshal", "identity:", "key file line", "no such file", "file exists", "policy file:"} {
			if strings.Contains(stderr, english) {
				t.Errorf("%v: English %q in %q", c.args, english, stderr)
			}
		}
	}
}
