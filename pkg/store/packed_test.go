package store_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
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

// Rows packed in groups read back as the groups' rows, each group under its
// key, in the order asked for where one is, on both databases; a NULL is
// empty text there too.
func TestPackedGroupsReadAsTheirRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		from := `SELECT 'prj_a' AS k, 'enr_2' AS id, 10 AS n UNION ALL SELECT 'prj_b', 'enr_9', NULL UNION ALL SELECT 'prj_a', 'enr_1', -3
			UNION ALL SELECT 'prj_a', 'enr_3', 0`
		got, err := store.PackedGroups(context.Background(), db, from, "id", 2, "id", "n")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][][]string{"prj_a": {{"enr_1", "-3"}, {"enr_2", "10"}, {"enr_3", "0"}}, "prj_b": {{"enr_9", ""}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %q\nwant %q", got, want)
		}
		if got, err = store.PackedGroups(context.Background(), db, from, "", 2, "id", "n"); err != nil {
			t.Fatalf("in no order: %v", err)
		}
		for _, rows := range got {
			slices.SortFunc(rows, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("in no order: got %q\nwant %q", got, want)
		}
		if got, err = store.PackedGroups(context.Background(), db, from, "id DESC", 1, "id"); err != nil || !reflect.DeepEqual(got["prj_a"], [][]string{{"enr_3"}, {"enr_2"}, {"enr_1"}}) {
			t.Errorf("in descending order: %q, %v", got, err)
		}
		for _, width := range []int{1, 3} {
			if got, err := store.PackedGroups(context.Background(), db, from, "", width, "id", "n"); err == nil {
				t.Errorf("rows of two fields read as %d: %q, want an error", width, got)
			}
		}
	})
}
