package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// auditActions are the audit actions recorded about subject, written or queued.
func auditActions(t *testing.T, db *store.DB, subject string) []string {
	var actions []string
	if err := db.Select(context.Background(), &actions, `SELECT action FROM audit_queue WHERE subject = ? UNION ALL SELECT action FROM audit_log WHERE subject = ?`,
		subject, subject); err != nil {
		t.Fatal(err)
	}
	return actions
}

// TestComplaintReceipt: a worker's complaint answers its receipt code once,
// in a header (a replay under the same key shows none; the same words
// filed again without the key are a new complaint with its own code); the
// code opens the complaint's state and deadlines and nothing else, typed in
// any case with or without dashes; the database keeps no code; an
// inspector's re-issue kills the old code; and the payslip and its page are
// the same bytes as before any complaint.
func TestComplaintReceipt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		tok := s.tokens[0]
		api0 := string(s.must(200, "GET", "/api/v1/payslips/"+tok, "", nil).Body)
		page0 := withoutNonce(string(s.must(200, "GET", "/w/"+tok, "", nil).Body))
		filed := s.must(201, "POST", "/api/v1/payslips/"+tok+"/complaints", "", map[string]any{"summary": "十月工资未发"}, "Idempotency-Key", "rc-1")
		code := filed.Header.Get(httpapi.ReceiptHeader)
		// Five groups: 16 random characters, then the first four of the
		// project's own ID (ledger.ReceiptCodeIn).
		if len(code) != 24 || !strings.HasSuffix(code, "-"+strings.ToUpper(strings.TrimPrefix(s.project, "prj_")[:4])) || strings.Contains(string(filed.Body), code) {
			t.Fatalf("receipt code %q (body %s)", code, filed.Body)
		}
		cmp := filed.str(t, "id")
		if again := s.must(201, "POST", "/api/v1/payslips/"+tok+"/complaints", "", map[string]any{"summary": "十月工资未发"}, "Idempotency-Key", "rc-1"); again.Header.Get(httpapi.ReceiptHeader) != "" {
			t.Error("a replay shows the receipt code again")
		}
		// The same words again without the key are a complaint of their
		// own, with its own id and code (LSIR Art. 9: see TestRepeatFilingTellsNothing).
		if repeat := s.must(201, "POST", "/api/v1/payslips/"+tok+"/complaints", "", map[string]any{"summary": "十月工资未发"}); repeat.Header.Get(httpapi.ReceiptHeader) == "" ||
			repeat.Header.Get(httpapi.ReceiptHeader) == code || repeat.str(t, "id") == cmp {
			t.Errorf("a repeat of the complaint: %s, receipt %q", repeat.Body, repeat.Header.Get(httpapi.ReceiptHeader))
		}
		// The database holds neither the code nor anything that is it.
		for _, q := range []string{`SELECT COUNT(*) FROM complaints WHERE receipt_hash LIKE ? OR summary LIKE ?`,
			`SELECT COUNT(*) FROM idempotency_keys WHERE response LIKE ? OR response LIKE ?`} {
			var n int
			if err := db.Get(context.Background(), &n, q, "%"+code+"%", "%"+strings.ReplaceAll(code, "-", "")+"%"); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s: the code is stored", q)
			}
		}
		for _, typed := range []string{code, strings.ToLower(code), strings.ReplaceAll(code, "-", "")} {
			r := s.must(200, "GET", "/api/v1/complaints/receipts/"+url.PathEscape(typed), "", nil).json(t)
			if r["status"] != "received" || r["accept_by"] == nil || r["next_deadline"] != r["accept_by"] {
				t.Errorf("%s opens %v", typed, r)
			}
			for k := range r {
				if !map[string]bool{"status": true, "received_on": true, "accept_by": true, "extended": true, "overdue": true, "next_deadline": true}[k] {
					t.Errorf("the receipt shows %s", k)
				}
			}
		}
		page := string(s.must(200, "GET", "/w/receipts/"+code, "", nil, "Accept-Language", "zh-CN").Body)
		if !strings.Contains(page, "已收到，待决定是否受理") || strings.Contains(page, "十月工资未发") || strings.Contains(page, s.enrs[0]) {
			t.Errorf("the receipt page: %s", page)
		}
		// The inspector accepts it: the receipt shows the new deadline.
		s.must(200, "POST", "/api/v1/complaints/"+cmp+"/actions", s.inspector, map[string]string{"action": "accept"})
		if r := s.must(200, "GET", "/api/v1/complaints/receipts/"+code, "", nil).json(t); r["status"] != "accepted" || r["conclude_by"] == nil {
			t.Errorf("after acceptance: %v", r)
		}
		// Someone saw the code: the inspector re-issues it.
		re := s.must(200, "POST", "/api/v1/complaints/"+cmp+"/receipt", s.inspector, map[string]string{"note": "工人称回执码被他人看到"})
		fresh := re.Header.Get(httpapi.ReceiptHeader)
		if fresh == "" || fresh == code || re.json(t)["status"] != "accepted" {
			t.Fatalf("re-issue: %q %s", fresh, re.Body)
		}
		s.must(404, "GET", "/api/v1/complaints/receipts/"+code, "", nil)
		s.must(404, "GET", "/w/receipts/"+code, "", nil)
		s.must(200, "GET", "/api/v1/complaints/receipts/"+fresh, "", nil)
		if got := strings.Join(auditActions(t, db, cmp), ","); !strings.Contains(got, "complaint.receipt") {
			t.Errorf("audited on the complaint: %s", got)
		}
		// Not the contractor's to re-issue.
		s.must(403, "POST", "/api/v1/complaints/"+cmp+"/receipt", s.gcKey, map[string]string{})
		// The form: the receipt page shows a new complaint's code once.
		form := url.Values{"action": {"complaint"}, "summary": {"十一月工资未发"}, "workers": {"1"}}.Encode()
		r := s.do("POST", "/w/"+tok, "", form, "Content-Type", "application/x-www-form-urlencoded", "Accept-Language", "zh-CN")
		if r.Status != 200 || !strings.Contains(string(r.Body), "您的回执码") || !strings.Contains(string(r.Body), `href="/w/receipts/`) {
			t.Fatalf("complaint form: %d %s", r.Status, r.Body)
		}
		// The payslip and its page are as they were before any complaint.
		if api1 := string(s.must(200, "GET", "/api/v1/payslips/"+tok, "", nil).Body); api1 != api0 {
			t.Errorf("the payslip changed:\n%s\n%s", api0, api1)
		}
		if page1 := withoutNonce(string(s.must(200, "GET", "/w/"+tok, "", nil).Body)); page1 != page0 {
			t.Errorf("the payslip page changed")
		}
	})
}

