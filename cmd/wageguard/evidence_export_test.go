package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// `evidence export --out FILE` writes the bundle and FILE.sig, its
// detached signature; `evidence verify FILE --sig FILE.sig` checks it
// offline, and fails once a byte changed or with another file's signature.
func TestEvidenceExportWritesDetachedSignature(t *testing.T) {
	if _, err := os.Stat(evidence.DefaultFont); err != nil {
		t.Skipf("no CJK font at %s (apt-get install fonts-droid-fallback)", evidence.DefaultFont)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dir, key, env, project, enr := evidenceSite(t, db)
		out := filepath.Join(dir, "evidence.zip")
		code, stdout, stderr := run(t, env, "evidence", "export", "--project", project, "--worker", enr, "--from", "2026-09", "--to", "2026-10", "--out", out)
		if code != 0 || !strings.Contains(stdout, out+".sig") {
			t.Fatalf("export: %d %s %s", code, stdout, stderr)
		}
		_, pubOut, _ := run(t, nil, "evidence", "key", "--secret-key-file", key)
		pub := strings.Split(strings.TrimSpace(pubOut), "\n")[1]
		code, stdout, stderr = run(t, env, "evidence", "verify", out, "--sig", out+".sig", "--public-key", pub)
		if code != 0 || !strings.Contains(stdout, "verifies every byte") || !strings.Contains(stdout, "verified: enrolment "+enr) {
			t.Fatalf("verify --sig: %d %s %s", code, stdout, stderr)
		}
		// Another export is another file: its signature is not this one's.
		other := filepath.Join(dir, "other.zip")
		if code, _, stderr := run(t, env, "evidence", "export", "--project", project, "--worker", enr, "--from", "2026-10", "--to", "2026-10", "--out", other); code != 0 {
			t.Fatalf("export: %s", stderr)
		}
		if code, _, stderr := run(t, env, "evidence", "verify", out, "--sig", other+".sig"); code != exitFailure || !strings.Contains(stderr, "NOT VERIFIED") {
			t.Errorf("another file's signature: %d %s", code, stderr)
		}
		b, _ := os.ReadFile(out)
		b[len(b)-1] ^= 0x01
		os.WriteFile(out, b, 0o600)
		if code, _, stderr := run(t, env, "evidence", "verify", out, "--sig", out+".sig"); code != exitFailure || !strings.Contains(stderr, "NOT VERIFIED") {
			t.Errorf("a changed byte: %d %s", code, stderr)
		}
		// Neither file is overwritten; the usage is told.
		if code, _, _ := run(t, env, "evidence", "export", "--project", project, "--worker", enr, "--from", "2026-10", "--to", "2026-10", "--out", other); code == 0 {
			t.Error("an existing file was overwritten")
		}
		if code, _, _ := run(t, env, "evidence", "export", "--worker", enr, "--out", filepath.Join(dir, "x.zip")); code != exitUsage {
			t.Errorf("export without --project: %d", code)
		}
	})
}

// `evidence verify` with the database named checks that its audit trail
// holds every chain head the manifest records: an exported bundle passes;
// one whose recorded head was altered and signed again with the server's
// own key (every signature good) fails.
func TestEvidenceVerifyChecksChainHeads(t *testing.T) {
	font, err := os.ReadFile(evidence.DefaultFont)
	if err != nil {
		t.Skipf("no CJK font at %s (apt-get install fonts-droid-fallback)", evidence.DefaultFont)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dir, key, env, project, enr := evidenceSite(t, db)
		url := env["WAGEGUARD_DATABASE_URL"]
		ring, err := identity.Load(key)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "evidence.zip")
		if code, _, stderr := run(t, env, "evidence", "export", "--project", project, "--worker", enr, "--from", "2026-10", "--to", "2026-10", "--out", out); code != 0 {
			t.Fatalf("export: %s", stderr)
		}
		code, stdout, stderr := run(t, env, "evidence", "verify", out)
		if code != 0 || !strings.Contains(stdout, "holds every chain head") {
			t.Fatalf("the exported bundle: %d %s %s", code, stdout, stderr)
		}
		b, _ := os.ReadFile(out)
		rep, err := evidence.Verify(b, nil)
		if err != nil || len(rep.Manifest.AuditHeads) == 0 {
			t.Fatalf("the exported bundle records no chain head: %v %+v", err, rep)
		}
		heads := append([]evidence.Head{}, rep.Manifest.AuditHeads...)
		heads[0].Hash = strings.Repeat("0", len(heads[0].Hash))
		svc := service.New(nil, nil)
		svc.Identity = ring
		v, sk := svc.EvidenceKey()
		p, _ := ledger.ParsePeriod("2026-10")
		st := evidence.Statement{GeneratedAt: rep.Manifest.GeneratedAt, From: p, To: p,
			Project: evidence.Project{ID: project, Name: "cli"}, Worker: evidence.Worker{EnrolmentID: enr, Name: "张三", IDNumber: "1101**********002X"}}
		forged, err := evidence.Build(st, heads, sk, v, font)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "forged.zip")
		os.WriteFile(path, forged, 0o600)
		if code, _, stderr := run(t, nil, "evidence", "verify", path, "--secret-key-file", key); code != 0 {
			t.Fatalf("offline, the re-signed bundle should pass (nothing to compare its heads with): %d %s", code, stderr)
		}
		if code, stdout, stderr := run(t, env, "evidence", "verify", path); code != exitFailure || !strings.Contains(stderr, "NOT VERIFIED") || !strings.Contains(stderr, heads[0].Chain) {
			t.Errorf("a bundle with an altered head: %d %s %s", code, stdout, stderr)
		}
		zh := map[string]string{"WAGEGUARD_DATABASE_URL": url, "WAGEGUARD_SECRET_KEY_FILE": key, "LANG": "zh_CN.UTF-8"}
		if code, _, stderr := run(t, zh, "evidence", "verify", path); code != exitFailure || !strings.Contains(stderr, "审计记录中没有") {
			t.Errorf("in Chinese: %d %s", code, stderr)
		}
	})
}

// evidenceSite is a migrated database with a key file and one enrolled
// worker, as the evidence commands see it: the directory, the key file,
// the commands' environment, the project and the worker's enrolment.
func evidenceSite(t *testing.T, db *store.DB) (dir, key string, env map[string]string, project, enr string) {
	t.Helper()
	dir = t.TempDir()
	key = filepath.Join(dir, "wageguard.key")
	if code, _, stderr := run(t, nil, "keys", "init-secret", key); code != 0 {
		t.Fatalf("init-secret: %s", stderr)
	}
	url := db.URL()
	if !db.Dialect.IsPostgres() {
		url = "sqlite://" + filepath.Join(dir, "wageguard.db")
	}
	env = map[string]string{"WAGEGUARD_DATABASE_URL": url, "WAGEGUARD_SECRET_KEY_FILE": key}
	if code, _, stderr := run(t, env, "migrate"); code != 0 {
		t.Fatalf("migrate: %s", stderr)
	}
	ring, err := identity.Load(key)
	if err != nil {
		t.Fatal(err)
	}
	project, _ = seedWorker(t, url, ring)
	r, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Get(context.Background(), &enr, "SELECT id FROM enrolments WHERE project_id = ?", project); err != nil {
		t.Fatal(err)
	}
	return dir, key, env, project, enr
}
