package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A general contractor's record reads its projects' arrears and compliance
// alerts, never a complaint's own (complaint_open, inspectors' only): a
// complaint is no failure of the contractor's, and a record it spoiled
// would tell the contractor that someone complained.
func TestContractorRecordLeavesComplaintsOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// Its own organisations, project, credit codes and account (Unique):
		// on the cluster's shared database other tests write theirs beside.
		ctx := context.Background()
		o, g, b, prj := storetest.Unique("org_o"), storetest.Unique("org_g"), storetest.Unique("org_b"), storetest.Unique("prj_1")
		u := storetest.Unique("u")
		must(t, db.ExecRaw(ctx, `INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES
			(?, 'o', ?, 'owner', '310115', '2026-01-01 00:00:00'), (?, 'g', ?, 'general_contractor', '310115', '2026-01-01 00:00:00'),
			(?, 'b', ?, 'bank', '310115', '2026-01-01 00:00:00')`, o, u+"1", g, u+"2", b, u+"3"))
		must(t, db.ExecRaw(ctx, `INSERT INTO project_keys (project_id, code, wage_bank_id, wage_account_no) VALUES (?, ?, ?, ?)`, prj, prj, b, u))
		must(t, db.ExecRaw(ctx, `INSERT INTO projects (id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
			planned_completion_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status, created_at)
			VALUES (?, ?, 'n', '310115', ?, ?, 100, '2023-01-01', '2027-01-01', 15, 30, ?, ?, 'active', '2023-01-01 00:00:00')`, prj, prj, o, g, b, u))
		var rows []string
		for i, a := range []struct{ rule, subject, period, stream, seen string }{
			{"wages_unpaid", "employer:" + g, "2024-04", "arrears", "2024-05-20"},
			{"shared_bank_card", "card:c1", "", "compliance", "2024-03-01"},
			{"complaint_open", "complaint:cmp_1", "", "compliance", "2025-06-01"},
			{"complaint_open", "complaint:cmp_2", "", "compliance", "2025-09-01"},
		} {
			rows = append(rows, fmt.Sprintf(`('%s', 'alr_%d', '%s', '%s', '%s', '%s', 'medium', 'open', 0, 1, '%s', '%s', '2026-01-01 00:00:00', '2026-01-01 00:00:00')`,
				prj, i, a.rule, a.subject, a.period, a.stream, a.seen, a.seen))
		}
		must(t, db.ExecRaw(ctx, `INSERT INTO alerts (project_id, id, rule, subject, period, stream, severity, status, amount_at_risk, headcount,
			first_seen_on, last_seen_on, created_at, updated_at) VALUES `+strings.Join(rows, ", ")))
		days := func(ds []ledger.Date) string {
			var out []string
			for _, d := range ds {
				out = append(out, d.String())
			}
			return strings.Join(out, " ")
		}
		hs, err := store.ContractorHistories(db.Reader(ctx), []string{g}, []string{prj})
		if err != nil {
			t.Fatal(err)
		}
		if got := hs[g]; days(got.Arrears) != "2024-05-20" || days(got.Compliance) != "2024-03-01" {
			t.Fatalf("the contractor's record: arrears %q, compliance %q", days(got.Arrears), days(got.Compliance))
		}
		arrears, compliance, err := store.ContractorHistory(db.Reader(ctx), g)
		if err != nil || days(arrears) != "2024-05-20" || days(compliance) != "2024-03-01" {
			t.Fatalf("one contractor's record: %q %q %v", days(arrears), days(compliance), err)
		}
		// So its compliant years run from the last alert of its own, not
		// from the complaints: three full years by 2027-06 would be one
		// with them in.
		rec := ledger.RecordHistory{KnownFrom: ledger.NewDate(2023, 1, 1), Arrears: arrears, Compliance: compliance}.
			Apply(ledger.ContractorRecord{}, ledger.NewDate(2027, 6, 1), 2)
		if rec.CompliantYears != 3 || slices.Contains(rec.Unchecked, ledger.RecordArrearsHistory) {
			t.Fatalf("compliant years: %+v", rec)
		}
	})
}
