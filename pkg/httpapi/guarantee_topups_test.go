package httpapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestTopUpRestoresADrawnGuarantee: the issuer tops a drawn guarantee up —
// cash paid in, a letter amended — up to what drawdowns took and no more;
// back to its amount it is active again, and its top-up deadline shows met
// or missed. Idempotent on the reference; only the issuer or an admin.
func TestTopUpRestoresADrawnGuarantee(t *testing.T) {
	for _, dialect := range storetest.Dialects { // each with its own clock, which the test moves
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			clock := storetest.NewClock(guaranteeToday)
			topUpRestoresADrawnGuarantee(t, storetest.New(t, dialect, store.WithClock(clock.Now)), clock)
		})
	}
}

func topUpRestoresADrawnGuarantee(t *testing.T, db *store.DB, clock *storetest.Clock) {
	s := newArrears(t, db)
	topUp := func(key, guarantee, amount, ref, on string) resp {
		body := map[string]any{"amount": amount, "reference": ref}
		if on != "" {
			body["topped_up_on"] = on
		}
		return s.do("POST", "/api/v1/guarantees/"+guarantee+"/topups", key, body)
	}
	listed := func(id string) map[string]any {
		for _, it := range s.must(200, "GET", "/api/v1/guarantees?project_id="+s.project, s.gcKey, nil).json(t)["items"].([]any) {
			if m := it.(map[string]any); m["id"] == id {
				return m
			}
		}
		return nil
	}
	// A guarantee not drawn has nothing to restore.
	if r := topUp(s.otherBankKey, s.letter, "100.00", "BG-1-A0", ""); r.Status != 409 {
		t.Errorf("top-up of a whole letter: %d %s", r.Status, r.Body)
	}
	s.must(201, "POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.inspectorKey, map[string]any{"amount": "8000.00", "decision_ref": "D-1",
		"payees": []map[string]string{{"enrolment_id": s.a, "amount": "8000.00"}}})
	if g := listed(s.cash); g["state"] != "drawn" || g["top_up_status"] != "due" || g["top_up_by"] != "2026-11-16" {
		t.Errorf("drawn: %v", g)
	}
	// Only its issuer or an admin; no more than it is short.
	if r := topUp(s.otherBankKey, s.cash, "100.00", "T-0", ""); r.Status != 404 {
		t.Errorf("another bank's top-up: %d %s", r.Status, r.Body)
	}
	if r := topUp(s.gcKey, s.cash, "100.00", "T-0", ""); r.Status != 403 {
		t.Errorf("the contractor's top-up: %d %s", r.Status, r.Body)
	}
	if r := topUp(s.bankKey, s.cash, "8000.01", "T-0", ""); r.Status != 422 || errorsOf(t, r)[0] != "0:amount:exceeds_shortfall" {
		t.Errorf("too much: %d %s", r.Status, r.Body)
	}
	// In Chinese: the ¥8,000 the guarantee is short of its full ¥20,000.
	zh := s.do("POST", "/api/v1/guarantees/"+s.cash+"/topups", s.bankKey, map[string]any{"amount": "8000.01", "reference": "T-0"}, "Accept-Language", "zh-CN")
	if msg := zh.json(t)["errors"].([]any)[0].(map[string]any)["message"].(string); msg != "¥8000.01 超过了保证金距其 ¥20000.00 尚缺的 ¥8000.00" {
		t.Errorf("too much, in Chinese: %s", msg)
	}
	r := topUp(s.bankKey, s.cash, "3000.00", "T-1", "2026-11-02")
	first := r.json(t)
	g := first["guarantee"].(map[string]any)
	if r.Status != 201 || first["result"] != "topped_up" || first["entry_id"] == nil || g["state"] != "drawn" || g["counts"] != "15000.00" || g["topped_up"] != "3000.00" || g["top_up_status"] != "due" {
		t.Errorf("top-up in part: %d %s", r.Status, r.Body)
	}
	if held := s.balance(ledger.Guarantee, s.cash); held != ledger.MustMoney("23000.00") {
		t.Errorf("cash held %s, want the deposit and the top-up", held)
	}
	// A retry is the same top-up; other content under its reference a conflict.
	if again := topUp(s.bankKey, s.cash, "3000.00", "T-1", "2026-11-02"); again.Status != 201 || again.str(t, "result") != "already_topped_up" || again.str(t, "id") != first["id"] {
		t.Errorf("retry: %d %s", again.Status, again.Body)
	}
	if r := topUp(s.bankKey, s.cash, "2000.00", "T-1", "2026-11-02"); r.Status != 409 {
		t.Errorf("other content: %d %s", r.Status, r.Body)
	}
	// Past the deadline, still short: missed; restored late: active, and missed.
	clock.Advance(15 * 24 * time.Hour)
	if g := listed(s.cash); g["top_up_status"] != "missed" {
		t.Errorf("after the deadline: %v", g)
	}
	r = topUp(s.bankKey, s.cash, "5000.00", "T-2", "")
	if g := r.json(t)["guarantee"].(map[string]any); r.Status != 201 || g["state"] != "active" || g["counts"] != "20000.00" || g["top_up_status"] != "missed" {
		t.Errorf("restored late: %d %s", r.Status, r.Body)
	}
	// A letter amended within its deadline: met, and no money moves.
	s.must(201, "POST", "/api/v1/guarantees/"+s.letter+"/drawdowns", s.inspectorKey, map[string]any{"amount": "3000.00", "decision_ref": "D-2",
		"payees": []map[string]string{{"enrolment_id": s.b, "amount": "3000.00"}}})
	r = topUp(s.otherBankKey, s.letter, "3000.00", "BG-1-A1", "")
	if v := r.json(t); r.Status != 201 || v["entry_id"] != nil || v["guarantee"].(map[string]any)["state"] != "active" || v["guarantee"].(map[string]any)["top_up_status"] != "met" {
		t.Errorf("letter amended: %d %s", r.Status, r.Body)
	}
	if c := s.balance(ledger.GuaranteeClaims, s.letter); c != 0 {
		t.Errorf("an amendment moved money: claims %s", c)
	}
	if got := s.must(200, "GET", "/api/v1/projects/"+s.project+"/guarantee", s.gcKey, nil).json(t)["held"]; got != "120000.00" {
		t.Errorf("held once restored: %v", got)
	}
	audited := 0
	for _, it := range s.must(200, "GET", "/api/v1/audit?subject="+s.cash, s.admin, nil).json(t)["items"].([]any) {
		if it.(map[string]any)["action"] == "guarantee.topup" {
			audited++
		}
	}
	if audited != 2 {
		t.Errorf("%d top-ups audited, want 2", audited)
	}
	rep, err := db.VerifyLedger(context.Background())
	if err != nil || len(rep.Discrepancies) > 0 {
		t.Errorf("ledger verify: %+v %v", rep, err)
	}
}
