package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Help shows a default the environment gave, but never the database's
// password.
func TestHelpHidesTheDatabasePassword(t *testing.T) {
	env := map[string]string{"WAGEGUARD_DATABASE_URL": "postgres://u:s3cretpw@db.example/wg"}
	code, out, stderr := run(t, env, "serve", "-h")
	if code != exitOK || strings.Contains(out+stderr, "s3cretpw") || !strings.Contains(out, "postgres://u:xxxxx@db.example/wg") {
		t.Errorf("serve -h: %d %s %s", code, out, stderr)
	}
}

// Every command answers -h and --help with its own usage and flags, on
// stdout, doing nothing else.
func TestEveryCommandHasHelp(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range commands() {
		for _, h := range []string{"-h", "--help"} {
			args := append(strings.Fields(c.name), h)
			code, out, stderr := run(t, nil, args...)
			if code != exitOK || !strings.HasPrefix(out, "usage: wageguard "+c.name+" ") || stderr != "" {
				t.Errorf("%v: %d %q %q", args, code, out, stderr)
			}
		}
	}
	// Its own flags come first, apart from those every command takes.
	_, out, _ := run(t, nil, "keys", "create", "-h")
	own, shared, _ := strings.Cut(out, "flags every command takes:")
	if !strings.Contains(own, "-role string") || strings.Contains(own, "-database-url string") || !strings.Contains(shared, "-database-url") {
		t.Errorf("keys create -h:\n%s", out)
	}
	// A help flag is never taken for a file name, nor a database opened.
	if code, _, _ := run(t, nil, "keys", "init-secret", "-h"); code != exitOK {
		t.Errorf("init-secret -h: %d", code)
	}
	if code, _, stderr := run(t, nil, "keys", "init-secret", "--", "-h"); code != exitUsage {
		t.Errorf("init-secret -- -h: %d %s", code, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("help created %v", entries)
	}
	// A group asked for help lists its commands.
	if code, out, _ := run(t, nil, "keys", "-h"); code != exitOK || !strings.Contains(out, "keys init-secret FILE") || strings.Contains(out, "ledger verify") {
		t.Errorf("keys -h: %d %s", code, out)
	}
}

func TestUnknownCommands(t *testing.T) {
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"bogus"}, `wageguard: unknown command "bogus"` + "\n"},
		{[]string{"bogus", "thing"}, `wageguard: unknown command "bogus"` + "\n"},
		{[]string{"keys", "bogus"}, `wageguard: unknown command "keys bogus"` + "\n"},
		{[]string{"keys"}, "wageguard keys: which one? name a subcommand\n"},
	} {
		code, _, stderr := run(t, nil, c.args...)
		if code != exitUsage || !strings.HasPrefix(stderr, c.says) {
			t.Errorf("%v: %d %q", c.args, code, stderr)
		}
	}
}

// A command that needs the server's database, run before migrate, says so
// and leaves no empty database behind.
func TestCommandsBeforeMigrate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "wageguard.db")
	env := map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + db}
	for _, args := range [][]string{{"keys", "create", "--role", "admin"}, {"keys", "revoke", "--id", "key_x"}, {"ledger", "verify"}, {"audit", "verify"},
		{"keys", "rotate-secret"}} {
		code, _, stderr := run(t, env, args...)
		if code != exitFailure || !strings.Contains(stderr, "run `wageguard migrate`") {
			t.Errorf("%v: %d %s", args, code, stderr)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v left a database behind", args)
		}
	}
	if code, _, stderr := run(t, env, "keys", "create", "--role", "admin"); !strings.HasPrefix(stderr, "wageguard keys create: there is no database at "+db) || code != exitFailure {
		t.Errorf("message: %s", stderr)
	}
	// After migrate, the same command works.
	if code, _, stderr := run(t, env, "migrate"); code != exitOK {
		t.Fatal(stderr)
	}
	if code, out, stderr := run(t, env, "keys", "create", "--role", "admin"); code != exitOK || !strings.HasPrefix(out, "wg_") {
		t.Errorf("after migrate: %d %s %s", code, out, stderr)
	}
}

func TestFormatsCommand(t *testing.T) {
	code, out, _ := run(t, nil, "formats")
	if code != exitOK || !strings.Contains(out, "payroll — monthly payroll (工资支付表)") || !strings.Contains(out, "id_number") || !strings.Contains(out, "8,800.00") {
		t.Fatalf("formats: %d %s", code, out)
	}
	if code, out, _ = run(t, nil, "formats", "--json"); code != exitOK || !strings.Contains(out, `"kind": "bank_results"`) {
		t.Fatalf("formats --json: %d %s", code, out)
	}
	dir := t.TempDir()
	for _, name := range []string{"payroll.xlsx", "payroll.csv"} {
		path := filepath.Join(dir, name)
		if code, _, stderr := run(t, nil, "formats", "--template", "payroll", "--out", path); code != exitOK {
			t.Fatalf("%s: %s", name, stderr)
		}
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if code, _, _ := run(t, nil, "formats", "--template", "payslips", "--out", filepath.Join(dir, "x.xlsx")); code != exitUsage {
		t.Errorf("unknown kind: %d", code)
	}
}

// On PostgreSQL too, a command run before migrate says so and creates no
// table.
func TestCommandsBeforeMigrateOnPostgres(t *testing.T) {
	db := storetest.NewEmpty(t, "postgres")
	key := filepath.Join(t.TempDir(), "secret.key")
	if code, _, stderr := run(t, nil, "keys", "init-secret", key); code != exitOK {
		t.Fatal(stderr)
	}
	env := map[string]string{"WAGEGUARD_DATABASE_URL": db.URL(), "WAGEGUARD_SECRET_KEY_FILE": key}
	for _, args := range [][]string{{"keys", "create", "--role", "admin"}, {"ledger", "verify"}, {"audit", "verify"}} {
		if code, _, stderr := run(t, env, args...); code != exitFailure || !strings.Contains(stderr, "run `wageguard migrate`") {
			t.Errorf("%v: %d %s", args, code, stderr)
		}
	}
	var tables int
	if err := db.Get(context.Background(), &tables, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"); err != nil || tables != 0 {
		t.Errorf("%d tables after commands before migrate (%v)", tables, err)
	}
}

// keys create --expires makes a key that stops working after that day, and
// says when; an expiry in the past is refused naming the flag's field.
func TestKeysCreateWithExpiry(t *testing.T) {
	env := map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "wg.db")}
	if code, _, stderr := run(t, env, "migrate"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := run(t, env, "keys", "create", "--role", "admin", "--expires", "2099-06-30")
	if code != 0 || !strings.HasPrefix(out, "wg_") || !strings.Contains(stderr, "it expires at 2099-07-01 00:00 CST") {
		t.Fatalf("keys create --expires: %d %q %q", code, out, stderr)
	}
	code, _, stderr = run(t, env, "keys", "create", "--role", "admin", "--expires", "2020-01-01")
	if code != exitFailure || !strings.Contains(stderr, "expires_at: expires_at 2020-01-02T00:00:00+08:00 is not in the future") {
		t.Fatalf("an expiry in the past: %d %q", code, stderr)
	}
}
