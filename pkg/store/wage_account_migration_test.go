package store_test

import (
	"context"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Issue 16, item 14: wage account numbers an earlier build stored with
// hyphens or spaces are stored as their digits, so that the uniqueness of
// (bank, account) holds whatever the punctuation; one whose digits another
// project of the bank already holds is left for the operator.
func TestWageAccountDigitsMigration(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := migratedBefore(t, dialect, "wage_account_digits")
			must(t, db.ExecRaw(ctx, `INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES
				('org_o', 'o', 'u1', 'owner', '310115', '2026-01-01 00:00:00'), ('org_g', 'g', 'u2', 'general_contractor', '310115', '2026-01-01 00:00:00'),
				('org_b', 'b', 'u3', 'bank', '310115', '2026-01-01 00:00:00')`))
			for id, acct := range map[string]string{"prj_dash": "1100-0000-0001", "prj_space": "1100 0000 0002", "prj_plain": "110000000003", "prj_clash": "1100-0000-0003"} {
				must(t, db.ExecRaw(ctx, `INSERT INTO projects (id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
					planned_completion_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status, created_at)
					VALUES ('`+id+`', '`+id+`', 'n', '310115', 'org_o', 'org_g', 100, '2026-01-01', '2027-01-01', 15, 30, 'org_b', '`+acct+`', 'active', '2026-01-01 00:00:00')`))
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for id, want := range map[string]string{"prj_dash": "110000000001", "prj_space": "110000000002", "prj_plain": "110000000003", "prj_clash": "1100-0000-0003"} {
				p, err := store.GetProject(db.Reader(ctx), id)
				if err != nil {
					t.Fatal(err)
				}
				if p.WageAccount.AccountNo != want {
					t.Errorf("%s: account %q, want %q", id, p.WageAccount.AccountNo, want)
				}
			}
		})
	}
}
