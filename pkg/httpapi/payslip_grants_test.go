package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestAnswersThroughThePrintedCopyAfterADirectGrant: once the inspectors
// gave a worker a link of their own, a confirmation through the printed
// link (which the employer may hold) does not count as the worker's in the
// inspectors' approval counts: silent, counted apart (employer_copy), and
// they read which link answered each line. The contractor reads every count
// as it would without the grant (LSIR Art. 9). The worker's own
// confirmation counts; a dispute through either link always shows, the
// other link cannot settle it, and the printed link cannot withdraw its own
// (the worker may withdraw theirs through their own link); each link's page
// shows its own answers; revoking the direct link later changes no count.
func TestAnswersThroughThePrintedCopyAfterADirectGrant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		printed := s.tokens[0]
		l0 := int(s.payslip(printed)["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
		pageAnswer := func(tok string) string {
			return s.payslip(tok)["lines"].([]any)[0].(map[string]any)["answer"].(string)
		}
		counts := func(key string) map[string]any {
			return s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, key, nil).json(t)["worker_confirmations"].(map[string]any)
		}
		// want compares the counts the contractor reads (confirmed disputed
		// silent) and the inspectors' (with employer_copy).
		want := func(step, contractor, inspectors string) {
			t.Helper()
			for _, key := range []string{s.gcKey, s.subKey} {
				if c := counts(key); fmt.Sprint(c["confirmed"], c["disputed"], c["silent"], c["employer_copy"]) != contractor+" <nil>" {
					t.Errorf("%s: the contractor reads %v, want %s, no employer_copy", step, c, contractor)
				}
			}
			for _, key := range []string{s.inspector, s.admin} {
				if c := counts(key); fmt.Sprint(c["confirmed"], c["disputed"], c["silent"], c["employer_copy"]) != inspectors {
					t.Errorf("%s: the inspectors read %v, want %s", step, c, inspectors)
				}
			}
		}
		do := func(tok, action, reason string) {
			t.Helper()
			s.must(200, "POST", "/api/v1/payslips/"+tok+"/"+action, "", answer(s.payroll, l0, reason))
		}

		// Before any direct grant the printed link is the worker's.
		do(printed, "confirm", "")
		want("confirmed through the printed link", "1 0 1", "1 0 1 0")

		old := s.linkOf(s.gcKey, s.enrs[0])["id"].(string)
		r := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old+"/reissue", s.inspector, map[string]string{"note": "用工单位扣留工资条"}).json(t)
		direct, directID := tokenOf(t, r["url"].(string)), r["id"].(string)
		// The answer given before the re-issue stays the worker's: the
		// re-issue moves no count the contractor reads (LSIR Art. 9).
		want("a direct link given", "1 0 1", "1 0 1 0")
		if pageAnswer(printed) != "confirmed" || pageAnswer(direct) != "silent" {
			t.Fatalf("the pages: printed %s, direct %s", pageAnswer(printed), pageAnswer(direct))
		}
		// The worker's own confirmation counts.
		do(direct, "confirm", "")
		want("confirmed by the worker", "1 0 1", "1 0 1 0")
		// A dispute through the printed copy shows, and stands: the worker's
		// own confirmation does not settle it, and a confirmation through
		// the printed copy, which the contractor can always read, is refused
		// (TestADisputeThroughThePrintedLinkStands).
		do(printed, "dispute", "少算两天")
		want("disputed through the printed copy", "0 1 1", "0 1 1 0")
		s.must(409, "POST", "/api/v1/payslips/"+printed+"/confirm", "", answer(s.payroll, l0, ""))
		want("a confirmation through the printed copy refused", "0 1 1", "0 1 1 0")
		// The worker disputes through their own link too.
		do(direct, "dispute", "老板代我确认的")
		s.must(409, "POST", "/api/v1/payslips/"+printed+"/confirm", "", answer(s.payroll, l0, ""))
		want("disputed by the worker", "0 1 1", "0 1 1 0")
		if pageAnswer(printed) != "disputed" || pageAnswer(direct) != "disputed" {
			t.Fatalf("the pages: printed %s, direct %s", pageAnswer(printed), pageAnswer(direct))
		}
		// The worker's own page says where their dispute goes: to the
		// inspectors, never to the employer's review (ledger.DecideStandingFor),
		// and to the complaint form on the same page.
		for lang, says := range map[string][2]string{"zh-CN": {"交劳动保障监察机构处理，不告知用人单位", "审核时计为有异议"}, "en": {"It goes to the labour inspectors, not to your employer", "counts as disputed"}} {
			body := string(s.must(200, "GET", "/w/"+direct, "", nil, "Accept-Language", lang).Body)
			if !strings.Contains(body, says[0]) || strings.Contains(body, says[1]) || !strings.Contains(body, `value="complaint"`) {
				t.Errorf("the worker's own %s page does not say the dispute goes to the inspectors: %s", lang, body)
			}
		}

		// An administrator reads which link answered the line (the inspectors
		// on the console's payroll page); a contractor's
		// list carries no answers.
		for _, it := range s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/payslips", s.admin, nil).json(t)["items"].([]any) {
			m := it.(map[string]any)
			got := fmt.Sprint(m["answers"])
			switch m["id"] {
			case old:
				if !strings.Contains(got, "disputed") || strings.Contains(got, "confirmed") {
					t.Errorf("the printed link's answers: %s", got)
				}
			case directID:
				if !strings.Contains(got, "disputed") || strings.Contains(got, "confirmed") {
					t.Errorf("the worker's link's answers: %s", got)
				}
			}
		}
		if l := s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/payslips", s.gcKey, nil); strings.Contains(string(l.Body), `"answers"`) {
			t.Errorf("the contractor's list carries answers: %s", l.Body)
		}
		// Each grant's answer is recorded apart, naming the link it came with.
		var rows []struct {
			Direct int    `db:"direct"`
			Token  string `db:"token_id"`
			State  string `db:"state"`
		}
		if err := db.Select(t.Context(), &rows, "SELECT direct, token_id, state FROM line_confirmations WHERE payroll_id = ? AND line_no = ? ORDER BY direct", s.payroll, l0); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Direct != 0 || rows[0].Token != old || rows[0].State != "disputed" || rows[1].Direct != 1 || rows[1].Token != directID || rows[1].State != "disputed" {
			t.Errorf("the recorded answers: %+v", rows)
		}

		// The worker withdraws their own dispute; the one through the printed
		// copy still shows. Revoking their link changes no count, for anyone.
		do(direct, "confirm", "")
		want("the worker withdraws their own dispute", "0 1 1", "0 1 1 0")
		before := string(s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, s.gcKey, nil).Body)
		s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+directID+"/revoke-direct", s.inspector, map[string]string{})
		if after := string(s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, s.gcKey, nil).Body); after != before {
			t.Errorf("the contractor reads the revocation:\n%s\n%s", before, after)
		}
		want("the direct link revoked", "0 1 1", "0 1 1 0")

		// The second worker: a confirmation through the printed copy after
		// the inspectors gave them a link of their own may be the
		// employer's; it counts as silent, and apart, for the inspectors
		// until the worker confirms through their own link. The contractor
		// reads it confirmed throughout, as without the grant.
		l1 := int(s.payslip(s.tokens[1])["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
		old1 := s.linkOf(s.gcKey, s.enrs[1])["id"].(string)
		r1 := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old1+"/reissue", s.inspector, map[string]string{"note": "用工单位扣留工资条"}).json(t)
		direct1 := tokenOf(t, r1["url"].(string))
		s.must(200, "POST", "/api/v1/payslips/"+s.tokens[1]+"/confirm", "", answer(s.payroll, l1, ""))
		want("confirmed through the printed copy after the re-issue", "1 1 0", "0 1 1 1")
		s.must(200, "POST", "/api/v1/payslips/"+direct1+"/confirm", "", answer(s.payroll, l1, ""))
		want("the other worker confirms", "1 1 0", "1 1 0 0")
	})
}
