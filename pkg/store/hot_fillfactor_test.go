package store_test

import (
	"context"
	"testing"

	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The rows updated in place again and again leave half of each page free
// for their next version on PostgreSQL (migration 0033), so that updating
// them is a HOT update that touches no index.
func TestHotUpdatedTablesLeaveHalfThePage(t *testing.T) {
	db := storetest.New(t, "postgres")
	var opts []struct {
		Table   string `db:"relname"`
		Options string `db:"options"`
	}
	must(t, db.Select(context.Background(), &opts, `SELECT relname, COALESCE(array_to_string(reloptions, ','), '') AS options FROM pg_class
		WHERE relkind = 'r' AND relname IN ('instruction_states', 'ledger_balances') AND relnamespace = current_schema()::regnamespace ORDER BY relname`))
	if len(opts) != 2 {
		t.Fatalf("found %d of the two tables: %v", len(opts), opts)
	}
	for _, o := range opts {
		if o.Options != "fillfactor=50" {
			t.Errorf("%s has storage options %q, want fillfactor=50", o.Table, o.Options)
		}
	}
}
