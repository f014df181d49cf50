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
	t.Helper()
	var out, errb syncBuf
	listening := make(chan string, 1)
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		return map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "wageguard.db"), "WAGEGUARD_ADDR": "127.0.0.1:0"}[k]
	}, OnListen: func(a string) { listening <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	select {
	case <-listening:
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start within 20 s")
	}
	cancel()
	if code := <-done; code != 0 {
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
	logs := serveOnce(t, dir)
	var stored string
	if err := db.Get(context.Background(), &stored, `SELECT request_hash FROM idempotency_keys WHERE key = 'k-1'`); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, bare) {
		t.Fatalf("after serve started, the request hash is %q (bare: %s)", stored, bare)
	}
	if !strings.Contains(logs, "request hashes of earlier Idempotency-Keys") {
		t.Errorf("serve did not say it keyed the hashes:\n%s", logs)
	}
}
