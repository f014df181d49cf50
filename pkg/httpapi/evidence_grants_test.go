package httpapi_test

import (
	"os"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestEvidenceBundleAnswersThroughEachLink: the worker disputes a line
// through the link the inspectors gave them, with a reason, and the
// employer confirms it through the printed copy. The inspectors' bundle
// (and the complaint's) states the dispute with the worker's reason and
// each link's answer; a second worker's line confirmed through the printed
// copy alone after their direct grant reads employer_copy. The general
// contractor's bundle states the standing its approval counts give each
// line as it would be without any grant — confirmed through the printed
// copy, both lines — so its lines and counts agree, and nothing in it
// says a direct link exists (LSIR Art. 9). Every bundle verifies against
// the published key.
func TestEvidenceBundleAnswersThroughEachLink(t *testing.T) {
	if _, err := os.Stat(evidence.DefaultFont); err != nil {
		t.Skipf("no CJK font at %s (apt-get install fonts-droid-fallback)", evidence.DefaultFont)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		pub, err := evidence.ParsePublicKey(s.must(200, "GET", "/api/v1/evidence/key", "", nil).json(t)["public_key"].(string))
		if err != nil {
			t.Fatal(err)
		}
		bundle := func(path, key string) []byte {
			t.Helper()
			r := s.must(200, "GET", path, key, nil)
			if _, err := evidence.Verify(r.Body, pub); err != nil {
				t.Fatalf("%s does not verify: %v", path, err)
			}
			detachedCovers(t, r, pub)
			return r.Body
		}
		lineOf := func(tok string) int {
			return int(s.payslip(tok)["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
		}
		direct := func(enr string) string {
			old := s.linkOf(s.gcKey, enr)["id"].(string)
			r := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old+"/reissue", s.inspector, map[string]string{"note": "用工单位扣留工资条"}).json(t)
			return tokenOf(t, r["url"].(string))
		}
		path := "/api/v1/workers/" + s.enrs[0] + "/evidence?from=2026-09&to=2026-10"
		l0, l1 := lineOf(s.tokens[0]), lineOf(s.tokens[1])

		before := csvOf(t, bundle(path, s.gcKey))
		own := direct(s.enrs[0])
		if got := csvOf(t, bundle(path, s.gcKey)); got != before {
			t.Errorf("the GC's bundle changed when the inspectors gave the worker a link:\n%s\n%s", before, got)
		}
		s.must(200, "POST", "/api/v1/payslips/"+own+"/dispute", "", answer(s.payroll, l0, "老板代我确认的"))
		s.must(200, "POST", "/api/v1/payslips/"+s.tokens[0]+"/confirm", "", answer(s.payroll, l0, ""))

		// The contractor's bundle: the line confirmed through the printed
		// copy, as its counts say, and otherwise the same statement as
		// before the direct link: what it would be without one.
		gc := csvOf(t, bundle(path, s.gcKey))
		if want := strings.Replace(before, ",silent \r\n", ",confirmed \r\n", 1); gc != want || before == want {
			t.Errorf("the GC's bundle:\n%s\nwant\n%s", gc, want)
		}
		if c := s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, s.gcKey, nil).json(t)["worker_confirmations"].(map[string]any); c["disputed"] != 0.0 || c["confirmed"] != 1.0 {
			t.Errorf("the GC's counts: %v", c)
		}
		for _, leak := range []string{"老板代我确认的", "employer_copy", "answer_"} {
			if strings.Contains(gc, leak) {
				t.Errorf("the GC's bundle says %q:\n%s", leak, gc)
			}
		}

		// The inspectors' bundle: the dispute with the worker's reason, and each link's answer.
		insp := csvOf(t, bundle(path, s.inspector))
		for _, want := range []string{",disputed 老板代我确认的\r\n", ",answer_printed_link,,confirmed,\r\n", ",answer_own_link,,disputed,老板代我确认的\r\n"} {
			if !strings.Contains(insp, want) {
				t.Errorf("the inspector's bundle lacks %q:\n%s", want, insp)
			}
		}

		// The second worker: confirmed through the printed copy alone after
		// their direct grant counts as silent, employer_copy, for the
		// inspectors; the contractor reads it confirmed, as it would
		// without the grant.
		direct(s.enrs[1])
		s.must(200, "POST", "/api/v1/payslips/"+s.tokens[1]+"/confirm", "", answer(s.payroll, l1, ""))
		path1 := "/api/v1/workers/" + s.enrs[1] + "/evidence?from=2026-09&to=2026-10"
		if insp := csvOf(t, bundle(path1, s.inspector)); !strings.Contains(insp, ",silent employer_copy\r\n") ||
			!strings.Contains(insp, ",answer_printed_link,,confirmed,\r\n") || !strings.Contains(insp, ",answer_own_link,,silent,\r\n") {
			t.Errorf("the inspector's bundle of the second worker:\n%s", insp)
		}
		if gc := csvOf(t, bundle(path1, s.gcKey)); !strings.Contains(gc, ",confirmed \r\n") || strings.Contains(gc, ",silent") || strings.Contains(gc, "employer_copy") || strings.Contains(gc, "answer_") {
			t.Errorf("the GC's bundle of the second worker:\n%s", gc)
		}

		// A complaint's bundle is the inspectors': it carries the dispute too.
		cmp := s.must(201, "POST", "/api/v1/payslips/"+own+"/complaints", "", map[string]any{"summary": "十月工资未发"}).str(t, "id")
		cb := bundle("/api/v1/complaints/"+cmp+"/evidence", s.inspector)
		if c := fileOf(t, cb, s.enrs[0]+"/"+evidence.FileCSV); !strings.Contains(c, ",answer_own_link,,disputed,老板代我确认的\r\n") || !strings.Contains(c, ",disputed 老板代我确认的\r\n") {
			t.Errorf("the complaint's bundle:\n%s", c)
		}
	})
}
