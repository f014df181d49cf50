package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

var reissuedLink = regexp.MustCompile(`<code id="payslip-reissued-link">([^<]+)</code>`)

// issuePayslips gives the workers of role's February payroll their links
// as the contractor does, and returns them.
func (f *fixture) issuePayslips(t *testing.T, role string) []service.PayslipLink {
	t.Helper()
	links, err := f.svc.IssuePayslips(f.as(role), f.payrolls[role])
	if err != nil || len(links) == 0 {
		t.Fatalf("issuing payslips: %v %v", links, err)
	}
	return links
}

// status is what GET path answers, without a session (a worker's phone).
func (f *fixture) status(t *testing.T, path string) int {
	t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// An inspector re-issues a worker's payslip link from the payroll's page:
// the new link shows this once (in no address) and opens the worker's page;
// the link the contractor printed still opens it too (a grant of its own,
// left as it was); the same form sent again re-issues nothing (409, said in
// Chinese). The contractor's list is as it was, without the new link; the
// inspector's has it, without its token. Neither the contractor, another
// district's inspector, an administrator nor a form without its CSRF token
// re-issues.
func TestPayslipReissuePage(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		links := f.issuePayslips(t, "gcA")
		old := links[0]
		page := "/console/payrolls/" + f.payrolls["gcA"]
		form := page + "/payslips/" + old.ID + "/reissue"
		b := f.signIn("inspA")
		p := b.get(page)
		if p.status != http.StatusOK || !strings.Contains(p.body, `id="payslips"`) || strings.Count(p.body, `class="action payslip-reissue"`) != len(links) ||
			!strings.Contains(p.body, `action="`+form+`"`) || reissuedLink.MatchString(p.body) {
			t.Fatalf("the payroll's page before: %d\n%s", p.status, p.body)
		}
		for _, l := range links {
			if strings.Contains(p.body, l.Token) {
				t.Fatal("the page shows a link the contractor prints")
			}
		}
		r := b.act(page, form, url.Values{"note": {"工资条被班组长扣留"}})
		m := reissuedLink.FindStringSubmatch(r.body)
		if r.status != http.StatusOK || m == nil || !strings.HasPrefix(m[1], f.srv.URL+"/w/") || r.header.Get("Cache-Control") != "no-store" ||
			!strings.Contains(r.body, "只显示这一次") || !strings.Contains(r.body, old.WorkerName) {
			t.Fatalf("re-issuing: %d\n%s", r.status, r.body)
		}
		fresh := strings.TrimPrefix(m[1], f.srv.URL)
		if got := f.status(t, fresh); got != http.StatusOK {
			t.Fatalf("the new link opens: %d", got)
		}
		if got := f.status(t, "/w/"+old.Token); got != http.StatusOK {
			t.Fatalf("the printed link no longer opens: %d", got)
		}
		again := b.get(page)
		if reissuedLink.MatchString(again.body) || strings.Contains(again.body, fresh) || strings.Contains(again.body, "已撤销") ||
			!strings.Contains(again.body, "监察机构直接交给工人") || strings.Contains(again.body, `action="`+form+`"`) {
			t.Fatalf("the page after:\n%s", again.body)
		}
		// The form sent again (a double click, a reload) makes no second link.
		if twice := b.act(page, form, url.Values{}); twice.status != http.StatusConflict || !strings.Contains(twice.body, "已持有") || reissuedLink.MatchString(twice.body) {
			t.Fatalf("the same form again: %d\n%s", twice.status, twice.body)
		}
		contractor, err := f.svc.ListPayslips(f.as("gcA"), f.payrolls["gcA"])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(contractor, links) {
			t.Fatalf("the contractor's list changed:\n%+v\n%+v", links, contractor)
		}
		after, err := f.svc.ListPayslips(service.WithCaller(context.Background(), service.Caller{KeyID: "key_admin", Role: ledger.RoleAdmin}), f.payrolls["gcA"])
		if err != nil {
			t.Fatal(err)
		}
		direct, next := 0, ""
		for _, l := range after {
			if l.Direct {
				direct, next = direct+1, l.ID
				if l.Token != "" {
					t.Error("the list gives the re-issued link")
				}
			}
		}
		if direct != 1 || len(after) != len(links)+1 {
			t.Fatalf("%d direct links of %d, want 1 of %d", direct, len(after), len(links)+1)
		}
		nextForm := page + "/payslips/" + next + "/reissue"
		if gc := f.signIn("gcA"); strings.Contains(gc.get(page).body, `id="payslips"`) || gc.act(page, nextForm, url.Values{}).status != http.StatusForbidden {
			t.Error("the contractor is offered the links, or re-issues one")
		}
		if other := f.signIn("inspB"); other.act("/console/alerts", nextForm, url.Values{}).status != http.StatusNotFound {
			t.Error("another district's inspector re-issues")
		}
		admin := f.signIn("admin")
		if a := admin.get(page); !strings.Contains(a.body, `id="payslips"`) || strings.Contains(a.body, `class="action payslip-reissue"`) ||
			admin.act(page, nextForm, url.Values{}).status != http.StatusForbidden {
			t.Error("an administrator is offered the button, or re-issues")
		}
		if p := b.post(nextForm, url.Values{}); p.status != http.StatusForbidden {
			t.Errorf("a form without its CSRF token: %d", p.status)
		}
		// In English, the link is told in English.
		b.get("/console/lang?to=en&back=/console/")
		if en := b.act(page, nextForm, url.Values{}); en.status != http.StatusOK || !strings.Contains(en.body, "A new payslip link for") ||
			!strings.Contains(en.body, "Payslip links") || !reissuedLink.MatchString(en.body) {
			t.Fatalf("in English: %d\n%s", en.status, en.body)
		}
	})
}

// The inspector's payroll page tells which link answered each line: the
// printed one (which the employer may hold) or the worker's own.
func TestPayslipPageShowsWhichLinkAnswered(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		links := f.issuePayslips(t, "gcA")
		page := "/console/payrolls/" + f.payrolls["gcA"]
		b := f.signIn("inspA")
		if p := b.get(page); strings.Contains(p.body, `class="payslip-answer"`) {
			t.Fatalf("answers before any:\n%s", p.body)
		}
		ctx := context.Background()
		tok, err := f.svc.OpenPayslip(ctx, links[0].Token)
		if err != nil {
			t.Fatal(err)
		}
		wctx := service.WithCaller(ctx, service.PayslipCaller(tok))
		slip, err := f.svc.Payslip(wctx, tok)
		if err != nil || len(slip.Lines) == 0 {
			t.Fatalf("the payslip: %v", err)
		}
		l := slip.Lines[0]
		if _, err := f.svc.AnswerLine(wctx, tok, l.PayrollID, l.LineNo, ledger.ActionConfirmLine, ""); err != nil {
			t.Fatal(err)
		}
		row := regexp.MustCompile(`(?s)<tr id="payslip-` + links[0].ID + `">.*?</tr>`).FindString(b.get(page).body)
		if want := fmt.Sprintf("第 %d 行：确认", l.LineNo); !strings.Contains(row, want) {
			t.Fatalf("the printed link's row lacks %q:\n%s", want, row)
		}
		if gc := f.signIn("gcA"); strings.Contains(gc.get(page).body, "payslip-answer") {
			t.Error("the contractor reads the answers per link")
		}
	})
}
