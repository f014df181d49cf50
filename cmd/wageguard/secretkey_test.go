package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// buildBinary builds the real wageguard binary into dir, with go build's
// flags (-tags wageguard_testhooks for the test hooks, testhooks.go).
func buildBinary(t *testing.T, dir string, flags ...string) string {
	t.Helper()
	bin := filepath.Join(dir, "wageguard")
	out, err := exec.Command("go", append(append([]string{"build"}, flags...), "-o", bin, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// binary runs the built wageguard with args and the WAGEGUARD_ variables of
// env only, and returns its exit code, stdout and stderr.
func binary(t *testing.T, bin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=en_US.UTF-8"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errb.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String(), errb.String()
	}
	t.Fatalf("running %v: %v", args, err)
	return 0, "", ""
}

// The real binary, started against a database made with another key file,
// or without the key file of a database that holds encrypted data, refuses
// to start and says how to restore the key; with the right key it serves.
// On both databases.
func TestKeyMismatchRefusedByTheRealBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t, t.TempDir())
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			keyMismatch(t, bin, dialect)
		})
	}
}

func keyMismatch(t *testing.T, bin, dialect string) {
	dir := t.TempDir()
	db, dbURL := emptyDatabase(t, dialect, dir)
	keyA, keyB := filepath.Join(dir, "a.key"), filepath.Join(dir, "b.key")
	env := func(key string) map[string]string {
		return map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "WAGEGUARD_SECRET_KEY_FILE": key, "WAGEGUARD_ADDR": "127.0.0.1:0"}
	}
	if dialect == "postgres" {
		// Without a key file serve stops before migrating.
		code, _, stderr := binary(t, bin, map[string]string{"WAGEGUARD_DATABASE_URL": dbURL}, "serve")
		if v, err := db.SchemaVersion(context.Background()); code != exitFailure || !strings.Contains(stderr, "secret key file is required") || v != 0 || err != nil {
			t.Fatalf("serve without a key file: %d %s; schema version %d", code, stderr, v)
		}
		code, _, stderr = binary(t, bin, env(filepath.Join(dir, "none.key")), "serve")
		if v, err := db.SchemaVersion(context.Background()); code != exitFailure || !strings.Contains(stderr, "none.key does not exist") || v != 0 || err != nil {
			t.Fatalf("serve with a missing key file: %d %s; schema version %d", code, stderr, v)
		}
	}
	for _, k := range []string{keyA, keyB} {
		if code, _, stderr := binary(t, bin, nil, "keys", "init-secret", k); code != 0 {
			t.Fatalf("init-secret: %s", stderr)
		}
	}
	if code, out, stderr := binary(t, bin, env(keyA), "migrate"); code != 0 || !strings.Contains(out, appliedSecretKeyMigration(t)) {
		t.Fatalf("migrate with key A: %d %s %s", code, out, stderr)
	}
	ringA, err := identity.Load(keyA)
	if err != nil {
		t.Fatal(err)
	}
	checkA, _ := ringA.CheckValue(1)
	// The first use recorded key A's check value, never the key.
	var recorded string
	if err := db.Get(context.Background(), &recorded, "SELECT check_value FROM secret_keys WHERE state = 'current'"); err != nil || recorded != checkA {
		t.Fatalf("recorded check value %q (%v), want %q", recorded, err, checkA)
	}
	seedWorker(t, dbURL, ringA)

	// Key B: every command refuses, naming both check values.
	for _, args := range [][]string{{"serve"}, {"migrate"}, {"keys", "create", "--role", "admin"}, {"ledger", "verify"}, {"audit", "verify"}} {
		code, _, stderr := binary(t, bin, env(keyB), args...)
		if code != exitFailure || !strings.Contains(stderr, "is not the key of this database") || !strings.Contains(stderr, checkA) ||
			!strings.Contains(stderr, "Restore the key file") {
			t.Errorf("%v with another key: %d %s", args, code, stderr)
		}
	}
	// No key file at all, for a database that holds encrypted data.
	missing := filepath.Join(dir, "lost.key")
	url := dbURL
	if dialect == "sqlite" {
		// The case: the database copied to a folder without its key.
		data, err := os.ReadFile(strings.TrimPrefix(url, "sqlite://"))
		if err != nil {
			t.Fatal(err)
		}
		other := t.TempDir()
		os.WriteFile(filepath.Join(other, "wageguard.db"), data, 0o600)
		url, missing = "sqlite://"+filepath.Join(other, "wageguard.db"), filepath.Join(other, "wageguard.key")
		code, _, stderr := binary(t, bin, map[string]string{"WAGEGUARD_DATABASE_URL": url, "WAGEGUARD_ADDR": "127.0.0.1:0"}, "serve")
		if _, err := os.Stat(missing); code != exitFailure || !strings.Contains(stderr, "is missing, but this database was first used with key version 1 (check value "+checkA) ||
			!errors.Is(err, os.ErrNotExist) {
			t.Fatalf("serve on a copied database without its key: %d %s; key file made: %v", code, stderr, err)
		}
	}
	for _, args := range [][]string{{"serve"}, {"ledger", "verify"}} {
		code, _, stderr := binary(t, bin, map[string]string{"WAGEGUARD_DATABASE_URL": url, "WAGEGUARD_SECRET_KEY_FILE": missing, "WAGEGUARD_ADDR": "127.0.0.1:0"}, args...)
		if code != exitFailure || !strings.Contains(stderr, "is missing, but this database was first used with key version 1 (check value "+checkA) {
			t.Errorf("%v without the key file: %d %s", args, code, stderr)
		}
	}

	// A database from before check values were recorded is judged by its data.
	if err := db.ExecRaw(context.Background(), "DELETE FROM secret_keys"); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := binary(t, bin, env(keyB), "ledger", "verify"); code != exitFailure || !strings.Contains(stderr, "does not open the identity numbers") {
		t.Fatalf("another key on unrecorded data: %d %s", code, stderr)
	}
	if code, _, stderr := binary(t, bin, env(keyA), "ledger", "verify"); code != 0 {
		t.Fatalf("the right key on unrecorded data: %d %s", code, stderr)
	}
	if err := db.Get(context.Background(), &recorded, "SELECT check_value FROM secret_keys WHERE state = 'current'"); err != nil || recorded != checkA {
		t.Fatalf("check value recorded on first use: %q (%v)", recorded, err)
	}

	// With key A the binary serves and is ready.
	serveReady(t, bin, env(keyA))
}

