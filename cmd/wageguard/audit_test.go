package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// `audit checkpoint` signs every chain head into a file kept apart from the
// database; records cut from a chain's end, with its head rewound, pass
// `audit verify` on their own (issue 16 #13: nothing in the database tells
// they were there) and fail it against the checkpoint.
func TestAuditCheckpointCatchesTruncation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		var err error
		key, cp := filepath.Join(dir, "wageguard.key"), filepath.Join(dir, "checkpoints.jsonl")
		if code, _, stderr := run(t, nil, "keys", "init-secret", key); code != 0 {
			t.Fatalf("init-secret: %s", stderr)
		}
		url := db.URL()
		if !db.Dialect.IsPostgres() {
			url = "sqlite://" + filepath.Join(dir, "wageguard.db")
		}
		env := map[string]string{"WAGEGUARD_DATABASE_URL": url, "WAGEGUARD_SECRET_KEY_FILE": key}
		if code, _, stderr := run(t, env, "migrate"); code != 0 {
			t.Fatalf("migrate: %s", stderr)
		}
		if !db.Dialect.IsPostgres() {
			if db, err = store.Open(ctx, url); err != nil {
				t.Fatal(err)
			}
			defer db.Close()
		}
		ring, err := identity.Load(key)
		if err != nil {
			t.Fatal(err)
		}
		project, _ := seedWorker(t, url, ring)
		if code, out, stderr := run(t, env, "audit", "checkpoint"); code != exitUsage {
			t.Fatalf("checkpoint without --out: %d %s %s", code, out, stderr)
		}
		code, out, stderr := run(t, env, "audit", "checkpoint", "--out", cp)
		if code != 0 || !strings.Contains(out, "checkpoint of 2 chains") || !strings.Contains(out, "public key (version 1)") {
			t.Fatalf("checkpoint: %d %s %s", code, out, stderr)
		}
		if st, err := os.Stat(cp); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("checkpoint file: %v %v", st, err)
		}
		if code, out, _ := run(t, env, "audit", "verify", "--checkpoints", cp); code != 0 || !strings.Contains(out, "checked 1 signed checkpoint") {
			t.Fatalf("verify against the checkpoint on a clean trail: %d %s", code, out)
		}
		for _, s := range dropTriggers(db) {
			if err := db.ExecRaw(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		if db.Dialect.IsPostgres() {
			if err := db.ExecRaw(ctx, "ALTER TABLE audit_log DISABLE TRIGGER USER"); err != nil {
				t.Fatal(err)
			}
		} else if err := db.ExecRaw(ctx, "DROP TRIGGER audit_log_no_delete"); err != nil {
			t.Fatal(err)
		}
		var last int64
		if err := db.Get(ctx, &last, "SELECT seq FROM audit_heads WHERE chain = ?", project); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, "DELETE FROM audit_log WHERE chain = ? AND seq = ?", project, last); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, "UPDATE audit_heads SET seq = ?, hash = (SELECT hash FROM audit_log WHERE chain = ? AND seq = ?) WHERE chain = ?",
			last-1, project, last-1, project); err != nil {
			t.Fatal(err)
		}
		if code, out, _ := run(t, env, "audit", "verify"); code != 0 {
			t.Fatalf("without the checkpoint the cut is not visible, as before: %d %s", code, out)
		}
		code, out, _ = run(t, env, "audit", "verify", "--checkpoints", cp)
		if code != exitFailure || !strings.Contains(out, "BROKEN chain "+project) || !strings.Contains(out, "no longer there") {
			t.Fatalf("verify against the checkpoint after the cut: %d %s", code, out)
		}
	})
}
