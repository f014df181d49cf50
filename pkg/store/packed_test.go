package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A packed row reads back, on both databases, as its columns would have:
// NULL as empty text and a zero date, dates of every month's last day,
// periods, integers (negative too), booleans as each database writes them;
// a field that does not read is an error, not a zero.
func TestPackedRowsReadAsTheirColumns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		date := func(s string) string { return "'" + s + "'" } // SQLite keeps dates as their text
		if db.Dialect.IsPostgres() {
			date = func(s string) string { return "CAST('" + s + "' AS DATE)" }
		}
		got, err := store.PackedRow(ctx, db, "ssdddpiibb", "'enr_1@2026-05'", "NULL", date("2024-02-29"), date("2026-12-31"),
			"NULL", "'2026-07'", "-600000", "4294967295", "1 = 1", "1 = 0")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"s:enr_1@2026-05", "s:", "d:2024-02-29", "d:2026-12-31", "d:", "p:2026-07", "i:-600000", "i:4294967295", "b:true", "b:false"}
		if !slices.Equal(got, want) {
			t.Errorf("got %q\nwant %q", got, want)
		}
		for _, bad := range []struct{ kinds, col string }{{"i", "'x1'"}, {"d", "'2026-02-29'"}, {"d", "'2026-04-31'"}, {"p", "'2026-13'"}, {"b", "'maybe'"}} {
			if got, err := store.PackedRow(ctx, db, bad.kinds, bad.col); err == nil {
				t.Errorf("%s read as %q, want an error", bad.col, got)
			}
		}
	})
}