// emptyDatabase is a database with no schema: for SQLite a file in dir (the
// URL of storetest's file is shortened in DB.URL, being a message's).
func emptyDatabase(t *testing.T, dialect, dir string) (*store.DB, string) {
	if dialect == "postgres" {
		db := storetest.NewEmpty(t, dialect)
		return db, db.URL()
	}
	u := "sqlite://" + filepath.Join(dir, "wageguard.db")
	db, err := store.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, u
}

var servingAddr = regexp.MustCompile(`"msg":"wageguard is serving","addr":"([^"]+)"`)

// serveReady starts the binary's serve, waits until it listens, checks
// /readyz and stops it with SIGTERM.
func serveReady(t *testing.T, bin string, env map[string]string) {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LANG=en_US.UTF-8"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	var logs bytes.Buffer
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs.WriteString(sc.Text() + "\n")
			if m := servingAddr.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	var a string
	select {
	case a = <-addr:
	case <-time.After(30 * time.Second):
	}
	if a == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("serve with the right key did not start:\n%s", logs.String())
	}
	r, err := http.Get("http://" + a + "/readyz")
	if err != nil || r.StatusCode != 200 {
		t.Errorf("readyz: %v %v", r, err)
	} else {
		r.Body.Close()
	}
	cmd.Process.Signal(syscall.SIGTERM)
	for range addr {
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v\n%s", err, logs.String())
	}
}

