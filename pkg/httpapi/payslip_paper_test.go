package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestAPaperSignatureAfterADirectGrant: a paper signature in a payroll file
// submitted after the inspectors gave the worker a link of their own (a
// corrected payroll) is read as the printed link's answer after the grant
// is: the employer's copy, silent in the inspectors' approval counts
// (employer_copy; the contractor reads it as it would without the grant),
// not shown as confirmed on the worker's own page, while
// the printed link's page shows it as it always did. A paper signature
// submitted before the grant stays the worker's everywhere.
func TestAPaperSignatureAfterADirectGrant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		reissue := func(payroll string, i int) string {
			var old string
			for _, it := range s.must(200, "GET", "/api/v1/payrolls/"+payroll+"/payslips", s.gcKey, nil).json(t)["items"].([]any) {
				if m := it.(map[string]any); m["enrolment_id"] == s.enrs[i] && m["state"] == "live" {
					old = m["id"].(string)
				}
			}
			r := s.must(201, "POST", "/api/v1/payrolls/"+payroll+"/payslips/"+old+"/reissue", s.inspector, map[string]string{"note": "用工单位扣留工资条"}).json(t)
			return tokenOf(t, r["url"].(string))
		}
		own0 := reissue(s.payroll, 0)

		// The corrected payroll, signed on paper for both workers, after the
		// first worker's direct grant.
		var lines []map[string]string
		for i, e := range s.enrs {
			lines = append(lines, payLine(e, fmt.Sprintf("%d.00", 6200+i), "500.00", fmt.Sprintf("%d.00", 5700+i)))
		}
		id := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": lines}).str(t, "id")
		counts := func(key string) string {
			c := s.must(200, "GET", "/api/v1/payrolls/"+id, key, nil).json(t)["worker_confirmations"].(map[string]any)
			return fmt.Sprint(c["confirmed"], c["disputed"], c["silent"], c["employer_copy"])
		}
		if got := counts(s.inspector); got != "1 0 1 1" {
			t.Errorf("the inspectors' counts: %s, want 1 confirmed, 1 silent of which 1 employer_copy", got)
		}
		// The contractor reads both signatures as the workers', as it
		// would had no worker been given a link of their own (LSIR Art. 9).
		if got := counts(s.gcKey); got != "2 0 0 <nil>" {
			t.Errorf("the contractor's counts: %s", got)
		}
		pageAnswer := func(tok string) string {
			for _, it := range s.payslip(tok)["lines"].([]any) {
				if m := it.(map[string]any); m["payroll_id"] == id {
					return m["answer"].(string)
				}
			}
			t.Fatalf("the page of %s does not show payroll %s", tok, id)
			return ""
		}
		if own, printed := pageAnswer(own0), pageAnswer(s.tokens[0]); own != "silent" || printed != "confirmed" {
			t.Errorf("the first worker's pages: own link %s, printed %s", own, printed)
		}

		// The second worker is given a link of their own after the corrected
		// payroll: its paper signature stays theirs.
		own1 := reissue(id, 1)
		if got := counts(s.inspector); got != "1 0 1 1" {
			t.Errorf("the inspectors' counts after the second grant: %s", got)
		}
		if own, printed := pageAnswer(own1), pageAnswer(s.tokens[1]); own != "confirmed" || printed != "confirmed" {
			t.Errorf("the second worker's pages: own link %s, printed %s", own, printed)
		}
		// The first worker confirms through their own link: it counts.
		var l0 int
		for _, it := range s.payslip(own0)["lines"].([]any) {
			if m := it.(map[string]any); m["payroll_id"] == id {
				l0 = int(m["line_no"].(float64))
			}
		}
		s.must(200, "POST", "/api/v1/payslips/"+own0+"/confirm", "", answer(id, l0, ""))
		if got := counts(s.inspector); got != "2 0 0 0" {
			t.Errorf("the inspectors' counts once the worker confirmed: %s", got)
		}
	})
}
