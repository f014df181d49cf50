package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/bankfile"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Issue 11, item 12: a Type II account or passbook number without a valid
// Luhn digit is accepted when marked as an account, shown masked with its
// kind, paid through payrolls, and carried to the instructions and the bank
// file; unmarked, it is still refused as a mistyped card.
func TestAccountsThatAreNotCards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		const passbook = "62284801234567890" // fails Luhn
		w := workerBody(1, s.sub, s.bank)
		w["bank_card"] = passbook
		if got := strings.Join(errorsOf(t, s.must(422, "POST", s.path("/workers"), s.subKey, w)), " "); got != "0:bank_card:checksum" {
			t.Errorf("an unmarked passbook: %s", got)
		}
		w["account_kind"] = "account"
		r := s.must(201, "POST", s.path("/workers"), s.subKey, w)
		e := r.json(t)
		if e["account_kind"] != "account" || e["bank_card"] != "6228 **** **** 7890" || strings.Contains(string(r.Body), passbook) {
			t.Fatalf("an account: %s", r.Body)
		}
		enr := e["id"].(string)
		enrolled.Store(enr, w)
		h := s.must(200, "GET", s.path("/workers/"+enr), s.gcKey, nil).json(t)["history"].([]any)
		if h[0].(map[string]any)["account_kind"] != "account" {
			t.Errorf("history: %v", h)
		}
		card := s.enrol(s.project, s.subKey, workerBody(2, s.sub, s.bank))

		// A payroll pays the account; the same kind of number for a card holder is a mistyped card.
		wrong := payLine(card, "100", "0", "100")
		wrong["bank_card"] = passbook
		r = s.must(422, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": []map[string]string{wrong}})
		if got := strings.Join(errorsOf(t, r), " "); got != "1:bank_card:checksum" {
			t.Errorf("a card holder paid to a number failing Luhn: %s", r.Body)
		}
		lines := []map[string]string{payLine(enr, "6000.00", "500.00", "5500.00"), payLine(card, "2000.00", "0", "2000.00")}
		id := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": lines}).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+id+"/approve", s.officer, nil)
		items := s.must(200, "GET", "/api/v1/payrolls/"+id+"/instructions", s.gcKey, nil).json(t)["items"].([]any)
		if items[0].(map[string]any)["payee_account_kind"] != "account" || items[1].(map[string]any)["payee_account_kind"] != "card" {
			t.Errorf("instructions: %v", items)
		}
		file := s.must(200, "GET", "/api/v1/payrolls/"+id+"/instructions", s.key(s.bank, ledger.RoleBank), nil, "Accept", "text/csv")
		batch, err := bankfile.Read(strings.NewReader(string(file.Body)))
		if err != nil || batch.Lines[0].PayeeAccount != passbook || batch.Lines[0].PayeeAccountKind != ledger.PaidToAccount ||
			batch.Lines[1].PayeeAccountKind != ledger.PaidToCard {
			t.Fatalf("bank file: %v\n%s", err, file.Body)
		}

		// A change of account says its kind; without it the number is checked as a card.
		s.must(422, "PATCH", s.path("/workers/"+card), s.gcKey, map[string]string{"bank_card": "62284801234567891", "bank_id": s.bank})
		u := s.must(200, "PATCH", s.path("/workers/"+card), s.gcKey, map[string]string{"bank_card": "62284801234567891", "account_kind": "账户", "bank_id": s.bank}).json(t)
		if u["account_kind"] != "account" || u["bank_card"] != "6228 **** **** 7891" {
			t.Errorf("changed to an account: %v", u)
		}

		// A worker file marks accounts in an 账户类型 column.
		bankName := s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name")
		header := strings.Replace(rosterHeader, "银行卡号,", "银行卡号,账户类型,", 1)
		acctRow := strings.Replace(rosterRow(3, bankName), ledger.CompleteBankCard("622202"+leftPad(3, 12))+",", "6228480000000000003,账户,", 1)
		cardRow := strings.Replace(rosterRow(4, bankName), ledger.CompleteBankCard("622202"+leftPad(4, 12))+",", ledger.CompleteBankCard("622202"+leftPad(4, 12))+",卡,", 1)
		r = s.upload(s.path("/workers/import"), s.subKey, "roster.csv", []byte(header+acctRow+cardRow))
		if r.Status != 201 {
			t.Fatalf("a file with an account: %d %s", r.Status, r.Body)
		}
		kinds := map[string]any{}
		for _, it := range s.must(200, "GET", s.path("/workers?limit=100"), s.gcKey, nil).json(t)["items"].([]any) {
			kinds[it.(map[string]any)["name"].(string)] = it.(map[string]any)["account_kind"]
		}
		if kinds[workerBody(3, "", "")["name"].(string)] != "account" || kinds[workerBody(4, "", "")["name"].(string)] != "card" {
			t.Errorf("kinds from the file: %v", kinds)
		}
		badKind := strings.Replace(rosterRow(5, bankName), ledger.CompleteBankCard("622202"+leftPad(5, 12))+",", "6228480000000000005,折子,", 1)
		if got := strings.Join(errorsOf(t, s.upload(s.path("/workers/import"), s.subKey, "bad.csv", []byte(header+badKind))), " "); got != "2:account_kind:unknown" {
			t.Errorf("an unknown kind in a file: %s", got)
		}
	})
}
