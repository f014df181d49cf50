package store_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"testing/fstest"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// migratedTo is a fresh database of dialect with the migrations up to and
// including version last applied, as a database of that release would be.
func migratedTo(t *testing.T, dialect string, last int) *store.DB {
	t.Helper()
	db := storetest.NewEmpty(t, dialect)
	ms, err := db.Dialect.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	upTo := fstest.MapFS{}
	for _, m := range ms {
		if m.Version <= last {
			upTo[dialect+"/"+fmt.Sprintf("%04d_%s.sql", m.Version, m.Name)] = &fstest.MapFile{Data: []byte(m.SQL)}
		}
	}
	if err := store.ApplyMigrationsFrom(context.Background(), db, upTo, dialect); err != nil {
		t.Fatal(err)
	}
	return db
}

// A database at the baseline with organisations and projects takes the
// guarantees migration: its rows stay, an insurer may be registered, and an
// unknown kind is still refused (SQLite's CHECK is widened in place).
func TestGuaranteesMigrationKeepsOrganisations(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := migratedTo(t, dialect, 1)
			org := func(id, kind string) error {
				return db.ExecRaw(ctx, fmt.Sprintf(`INSERT INTO organizations (id, name, uscc, kind, region_code, created_at)
					VALUES ('%s', 'n', 'u%s', '%s', '130100', '2026-01-01 00:00:00')`, id, id, kind))
			}
			for _, o := range [][2]string{{"own", "owner"}, {"gc", "general_contractor"}, {"bank", "bank"}} {
				if err := org(o[0], o[1]); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.ExecRaw(ctx, `INSERT INTO projects (id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
				planned_completion_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status, created_at)
				VALUES ('prj', 'P', 'P', '130102', 'own', 'gc', 100, '2026-01-01', '2027-01-01', 15, 30, 'bank', '11001', 'active', '2026-01-01 00:00:00')`); err != nil {
				t.Fatal(err)
			}
			if err := org("ins0", "insurer"); err == nil {
				t.Fatal("an insurer was accepted before the migration")
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := org("ins", "insurer"); err != nil {
				t.Errorf("an insurer after the migration: %v", err)
			}
			if err := org("bad", "pirate"); err == nil {
				t.Error("an unknown kind was accepted after the migration")
			}
			var n int
			if err := db.Get(ctx, &n, `SELECT COUNT(*) FROM projects p JOIN organizations o ON o.id = p.general_contractor_id`); err != nil || n != 1 {
				t.Errorf("the project and its contractor: %d, %v", n, err)
			}
		})
	}
}

// A database built by the development migrations before the baseline takes
// the guarantees migration too: its organisations' CHECK is widened alike.
func TestGuaranteesMigrationOnADevelopmentDatabase(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := storetest.NewEmpty(t, dialect)
			if err := store.ApplyMigrationsFrom(ctx, db, os.DirFS("testdata/prebaseline"), dialect); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := db.ExecRaw(ctx, `INSERT INTO organizations (id, name, uscc, kind, region_code, created_at)
				VALUES ('ins', 'n', 'u', 'insurer', '130100', '2026-01-01 00:00:00')`); err != nil {
				t.Errorf("an insurer after migrating a development database: %v", err)
			}
		})
	}
}

// A database with guarantees takes the guarantee_refs migration: each
// issuer's reference is held by the first guarantee lodged under it, even
// where the old key let it be lodged on two projects.
func TestGuaranteeRefsMigrationKeepsTheFirstLodging(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := migratedTo(t, dialect, 4) // 0004 made guarantees
			stmts := []string{
				`INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES ('own', 'n', 'u1', 'owner', '130100', '2026-01-01 00:00:00')`,
				`INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES ('gc', 'n', 'u2', 'general_contractor', '130100', '2026-01-01 00:00:00')`,
				`INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES ('bank', 'n', 'u3', 'bank', '130100', '2026-01-01 00:00:00')`,
			}
			for _, p := range []string{"p1", "p2"} {
				stmts = append(stmts, fmt.Sprintf(`INSERT INTO projects (id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
					planned_completion_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status, created_at)
					VALUES ('%s', '%s', 'P', '130102', 'own', 'gc', 100, '2026-01-01', '2027-01-01', 15, 30, 'bank', '1100%s', 'active', '2026-01-01 00:00:00')`, p, p, p))
			}
			for _, g := range [][3]string{{"p2", "gua_b", "2026-02-02 00:00:00"}, {"p1", "gua_a", "2026-02-01 00:00:00"}, {"p1", "gua_c", "2026-02-03 00:00:00"}} {
				ref := "BG-SAME"
				if g[1] == "gua_c" {
					ref = "BG-OTHER"
				}
				stmts = append(stmts, fmt.Sprintf(`INSERT INTO guarantees (project_id, id, form, issuer_id, reference, content_hash, amount, valid_from, valid_until, created_at)
					VALUES ('%s', '%s', 'bank_letter', 'bank', '%s', 'h', 100, '2026-01-01', '2027-01-01', '%s')`, g[0], g[1], ref, g[2]))
			}
			for _, s := range stmts {
				if err := db.ExecRaw(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var refs []struct {
				Reference   string `db:"reference"`
				GuaranteeID string `db:"guarantee_id"`
			}
			if err := db.Select(ctx, &refs, `SELECT reference, guarantee_id FROM guarantee_refs ORDER BY reference`); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(refs) != "[{BG-OTHER gua_c} {BG-SAME gua_a}]" {
				t.Errorf("guarantee_refs after the migration: %v", refs)
			}
		})
	}
}