// TestRepeatFilingTellsNothing: the contractor holds every payslip link;
// posting a likely complaint on one must not tell it whether the worker
// has already complained, when, or under which id (LSIR Art. 9). The same
// words filed on a link whose worker complained answer as they do on a
// link whose worker did not: the same status, a code of their own, an id
// that is not the worker's, and the same fields.
func TestRepeatFilingTellsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		body := map[string]any{"summary": "十月工资未发"}
		worker := s.must(201, "POST", "/api/v1/payslips/"+s.tokens[0]+"/complaints", "", body)
		theirs := worker.str(t, "id")
		complained := s.do("POST", "/api/v1/payslips/"+s.tokens[0]+"/complaints", "", body)
		silent := s.do("POST", "/api/v1/payslips/"+s.tokens[1]+"/complaints", "", body)
		if complained.Status != silent.Status {
			t.Fatalf("status %d after a complaint, %d without", complained.Status, silent.Status)
		}
		for name, r := range map[string]resp{"after a complaint": complained, "without": silent} {
			if code := r.Header.Get(httpapi.ReceiptHeader); code == "" || code == worker.Header.Get(httpapi.ReceiptHeader) {
				t.Errorf("%s: receipt %q", name, code)
			}
			m := r.json(t)
			if m["id"] == theirs || len(m) != len(silent.json(t)) {
				t.Errorf("%s: %s (the worker's complaint is %s)", name, r.Body, theirs)
			}
		}
		// The page's form alike: a receipt page either way.
		form := url.Values{"action": {"complaint"}, "summary": {"十月工资未发"}, "workers": {"1"}}.Encode()
		for _, tok := range s.tokens {
			r := s.do("POST", "/w/"+tok, "", form, "Content-Type", "application/x-www-form-urlencoded", "Accept-Language", "zh-CN")
			if r.Status != 200 || !strings.Contains(string(r.Body), "您的回执码") {
				t.Errorf("the form on %s: %d %s", tok[:6], r.Status, r.Body)
			}
		}
	})
}

