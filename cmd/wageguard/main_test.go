package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// english is env read by a command, with LANG English unless env sets it:
// the tests read the commands' output in English.
func english(env map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := env[k]; ok || k != "LANG" {
			return v
		}
		return "en_US.UTF-8"
	}
}

// serveInProcess starts serve in this process on dbURL, listening on a free
// port, and returns its address, the cancel that stops it (as SIGTERM
// does), the channel its exit code comes on, and its log.
func serveInProcess(t *testing.T, dbURL string) (string, context.CancelFunc, <-chan int, *syncBuf) {
	t.Helper()
	var out, errb syncBuf
	addr := make(chan string, 1)
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		return map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "WAGEGUARD_ADDR": "127.0.0.1:0"}[k]
	}, OnListen: func(a string) { addr <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	select {
	case host := <-addr:
		return host, cancel, done, &errb
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("serve did not start within 20 s")
	}
	return "", cancel, done, &errb
}

// run executes one wageguard command with env and returns its exit code and output.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb syncBuf
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: english(env)}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestServeAnswersAndShutsDownCleanly(t *testing.T) {
	dir := t.TempDir()
	var out, errb syncBuf
	addr := make(chan string, 1)
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		return map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "data", "wageguard.db"), "WAGEGUARD_ADDR": "127.0.0.1:0"}[k]
	}, OnListen: func(a string) { addr <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start within 20 s")
	}
	r, err := http.Get(base + "/healthz")
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", r, err)
	}
	r.Body.Close()
	if code, out, stderr := run(t, nil, "healthcheck", "--addr", strings.TrimPrefix(base, "http://")); code != 0 || !strings.Contains(out, "healthy") {
		t.Errorf("healthcheck: %d %s %s", code, out, stderr)
	}
	// A change made beside the server (a key created on the command line)
	// queues its audit record; the server's sealer links it into its chain.
	env := map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "data", "wageguard.db")}
	if code, _, stderr := run(t, env, "keys", "create", "--role", "admin", "--label", "ops"); code != 0 {
		t.Fatalf("keys create beside the server: %d %s", code, stderr)
	}
	db, err := store.Open(context.Background(), env["WAGEGUARD_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ring, err := identity.Load(filepath.Join(dir, "data", "wageguard.key")) // the trail is keyed with the server's key file
	if err != nil {
		t.Fatal(err)
	}
	db.UseAuditKeys(ring)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		rep, err := db.VerifyAudit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if rep.Queued == 0 && rep.Records > 0 && len(rep.Problems) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not seal the queued audit record within 10 s: %+v", rep)
		}
	}
	// A request sent just before the signal still gets its answer (one that
	// is provably in flight: TestServeFinishesARequestInFlightAtShutdown).
	slow := make(chan int, 1)
	go func() {
		r, err := http.Get(base + "/readyz")
		if err != nil {
			slow <- 0
			return
		}
		r.Body.Close()
		slow <- r.StatusCode
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20 s of the signal")
	}
	if s := <-slow; s != 200 {
		t.Errorf("in-flight request got %d", s)
	}
	logs := errb.String()
	for _, want := range []string{"applied migration", "wageguard is serving", "created a new secret key file", "stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("serve log lacks %q:\n%s", want, logs)
		}
	}
	st, err := os.Stat(filepath.Join(dir, "data", "wageguard.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v %v", st, err)
	}
}

