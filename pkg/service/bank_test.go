package service_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A batch whose writes fail part-way leaves nothing behind: no confirmation,
// no flag, no instruction state, no entry, no audit record.
func TestConfirmationBatchIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newBankSite(t, db, 1, 3)
		ins := s.ins[0]
		entries, pending := s.count("ledger_entries"), s.count("pending_instructions")
		// The batch's refused fact cannot be kept: its last writes fail,
		// after its confirmations, flags and states are written.
		if err := db.ExecRaw(context.Background(), "DROP TABLE unmatched_confirmations"); err != nil {
			t.Fatal(err)
		}
		over := paid(ins[0], "OVER")
		over.Amount++
		_, err := s.svc.RecordConfirmations(s.caller("key_bank"), s.bank, []ledger.ConfirmationItem{
			paid(ins[0], "A-1"), paid(ins[1], "A-2"), over,
			{InstructionID: ins[2].ID, Status: ledger.ConfirmFailed, BankRef: "A-3", SettledOn: ledger.NewDate(2026, 11, 10), Reason: "card closed"},
		})
		if err == nil {
			t.Fatal("the batch succeeded without somewhere to keep its refused fact")
		}
		if n := s.count("bank_confirmations"); n != 0 {
			t.Errorf("%d confirmations recorded", n)
		}
		if n := s.count("ledger_entries"); n != entries {
			t.Errorf("%d entries, %d before", n, entries)
		}
		if n := s.count("pending_instructions"); n != pending {
			t.Errorf("%d instructions pending, %d before", n, pending)
		}
		for _, in := range ins {
			if now := s.instruction(in.ID); now.Status != ledger.InstructionPending || now.PaidAmount != 0 {
				t.Errorf("instruction %s is %s, %s paid", in.ID, now.Status, now.PaidAmount)
			}
		}
		if recs := s.confirmationAudits(s.projects[0]); len(recs) != 0 {
			t.Errorf("audit records of a batch that failed: %v", recs)
		}
		s.verifyBooks()
	})
}

// When another transaction changes an instruction after a batch read it,
// the batch runs again and is decided from the new state: here a second
// payment of an instruction the first paid meanwhile is refused, not paid
// twice. (On PostgreSQL the second transaction reads the instruction before
// the first commits and its conditional update finds the state changed; on
// SQLite it waits for the database before it reads.)
func TestConfirmationRetriesFromFreshState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newBankSite(t, db, 1, 1)
		in := s.ins[0][0]
		held, release, first := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			first <- db.WithTx(s.caller("key_first"), func(tx *store.Tx) error {
				res, err := s.svc.RecordConfirmations(tx.Ctx(), s.bank, []ledger.ConfirmationItem{paid(in, "FIRST")})
				if err == nil && res[0].Result != ledger.Applied {
					err = fmt.Errorf("first payment: %+v", res[0])
				}
				close(held)
				if err == nil {
					<-release
				}
				return err
			})
		}()
		<-held
		type outcome struct {
			res []service.ItemResult
			err error
		}
		second := make(chan outcome, 1)
		go func() {
			res, err := s.svc.RecordConfirmations(s.caller("key_second"), s.bank, []ledger.ConfirmationItem{paid(in, "SECOND")})
			second <- outcome{res, err}
		}()
		waitUntil(t, "the second batch's transaction to start", func() bool { _, applying := s.svc.ConfirmationQueue(); return applying == 1 })
		if db.Dialect.IsPostgres() {
			waitUntil(t, "the second batch to wait for the instruction's row", func() bool {
				var n []int
				err := db.Select(context.Background(), &n, "SELECT COUNT(*) FROM pg_locks WHERE NOT granted")
				return err == nil && n[0] > 0
			})
		}
		close(release)
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		got := <-second
		if got.err != nil {
			t.Fatal(got.err)
		}
		if r := got.res[0]; r.Result != ledger.Refused || r.Errors[0].Code != string(ledger.RefuseExceedsInstruction) || !r.Kept {
			t.Fatalf("second payment: %+v", r)
		}
		if now := s.instruction(in.ID); now.Status != ledger.InstructionPaid || now.PaidAmount != in.Amount {
			t.Fatalf("instruction %s, %s paid of %s", now.Status, now.PaidAmount, in.Amount)
		}
		if n, kept := s.count("bank_confirmations"), s.count("unmatched_confirmations"); n != 1 || kept != 1 {
			t.Fatalf("%d confirmations and %d kept, want 1 and 1", n, kept)
		}
		s.verifyBooks()
	})
}

