package httpapi_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestADisputeThroughThePrintedLinkStands: a worker disputes their line
// from the paper payslip's QR code (the usual case); whoever holds that
// printed link, which the contractor can always read, cannot turn the
// dispute into a confirmation, by the API or the page's form, before or
// after approval: the line counts disputed for the contractor and the
// inspectors, and the page says the dispute stands. A corrected payroll
// settles it: its new line is answered afresh.
func TestADisputeThroughThePrintedLinkStands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		printed := s.tokens[0]
		// The contractor reads the printed link's live URL.
		var fromList string
		for _, it := range s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/payslips", s.gcKey, nil).json(t)["items"].([]any) {
			if m := it.(map[string]any); m["enrolment_id"] == s.enrs[0] {
				fromList = tokenOf(t, m["url"].(string))
			}
		}
		if fromList != printed {
			t.Fatalf("the contractor's list gives %q, not the printed link", fromList)
		}
		line := func(tok string) map[string]any { return s.payslip(tok)["lines"].([]any)[0].(map[string]any) }
		l0 := int(line(printed)["line_no"].(float64))
		disputed := func(step string, payroll string, want float64) {
			t.Helper()
			for _, key := range []string{s.gcKey, s.subKey, s.inspector, s.admin} {
				c := s.must(200, "GET", "/api/v1/payrolls/"+payroll, key, nil).json(t)["worker_confirmations"].(map[string]any)
				if c["disputed"] != want || c["confirmed"] != 0.0 {
					t.Errorf("%s: %v, want %v disputed and none confirmed", step, c, want)
				}
			}
		}

		s.must(200, "POST", "/api/v1/payslips/"+printed+"/dispute", "", answer(s.payroll, l0, "少算两天"))
		disputed("disputed from the paper payslip", s.payroll, 1)
		r := s.must(409, "POST", "/api/v1/payslips/"+fromList+"/confirm", "", answer(s.payroll, l0, ""))
		if d := r.str(t, "detail"); !strings.Contains(d, fmt.Sprintf("line %d is disputed and the dispute stands", l0)) {
			t.Errorf("the refusal does not name the line: %s", r.Body)
		}
		disputed("a confirmation through the printed link", s.payroll, 1)
		if l := line(printed); l["answer"] != "disputed" || l["answer_reason"] != "少算两天" {
			t.Errorf("the payslip after a confirmation through the printed link: %v", l)
		}

		// The page says the dispute stands, offers no confirmation of it,
		// and its form is refused with why.
		for lang, stands := range map[string]string{"zh-CN": "异议已记录并继续有效", "en": "Your dispute is recorded and stands"} {
			body := string(s.must(200, "GET", "/w/"+printed, "", nil, "Accept-Language", lang).Body)
			if !strings.Contains(body, stands) || strings.Contains(body, `value="confirm"`) {
				t.Errorf("the %s page does not say the dispute stands, or offers to confirm it: %s", lang, body)
			}
		}
		form := url.Values{"action": {"confirm"}, "payroll_id": {s.payroll}, "line_no": {fmt.Sprint(l0)}}.Encode()
		if r := s.do("POST", "/w/"+printed, "", form, "Content-Type", "application/x-www-form-urlencoded", "Accept-Language", "zh-CN"); r.Status != 409 || !strings.Contains(string(r.Body), "异议继续有效") {
			t.Errorf("the page's confirmation of a disputed line: %d %s", r.Status, r.Body)
		}
		disputed("the page's form", s.payroll, 1)

		// Approved, the dispute still stands.
		approved := s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil).json(t)
		if w := fmt.Sprint(approved["worker_confirmations"]); !strings.Contains(w, "1 of 2 lines are disputed") {
			t.Errorf("approval: %s", w)
		}
		s.must(409, "POST", "/api/v1/payslips/"+printed+"/confirm", "", answer(s.payroll, l0, ""))
		disputed("a confirmation after approval", s.payroll, 1)
	})
}

// TestACorrectedPayrollSettlesADispute: the employer settles a dispute
// made through the printed link by submitting a corrected payroll, whose
// new line its worker answers afresh through the same link.
func TestACorrectedPayrollSettlesADispute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		printed := s.tokens[0]
		l0 := int(s.payslip(printed)["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
		s.must(200, "POST", "/api/v1/payslips/"+printed+"/dispute", "", answer(s.payroll, l0, "少算两天"))
		s.must(409, "POST", "/api/v1/payslips/"+printed+"/confirm", "", answer(s.payroll, l0, ""))

		var lines []map[string]string
		for i, e := range s.enrs {
			l := payLine(e, fmt.Sprintf("%d.00", 6200+i), "500.00", fmt.Sprintf("%d.00", 5700+i))
			l["confirmed"] = "no"
			lines = append(lines, l)
		}
		corrected := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": lines}).json(t)
		if corrected["replaces"] != s.payroll {
			t.Fatalf("the correction: %v", corrected)
		}
		id := corrected["id"].(string)
		var l int
		for _, it := range s.payslip(printed)["lines"].([]any) {
			if m := it.(map[string]any); m["payroll_id"] == id {
				l = int(m["line_no"].(float64))
				if m["answer"] != "silent" {
					t.Errorf("the corrected line: %v", m)
				}
			}
		}
		if l == 0 {
			t.Fatalf("the printed link does not show the corrected payroll: %v", s.payslip(printed))
		}
		s.must(200, "POST", "/api/v1/payslips/"+printed+"/confirm", "", answer(id, l, ""))
		if c := s.must(200, "GET", "/api/v1/payrolls/"+id, s.gcKey, nil).json(t)["worker_confirmations"].(map[string]any); c["confirmed"] != 1.0 || c["disputed"] != 0.0 {
			t.Errorf("the corrected payroll: %v", c)
		}
	})
}