// TestReceiptGuessingIsLimited: codes that open nothing stop their
// address, on the receipt routes and the payslip routes alike, and one
// complaint's code is limited on its own.
func TestReceiptGuessingIsLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		code := s.must(201, "POST", "/api/v1/payslips/"+s.tokens[0]+"/complaints", "", map[string]any{"summary": "十月工资未发"}).Header.Get(httpapi.ReceiptHeader)
		s.api = httpapi.New(s.svc, httpapi.Options{PayslipLimits: httpapi.PayslipLimits{PerIP: 100, BadPerIP: 3, PerToken: 2}})
		for range 2 {
			s.must(200, "GET", "/api/v1/complaints/receipts/"+code, "", nil)
		}
		if r := s.must(429, "GET", "/api/v1/complaints/receipts/"+code, "", nil); r.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
		for _, guess := range []string{"AAAA-AAAA-AAAA-AAAA", "AAAA-AAAA-AAAA-AAAB", "nonsense"} {
			s.must(404, "GET", "/api/v1/complaints/receipts/"+guess, "", nil)
		}
		s.must(429, "GET", "/w/receipts/AAAA-AAAA-AAAA-AAAC", "", nil)
		s.must(429, "GET", "/api/v1/payslips/"+s.tokens[1], "", nil)
	})
}

// TestInspectorReissuesLinkStraightToWorker: the inspector's new link is a
// grant of the worker's own beside the contractor's link: both open the
// worker's page; inspectors and administrators read it (direct, never with
// a URL), the contractor never does; each grant is revoked alone; a second
// re-issue naming the contractor's link while the worker holds a live
// direct one is a 409 naming it, naming the direct one replaces it; the
// re-issue is audited.
func TestInspectorReissuesLinkStraightToWorker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		old := s.linkOf(s.gcKey, s.enrs[0])["id"].(string)
		s.must(403, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old+"/reissue", s.gcKey, map[string]string{})
		r := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old+"/reissue", s.inspector, map[string]string{"note": "用工单位扣留工资条"}).json(t)
		fresh, id := tokenOf(t, r["url"].(string)), r["id"].(string)
		if r["direct"] != true || r["qr_url"] != nil || fresh == s.tokens[0] {
			t.Fatalf("re-issued: %v", r)
		}
		// Both grants open the worker's page, and only theirs.
		if p := s.payslip(fresh); p["lines"] == nil || strings.Contains(string(mustJSON(t, p)), s.enrs[1]) {
			t.Errorf("the new link: %v", p)
		}
		s.payslip(s.tokens[0])
		// The administrator reads both grants, the direct one without its URL.
		var direct map[string]any
		for _, it := range s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/payslips", s.admin, nil).json(t)["items"].([]any) {
			if m := it.(map[string]any); m["id"] == id {
				direct = m
			}
		}
		if direct == nil || direct["direct"] != true || direct["url"] != nil || direct["qr_url"] != nil || direct["state"] != "live" {
			t.Fatalf("the administrator's view of the direct link: %v", direct)
		}
		s.must(409, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+id+"/revoke", s.admin, nil)
		// The worker holds a live direct link: re-issuing the contractor's is
		// refused naming it; re-issuing it replaces it.
		if r := s.must(409, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old+"/reissue", s.inspector, map[string]string{}); !strings.Contains(string(r.Body), id) {
			t.Errorf("re-issuing while the worker holds a direct link: %s", r.Body)
		}
		again := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+id+"/reissue", s.inspector, map[string]string{"note": "工人换了手机"}).json(t)
		newer := tokenOf(t, again["url"].(string))
		s.must(404, "GET", "/api/v1/payslips/"+fresh, "", nil)
		s.payslip(newer)
		// The contractor revokes its own link: the worker's keeps working.
		if rv := s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+old+"/revoke", s.gcKey, nil).json(t); rv["state"] != "revoked" || rv["direct"] != nil {
			t.Fatalf("revoked: %v", rv)
		}
		s.must(404, "GET", "/api/v1/payslips/"+s.tokens[0], "", nil)
		s.payslip(newer)
		if got := strings.Join(auditActions(t, db, id), ","); got != "payslip.reissue" {
			t.Errorf("audited: %q", got)
		}
	})
}

