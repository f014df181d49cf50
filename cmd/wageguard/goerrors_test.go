package main

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/wageguard/wageguard/pkg/i18n"
)

// goEnglish are Go's own words for the errors goErrorMsg knows: none may
// reach a person reading Chinese.
var goEnglish = []string{"no such file", "permission denied", "connection refused", "no such host", "is a directory",
	"address already in use", "no space left", "not a directory", "file exists", "i/o timeout", "read-only", "network is unreachable", "open ", "dial tcp"}

// Each error of the operating system or the network that goErrorMsg knows is
// told in Chinese (and in English in our words), naming the file or address.
func TestGoErrorsAreTold(t *testing.T) {
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5432}
	dial := func(errno error) error {
		return fmt.Errorf("store: unable to reach database: %w", &net.OpError{Op: "dial", Net: "tcp", Addr: addr, Err: &os.SyscallError{Syscall: "connect", Err: errno}})
	}
	path := func(op string, errno error) error {
		return fmt.Errorf("wrapped: %w", &fs.PathError{Op: op, Path: "/data/工资表.xlsx", Err: errno})
	}
	for _, c := range []struct {
		err       error
		zh, names string
	}{
		{path("open", syscall.ENOENT), "不存在", "/data/工资表.xlsx"},
		{path("open", syscall.EACCES), "没有权限访问", "/data/工资表.xlsx"},
		{path("open", syscall.EPERM), "没有权限访问", "/data/工资表.xlsx"},
		{path("read", syscall.EISDIR), "是一个目录", "/data/工资表.xlsx"},
		{path("open", syscall.ENOTDIR), "不是目录", "/data/工资表.xlsx"},
		{path("write", syscall.ENOSPC), "磁盘已满", "/data/工资表.xlsx"},
		{path("open", syscall.EROFS), "只读文件系统", "/data/工资表.xlsx"},
		{path("mkdir", syscall.EEXIST), "已存在", "/data/工资表.xlsx"},
		{dial(syscall.ECONNREFUSED), "拒绝了连接", "127.0.0.1:5432"},
		{dial(syscall.EHOSTUNREACH), "无法访问", "127.0.0.1:5432"},
		{dial(syscall.ECONNRESET), "连接被中断", "127.0.0.1:5432"},
		{&net.OpError{Op: "listen", Net: "tcp", Addr: addr, Err: &os.SyscallError{Syscall: "bind", Err: syscall.EADDRINUSE}}, "已被占用", "127.0.0.1:5432"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "db.example", IsNotFound: true}}, "无法识别主机", "db.example"},
		{fmt.Errorf("healthcheck: %w", context.DeadlineExceeded), "未能及时响应", "服务器"},
	} {
		m, ok := goErrorMsg(c.err)
		if !ok {
			t.Errorf("%v: not told", c.err)
			continue
		}
		zh, en := i18n.Of(i18n.ZH, m), i18n.Of(i18n.EN, m)
		if !strings.Contains(zh, c.zh) || !strings.Contains(zh, c.names) {
			t.Errorf("%v: in Chinese %q, want %q naming %q", c.err, zh, c.zh, c.names)
		}
		for _, w := range goEnglish {
			if strings.Contains(zh, w) {
				t.Errorf("%v: Go's %q in Chinese %q", c.err, w, zh)
			}
		}
		if en == zh || strings.ContainsAny(en, "拒不存没") {
			t.Errorf("%v: in English %q", c.err, en)
		}
	}
	if _, ok := goErrorMsg(fmt.Errorf("something of its own")); ok {
		t.Error("an error goErrorMsg does not know was told")
	}
}

// Through the command line: a payroll file that is not there, a directory
// named as a bundle, a database that refuses the connection, and a bad
// configuration are told in Chinese by default, without Go's English.
func TestGoErrorsInChineseAtTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "十月工资.csv")
	env := map[string]string{"LANG": "", "WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "wageguard.db")}
	if code, _, stderr := run(t, env, "migrate"); code != exitOK {
		t.Fatal(stderr)
	}
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"a missing file", env, []string{"import", "payroll", missing, "--project", "prj_x", "--employer", "org_x", "--period", "2026-10"}, missing + " 不存在：请检查路径和文件名"},
		{"a directory for a file", env, []string{"evidence", "verify", dir}, dir + " 是一个目录"},
		{"a refused connection", map[string]string{"LANG": "", "WAGEGUARD_DATABASE_URL": "postgres://nobody@127.0.0.1:1/x?sslmode=disable"}, []string{"migrate"}, "无法连接数据库：127.0.0.1:1 拒绝了连接"},
		{"a bad configuration", map[string]string{"LANG": "", "WAGEGUARD_DATABASE_URL": filepath.Join(dir, "x.db")}, []string{"migrate"}, "配置有误\n  database-url：数据库地址须以 sqlite:// 或 postgres:// 开头"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := run(t, c.env, c.args...)
			if code == exitOK || !strings.Contains(stderr, c.want) {
				t.Errorf("%d %q, want %q", code, stderr, c.want)
			}
			for _, w := range append(goEnglish, "configuration is not valid") {
				if strings.Contains(stderr, w) {
					t.Errorf("Go's %q in %q", w, stderr)
				}
			}
		})
	}
}
