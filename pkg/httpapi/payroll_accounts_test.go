package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A registered account that is not a card (a 12-digit passbook, a 20-digit
// settlement account: registration takes 10 to 30 digits) is paid through a
// payroll (issue 11, item 12: on main the line tried the account rule only
// after a Luhn failure, so its length refused it first).
func TestPayrollPaysAccountsOfAnyRegisteredLength(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		var lines []map[string]string
		for i, acct := range []string{"621700123456", "62170012345678901234"} {
			w := workerBody(nextSeq(), s.sub, s.bank)
			w["bank_card"], w["account_kind"] = acct, "account"
			enr := s.must(201, "POST", s.path("/workers"), s.subKey, w).str(t, "id")
			enrolled.Store(enr, w)
			lines = append(lines, payLine(enr, "3000.00", "0", "3000.00"))
			if i == 0 { // the same number for a worker it is not registered to is refused as a card
				card := s.enrol(s.project, s.subKey, workerBody(nextSeq(), s.sub, s.bank))
				wrong := payLine(card, "100", "0", "100")
				wrong["bank_card"] = acct
				r := s.must(422, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": []map[string]string{wrong}})
				if got := strings.Join(errorsOf(t, r), " "); got != "1:bank_card:length" {
					t.Errorf("a card holder paid to a 12-digit number: %s", r.Body)
				}
			}
		}
		id := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": lines}).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+id+"/approve", s.officer, nil)
		items := s.must(200, "GET", "/api/v1/payrolls/"+id+"/instructions", s.gcKey, nil).json(t)["items"].([]any)
		if len(items) != 2 || items[0].(map[string]any)["payee_account_kind"] != "account" || items[1].(map[string]any)["payee_account_kind"] != "account" {
			t.Errorf("instructions: %v", items)
		}
	})
}

// A comma in a file's amount is a thousands separator in its place or the
// line is refused naming row and field (issue 11: "5800,50" was read as
// 580050.00).
func TestPayrollFileAmountCommas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.subKey, workerBody(nextSeq(), s.sub, s.bank))
		l := payLine(enr, "0", "0", "0")
		file := func(gross, net string) []byte {
			return []byte("姓名,身份证号,银行卡号,出勤天数,应发工资,扣款合计,实发工资\n" + l["name"] + "," + l["id_number"] + "," + l["bank_card"] + ",22," + gross + ",0," + net + "\n")
		}
		r := s.uploadForm(s.path("/payrolls"), s.subKey, "十月工资.csv", file(`"5800,50"`, `"5,800.50"`), map[string]string{"period": "2026-10"})
		if got := strings.Join(errorsOf(t, r), " "); r.Status != 422 || got != "2:gross_pay:amount" {
			t.Errorf("5800,50: %d %s", r.Status, r.Body)
		}
		r = s.uploadForm(s.path("/payrolls"), s.subKey, "十月工资.csv", file(`"5,800.50"`, `"5,800.50"`), map[string]string{"period": "2026-10"})
		if r.Status != 201 || r.json(t)["totals"].(map[string]any)["net"] != "5800.50" {
			t.Errorf("5,800.50: %d %s", r.Status, r.Body)
		}
	})
}
