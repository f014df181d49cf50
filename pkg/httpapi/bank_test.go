package httpapi_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// paidSite is a site with n enrolled workers of the GC and an approved
// October payroll paying each 5000.00 + i, with the bank's key.
type paidSite struct {
	*site
	bankKey, payroll, account string
	enrs, ins                 []string
}

func newPaidSite(t *testing.T, db *store.DB, n int) *paidSite {
	s := &paidSite{site: newSite(t, db, "110105")}
	s.bankKey = s.key(s.bank, ledger.RoleBank)
	p := s.must(200, "GET", "/api/v1/projects/"+s.project, s.admin, nil).json(t)
	s.account = p["wage_account"].(map[string]any)["account_no"].(string)
	var lines []map[string]string
	for i := 0; i < n; i++ {
		e := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		s.enrs = append(s.enrs, e)
		net := fmt.Sprintf("%d.00", 5000+i)
		lines = append(lines, payLine(e, net, "0", net))
	}
	s.payroll = s.must(201, "POST", s.path("/payrolls"), s.gcKey, map[string]any{"employer_id": s.gc, "period": "2026-10", "lines": lines}).str(t, "id")
	s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.officer, nil)
	items := s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/instructions", s.gcKey, nil).json(t)["items"].([]any)
	for _, it := range items {
		s.ins = append(s.ins, it.(map[string]any)["id"].(string))
	}
	return s
}

