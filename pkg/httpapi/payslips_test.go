package httpapi_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The worker's page, the QR code and the evidence bundle are checked against the contract too:
// their bodies are taken as they are.
func init() {
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("image/svg+xml", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/zip", openapi3filter.FileBodyDecoder)
}

var unlimitedPayslips = httpapi.PayslipLimits{PerIP: 1 << 30, BadPerIP: 1 << 30, PerToken: 1 << 30}

// payslipSite is a subcontractor's payroll of two workers, neither line
// signed on paper, with a payslip link issued for each.
type payslipSite struct {
	*site
	bankKey, payroll string
	enrs, tokens     []string
	inspector        string
}

func newPayslipSite(t *testing.T, db *store.DB) *payslipSite {
	// A district of its own (rg): the inspector's complaints and orders
	// are this site's alone on the shared database.
	e := newEnv(t, db)
	s := &payslipSite{site: newSiteOf(e, e.rg("110105"))}
	s.bankKey = s.key(s.bank, ledger.RoleBank)
	s.inspector = s.key(s.org(ledger.OrgAuthority, e.rg("110105")), ledger.RoleInspector)
	var lines []map[string]string
	for i := range 2 {
		e := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.sub, s.bank))
		s.enrs = append(s.enrs, e)
		l := payLine(e, fmt.Sprintf("%d.00", 6000+i), "500.00", fmt.Sprintf("%d.00", 5500+i))
		l["confirmed"] = "no"
		lines = append(lines, l)
	}
	s.payroll = s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": lines}).str(t, "id")
	items := s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips", s.gcKey, nil).json(t)["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("issued %d payslips, want 2", len(items))
	}
	for _, enr := range s.enrs {
		for _, it := range items {
			m := it.(map[string]any)
			if m["enrolment_id"] == enr {
				s.tokens = append(s.tokens, tokenOf(t, m["url"].(string)))
			}
		}
	}
	return s
}

func tokenOf(t *testing.T, link string) string {
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/w/") {
		t.Fatalf("payslip url %q", link)
	}
	return strings.TrimPrefix(u.Path, "/w/")
}

func (s *payslipSite) payslip(token string) map[string]any {
	return s.must(200, "GET", "/api/v1/payslips/"+token, "", nil).json(s.t)
}

func answer(payroll string, line int, reason string) map[string]any {
	return map[string]any{"payroll_id": payroll, "line_no": line, "reason": reason}
}

