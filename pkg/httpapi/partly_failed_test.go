package httpapi_test

import (
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The unpaid rest of a partly paid instruction the bank then failed is owed,
// shown failed in the reconciliation, and re-issued as an instruction of its
// own for that rest (issue 11, item 3; REG Art. 31). On main the instruction
// stayed partly_paid, the reconciliation showed nothing failed, and the
// re-issue was refused.
func TestPartlyFailedRestIsReissued(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 2)
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "20000.00", "received_on": "2026-10-30", "bank_ref": "IN-1"})
		res := s.confirm(item(s.ins[0], "paid", "2000.00", "PF-1"), item(s.ins[0], "failed", "", "PF-2"))
		if res[0]["instruction_status"] != "partly_paid" || res[1]["instruction_status"] != "partly_failed" {
			t.Fatalf("partial then failed: %v", res)
		}
		rec := s.reconcile()
		if rec["failed"] != "3000.00" || rec["paid"] != "2000.00" || rec["ties_out"] != true {
			t.Fatalf("reconciliation with the rest failed: %v", rec)
		}
		if n := countExceptions(rec, "partly_failed_not_reissued"); n != 1 {
			t.Errorf("exceptions: %v", rec["exceptions"])
		}
		for _, w := range rec["workers"].([]any) {
			if m := w.(map[string]any); m["enrolment_id"] == s.enrs[0] && (m["status"] != "failed" || m["failed"] != "3000.00") {
				t.Errorf("worker: %v", m)
			}
		}
		re := s.must(201, "POST", "/api/v1/instructions/"+s.ins[0]+"/reissue", s.gcKey, nil).json(t)
		if re["amount"] != "3000.00" || re["status"] != "pending" {
			t.Fatalf("re-issue of the rest: %v", re)
		}
		s.must(409, "POST", "/api/v1/instructions/"+s.ins[0]+"/reissue", s.gcKey, nil)
		rec = s.reconcile()
		if rec["failed"] != "0.00" || rec["paid"] != "2000.00" || countExceptions(rec, "partly_failed_not_reissued") != 0 || rec["ties_out"] != true {
			t.Fatalf("after the re-issue: %v", rec)
		}
		if r := s.confirm(item(re["id"].(string), "paid", "3000.00", "PF-3"))[0]; r["instruction_status"] != "paid" {
			t.Fatalf("paying the re-issued rest: %v", r)
		}
		rec = s.reconcile()
		for _, w := range rec["workers"].([]any) {
			if m := w.(map[string]any); m["enrolment_id"] == s.enrs[0] && (m["status"] != "paid" || m["paid"] != "5000.00") {
				t.Errorf("worker once the rest is paid: %v", m)
			}
		}
		// A partly paid instruction whose rest is still with the bank is not re-issued.
		s.confirm(item(s.ins[1], "paid", "1.00", "PF-4"))
		s.must(409, "POST", "/api/v1/instructions/"+s.ins[1]+"/reissue", s.gcKey, nil)
	})
}

// A returned instruction as it really stands: the store reads what came
// back from its confirmations (ledger.InstructionState.Returned), so a later
// payment of part of it, in a batch of its own, leaves it partly failed,
// the rest owed and re-issuable, never partly paid and stranded (review of
// issue 10, item 1).
func TestReturnedThenPartlyPaidIsPartlyFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "20000.00", "received_on": "2026-10-30", "bank_ref": "IN-1"})
		if r := s.confirm(item(s.ins[0], "paid", "5000.00", "RP-1"))[0]; r["instruction_status"] != "paid" {
			t.Fatalf("paid: %v", r)
		}
		if r := s.confirm(item(s.ins[0], "returned", "5000.00", "RP-2"))[0]; r["instruction_status"] != "returned" {
			t.Fatalf("returned: %v", r)
		}
		if r := s.confirm(item(s.ins[0], "paid", "2000.00", "RP-3"))[0]; r["instruction_status"] != "partly_failed" {
			t.Fatalf("part of a returned instruction paid: %v", r)
		}
		re := s.must(201, "POST", "/api/v1/instructions/"+s.ins[0]+"/reissue", s.gcKey, nil).json(t)
		if re["amount"] != "3000.00" || re["status"] != "pending" {
			t.Fatalf("re-issue of the rest: %v", re)
		}
	})
}

// All that was paid coming back while the bank holds the rest leaves the
// instruction partly paid with 0.00 paid: not re-issuable, for the bank may
// still pay the rest. Once it does, the part that came back is partly
// failed and re-issued (ledger.ApplyConfirmation,
// TestAllPaidBackWhileTheBankHoldsTheRest).
func TestAllPaidBackWhileTheBankHoldsTheRestOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "20000.00", "received_on": "2026-10-30", "bank_ref": "IN-1"})
		if r := s.confirm(item(s.ins[0], "paid", "30.00", "AB-1"))[0]; r["instruction_status"] != "partly_paid" {
			t.Fatalf("30.00 paid: %v", r)
		}
		if r := s.confirm(item(s.ins[0], "returned", "30.00", "AB-2"))[0]; r["instruction_status"] != "partly_paid" {
			t.Fatalf("the 30.00 came back while the bank holds the rest: %v", r)
		}
		s.must(409, "POST", "/api/v1/instructions/"+s.ins[0]+"/reissue", s.gcKey, nil)
		if r := s.confirm(item(s.ins[0], "paid", "4970.00", "AB-3"))[0]; r["instruction_status"] != "partly_failed" {
			t.Fatalf("the bank paid the rest: %v", r)
		}
		re := s.must(201, "POST", "/api/v1/instructions/"+s.ins[0]+"/reissue", s.gcKey, nil).json(t)
		if re["amount"] != "30.00" || re["status"] != "pending" {
			t.Fatalf("re-issue of what came back: %v", re)
		}
	})
}