func (s *paidSite) confirm(items ...map[string]any) []map[string]any {
	s.t.Helper()
	r := s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": items})
	var out []map[string]any
	for _, it := range r.json(s.t)["results"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func item(ins, status, amount, ref string) map[string]any {
	m := map[string]any{"instruction_id": ins, "status": status, "bank_ref": ref, "settled_on": "2026-11-10"}
	if amount != "" {
		m["amount"] = amount
	}
	if status == "failed" {
		m["reason"] = "账户已销户 (card closed)"
	}
	return m
}

func (s *paidSite) reconcile() map[string]any {
	s.t.Helper()
	return s.must(200, "GET", s.path("/reconciliation?period=2026-10"), s.gcKey, nil).json(s.t)
}

func TestBankFactsAndReconciliation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 3)
		// A confirmation before its allocation: recorded, flagged, not refused.
		res := s.confirm(item(s.ins[0], "paid", "1000.00", "B-1"))
		if res[0]["result"] != "applied" || !strings.Contains(res[0]["exception"].(string), "overdrawn") || res[0]["instruction_status"] != "partly_paid" {
			t.Fatalf("out of order: %v", res)
		}
		// The allocation arrives; a retry is already applied; the same reference with other content is a conflict.
		inflow := map[string]any{"account_no": s.account, "amount": "20000.00", "received_on": "2026-10-30", "bank_ref": "IN-1", "payer": "建设单位"}
		if r := s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, inflow).json(t); r["result"] != "applied" {
			t.Fatalf("inflow: %v", r)
		}
		if r := s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, inflow).json(t); r["result"] != "already_applied" {
			t.Fatalf("inflow retry: %v", r)
		}
		inflow["amount"] = "20000.01"
		s.must(409, "POST", "/api/v1/bank/inflows", s.bankKey, inflow)
		other := s.key(s.org(ledger.OrgBank, "110105"), ledger.RoleBank)
		inflow["amount"], inflow["bank_ref"] = "1.00", "IN-2"
		s.must(404, "POST", "/api/v1/bank/inflows", other, inflow)
		s.must(422, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "0", "received_on": "2099-01-01", "bank_ref": ""})

		// Partial payment, then the rest; more than the instruction is refused.
		res = s.confirm(item(s.ins[0], "paid", "4000.00", "B-2"), item(s.ins[0], "paid", "0.01", "B-3"), item(s.ins[1], "failed", "", "B-4"))
		if res[0]["instruction_status"] != "paid" || res[1]["result"] != "refused" || res[1]["errors"].([]any)[0].(map[string]any)["code"] != "exceeds_instruction" || res[2]["instruction_status"] != "failed" {
			t.Fatalf("partial and excess: %v", res)
		}
		// Retries and bad items, each with its own answer.
		res = s.confirm(item(s.ins[0], "paid", "4000.00", "B-2"), item(s.ins[0], "paid", "3000.00", "B-2"), item("ins_nope", "paid", "1.00", "B-9"),
			map[string]any{"instruction_id": s.ins[2], "status": "lost", "bank_ref": "B-10", "settled_on": "2026-11-10"})
		got := []string{res[0]["result"].(string), res[1]["result"].(string), res[2]["result"].(string), res[3]["result"].(string)}
		if strings.Join(got, ",") != "already_applied,refused,refused,refused" {
			t.Fatalf("retries: %v", res)
		}
		otherRes := s.must(200, "POST", "/api/v1/bank/confirmations", other, map[string]any{"items": []any{item(s.ins[2], "paid", "1.00", "X-1")}}).json(t)
		if !strings.Contains(string(jsonOfAny(otherRes)), "not_found") {
			t.Errorf("another bank confirmed our instruction: %v", otherRes)
		}

		rec := s.reconcile()
		if rec["ties_out"] != true || rec["paid"] != "5000.00" || rec["owed"] != "15003.00" || rec["unpaid"] != "10003.00" || rec["allocations"] != "20000.00" {
			t.Fatalf("reconciliation: %v", rec)
		}
		kinds := string(jsonOfAny(rec["exceptions"]))
		if !strings.Contains(kinds, "failed_not_reissued") || !strings.Contains(kinds, "account_overdrawn") {
			t.Errorf("exceptions: %s", kinds)
		}
		// The GC fixes the worker's card and re-issues; the failed instruction stays on record.
		newCard := ledger.CompleteBankCard("62148300000000555")
		s.must(200, "PATCH", s.path("/workers/"+s.enrs[1]), s.gcKey, map[string]string{"bank_card": newCard, "bank_id": s.bank})
		s.must(403, "POST", "/api/v1/instructions/"+s.ins[1]+"/reissue", s.bankKey, nil)
		// The refusal names the caller's role without a wrong article ("a admin").
		if r := s.do("POST", "/api/v1/instructions/"+s.ins[1]+"/reissue", s.bankKey, nil, "Accept-Language", "en"); !strings.Contains(string(r.Body), "this bank key may not") {
			t.Errorf("the English refusal: %s", r.Body)
		}
		re := s.must(201, "POST", "/api/v1/instructions/"+s.ins[1]+"/reissue", s.gcKey, nil).json(t)
		if re["payee_card"] != "6214 **** **** "+newCard[len(newCard)-4:] || re["amount"] != "5001.00" || re["status"] != "pending" {
			t.Fatalf("reissue: %v", re)
		}
		s.must(409, "POST", "/api/v1/instructions/"+s.ins[1]+"/reissue", s.gcKey, nil)
		pending := s.must(200, "GET", "/api/v1/bank/instructions?status=pending", s.bankKey, nil).json(t)["items"].([]any)
		var pendingIDs []string
		for _, p := range pending {
			pendingIDs = append(pendingIDs, p.(map[string]any)["id"].(string))
		}
		// The re-issued instruction and the one not yet reported: none paid,
		// failed or replaced is still waiting.
		if want := sortedStrings([]string{re["id"].(string), s.ins[2]}); strings.Join(pendingIDs, " ") != strings.Join(want, " ") {
			t.Errorf("pending at the bank: %v, want %v", pendingIDs, want)
		}
		// Paged one at a time by cursor, the same two.
		first := s.must(200, "GET", "/api/v1/bank/instructions?status=pending&limit=1", s.bankKey, nil).json(t)
		second := s.must(200, "GET", "/api/v1/bank/instructions?status=pending&limit=1&cursor="+first["next_cursor"].(string), s.bankKey, nil).json(t)
		if got := first["items"].([]any)[0].(map[string]any)["id"].(string) + " " + second["items"].([]any)[0].(map[string]any)["id"].(string); got != strings.Join(pendingIDs, " ") {
			t.Errorf("pending by pages: %s", got)
		}
		if failed := s.must(200, "GET", "/api/v1/bank/instructions?status=reissued", s.bankKey, nil).json(t)["items"].([]any); len(failed) != 1 ||
			failed[0].(map[string]any)["id"] != s.ins[1] {
			t.Errorf("reissued at the bank: %v", failed)
		}
		res = s.confirm(item(re["id"].(string), "paid", "5001.00", "B-11"), item(s.ins[2], "paid", "5002.00", "B-12"))
		if res[0]["result"] != "applied" || res[1]["result"] != "applied" {
			t.Fatalf("pay: %v", res)
		}
		// A paid wage comes back (退票): owed again.
		res = s.confirm(item(s.ins[2], "returned", "5002.00", "B-13"))
		if res[0]["instruction_status"] != "returned" {
			t.Fatalf("return: %v", res)
		}
		rec = s.reconcile()
		if rec["ties_out"] != true || rec["unpaid"] != "5002.00" || rec["paid"] != "10001.00" {
			t.Fatalf("after return: %v", rec)
		}
		// The worker's statement shows the bank's references.
		st := s.must(200, "GET", "/api/v1/workers/"+s.enrs[0]+"/statement", s.gcKey, nil).json(t)
		if st["owed"] != "5000.00" || st["paid"] != "5000.00" || st["unpaid"] != "0.00" || !strings.Contains(string(jsonOfAny(st["periods"])), "B-2") {
			t.Fatalf("statement: %v", st)
		}
		rep, err := db.VerifyLedger(context.Background())
		if err != nil || len(rep.Discrepancies) != 0 {
			t.Fatalf("ledger verify: %+v %v", rep, err)
		}
		s.must(422, "GET", s.path("/reconciliation?period=2026"), s.gcKey, nil)
	})
}

