package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

func TestImportPayrollCommand(t *testing.T) {
	dir := t.TempDir()
	dbURL := "sqlite://" + filepath.Join(dir, "wg.db")
	env := map[string]string{"WAGEGUARD_DATABASE_URL": dbURL}
	if code, _, stderr := run(t, env, "migrate"); code != 0 {
		t.Fatal(stderr)
	}
	// Register a project and a worker with the same key file the command will use.
	keys, _, err := identity.LoadOrCreate(filepath.Join(dir, "wageguard.key"), true)
	if err != nil {
		t.Fatal(err)
	}
	project, gc := seedWorker(t, dbURL, keys)
	file := filepath.Join(dir, "october.csv")
	os.WriteFile(file, []byte("姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资\n张三,11010519491231002X,6222021234567890128,22,6000,0,6000\n"), 0o600)
	args := []string{"import", "payroll", file, "--project", project, "--employer", gc, "--period", "2026-10"}
	// --json prints the API's answer, the summary going to stderr.
	code, out, stderr := run(t, env, append(args, "--dry-run", "--json")...)
	if code != 0 || !strings.Contains(stderr, "dry run: 1 line is valid, net 6000.00") || !strings.Contains(out, `"status": "submitted"`) || !strings.Contains(out, `"dry_run": true`) {
		t.Fatalf("import --json: %d %s %s", code, out, stderr)
	}
	// Without it, the summary alone, on stdout.
	code, out, stderr = run(t, env, args...)
	if code != 0 || !strings.Contains(out, "submitted: 1 line, net 6000.00, 2 warnings\n") ||
		!strings.Contains(out, "row 2: the worker has not confirmed this line") || strings.Contains(out, "{") || stderr != "" {
		t.Fatalf("import: %d %s %q", code, out, stderr)
	}
	if code, out, _ = run(t, env, args...); code != 0 || !strings.Contains(out, "imported before") {
		t.Fatalf("import again: %d %s", code, out)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资\n张三,11010519491231002X,6222021234567890128,22,6000,0,5000\n"), 0o600)
	code, _, stderr = run(t, env, "import", "payroll", "--project", project, "--employer", gc, "--period", "2026-11", bad)
	if code != exitFailure || !strings.Contains(stderr, "row 2, 实发工资: net pay 5000.00 is not gross 6000.00") {
		t.Fatalf("bad file: %d %s", code, stderr)
	}
	if code, _, _ = run(t, env, "import", "payroll", file); code != exitUsage {
		t.Fatalf("missing flags: %d", code)
	}
	// Column warnings and line warnings are listed in the summary.
	odd := filepath.Join(dir, "december.csv")
	os.WriteFile(odd, []byte("序号,姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资\n1,张三,11010519491231002X,6222021234567890128,22,6000,0,6000\n"), 0o600)
	code, out, stderr = run(t, env, "import", "payroll", odd, "--project", project, "--employer", gc, "--period", "2026-09", "--dry-run")
	if code != 0 || !strings.Contains(out, `header (row 1): column 1 "序号" is not a column of the payroll file and was ignored`) {
		t.Fatalf("column warnings: %d %s %s", code, out, stderr)
	}
	// The payroll's warning count counts them, as over the API.
	code, out, stderr = run(t, env, "import", "payroll", odd, "--project", project, "--employer", gc, "--period", "2026-09", "--dry-run", "--json")
	var answer struct {
		Warnings       int   `json:"warnings"`
		ColumnWarnings []any `json:"column_warnings"`
		LineWarnings   []any `json:"line_warnings"`
	}
	if err := json.Unmarshal([]byte(out), &answer); code != 0 || err != nil {
		t.Fatalf("column warnings --json: %d %v %s %s", code, err, out, stderr)
	}
	if listed := len(answer.ColumnWarnings) + len(answer.LineWarnings); len(answer.ColumnWarnings) == 0 || answer.Warnings != listed {
		t.Errorf("warnings %d, %d listed: %s", answer.Warnings, listed, out)
	}
}

// The progress bar counts the file's real bytes in units a person reads.
func TestProgressLine(t *testing.T) {
	for _, c := range []struct {
		read, total int64
		want        string
	}{
		{0, 300, "[                                        ]   0% 0 B / 300 B"},
		{768, 1536, "[====================                    ]  50% 768 B / 1.5 KB"},
		{3 << 20, 3 << 20, "[========================================] 100% 3.0 MB / 3.0 MB"},
	} {
		if got := progressLine(c.read, c.total); got != c.want {
			t.Errorf("progressLine(%d, %d) = %q, want %q", c.read, c.total, got, c.want)
		}
	}
}

// seedWorker registers a project and one worker, 张三, with keys: the
// database then holds encrypted data. It returns the project and the
// worker's employer.
func seedWorker(t *testing.T, dbURL string, keys *identity.Keyring) (project, employer string) {
	t.Helper()
	ctx := service.WithCaller(context.Background(), service.CLI)
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := service.New(db, nil)
	svc.Identity = keys
	db.UseAuditKeys(keys) // the service's own writes: their audit records are sealed
	org := func(kind ledger.OrgKind, uscc string) string {
		o, err := svc.CreateOrganization(ctx, ledger.Organization{Name: string(kind), USCC: uscc, Kind: kind, RegionCode: "110105"})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	owner, gc, bank := org(ledger.OrgOwner, "91350100M000100Y43"), org(ledger.OrgGeneralContractor, "91110000600037341L"), org(ledger.OrgBank, "91310115MA1K3BTP2B")
	p, err := svc.CreateProject(ctx, ledger.Project{Code: "CLI-1", Name: "cli", RegionCode: "110105", OwnerID: owner, GeneralContractorID: gc,
		ContractAmount: ledger.MustMoney("1000000"), StartedOn: ledger.NewDate(2026, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 1, 1),
		PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: bank, AccountNo: "110012345678"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RegisterWorker(ctx, p.ID, ledger.WorkerInput{Name: "张三", IDNumber: "11010519491231002X", EmployerID: gc, Trade: "木工",
		BankCard: "6222021234567890128", BankID: bank, ContractSignedOn: "2026-02-01", EnteredOn: "2026-02-02"}); err != nil {
		t.Fatal(err)
	}
	return p.ID, gc
}

// The command line speaks Chinese unless LANG (or LC_ALL, LC_MESSAGES) or
// --lang asks for English: a refused file's every bad line, the summary and
// usage errors; the row and field stay as they are.
func TestCommandLanguage(t *testing.T) {
	dir := t.TempDir()
	dbURL := "sqlite://" + filepath.Join(dir, "wg.db")
	zh := map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "LANG": "zh_CN.UTF-8"}
	none := map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "LANG": ""}
	en := map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "LANG": "en_US.UTF-8"}
	if code, _, stderr := run(t, none, "migrate"); code != 0 {
		t.Fatal(stderr)
	}
	keys, _, err := identity.LoadOrCreate(filepath.Join(dir, "wageguard.key"), true)
	if err != nil {
		t.Fatal(err)
	}
	project, gc := seedWorker(t, dbURL, keys)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发金额\n张三,11010519491231002X,6222021234567890128,22,6000,0,5000\n"), 0o600)
	args := []string{"import", "payroll", bad, "--project", project, "--employer", gc, "--period", "2026-11"}
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		// A bad value is named by the heading the clerk's file gave its column.
		{none, args, "工资表文件有 1 处错误；未保存任何内容\n  第 2 行，实发金额：实发工资 5000.00 不等于应发工资 6000.00"},
		{zh, args, "第 2 行，实发金额：实发工资 5000.00"},
		{en, append([]string{"--lang", "zh"}, args...), "第 2 行，实发金额：实发工资 5000.00"},
		{none, append(args, "--lang=en"), "the payroll file has 1 bad value; nothing was stored\n  row 2, 实发金额: net pay 5000.00 is not gross 6000.00"},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, []string{"nosuch"}, `wageguard: unknown command "nosuch"`},
		{none, []string{"nosuch"}, `wageguard：未知命令 "nosuch"`},
		{none, []string{"keys", "create"}, "--role 为必填项"},
	} {
		code, _, stderr := run(t, c.env, c.args...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v with LANG %q: %d\n%s\nwant %q", c.args, c.env["LANG"], code, stderr, c.want)
		}
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资,本人确认\n张三,11010519491231002X,6222021234567890128,22,6000,0,6000,是\n"), 0o600)
	if code, out, stderr := run(t, none, "import", "payroll", good, "--project", project, "--employer", gc, "--period", "2026-10", "--dry-run"); code != 0 || !strings.Contains(out, "试运行：1 行有效，实发合计 6000.00；未保存任何内容") {
		t.Errorf("dry run in Chinese: %d %s %s", code, out, stderr)
	}
}