// Each batch writes one audit record per project whose books it changed or
// that keeps one of its refused facts, counting both; facts naming no
// instruction of the bank are recorded on the organisations' chain.
func TestConfirmationAuditPerProject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newBankSite(t, db, 2, 2)
		over := paid(s.ins[0][0], "OVER")
		over.Amount++
		batch := []ledger.ConfirmationItem{
			paid(s.ins[0][0], "P0-1"), paid(s.ins[0][1], "P0-2"), over, // two applied and one kept on the first project
			paid(s.ins[1][0], "P1-1"), // one applied on the second
			{InstructionID: "ins_nosuch", Status: ledger.ConfirmPaid, Amount: 100, BankRef: "X-1", SettledOn: ledger.NewDate(2026, 11, 10)}, // kept under the bank
			{InstructionID: s.ins[1][1].ID, Status: "lost", BankRef: "X-2", SettledOn: ledger.NewDate(2026, 11, 10)},                        // malformed: kept on the second
		}
		res, err := s.svc.RecordConfirmations(s.caller("key_audit"), s.bank, batch)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res {
			got = append(got, fmt.Sprintf("%s:%v", r.Result, r.Kept))
		}
		if want := "applied:false applied:false refused:true applied:false refused:true refused:true"; strings.Join(got, " ") != want {
			t.Fatalf("results %v, want %s", got, want)
		}
		want := map[string]string{
			s.projects[0]:   "key_audit: 2 applied, 1 refused and kept unmatched",
			s.projects[1]:   "key_audit: 1 applied, 1 refused and kept unmatched",
			ledger.OrgChain: "key_audit: 0 applied, 1 refused and kept unmatched",
		}
		for chain, w := range want {
			if recs := s.confirmationAudits(chain); strings.Join(recs, "|") != w {
				t.Errorf("chain %s: %v, want %s", chain, recs, w)
			}
		}
		// Sent again, the batch changes no books: each project that keeps
		// a fact of it (already kept: kept once) gets a record saying so.
		if _, err := s.svc.RecordConfirmations(s.caller("key_audit"), s.bank, batch); err != nil {
			t.Fatal(err)
		}
		if recs := s.confirmationAudits(s.projects[1]); len(recs) != 2 || recs[1] != "key_audit: 0 applied, 1 refused and kept unmatched" {
			t.Errorf("second project after the retry: %v", recs)
		}
		if recs := s.confirmationAudits(s.projects[0]); len(recs) != 2 || recs[1] != "key_audit: 0 applied, 1 refused and kept unmatched" {
			t.Errorf("first project after the retry: %v", recs)
		}
	})
}

// Small requests that arrive while their bank's transaction runs are
// applied together in the next one, in arrival order, and each gets its own
// results and its own audit record naming its own key.
func TestSmallRequestsCoalesce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 6
		s := newBankSite(t, db, 1, n)
		ins := s.ins[0]
		// The first request's transaction waits for the last instruction.
		release := s.holdInstruction(s.projects[0], ins[n-1].ID)
		type reply struct {
			req int
			res []service.ItemResult
			err error
		}
		replies := make(chan reply, n+1)
		send := func(req int, it ledger.ConfirmationItem) {
			res, err := s.svc.RecordConfirmations(s.caller(fmt.Sprintf("key_%d", req)), s.bank, []ledger.ConfirmationItem{it})
			replies <- reply{req, res, err}
		}
		go send(0, paid(ins[n-1], "REQ-0"))
		waitUntil(t, "the first request's transaction to start", func() bool { w, a := s.svc.ConfirmationQueue(); return w == 0 && a == 1 })
		// Requests 1 … n-1 pay instructions 0 … n-2; request n pays
		// instruction 0 again under another reference.
		for r := 1; r < n; r++ {
			go send(r, paid(ins[r-1], fmt.Sprintf("REQ-%d", r)))
		}
		go send(n, paid(ins[0], fmt.Sprintf("REQ-%d", n)))
		waitUntil(t, "the other requests to queue", func() bool { w, a := s.svc.ConfirmationQueue(); return w == n && a == 1 })
		release()
		outcomes := map[string]string{} // key → result
		twice := 0                      // requests 1 and n pay the same instruction: one is applied
		for k := 0; k <= n; k++ {
			r := <-replies
			if r.err != nil || len(r.res) != 1 {
				t.Fatalf("request %d: %v %v", r.req, r.res, r.err)
			}
			got, ref := r.res[0], fmt.Sprintf("REQ-%d", r.req)
			if got.Index != 0 || got.BankRef != ref {
				t.Fatalf("request %d got the result of another: %+v", r.req, got)
			}
			outcomes[fmt.Sprintf("key_%d", r.req)] = string(got.Result)
			if r.req == 1 || r.req == n {
				if got.Result == ledger.Applied {
					twice++
				} else if got.Errors[0].Code != string(ledger.RefuseExceedsInstruction) {
					t.Fatalf("request %d: %+v", r.req, got)
				}
				continue
			}
			if got.Result != ledger.Applied {
				t.Fatalf("request %d: %+v", r.req, got)
			}
		}
		if twice != 1 {
			t.Fatalf("instruction 0 was paid by %d requests", twice)
		}
		// One record per request, each under its own key, saying what its
		// own request did.
		recs := s.confirmationAudits(s.projects[0])
		sort.Strings(recs)
		var want []string
		for key, result := range outcomes {
			if result == string(ledger.Applied) {
				want = append(want, key+": 1 applied, 0 refused and kept unmatched")
			} else {
				want = append(want, key+": 0 applied, 1 refused and kept unmatched")
			}
		}
		sort.Strings(want)
		if strings.Join(recs, "|") != strings.Join(want, "|") {
			t.Fatalf("audit records\n%s\nwant\n%s", strings.Join(recs, "\n"), strings.Join(want, "\n"))
		}
		s.verifyBooks()
	})
}

