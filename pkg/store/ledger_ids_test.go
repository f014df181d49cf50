package store_test

import (
	"context"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The set-based approval writes entry IDs in SQL; they must be the very IDs
// ledger.EntryBatch.ID gives, on both databases, across every padding width.
func TestLineEntryIDIsEntryBatchID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		batch := ledger.NewEntryBatch()
		for _, n := range []int{0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 99999, 100000, 1234567} {
			var got string
			err := db.Get(context.Background(), &got, `SELECT `+store.LineEntryID+` FROM (SELECT CAST(? AS INTEGER) AS line_no) x`, string(batch), n)
			if err != nil {
				t.Fatal(err)
			}
			if want := batch.ID(n); got != want {
				t.Errorf("line %d: SQL names its entry %q, EntryBatch.ID gives %q", n, got, want)
			}
		}
	})
}
