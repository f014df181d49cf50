package httpapi_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// orderToday is the scenario's first day: Friday 20 Nov 2026, 10:00 in
// Beijing, a week after October's pay day.
var orderToday = time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)

// paidOn is a bank's report that instruction ins was paid in full on day.
func paidOn(ins, amount, ref, day string) map[string]any {
	return map[string]any{"instruction_id": ins, "status": "paid", "bank_ref": ref, "settled_on": day, "amount": amount}
}

// checkAsOf runs the nightly check as of day through the API.
func (e *env) checkAsOf(key, day string) {
	e.t.Helper()
	e.must(201, "POST", "/api/v1/checks", key, map[string]string{"as_of": day})
}

// TestOrderScenario is issue 17's "done when" story: a worker opens their
// payslip link, disputes a line and files a complaint; the inspector
// accepts it; the night's check finds the wages unpaid and the complaint
// raises the alert; the inspector orders payment; the deadline lapses
// unpaid and the next night marks the order lapsed; the next steps offer
// the drawdown with the payees from the books, which the inspector decides
// and the bank pays; the order is settled, the worker's page (the link the
// inspectors give them; the contractor's shows no complaint) shows the
// wages paid and the complaint concluded; the evidence bundle verifies and
// fails once a byte of it changes.
func TestOrderScenario(t *testing.T) {
	for _, dialect := range storetest.Dialects { // each with its own clock, which the test moves
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			clock := storetest.NewClock(orderToday)
			orderScenario(t, storetest.New(t, dialect, store.WithClock(clock.Now)), clock)
		})
	}
}

