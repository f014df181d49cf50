package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A complaint's receipt code of five groups names the first characters of
// its project's ID (ledger.ReceiptCodeIn). Its lookup finds the complaint;
// a code whose fifth group names no project opens nothing, and on a Citus
// cluster answers so at once: no statement on any shard (before, with no
// project to hold it to, the lookup went to every shard). Run here with
// Citus refusing any statement of more than one task.
func TestComplaintByReceiptOfNoProject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		project, complaint := ledger.NewID(ledger.PrefixProject), ""
		owner, gc, bank := storetest.Unique("org_o"), storetest.Unique("org_g"), storetest.Unique("org_b")
		must(t, db.ExecRaw(ctx, fmt.Sprintf(`INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES
			('%[1]s', 'o', '%[1]s', 'owner', '310115', '2026-01-01 00:00:00'), ('%[2]s', 'g', '%[2]s', 'general_contractor', '310115', '2026-01-01 00:00:00'),
			('%[3]s', 'b', '%[3]s', 'bank', '310115', '2026-01-01 00:00:00')`, owner, gc, bank)))
		must(t, db.WithTx(ctx, func(tx *store.Tx) error {
			if err := store.CreateProject(tx, &ledger.Project{ID: project, Code: project, Name: "n", RegionCode: "310115", OwnerID: owner,
				GeneralContractorID: gc, ContractAmount: 100, StartedOn: ledger.NewDate(2026, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 1, 1),
				PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: bank, AccountNo: project}, Status: "active"}); err != nil {
				return err
			}
			complaint = ledger.NewIDIn(ledger.PrefixComplaint, project)
			received := ledger.NewDate(2026, 7, 1)
			if err := store.InsertComplaint(tx, &ledger.Complaint{ID: complaint, ProjectID: project, Source: ledger.ComplaintByWorker,
				Summary: "s", Workers: 1, Status: ledger.ComplaintReceived, ReceivedOn: received, AcceptBy: received.AddDays(5), CreatedBy: "t"}); err != nil {
				return err
			}
			return store.SetComplaintReceipt(tx, project, complaint, "hash-"+complaint)
		}))
		code, _ := ledger.NormalReceiptCode(ledger.ReceiptCodeIn([10]byte{1, 2, 3}, project))
		prefix, ok := ledger.ReceiptProjectPrefix(code)
		if !ok {
			t.Fatalf("a code made for %s names no project: %s", project, code)
		}
		// A prefix of the same form that no project's ID starts with.
		var none string
		for none == "" {
			p := prefix[:len(prefix)-ledger.ReceiptHintLen] + ledger.NewID("x")[2:2+ledger.ReceiptHintLen]
			var n int
			must(t, db.Get(ctx, &n, `SELECT count(*) FROM project_keys WHERE project_id >= ? AND project_id < ?`, p, p+"~"))
			if n == 0 {
				none = p
			}
		}
		lookup := func(hash, prefix string) (c *ledger.Complaint, err error) {
			err = db.WithTx(ctx, func(tx *store.Tx) error {
				if db.Dialect.IsCitus() {
					if _, err := tx.Exec("SET LOCAL citus.multi_task_query_log_level = 'error'"); err != nil {
						return err
					}
				}
				c, err = store.ComplaintByReceipt(tx, []string{hash}, prefix)
				return err
			})
			return c, err
		}
		if c, err := lookup("hash-"+complaint, prefix); err != nil || c == nil || c.ID != complaint {
			t.Fatalf("the complaint by its code, on its project's shard: %+v, %v", c, err)
		}
		if c, err := lookup("hash-other", none); err != nil || c != nil {
			t.Fatalf("a code naming no project (%s): %+v, %v (want nothing, with no statement on any shard)", none, c, err)
		}
	})
}
