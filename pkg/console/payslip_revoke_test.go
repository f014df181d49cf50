package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// An inspector revokes, from the payroll's page, the link the inspectors
// gave a worker straight: from then on it opens nothing; once revoked, the
// same row offers to mark it misused, and after that says it is marked. The
// contractor's page has neither form and its post is refused; the page
// speaks English once asked to.
func TestPayslipRevokeDirectPage(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		links := f.issuePayslips(t, "gcA")
		page := "/console/payrolls/" + f.payrolls["gcA"]
		b := f.signIn("inspA")
		if p := b.get(page); strings.Contains(p.body, `class="action payslip-revoke"`) {
			t.Fatalf("a revoke form before any direct link:\n%s", p.body)
		}
		r := b.act(page, page+"/payslips/"+links[0].ID+"/reissue", url.Values{"note": {"工资条被班组长扣留"}})
		m := reissuedLink.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("re-issuing: %d\n%s", r.status, r.body)
		}
		token := strings.TrimPrefix(m[1], f.srv.URL)
		direct := regexp.MustCompile(`action="(` + regexp.QuoteMeta(page) + `/payslips/(pst_[a-z0-9]+)/revoke-direct)"`).FindStringSubmatch(b.get(page).body)
		if direct == nil || strings.Count(b.get(page).body, `class="action payslip-revoke"`) != 1 || !strings.Contains(b.get(page).body, "撤销工人本人链接") {
			t.Fatalf("the payroll's page offers no revocation of the direct link:\n%s", b.get(page).body)
		}
		if gc := f.signIn("gcA"); strings.Contains(gc.get(page).body, "payslip-revoke") || gc.act(page, direct[1], url.Values{}).status != http.StatusForbidden {
			t.Fatal("the contractor sees or posts the revocation")
		}
		if f.status(t, token) != http.StatusOK {
			t.Fatalf("the direct link does not open before its revocation")
		}
		if p := b.act(page, direct[1], url.Values{"note": {"工人手机丢失"}}); p.status != http.StatusOK || !strings.Contains(p.body, "标记为被冒用") {
			t.Fatalf("revoking: %d\n%s", p.status, p.body)
		}
		if f.status(t, token) != http.StatusNotFound {
			t.Errorf("the revoked link still opens")
		}
		p := b.act(page, direct[1], url.Values{"misused": {"1"}, "note": {"老板拿着工人的手机确认"}})
		if p.status != http.StatusOK || !strings.Contains(p.body, `class="payslip-misused"`) || strings.Contains(p.body, `class="action payslip-revoke"`) {
			t.Fatalf("marking misused: %d\n%s", p.status, p.body)
		}
		var misused int
		if err := f.db.Get(t.Context(), &misused, "SELECT misused FROM payslip_tokens WHERE id = ? AND revoked_at IS NOT NULL", direct[2]); err != nil || misused != 1 {
			t.Errorf("the link as recorded: misused %d, %v", misused, err)
		}
		b.get("/console/lang?to=en&back=/console/")
		if en := b.get(page); !strings.Contains(en.body, "marked misused") {
			t.Errorf("the page in English:\n%s", en.body)
		}
	})
}
