package store_test

import (
	"context"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The workforce statistics group a region's people in memory: on
// PostgreSQL their reads run in a read-only transaction with a larger
// work_mem (at province size the per-person groups spilled to disk with the
// default 4 MB), which ends with the reads, leaving the pool's connections
// as they were; SQLite reads outside any transaction, as Reader does (its
// transactions take the write lock), and writers go on meanwhile.
func TestReadGroupedKeepsGroupsInMemory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.ReadGrouped(ctx, func(q store.Querier) error {
			var n int
			if err := q.Get(&n, `SELECT COUNT(*) FROM projects`); err != nil {
				return err
			}
			if !db.Dialect.IsPostgres() {
				// No write lock held: a write goes through while the read is open.
				return db.WithTx(ctx, func(tx *store.Tx) error {
					_, err := tx.Exec(`DELETE FROM projects WHERE id = ?`, "none")
					return err
				})
			}
			var mem string
			if err := q.Get(&mem, `SHOW work_mem`); err != nil {
				return err
			}
			if mem != "64MB" {
				t.Errorf("work_mem inside ReadGrouped is %s, want 64MB", mem)
			}
			var workers string
			if err := q.Get(&workers, `SHOW max_parallel_workers_per_gather`); err != nil {
				return err
			}
			if workers != "0" {
				t.Errorf("max_parallel_workers_per_gather inside ReadGrouped is %s, want 0", workers)
			}
			_, err := q.(*store.Tx).Exec(`CREATE TEMP TABLE read_grouped_probe (x INTEGER)`)
			if err == nil {
				t.Error("ReadGrouped's transaction accepted a write; want it read-only")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !db.Dialect.IsPostgres() {
			return
		}
		for range 8 { // every connection of the pool (WithMaxConns(8)) is back to the default
			var mem string
			if err := db.Get(ctx, &mem, `SHOW work_mem`); err != nil {
				t.Fatal(err)
			}
			if mem == "64MB" {
				t.Fatalf("work_mem is still %s after ReadGrouped", mem)
			}
		}
	})
}
