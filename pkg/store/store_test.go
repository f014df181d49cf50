package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

var (
	period = ledger.MustPeriod("2026-10")
	day    = ledger.NewDate(2026, 11, 5)
)

func acct(p string, k ledger.AccountKind, ref string) ledger.Account {
	return ledger.Account{ProjectID: p, Kind: k, Ref: ref}
}

func TestMigrationFoldersMatch(t *testing.T) {
	pg, err := store.Postgres.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	lite, err := store.SQLite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(pg) != len(lite) {
		t.Fatalf("schemas/postgres has %d migrations, schemas/sqlite has %d", len(pg), len(lite))
	}
	for i := range pg {
		if pg[i].Version != lite[i].Version || pg[i].Name != lite[i].Name {
			t.Errorf("migration %d: postgres %04d_%s, sqlite %04d_%s", i+1, pg[i].Version, pg[i].Name, lite[i].Version, lite[i].Name)
		}
	}
}

func TestOpenRefusesBadURL(t *testing.T) {
	for _, u := range []string{"mysql://x", "sqlite://", "postgres://%zz", "wageguard.db", ""} {
		_, err := store.Open(context.Background(), u)
		if err == nil || ledger.ErrorCode(err) != ledger.EInvalid || !strings.Contains(err.Error(), "database URL") {
			t.Errorf("Open(%q) = %v, want a clear invalid-URL error", u, err)
		}
	}
}

func TestOpenUnreachablePostgresFailsFast(t *testing.T) {
	t.Parallel()
	start := time.Now()
	// Port 1 on loopback: nothing listens, the connection is refused at once.
	_, err := store.Open(context.Background(), "postgres://nobody:secret@127.0.0.1:1/none")
	if err == nil || !strings.Contains(err.Error(), "unable to reach database") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Fatalf("password leaked into the error: %v", err)
	}
	t.Logf("failed after %v", time.Since(start))
}

func TestMigrateIsIdempotentAndRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.SkipOnSharedDB(t, db, "records a newer schema version in the database")
		applied, err := db.Migrate(ctx)
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migrate applied %v, %v", applied, err)
		}
		if err := db.CheckSchema(ctx); err != nil {
			t.Fatalf("CheckSchema on a current database: %v", err)
		}
		v, _ := db.SchemaVersion(ctx)
		if err := db.ExecRaw(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from_the_future', 'x')", v+1); err != nil {
			t.Fatal(err)
		}
		err = db.CheckSchema(ctx)
		if err == nil || !strings.Contains(err.Error(), "migrated by a newer wageguard") {
			t.Fatalf("CheckSchema = %v", err)
		}
		if _, err := db.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "newer wageguard") {
			t.Fatalf("Migrate = %v", err)
		}
	})
}

