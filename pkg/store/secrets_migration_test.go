package store_test

import (
	"context"
	"testing"

	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Migration secrets keeps, of a person registered before it, the birth
// year-month and the sex, and drops the full birth date, which beside the
// masked number left about nine candidates for it (issue 16 #6); the region
// code is filled by the run that applies it, from the encrypted number.
func TestSecretsMigrationKeepsOnlyTheBirthMonth(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := migratedBefore(t, dialect, "secrets")
			must(t, db.ExecRaw(ctx, `INSERT INTO worker_identities (id, id_number_index, id_number_enc, id_number_masked, name, gender, birth_date, created_at)
				VALUES ('wkr_1', 'idx1', 'v1:x', '1101**********002X', '张三', 'male', '1949-12-31', '2026-01-01 00:00:00')`))
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var got []struct {
				Month  string `db:"birth_month"`
				Gender string `db:"gender"`
				Region string `db:"region_code"`
			}
			if err := db.Select(ctx, &got, "SELECT birth_month, gender, region_code FROM worker_identities"); err != nil || len(got) != 1 ||
				got[0].Month != "1949-12" || got[0].Gender != "male" || got[0].Region != "" {
				t.Fatalf("after the migration: %+v %v", got, err)
			}
			var n int
			if err := db.Get(ctx, &n, "SELECT COUNT(*) FROM worker_identities WHERE birth_date IS NOT NULL"); err == nil {
				t.Fatal("worker_identities still has a birth_date column")
			}
		})
	}
}
