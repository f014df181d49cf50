package main

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
)

// TestEvidenceKeyAndVerify: the key `evidence key` prints from the secret
// key file verifies a bundle signed with it, offline; one changed byte, or
// another key, and `evidence verify` says NOT VERIFIED and fails.
func TestEvidenceKeyAndVerify(t *testing.T) {
	font, err := os.ReadFile(evidence.DefaultFont)
	if err != nil {
		t.Skipf("no CJK font at %s (apt-get install fonts-droid-fallback)", evidence.DefaultFont)
	}
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "wageguard.key")
	if code, _, stderr := run(t, nil, "keys", "init-secret", keyFile); code != exitOK {
		t.Fatalf("init-secret: %d %s", code, stderr)
	}
	code, out, stderr := run(t, nil, "evidence", "key", "--secret-key-file", keyFile)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || len(lines) != 2 || lines[0] != "ed25519 version 1" {
		t.Fatalf("evidence key: %d %q %s", code, out, stderr)
	}
	pub := lines[1]
	ring, err := identity.Load(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(nil, nil)
	svc.Identity = ring
	v, key := svc.EvidenceKey()
	p, _ := ledger.ParsePeriod("2026-10")
	st := evidence.Statement{GeneratedAt: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), From: p, To: p,
		Project: evidence.Project{ID: "prj_x", Name: "项目"}, Worker: evidence.Worker{EnrolmentID: "enr_x", Name: "王五", IDNumber: "1101**********002X"}}
	b, err := evidence.Build(st, []evidence.Head{{Chain: "prj_x", Seq: 1, Hash: "00"}}, key, v, font)
	if err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "evidence.zip")
	os.WriteFile(bundle, b, 0o600)
	code, out, stderr = run(t, nil, "evidence", "verify", bundle, "--public-key", pub)
	if code != exitOK || !strings.Contains(out, "verified: enrolment enr_x") || !strings.Contains(out, "signed by the given key") {
		t.Fatalf("verify: %d %s %s", code, out, stderr)
	}
	// A complaint's bundle: every worker's statement, the complaint and the workers named.
	other := st
	other.Worker.EnrolmentID = "enr_y"
	cb, err := evidence.BuildComplaint("cmp_x", []evidence.Statement{st, other}, []evidence.Head{{Chain: "prj_x", Seq: 2, Hash: "01"}}, key, v, font)
	if err != nil {
		t.Fatal(err)
	}
	complaint := filepath.Join(dir, "complaint.zip")
	os.WriteFile(complaint, cb, 0o600)
	code, out, stderr = run(t, nil, "evidence", "verify", complaint, "--public-key", pub)
	if code != exitOK || !strings.Contains(out, "verified: complaint cmp_x of project prj_x, 2 workers (enr_x, enr_y)") || !strings.Contains(out, "enr_y/statement.pdf") {
		t.Fatalf("verify a complaint's bundle: %d %s %s", code, out, stderr)
	}
	cb[len(cb)/3] ^= 0x20
	os.WriteFile(complaint, cb, 0o600)
	if code, _, stderr := run(t, nil, "evidence", "verify", complaint, "--public-key", pub); code != exitFailure || !strings.Contains(stderr, "NOT VERIFIED") {
		t.Errorf("a complaint's bundle with a changed byte: %d %s", code, stderr)
	}
	b[len(b)/2] ^= 0x20
	os.WriteFile(bundle, b, 0o600)
	if code, _, stderr := run(t, nil, "evidence", "verify", bundle, "--public-key", pub); code != exitFailure || !strings.Contains(stderr, "NOT VERIFIED") {
		t.Errorf("a changed byte: %d %s", code, stderr)
	}
}

// TestEvidenceVerifyTrustsOnlyTheServiceKey: a bundle altered and signed
// again with another key, naming that key in its manifest, verifies against
// itself; `evidence verify` refuses it with the published key and with the
// server's key file, and refuses any bundle, genuine or not, when it is given
// no key to trust (UNTRUSTED) instead of saying "verified:".
func TestEvidenceVerifyTrustsOnlyTheServiceKey(t *testing.T) {
	font, err := os.ReadFile(evidence.DefaultFont)
	if err != nil {
		t.Skipf("no CJK font at %s (apt-get install fonts-droid-fallback)", evidence.DefaultFont)
	}
	dir := t.TempDir()
	var env map[string]string // no database named: checked offline, with no key file unless given
	keyFile := filepath.Join(dir, "server.key")
	if code, _, stderr := run(t, nil, "keys", "init-secret", keyFile); code != exitOK {
		t.Fatalf("init-secret: %d %s", code, stderr)
	}
	ring, err := identity.Load(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(nil, nil)
	svc.Identity = ring
	v, key := svc.EvidenceKey()
	_, pub := svc.EvidencePublicKey()
	_, forger, _ := ed25519.GenerateKey(nil)
	p, _ := ledger.ParsePeriod("2026-10")
	st := evidence.Statement{GeneratedAt: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), From: p, To: p,
		Project: evidence.Project{ID: "prj_x", Name: "项目"}, Worker: evidence.Worker{EnrolmentID: "enr_x", Name: "王五", IDNumber: "1101**********002X"}}
	heads := []evidence.Head{{Chain: "prj_x", Seq: 1, Hash: "00"}}
	write := func(name string, k ed25519.PrivateKey) string {
		b, err := evidence.Build(st, heads, k, v, font)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	genuine, forged := write("genuine.zip", key), write("forged.zip", forger)
	published := evidence.PublicKeyText(pub)
	if code, out, stderr := run(t, env, "evidence", "verify", genuine, "--secret-key-file", keyFile); code != exitOK || !strings.Contains(out, "signed by the server's own key "+published) {
		t.Errorf("the genuine bundle with the server's key file: %d %s %s", code, out, stderr)
	}
	if code, out, stderr := run(t, env, "evidence", "verify", genuine); code != exitFailure || !strings.Contains(stderr, "UNTRUSTED") || strings.Contains(out, "verified:") {
		t.Errorf("the genuine bundle with no key to trust: %d %s %s", code, out, stderr)
	}
	for _, with := range [][]string{nil, {"--public-key", published}, {"--secret-key-file", keyFile}} {
		code, out, stderr := run(t, env, append([]string{"evidence", "verify", forged}, with...)...)
		if code != exitFailure || strings.Contains(out, "verified:") || !(strings.Contains(stderr, "NOT VERIFIED") || strings.Contains(stderr, "UNTRUSTED")) {
			t.Errorf("a bundle signed with another key, %v: %d %s %s", with, code, out, stderr)
		}
	}
	if code, _, stderr := run(t, map[string]string{"LANG": "zh_CN.UTF-8"}, "evidence", "verify", forged); !strings.Contains(stderr, "不可信") {
		t.Errorf("in Chinese: %d %s", code, stderr)
	}
}