func TestPostEntryUpdatesBalances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prj := storetest.Unique("prj_a")
		wage, fund := acct(prj, ledger.WageAccount, ""), acct(prj, ledger.OwnerFunding, "")
		owed, cost := acct(prj, ledger.WagesPayable, "enr_1"), acct(prj, ledger.LabourCost, "org_sub")
		alloc := ledger.Transfer(prj, ledger.EntryAllocation, day, period, wage, fund, 1_000_000)
		approve := ledger.Transfer(prj, ledger.EntryApproval, day, period, cost, owed, 523050)
		err := db.WithTx(ctx, func(tx *store.Tx) error {
			if err := store.PostEntry(tx, &alloc); err != nil {
				return err
			}
			return store.PostEntry(tx, &approve)
		})
		if err != nil {
			t.Fatal(err)
		}
		r := db.Reader(ctx)
		for a, want := range map[ledger.Account]ledger.Money{wage: 1_000_000, fund: -1_000_000, owed: -523050, cost: 523050} {
			got, err := store.Balance(r, a)
			if err != nil || got != want {
				t.Errorf("balance %s = %s, %v; want %s", a, got, err, want)
			}
		}
		if owedP, _ := store.PeriodBalance(r, owed, period); ledger.WagesPayable.Natural(owedP) != 523050 {
			t.Errorf("owed for %s = %s", period, owedP)
		}
		got, err := store.GetEntry(r, prj, approve.ID)
		if err != nil || len(got.Postings) != 2 || got.Postings[1].Amount != -523050 || got.EffectiveOn != day || got.Postings[0].Period != period {
			t.Fatalf("GetEntry = %+v, %v", got, err)
		}

		// A correction is a reversing entry; reversing twice is refused.
		rev := ledger.Reversal(*got, day, "wrong worker")
		if err := db.WithTx(ctx, func(tx *store.Tx) error { return store.PostEntry(tx, &rev) }); err != nil {
			t.Fatal(err)
		}
		if b, _ := store.Balance(r, owed); b != 0 {
			t.Errorf("owed after reversal = %s", b)
		}
		rev2 := ledger.Reversal(*got, day, "again")
		err = db.WithTx(ctx, func(tx *store.Tx) error { return store.PostEntry(tx, &rev2) })
		if ledger.ErrorCode(err) != ledger.EConflict || !strings.Contains(err.Error(), "already been reversed") {
			t.Fatalf("second reversal: %v", err)
		}

		// An unbalanced entry is refused and nothing is written.
		bad := ledger.Entry{ProjectID: prj, Kind: ledger.EntryAdjustment, EffectiveOn: day, Postings: []ledger.Posting{
			{Account: wage, Period: period, Amount: 5}, {Account: fund, Period: period, Amount: -4}}}
		err = db.WithTx(ctx, func(tx *store.Tx) error { return store.PostEntry(tx, &bad) })
		if ledger.ErrorCode(err) != ledger.EInvalid {
			t.Fatalf("unbalanced entry: %v", err)
		}
		rep, err := db.VerifyLedger(ctx)
		// The counts are the whole database's: on the shared cluster database,
		// other tests' entries are there too.
		if err != nil || len(rep.Discrepancies) != 0 || (!db.Dialect.IsCitus() && (rep.Entries != 3 || rep.Postings != 6)) {
			t.Fatalf("verify: %+v %v", rep, err)
		}
	})
}

func TestEntriesAreAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prj := storetest.Unique("prj_a")
		e := ledger.Transfer(prj, ledger.EntryAllocation, day, period, acct(prj, ledger.WageAccount, ""), acct(prj, ledger.OwnerFunding, ""), 100)
		if err := db.WithTx(ctx, func(tx *store.Tx) error { return store.PostEntry(tx, &e) }); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			"UPDATE ledger_postings SET amount = 999 WHERE entry_id = ?",
			"DELETE FROM ledger_postings WHERE entry_id = ?",
			"UPDATE ledger_entries SET memo = 'x' WHERE id = ?",
			"DELETE FROM ledger_entries WHERE id = ?",
		} {
			err := db.WithTx(ctx, func(tx *store.Tx) error { _, err := tx.Exec(q, e.ID); return err })
			if ledger.ErrorCode(err) != ledger.EConflict || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want append-only conflict", q, err)
			}
		}
	})
}

