package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestWriteLogSeesEveryWay: each way the store writes is recorded (a
// transaction, even one that only reads; ExecRaw; a writing statement run
// outside a transaction; inside one, an INSERT or UPDATE … RETURNING
// through Tx.Select and Tx.Get, COPY and the bulk INSERTs, noted by
// table), and a read outside a transaction is not, whatever words its
// literals hold.
func TestWriteLogSeesEveryWay(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			l := &store.WriteLog{}
			writeLogSteps(t, storetest.New(t, dialect, store.WithWriteLog(l)), l)
		})
	}
}

func writeLogSteps(t *testing.T, db *store.DB, l *store.WriteLog) {
	ctx := context.Background()
	table := storetest.Unique("write_log_scratch")
	step := func(name, want string, do func() error) {
		t.Helper()
		mark := l.Len()
		if err := do(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := strings.Join(l.Since(mark), " | ")
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%s: recorded %q, want %q", name, got, want)
		}
	}
	var n int
	step("a read", "", func() error {
		return db.Get(ctx, &n, "SELECT count(*) FROM organizations WHERE name <> 'delete me' -- not an UPDATE")
	})
	step("a read through a Reader", "", func() error { return db.Reader(ctx).Get(&n, "SELECT 1") })
	step("ExecRaw", "ExecRaw: CREATE TABLE "+table, func() error {
		return db.ExecRaw(ctx, "CREATE TABLE "+table+" (a TEXT)")
	})
	t.Cleanup(func() { _ = db.ExecRaw(context.Background(), "DROP TABLE "+table) })
	step("a write outside a transaction", "outside a transaction: UPDATE", func() error {
		var got []string
		return db.Select(ctx, &got, "UPDATE "+table+" SET a = a RETURNING a")
	})
	step("a transaction that writes nothing", "WithTx", func() error {
		return db.WithTx(ctx, func(tx *store.Tx) error { return tx.Get(&n, "SELECT 1") })
	})
	step("an INSERT … RETURNING through Tx.Select", "WithTx; INSERT INTO "+table, func() error {
		var got []string
		return db.WithTx(ctx, func(tx *store.Tx) error { return tx.Select(&got, "INSERT INTO "+table+" (a) VALUES ('y') RETURNING a") })
	})
	step("an UPDATE … RETURNING through Tx.Get", "WithTx; UPDATE "+table, func() error {
		var got string
		return db.WithTx(ctx, func(tx *store.Tx) error { return tx.Get(&got, "UPDATE "+table+" SET a = a RETURNING a") })
	})
	rows := make([][]any, 2500)
	for i := range rows {
		rows[i] = []any{"x"}
	}
	bulk := "INSERT INTO " + table
	if db.Dialect.IsPostgres() {
		bulk = "COPY " + table
	}
	step("a bulk load", "WithTx; "+bulk, func() error {
		return db.WithTx(ctx, func(tx *store.Tx) error { return store.CopyIn(tx, table, []string{"a"}, rows) })
	})
}
