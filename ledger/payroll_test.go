package ledger

import (
	"reflect"
	"testing"
)

func TestCheckPayrollPeriod(t *testing.T) {
	start, today := NewDate(2025, 3, 15), NewDate(2026, 11, 28)
	for in, want := range map[string]string{"2025-03": "", "2026-11": "", " 2025-09 ": "", "2025-02": "before_project", "2026-12": "future", "2026/01": "format", "": "format"} {
		p, f := CheckPayrollPeriod(in, start, today)
		switch {
		case want == "" && (f != nil || p.IsZero()):
			t.Errorf("%q: %v", in, f)
		case want != "" && (f == nil || f.Code != want || f.Field != "period"):
			t.Errorf("%q: %v, want %s", in, f, want)
		}
	}
}

func goodLine() PayrollLineInput {
	return PayrollLineInput{IDNumber: "11010519491231002x", Name: "张三", DaysWorked: "21.5", GrossPay: "¥6,000.50", Deductions: "100",
		NetPay: "5900.50", BankCard: CompleteBankCard("622202000000000001"), Confirmed: "已签"}
}

func TestCheckPayrollLineAccepts(t *testing.T) {
	l, errs := CheckPayrollLine(goodLine(), MustPeriod("2026-05"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := CheckedLine{ID: "11010519491231002X", Name: "张三", Centidays: 2150, Gross: MustMoney("6000.50"), Deductions: MustMoney("100"),
		Net: MustMoney("5900.50"), BankCard: goodLine().BankCard, Confirmed: true}
	if l != want {
		t.Errorf("%+v, want %+v", l, want)
	}
}

// Each field's refusals, one bad field at a time.
func TestCheckPayrollLineRefuses(t *testing.T) {
	cases := []struct {
		name string
		edit func(*PayrollLineInput)
		want []string
	}{
		{"no identity number", func(l *PayrollLineInput) { l.IDNumber = "" }, []string{"id_number:required"}},
		{"typo in identity number", func(l *PayrollLineInput) { l.IDNumber = "110105194912310029" }, []string{"id_number:checksum"}},
		{"no name", func(l *PayrollLineInput) { l.Name = "" }, []string{"name:length"}},
		{"bad card", func(l *PayrollLineInput) { l.BankCard = "1234" }, []string{"bank_card:length"}},
		{"no gross", func(l *PayrollLineInput) { l.GrossPay = "" }, []string{"gross_pay:required"}},
		{"three decimals", func(l *PayrollLineInput) { l.NetPay = "5900.505" }, []string{"net_pay:amount"}},
		{"negative deductions", func(l *PayrollLineInput) { l.Deductions, l.NetPay = "-100", "6100.50" }, []string{"deductions:negative"}},
		{"no deductions", func(l *PayrollLineInput) { l.Deductions, l.NetPay = "", "6000.50" }, []string{}},
		{"net is not gross − deductions", func(l *PayrollLineInput) { l.NetPay = "5900.51" }, []string{"net_pay:arithmetic"}},
		{"no days", func(l *PayrollLineInput) { l.DaysWorked = "" }, []string{"days_worked:required"}},
		{"days not a number", func(l *PayrollLineInput) { l.DaysWorked = "all" }, []string{"days_worked:format"}},
		{"more days than May has", func(l *PayrollLineInput) { l.DaysWorked = "31.5" }, []string{"days_worked:range"}},
		{"confirmation unclear", func(l *PayrollLineInput) { l.Confirmed = "maybe" }, []string{"confirmed:format"}},
		{"not confirmed", func(l *PayrollLineInput) { l.Confirmed = "未签" }, []string{}},
	}
	for _, c := range cases {
		in := goodLine()
		c.edit(&in)
		_, errs := CheckPayrollLine(in, MustPeriod("2026-05"))
		if got := codes(errs); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestLinePaymentStatusOf(t *testing.T) {
	cases := []struct {
		net         Money
		instruction InstructionStatus
		want        LinePaymentStatus
	}{
		{0, "", LineNothingToPay},
		{100, "", LineNotApproved},
		{100, InstructionPending, "pending"},
		{100, InstructionPaid, "paid"},
		{100, InstructionPartlyPaid, "partly_paid"},
		{100, InstructionPartlyFailed, "partly_failed"},
		{100, InstructionFailed, "failed"},
		{100, InstructionReturned, "returned"},
		{0, InstructionPaid, "paid"}, // an instruction's status wins
	}
	for _, c := range cases {
		if got := LinePaymentStatusOf(c.net, c.instruction); got != c.want {
			t.Errorf("net %s, instruction %q: %s, want %s", c.net, c.instruction, got, c.want)
		}
	}
}

// ICBC's fen amounts are whole numbers of fen; yuan are read by ParseMoney.
func TestParseMoneyInFen(t *testing.T) {
	for in, want := range map[string]Money{"500100": 500100, "1": 1, "5,001,00": -1, "5001.00": -1} {
		got, err := ParseMoneyIn(in, true)
		if (err != nil) != (want < 0) || (want >= 0 && got != want) {
			t.Errorf("ParseMoneyIn(%q, fen) = %v, %v; want %v", in, got, err, want)
		}
	}
	if m, err := ParseMoneyIn("5,001.00", false); err != nil || m != 500100 {
		t.Errorf("ParseMoneyIn(yuan) = %v, %v", m, err)
	}
	if _, err := ParseMoneyIn("5800,50", false); err == nil {
		t.Error("5800,50 is no amount")
	}
}