// Fifty transactions post to the same two accounts at once: no update may be
// lost, and no "database is locked" may reach a caller.
func TestConcurrentPostingsLoseNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prj := storetest.Unique("prj_c")
		whole := !db.Dialect.IsCitus() // the test's database is its own: whole-database counts are its own
		wage, fund := acct(prj, ledger.WageAccount, ""), acct(prj, ledger.OwnerFunding, "")
		const n = 50
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				e := ledger.Transfer(prj, ledger.EntryAllocation, day, period, wage, fund, ledger.Money(100+i))
				errs <- db.WithTx(ctx, func(tx *store.Tx) error {
					if err := store.PostEntry(tx, &e); err != nil {
						return err
					}
					_, err := store.AppendAudit(tx, store.AuditInput{Chain: prj, Actor: "test", Action: "entry.post", Subject: e.ID})
					return err
				})
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent post: %v", err)
			}
		}
		var want ledger.Money
		for i := 0; i < n; i++ {
			want += ledger.Money(100 + i)
		}
		if got, _ := store.Balance(db.Reader(ctx), wage); got != want {
			t.Fatalf("wage account = %s, want %s", got, want)
		}
		// The wage account is a hot account: its balance is spread over slots.
		var slots int
		if err := db.Get(ctx, &slots, "SELECT COUNT(*) FROM ledger_balances WHERE project_id = ? AND account_kind = 'wage_account'", prj); err != nil || slots < 2 || slots > store.BalanceSlots {
			t.Fatalf("wage account balance kept in %d slots (%v), want 2 to %d", slots, err, store.BalanceSlots)
		}
		rep, err := db.VerifyLedger(ctx)
		if err != nil || len(rep.Discrepancies) != 0 || (whole && (rep.Entries != n || rep.Accounts != 2)) {
			t.Fatalf("verify: %+v %v", rep, err)
		}
		if sealed, err := db.SealAudit(ctx); err != nil || (whole && sealed != n) {
			t.Fatalf("sealed %d of %d queued audit records: %v", sealed, n, err)
		}
		arep, err := db.VerifyAudit(ctx)
		if err != nil || len(arep.Problems) != 0 || (whole && (arep.Records != n || arep.Queued != 0)) {
			t.Fatalf("audit verify: %+v %v", arep, err)
		}
		if recs, err := db.ListAudit(ctx, store.AuditFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, Chain: prj, Limit: 2 * n}); err != nil || len(recs) != n {
			t.Fatalf("chain %s holds %d records (%v), want %d", prj, len(recs), err, n)
		}
	})
}

// dropGuards removes the append-only triggers, as a DBA tampering by hand
// would. Not on the cluster's shared database: the other tests running there
// would lose their guards (and Citus does not drop a distributed table's
// trigger), so the tests that tamper skip there.
func dropGuards(t *testing.T, db *store.DB) {
	t.Helper()
	storetest.SkipOnSharedDB(t, db, "drops the append-only guards of the whole database to tamper with it")
	ctx := context.Background()
	var stmts []string
	if db.Dialect.IsPostgres() {
		for _, tb := range []string{"ledger_entries", "ledger_postings", "audit_log"} {
			stmts = append(stmts, fmt.Sprintf("DROP TRIGGER %s_append_only ON %s", tb, tb))
		}
	} else {
		for _, tb := range []string{"ledger_entries", "ledger_postings", "audit_log"} {
			stmts = append(stmts, "DROP TRIGGER "+tb+"_no_update", "DROP TRIGGER "+tb+"_no_delete")
		}
	}
	for _, s := range stmts {
		if err := db.ExecRaw(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestVerifyLedgerNamesTampering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		wage, fund := acct("prj_t", ledger.WageAccount, ""), acct("prj_t", ledger.OwnerFunding, "")
		var ids []string
		for i := 0; i < 3; i++ {
			e := ledger.Transfer("prj_t", ledger.EntryAllocation, day, period, wage, fund, 1000)
			if err := db.WithTx(ctx, func(tx *store.Tx) error { return store.PostEntry(tx, &e) }); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		// Two enrolments owed wages (wage_months): one's month is changed,
		// the other's deleted; a third has a month but no wages or postings.
		for _, enr := range []string{"enr_a", "enr_b"} {
			e := ledger.Transfer("prj_t", ledger.EntryApproval, day, period, acct("prj_t", ledger.LabourCost, "org_e"), acct("prj_t", ledger.WagesPayable, enr), 900)
			if err := db.WithTx(ctx, func(tx *store.Tx) error { return store.PostEntry(tx, &e) }); err != nil {
				t.Fatal(err)
			}
		}
		dropGuards(t, db)
		if err := db.ExecRaw(ctx, "UPDATE wage_months SET payable = payable + 1 WHERE enrolment_id = 'enr_a'"); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, "DELETE FROM wage_months WHERE enrolment_id = 'enr_b'"); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, "INSERT INTO wage_months (project_id, period, enrolment_id, due, payable) VALUES ('prj_t', '"+period.String()+"', 'enr_c', 500, 400)"); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, "UPDATE ledger_postings SET amount = 1500 WHERE entry_id = ? AND seq = 1", ids[1]); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, "UPDATE ledger_balances SET balance = balance + 7 WHERE account_kind = 'owner_funding' AND slot = (SELECT MIN(slot) FROM ledger_balances WHERE account_kind = 'owner_funding')"); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, "DELETE FROM ledger_entries WHERE id = ?", ids[2]); err != nil {
			t.Fatal(err)
		}
		rep, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var text []string
		for _, d := range rep.Discrepancies {
			text = append(text, d.String())
		}
		all := strings.Join(text, "\n")
		for _, want := range []string{
			"entry " + ids[1] + ": postings sum to 5.00, not zero",
			"account wage_account: cached balance 30.00 differs from the sum of its postings 35.00",
			"account owner_funding: cached balance -29.93 differs from the sum of its postings -30.00",
			"entry " + ids[2] + ": has postings but the entry itself is missing",
			"wages of enrolment enr_a for " + period.String() + ": kept as due 0.00 and payable -8.99, the payrolls and postings say due 0.00 and payable -9.00",
			"wages of enrolment enr_b for " + period.String() + ": has approved wages or postings (due 0.00, payable -9.00) but no row of wages by month",
			"wages of enrolment enr_c for " + period.String() + ": has a row of wages by month (due 5.00, payable 4.00) but no approved wages or postings",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("verify report lacks %q; got:\n%s", want, all)
			}
		}
	})
}

