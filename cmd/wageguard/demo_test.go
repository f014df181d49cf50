package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// serve --demo loads the demo into a temporary directory, never into
// ./wageguard.db, prints a key per role that the running server accepts,
// and removes the directory when it stops.
func TestServeDemoLeavesTheWorkingDirectoryAlone(t *testing.T) {
	cwd := t.TempDir()
	t.Chdir(cwd)
	var out, errb syncBuf
	addr := make(chan string, 1)
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, OnListen: func(a string) { addr <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--demo", "--workers", "12", "--addr", "127.0.0.1:0", "--log-format", "text"})
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case code := <-done:
		t.Fatalf("serve --demo exited %d: %s", code, errb.String())
	case <-time.After(3 * time.Minute):
		cancel()
		t.Fatal("serve --demo did not start within 3 minutes")
	}
	printed := out.String()
	if !strings.Contains(printed, "控制台："+base+"/console/") { // in Chinese unless LANG says otherwise
		t.Errorf("the console's address %s/console/ is not printed:\n%s", base, printed)
	}
	keys := regexp.MustCompile(`(?m)^  .+? +(管理员|承包单位|银行|监察员) +(wg_\S+)`).FindAllStringSubmatch(printed, -1)
	if len(keys) != 6 {
		t.Fatalf("%d sign-in keys printed, want 6:\n%s", len(keys), printed)
	}
	for _, k := range keys {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/projects", nil)
		req.Header.Set("Authorization", "Bearer "+k[2])
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusOK {
			t.Errorf("the %s key: GET /projects answered %d", k[1], r.StatusCode)
		}
	}
	dbPath := regexp.MustCompile(`database=sqlite://(\S+)`).FindStringSubmatch(errb.String())
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d: %s", code, errb.String())
	}
	for _, f := range []string{"wageguard.db", "wageguard.key"} {
		if _, err := os.Stat(filepath.Join(cwd, f)); err == nil {
			t.Errorf("serve --demo wrote ./%s", f)
		}
	}
	if dbPath == nil || strings.HasPrefix(dbPath[1], cwd) {
		t.Fatalf("the demo's database is not in a temporary directory: %v", dbPath)
	}
	if _, err := os.Stat(filepath.Dir(dbPath[1])); err == nil {
		t.Errorf("the demo's directory %s is left behind", filepath.Dir(dbPath[1]))
	}
}

// wageguard demo loads into the database named, and only into an empty one.
func TestDemoLoadsOnlyIntoAnEmptyDatabase(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "demo.db"), "LANG": "en_US.UTF-8"}
	code, out, stderr := run(t, env, "demo", "--workers", "8", "--as-of", "2026-03-15", "--seed", "3")
	if code != 0 {
		t.Fatalf("demo: %d %s", code, stderr)
	}
	for _, want := range []string{"seed 3", "2025-09-01 to 2026-03-14", "the nightly check run 195 times", "district inspector", "city inspector", "open alerts: ", env["WAGEGUARD_DATABASE_URL"]} {
		if !strings.Contains(out, want) {
			t.Errorf("the printout lacks %q:\n%s", want, out)
		}
	}
	if code, _, stderr := run(t, env, "demo", "--workers", "8"); code == 0 || !strings.Contains(stderr, "already holds organisations") {
		t.Errorf("a second demo into the same database: %d %s", code, stderr)
	}
	if code, _, stderr := run(t, env, "demo", "--as-of", "2999-01-01"); code != exitUsage {
		t.Errorf("a demo in the future: %d %s", code, stderr)
	}
}
