package httpapi_test

import (
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestADirectLinkRevokedAsMisused: a revocation of the worker's own link
// looks forward, and what was said through it keeps counting; revoked as
// misused (someone else held it), a confirmation through it no longer
// counts as the worker's, a link revoked earlier may be marked so later,
// and a dispute through it still shows. The answers stay on record.
func TestADirectLinkRevokedAsMisused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		counts := func(key string) map[string]any {
			return s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, key, nil).json(t)["worker_confirmations"].(map[string]any)
		}
		want := func(step string, confirmed, disputed, silent, employerCopy float64) {
			t.Helper()
			if c := counts(s.inspector); c["confirmed"] != confirmed || c["disputed"] != disputed || c["silent"] != silent || c["employer_copy"] != employerCopy {
				t.Errorf("%s: the inspectors read %v, want %v confirmed, %v disputed, %v silent, %v employer_copy", step, c, confirmed, disputed, silent, employerCopy)
			}
			// The contractor reads the printed copy's confirmation of the
			// first worker's line as the worker's throughout: no grant, no
			// revocation and no mark moves its counts (LSIR Art. 9).
			if c := counts(s.gcKey); c["confirmed"] != 1.0 || c["disputed"] != 0.0 || c["silent"] != 1.0 || c["employer_copy"] != nil {
				t.Errorf("%s: the contractor reads %v", step, c)
			}
		}
		reissue := func(i int) (token, id string) {
			old := s.linkOf(s.gcKey, s.enrs[i])["id"].(string)
			r := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old+"/reissue", s.inspector, map[string]string{"note": "用工单位扣留工资条"}).json(t)
			return tokenOf(t, r["url"].(string)), r["id"].(string)
		}
		line := func(i int) int {
			return int(s.payslip(s.tokens[i])["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
		}
		l0, l1 := line(0), line(1)
		revoke := func(id string, body map[string]any) map[string]any {
			return s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+id+"/revoke-direct", s.inspector, body).json(t)
		}

		// The first worker's link confirms; the printed copy confirms too,
		// after the re-issue (the employer's copy).
		d0, id0 := reissue(0)
		s.must(200, "POST", "/api/v1/payslips/"+s.tokens[0]+"/confirm", "", answer(s.payroll, l0, ""))
		s.must(200, "POST", "/api/v1/payslips/"+d0+"/confirm", "", answer(s.payroll, l0, ""))
		want("confirmed through both", 1, 0, 1, 0)
		// Revoked (the worker lost the phone): the confirmation stands.
		if r := revoke(id0, map[string]any{"note": "工人手机丢失"}); r["state"] != "revoked" || r["misused"] != nil {
			t.Fatalf("revoked: %v", r)
		}
		want("revoked", 1, 0, 1, 0)
		// Found misused since: it no longer counts, and the printed copy's
		// confirmation after the re-issue is the employer's.
		if r := revoke(id0, map[string]any{"note": "老板拿着工人的手机确认", "misused": true}); r["misused"] != true {
			t.Fatalf("marked misused: %v", r)
		}
		want("revoked as misused", 0, 0, 2, 1)
		// Again changes nothing, and a mark is not taken back.
		revoke(id0, map[string]any{"misused": true})
		revoke(id0, map[string]any{})
		want("again", 0, 0, 2, 1)
		var audited []string
		if err := db.Select(t.Context(), &audited, `SELECT action FROM audit_queue WHERE subject = ? UNION ALL SELECT action FROM audit_log WHERE subject = ?`, id0, id0); err != nil {
			t.Fatal(err)
		}
		if len(audited) != 3 { // the re-issue, the revocation, the mark
			t.Errorf("audited %v, want the re-issue, the revocation and the mark", audited)
		}

		// The second worker disputes through their own link, which is then
		// revoked as misused at once: the dispute still shows.
		d1, id1 := reissue(1)
		s.must(200, "POST", "/api/v1/payslips/"+d1+"/dispute", "", answer(s.payroll, l1, "少算一天"))
		revoke(id1, map[string]any{"misused": true})
		want("a dispute through a misused link", 0, 1, 1, 1)
		s.must(404, "GET", "/api/v1/payslips/"+d1, "", nil)

		// The answers stay on record, naming their links.
		var n int
		if err := db.Get(t.Context(), &n, "SELECT COUNT(*) FROM line_confirmations WHERE payroll_id = ? AND direct = 1", s.payroll); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("%d answers through direct links on record, want 2", n)
		}
		// The contractor's link cannot be marked.
		s.must(409, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+s.linkOf(s.gcKey, s.enrs[0])["id"].(string)+"/revoke-direct", s.inspector, map[string]any{"misused": true})
	})
}