// A fact sent again next to a new one is found on record while the batch is
// written, and the batch is decided again knowing it: here the new return
// is more than was paid once the payment is not counted twice, so it is
// refused, and it is not left on record.
func TestResentFactIsDecidedFromTheRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newBankSite(t, db, 1, 1)
		in := s.ins[0][0] // 5000.00
		part := paid(in, "PAY")
		part.Amount = ledger.MustMoney("2000.00")
		if res, err := s.svc.RecordConfirmations(s.caller("key_bank"), s.bank, []ledger.ConfirmationItem{part}); err != nil || res[0].Result != ledger.Applied {
			t.Fatalf("payment: %v %v", res, err)
		}
		back := ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmReturned, Amount: ledger.MustMoney("3000.00"), BankRef: "BACK", SettledOn: ledger.NewDate(2026, 11, 12)}
		res, err := s.svc.RecordConfirmations(s.caller("key_bank"), s.bank, []ledger.ConfirmationItem{part, back})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Result != ledger.AlreadyApplied || res[0].Status != ledger.InstructionPartlyPaid ||
			res[1].Result != ledger.Refused || res[1].Errors[0].Code != string(ledger.RefuseNotPaid) || !res[1].Kept {
			t.Fatalf("results: %+v", res)
		}
		if n := s.count("bank_confirmations"); n != 1 {
			t.Fatalf("%d confirmations on record, want the payment alone", n)
		}
		// The bank corrects the return under the same reference: it is new to
		// the books. All that was paid came back, but the bank still holds the
		// other 3000.00: partly paid, not returned, which would be re-issued
		// whole beside the bank's own payment of its 3000.00.
		back.Amount = part.Amount
		res, err = s.svc.RecordConfirmations(s.caller("key_bank"), s.bank, []ledger.ConfirmationItem{back})
		if err != nil || res[0].Result != ledger.Applied || res[0].Status != ledger.InstructionPartlyPaid {
			t.Fatalf("corrected return: %+v %v", res, err)
		}
		s.verifyBooks()
	})
}