func TestAuditChainDetectsTampering(t *testing.T) {
	cases := []struct {
		name, sql, want string
	}{
		{"changed", "UPDATE audit_log SET actor = 'mallory' WHERE chain = 'prj_x' AND seq = 3", "record 3 REC3: its content no longer matches its hash"},
		{"removed", "DELETE FROM audit_log WHERE chain = 'prj_x' AND seq = 2", "record 2 is missing"},
		{"cut off", "DELETE FROM audit_log WHERE chain = 'prj_x' AND seq = 5", "the chain head is at record 5 but the records end at 4"},
		{"reordered", "UPDATE audit_log SET seq = -3 WHERE chain = 'prj_x' AND seq = 3; UPDATE audit_log SET seq = 3 WHERE chain = 'prj_x' AND seq = 4; UPDATE audit_log SET seq = 4 WHERE chain = 'prj_x' AND seq = -3", "record 3 REC4: its prev_hash is not the hash of the record before it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				storetest.SkipOnSharedDB(t, db, "drops the append-only guards of the whole database to tamper with it")
				for i := 0; i < 5; i++ {
					err := db.WithTx(ctx, func(tx *store.Tx) error {
						_, err := store.AppendAudit(tx, store.AuditInput{Chain: "prj_x", Actor: "key_1", Action: "thing.change", Subject: fmt.Sprintf("thing_%d", i), RequestHash: ledger.SHA256Hex([]byte{byte(i)})})
						if err != nil {
							return err
						}
						_, err = store.AppendAudit(tx, store.AuditInput{Chain: ledger.OrgChain, Action: "org.change", Subject: "org"})
						return err
					})
					if err != nil {
						t.Fatal(err)
					}
				}
				if _, err := db.SealAudit(ctx); err != nil {
					t.Fatal(err)
				}
				recs, err := db.ListAudit(ctx, store.AuditFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, Chain: "prj_x"})
				if err != nil || len(recs) != 5 {
					t.Fatalf("sealed chain: %d records, %v", len(recs), err)
				}
				ids := map[int64]string{}
				for _, r := range recs {
					ids[r.Seq] = r.ID
				}
				rep, err := db.VerifyAudit(ctx)
				if err != nil || len(rep.Problems) != 0 || rep.Records != 10 || rep.Chains != 2 {
					t.Fatalf("clean chain: %+v %v", rep, err)
				}
				dropGuards(t, db)
				for _, stmt := range strings.Split(c.sql, "; ") {
					if err := db.ExecRaw(ctx, stmt); err != nil {
						t.Fatal(err)
					}
				}
				rep, err = db.VerifyAudit(ctx)
				if err != nil || len(rep.Problems) != 1 {
					t.Fatalf("after tampering: %+v %v", rep, err)
				}
				want := strings.NewReplacer("REC3", ids[3], "REC4", ids[4]).Replace(c.want)
				if got := rep.Problems[0].String(); !strings.Contains(got, want) || rep.Problems[0].Chain != "prj_x" {
					t.Fatalf("problem = %q, want it to contain %q", got, want)
				}
			})
		})
	}
}