// TestPayslipWorkerFlow: a worker opens their link, sees only their own
// line with the identity masked, confirms it (again changes nothing); the
// other disputes theirs; approval counts the answers; the bank's payment
// shows on the page; a revoked link opens nothing.
func TestPayslipWorkerFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		// Issuing again keeps every live link.
		again := s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips", s.gcKey, nil).json(t)["items"].([]any)
		if len(again) != 2 || s.count("payslip_tokens") != 2 {
			t.Fatalf("issuing again: %d links, %d records", len(again), s.count("payslip_tokens"))
		}
		// The database keeps no token.
		if n := s.count("payslip_tokens"); n != 2 {
			t.Fatal(n)
		}
		var stored string
		if err := db.Get(t.Context(), &stored, "SELECT token_hash FROM payslip_tokens WHERE enrolment_id = ?", s.enrs[0]); err != nil || stored == s.tokens[0] || strings.Contains(s.tokens[0], stored) {
			t.Fatalf("stored %q for token %q (%v)", stored, s.tokens[0], err)
		}

		p := s.payslip(s.tokens[0])
		lines := p["lines"].([]any)
		if len(lines) != 1 || p["period"] != "2026-10" || p["owed"] != "0.00" || lines[0].(map[string]any)["answer"] != "silent" {
			t.Fatalf("payslip: %v", p)
		}
		v, _ := enrolled.Load(s.enrs[0])
		id := v.(map[string]any)["id_number"].(string)
		other, _ := enrolled.Load(s.enrs[1])
		body := string(s.do("GET", "/api/v1/payslips/"+s.tokens[0], "", nil).Body)
		if strings.Contains(body, id) || !strings.Contains(body, id[:4]+"**********") || strings.Contains(body, other.(map[string]any)["name"].(string)) || strings.Contains(body, s.enrs[1]) {
			t.Fatalf("the payslip shows more than its worker's own, masked: %s", body)
		}
		line := func(i int) int {
			return int(s.payslip(s.tokens[i])["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
		}
		l0, l1 := line(0), line(1)

		r := s.must(200, "POST", "/api/v1/payslips/"+s.tokens[0]+"/confirm", "", answer(s.payroll, l0, "")).json(t)
		if r["state"] != "confirmed" || r["changed"] != true {
			t.Fatalf("confirm: %v", r)
		}
		if r := s.must(200, "POST", "/api/v1/payslips/"+s.tokens[0]+"/confirm", "", answer(s.payroll, l0, "")).json(t); r["changed"] != false {
			t.Fatalf("confirm again: %v", r)
		}
		// A token cannot answer another worker's line.
		s.must(404, "POST", "/api/v1/payslips/"+s.tokens[0]+"/dispute", "", answer(s.payroll, l1, "not mine"))
		s.must(422, "POST", "/api/v1/payslips/"+s.tokens[1]+"/dispute", "", answer(s.payroll, l1, " "))
		s.must(200, "POST", "/api/v1/payslips/"+s.tokens[1]+"/dispute", "", answer(s.payroll, l1, "少算了两天"))
		s.must(409, "POST", "/api/v1/payslips/"+s.tokens[1]+"/dispute", "", answer(s.payroll, l1, "另一个理由"))

		// The answers are audited under the token's identity.
		audit := string(s.must(200, "GET", "/api/v1/audit?subject="+url.QueryEscape(fmt.Sprintf("%s#%d", s.payroll, l1)), s.admin, nil).Body)
		if !strings.Contains(audit, `"payslip/pst_`) || !strings.Contains(audit, "payroll_line.dispute") {
			t.Fatalf("audit: %s", audit)
		}

		pay := s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, s.gcKey, nil).json(t)
		if c := pay["worker_confirmations"].(map[string]any); c["confirmed"] != 1.0 || c["disputed"] != 1.0 || c["silent"] != 0.0 {
			t.Fatalf("confirmations: %v", c)
		}
		approved := s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil).json(t)
		if w := approved["worker_confirmations"].(map[string]any)["warnings"].([]any); len(w) != 1 || !strings.Contains(w[0].(string), "1 of 2 lines are disputed") {
			t.Fatalf("approval warnings: %v", approved)
		}
		// Once approved, a confirmed line stands, and so does a dispute
		// (TestADisputeThroughThePrintedLinkStands).
		s.must(409, "POST", "/api/v1/payslips/"+s.tokens[0]+"/dispute", "", answer(s.payroll, l0, "late"))
		s.must(409, "POST", "/api/v1/payslips/"+s.tokens[1]+"/confirm", "", answer(s.payroll, l1, ""))

		// The bank pays the first worker: their page shows it.
		var insID string
		for _, it := range s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/instructions", s.gcKey, nil).json(t)["items"].([]any) {
			if m := it.(map[string]any); m["enrolment_id"] == s.enrs[0] {
				insID = m["id"].(string)
			}
		}
		s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": []any{item(insID, "paid", "5500.00", "BR-PAID-1")}})
		p = s.payslip(s.tokens[0])
		pays := p["payments"].([]any)
		if p["owed"] != "5500.00" || p["paid"] != "5500.00" || p["unpaid"] != "0.00" || len(pays) != 1 || pays[0].(map[string]any)["bank_ref"] != "BR-PAID-1" {
			t.Fatalf("payslip after payment: %v", p)
		}
		if p := s.payslip(s.tokens[1]); p["unpaid"] != "5501.00" || len(p["payments"].([]any)) != 0 {
			t.Fatalf("the unpaid worker's payslip: %v", p)
		}

		// The page: Chinese by default (no Accept-Language), English on request, no cache, the token never logged.
		page := s.must(200, "GET", "/w/"+s.tokens[0], "", nil, "Accept-Language", "")
		if !strings.Contains(string(page.Body), "我的工资条") || !strings.Contains(string(page.Body), "BR-PAID-1") || page.Header.Get("Cache-Control") != "no-store" ||
			!strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("page: %v %s", page.Header, page.Body)
		}
		if en := s.must(200, "GET", "/w/"+s.tokens[0], "", nil, "Accept-Language", "en-GB,en;q=0.9"); !strings.Contains(string(en.Body), "My payslip") {
			t.Fatalf("English page: %s", en.Body)
		}
		if strings.Contains(s.logs.String(), s.tokens[0]) {
			t.Fatal("a payslip token in the logs")
		}

		// A tampered token, and a revoked one, open nothing.
		tampered := s.tokens[0][:len(s.tokens[0])-2] + map[bool]string{true: "AA", false: "BB"}[!strings.HasSuffix(s.tokens[0], "AA")]
		s.must(404, "GET", "/api/v1/payslips/"+tampered, "", nil)
		var tokID string
		for _, it := range again {
			if m := it.(map[string]any); m["enrolment_id"] == s.enrs[0] {
				tokID = m["id"].(string)
			}
		}
		s.must(403, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+tokID+"/revoke", s.bankKey, nil) // the bank sees the payroll, hands out no payslips
		if qr := s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/payslips/"+tokID+"/qr.svg", s.subKey, nil); !strings.HasPrefix(string(qr.Body), "<svg") || qr.Header.Get("Content-Type") != "image/svg+xml" {
			t.Fatalf("QR: %v %s", qr.Header, qr.Body)
		}
		if r := s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+tokID+"/revoke", s.gcKey, nil).json(t); r["state"] != "revoked" || r["url"] != nil {
			t.Fatalf("revoked: %v", r)
		}
		s.must(404, "GET", "/api/v1/payslips/"+s.tokens[0], "", nil)
		s.must(404, "POST", "/api/v1/payslips/"+s.tokens[0]+"/confirm", "", answer(s.payroll, l0, ""))
		if gone := s.must(404, "GET", "/w/"+s.tokens[0], "", nil, "Accept-Language", ""); !strings.Contains(string(gone.Body), "撤销") {
			t.Fatalf("revoked page: %s", gone.Body)
		}
		// Issuing again gives the worker a new link.
		links := s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips", s.gcKey, nil).json(t)["items"].([]any)
		if len(links) != 3 || s.count("payslip_tokens") != 3 {
			t.Fatalf("after revoking, issuing: %v", links)
		}
	})
}