// Two hundred concurrent requests confirm overlapping items: every
// instruction is paid exactly once, the only refusals are the expected
// duplicates, and the books verify.
func TestConcurrentConfirmations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 20
		s := newPaidSite(t, db, n)
		var wg sync.WaitGroup
		var mu sync.Mutex
		counts := map[string]int{}
		for r := 0; r < 200; r++ {
			wg.Add(1)
			go func(r int) {
				defer wg.Done()
				var items []map[string]any
				for k := 0; k < 5; k++ {
					i := (r*7 + k*3) % n
					items = append(items, item(s.ins[i], "paid", fmt.Sprintf("%d.00", 5000+i), "PAY-"+s.ins[i]))
				}
				resp := s.do("POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": items})
				if resp.Status != 200 {
					t.Errorf("request %d: %d %s", r, resp.Status, resp.Body)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, it := range resp.json(t)["results"].([]any) {
					counts[it.(map[string]any)["result"].(string)]++
				}
			}(r)
		}
		wg.Wait()
		if counts["applied"] != n || counts["refused"] != 0 || counts["already_applied"] != 1000-n {
			t.Fatalf("results: %v", counts)
		}
		rd := db.Reader(context.Background())
		for _, e := range s.enrs {
			if b, _ := store.Balance(rd, ledger.Account{ProjectID: s.project, Kind: ledger.WagesPayable, Ref: e}); b != 0 {
				t.Errorf("worker %s still owed %s", e, ledger.WagesPayable.Natural(b))
			}
		}
		rep, err := db.VerifyLedger(context.Background())
		if err != nil || len(rep.Discrepancies) != 0 {
			t.Fatalf("ledger verify: %+v %v", rep, err)
		}
		if rec := s.reconcile(); rec["ties_out"] != true || rec["unpaid"] != "0.00" {
			t.Fatalf("reconciliation: %v", rec)
		}
	})
}