// Audit records are queued with their change and sealed into the chain
// later. Writers and four sealers run at once: every committed record ends up
// in its chain exactly once, in a chain that verifies; a rolled-back change
// leaves no record.
func TestAuditSealersNeverForkAChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prjA, prjB := storetest.Unique("prj_a"), storetest.Unique("prj_b")
		rolledBackSubject := storetest.Unique("rolled_back")
		const writers, each = 8, 15
		var wg sync.WaitGroup
		errs := make(chan error, writers*each+100)
		stop := make(chan struct{})
		var sealers sync.WaitGroup
		for i := 0; i < 4; i++ {
			sealers.Add(1)
			go func() {
				defer sealers.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := db.SealAudit(ctx); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < each; i++ {
					chain := []string{prjA, prjB}[i%2]
					errs <- db.WithTx(ctx, func(tx *store.Tx) error {
						_, err := store.AppendAudit(tx, store.AuditInput{Chain: chain, Action: "thing.change", Subject: fmt.Sprintf("w%d_%d", w, i)})
						return err
					})
				}
			}(w)
		}
		// A change that rolls back takes its queued record with it.
		rolledBack := db.WithTx(ctx, func(tx *store.Tx) error {
			if _, err := store.AppendAudit(tx, store.AuditInput{Chain: prjA, Action: "thing.change", Subject: rolledBackSubject}); err != nil {
				return err
			}
			return ledger.Errorf(ledger.EInvalid, "the change failed")
		})
		if ledger.ErrorCode(rolledBack) != ledger.EInvalid {
			t.Fatal(rolledBack)
		}
		wg.Wait()
		close(stop)
		sealers.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		rep, err := db.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Queued > 0 { // the writers' last records may have come after the sealers stopped
			if _, err := db.SealAudit(ctx); err != nil {
				t.Fatal(err)
			}
			if rep, err = db.VerifyAudit(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if len(rep.Problems) != 0 || (!db.Dialect.IsCitus() && (rep.Records != writers*each || rep.Queued != 0 || rep.Chains != 2)) {
			t.Fatalf("after sealing: %+v", rep)
		}
		recs, err := db.ListAudit(ctx, store.AuditFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, Subject: rolledBackSubject})
		if err != nil || len(recs) != 0 {
			t.Fatalf("a rolled-back change left audit records: %+v %v", recs, err)
		}
		seen := map[string]bool{}
		for _, chain := range []string{prjA, prjB} {
			var after int64
			for {
				page, err := db.ListAudit(ctx, store.AuditFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, Chain: chain, AfterChain: chain, AfterSeq: after, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page {
					if seen[r.Subject] {
						t.Fatalf("record for %s sealed twice", r.Subject)
					}
					seen[r.Subject] = true
					after = r.Seq
				}
				if len(page) < 100 {
					break
				}
			}
		}
		if len(seen) != writers*each {
			t.Fatalf("%d distinct records in the chains, want %d", len(seen), writers*each)
		}
	})
}

