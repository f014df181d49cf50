package httpapi_test

import (
	"os"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// workersOwnLink is the token of a link an inspector re-issues straight to
// the worker of enrolment enr on the site's payroll.
func workersOwnLink(t *testing.T, s *payslipSite, enr string) string {
	t.Helper()
	id := s.linkOf(s.gcKey, enr)["id"].(string) // the contractor's link names the worker
	return tokenOf(t, s.must(201, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips/"+id+"/reissue", s.inspector, map[string]string{"note": "当面交给工人本人"}).str(t, "url"))
}

// TestWorkerScenario is issue 17's story without its orders to pay (another
// branch's): a worker opens their payslip link, disputes the line and files
// a complaint; the general contractor approves with the dispute shown; the
// inspector accepts the complaint and draws the guarantee for the worker; the
// bank pays; the worker's page shows the wages paid from the guarantee and
// the complaint concluded (on the link the inspectors gave the worker: the
// contractor's link, which the contractor holds too, shows no complaint); the evidence bundle verifies, and fails once a
// byte of it changes.
func TestWorkerScenario(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		tok, enr := s.tokens[0], s.enrs[0]
		line := int(s.payslip(tok)["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
		s.must(200, "POST", "/api/v1/payslips/"+tok+"/dispute", "", answer(s.payroll, line, "少算了两天加班"))
		cmp := s.must(201, "POST", "/api/v1/payslips/"+tok+"/complaints", "", map[string]any{"summary": "十月工资未发，加班少算", "amount_claimed": "6000.00"}).str(t, "id")
		approved := s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil).json(t)
		if c := approved["worker_confirmations"].(map[string]any); c["disputed"] != 1.0 {
			t.Fatalf("approval: %v", c)
		}
		// The inspector finds the complaint in the queue, with the worker's unpaid month.
		queue := s.must(200, "GET", "/api/v1/complaints?status=received", s.inspector, nil).json(t)["items"].([]any)
		if len(queue) != 1 || queue[0].(map[string]any)["id"] != cmp {
			t.Fatalf("queue: %v", queue)
		}
		d := s.must(200, "POST", "/api/v1/complaints/"+cmp+"/actions", s.inspector, map[string]string{"action": "accept"}).json(t)
		if u := d["unpaid_months"].([]any); len(u) != 1 || u[0].(map[string]any)["unpaid"] != "5500.00" {
			t.Fatalf("accepted: %v", d)
		}
		// The guarantee pays the worker.
		gua := s.must(201, "POST", "/api/v1/guarantees", s.bankKey, map[string]any{"project_id": s.project, "form": "cash", "amount": "50000.00",
			"reference": "G-SCENARIO", "valid_from": "2026-03-05"}).str(t, "id")
		draw := s.must(201, "POST", "/api/v1/guarantees/"+gua+"/drawdowns", s.inspector, map[string]any{"amount": "5500.00", "decision_ref": "京朝人社监令〔2026〕9号",
			"payees": []map[string]string{{"enrolment_id": enr, "amount": "5500.00"}}}).json(t)
		ins := draw["instructions"].([]any)[0].(map[string]any)["id"].(string)
		s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": []any{item(ins, "paid", "5500.00", "BR-GUA-1")}})
		p := s.payslip(tok)
		pays := p["payments"].([]any)
		if p["unpaid"] != "0.00" || len(pays) != 1 || pays[0].(map[string]any)["from_guarantee"] != true {
			t.Fatalf("the worker's page after the drawdown: %v", p)
		}
		s.must(200, "POST", "/api/v1/complaints/"+cmp+"/actions", s.inspector, map[string]string{"action": "conclude", "note": "已由工资保证金支付"})
		page := string(s.must(200, "GET", "/w/"+tok, "", nil, "Accept-Language", "").Body)
		if strings.Contains(page, "已办结") || !strings.Contains(page, "由工资保证金支付") || !strings.Contains(page, "BR-GUA-1") {
			t.Fatalf("the contractor's link shows a complaint (LSIR Art. 9), or not the payment: %s", page)
		}
		// The worker's own page — the link the inspectors give them — shows
		// the wages paid and the complaint concluded.
		own := workersOwnLink(t, s, enr)
		if c := s.payslip(own)["complaints"].([]any); len(c) != 1 || c[0].(map[string]any)["status"] != "concluded" || c[0].(map[string]any)["concluded_on"] == nil {
			t.Fatalf("the worker's own page: %v", c)
		}
		page = string(s.must(200, "GET", "/w/"+own, "", nil, "Accept-Language", "").Body)
		if !strings.Contains(page, "已办结") || !strings.Contains(page, "由工资保证金支付") || !strings.Contains(page, "BR-GUA-1") || strings.Contains(page, "已由工资保证金支付") {
			t.Fatalf("the worker's own page: %s", page)
		}
		if _, err := os.Stat(evidence.DefaultFont); err != nil {
			t.Skipf("no CJK font at %s: the evidence bundle is not made", evidence.DefaultFont)
		}
		zip := s.must(200, "GET", "/api/v1/workers/"+enr+"/evidence?from=2026-10&to=2026-10", s.inspector, nil).Body
		pub, err := evidence.ParsePublicKey(s.must(200, "GET", "/api/v1/evidence/key", "", nil).str(t, "public_key"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := evidence.Verify(zip, pub); err != nil {
			t.Fatal(err)
		}
		for _, at := range []int{0, len(zip) / 2, len(zip) - 1} {
			changed := append([]byte(nil), zip...)
			changed[at] ^= 0x40
			if _, err := evidence.Verify(changed, pub); err == nil {
				t.Errorf("byte %d changed and the bundle verifies", at)
			}
		}
	})
}