// Small confirmation requests that arrive while their bank's transaction is
// running go together in the next transaction, each with its own results and
// its own audit record naming its own key.
func TestSmallConfirmationsCommitTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 9
		s := newPaidSite(t, db, n+1)
		keys := []string{s.bankKey, s.key(s.bank, ledger.RoleBank)}
		ctx := context.Background()
		// Hold the first instruction's row (and, on SQLite, the write lock)
		// so that the first request's transaction waits.
		held, release, blockerDone := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			blockerDone <- db.WithTx(ctx, func(tx *store.Tx) error {
				if _, err := tx.Exec("UPDATE instruction_states SET status = status WHERE project_id = ? AND instruction_id = ?", s.project, s.ins[0]); err != nil {
					return err
				}
				close(held)
				<-release
				return nil
			})
		}()
		<-held
		type reply struct {
			i    int
			resp resp
		}
		replies := make(chan reply, n+1)
		send := func(i int) {
			resp := s.do("POST", "/api/v1/bank/confirmations", keys[i%2], map[string]any{"items": []map[string]any{
				item(s.ins[i], "paid", fmt.Sprintf("%d.00", 5000+i), fmt.Sprintf("ONE-%d", i))}})
			replies <- reply{i, resp}
		}
		go send(0)
		waitFor(t, "the first request to start its transaction", func() bool { w, a := s.svc.ConfirmationQueue(); return w == 0 && a == 1 })
		for i := 1; i <= n; i++ {
			go send(i)
		}
		waitFor(t, "nine requests to queue behind it", func() bool { w, a := s.svc.ConfirmationQueue(); return w == n && a == 1 })
		close(release)
		if err := <-blockerDone; err != nil {
			t.Fatal(err)
		}
		for k := 0; k <= n; k++ {
			r := <-replies
			if r.resp.Status != 200 {
				t.Fatalf("request %d: %d %s", r.i, r.resp.Status, r.resp.Body)
			}
			res := r.resp.json(t)["results"].([]any)
			got := res[0].(map[string]any)
			if len(res) != 1 || got["index"] != 0.0 || got["result"] != "applied" || got["instruction_id"] != s.ins[r.i] || got["bank_ref"] != fmt.Sprintf("ONE-%d", r.i) {
				t.Fatalf("request %d got results %v", r.i, res)
			}
		}
		// One audit record per request; the nine queued ones share one
		// transaction (one timestamp) and each names its own key.
		var recs []ledger.AuditRecord
		for _, it := range s.must(200, "GET", "/api/v1/audit?chain="+s.project+"&limit=1000", s.admin, nil).json(t)["items"].([]any) {
			m := it.(map[string]any)
			if m["action"] == "bank.confirmations" {
				at, _ := time.Parse(time.RFC3339Nano, m["at"].(string))
				recs = append(recs, ledger.AuditRecord{Actor: m["actor"].(string), At: at})
			}
		}
		if len(recs) != n+1 {
			t.Fatalf("%d audit records for %d requests", len(recs), n+1)
		}
		times, actors := map[time.Time]int{}, map[string]int{}
		for _, r := range recs {
			times[r.At]++
			actors[r.Actor]++
		}
		if len(times) != 2 || len(actors) != 2 {
			t.Fatalf("audit records: %d distinct times (want 2 transactions), actors %v", len(times), actors)
		}
		for a := range actors {
			id := strings.TrimPrefix(a, ledger.PrefixAPIKey+"_")
			if !strings.HasPrefix(keys[0], "wg_"+id+"_") && !strings.HasPrefix(keys[1], "wg_"+id+"_") {
				t.Fatalf("audit actor %s is neither bank key", a)
			}
		}
		if rep, err := db.VerifyLedger(ctx); err != nil || len(rep.Discrepancies) != 0 {
			t.Fatalf("ledger verify: %+v %v", rep, err)
		}
	})
}