// TestInspectorRevokesTheWorkersDirectLink: an inspector of the region (or
// an administrator) revokes the link given to the worker straight without
// giving another: it opens nothing from then on (page, JSON, answers,
// complaints), the contractor's link keeps working, the same request again
// changes nothing and is audited once; the contractor's own link is not
// revoked there (409), and contractors and other regions are refused. The
// inspector may give the worker a link of their own again afterwards.
func TestInspectorRevokesTheWorkersDirectLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		base := "/api/v1/payrolls/" + s.payroll + "/payslips/"
		old := s.linkOf(s.gcKey, s.enrs[0])["id"].(string)
		r := s.must(201, "POST", base+old+"/reissue", s.inspector, map[string]string{"note": "用工单位扣留工资条"}).json(t)
		fresh, id := tokenOf(t, r["url"].(string)), r["id"].(string)
		line := s.payslip(fresh)["lines"].([]any)[0].(map[string]any)
		answer := map[string]any{"payroll_id": line["payroll_id"], "line_no": line["line_no"]}
		s.must(200, "POST", "/api/v1/payslips/"+fresh+"/confirm", "", answer)

		other := s.key(s.org(ledger.OrgAuthority, "310101"), ledger.RoleInspector)
		s.must(403, "POST", base+id+"/revoke-direct", s.gcKey, map[string]string{})
		s.must(403, "POST", base+id+"/revoke-direct", s.subKey, map[string]string{})
		s.must(404, "POST", base+id+"/revoke-direct", other, map[string]string{})
		s.must(404, "POST", base+"pst_00000000000000000000000000/revoke-direct", s.inspector, map[string]string{})
		if c := s.must(409, "POST", base+old+"/revoke-direct", s.inspector, map[string]string{}); !strings.Contains(string(c.Body), old) {
			t.Errorf("revoking the contractor's link: %s", c.Body)
		}
		s.must(422, "POST", base+id+"/revoke-direct", s.inspector, map[string]string{"note": "a\x07b"})

		rv := s.must(200, "POST", base+id+"/revoke-direct", s.inspector, map[string]string{"note": "工人手机丢失"}).json(t)
		if rv["state"] != "revoked" || rv["direct"] != true || rv["url"] != nil || rv["revoked_at"] == nil {
			t.Fatalf("revoked: %v", rv)
		}
		for _, try := range [][2]string{{"GET", "/api/v1/payslips/" + fresh}, {"GET", "/w/" + fresh}} {
			s.must(404, try[0], try[1], "", nil)
		}
		s.must(404, "POST", "/api/v1/payslips/"+fresh+"/confirm", "", answer)
		s.must(404, "POST", "/api/v1/payslips/"+fresh+"/complaints", "", map[string]any{"summary": "十月工资未发"})
		s.payslip(s.tokens[0])
		if again := s.must(200, "POST", base+id+"/revoke-direct", s.admin, map[string]string{}).json(t); again["state"] != "revoked" || again["revoked_at"] != rv["revoked_at"] {
			t.Errorf("revoked again: %v, want %v", again, rv)
		}
		if got := strings.Join(slices.Sorted(slices.Values(auditActions(t, db, id))), ","); got != "payslip.reissue,payslip.revoke_direct" {
			t.Errorf("audited: %q", got)
		}
		// The worker may be given a link of their own again.
		s.payslip(tokenOf(t, s.must(201, "POST", base+old+"/reissue", s.inspector, map[string]string{}).json(t)["url"].(string)))

		// An administrator revokes one too; an expired one is revoked all the same.
		direct2 := s.must(201, "POST", base+s.linkOf(s.gcKey, s.enrs[1])["id"].(string)+"/reissue", s.inspector, map[string]string{}).str(t, "id")
		if err := db.ExecRaw(t.Context(), "UPDATE payslip_tokens SET expires_on = ? WHERE id = ?", "2026-01-01", direct2); err != nil {
			t.Fatal(err)
		}
		if rv := s.must(200, "POST", base+direct2+"/revoke-direct", s.admin, map[string]string{"note": "过期"}).json(t); rv["state"] != "revoked" {
			t.Errorf("the expired link: %v", rv)
		}
	})
}