// keys rotate-secret, stopped after two batches, leaves both versions in the
// key file and a database that serve refuses until the rotation is run again;
// then the file holds the new version only, the old file is refused, and the
// audit trail verifies.
func TestKeysRotateSecretCommand(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			db, dbURL := emptyDatabase(t, dialect, dir)
			key := filepath.Join(dir, "secret.key")
			env := map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "WAGEGUARD_SECRET_KEY_FILE": key, "WAGEGUARD_ADDR": "127.0.0.1:0"}
			if code, _, stderr := run(t, nil, "keys", "init-secret", key); code != 0 {
				t.Fatal(stderr)
			}
			if code, _, stderr := run(t, env, "migrate"); code != 0 {
				t.Fatal(stderr)
			}
			ring, _ := identity.Load(key)
			seedWorker(t, dbURL, ring)
			old, _ := os.ReadFile(key)
			oldKey := filepath.Join(dir, "old.key")
			os.WriteFile(oldKey, old, 0o600)

			code, out, stderr := run(t, env, "keys", "rotate-secret", "--batch-rows", "1", "--max-batches", "2", "--wait", "0s")
			if code != 0 || !strings.Contains(out, "stopped after 2 batches") {
				t.Fatalf("interrupted rotation: %d %s %s", code, out, stderr)
			}
			if code, out, _ := run(t, nil, "keys", "check", key); code != 0 || !strings.Contains(out, "version 1:") || !strings.Contains(out, "version 2:") {
				t.Fatalf("the key file during the rotation: %s", out)
			}
			if code, _, stderr := run(t, env, "serve"); code != exitFailure || !strings.Contains(stderr, "rotation of the secret key to version 2 is unfinished") {
				t.Fatalf("serve during the rotation: %d %s", code, stderr)
			}
			code, out, stderr = run(t, env, "keys", "rotate-secret")
			if code != 0 || !strings.Contains(out, "rotated: ") || !strings.Contains(out, "key version 2") {
				t.Fatalf("resumed rotation: %d %s %s", code, out, stderr)
			}
			if code, out, _ := run(t, nil, "keys", "check", key); code != 0 || strings.Contains(out, "version 1:") || !strings.Contains(out, "version 2:") {
				t.Fatalf("the key file after the rotation: %s", out)
			}
			var left int
			if err := db.Get(context.Background(), &left, "SELECT count(*) FROM worker_identities WHERE id_number_enc NOT LIKE 'v2:%'"); err != nil || left != 0 {
				t.Fatalf("identities left under version 1: %d, %v", left, err)
			}
			oldEnv := map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "WAGEGUARD_SECRET_KEY_FILE": oldKey}
			if code, _, stderr := run(t, oldEnv, "ledger", "verify"); code != exitFailure || !strings.Contains(stderr, "uses key version 2") {
				t.Fatalf("the key file from before the rotation: %d %s", code, stderr)
			}
			if code, out, stderr := run(t, env, "audit", "verify"); code != 0 || !strings.Contains(out, "ok:") {
				t.Fatalf("audit verify after the rotation: %d %s %s", code, out, stderr)
			}
		})
	}
}

// A server still running when a rotation starts notices it and stops, so
// that nothing more is written under the old key.
func TestServeStopsWhenARotationStarts(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "wageguard.db"), "WAGEGUARD_ADDR": "127.0.0.1:0"}
	var out, errb syncBuf
	listening := make(chan string, 1)
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: english(env), OnListen: func(a string) { listening <- a },
		KeyWatchInterval: 20 * time.Millisecond}
	done := make(chan int, 1)
	go func() { done <- m.Run(context.Background(), []string{"serve"}) }()
	select {
	case <-listening:
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start within 20 s")
	}
	if code, out, stderr := run(t, env, "keys", "rotate-secret", "--wait", "0s", "--max-batches", "1"); code != 0 {
		t.Fatalf("rotate-secret beside the server: %d %s %s", code, out, stderr)
	}
	select {
	case code := <-done:
		if code != exitFailure || !strings.Contains(errb.String(), "the secret key is being rotated") {
			t.Fatalf("serve exited %d:\n%s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve still runs 20 s after a rotation started")
	}
}

// A rotation that recorded its new version but stopped before writing it to
// the key file sealed nothing under it: serve says to run the rotation again,
// which forgets it and rotates.
func TestKeysRotateSecretForgetsAnUnwrittenVersion(t *testing.T) {
	dir := t.TempDir()
	dbURL := "sqlite://" + filepath.Join(dir, "wageguard.db")
	key := filepath.Join(dir, "wageguard.key")
	env := map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "WAGEGUARD_ADDR": "127.0.0.1:0"}
	if code, _, stderr := run(t, env, "migrate"); code != 0 {
		t.Fatal(stderr)
	}
	ring, _, err := identity.LoadOrCreate(key, true)
	if err != nil {
		t.Fatal(err)
	}
	seedWorker(t, dbURL, ring)
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// What the interrupted run left: version 2 recorded, the file unchanged.
	unwritten, to, _ := ring.WithNewVersion(1)
	svc := service.New(db, nil)
	svc.Identity = unwritten
	if err := svc.RecordSecretKey(context.Background(), 1, mustCheck(ring, 1)); err != nil {
		t.Fatal(err)
	}
	if err := svc.StartSecretKeyRotation(context.Background(), to); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, env, "serve"); code != exitFailure || !strings.Contains(stderr, "run `wageguard keys rotate-secret` with this file") {
		t.Fatalf("serve after an unwritten rotation: %d %s", code, stderr)
	}
	code, out, stderr := run(t, env, "keys", "rotate-secret", "--wait", "0s")
	if code != 0 || !strings.Contains(stderr, "forgetting a rotation") || !strings.Contains(out, "rotated: ") {
		t.Fatalf("rotate-secret after an unwritten rotation: %d %s %s", code, out, stderr)
	}
	after, _ := identity.Load(key)
	recorded, _ := db.SecretKeys(context.Background())
	if len(recorded) != 2 || recorded[1].State != store.SecretKeyCurrent || recorded[1].CheckValue != mustCheck(after, recorded[1].Version) {
		t.Fatalf("secret_keys after: %+v", recorded)
	}
}