// The same refused fact twice in one request is refused twice and recorded
// never, so the bank can send it again corrected.
func TestRepeatedRefusedItemInOneBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		over := item(s.ins[0], "paid", "9999.00", "DUP-1") // above the instruction's 5000.00
		res := s.confirm(over, over)
		for i, r := range res {
			if r["result"] != "refused" || r["errors"].([]any)[0].(map[string]any)["code"] != "exceeds_instruction" {
				t.Fatalf("item %d: %v", i, r)
			}
		}
		if r := s.confirm(item(s.ins[0], "paid", "5000.00", "DUP-1"))[0]; r["result"] != "applied" {
			t.Fatalf("the corrected fact under the same reference: %v", r)
		}
	})
}

// Well-formed facts the books cannot take are refused to the bank and kept:
// the project's reconciliation lists those about its instructions, and the
// bank lists all of its own, including those naming no instruction it holds.
func TestUnmatchedConfirmationsAreKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 2)
		over := item(s.ins[0], "paid", "9999.00", "U-1")
		res := s.confirm(
			item("ins_nosuchinstruction", "paid", "10.00", "U-0"),
			over,
			item(s.ins[1], "returned", "100.00", "U-2"),                                                                 // never paid
			map[string]any{"instruction_id": s.ins[1], "status": "lost", "bank_ref": "U-3", "settled_on": "2026-11-10"}, // malformed: kept too
		)
		var got []string
		for _, r := range res {
			got = append(got, fmt.Sprintf("%v:%v", r["result"], r["kept"]))
		}
		if want := "refused:true refused:true refused:true refused:true"; strings.Join(got, " ") != want {
			t.Fatalf("results %v, want %s", got, want)
		}
		if r := s.confirm(over)[0]; r["result"] != "refused" || r["kept"] != true { // the same fact again: kept once
			t.Fatalf("repeat: %v", r)
		}
		list := s.must(200, "GET", "/api/v1/bank/unmatched", s.bankKey, nil).json(t)["items"].([]any)
		if len(list) != 4 {
			t.Fatalf("bank's unmatched confirmations: %v", list)
		}
		byRef := map[string]map[string]any{}
		for _, u := range list {
			byRef[u.(map[string]any)["bank_ref"].(string)] = u.(map[string]any)
		}
		if u := byRef["U-0"]; u["project_id"] != nil || u["problem_code"] != "not_found" {
			t.Fatalf("unknown instruction: %v", u)
		}
		if u := byRef["U-1"]; u["project_id"] != s.project || u["problem_code"] != "exceeds_instruction" || u["amount"] != "9999.00" {
			t.Fatalf("overpayment: %v", u)
		}
		if u := byRef["U-2"]; u["problem_code"] != "not_paid" {
			t.Fatalf("return of money never paid: %v", u)
		}
		if u := byRef["U-3"]; u["project_id"] != s.project || u["problem_code"] != "malformed" || u["status"] != "unknown" || u["bank_status"] != "lost" {
			t.Fatalf("malformed fact: %v", u)
		}
		// Paging by cursor gives the same four.
		page := s.must(200, "GET", "/api/v1/bank/unmatched?limit=3", s.bankKey, nil).json(t)
		rest := s.must(200, "GET", "/api/v1/bank/unmatched?limit=3&cursor="+page["next_cursor"].(string), s.bankKey, nil).json(t)
		if len(page["items"].([]any)) != 3 || len(rest["items"].([]any)) != 1 {
			t.Fatalf("pages: %v then %v", page, rest)
		}
		rec := s.reconcile()
		var kinds []string
		for _, e := range rec["exceptions"].([]any) {
			if m := e.(map[string]any); m["kind"] == "unmatched_confirmation" {
				kinds = append(kinds, m["instruction_id"].(string)+" "+m["amount"].(string))
			}
		}
		if want := s.ins[0] + " 9999.00|" + s.ins[1] + " 0.00|" + s.ins[1] + " 100.00"; strings.Join(sortedStrings(kinds), "|") != want {
			t.Fatalf("reconciliation's unmatched confirmations %v, want %s", kinds, want)
		}
		if rec["ties_out"] != true || rec["paid"] != "0.00" {
			t.Fatalf("unmatched facts must not touch the books: %v", rec)
		}
		// Keeping a fact is a change, and audited: on the project's chain, and
		// for the unknown instruction on the organisations' chain, under the bank.
		audited := func(chain, subject, want string) {
			t.Helper()
			for _, it := range s.must(200, "GET", "/api/v1/audit?chain="+chain+"&subject="+subject, s.admin, nil).json(t)["items"].([]any) {
				if m := it.(map[string]any); m["action"] == "bank.confirmations" && strings.Contains(m["detail"].(string), want) {
					return
				}
			}
			t.Errorf("no bank.confirmations record on chain %s for %s saying %q", chain, subject, want)
		}
		audited(s.project, s.project, "0 applied, 3 refused and kept unmatched")
		audited("org", s.bank, "0 applied, 1 refused and kept unmatched")
		// Another bank sees none of them.
		other := s.key(s.org(ledger.OrgBank, "110105"), ledger.RoleBank)
		if l := s.must(200, "GET", "/api/v1/bank/unmatched", other, nil).json(t)["items"].([]any); len(l) != 0 {
			t.Fatalf("another bank sees %v", l)
		}
	})
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestReconciliationTiesOutRandomly drives random bank facts and re-issues
// and checks after each step that the reconciliation ties out to the books.
func TestReconciliationTiesOutRandomly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 8
		s := newPaidSite(t, db, n)
		rng := rand.New(rand.NewPCG(7, uint64(len(t.Name()))))
		live := append([]string{}, s.ins...)
		paid := make([]int64, n) // fen paid on the live instruction of each worker
		amount := func(i int) int64 { return int64(5000+i) * 100 }
		ref, applied, reissued := 0, 0, 0
		for step := 0; step < 60; step++ {
			i := rng.IntN(n)
			ref++
			var it map[string]any
			switch op := rng.IntN(4); {
			case op == 0 && paid[i] < amount(i):
				part := 1 + rng.Int64N(amount(i)-paid[i])
				it = item(live[i], "paid", ledger.Money(part).String(), fmt.Sprintf("R-%d", ref))
			case op == 1 && paid[i] > 0:
				back := 1 + rng.Int64N(paid[i])
				it = item(live[i], "returned", ledger.Money(back).String(), fmt.Sprintf("R-%d", ref))
			case op == 2 && paid[i] == 0:
				it = item(live[i], "failed", "", fmt.Sprintf("R-%d", ref))
			default:
				if r := s.do("POST", "/api/v1/instructions/"+live[i]+"/reissue", s.gcKey, nil); r.Status == 201 {
					// The new instruction carries what was left; count from it.
					live[i] = r.str(t, "id")
					reissued++
					paid[i] = 0
				}
			}
			if it != nil {
				res := s.confirm(it)
				if res[0]["result"] == "applied" {
					applied++
					switch it["status"] {
					case "paid":
						m, _ := ledger.ParseMoney(it["amount"].(string))
						paid[i] += int64(m)
					case "returned":
						m, _ := ledger.ParseMoney(it["amount"].(string))
						paid[i] -= int64(m)
					}
				}
			}
			rec := s.reconcile()
			if rec["ties_out"] != true {
				t.Fatalf("step %d: the reconciliation does not tie out: %v", step, rec)
			}
		}
		if applied < 15 || reissued < 1 {
			t.Fatalf("the scenario exercised too little: %d facts applied, %d re-issues", applied, reissued)
		}
		rep, err := db.VerifyLedger(context.Background())
		if err != nil || len(rep.Discrepancies) != 0 {
			t.Fatalf("ledger verify: %+v %v", rep, err)
		}
	})
}

