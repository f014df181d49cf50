package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
	"github.com/wageguard/wageguard/schemas"
)

// migratedBefore is a database migrated up to, not including, the named
// migration: the schema an older wageguard left.
func migratedBefore(t *testing.T, dialect, name string) *store.DB {
	t.Helper()
	ms, err := store.SQLite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	n := -1
	for i, m := range ms {
		if m.Name == name {
			n = i
		}
	}
	if n < 0 {
		t.Fatalf("no migration named %s", name)
	}
	db := storetest.NewEmpty(t, dialect)
	if err := store.ApplyMigrationsFrom(context.Background(), db, onlyFirst{schemas.Migrations, n}, dialect); err != nil {
		t.Fatal(err)
	}
	return db
}

// A project registered before labour-cost cycles could be monthly had to
// give days, at most 30: migration bank_fidelity reads its 30 as the law's
// month, and keeps a shorter cycle as it was (issue 11, item 8). Instruction
// states keep their rows and may be partly_failed (item 3).
func TestBankFidelityMigrationReadsThirtyDaysAsMonthly(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := migratedBefore(t, dialect, "bank_fidelity")
			must(t, db.ExecRaw(ctx, `INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES
				('org_o', 'o', 'u1', 'owner', '310115', '2026-01-01 00:00:00'), ('org_g', 'g', 'u2', 'general_contractor', '310115', '2026-01-01 00:00:00'),
				('org_b', 'b', 'u3', 'bank', '310115', '2026-01-01 00:00:00')`))
			for _, p := range []struct {
				id   string
				days int
			}{{"prj_30", 30}, {"prj_10", 10}} {
				must(t, db.ExecRaw(ctx, `INSERT INTO projects (id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
					planned_completion_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status, created_at)
					VALUES ('`+p.id+`', '`+p.id+`', 'n', '310115', 'org_o', 'org_g', 100, '2026-01-01', '2027-01-01', 15, `+strconv.Itoa(p.days)+`, 'org_b', '`+p.id+`', 'active', '2026-01-01 00:00:00')`))
			}
			must(t, db.ExecRaw(ctx, `INSERT INTO instruction_states (project_id, instruction_id, wage_bank_id, status, paid_amount) VALUES ('prj_30', 'ins_1', 'org_b', 'partly_paid', 5)`))
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// The instruction states, rebuilt on SQLite for their new check, keep their rows and take partly_failed.
			must(t, db.ExecRaw(ctx, `UPDATE instruction_states SET status = 'partly_failed' WHERE instruction_id = 'ins_1' AND paid_amount = 5`))
			var n int
			if err := db.Get(ctx, &n, `SELECT COUNT(*) FROM instruction_states WHERE status = 'partly_failed'`); err != nil || n != 1 {
				t.Fatalf("instruction states after the migration: %d, %v", n, err)
			}
			for id, want := range map[string]ledger.LabourCostCycle{"prj_30": ledger.Monthly, "prj_10": {Kind: ledger.CycleDays, Days: 10}} {
				p, err := store.GetProject(db.Reader(ctx), id)
				if err != nil {
					t.Fatal(err)
				}
				if p.LabourCostCycle != want {
					t.Errorf("%s: cycle %+v, want %+v", id, p.LabourCostCycle, want)
				}
			}
		})
	}
}