// SIGINT or SIGTERM while a request is being handled: serve stops taking
// connections at once, and the request still completes with its response.
// The request is provably in flight: it asks "Expect: 100-continue", so the
// server answers "100 Continue" only when its handler starts reading the
// body, and the test sends the body only after the shutdown has begun.
func TestServeFinishesARequestInFlightAtShutdown(t *testing.T) {
	dbURL := "sqlite://" + filepath.Join(t.TempDir(), "wageguard.db")
	host, signal, done, errb := serveInProcess(t, dbURL)
	defer signal()
	code, key, stderr := run(t, map[string]string{"WAGEGUARD_DATABASE_URL": dbURL}, "keys", "create", "--role", "admin")
	if code != 0 {
		t.Fatalf("keys create: %d %s", code, stderr)
	}
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	body := `{"name": "在途", "uscc": "91350100M000100Y43", "kind": "owner", "region_code": "350100"}`
	fmt.Fprintf(conn, "POST /api/v1/organizations HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", host, strings.TrimSpace(key), len(body))
	replies := bufio.NewReader(conn)
	interim, err := http.ReadResponse(replies, nil)
	if err != nil || interim.StatusCode != http.StatusContinue {
		t.Fatalf("the handler did not start reading the body: %v %v", interim, err)
	}

	signal() // as SIGTERM does: main's signal.NotifyContext cancels the context serve runs under
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", host, time.Second)
		if err != nil {
			break // the listener is closed: the shutdown has begun
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("serve still accepts connections 10 s after the signal")
		}
	}
	select {
	case code := <-done:
		t.Fatalf("serve exited %d with a request in flight: %s", code, errb.String())
	default:
	}

	if _, err := io.WriteString(conn, body); err != nil {
		t.Fatalf("sending the body after the signal: %v", err)
	}
	resp, err := http.ReadResponse(replies, nil)
	if err != nil {
		t.Fatalf("the request in flight got no response: %v", err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || !strings.Contains(string(got), `"uscc":"91350100M000100Y43"`) {
		t.Fatalf("the request in flight got %d %s", resp.StatusCode, got)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20 s of finishing the request")
	}
	// What the request did was committed before the database closed.
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.Get(context.Background(), &n, "SELECT count(*) FROM organizations WHERE uscc = ?", "91350100M000100Y43"); err != nil || n != 1 {
		t.Fatalf("organizations created by the request in flight: %d, %v", n, err)
	}
	if logs := errb.String(); !strings.Contains(logs, "shutting down") || !strings.Contains(logs, "stopped") {
		t.Errorf("serve log lacks its shutdown:\n%s", logs)
	}
}

func TestBadConfigurationIsRefused(t *testing.T) {
	code, _, stderr := run(t, nil, "migrate", "--database-url", "mysql://localhost/x")
	if code != exitUsage || !strings.Contains(stderr, "must start with sqlite:// or postgres://") {
		t.Errorf("bad scheme: %d %s", code, stderr)
	}
	code, _, stderr = run(t, nil, "serve", "--addr", "nonsense", "--database-url", "sqlite://"+filepath.Join(t.TempDir(), "x.db"))
	if code != exitUsage || !strings.Contains(stderr, "not host:port") {
		t.Errorf("bad addr: %d %s", code, stderr)
	}
	start := time.Now()
	code, _, stderr = run(t, nil, "migrate", "--database-url", "postgres://wg:hunter2@127.0.0.1:1/wageguard")
	if code != exitFailure || !strings.Contains(stderr, "unable to reach database") || strings.Contains(stderr, "hunter2") {
		t.Errorf("unreachable postgres: %d %s", code, stderr)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("unreachable postgres took %v to fail", d)
	}
	code, _, stderr = run(t, nil, "serve", "--database-url", "postgres://wg@127.0.0.1:1/wageguard")
	if code == 0 {
		t.Errorf("serve on an unreachable database exited 0: %s", stderr)
	}
	code, _, _ = run(t, nil, "frobnicate")
	if code != exitUsage {
		t.Errorf("unknown command: %d", code)
	}
}

func TestServeWithPostgresNeedsKeyFile(t *testing.T) {
	if os.Getenv(storetest.EnvDatabaseURL) == "" && !storetest.RequirePostgres() {
		t.Skip("needs PostgreSQL")
	}
	db := storetest.New(t, "postgres")
	code, _, stderr := run(t, map[string]string{"WAGEGUARD_DATABASE_URL": db.URL(), "WAGEGUARD_ADDR": "127.0.0.1:0"}, "serve")
	if code != exitFailure || !strings.Contains(stderr, "secret key file is required with PostgreSQL") {
		t.Fatalf("serve without a key file: %d %s", code, stderr)
	}
	code, _, stderr = run(t, map[string]string{"WAGEGUARD_DATABASE_URL": db.URL(), "WAGEGUARD_ADDR": "127.0.0.1:0", "LANG": ""}, "serve")
	if code != exitFailure || !strings.Contains(stderr, "使用 PostgreSQL 时必须提供密钥文件") {
		t.Fatalf("serve without a key file, in Chinese: %d %s", code, stderr)
	}
}

// The verify commands pass on real books and fail, naming the culprit, after
// a row is edited behind the service's back.
func TestVerifyCommands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := map[string]string{"WAGEGUARD_DATABASE_URL": db.URL()}
		p := ledger.MustPeriod("2026-10")
		var target string
		for i := 0; i < 4; i++ {
			e := ledger.Transfer("prj_v", ledger.EntryApproval, ledger.NewDate(2026, 11, 1), p,
				ledger.Account{ProjectID: "prj_v", Kind: ledger.LabourCost, Ref: "org_s"},
				ledger.Account{ProjectID: "prj_v", Kind: ledger.WagesPayable, Ref: fmt.Sprintf("enr_%d", i)}, ledger.Money(100000+i))
			err := db.WithTx(ctx, func(tx *store.Tx) error {
				if err := store.PostEntry(tx, &e); err != nil {
					return err
				}
				_, err := store.AppendAudit(tx, store.AuditInput{Chain: "prj_v", Actor: "test", Action: "ledger.entry.post", Subject: e.ID})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			target = e.ID
		}
		code, out, stderr := run(t, env, "ledger", "verify")
		if code != 0 || !strings.Contains(out, "checked 4 entries, 8 postings, 5 accounts") || !strings.Contains(out, "ok:") {
			t.Fatalf("ledger verify on clean books: %d %s %s", code, out, stderr)
		}
		code, out, _ = run(t, env, "audit", "verify")
		if code != 0 || !strings.Contains(out, "checked 4 records in 1 chain") {
			t.Fatalf("audit verify on a clean trail: %d %s", code, out)
		}
		for _, s := range dropTriggers(db) {
			if err := db.ExecRaw(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.ExecRaw(ctx, "UPDATE ledger_postings SET amount = amount + 1 WHERE entry_id = ? AND seq = 2", target); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, "UPDATE audit_log SET subject = 'ent_forged' WHERE seq = 2"); err != nil {
			t.Fatal(err)
		}
		code, out, stderr = run(t, env, "ledger", "verify")
		if code != exitFailure || !strings.Contains(out, "DISCREPANCY project prj_v, entry "+target+": postings sum to 0.01, not zero") ||
			!strings.Contains(out, "DISCREPANCY project prj_v, account wages_payable/enr_3: cached balance") ||
			!strings.Contains(out, "DISCREPANCY project prj_v, wages of enrolment enr_3 for 2026-10: kept as due 0.00 and payable -1000.03, the payrolls and postings say due 0.00 and payable -1000.02") ||
			!strings.Contains(stderr, "3 discrepancies") {
			t.Fatalf("ledger verify after tampering: %d\n%s\n%s", code, out, stderr)
		}
		code, out, _ = run(t, env, "audit", "verify")
		if code != exitFailure || !strings.Contains(out, "BROKEN chain prj_v, record 2 ") || !strings.Contains(out, "was changed") {
			t.Fatalf("audit verify after tampering: %d\n%s", code, out)
		}
		// The same in Chinese, the default.
		zh := map[string]string{"WAGEGUARD_DATABASE_URL": db.URL(), "LANG": ""}
		code, out, stderr = run(t, zh, "audit", "verify")
		if code != exitFailure || !strings.Contains(out, "已损坏 审计链 prj_v 第 2 条记录 ") || !strings.Contains(out, "记录被修改过") ||
			!strings.Contains(stderr, "审计记录被篡改：1 处问题") || !strings.Contains(out, "已检查 2 条记录") {
			t.Fatalf("audit verify after tampering, in Chinese: %d\n%s\n%s", code, out, stderr)
		}
		if code, out, stderr = run(t, zh, "ledger", "verify"); code != exitFailure || !strings.Contains(stderr, "账目不平：3 处不符") ||
			!strings.Contains(out, "不一致 项目 prj_v，记账分录 "+target+"：") {
			t.Fatalf("ledger verify after tampering, in Chinese: %d %s", code, stderr)
		}
	})
}

func dropTriggers(db *store.DB) []string {
	var out []string
	for _, tb := range []string{"ledger_postings", "audit_log"} {
		if db.Dialect.IsPostgres() {
			out = append(out, "ALTER TABLE "+tb+" DISABLE TRIGGER USER")
		} else {
			out = append(out, "DROP TRIGGER "+tb+"_no_update")
		}
	}
	return out
}

func TestKeysCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "wg.db")}
	if code, _, stderr := run(t, env, "keys", "create", "--role", "admin"); code != exitFailure || !strings.Contains(stderr, "pending") {
		t.Fatalf("keys create before migrate: %d %s", code, stderr)
	}
	if code, out, _ := run(t, env, "migrate"); code != 0 || !strings.Contains(out, "applied 0001_baseline") {
		t.Fatalf("migrate: %d %s", code, out)
	}
	code, out, stderr := run(t, env, "keys", "create", "--role", "admin", "--label", "ops")
	key := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(key, "wg_") || !strings.Contains(stderr, "shown once") {
		t.Fatalf("keys create: %d %q %s", code, out, stderr)
	}
	if code, _, stderr := run(t, env, "keys", "create", "--role", "bank"); code != exitFailure || !strings.Contains(stderr, "belongs to an organisation") {
		t.Fatalf("bank key without org: %d %s", code, stderr)
	}
	id := "key_" + strings.Split(key, "_")[1]
	if code, out, _ := run(t, env, "keys", "revoke", "--id", id); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %d %s", code, out)
	}
	path := filepath.Join(dir, "secret.key")
	if code, _, _ := run(t, nil, "keys", "init-secret", path); code != 0 {
		t.Fatal("init-secret failed")
	}
	if code, _, stderr := run(t, nil, "keys", "init-secret", path); code != exitFailure || !strings.Contains(stderr, "exists") {
		t.Fatalf("init-secret over an existing file: %d %s", code, stderr)
	}
}

// A bad policy file stops serve before it starts, naming the key and why;
// the shipped example starts.
func TestServeRefusesABadPolicyFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "policy.json")
	if err := os.WriteFile(bad, []byte(`{"params":[{"region":"130000","from":"2022-01-01","source":"冀","values":{"guarantee.base_rate":"0.05"}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "wageguard.db"), "WAGEGUARD_ADDR": "127.0.0.1:0"}
	code, _, stderr := run(t, env, "serve", "--policy", bad)
	if code != exitFailure || !strings.Contains(stderr, "params[0].values.guarantee.base_rate: 5% is above 3%, the highest the law allows") {
		t.Errorf("bad policy: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "wageguard.db")); err == nil {
		t.Error("serve touched the database before refusing its policy")
	}
	code, _, stderr = run(t, env, "serve", "--policy", filepath.Join(dir, "missing.json"))
	if code != exitFailure || !strings.Contains(stderr, "policy file") {
		t.Errorf("missing policy: %d %s", code, stderr)
	}
	if _, err := loadPolicy("../../examples/policy.json"); err != nil {
		t.Errorf("the shipped example policy is refused: %v", err)
	}
}
