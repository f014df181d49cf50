package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// serveOnce runs serve on the SQLite file of dir until it listens, then
// stops it, and returns its log.
func serveOnce(t *testing.T, dir string) string {
	return serveUntil(t, dir, nil)
}

// serveUntil runs serve on the SQLite file of dir until it listens and
// then until done (if given) reports true, then stops it, and returns its
// log.
func serveUntil(t *testing.T, dir string, done func() bool) string {
	t.Helper()
	var out, errb syncBuf
	listening := make(chan string, 1)
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		return map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "wageguard.db"), "WAGEGUARD_ADDR": "127.0.0.1:0"}[k]
	}, OnListen: func(a string) { listening <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int, 1)
	go func() { exited <- m.Run(ctx, []string{"serve"}) }()
	select {
	case <-listening:
	case code := <-exited:
		t.Fatalf("serve exited %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start within 20 s")
	}
	for deadline := time.Now().Add(20 * time.Second); done != nil && !done(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cancel()
			<-exited
			t.Fatalf("serve did not get there within 20 s: %s", errb.String())
		}
	}
	cancel()
	if code := <-exited; code != 0 {
		t.Fatalf("serve exited %d: %s", code, errb.String())
	}
	return errb.String()
}

// An Idempotency-Key an earlier build stored with the bare SHA-256 of its
// request is put under the secret key when serve starts: the table holds
// no hash anyone can test guesses at a masked number against.
func TestServeKeysBareRequestHashes(t *testing.T) {
	dir := t.TempDir()
	serveOnce(t, dir) // makes the database and its key file
	db, err := store.Open(context.Background(), "sqlite://"+filepath.Join(dir, "wageguard.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bare := ledger.SHA256Hex([]byte("POST /api/v1/projects/p/workers\n{\"phone\":\"13912348094\"}"))
	if err := db.ExecRaw(context.Background(), `INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at)
		VALUES ('key_x', 'k-1', ?, 201, '{}', ?)`, bare, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	// As an earlier build left it: that build had no record of the task
	// (the first start above recorded it done, with no key to key).
	if err := db.ExecRaw(context.Background(), `DELETE FROM service_tasks`); err != nil {
		t.Fatal(err)
	}
	// serve keys them once it listens (a large table held its start up),
	// and records that it did.
	var stored string
	logs := serveUntil(t, dir, func() bool {
		// The task's record first, the hash after: read the other way
		// round, a task finishing between the two reads left the hash read
		// before it was keyed (a flaky failure in CI).
		var done int
		_ = db.Get(context.Background(), &done, `SELECT COUNT(*) FROM service_tasks`)
		_ = db.Get(context.Background(), &stored, `SELECT request_hash FROM idempotency_keys WHERE key = 'k-1'`)
		return done == 1
	})
	if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, bare) {
		t.Fatalf("after serve started, the request hash is %q (bare: %s)", stored, bare)
	}
	if !strings.Contains(logs, "request hashes of earlier Idempotency-Keys") {
		t.Errorf("serve did not say it keyed the hashes:\n%s", logs)
	}
}
