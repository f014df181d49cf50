package ledger

import (
	"reflect"
	"strings"
	"testing"
)

func goodWorker() WorkerInput {
	return WorkerInput{Name: " 张三 ", IDNumber: "11010519491231002X", Phone: "+86 139 1234 5678", EmployerID: " org_gc ", Team: "一班",
		Trade: "钢筋工", BankCard: CompleteBankCard("622202000000000001"), BankID: "org_bank", ContractSignedOn: "2026/01/01", EnteredOn: "20260102"}
}

func TestCheckWorkerAccepts(t *testing.T) {
	w, errs := CheckWorker(goodWorker(), NewDate(2026, 11, 28))
	if len(errs) > 0 {
		t.Fatalf("a good worker is refused: %v", errs)
	}
	if w.Name != "张三" || w.Phone != "13912345678" || w.EmployerID != "org_gc" || w.ContractKind != LabourContract ||
		w.ContractSignedOn != NewDate(2026, 1, 1) || w.EnteredOn != NewDate(2026, 1, 2) || w.ID.Number != "11010519491231002X" {
		t.Errorf("checked worker %+v", w)
	}
	if w.Trade != "钢筋工" || w.TradeCode != "020" || w.AccountKind != PaidToCard {
		t.Errorf("trade %q (%q), account kind %q", w.Trade, w.TradeCode, w.AccountKind)
	}
	for in, want := range map[string]ContractKind{"劳动合同": LabourContract, "written_agreement": WrittenAgreement, "书面协议": WrittenAgreement, "用工协议": WrittenAgreement} {
		in2 := goodWorker()
		in2.ContractKind = in
		if w, errs := CheckWorker(in2, NewDate(2026, 11, 28)); len(errs) > 0 || w.ContractKind != want {
			t.Errorf("contract kind %q: %q, %v", in, w.ContractKind, errs)
		}
	}
}

