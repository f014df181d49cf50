package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// wageInstruction is the wage account's pending instruction for a worker
// and period, as the wage account's bank lists it.
func (s *arrears) wageInstruction(enr, period string) map[string]any {
	s.t.Helper()
	for _, it := range s.must(200, "GET", "/api/v1/bank/instructions?status=pending", s.bankKey, nil).json(s.t)["items"].([]any) {
		if in := it.(map[string]any); in["enrolment_id"] == enr && in["period"] == period && in["paid_from"] == nil {
			return in
		}
	}
	return nil
}

// confirmOne has key's bank report one result; it returns the item's result.
func (s *arrears) confirmOne(key, instructionID, status, amount, ref string) map[string]any {
	s.t.Helper()
	return s.must(200, "POST", "/api/v1/bank/confirmations", key, map[string]any{"items": []map[string]any{{"instruction_id": instructionID,
		"status": status, "amount": amount, "bank_ref": ref, "settled_on": "2026-11-02"}}}).json(s.t)["results"].([]any)[0].(map[string]any)
}

// TestDrawdownSupersedesTheWageAccountsInstructions: a drawdown pays A's
// August wage and part of September's. The wage account's instructions for
// them can no longer be paid: whether the wage account's bank reports its
// payment before or after the drawdown's issuer, the payment is refused as
// superseded and kept as an unmatched confirmation, and the wage is settled
// once. What the drawdown leaves of September's instruction stays payable. A
// wage the wage account's bank paid before the drawdown is not owed and
// cannot be drawn.
func TestDrawdownSupersedesTheWageAccountsInstructions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newArrears(t, db)
		aug, sep, bSep := s.wageInstruction(s.a, "2026-08"), s.wageInstruction(s.a, "2026-09"), s.wageInstruction(s.b, "2026-09")
		if aug == nil || sep == nil || bSep == nil {
			t.Fatal("the wage account's instructions are not pending")
		}
		// Paid by the wage account first: B's September is no longer owed.
		if r := s.confirmOne(s.bankKey, bSep["id"].(string), "paid", "5500.00", "W-B-09"); r["result"] != "applied" {
			t.Fatalf("B's wage: %v", r)
		}
		if r := s.draw(s.inspectorKey, s.letter, "100.00", "D-B", s.b, "100.00"); r.Status != 422 || errorsOf(t, r)[0] != "0:payees[0].enrolment_id:not_owed" {
			t.Errorf("a drawdown of a wage already paid: %d %s", r.Status, r.Body)
		}
		r := s.draw(s.inspectorKey, s.letter, "8000.00", "D-A", s.a, "8000.00")
		if r.Status != 201 {
			t.Fatalf("drawdown: %d %s", r.Status, r.Body)
		}
		// August is wholly superseded: the bank no longer lists it; September keeps ¥3,000 to pay.
		if s.wageInstruction(s.a, "2026-08") != nil {
			t.Error("a superseded instruction is still listed as pending")
		}
		if got := s.wageInstruction(s.a, "2026-09"); got == nil || got["superseded_amount"] != "2500.00" || got["status"] != "pending" {
			t.Errorf("September's instruction: %v", got)
		}
		// The bank file asks the wage account's bank for September's rest only.
		file := string(s.must(200, "GET", "/api/v1/payrolls/"+sep["payroll_id"].(string)+"/instructions", s.bankKey, nil, "Accept", "text/csv").Body)
		for _, row := range strings.Split(file, "\n") {
			if strings.Contains(row, sep["id"].(string)) && (!strings.Contains(row, "3000.00") || strings.Contains(row, "5500.00")) {
				t.Errorf("September's line in the bank file: %s", row)
			}
		}
		if !strings.Contains(file, sep["id"].(string)) {
			t.Errorf("September's line is missing from the bank file:\n%s", file)
		}
		// The wage account's bank pays August after the drawdown was issued, before its issuer confirms.
		before := s.confirmOne(s.bankKey, aug["id"].(string), "paid", "5500.00", "W-A-09")
		if before["result"] != "refused" || before["kept"] != true || errorsOf2(before) != "instruction_id:superseded" {
			t.Errorf("August paid by the wage account after the drawdown: %v", before)
		}
		// All of September is refused; what is left of it applies.
		if r := s.confirmOne(s.bankKey, sep["id"].(string), "paid", "5500.00", "W-A-10"); r["result"] != "refused" || r["kept"] != true {
			t.Errorf("September paid in full: %v", r)
		}
		if r := s.confirmOne(s.bankKey, sep["id"].(string), "paid", "3000.00", "W-A-10b"); r["result"] != "applied" || r["instruction_status"] != "superseded" {
			t.Errorf("September's rest: %v", r)
		}
		s.confirmPaid(s.otherBankKey, r.json(t)["instructions"].([]any))
		// The wage account's bank pays August again after the drawdown was confirmed.
		after := s.confirmOne(s.bankKey, aug["id"].(string), "paid", "5500.00", "W-A-09b")
		if after["result"] != "refused" || after["kept"] != true || errorsOf2(after) != "instruction_id:superseded" {
			t.Errorf("August paid by the wage account after the drawdown was paid: %v", after)
		}
		if s.owed(s.a, "2026-08") != 0 || s.owed(s.a, "2026-09") != 0 || s.owed(s.b, "2026-09") != 0 {
			t.Errorf("owed: A Aug %s, A Sep %s, B Sep %s", s.owed(s.a, "2026-08"), s.owed(s.a, "2026-09"), s.owed(s.b, "2026-09"))
		}
		if paid := s.balance(ledger.WageAccount, ""); paid != -ledger.MustMoney("8500.00") {
			t.Errorf("the wage account paid %s, want B's 5,500 and A's September rest 3,000", -paid)
		}
		kept := map[string]string{}
		for _, u := range s.must(200, "GET", "/api/v1/bank/unmatched", s.bankKey, nil).json(t)["items"].([]any) {
			u := u.(map[string]any)
			kept[u["bank_ref"].(string)] = u["problem_code"].(string)
		}
		if kept["W-A-09"] != "superseded" || kept["W-A-09b"] != "superseded" || kept["W-A-10"] != "superseded" || len(kept) != 3 {
			t.Errorf("kept unmatched: %v", kept)
		}
		// A superseded instruction is not re-issued: the drawdown pays it.
		s.must(409, "POST", "/api/v1/instructions/"+aug["id"].(string)+"/reissue", s.gcKey, nil)
		rep, err := db.VerifyLedger(context.Background())
		if err != nil || len(rep.Discrepancies) > 0 {
			t.Errorf("ledger verify: %+v %v", rep, err)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// errorsOf2 is an item result's first error as field:code.
func errorsOf2(r map[string]any) string {
	errs, _ := r["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	e := errs[0].(map[string]any)
	return e["field"].(string) + ":" + e["code"].(string)
}

// TestFailedDrawdownIsBackInTheCover: a drawdown instruction the issuer
// fails takes nothing from the guarantee, at once: its amount counts
// towards the cover again, its arrears can be drawn again, and it is not
// re-issued (which would pay them twice).
func TestFailedDrawdownIsBackInTheCover(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newArrears(t, db)
		ins := s.must(201, "POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.inspectorKey, map[string]any{"amount": "8000.00", "decision_ref": "D-1",
			"payees": []map[string]string{{"enrolment_id": s.a, "amount": "8000.00"}}}).json(t)["instructions"].([]any)
		aug := ins[0].(map[string]any) // August's 5,500
		cash := func() map[string]any {
			for _, it := range s.must(200, "GET", "/api/v1/guarantees?project_id="+s.project, s.gcKey, nil).json(t)["items"].([]any) {
				if m := it.(map[string]any); m["id"] == s.cash {
					return m
				}
			}
			return nil
		}
		if c := cash(); c["drawn"] != "8000.00" || c["counts"] != "12000.00" {
			t.Fatalf("drawn: %v", c)
		}
		failed := s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": []map[string]any{{"instruction_id": aug["id"],
			"status": "failed", "amount": "5500.00", "bank_ref": "DD-F-1", "settled_on": "2026-11-02", "reason": "card closed"}}}).json(t)
		if r := failed["results"].([]any)[0].(map[string]any); r["result"] != "applied" {
			t.Fatalf("failure: %v", r)
		}
		if c := cash(); c["drawn"] != "2500.00" || c["counts"] != "17500.00" || c["state"] != "drawn" {
			t.Errorf("after the failure: %v", c)
		}
		if g := s.must(200, "GET", "/api/v1/projects/"+s.project+"/guarantee", s.gcKey, nil).json(t); g["held"] != "117500.00" {
			t.Errorf("held after the failure: %v", g["held"])
		}
		s.must(409, "POST", "/api/v1/instructions/"+aug["id"].(string)+"/reissue", s.gcKey, nil)
		// The inspector draws August again, from the cover as it now stands.
		r := s.draw(s.inspectorKey, s.cash, "5500.00", "D-2", s.a, "5500.00")
		if r.Status != 201 || r.json(t)["instructions"].([]any)[0].(map[string]any)["period"] != "2026-08" {
			t.Errorf("drawn again: %d %s", r.Status, r.Body)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestDrawdownOfAFailedWage: a wage the bank failed to pay, drawn in part,
// is left failed for the rest only: the reconciliation shows that rest as
// not re-issued, and a re-issue pays that rest, not what the drawdown pays.
func TestDrawdownOfAFailedWage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newArrears(t, db)
		bSep := s.wageInstruction(s.b, "2026-09")["id"].(string)
		s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": []map[string]any{{"instruction_id": bSep,
			"status": "failed", "amount": "5500.00", "bank_ref": "W-B-F", "settled_on": "2026-11-02", "reason": "card closed"}}})
		s.must(201, "POST", "/api/v1/guarantees/"+s.letter+"/drawdowns", s.inspectorKey, map[string]any{"amount": "2000.00", "decision_ref": "D-B",
			"payees": []map[string]string{{"enrolment_id": s.b, "amount": "2000.00"}}})
		rec := s.must(200, "GET", "/api/v1/projects/"+s.project+"/reconciliation?period=2026-09", s.gcKey, nil).json(t)
		var left []string
		for _, e := range rec["exceptions"].([]any) {
			if m := e.(map[string]any); m["kind"] == "failed_not_reissued" && m["instruction_id"] == bSep {
				left = append(left, m["amount"].(string))
			}
		}
		if len(left) != 1 || left[0] != "3500.00" {
			t.Errorf("failed and not re-issued: %v, want the 3,500 the drawdown does not pay", left)
		}
		if r := s.must(201, "POST", "/api/v1/instructions/"+bSep+"/reissue", s.gcKey, nil); r.str(t, "amount") != "3500.00" {
			t.Errorf("re-issued: %s", r.Body)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}
