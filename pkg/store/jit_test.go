package store_test

import (
	"context"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// PostgreSQL connections run without JIT compilation: it cost 131 ms on a
// 0.2 ms lookup whose cost estimate was inflated (see parseURL).
func TestPostgresRunsWithoutJIT(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if !db.Dialect.IsPostgres() {
			return
		}
		var jit string
		if err := db.Get(context.Background(), &jit, "SHOW jit"); err != nil {
			t.Fatal(err)
		}
		if jit != "off" {
			t.Errorf("jit is %q, want off", jit)
		}
	})
}