// A bank's result file: Chinese headers, the bank's own status words, a
// payee account that does not match, a retry and a bad row.
func TestConfirmationFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 3)
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "20000.00", "received_on": "2026-10-30", "bank_ref": "IN-1"})
		v0, _ := enrolled.Load(s.enrs[0])
		card0 := v0.(map[string]any)["bank_card"].(string)
		csv := "指令编号,银行流水号,状态,金额,入账日期,失败原因,收款账号\n" +
			s.ins[0] + ",F-1,成功,5000.00,2026-11-10,," + card0 + "\n" +
			s.ins[1] + ",F-2,失败,,2026-11-10,户名与账号不符,\n" +
			s.ins[2] + ",F-3,成功,5002.00,2026-11-10,," + card0 + "\n" + // someone else's card
			s.ins[0] + ",F-1,成功,5000.00,2026-11-10,," + card0 + "\n" + // the same fact again
			s.ins[2] + ",F-4,lost,5002.00,2026-11-10,,\n"
		r := s.upload("/api/v1/bank/confirmations", s.bankKey, "results.csv", []byte(csv))
		if r.Status != 200 {
			t.Fatalf("file: %d %s", r.Status, r.Body)
		}
		var got []string
		for _, it := range r.json(t)["results"].([]any) {
			m := it.(map[string]any)
			code := ""
			if errs, ok := m["errors"].([]any); ok {
				code = ":" + errs[0].(map[string]any)["code"].(string)
			}
			got = append(got, fmt.Sprintf("%v:%s%s", m["row"], m["result"], code))
		}
		want := "2:applied 3:applied 4:refused:payee_mismatch 5:already_applied 6:refused:unknown"
		if strings.Join(sortedStrings(got), " ") != want {
			t.Fatalf("results %v, want %s", got, want)
		}
		if rec := s.reconcile(); rec["ties_out"] != true || rec["paid"] != "5000.00" {
			t.Fatalf("reconciliation: %v", rec)
		}
	})
}

