package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestTheContractorCannotTellAGrant (LSIR Art. 9): two sites, the same
// payroll and the same answers through the printed copies; on one the
// inspectors give both workers a link of their own first, and the workers
// answer through it (a dispute, a confirmation). Everything the general
// contractor and the subcontractor observe is byte for byte the same on
// both sites, once each site's own identifiers, names and clock times are
// named alike: the approval counts, the links list (each link), the printed pages, the
// approval gate's refusal under a blocking policy and its warnings under
// the default one, the payroll after approval, and the contractor's
// evidence bundle of each worker. The inspectors, on the site with the
// grants, read the true standing (the worker's dispute, the printed copy's
// confirmation as employer_copy).
func TestTheContractorCannotTellAGrant(t *testing.T) {
	bundles := true
	if _, err := os.Stat(evidence.DefaultFont); err != nil {
		if os.Getenv("WAGEGUARD_TEST_REQUIRE_CHROMIUM") == "1" || os.Getenv("CI") != "" {
			t.Fatalf("no CJK font at %s, and CI requires the evidence bundles: apt-get install -y fonts-droid-fallback", evidence.DefaultFont)
		}
		bundles = false // the bundles need the CJK font; every other view is still compared
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		views := func(grant bool) []string {
			s := newPayslipSite(t, db)
			line := func(i int) int {
				return int(s.payslip(s.tokens[i])["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
			}
			l0, l1 := line(0), line(1)
			if grant {
				for i, act := range []string{"dispute", "confirm"} {
					old := s.linkOf(s.gcKey, s.enrs[i])["id"].(string)
					r := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old+"/reissue", s.inspector, map[string]string{"note": "用工单位扣留工资条"}).json(t)
					s.must(200, "POST", "/api/v1/payslips/"+tokenOf(t, r["url"].(string))+"/"+act, "", answer(s.payroll, []int{l0, l1}[i], "老板代我确认的"))
				}
			}
			// The same answer through the printed copy on both sites: after
			// the grant on the one that has it.
			s.must(200, "POST", "/api/v1/payslips/"+s.tokens[0]+"/confirm", "", answer(s.payroll, l0, ""))
			if grant {
				c := s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, s.inspector, nil).json(t)["worker_confirmations"].(map[string]any)
				if got := fmt.Sprint(c["confirmed"], c["disputed"], c["silent"], c["employer_copy"]); got != "1 1 0 0" {
					t.Errorf("the inspectors read %v, want the worker's confirmation through their own link and their dispute", c)
				}
			}
			norm := siteNames(s)
			var out []string
			see := func(what string, body []byte) { out = append(out, what+"\n"+norm(string(body))) }
			for _, key := range []string{s.gcKey, s.subKey} {
				see("payroll", s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, key, nil).Body)
				// Each worker's link of the list (which is in the links' ID
				// order, random on each site).
				for _, enr := range s.enrs {
					b, _ := json.Marshal(s.linkOf(key, enr))
					see("link", b)
				}
			}
			for _, tok := range s.tokens {
				see("printed page", s.must(200, "GET", "/api/v1/payslips/"+tok, "", nil).Body)
			}
			orig := s.svc.Policy
			var err error
			s.svc.Policy, err = ledger.ParsePolicy([]byte(`{"params":[{"region":"110000","from":"2025-01-01","source":"test","values":{"payslip.unconfirmed.block_approval":1}}]}`))
			if err != nil {
				t.Fatal(err)
			}
			see("refused", s.must(409, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil).Body)
			s.svc.Policy = orig
			see("approved", s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil).Body)
			see("payroll approved", s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, s.gcKey, nil).Body)
			if bundles {
				for _, enr := range s.enrs {
					see("bundle", []byte(archiveText(t, s.must(200, "GET", "/api/v1/workers/"+enr+"/evidence?from=2026-09&to=2026-10", s.gcKey, nil).Body)))
				}
			}
			return out
		}
		without, with := views(false), views(true)
		for i := range without {
			if without[i] != with[i] {
				t.Errorf("the contractor tells the grant by its view of the %s", strings.SplitN(with[i], "\n", 2)[0])
				t.Logf("without a grant:\n%s\nwith one:\n%s", without[i], with[i])
			}
		}
	})
}

var (
	anyID       = regexp.MustCompile(`\b[a-z]{3}_[0-9a-z]{16,}([#_]\d+)?\b|\b[0-9a-f]{64}\b|\b[0-9a-z]{16}\.[0-9A-Za-z_-]{20,}\b`)
	clockTime   = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)`)
	maskedID    = regexp.MustCompile(`\d{4}\*{10}\d{3}[\dX]`)
	maskedCard  = regexp.MustCompile(`\d{4} \*{4} \*{4} \d{4}`)
	madeName    = regexp.MustCompile(`\b(general_contractor|subcontractor|owner|bank|authority) \d+\b|\bS-\d+\b`)
	requestIDIn = regexp.MustCompile(`"request_id":"[^"]*"`)
	fileBytes   = regexp.MustCompile(`"bytes": \d+`)
	signingKey  = regexp.MustCompile(`"public_key": "[^"]*"`)
)

// siteNames names a site's own identifiers, names, numbers and clock
// times in a body by their order of first appearance, so that two sites
// made alike read alike.
func siteNames(s *payslipSite) func(string) string {
	var names []string
	for _, enr := range s.enrs {
		if v, ok := enrolled.Load(enr); ok {
			names = append(names, v.(map[string]any)["name"].(string))
		}
	}
	names = append(names, s.tokens...)
	return func(body string) string {
		for i, n := range names {
			body = strings.ReplaceAll(body, n, fmt.Sprintf("<name %d>", i))
		}
		body = requestIDIn.ReplaceAllString(body, `"request_id":"<request>"`)
		for _, re := range []*regexp.Regexp{anyID, clockTime, maskedID, maskedCard, madeName} {
			seen := map[string]string{}
			body = re.ReplaceAllStringFunc(body, func(m string) string {
				if _, ok := seen[m]; !ok {
					seen[m] = fmt.Sprintf("<%d>", len(seen))
				}
				return seen[m]
			})
		}
		return body
	}
}

// archiveText is what a bundle says in text, every file of it the
// contractor can read: the CSV statement and the manifest (with the audit
// chain heads it ties to, and the PDF's sum and size); the signatures,
// random per key, and the PDF's compressed bytes are left out.
func archiveText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, f := range zr.File {
		if f.Name != evidence.FileCSV && f.Name != evidence.FileManifest {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		// The files' sizes follow the sites' made-up names, and each site
		// signs with its own key.
		body = fileBytes.ReplaceAll(body, []byte(`"bytes": <n>`))
		body = signingKey.ReplaceAll(body, []byte(`"public_key": <key>`))
		fmt.Fprintf(&out, "%s\n%s\n", f.Name, body)
	}
	if !strings.Contains(out.String(), evidence.FileManifest) {
		t.Fatal("no manifest.json")
	}
	return out.String()
}
