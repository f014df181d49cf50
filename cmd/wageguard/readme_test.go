package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// EnvRequireShellTools makes TestReadmeFirstRequests fail, not skip, when
// bash, curl or jq is missing (CI sets it and installs them).
const EnvRequireShellTools = "WAGEGUARD_TEST_REQUIRE_SHELL_TOOLS"

// The README's "Your first requests" work as a newcomer copies them: its
// shell blocks, run in order by bash against a server started as the README
// says, create the organisations, the contractor's key, the project, the
// worker and October's payroll, have another person approve it and read its
// bank file (issue 12 item 8). It found the README approving with the key
// that submitted, which four-eyes refuses.
func TestReadmeFirstRequests(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv(EnvRequireShellTools) == "1" {
				t.Fatalf("%s is not installed", tool)
			}
			t.Skipf("%s is not installed (set %s=1 to fail instead)", tool, EnvRequireShellTools)
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Your first requests\n")
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(section, -1)
	if !ok || len(blocks) != 7 {
		t.Fatalf("README's first requests: %d shell blocks, want 7 (the admin key, five requests, the approval)", len(blocks))
	}
	script := []string{"set -euo pipefail"}
	for _, b := range blocks {
		for _, line := range strings.Split(strings.TrimSpace(b[1]), "\n") {
			// The server's address and the admin key are this test's.
			if strings.HasPrefix(line, "WG=") || strings.HasPrefix(line, "ADMIN=") {
				continue
			}
			script = append(script, line)
		}
	}
	script = append(script, `echo "$GC $OWNER $BANK $PROJECT $PAYROLL"`)

	dir := t.TempDir()
	dbURL := "sqlite://" + filepath.Join(dir, "wageguard.db")
	host, stop, done, _ := serveInProcess(t, dbURL)
	defer func() { stop(); <-done }()
	code, admin, stderr := run(t, map[string]string{"WAGEGUARD_DATABASE_URL": dbURL}, "keys", "create", "--role", "admin", "--label", "ops")
	if code != 0 {
		t.Fatalf("keys create: %d %s", code, stderr)
	}
	sh := exec.Command("bash", "-c", strings.Join(script, "\n"))
	sh.Dir = dir
	sh.Env = append(os.Environ(), "WG=http://"+host+"/api/v1", "ADMIN="+strings.TrimSpace(admin))
	var shErr strings.Builder
	sh.Stderr = &shErr
	got, err := sh.Output()
	if err != nil {
		t.Fatalf("the README's requests failed: %v\n%s\n%s", err, got, shErr.String())
	}
	ids := strings.Fields(strings.TrimSpace(lastLine(string(got))))
	want := []string{"org_", "org_", "org_", "prj_", "pay_"}
	for i, p := range want {
		if i >= len(ids) || !strings.HasPrefix(ids[i], p) {
			t.Fatalf("IDs %v, want prefixes %v:\n%s", ids, want, got)
		}
	}
	if !strings.Contains(string(got), "\napproved\n") || !strings.Contains(string(got), "6222021234567890128") {
		t.Errorf("no approval or no bank file with the worker's card:\n%s", got)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