// A file bigger than one batch is applied a batch at a time, two at once,
// with the results of a strictly sequential run: here batches of two rows,
// where each of two batches returns or re-pays an instruction the batch
// before it paid or returned.
func TestConfirmationFileInBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 6)
		s.svc.FileBatchRows = 2
		row := func(i int, ref, status string) string {
			return fmt.Sprintf("%s,%s,%s,%d.00,2026-11-10,,\n", s.ins[i], ref, status, 5000+i)
		}
		csv := "指令编号,银行流水号,状态,金额,入账日期,失败原因,收款账号\n" +
			row(0, "B-1", "成功") + row(1, "B-2", "成功") + // batch 1
			row(0, "B-3", "退票") + row(2, "B-4", "成功") + // batch 2: returns what batch 1 paid, so waits for it
			row(0, "B-5", "成功") + row(3, "B-6", "成功") + // batch 3: pays it again
			row(4, "B-7", "成功") + row(5, "B-8", "成功") + // batch 4: no overlap, runs beside batch 3
			row(1, "B-9", "成功") // batch 5: already paid in full
		for round := 0; round < 2; round++ {
			r := s.upload("/api/v1/bank/confirmations", s.bankKey, "results.csv", []byte(csv))
			if r.Status != 200 {
				t.Fatalf("file: %d %s", r.Status, r.Body)
			}
			var got []string
			for _, it := range r.json(t)["results"].([]any) {
				m := it.(map[string]any)
				got = append(got, fmt.Sprintf("%v:%s", m["row"], m["result"]))
			}
			want := "2:applied 3:applied 4:applied 5:applied 6:applied 7:applied 8:applied 9:applied 10:refused"
			if round == 1 { // the same file again: every fact is on record
				want = "2:already_applied 3:already_applied 4:already_applied 5:already_applied 6:already_applied 7:already_applied 8:already_applied 9:already_applied 10:refused"
			}
			if strings.Join(got, " ") != want {
				t.Fatalf("round %d: results %v, want %s", round, got, want)
			}
		}
		if rec := s.reconcile(); rec["ties_out"] != true || rec["unpaid"] != "0.00" {
			t.Fatalf("reconciliation: %v", rec)
		}
		if rep, err := db.VerifyLedger(context.Background()); err != nil || len(rep.Discrepancies) != 0 {
			t.Fatalf("ledger verify: %+v %v", rep, err)
		}
	})
}

func sortedStrings(xs []string) []string {
	out := append([]string{}, xs...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
