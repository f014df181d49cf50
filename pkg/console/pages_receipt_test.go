package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

var receiptCode = regexp.MustCompile(`id="complaint-receipt-code"><strong>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3,4})</strong>`)

// An inspector re-issues a complaint's receipt code from its page: the new
// code shows this once (not in any address), opens the complaint's state,
// and the code before it opens nothing; a contractor has no such form.
func TestComplaintReceiptReissuePage(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		id := f.fileComplaint(t, "inspA", f.projectA, "王五")
		page := "/console/complaints/" + id
		b := f.signIn("inspA")
		if p := b.get(page); !strings.Contains(p.body, `id="cmp-receipt"`) || receiptCode.MatchString(p.body) {
			t.Fatalf("the page before: %s", p.body)
		}
		codes := make([]string, 2)
		for i := range codes {
			p := b.act(page, page+"/receipt", url.Values{"note": {"工人遗失回执码"}})
			m := receiptCode.FindStringSubmatch(p.body)
			if p.status != http.StatusOK || m == nil {
				t.Fatalf("re-issue %d: %d %s", i, p.status, p.body)
			}
			codes[i] = m[1]
		}
		if codes[0] == codes[1] {
			t.Fatal("the same code twice")
		}
		if p := b.get(page); receiptCode.MatchString(p.body) {
			t.Error("the code shows again on the page")
		}
		if _, _, err := f.svc.ComplaintReceipt(context.Background(), codes[0]); ledger.ErrorCode(err) != ledger.ENotFound {
			t.Errorf("the replaced code: %v", err)
		}
		if r, _, err := f.svc.ComplaintReceipt(context.Background(), codes[1]); err != nil || r.Status != ledger.ComplaintReceived {
			t.Errorf("the new code: %v %v", r, err)
		}
		if p := f.signIn("gcA").get(page); strings.Contains(p.body, `id="cmp-receipt"`) {
			t.Error("a contractor is offered the form")
		}
	})
}