// Each field's refusals, one bad field at a time.
func TestCheckWorkerRefuses(t *testing.T) {
	today := NewDate(2026, 11, 28)
	cases := []struct {
		name string
		edit func(*WorkerInput)
		want []string
	}{
		{"no name", func(w *WorkerInput) { w.Name = "" }, []string{"name:length"}},
		{"bad identity number", func(w *WorkerInput) { w.IDNumber = "110105194912310029" }, []string{"id_number:checksum"}},
		{"bad phone", func(w *WorkerInput) { w.Phone = "12345" }, []string{"phone:format"}},
		{"bad card", func(w *WorkerInput) { w.BankCard = "6222020000000000010" }, []string{"bank_card:checksum"}},
		{"bad card marked a card", func(w *WorkerInput) { w.BankCard, w.AccountKind = "6222020000000000010", "卡" }, []string{"bank_card:checksum"}},
		{"an account is not Luhn-checked", func(w *WorkerInput) { w.BankCard, w.AccountKind = "6222020000000000010", "account" }, []string{}},
		{"an account marked 账户", func(w *WorkerInput) { w.BankCard, w.AccountKind = "１２３４５６７８９０１２", "账户" }, []string{}},
		{"an account is digits", func(w *WorkerInput) { w.BankCard, w.AccountKind = "6222-0200-0000", "account" }, []string{"bank_card:format"}},
		{"an account too short", func(w *WorkerInput) { w.BankCard, w.AccountKind = "123456789", "account" }, []string{"bank_card:length"}},
		{"an account too long", func(w *WorkerInput) { w.BankCard, w.AccountKind = strings.Repeat("1", 31), "account" }, []string{"bank_card:length"}},
		{"unknown account kind", func(w *WorkerInput) { w.AccountKind = "wallet" }, []string{"account_kind:unknown"}},
		{"no bank", func(w *WorkerInput) { w.BankID = " " }, []string{"bank_id:required"}},
		{"no trade", func(w *WorkerInput) { w.Trade = "" }, []string{"trade:required"}},
		{"long team", func(w *WorkerInput) { w.Team = strings.Repeat("班", 101) }, []string{"team:too_long"}},
		{"unknown contract", func(w *WorkerInput) { w.ContractKind = "handshake" }, []string{"contract_kind:unknown"}},
		{"no contract date", func(w *WorkerInput) { w.ContractSignedOn = "" }, []string{"contract_signed_on:date"}},
		{"no entry date", func(w *WorkerInput) { w.EnteredOn = "soon" }, []string{"entered_on:date"}},
		{"entered before the contract", func(w *WorkerInput) { w.EnteredOn = "2025-12-31" }, []string{"entered_on:before_contract"}},
		{"entry in the future", func(w *WorkerInput) { w.ContractSignedOn, w.EnteredOn = "2026-11-28", "2026-11-29" }, []string{"entered_on:future"}},
		{"child labour", func(w *WorkerInput) { w.IDNumber = CompleteResidentID("11010520110101001") }, []string{"id_number:child_labour"}},
		{"sixteen on the entry day", func(w *WorkerInput) { w.IDNumber = CompleteResidentID("11010520100102001") }, []string{}},
	}
	for _, c := range cases {
		in := goodWorker()
		c.edit(&in)
		_, errs := CheckWorker(in, today)
		if got := codes(errs); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCheckWorkerUpdate(t *testing.T) {
	card := CompleteBankCard("622202000000000001")
	passbook := "62284801234567890" // no valid Luhn digit
	cases := []struct {
		card, kind, bank, phone string
		want                    []string
	}{
		{card, "", "org_bank", "", []string{}},
		{"", "", "", "13912345678", []string{}},
		{card, "", "org_bank", "13912345678", []string{}},
		{card, "", "", "", []string{"bank_id:required"}},
		{"123", "", "org_bank", "", []string{"bank_card:length"}},
		{"12a4", "", "org_bank", "", []string{"bank_card:format"}},
		{"", "", "", "123", []string{"phone:format"}},
		{"", "", "org_bank", "", []string{"bank_card:required"}},
		{passbook, "", "org_bank", "", []string{"bank_card:checksum"}},
		{passbook, "card", "org_bank", "", []string{"bank_card:checksum"}},
		{passbook, "account", "org_bank", "", []string{}},
		{passbook, "存折", "org_bank", "", []string{}},
		{passbook, "cheque", "org_bank", "", []string{"account_kind:unknown"}},
		{"", "account", "", "13912345678", []string{"bank_card:required"}},
	}
	for _, c := range cases {
		u, err := CheckWorkerUpdate(c.card, c.kind, c.bank, c.phone)
		if got := codes(ErrorFields(err)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q %q %q %q: %v, want %v", c.card, c.kind, c.bank, c.phone, got, c.want)
		}
		if err == nil && (u.BankCard != c.card || u.Phone != c.phone) {
			t.Errorf("%q %q %q: %+v", c.card, c.bank, c.phone, u)
		}
		if wantKind := map[string]BankAccountKind{"account": PaidToAccount, "存折": PaidToAccount}[c.kind]; err == nil && c.card != "" &&
			u.AccountKind != wantKind && !(wantKind == "" && u.AccountKind == PaidToCard) {
			t.Errorf("%q %q: kind %q", c.card, c.kind, u.AccountKind)
		}
	}
}

func TestParseHours(t *testing.T) {
	for in, want := range map[string]int{"8": 800, "8.5": 850, "０": 0, "24": 2400, " 7.25 ": 725} {
		if got, msg := ParseHours(in); msg.Key != "" || got != want {
			t.Errorf("ParseHours(%q) = %d, %q", in, got, msg)
		}
	}
	for _, in := range []string{"24.01", "-1", "8.123", "eight", ""} {
		if _, msg := ParseHours(in); msg.Key == "" {
			t.Errorf("ParseHours(%q) accepted", in)
		}
	}
}