func orderScenario(t *testing.T, db *store.DB, clock *storetest.Clock) {
	{
		s := newPayslipSite(t, db)
		tok, enr := s.tokens[0], s.enrs[0]
		line := int(s.payslip(tok)["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
		s.must(200, "POST", "/api/v1/payslips/"+tok+"/dispute", "", answer(s.payroll, line, "少算了两天加班"))
		filed := s.must(201, "POST", "/api/v1/payslips/"+tok+"/complaints", "", map[string]any{"summary": "十月工资未发，加班少算", "amount_claimed": "6000.00"})
		cmp, receipt := filed.str(t, "id"), filed.Header.Get(httpapi.ReceiptHeader)
		// The general contractor approves with the dispute shown.
		approved := s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil).json(t)
		if c := approved["worker_confirmations"].(map[string]any); c["disputed"] != 1.0 || len(c["warnings"].([]any)) == 0 {
			t.Fatalf("the approval does not show the dispute: %v", c)
		}
		// The inspector finds the complaint in the queue, and accepts it.
		if q := s.must(200, "GET", "/api/v1/complaints?status=received&project_id="+s.project, s.inspector, nil).json(t)["items"].([]any); len(q) != 1 || q[0].(map[string]any)["id"] != cmp {
			t.Fatalf("the queue: %v", q)
		}
		s.must(200, "POST", "/api/v1/complaints/"+cmp+"/actions", s.inspector, map[string]string{"action": "accept"})

		// The night finds October unpaid; the complaint raises the alert one level (high → critical).
		s.checkAsOf(s.inspector, "2026-11-20")
		alert := s.alertOf(s.project, "wages_unpaid")
		a := s.must(200, "GET", "/api/v1/alerts/"+alert, s.inspector, nil).json(t)
		if a["severity"] != "critical" || !strings.Contains(a["complaint_raise"].(string), cmp) || !hasEvidence(a, "complaint", cmp) {
			t.Fatalf("the complaint did not raise the alert: %v", a)
		}
		s.hidesComplaint(t, alert)
		s.rulesSeverityFor(t, alert, cmp, "high")

		// The order: both workers' October lines from the books, due in 10 working days.
		o := s.must(201, "POST", "/api/v1/alerts/"+alert+"/orders", s.inspector, map[string]any{"note": "责令限期支付十月工资"}).json(t)
		ord := o["id"].(string)
		if o["status"] != "issued" || o["deadline"] != "2026-12-04" || o["amount"] != "11001.00" || len(o["lines"].([]any)) != 2 || o["employer_id"] != s.sub {
			t.Fatalf("order: %v", o)
		}
		if a := s.must(200, "GET", "/api/v1/alerts/"+alert, s.inspector, nil).json(t); a["status"] != "rectification_ordered" || a["deadline"] != "2026-12-04" {
			t.Fatalf("the alert after the order: %v", a)
		}
		s.must(409, "POST", "/api/v1/alerts/"+alert+"/orders", s.inspector, map[string]any{})
		// The employer and the general contractor see the order and its alert, not who complained.
		for _, key := range []string{s.subKey, s.gcKey} {
			body := string(s.must(200, "GET", "/api/v1/orders/"+ord, key, nil).Body)
			if strings.Contains(body, cmp) || strings.Contains(body, "加班少算") {
				t.Fatalf("the order shows the complaint to the employer: %s", body)
			}
		}
		s.hidesComplaint(t, alert)
		if l := s.must(200, "GET", "/api/v1/orders?employer_id="+s.sub, s.subKey, nil).json(t)["items"].([]any); len(l) != 1 {
			t.Fatalf("the employer's orders: %v", l)
		}
		if steps := available(s.must(200, "GET", "/api/v1/orders/"+ord+"/next-steps", s.inspector, nil).json(t)); steps != "" {
			t.Fatalf("steps before the deadline: %s", steps)
		}
		s.must(409, "POST", "/api/v1/orders/"+ord+"/decisions", s.inspector, map[string]any{"step": "court_enforcement", "note": "强制执行"})

		// The deadline passes unpaid: the night after it marks the order lapsed.
		clock.Advance(17 * 24 * time.Hour) // Monday 7 Dec
		s.checkAsOf(s.inspector, "2026-12-04")
		if o := s.must(200, "GET", "/api/v1/orders/"+ord, s.inspector, nil).json(t); o["status"] != "issued" {
			t.Fatalf("on its deadline day the order is %v", o["status"])
		}
		s.checkAsOf(s.inspector, "2026-12-05")
		if o := s.must(200, "GET", "/api/v1/orders/"+ord, s.inspector, nil).json(t); o["status"] != "lapsed" || o["unpaid_at_lapse"] != "11001.00" {
			t.Fatalf("after its deadline: %v", o)
		}
		if l := s.must(200, "GET", "/api/v1/orders?status=lapsed", s.inspector, nil).json(t)["items"].([]any); len(l) != 1 {
			t.Fatalf("lapsed orders: %v", l)
		}
		// What the blacklist's candidate rule reads: the employer's orders lapsed unpaid.
		if lapsed, err := store.LapsedOrdersOf(db.Reader(t.Context()), s.sub); err != nil || len(lapsed) != 1 || lapsed[0].ID != ord {
			t.Fatalf("lapsed orders of the employer: %v %v", lapsed, err)
		}

		// What follows: the drawdown with both workers prefilled, the compensation's range.
		gua := s.must(201, "POST", "/api/v1/guarantees", s.bankKey, map[string]any{"project_id": s.project, "form": "cash", "amount": "50000.00",
			"reference": "G-ORDER", "valid_from": "2026-03-05"}).str(t, "id")
		next := s.must(200, "GET", "/api/v1/orders/"+ord+"/next-steps", s.inspector, nil, "Accept-Language", "zh").json(t)
		if steps := available(next); steps != "guarantee_drawdown extra_compensation court_enforcement" {
			t.Fatalf("steps after the lapse: %s", steps)
		}
		draw, comp := next["items"].([]any)[0].(map[string]any), next["items"].([]any)[1].(map[string]any)
		if draw["guarantee_id"] != gua || len(draw["payees"].([]any)) != 2 || draw["amount"] != "11001.00" || comp["min_amount"] != "5500.50" || comp["max_amount"] != "11001.00" {
			t.Fatalf("prefilled: %v", next)
		}
		if r := draw["reason"].(string); !strings.Contains(r, "保证金") {
			t.Errorf("the reason is not in Chinese: %q", r)
		}
		s.must(422, "POST", "/api/v1/orders/"+ord+"/decisions", s.inspector, map[string]any{"step": "extra_compensation", "percent": 30, "note": "加付赔偿金"})
		if d := s.must(201, "POST", "/api/v1/orders/"+ord+"/decisions", s.inspector, map[string]any{"step": "extra_compensation", "percent": 50,
			"note": "逾期未支付，责令加付赔偿金"}).json(t)["decision"].(map[string]any); d["amount"] != "5500.50" {
			t.Fatalf("compensation: %v", d)
		}
		s.must(403, "POST", "/api/v1/orders/"+ord+"/decisions", s.gcKey, map[string]any{"step": "guarantee_drawdown"})
		decided := s.must(201, "POST", "/api/v1/orders/"+ord+"/decisions", s.inspector, map[string]any{"step": "guarantee_drawdown",
			"decision_ref": "京朝人社监令〔2026〕9号", "note": "限期支付令逾期，动用工资保证金"}).json(t)
		drawdown := decided["drawdown"].(map[string]any)
		if drawdown["amount"] != "11001.00" || len(drawdown["instructions"].([]any)) != 2 || decided["decision"].(map[string]any)["drawdown_id"] != drawdown["id"] {
			t.Fatalf("the drawdown decision: %v", decided)
		}
		s.must(409, "POST", "/api/v1/orders/"+ord+"/decisions", s.inspector, map[string]any{"step": "guarantee_drawdown", "decision_ref": "令10号", "note": "再次动用"})
		var items []any
		for i, it := range drawdown["instructions"].([]any) {
			m := it.(map[string]any)
			items = append(items, paidOn(m["id"].(string), m["amount"].(string), "BR-GUA-"+itoa(i+1), "2026-12-08"))
		}
		clock.Advance(24 * time.Hour) // Tuesday 8 Dec
		s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": items})

		// The night after the payment settles the order and resolves the alert.
		s.checkAsOf(s.inspector, "2026-12-08")
		o = s.must(200, "GET", "/api/v1/orders/"+ord, s.inspector, nil).json(t)
		if o["status"] != "settled" || o["unpaid"] != "0.00" || len(o["decisions"].([]any)) != 2 {
			t.Fatalf("after the drawdown paid: %v", o)
		}
		if a := s.must(200, "GET", "/api/v1/alerts/"+alert, s.inspector, nil).json(t); a["status"] != "resolved" {
			t.Fatalf("the alert after the drawdown paid: %v", a)
		}
		if lapsed, err := store.LapsedOrdersOf(db.Reader(t.Context()), s.sub); err != nil || len(lapsed) != 0 {
			t.Fatalf("a settled order is still lapsed unpaid: %v %v", lapsed, err)
		}
		s.auditHas(t, ord, "order.issue", "order.lapsed", "order.extra_compensation", "order.guarantee_drawdown", "order.settled")

		// The worker's page: paid from the guarantee, the complaint concluded.
		p := s.payslip(tok)
		if p["unpaid"] != "0.00" || p["payments"].([]any)[0].(map[string]any)["from_guarantee"] != true {
			t.Fatalf("the worker's page after the drawdown: %v", p)
		}
		s.must(200, "POST", "/api/v1/complaints/"+cmp+"/actions", s.inspector, map[string]string{"action": "conclude", "note": "已由工资保证金支付"})
		page := string(s.must(200, "GET", "/w/"+tok, "", nil, "Accept-Language", "").Body)
		if strings.Contains(page, "已办结") || !strings.Contains(page, "BR-GUA-") { // never on the contractor's link (LSIR Art. 9)
			t.Fatalf("the contractor's link: %s", page)
		}
		if _, shown := s.payslip(tok)["complaints"]; shown {
			t.Fatalf("the contractor's link lists complaints: %v", s.payslip(tok))
		}
		// The worker's own link, from the inspectors: the wages paid and the complaint concluded.
		own := workersOwnLink(t, s, enr)
		if c := s.payslip(own)["complaints"].([]any); len(c) != 1 || c[0].(map[string]any)["status"] != "concluded" {
			t.Fatalf("the worker's own page: %v", c)
		}
		if page := string(s.must(200, "GET", "/w/"+own, "", nil, "Accept-Language", "").Body); !strings.Contains(page, "已办结") || !strings.Contains(page, "BR-GUA-") {
			t.Fatalf("the worker's own page: %s", page)
		}
		// The worker follows the complaint with the receipt code filing gave them.
		if page := string(s.must(200, "GET", "/w/receipts/"+receipt, "", nil, "Accept-Language", "").Body); !strings.Contains(page, "已办结") {
			t.Fatalf("the worker's receipt page after the conclusion: %s", page)
		}
		verifyBundle(t, s, enr, ord, cmp)
	}
}

// rulesSeverityFor checks that contractors read the alert at the severity
// the rules alone give (want), in the alert, its history, the list, the
// list filtered and sorted by severity, and the complaint's matched
// alerts, so that the raise does not tell them someone complained; the
// inspector reads it raised.
func (s *payslipSite) rulesSeverityFor(t *testing.T, alert, complaint, want string) {
	t.Helper()
	for _, key := range []string{s.subKey, s.gcKey} {
		a := s.must(200, "GET", "/api/v1/alerts/"+alert, key, nil).json(t)
		if a["severity"] != want {
			t.Fatalf("a contractor reads severity %v, want %s", a["severity"], want)
		}
		for _, e := range a["history"].([]any) {
			if sev := e.(map[string]any)["severity"]; sev != nil && sev != want {
				t.Fatalf("a contractor's history shows severity %v: %v", sev, a["history"])
			}
		}
		if ids := idsOf(s.must(200, "GET", "/api/v1/alerts?severity=critical&project_id="+s.project, key, nil).json(t)); strings.Contains(ids, alert) {
			t.Fatalf("a contractor finds the alert among the critical ones: %s", ids)
		}
		if ids := idsOf(s.must(200, "GET", "/api/v1/alerts?severity="+want+"&sort=severity&project_id="+s.project, key, nil).json(t)); !strings.Contains(ids, alert) {
			t.Fatalf("a contractor does not find the alert at severity %s: %s", want, ids)
		}
	}
	gc := s.must(200, "GET", "/api/v1/complaints/"+complaint, s.gcKey, nil).json(t)
	for _, m := range gc["matched_alerts"].([]any) {
		if m := m.(map[string]any); m["id"] == alert && m["severity"] != want {
			t.Fatalf("the complaint shows the GC the alert at %v", m["severity"])
		}
	}
	if ids := idsOf(s.must(200, "GET", "/api/v1/alerts?severity=critical&project_id="+s.project, s.inspector, nil).json(t)); !strings.Contains(ids, alert) {
		t.Fatalf("the inspector does not find the raised alert among the critical ones: %s", ids)
	}
}

// idsOf are the IDs of a list's items, space-separated.
func idsOf(list map[string]any) string {
	var ids []string
	for _, it := range list["items"].([]any) {
		ids = append(ids, it.(map[string]any)["id"].(string))
	}
	return strings.Join(ids, " ")
}

// hidesComplaint checks that the alert, its history and the alert list
// show contractors (the employer, the general contractor) no complaint:
// no complaint ID, no word of one, in either language (LSIR Art. 9); the
// inspector reads the complaint that raised it.
func (s *payslipSite) hidesComplaint(t *testing.T, alert string) {
	t.Helper()
	for _, key := range []string{s.subKey, s.gcKey} {
		for _, lang := range []string{"zh", "en"} {
			for _, path := range []string{"/api/v1/alerts/" + alert, "/api/v1/alerts?project_id=" + s.project} {
				body := string(s.must(200, "GET", path, key, nil, "Accept-Language", lang).Body)
				for _, word := range []string{"cmp_", "complaint", "投诉", "举报"} {
					if strings.Contains(strings.ToLower(body), word) {
						t.Fatalf("%s shows a contractor %q: %s", path, word, body)
					}
				}
			}
		}
	}
	body := string(s.must(200, "GET", "/api/v1/alerts/"+alert, s.inspector, nil, "Accept-Language", "zh").Body)
	if !strings.Contains(body, "cmp_") || !strings.Contains(body, "投诉") {
		t.Fatalf("the inspector does not see the complaint: %s", body)
	}
}

// verifyBundle fetches the worker's evidence bundle, whose statement.csv
// mentions each of ids, which verifies, and fails to once any of three
// bytes changes.
// workersOwnLink is the token of a link an inspector re-issues straight to
// the worker of enrolment enr on the site's payroll.
func workersOwnLink(t *testing.T, s *payslipSite, enr string) string {
	t.Helper()
	id := s.linkOf(s.gcKey, enr)["id"].(string) // the contractor's link names the worker
	return tokenOf(t, s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+id+"/reissue", s.inspector, map[string]string{"note": "当面交给工人本人"}).str(t, "url"))
}