// A key file from before versions existed ("index" and "k1" lines) keeps
// working with the data it sealed, is recorded as version 0, and its first
// rotation moves everything to a versioned secret.
func TestLegacyKeyFileIsRecordedAndRotated(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			legacyKeyFile(t, dialect)
		})
	}
}

func legacyKeyFile(t *testing.T, dialect string) {
	dir := t.TempDir()
	db, dbURL := emptyDatabase(t, dialect, dir)
	key := filepath.Join(dir, "legacy.key")
	b64 := func(b byte) string { return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, 32)) }
	os.WriteFile(key, []byte("index "+b64(1)+"\nk1 "+b64(2)+"\n"), 0o600)
	env := map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "WAGEGUARD_SECRET_KEY_FILE": key}
	if err := migrateBeforeCheckValues(db); err != nil {
		t.Fatal(err)
	}
	legacy, err := identity.Load(key)
	if err != nil {
		t.Fatal(err)
	}
	seedWorkerAtSchema(t, dialect, dbURL, db, legacy) // sealed "k1:…" before check values existed
	if code, out, stderr := run(t, env, "migrate"); code != 0 || !strings.Contains(out, appliedSecretKeyMigration(t)) {
		t.Fatalf("migrate with the legacy file: %d %s %s", code, out, stderr)
	}
	recorded, _ := db.SecretKeys(context.Background())
	if len(recorded) != 1 || recorded[0].Version != identity.LegacyVersion || recorded[0].CheckValue != mustCheck(legacy, 0) {
		t.Fatalf("recorded: %+v", recorded)
	}
	if code, out, stderr := run(t, env, "keys", "rotate-secret", "--wait", "0s"); code != 0 || !strings.Contains(out, "key version 1") {
		t.Fatalf("rotating the legacy file: %d %s %s", code, out, stderr)
	}
	if data, _ := os.ReadFile(key); strings.Contains(string(data), "index ") || !strings.Contains(string(data), "secret 1 ") {
		t.Fatalf("the key file after rotating a legacy one:\n%s", data)
	}
	var left int
	if err := db.Get(context.Background(), &left, "SELECT count(*) FROM enrolments WHERE bank_card_enc NOT LIKE 'v1:%'"); err != nil || left != 0 {
		t.Fatalf("enrolments left under the legacy key: %d, %v", left, err)
	}
}

func mustCheck(k *identity.Keyring, n int) string {
	c, _ := k.CheckValue(n)
	return c
}

// migrateBeforeCheckValues applies the migrations before secret_key: a
// database of the release before check values were recorded.
func migrateBeforeCheckValues(db *store.DB) error {
	ms, err := db.Dialect.Migrations()
	if err != nil {
		return err
	}
	if err := db.ExecRaw(context.Background(), "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"); err != nil {
		return err
	}
	for _, m := range ms {
		if m.Name == "secret_key" {
			return nil
		}
		if err := db.ExecRaw(context.Background(), m.SQL); err != nil {
			return err
		}
		if err := db.ExecRaw(context.Background(), "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, '2026-01-01T00:00:00Z')", m.Version, m.Name); err != nil {
			return err
		}
	}
	return errors.New("no secret_key migration")
}

// appliedSecretKeyMigration is how migrate reports applying secret_key.
func appliedSecretKeyMigration(t *testing.T) string {
	ms, err := store.SQLite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Name == "secret_key" {
			return fmt.Sprintf("applied %04d_secret_key\n", m.Version)
		}
	}
	t.Fatal("no secret_key migration")
	return ""
}

// Instances started together on a new database race to record their key:
// losing to the same key is fine, to another key is refused.
func TestFirstUseRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mine, _ := identity.Generate()
		other, _ := identity.Generate()
		first := &identity.RecordedKey{Version: 1, CheckValue: mustCheck(mine, 1), State: identity.KeyCurrent}
		m := &Main{}
		if err := m.recordFirstUse(ctx, db, first, nil); err != nil {
			t.Fatal(err)
		}
		if err := m.recordFirstUse(ctx, db, first, nil); err != nil {
			t.Fatalf("recording the same key again: %v", err)
		}
		second := &identity.RecordedKey{Version: 1, CheckValue: mustCheck(other, 1), State: identity.KeyCurrent}
		if err := m.recordFirstUse(ctx, db, second, nil); err == nil || !strings.Contains(err.Error(), "different secret key") {
			t.Fatalf("recording another key: %v", err)
		}
	})
}