// A key is claimed once, replayed for the same request and refused for
// another, both kept by scope (a request that names no project) and beside
// a project (0038). A key kept by scope (before 0038, or by a request on no
// project) is the same key on a project; the same key on another project is
// another key.
func TestIdempotencyKeyClaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		scope := storetest.Unique("key_1")
		claim := func(k store.IdemKey, hash string) (*store.IdempotentResponse, error) {
			var prev *store.IdempotentResponse
			err := db.WithTx(ctx, func(tx *store.Tx) error {
				var err error
				prev, err = store.ClaimIdempotencyKey(tx, k, hash)
				if err != nil || prev != nil {
					return err
				}
				return store.CompleteIdempotencyKey(tx, k, 201, []byte(`{"id":"`+k.Project+`"}`))
			})
			return prev, err
		}
		projectA, projectB := storetest.Unique("prj_ka"), storetest.Unique("prj_kb")
		for _, project := range []string{"", projectA} {
			k1, k2 := store.IdemKey{Project: project, Scope: scope, Key: "k-1" + project}, store.IdemKey{Project: project, Scope: scope, Key: "k-2" + project}
			if prev, err := claim(k1, "h1"); err != nil || prev != nil {
				t.Fatalf("%q: first claim: %+v %v", project, prev, err)
			}
			prev, err := claim(k1, "h1")
			if err != nil || prev == nil || prev.Status != 201 || prev.Response != `{"id":"`+project+`"}` {
				t.Fatalf("%q: replay: %+v %v", project, prev, err)
			}
			if _, err := claim(k1, "h2"); ledger.ErrorCode(err) != ledger.EConflict {
				t.Fatalf("%q: different body: %v", project, err)
			}
			if err := db.WithTx(ctx, func(tx *store.Tx) error { return store.IdempotencyKeyFree(tx, k1) }); ledger.ErrorCode(err) != ledger.EConflict {
				t.Fatalf("%q: a used key is free: %v", project, err)
			}
			// A claim rolled back with its change leaves the key free.
			err = db.WithTx(ctx, func(tx *store.Tx) error {
				if _, err := store.ClaimIdempotencyKey(tx, k2, "h"); err != nil {
					return err
				}
				return ledger.Errorf(ledger.EInvalid, "the change failed")
			})
			if ledger.ErrorCode(err) != ledger.EInvalid {
				t.Fatal(err)
			}
			err = db.WithTx(ctx, func(tx *store.Tx) error {
				p, err := store.ClaimIdempotencyKey(tx, k2, "other")
				if p != nil {
					t.Errorf("%q: rolled-back key still claimed: %+v", project, p)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		// The key kept by scope, sent on a project: replayed or refused
		// there, never claimed again.
		onA := store.IdemKey{Project: projectA, Scope: scope, Key: "k-1"}
		if prev, err := claim(onA, "h1"); err != nil || prev == nil || prev.Response != `{"id":""}` {
			t.Errorf("a key kept by scope, on a project: %+v %v", prev, err)
		}
		if _, err := claim(onA, "h2"); ledger.ErrorCode(err) != ledger.EConflict {
			t.Errorf("a key kept by scope, another request on a project: %v", err)
		}
		// The project's key on another project is another key.
		onB := store.IdemKey{Project: projectB, Scope: scope, Key: "k-1" + projectA}
		if prev, err := claim(onB, "h2"); err != nil || prev != nil {
			t.Errorf("project A's key on project B: %+v %v", prev, err)
		}
		var rows []string
		if err := db.Select(ctx, &rows, "SELECT project_id FROM project_idempotency_keys WHERE scope = ? ORDER BY project_id", scope); err != nil {
			t.Fatal(err)
		}
		if want := []string{projectA, projectA, projectB}; !slices.Equal(rows, want) {
			t.Errorf("keys kept on projects %v, want %v", rows, want)
		}
	})
}

func TestTxHasFixedNow(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 5, 1, 2, 3, 456789123, time.UTC))
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prj := storetest.Unique("prj_n")
		var rec1, rec2 time.Time
		err := db.WithTx(ctx, func(tx *store.Tx) error {
			r, err := store.AppendAudit(tx, store.AuditInput{Chain: prj, Action: "a", Subject: "s"})
			if err != nil {
				return err
			}
			rec1 = r.At
			clock.Advance(time.Hour) // the transaction's now does not move
			r, err = store.AppendAudit(tx, store.AuditInput{Chain: prj, Action: "a", Subject: "s"})
			rec2 = r.At
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !rec1.Equal(rec2) {
			t.Fatalf("two records in one tx have different times %v %v", rec1, rec2)
		}
		if _, err := db.SealAudit(ctx); err != nil {
			t.Fatal(err)
		}
		recs, err := db.ListAudit(ctx, store.AuditFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, Chain: prj})
		if err != nil || len(recs) != 2 || !recs[0].At.Equal(rec1) {
			t.Fatalf("stored: %+v %v (want at %v)", recs, err, rec1)
		}
	}, store.WithClock(clock.Now))
}

