package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// confirmationsNamed are n paid confirmations of project prj under the
// references prefix-0 … prefix-(n-1).
func confirmationsNamed(prj, prefix string, n int) []*store.Confirmation {
	out := make([]*store.Confirmation, n)
	for i := range out {
		entry := fmt.Sprintf("ent_%s_%d", prefix, i)
		entryID := &entry
		if i%5 == 4 { // a failed payment posts no entry
			entryID = nil
		}
		out[i] = &store.Confirmation{ID: ledger.NewID("cnf"), ProjectID: prj, BankRef: fmt.Sprintf("%s-%d", prefix, i), ContentHash: "h-" + prefix,
			InstructionID: fmt.Sprintf("ins_%s_%d", prefix, i), Status: ledger.ConfirmPaid, Amount: ledger.Money(100 + i), SettledOn: day, EntryID: entryID}
	}
	return out
}

// A big batch of confirmations goes by COPY on PostgreSQL. One holding a
// reference already on record cannot (COPY has no ON CONFLICT): the COPY is
// undone to its savepoint, the transaction goes on, and the batch is
// inserted skipping what is on record, exactly as without COPY: the new
// facts are recorded and reported, the old one is left as it was. SQLite
// never copies and gets the same result.
func TestConfirmationCopyFallsBackOnAFactOnRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const prj, bank, n = "prj_copy", "org_bank", 250 // above the COPY threshold
		first := confirmationsNamed(prj, "OLD", n)
		err := db.WithTx(ctx, func(tx *store.Tx) error {
			copied, err := store.CopyConfirmations(tx, bank, first)
			if err != nil || copied != (db.Dialect.IsPostgres() && !db.Dialect.IsCitus()) {
				return fmt.Errorf("a new batch: copied %v, %v; want a COPY on single-node PostgreSQL alone (Citus keeps its INSERT)", copied, err)
			}
			if !copied {
				inserted, err := store.InsertConfirmations(tx, bank, first)
				if err != nil || len(inserted) != n {
					return fmt.Errorf("a new batch: %d inserted, %v", len(inserted), err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// A batch of new facts with one replayed fact in the middle, under
		// another ID and content: the record keeps what it had.
		mixed := confirmationsNamed(prj, "NEW", n)
		replay := *first[7]
		replay.ID, replay.ContentHash, replay.Amount = ledger.NewID("cnf"), "h-replay", 1
		mixed[n/2] = &replay
		err = db.WithTx(ctx, func(tx *store.Tx) error {
			copied, err := store.CopyConfirmations(tx, bank, mixed)
			if err != nil || copied {
				return fmt.Errorf("a batch holding a fact on record: copied %v, %v; want no COPY and no error", copied, err)
			}
			// Nothing of the failed COPY is left, and the transaction still works.
			var left []int
			if err := tx.Select(&left, `SELECT COUNT(*) FROM bank_confirmations WHERE bank_ref LIKE 'NEW-%'`); err != nil || left[0] != 0 {
				return fmt.Errorf("after the failed COPY: %v rows of the batch, %v", left, err)
			}
			inserted, err := store.InsertConfirmations(tx, bank, mixed)
			if err != nil {
				return err
			}
			if len(inserted) != n-1 || inserted[replay.ID] {
				return fmt.Errorf("%d inserted (the replay among them: %v), want the %d new ones", len(inserted), inserted[replay.ID], n-1)
			}
			for i, c := range mixed {
				if i != n/2 && !inserted[c.ID] {
					return fmt.Errorf("new fact %s not reported inserted", c.BankRef)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var total []int
		must(t, db.Select(ctx, &total, `SELECT COUNT(*) FROM bank_confirmations WHERE project_id = ? AND bank_id = ?`, prj, bank))
		if total[0] != 2*n-1 {
			t.Fatalf("%d confirmations on record, want %d", total[0], 2*n-1)
		}
		var kept []store.Confirmation
		must(t, db.Select(ctx, &kept, `SELECT id, project_id, bank_ref, content_hash, instruction_id, status, amount, settled_on, reason, entry_id, exception
			FROM bank_confirmations WHERE project_id = ? AND bank_id = ? AND bank_ref IN (?, ?, ?)`, prj, bank, replay.BankRef, mixed[0].BankRef, mixed[4].BankRef))
		for _, c := range kept {
			want := map[string]*store.Confirmation{replay.BankRef: first[7], mixed[0].BankRef: mixed[0], mixed[4].BankRef: mixed[4]}[c.BankRef]
			if c.ID != want.ID || c.ContentHash != want.ContentHash || c.Amount != want.Amount || c.SettledOn != day || (c.EntryID == nil) != (want.EntryID == nil) ||
				(c.EntryID != nil && *c.EntryID != *want.EntryID) {
				t.Errorf("on record %+v, want %+v", c, *want)
			}
		}
		if len(kept) != 3 {
			t.Errorf("%d of the three facts read back", len(kept))
		}
	})
}
