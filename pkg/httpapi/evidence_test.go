package httpapi_test

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"

	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestWorkerEvidenceBundle: the region's inspector gets a worker's bundle;
// it verifies against the key the service publishes, names the worker's
// disputed line, the bank's failure and the complaint, and is tied to the
// project's audit chain head, which records the export itself.
func TestWorkerEvidenceBundle(t *testing.T) {
	if _, err := os.Stat(evidence.DefaultFont); err != nil {
		t.Skipf("no CJK font at %s (apt-get install fonts-droid-fallback)", evidence.DefaultFont)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		l1 := int(s.payslip(s.tokens[1])["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
		s.must(200, "POST", "/api/v1/payslips/"+s.tokens[1]+"/dispute", "", answer(s.payroll, l1, "少算了两天"))
		s.must(201, "POST", "/api/v1/payslips/"+s.tokens[1]+"/complaints", "", map[string]any{"summary": "十月工资未发"})
		s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil)
		path := "/api/v1/workers/" + s.enrs[1] + "/evidence?from=2026-09&to=2026-10"
		s.must(403, "GET", path, s.subKey, nil)
		s.must(403, "GET", path, s.admin, nil)
		s.must(422, "GET", "/api/v1/workers/"+s.enrs[1]+"/evidence?from=2026-10&to=2026-09", s.inspector, nil)
		r := s.must(200, "GET", path, s.inspector, nil)
		if r.Header.Get("Content-Type") != "application/zip" {
			t.Fatalf("content type %q", r.Header.Get("Content-Type"))
		}
		key := s.must(200, "GET", "/api/v1/evidence/key", "", nil).json(t)
		pub, err := evidence.ParsePublicKey(key["public_key"].(string))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := evidence.Verify(r.Body, pub)
		if err != nil {
			t.Fatal(err)
		}
		m := rep.Manifest
		var chain bool
		for _, h := range m.AuditHeads {
			chain = chain || (h.Chain == s.project && h.Seq > 0 && h.Hash != "")
		}
		if m.EnrolmentID != s.enrs[1] || m.From != "2026-09" || !chain {
			t.Fatalf("manifest: %+v", m)
		}
		audit := string(s.must(200, "GET", "/api/v1/audit?subject="+s.enrs[1], s.admin, nil).Body)
		if !strings.Contains(audit, "evidence.bundle") {
			t.Errorf("the export is not audited: %s", audit)
		}
		changed := append([]byte(nil), r.Body...)
		changed[len(changed)/3] ^= 0x01
		if _, err := evidence.Verify(changed, pub); err == nil {
			t.Error("a changed byte verifies")
		}
		detachedCovers(t, r, pub)
		if !strings.Contains(csvOf(t, r.Body), "\r\ncomplaint,") {
			t.Error("the inspector's bundle lacks the worker's complaint")
		}
		// The general contractor may make it too, without the complaint; the bank may not.
		gcBundle := s.must(200, "GET", path, s.gcKey, nil).Body
		if csv := csvOf(t, gcBundle); strings.Contains(csv, "complaint") || !strings.Contains(csv, "payroll_line") {
			t.Errorf("the GC's bundle: %s", csv)
		}
		// Its heads carry no seq (which would count the events it cannot
		// see), verify offline, and are found in the trail by their hash.
		gcRep, err := evidence.Verify(gcBundle, pub)
		if err != nil {
			t.Fatal(err)
		}
		heads := gcRep.Manifest.AuditHeads
		for _, h := range heads {
			if h.Seq != 0 || h.Hash == "" {
				t.Errorf("the GC's bundle's head: %+v", h)
			}
		}
		if missing, err := s.svc.EvidenceHeadsNotHeld(t.Context(), heads); err != nil || len(missing) != 0 || len(heads) == 0 {
			t.Errorf("the GC's bundle's heads %v: not held %v, %v", heads, missing, err)
		}
		heads[0].Hash = "v1:" + strings.Repeat("0", 64)
		if missing, err := s.svc.EvidenceHeadsNotHeld(t.Context(), heads); err != nil || len(missing) != 1 {
			t.Errorf("an altered head is held: %v, %v", missing, err)
		}
		s.must(403, "GET", path, s.bankKey, nil)
	})
}