// Batches travel to PostgreSQL as array literals: text that needs quoting
// (quotes, backslashes, commas, braces, the word NULL, spaces, Chinese) must
// come back exactly as it went.
func TestBatchTextRoundTrips(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prj := storetest.Unique("prj_q")
		nasty := []string{`户名与账号不符 (card closed)`, `say "hi"`, `back\slash\`, `a,b`, `{braces}`, `NULL`, ` padded `, ``}
		var cs []*store.Confirmation
		for i, reason := range nasty {
			cs = append(cs, &store.Confirmation{ID: fmt.Sprintf("cnf_%d", i), ProjectID: prj, BankRef: fmt.Sprintf(`R"%d\`, i), ContentHash: "h",
				InstructionID: "ins_1", Status: ledger.ConfirmFailed, SettledOn: day, Reason: reason})
		}
		err := db.WithTx(ctx, func(tx *store.Tx) error {
			inserted, err := store.InsertConfirmations(tx, "org_b", cs)
			if err != nil || len(inserted) != len(cs) {
				return fmt.Errorf("inserted %d of %d: %v", len(inserted), len(cs), err)
			}
			var refs []string
			for _, c := range cs {
				refs = append(refs, c.BankRef)
			}
			got, err := store.ConfirmationsByRef(tx, prj, "org_b", refs)
			if err != nil {
				return err
			}
			for _, c := range cs {
				if g := got[c.BankRef]; g == nil || g.Reason != c.Reason {
					t.Errorf("%q came back as %+v", c.Reason, g)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// Without the audit keys a record keeps nothing of its request: the bare
// SHA-256 of method, path and body was stored, and a phone number behind its
// mask is recovered from it in 0.01 s (issue 16 #5).
func TestAuditWithoutKeysKeepsNoBareRequestHash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prj := storetest.Unique("prj_x")
		digest := ledger.SHA256Hex([]byte("POST /api/v1/projects/p/workers\n{\"phone\":\"13912348094\"}"))
		if err := db.WithTx(ctx, func(tx *store.Tx) error {
			_, err := store.AppendAudit(tx, store.AuditInput{Chain: prj, Actor: "key_1", Action: "worker.enrol", Subject: "enr_1", RequestHash: digest})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SealAudit(ctx); err != nil {
			t.Fatal(err)
		}
		var stored []string
		if err := db.Select(ctx, &stored, "SELECT request_hash FROM audit_log WHERE chain = ? UNION ALL SELECT request_hash FROM audit_queue WHERE chain = ?", prj, prj); err != nil {
			t.Fatal(err)
		}
		for _, h := range stored {
			if h != "" {
				t.Errorf("without audit keys the trail stores the request hash %q (the bare digest is %s)", h, digest)
			}
		}
		if rep, err := db.VerifyAudit(ctx); err != nil || len(rep.Problems) != 0 {
			t.Fatalf("verify: %+v, %v", rep, err)
		}
	})
}