func verifyBundle(t *testing.T, s *payslipSite, enr string, ids ...string) {
	t.Helper()
	if _, err := os.Stat(evidence.DefaultFont); err != nil {
		// CI installs the font (fonts-droid-fallback): there, and wherever the
		// browser tests are required, a missing font fails the scenario.
		if os.Getenv("WAGEGUARD_TEST_REQUIRE_CHROMIUM") == "1" || os.Getenv("CI") != "" {
			t.Fatalf("no CJK font at %s, and CI or WAGEGUARD_TEST_REQUIRE_CHROMIUM requires the evidence bundle: apt-get install -y fonts-droid-fallback", evidence.DefaultFont)
		}
		t.Skipf("no CJK font at %s: the evidence bundle is not made", evidence.DefaultFont)
	}
	got := s.must(200, "GET", "/api/v1/workers/"+enr+"/evidence?from=2026-10&to=2026-10", s.inspector, nil)
	bundle, sig := got.Body, got.Header.Get(httpapi.EvidenceSignatureHeader)
	pub, err := evidence.ParsePublicKey(s.must(200, "GET", "/api/v1/evidence/key", "", nil).str(t, "public_key"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.Verify(bundle, pub); err != nil {
		t.Fatal(err)
	}
	if err := evidence.VerifyDetached(bundle, sig, pub); err != nil {
		t.Fatalf("the detached signature: %v", err)
	}
	csv := fileInZip(t, bundle, "statement.csv")
	for _, id := range ids {
		if !strings.Contains(csv, id) {
			t.Errorf("statement.csv does not mention %s:\n%s", id, csv)
		}
	}
	// Bytes spread across the whole archive (the PDF with its font is most
	// of it), the first and the last among them.
	var ats []int
	for i := range 65 {
		ats = append(ats, i*(len(bundle)-1)/64)
	}
	for _, at := range ats {
		changed := append([]byte(nil), bundle...)
		changed[at] ^= 0x40
		if _, err := evidence.Verify(changed, pub); err == nil {
			t.Errorf("byte %d changed and the bundle verifies", at)
		}
		if evidence.VerifyDetached(changed, sig, pub) == nil {
			t.Errorf("byte %d changed and the detached signature verifies", at)
		}
	}
}

func fileInZip(t *testing.T, b []byte, name string) string {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := r.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	content, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(content)
}

// available lists the steps a next-steps answer says may be decided now.
func available(next map[string]any) string {
	var out []string
	for _, it := range next["items"].([]any) {
		if m := it.(map[string]any); m["available"] == true {
			out = append(out, m["step"].(string))
		}
	}
	return strings.Join(out, " ")
}

func hasEvidence(alert map[string]any, kind, ref string) bool {
	for _, it := range alert["evidence"].([]any) {
		if m := it.(map[string]any); m["kind"] == kind && m["ref"] == ref {
			return true
		}
	}
	return false
}

// auditHas fails unless the audit trail holds each action about subject.
func (e *env) auditHas(t *testing.T, subject string, actions ...string) {
	t.Helper()
	var got []string
	if err := e.db.Select(t.Context(), &got, `SELECT action FROM audit_queue WHERE subject = ? UNION ALL SELECT action FROM audit_log WHERE subject = ?`, subject, subject); err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		found := false
		for _, g := range got {
			found = found || g == a
		}
		if !found {
			t.Errorf("the audit trail of %s has %v, not %s", subject, got, a)
		}
	}
}

// An order is refused, changing nothing, on an alert that is not about an
// employer's unpaid wages (409) and with a deadline not after today (422
// naming it); the action order_rectification on an employer's arrears is
// an order too; each employer sees only the orders naming it.
func TestOrderRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.runCheck(w.admin)
		a1, a2 := w.alertOf(w.p1, "wages_unpaid"), w.alertOf(w.p2, "wages_unpaid")
		others := w.alertIDs(w.admin, "project_id="+w.p1+"&rule=allocation_overdue")
		if len(others) != 1 {
			t.Fatalf("allocation alerts: %v", others)
		}
		w.must(409, "POST", "/api/v1/alerts/"+others[0]+"/orders", w.keys["district"], map[string]any{})
		bad := w.must(422, "POST", "/api/v1/alerts/"+a1+"/orders", w.keys["district"], map[string]any{"deadline": today()})
		if e := errorsOf(t, bad); len(e) != 1 || !strings.Contains(e[0], "deadline") {
			t.Fatalf("a deadline of today: %v", e)
		}
		late := w.must(422, "POST", "/api/v1/alerts/"+a1+"/orders", w.keys["district"], map[string]any{"deadline": "2099-01-10"})
		if e := errorsOf(t, late); len(e) != 1 || !strings.Contains(e[0], "deadline") {
			t.Fatalf("a deadline past the policy's latest: %v", e)
		}
		if n := w.count("pay_orders"); n != 0 {
			t.Fatalf("%d orders after refusals", n)
		}
		// The alert action is an order to pay on an employer's arrears.
		acted := w.must(200, "POST", "/api/v1/alerts/"+a1+"/actions", w.keys["district"], map[string]string{"action": "order_rectification", "deadline": inAMonth()}).json(t)
		byAction := w.must(200, "GET", "/api/v1/orders?alert_id="+a1, w.keys["district"], nil).json(t)["items"].([]any)
		if len(byAction) != 1 || byAction[0].(map[string]any)["deadline"] != inAMonth() || byAction[0].(map[string]any)["employer_id"] != w.sub1 ||
			acted["order_id"] != byAction[0].(map[string]any)["id"] {
			t.Fatalf("the action's order: %v (answered %v)", byAction, acted)
		}
		// Audited once, as the order it is.
		var rows int
		if err := w.db.Get(t.Context(), &rows, `SELECT COUNT(*) FROM (SELECT action FROM audit_queue WHERE subject IN (?, ?) UNION ALL SELECT action FROM audit_log WHERE subject IN (?, ?)) x`,
			a1, acted["order_id"], a1, acted["order_id"]); err != nil || rows != 1 {
			t.Fatalf("the action's order is audited %d times (%v)", rows, err)
		}
		w.must(201, "POST", "/api/v1/alerts/"+a2+"/orders", w.keys["city"], map[string]any{})
		sees := func(who string, want int) {
			t.Helper()
			if l := w.must(200, "GET", "/api/v1/orders", w.keys[who], nil).json(t)["items"].([]any); len(l) != want {
				t.Errorf("%s sees %d orders, want %d", who, len(l), want)
			}
		}
		sees("district", 1)
		sees("city", 2)
		sees("sub1", 1)
		sees("gc1", 1)
		sees("gc2", 1)
		sees("bank1", 0)
		w.must(422, "GET", "/api/v1/orders?status=paid", w.keys["city"], nil)
	})
}