// TestPayslipStaysInItsGrant: a token shows its own month only, and cannot
// answer a line of another month of its own worker.
func TestPayslipStaysInItsGrant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		l := payLine(s.enrs[0], "7000.00", "0", "7000.00")
		nov := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-11", "lines": []any{l}}).str(t, "id")
		p := s.payslip(s.tokens[0])
		if lines := p["lines"].([]any); len(lines) != 1 || lines[0].(map[string]any)["payroll_id"] != s.payroll {
			t.Fatalf("October's payslip: %v", p)
		}
		s.must(404, "POST", "/api/v1/payslips/"+s.tokens[0]+"/confirm", "", answer(nov, 1, ""))
		s.must(201, "POST", "/api/v1/payslips/"+s.tokens[0]+"/complaints", "", map[string]any{"summary": "十月工资未发"})
		// The page's own forms: a confirmation redirects back to the page.
		form := url.Values{"action": {"confirm"}, "payroll_id": {s.payroll}, "line_no": {"1"}}
		for i, tok := range s.tokens {
			lineNo := int(s.payslip(tok)["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
			form.Set("line_no", fmt.Sprint(lineNo))
			r := s.do("POST", "/w/"+tok, "", form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
			if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/w/"+tok) {
				t.Fatalf("form %d: %d %v %s", i, r.Status, r.Header, r.Body)
			}
		}
		if c := s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, s.gcKey, nil).json(t)["worker_confirmations"].(map[string]any); c["confirmed"] != 2.0 {
			t.Fatalf("after the forms: %v", c)
		}
		// A refusal shows the page with why, in the worker's language.
		empty := url.Values{"action": {"dispute"}, "payroll_id": {s.payroll}, "line_no": {form.Get("line_no")}, "reason": {""}}.Encode()
		if r := s.do("POST", "/w/"+s.tokens[1], "", empty, "Content-Type", "application/x-www-form-urlencoded", "Accept-Language", "zh-CN"); r.Status != 422 || !strings.Contains(string(r.Body), "填写的内容有误") {
			t.Fatalf("an empty dispute on the page: %d %s", r.Status, r.Body)
		}
		// The complaint form posted twice files two complaints, each with
		// its own receipt page: answering the second with the first would
		// tell whoever holds the link (the contractor) that the worker had
		// complained (LSIR Art. 9; TestRepeatFilingTellsNothing).
		complain := url.Values{"action": {"complaint"}, "summary": {"十一月工资未发"}, "workers": {"1"}}.Encode()
		for i := range 2 {
			if r := s.do("POST", "/w/"+s.tokens[1], "", complain, "Content-Type", "application/x-www-form-urlencoded"); r.Status != 200 ||
				!strings.Contains(string(r.Body), "/w/receipts/") {
				t.Fatalf("complaint form, post %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		if cs := s.must(200, "GET", "/api/v1/complaints?project_id="+s.project, s.inspector, nil).json(t)["items"].([]any); len(cs) != 3 {
			t.Fatalf("complaints after one by API and the form posted twice: %d, want 3", len(cs))
		}
	})
}