// linkOf is the link of enrolment enr the key reads first in the payroll's
// list (the contractor's own, for a contractor).
func (s *payslipSite) linkOf(key, enr string) map[string]any {
	for _, it := range s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/payslips", key, nil).json(s.t)["items"].([]any) {
		if m := it.(map[string]any); m["enrolment_id"] == enr {
			return m
		}
	}
	s.t.Fatalf("no link of %s", enr)
	return nil
}

var (
	formNonce       = regexp.MustCompile(`name="nonce" value="[^"]*"`)
	answerRequestID = regexp.MustCompile(`"request_id":"[^"]*"`)
)

// TestContractorCannotTellADirectReissue: every answer a contractor (the
// general contractor, the payroll's employer) can get about a payroll's
// payslip links is byte for byte the same before and after an inspector
// re-issued a worker's link straight to them, and again after that link was
// replaced: the list, issuing again, each QR code, the page each of its
// links opens (JSON and HTML), the payroll, the refusal to re-issue, and
// revoking a link it does not read, which answers as for an ID that never
// existed. Two differences are left out, justified: the HTML page's form
// nonce and a problem's request_id, both fresh and random on every answer
// whoever asks (two answers before any re-issue differ in them too, which
// the test checks first).
func TestContractorCannotTellADirectReissue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		ids := []string{s.linkOf(s.gcKey, s.enrs[0])["id"].(string), s.linkOf(s.gcKey, s.enrs[1])["id"].(string)}
		reads := func() []string {
			var out []string
			add := func(r resp) {
				body := formNonce.ReplaceAll(r.Body, []byte(`name="nonce" value=""`))
				body = answerRequestID.ReplaceAll(body, []byte(`"request_id":""`))
				out = append(out, fmt.Sprintf("%s %s %d %s\n%s", r.Req.Method, r.Req.URL.Path, r.Status, r.Header.Get("Content-Type"), body))
			}
			for _, key := range []string{s.gcKey, s.subKey} {
				add(s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/payslips", key, nil))
				add(s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips", key, nil))
				add(s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, key, nil))
				for _, id := range ids {
					add(s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/payslips/"+id+"/qr.svg", key, nil))
					add(s.must(403, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+id+"/reissue", key, map[string]string{}))
					add(s.must(403, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+id+"/revoke-direct", key, map[string]string{}))
				}
			}
			for _, tok := range s.tokens {
				add(s.must(200, "GET", "/api/v1/payslips/"+tok, "", nil))
				add(s.must(200, "GET", "/w/"+tok, "", nil))
			}
			return out
		}
		// The answer to revoking a link the contractor does not read, with
		// the ID it named put back as a made-up one.
		unknown := func(id string) string {
			r := s.must(404, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+id+"/revoke", s.gcKey, nil)
			return answerRequestID.ReplaceAllString(strings.ReplaceAll(string(r.Body), id, "pst_ID"), `"request_id":""`)
		}
		never := unknown("pst_00000000000000000000000000")
		before := reads()
		if again := reads(); !slices.Equal(before, again) {
			t.Fatalf("two reads without a re-issue differ:\n%s", diffLines(before, again))
		}
		r := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+ids[0]+"/reissue", s.inspector, map[string]string{"note": "工人来投诉"}).json(t)
		if after := reads(); !slices.Equal(before, after) {
			t.Fatalf("the contractor reads the re-issue:\n%s", diffLines(before, after))
		}
		if got := unknown(r["id"].(string)); got != never {
			t.Fatalf("revoking the worker's direct link answers %s, a link that never existed %s", got, never)
		}
		// Replaced, the worker's link is still nothing to the contractor.
		newer := s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+r["id"].(string)+"/reissue", s.inspector, map[string]string{}).str(t, "id")
		if after := reads(); !slices.Equal(before, after) {
			t.Fatalf("the contractor reads the replacement:\n%s", diffLines(before, after))
		}
		if got := unknown(r["id"].(string)); got != never {
			t.Fatalf("revoking the replaced direct link answers %s", got)
		}
		// Revoked by the inspectors without another, it is nothing to the
		// contractor either.
		s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+newer+"/revoke-direct", s.inspector, map[string]string{"note": "工人手机丢失"})
		if after := reads(); !slices.Equal(before, after) {
			t.Fatalf("the contractor reads the revocation:\n%s", diffLines(before, after))
		}
		if got := unknown(newer); got != never {
			t.Fatalf("revoking the revoked direct link answers %s", got)
		}
	})
}

