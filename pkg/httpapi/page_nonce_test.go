package httpapi_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

var formNonceRE = regexp.MustCompile(`name="nonce" value="([0-9a-f]{32})"`)

// withoutNonce is a payslip page without its complaint form's nonce, which
// is fresh at each render.
func withoutNonce(page string) string {
	return formNonceRE.ReplaceAllString(page, `name="nonce" value=""`)
}

// TestComplaintFormNonce: the worker page's complaint form carries a nonce
// of its render, under which a double tap or a browser's re-post files one
// complaint; the repeat answers the receipt without its code. Two renders
// file two complaints; a form without a nonce files one a post; the same
// nonce with other words files nothing. The nonce is scoped to the link:
// another worker's form under the same nonce files its own complaint.
func TestComplaintFormNonce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		render := func(tok string) string {
			m := formNonceRE.FindStringSubmatch(string(s.must(200, "GET", "/w/"+tok, "", nil).Body))
			if m == nil {
				t.Fatalf("the page's complaint form has no nonce")
			}
			return m[1]
		}
		filed := 0
		post := func(tok, nonce, summary string, wantCode bool) {
			t.Helper()
			form := url.Values{"action": {"complaint"}, "summary": {summary}, "workers": {"1"}}
			if nonce != "" {
				form.Set("nonce", nonce)
			}
			r := s.do("POST", "/w/"+tok, "", form.Encode(), "Content-Type", "application/x-www-form-urlencoded", "Accept-Language", "zh-CN")
			body := string(r.Body)
			if r.Status != 200 || strings.Contains(body, "您的回执码") != wantCode || strings.Contains(body, `href="/w/receipts/`) != wantCode ||
				strings.Contains(body, "同一份表单") == wantCode {
				t.Fatalf("post (nonce %q, code wanted %v): %d %s", nonce, wantCode, r.Status, body)
			}
			if wantCode {
				filed++
			}
			if cs := s.must(200, "GET", "/api/v1/complaints?project_id="+s.project, s.inspector, nil).json(t)["items"].([]any); len(cs) != filed {
				t.Fatalf("complaints filed: %d, want %d", len(cs), filed)
			}
		}
		n1 := render(s.tokens[0])
		post(s.tokens[0], n1, "十月工资未发", true)
		post(s.tokens[0], n1, "十月工资未发", false) // a double tap
		post(s.tokens[0], n1, "十月工资未发", false) // a browser's re-post
		n2 := render(s.tokens[0])
		if n2 == n1 {
			t.Fatalf("two renders, one nonce %s", n1)
		}
		post(s.tokens[0], n2, "十月工资未发", true)
		post(s.tokens[0], "", "十月工资未发", true)
		post(s.tokens[0], "", "十月工资未发", true)
		// Scoped to the link: the same nonce on another worker's link.
		post(s.tokens[1], n1, "十月工资未发", true)
		// The same nonce with other words: refused on the page, nothing filed.
		r := s.do("POST", "/w/"+s.tokens[0], "", url.Values{"action": {"complaint"}, "summary": {"十一月工资未发"}, "nonce": {n1}}.Encode(),
			"Content-Type", "application/x-www-form-urlencoded", "Accept-Language", "zh-CN")
		if r.Status != 409 || !strings.Contains(string(r.Body), "重新打开本页") || r.Header.Get(httpapi.ReceiptHeader) != "" {
			t.Fatalf("other words under a used nonce: %d %s", r.Status, r.Body)
		}
		if cs := s.must(200, "GET", "/api/v1/complaints?project_id="+s.project, s.inspector, nil).json(t)["items"].([]any); len(cs) != filed {
			t.Fatalf("complaints filed: %d, want %d", len(cs), filed)
		}
	})
}