// TestPayslipShowsNoComplaint: the contractor hands out the payslip link, so
// whoever holds it must not learn the worker complained (LSIR Art. 9): the
// API answer and the /w/ page are byte-identical before and after the worker
// files a complaint, by the API and by the page's form.
//
// The page says where a complaint is followed (the receipt code), the same
// before and after one is filed, so that it tells the link's holder
// nothing of one.
func TestPayslipShowsNoComplaint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		tok := s.tokens[0]
		bodies := func() (string, string) {
			api := s.must(200, "GET", "/api/v1/payslips/"+tok, "", nil)
			page := s.do("GET", "/w/"+tok, "", "", "Accept-Language", "zh-CN")
			if page.Status != 200 {
				t.Fatalf("page: %d %s", page.Status, page.Body)
			}
			return string(api.Body), withoutNonce(string(page.Body))
		}
		api0, page0 := bodies()
		// The printed page tells every worker, complaint or none, where a
		// complaint is followed: by its receipt code.
		if !strings.Contains(page0, `id="complaints-where"`) || !strings.Contains(page0, "回执编号") {
			t.Fatalf("the printed page does not say where to follow a complaint:\n%s", page0)
		}
		s.must(201, "POST", "/api/v1/payslips/"+tok+"/complaints", "", map[string]any{"summary": "十月工资未发"})
		form := url.Values{"action": {"complaint"}, "summary": {"十一月工资未发"}, "workers": {"1"}}.Encode()
		if r := s.do("POST", "/w/"+tok, "", form, "Content-Type", "application/x-www-form-urlencoded"); r.Status != 200 { // the receipt page
			t.Fatalf("complaint form: %d %s", r.Status, r.Body)
		}
		if cs := s.must(200, "GET", "/api/v1/complaints?project_id="+s.project, s.inspector, nil).json(t)["items"].([]any); len(cs) != 2 {
			t.Fatalf("complaints filed: %d, want 2", len(cs))
		}
		api1, page1 := bodies()
		if api1 != api0 {
			t.Fatalf("the payslip's answer changed after a complaint:\nbefore %s\nafter  %s", api0, api1)
		}
		if page1 != page0 {
			t.Fatalf("the payslip page changed after a complaint:\nbefore %s\nafter  %s", page0, page1)
		}
	})
}

// TestApprovalBlockedByPolicy: with payslip.unconfirmed.block_approval at 1,
// a payroll with an unconfirmed line is not approved until it is confirmed.
func TestApprovalBlockedByPolicy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		var err error
		s.svc.Policy, err = ledger.ParsePolicy([]byte(`{"params":[{"region":"110000","from":"2025-01-01","source":"test","values":{"payslip.unconfirmed.block_approval":1}}]}`))
		if err != nil {
			t.Fatal(err)
		}
		r := s.must(409, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil)
		if !strings.Contains(r.str(t, "detail"), "2 of 2 lines are not confirmed") {
			t.Fatalf("refusal: %s", r.Body)
		}
		for _, tok := range s.tokens {
			lineNo := s.payslip(tok)["lines"].([]any)[0].(map[string]any)["line_no"]
			s.must(200, "POST", "/api/v1/payslips/"+tok+"/confirm", "", map[string]any{"payroll_id": s.payroll, "line_no": lineNo})
		}
		s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil)
	})
}