// When the transaction that small requests share fails, none of them
// changed anything, and each is applied again alone: only the request the
// database fails on gets the error, and the clean ones are stored (issue 16
// #9: one bad request took 24 of 155 clean concurrent ones down with it;
// before the fix every clean request here failed beside the bad one). The
// database really fails: without unmatched_confirmations, a transaction
// holding a refused fact cannot keep it.
func TestCoalescedRequestFailsAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 9 // requests queued behind the first: n-1 clean, one bad
		s := newBankSite(t, db, 1, n+1)
		ins := s.ins[0]
		if err := db.ExecRaw(context.Background(), "DROP TABLE unmatched_confirmations"); err != nil {
			t.Fatal(err)
		}
		release := s.holdInstruction(s.projects[0], ins[n].ID)
		type reply struct {
			ref string
			err error
		}
		replies := make(chan reply, n+1)
		send := func(it ledger.ConfirmationItem) {
			_, err := s.svc.RecordConfirmations(s.caller("key_bank"), s.bank, []ledger.ConfirmationItem{it})
			replies <- reply{it.BankRef, err}
		}
		go send(paid(ins[n], "FIRST"))
		waitUntil(t, "the first request's transaction to start", func() bool { w, a := s.svc.ConfirmationQueue(); return w == 0 && a == 1 })
		for i := 0; i < n-1; i++ {
			go send(paid(ins[i], fmt.Sprintf("OK-%d", i)))
		}
		// This one's fact is refused, and the shared transaction fails on it.
		over := paid(ins[n-1], "OVER")
		over.Amount++
		go send(over)
		waitUntil(t, "the others to queue", func() bool { w, a := s.svc.ConfirmationQueue(); return w == n && a == 1 })
		release()
		lost := 0
		for k := 0; k <= n; k++ {
			r := <-replies
			switch {
			case r.ref == "OVER" && r.err == nil:
				t.Errorf("the request the database fails on succeeded")
			case r.ref != "OVER" && r.err != nil:
				lost++
				t.Errorf("clean request %s: %v", r.ref, r.err)
			}
		}
		t.Logf("clean requests lost beside the failing one: %d of %d", lost, n)
		if c := s.count("bank_confirmations"); c != n {
			t.Fatalf("%d confirmations on record, want the %d clean requests'", c, n)
		}
		for i, in := range ins[:n] {
			want := ledger.InstructionPaid
			if i == n-1 {
				want = ledger.InstructionPending
			}
			if now := s.instruction(in.ID); now.Status != want {
				t.Errorf("instruction %d is %s, want %s", i, now.Status, want)
			}
		}
		s.verifyBooks()
	})
}

// A batch big enough to be written by COPY on PostgreSQL that replays facts
// already on record among new ones: part payments, which the instructions'
// state alone does not show to be on record (another part payment of the
// same size would fit), so the batch is decided as new and its COPY meets
// the recorded references. The COPY is undone, the batch written skipping
// them (store.InsertConfirmations), and the bank gets exactly what it got
// before COPY: the replays already applied, the new facts applied, every
// payment posted once, the books in balance.
func TestBigBatchReplayingRecordedFacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 240 // above the store's COPY threshold
		s := newBankSite(t, db, 1, n)
		ins := s.ins[0]
		part := func(in store.Instruction) ledger.ConfirmationItem {
			c := paid(in, "PART-"+in.ID)
			c.Amount = ledger.MustMoney("2000.00")
			return c
		}
		var first []ledger.ConfirmationItem
		for _, in := range ins[:10] {
			first = append(first, part(in))
		}
		if res, err := s.svc.RecordConfirmations(s.caller("key_bank"), s.bank, first); err != nil || res[0].Result != ledger.Applied {
			t.Fatalf("part payments: %v %v", res, err)
		}
		entries, confirmations := s.count("ledger_entries"), s.count("bank_confirmations")
		batch := append([]ledger.ConfirmationItem{}, first...) // replayed, then each other instruction paid in full
		for _, in := range ins[10:] {
			batch = append(batch, paid(in, "FULL-"+in.ID))
		}
		res, err := s.svc.RecordConfirmations(s.caller("key_bank"), s.bank, batch)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			want, status := ledger.Applied, ledger.InstructionPaid
			if i < len(first) {
				want, status = ledger.AlreadyApplied, ledger.InstructionPartlyPaid
			}
			if r.Result != want || r.Status != status {
				t.Fatalf("item %d: %+v, want %s and %s", i, r, want, status)
			}
		}
		if got := s.count("bank_confirmations"); got != confirmations+n-10 {
			t.Fatalf("%d confirmations on record, want %d", got, confirmations+n-10)
		}
		if got := s.count("ledger_entries"); got != entries+n-10 {
			t.Errorf("%d entries, want %d: a replay posted again, or a new fact not at all", got, entries+n-10)
		}
		for i, in := range ins {
			want := in.Amount
			if i < 10 {
				want = ledger.MustMoney("2000.00")
			}
			if now := s.instruction(in.ID); now.PaidAmount != want {
				t.Fatalf("instruction %s: %s paid, want %s", in.ID, now.PaidAmount, want)
			}
		}
		s.verifyBooks()
	})
}