// csvOf is a bundle's statement.csv.
func csvOf(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == evidence.FileCSV {
			rc, _ := f.Open()
			out, _ := io.ReadAll(rc)
			return string(out)
		}
	}
	t.Fatal("no statement.csv")
	return ""
}

// TestComplaintEvidenceBundle: the region's inspector exports one bundle
// for every worker a complaint covers — the complainant and the other
// worker the books show owed for its month — which verifies against the
// published key, names the complaint and both workers, holds each one's
// statement, is audited on the complaint and fails to verify once a byte
// changes. Nobody else makes it.
func TestComplaintEvidenceBundle(t *testing.T) {
	if _, err := os.Stat(evidence.DefaultFont); err != nil {
		t.Skipf("no CJK font at %s (apt-get install fonts-droid-fallback)", evidence.DefaultFont)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		cmp := s.must(201, "POST", "/api/v1/payslips/"+s.tokens[0]+"/complaints", "", map[string]any{"summary": "十月工资未发"}).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil)
		path := "/api/v1/complaints/" + cmp + "/evidence"
		s.must(403, "GET", path, s.gcKey, nil)
		s.must(404, "GET", path, s.subKey, nil)
		s.must(403, "GET", path, s.admin, nil)
		s.must(404, "GET", path, s.key(s.org(ledger.OrgAuthority, "310000"), ledger.RoleInspector), nil)
		s.must(422, "GET", path+"?from=2026-10&to=2026-08", s.inspector, nil)
		r := s.must(200, "GET", path, s.inspector, nil)
		pub, err := evidence.ParsePublicKey(s.must(200, "GET", "/api/v1/evidence/key", "", nil).json(t)["public_key"].(string))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := evidence.Verify(r.Body, pub)
		if err != nil {
			t.Fatal(err)
		}
		m := rep.Manifest
		want := append([]string(nil), s.enrs...)
		sort.Strings(want)
		if m.ComplaintID != cmp || strings.Join(m.EnrolmentIDs, ",") != strings.Join(want, ",") || m.From != "2026-10" || m.To != "2026-10" || len(m.Files) != 4 {
			t.Fatalf("manifest: %+v", m)
		}
		for _, enr := range s.enrs {
			if csv := fileOf(t, r.Body, enr+"/"+evidence.FileCSV); !strings.Contains(csv, enr) || !strings.Contains(csv, "payroll_line") {
				t.Errorf("%s's statement: %s", enr, csv)
			}
		}
		if !strings.Contains(fileOf(t, r.Body, s.enrs[0]+"/"+evidence.FileCSV), "\r\ncomplaint,") {
			t.Error("the complainant's statement lacks the complaint")
		}
		s.auditHas(t, cmp, "evidence.complaint_bundle")
		changed := bytes.Clone(r.Body)
		changed[len(changed)/2] ^= 0x01
		if _, err := evidence.Verify(changed, pub); err == nil {
			t.Error("a changed byte verifies")
		}
		detachedCovers(t, r, pub)
		// A server without its font fails as the server's fault, not as a
		// database to try again (it answered 503 before).
		s.svc.EvidenceFont = "/nonexistent/font.ttf"
		if r := s.do("GET", path, s.inspector, nil); r.Status != 500 {
			t.Errorf("without the font: %d %s", r.Status, r.Body)
		}
	})
}

// fileOf is one file of a bundle.
func fileOf(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			out, _ := io.ReadAll(rc)
			return string(out)
		}
	}
	t.Fatalf("no %s in the bundle", name)
	return ""
}

// detachedCovers checks a bundle's Evidence-Signature: it verifies the
// whole file under the published key, and fails once any byte changed —
// the archive's own comment (its inner signature) too.
func detachedCovers(t *testing.T, r resp, pub ed25519.PublicKey) {
	t.Helper()
	sig := r.Header.Get(httpapi.EvidenceSignatureHeader)
	if err := evidence.VerifyDetached(r.Body, sig, pub); err != nil {
		t.Fatalf("the detached signature %q: %v", sig, err)
	}
	for _, at := range []int{0, len(r.Body) / 2, len(r.Body) - 1} {
		changed := bytes.Clone(r.Body)
		changed[at] ^= 0x01
		if evidence.VerifyDetached(changed, sig, pub) == nil {
			t.Errorf("byte %d of %d changed, and the detached signature verifies", at, len(r.Body))
		}
	}
}