// diffLines names the reads that differ.
func diffLines(a, b []string) string {
	var out []string
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			out = append(out, "before: "+a[i]+"\nafter:  "+b[i])
		}
	}
	if len(a) != len(b) {
		out = append(out, fmt.Sprintf("%d reads against %d", len(a), len(b)))
	}
	return strings.Join(out, "\n")
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMetricsTellNoWorkerAction: /metrics is public, and the contractor
// holds every payslip link. Counting the worker's routes apart, with their
// statuses, told it when someone filed a complaint (the complaints route,
// or 200 rather than 303 from the page's form) or opened a receipt. The
// worker's and the receipt routes are counted together, by status class.
func TestMetricsTellNoWorkerAction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		tok := s.tokens[0]
		code := s.must(201, "POST", "/api/v1/payslips/"+tok+"/complaints", "", map[string]any{"summary": "十月工资未发"}).Header.Get(httpapi.ReceiptHeader)
		s.must(200, "GET", "/w/receipts/"+code, "", nil)
		s.must(200, "GET", "/api/v1/complaints/receipts/"+code, "", nil)
		form := url.Values{"action": {"complaint"}, "summary": {"十一月工资未发"}, "workers": {"1"}}.Encode()
		s.must(200, "POST", "/w/"+tok, "", form, "Content-Type", "application/x-www-form-urlencoded")
		s.must(200, "GET", "/w/"+tok, "", nil)
		m := string(s.must(200, "GET", "/metrics", "", nil).Body)
		for _, line := range strings.Split(m, "\n") {
			if strings.Contains(line, ":token\"") || strings.Contains(line, ":token/") || strings.Contains(line, ":code") || strings.Contains(line, "/w/") {
				t.Errorf("the metrics tell a worker's route: %s", line)
			}
		}
		if want := `wageguard_http_requests_total{method="any",route="worker",status="2xx"} 5`; !strings.Contains(m, want) {
			t.Errorf("metrics lack %s:\n%s", want, m)
		}
	})
}

// The link the inspectors give a worker shows that worker's complaints and
// no other's: another worker's own link shows none, and the contractor's
// links show none at all (no complaints key), byte for byte as before.
func TestOwnLinkShowsOnlyTheWorkersComplaints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		before := s.must(200, "GET", "/api/v1/payslips/"+s.tokens[0], "", nil).Body
		s.must(201, "POST", "/api/v1/payslips/"+s.tokens[0]+"/complaints", "", map[string]any{"summary": "十月工资未发"})
		if after := s.must(200, "GET", "/api/v1/payslips/"+s.tokens[0], "", nil).Body; !bytes.Equal(before, after) {
			t.Fatalf("the contractor's link changed with the complaint:\n%s\n%s", before, after)
		}
		mine, theirs := workersOwnLink(t, s, s.enrs[0]), workersOwnLink(t, s, s.enrs[1])
		c, _ := s.payslip(mine)["complaints"].([]any)
		if len(c) != 1 || c[0].(map[string]any)["status"] != "received" || c[0].(map[string]any)["overdue"] != false {
			t.Fatalf("the complainant's own link: %v", s.payslip(mine))
		}
		if body := string(s.must(200, "GET", "/api/v1/payslips/"+mine, "", nil).Body); strings.Contains(body, "十月工资未发") || strings.Contains(body, `"id":"cmp`) {
			t.Fatalf("the worker's own link shows more than the receipt: %s", body)
		}
		if _, shown := s.payslip(theirs)["complaints"]; shown {
			t.Fatalf("another worker's own link shows a complaint: %v", s.payslip(theirs))
		}
		if page := string(s.must(200, "GET", "/w/"+theirs, "", nil, "Accept-Language", "").Body); strings.Contains(page, "待决定是否受理") {
			t.Fatalf("another worker's own page: %s", page)
		}
		if page := string(s.must(200, "GET", "/w/"+mine, "", nil, "Accept-Language", "").Body); !strings.Contains(page, "待决定是否受理") {
			t.Fatalf("the complainant's own page: %s", page)
		}
	})
}
