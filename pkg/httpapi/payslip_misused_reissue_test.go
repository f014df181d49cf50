package httpapi_test

import (
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestAMisusedLinkDoesNotAnswerForTheWorker: someone other than the worker
// confirms through the worker's direct link A; the inspectors give the
// worker link B in its place and mark A misused. B's page shows no answer,
// and the worker's own answer through B is recorded, naming B: a
// confirmation counts as confirmed, and after approval the worker may
// still dispute (the misuser's confirmation does not stand in their way).
func TestAMisusedLinkDoesNotAnswerForTheWorker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		counts := func() map[string]any {
			return s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, s.inspector, nil).json(t)["worker_confirmations"].(map[string]any)
		}
		reissue := func(old string) (token, id string) {
			r := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old+"/reissue", s.inspector, map[string]string{"note": "链接被他人持有"}).json(t)
			return tokenOf(t, r["url"].(string)), r["id"].(string)
		}
		lineOf := func(token string) map[string]any {
			return s.payslip(token)["lines"].([]any)[0].(map[string]any)
		}
		answeredBy := func(lineNo int) string {
			var id string
			if err := db.Get(t.Context(), &id, "SELECT token_id FROM line_confirmations WHERE payroll_id = ? AND line_no = ? AND direct = 1", s.payroll, lineNo); err != nil {
				t.Fatal(err)
			}
			return id
		}
		l0 := int(lineOf(s.tokens[0])["line_no"].(float64))
		l1 := int(lineOf(s.tokens[1])["line_no"].(float64))
		// Each worker's direct link A is answered by a misuser; B replaces
		// it, and A is marked misused.
		var b [2]string
		var bID [2]string
		for i, l := range []int{l0, l1} {
			a, aID := reissue(s.linkOf(s.gcKey, s.enrs[i])["id"].(string))
			s.must(200, "POST", "/api/v1/payslips/"+a+"/confirm", "", answer(s.payroll, l, ""))
			b[i], bID[i] = reissue(aID)
			s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+aID+"/revoke-direct", s.inspector, map[string]any{"misused": true})
			if got := lineOf(b[i]); got["answer"] != "silent" || got["answered_at"] != nil {
				t.Errorf("worker %d: B's page shows the misuser's answer as the worker's: %v", i, got)
			}
		}
		if c := counts(); c["confirmed"] != 0.0 || c["silent"] != 2.0 {
			t.Errorf("before the workers answer: %v", c)
		}
		// The first worker confirms through B: it counts, naming B.
		s.must(200, "POST", "/api/v1/payslips/"+b[0]+"/confirm", "", answer(s.payroll, l0, ""))
		if c := counts(); c["confirmed"] != 1.0 || c["silent"] != 1.0 {
			t.Errorf("the worker confirmed through B: %v, want 1 confirmed", c)
		}
		if got := answeredBy(l0); got != bID[0] {
			t.Errorf("the confirmation names %s, want B %s", got, bID[0])
		}
		if got := lineOf(b[0]); got["answer"] != "confirmed" {
			t.Errorf("B's page after the worker confirmed: %v", got)
		}
		// Approved, the second worker disputes through B.
		s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil)
		s.must(200, "POST", "/api/v1/payslips/"+b[1]+"/dispute", "", answer(s.payroll, l1, "少算一天"))
		if c := counts(); c["confirmed"] != 1.0 || c["disputed"] != 1.0 {
			t.Errorf("the worker disputed through B after approval: %v", c)
		}
		if got := answeredBy(l1); got != bID[1] {
			t.Errorf("the dispute names %s, want B %s", got, bID[1])
		}
	})
}
