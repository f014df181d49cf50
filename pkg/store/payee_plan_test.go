package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestMatchPayeesReachesEveryTableByIndex reads SQLite's plan of the payee
// lookup a payroll runs per 5,000 lines: every table must be searched
// through an index, never scanned. A scan of the enrolments (or of a
// worker's attendance or past lines) per payee makes validation grow with
// lines × enrolments: 20,000 lines took 185 s on SQLite. It holds with and
// without the statistics ANALYZE leaves (of an empty database here;
// TestPayeeLookupPlansOnIssueSizedData analyzes the data), and with
// every optional lookup on.
func TestMatchPayeesReachesEveryTableByIndex(t *testing.T) {
	db := storetest.New(t, "sqlite")
	ctx := context.Background()
	period, _ := ledger.ParsePeriod("2026-08")
	for _, analyzed := range []bool{false, true} {
		if analyzed {
			if err := db.ExecRaw(ctx, "ANALYZE"); err != nil {
				t.Fatal(err)
			}
		}
		for _, h := range []store.PayrollHistory{{}, {Attendance: true, Approved: true}} {
			idx := make([]string, 3000)
			for i := range idx {
				idx[i] = fmt.Sprintf("idx%05d", i)
			}
			q, args := store.MatchPayeesQuery(db.Dialect, "prj_1", "org_1", idx, period, h)
			lines := plan(t, db, q, args...)
			for _, l := range lines {
				if strings.HasPrefix(l, "SCAN ") {
					t.Errorf("analyzed=%v history=%+v: the payee lookup scans a table: %q", analyzed, h, l)
				}
			}
			if !strings.Contains(strings.Join(lines, "\n"), "SEARCH e USING INDEX enrolments_worker_idx") {
				t.Errorf("analyzed=%v history=%+v: enrolments are not searched by (project_id, worker_id):\n%s", analyzed, h, strings.Join(lines, "\n"))
			}
			t.Logf("analyzed=%v history=%+v plan:\n%s", analyzed, h, strings.Join(lines, "\n"))
		}
	}
}
