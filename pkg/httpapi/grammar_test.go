package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// One money and date grammar (ledger/grammar.go) is read the same by every
// JSON body and file: contract amounts, worker dates, payroll lines (JSON and
// CSV), inflows and bank results; misplaced separators and a third decimal
// are refused, naming the field (and the row of a file).
func TestMoneyAndDateGrammarEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 2)
		owner := s.org(ledger.OrgOwner, "110105")
		prj := projectBody("G-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank)
		prj["contract_amount"], prj["started_on"], prj["planned_completion_on"] = "¥12,000,000.00", "2026年3月1日", "46568" // 2027-06-30
		p := s.must(201, "POST", "/api/v1/projects", s.admin, prj).json(t)
		if p["contract_amount"] != "12000000.00" || p["started_on"] != "2026-03-01" || p["planned_completion_on"] != "2027-06-30" {
			t.Fatalf("project: %v", p)
		}
		prj = projectBody("G-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank)
		prj["contract_amount"] = "12,000,00.00"
		if r := s.must(422, "POST", "/api/v1/projects", s.admin, prj); !strings.Contains(string(r.Body), "thousands separators") ||
			strings.Join(errorsOf(t, r), " ") != "0:contract_amount:amount" {
			t.Errorf("misplaced separators: %s", r.Body)
		}
		prj["contract_amount"], prj["planned_completion_on"] = "12000000", "2027年2月30日"
		if r := s.must(422, "POST", "/api/v1/projects", s.admin, prj); strings.Join(errorsOf(t, r), " ") != "0:planned_completion_on:date" {
			t.Errorf("impossible date: %s", r.Body)
		}

		w := workerBody(nextSeq(), s.gc, s.bank)
		w["contract_signed_on"], w["entered_on"] = "２０２６／３／１", "46083" // 2026-03-02
		e := s.must(201, "POST", s.path("/workers"), s.gcKey, w).json(t)
		if e["contract_signed_on"] != "2026-03-01" || e["entered_on"] != "2026-03-02" {
			t.Fatalf("enrolment dates: %v", e)
		}

		inflow := map[string]any{"account_no": s.account, "amount": "¥1,000,000.00", "received_on": "2026年11月1日", "bank_ref": "IN-G1"}
		in := s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, inflow).json(t)
		if fmt.Sprint(in["result"]) != "applied" {
			t.Fatalf("inflow: %v", in)
		}
		inflow["bank_ref"], inflow["amount"] = "IN-G2", "1000.001"
		if r := s.must(422, "POST", "/api/v1/bank/inflows", s.bankKey, inflow); strings.Join(errorsOf(t, r), " ") != "0:amount:amount" ||
			!strings.Contains(string(r.Body), "more than 2 decimal places") {
			t.Errorf("third decimal: %s", r.Body)
		}
		inflow["amount"] = 1000 // a JSON number stays refused
		if r := s.must(422, "POST", "/api/v1/bank/inflows", s.bankKey, inflow); strings.Join(errorsOf(t, r), " ") != "0:amount:amount" {
			t.Errorf("JSON number: %s", r.Body)
		}

		res := s.confirm(map[string]any{"instruction_id": s.ins[0], "status": "paid", "bank_ref": "B-G1", "amount": "５，０００．００", "settled_on": "2026/11/10"})
		if res[0]["result"] != "applied" || res[0]["instruction_status"] != "paid" {
			t.Fatalf("confirmation: %v", res)
		}
		csv := "instruction_id,bank_ref,status,amount,settled_on\n" + s.ins[1] + ",B-G2,paid,\"¥5,001.00\",46336\n"
		if r := s.uploadForm("/api/v1/bank/confirmations", s.bankKey, "result.csv", []byte(csv), nil); r.Status != 200 || !strings.Contains(string(r.Body), `"applied"`) {
			t.Fatalf("bank result file: %d %s", r.Status, r.Body)
		}

		line := payLine(s.enrs[0], "¥6,000.00", "５００", "5500元")
		s.must(201, "POST", s.path("/payrolls"), s.gcKey, map[string]any{"employer_id": s.gc, "period": "2026-09", "lines": []any{line}, "control": map[string]any{"net_total": "5,500.00"}})
		line = payLine(s.enrs[0], "6,00.00", "0", "6000.001")
		// A pay item of a JSON line is named with its line.
		item := payLine(s.enrs[0], "6000", "0", "6000")
		item["base_pay"] = "1,0.00"
		bad := map[string]any{"employer_id": s.gc, "period": "2026-08", "lines": []any{item}}
		if r := s.must(422, "POST", s.path("/payrolls"), s.gcKey, bad); !strings.Contains(strings.Join(errorsOf(t, r), " "), "1:base_pay:amount") {
			t.Errorf("pay item: %s", r.Body)
		}
		r := s.must(422, "POST", s.path("/payrolls"), s.gcKey, map[string]any{"employer_id": s.gc, "period": "2026-08", "lines": []any{line}})
		if got := strings.Join(errorsOf(t, r), " "); !strings.Contains(got, ":gross_pay:") || !strings.Contains(got, ":net_pay:") || !strings.Contains(string(r.Body), "more than 2 decimal places") {
			t.Errorf("JSON payroll with bad amounts: %s", r.Body)
		}

		v, _ := enrolled.Load(s.enrs[1])
		wk := v.(map[string]any)
		file := "姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资\n" +
			wk["name"].(string) + "," + wk["id_number"].(string) + "," + wk["bank_card"].(string) + ",22,\"8,80.00\",0,\"¥8,800.005\"\n"
		r = s.uploadForm(s.path("/payrolls"), s.gcKey, "七月.csv", []byte(file), map[string]string{"period": "2026-07", "employer_id": s.gc})
		if got := strings.Join(errorsOf(t, r), " "); r.Status != 422 || got != "2:gross_pay:amount 2:net_pay:amount" {
			t.Errorf("CSV payroll with bad amounts: %d %s", r.Status, r.Body)
		}
	})
}