// TestPayslipRateLimits: bad tokens from one address stop that address, and
// one token is limited on its own.
func TestPayslipRateLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		s.api = httpapi.New(s.svc, httpapi.Options{PayslipLimits: httpapi.PayslipLimits{PerIP: 100, BadPerIP: 3, PerToken: 2}})
		for range 2 {
			s.must(200, "GET", "/api/v1/payslips/"+s.tokens[0], "", nil)
		}
		if r := s.must(429, "GET", "/api/v1/payslips/"+s.tokens[0], "", nil); r.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
		for i := range 3 {
			s.must(404, "GET", "/api/v1/payslips/pst_guess"+itoa(i), "", nil)
		}
		// The address is refused now, even with a good token.
		s.must(429, "GET", "/api/v1/payslips/"+s.tokens[1], "", nil)
		s.must(429, "GET", "/w/"+s.tokens[1], "", nil)
	})
}

// A guesser cannot name another address in X-Forwarded-For to escape the
// limit: no proxy is trusted unless the operator names it, and then only
// the address it reports for its own clients counts.
func TestPayslipRateLimitsIgnoreForwardedForFromClients(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		s.api = httpapi.New(s.svc, httpapi.Options{PayslipLimits: httpapi.PayslipLimits{PerIP: 100, BadPerIP: 3, PerToken: 2}})
		for i := range 3 {
			s.must(404, "GET", "/api/v1/payslips/pst_guess"+itoa(i), "", nil, "X-Forwarded-For", "198.51.100."+itoa(i+1))
		}
		s.must(429, "GET", "/api/v1/payslips/pst_guess9", "", nil, "X-Forwarded-For", "203.0.113.7")
		// Behind a proxy the operator trusts, the client it names is what counts.
		s.api = httpapi.New(s.svc, httpapi.Options{PayslipLimits: httpapi.PayslipLimits{PerIP: 100, BadPerIP: 3, PerToken: 2},
			TrustedProxies: []string{"192.0.2.1", "127.0.0.1", "::1"}})
		for i := range 3 {
			s.must(404, "GET", "/api/v1/payslips/pst_guess"+itoa(i), "", nil, "X-Forwarded-For", "198.51.100.1")
		}
		s.must(429, "GET", "/api/v1/payslips/pst_guess9", "", nil, "X-Forwarded-For", "198.51.100.1")
		s.must(404, "GET", "/api/v1/payslips/pst_guess9", "", nil, "X-Forwarded-For", "198.51.100.2")
	})
}

// TestExpiredPayslipOpensNothing: past its expiry a payslip link opens
// neither the page nor the API, files nothing, and names no one: the
// answer is the same "no such link" as for a link that never was.
func TestExpiredPayslipOpensNothing(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			clock := storetest.NewClock(time.Now())
			s := newPayslipSite(t, storetest.New(t, dialect, store.WithClock(clock.Now)))
			tok := s.tokens[0]
			name := s.payslip(tok)["worker"]
			if name == nil {
				t.Fatal("the live link shows no worker: the test would prove nothing")
			}
			clock.Advance(2 * 366 * 24 * time.Hour)
			for _, r := range []resp{
				s.do("GET", "/api/v1/payslips/"+tok, "", nil),
				s.do("GET", "/w/"+tok, "", nil, "Accept-Language", "zh-CN"),
				s.do("POST", "/api/v1/payslips/"+tok+"/complaints", "", map[string]any{"summary": "十月工资未发"}),
				s.do("POST", "/api/v1/payslips/"+tok+"/confirm", "", answer(s.payroll, 1, "")),
				s.do("POST", "/w/"+tok, "", url.Values{"action": {"complaint"}, "summary": {"十月工资未发"}}.Encode(), "Content-Type", "application/x-www-form-urlencoded"),
			} {
				if r.Status != 404 || strings.Contains(string(r.Body), s.enrs[0]) || strings.Contains(string(r.Body), "6000.00") || r.Header.Get(httpapi.ReceiptHeader) != "" {
					t.Errorf("an expired link answered %d: %s", r.Status, r.Body)
				}
			}
			if n := s.count("complaints"); n != 0 {
				t.Errorf("an expired link filed %d complaints", n)
			}
		})
	}
}
