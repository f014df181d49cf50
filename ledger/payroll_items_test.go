package ledger

import (
	"reflect"
	"strings"
	"testing"
)

func money(s string) *Money { m := MustMoney(s); return &m }

// itemisedLine is goodLine (gross 6000.50, deductions 100, net 5900.50)
// with its hours and every item given.
func itemisedLine() PayrollLineInput {
	in := goodLine()
	in.WorkHours = "172.5"
	in.Items = [NumPayItems]string{ItemBase: "5000", ItemOvertime: "600.50", ItemSpecialAllowances: "300", ItemOtherAllowances: "100",
		ItemSocialInsurance: "60", ItemHousingFund: "40", ItemIncomeTax: "0", ItemOtherDeductions: ""}
	return in
}

// The items REG Art. 15 lists are kept when given, each on its own, and
// must add up exactly to the line's gross pay and deductions.
func TestCheckPayrollLineItems(t *testing.T) {
	l, errs := CheckPayrollLine(itemisedLine(), MustPeriod("2026-05"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := PayItems{ItemBase: money("5000"), ItemOvertime: money("600.50"), ItemSpecialAllowances: money("300"), ItemOtherAllowances: money("100"),
		ItemSocialInsurance: money("60"), ItemHousingFund: money("40"), ItemIncomeTax: money("0")}
	if !reflect.DeepEqual(l.Items, want) || l.Centihours == nil || *l.Centihours != 17250 {
		t.Errorf("items %v, hours %v", l.Items, l.Centihours)
	}
	// Without a deductions total, the deductions are the sum of their items.
	in := itemisedLine()
	in.Deductions = ""
	if l, errs := CheckPayrollLine(in, MustPeriod("2026-05")); len(errs) > 0 || l.Deductions != MustMoney("100") {
		t.Errorf("deductions from items: %s, %v", l.Deductions, errs)
	}
	cases := []struct {
		name string
		edit func(*PayrollLineInput)
		want []string
	}{
		{"only some items", func(l *PayrollLineInput) {
			l.Items = [NumPayItems]string{ItemBase: "6000.50", ItemIncomeTax: "100"}
		}, []string{}},
		{"gross items one fen short", func(l *PayrollLineInput) { l.Items[ItemOvertime] = "600.49" }, []string{"gross_pay:arithmetic"}},
		{"deduction items do not add up", func(l *PayrollLineInput) { l.Items[ItemOtherDeductions] = "5" }, []string{"deductions:arithmetic"}},
		{"an item with three decimals", func(l *PayrollLineInput) { l.Items[ItemHousingFund] = "40.001" }, []string{"housing_fund:amount"}},
		{"a negative item", func(l *PayrollLineInput) { l.Items[ItemBase], l.Items[ItemOvertime] = "6100", "-499.50" }, []string{"overtime_pay:negative"}},
		{"hours not a number", func(l *PayrollLineInput) { l.WorkHours = "many" }, []string{"work_hours:format"}},
		{"more hours than May has", func(l *PayrollLineInput) { l.WorkHours = "744.01" }, []string{"work_hours:range"}},
		{"bad net and items off: the net is named", func(l *PayrollLineInput) { l.NetPay, l.Items[ItemBase] = "1", "1" }, []string{"net_pay:arithmetic"}},
	}
	for _, c := range cases {
		in := itemisedLine()
		c.edit(&in)
		_, errs := CheckPayrollLine(in, MustPeriod("2026-05"))
		if got := codes(errs); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	_, errs = CheckPayrollLine(func() PayrollLineInput { in := itemisedLine(); in.Items[ItemBase] = "4999"; return in }(), MustPeriod("2026-05"))
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "base_pay 4999.00 + overtime_pay 600.50") {
		t.Errorf("the refusal lists the items: %v", errs)
	}
}

// The minimum wage is compared with pay without overtime and special
// allowances when the line itemises them (issue 11, item 9).
func TestMinimumWageWithoutOvertime(t *testing.T) {
	r := PayrollRules{MinimumWage: MustMoney("2540")}
	payee := Payee{AttendedDays: 22}
	full := func(gross string, items PayItems) CheckedLine {
		return CheckedLine{Centidays: 2200, Gross: MustMoney(gross), Net: MustMoney(gross), Confirmed: true, Items: items}
	}
	cases := []struct {
		name string
		line CheckedLine
		want string
	}{
		{"not itemised: gross counts", full("3000", PayItems{}), ""},
		{"overtime lifts it above", full("3000", PayItems{ItemBase: money("2000"), ItemOvertime: money("1000")}), "without overtime and special allowances (2000.00)"},
		{"high-temperature pay lifts it above", full("3000", PayItems{ItemBase: money("2500"), ItemSpecialAllowances: money("500")}), "(2500.00) is below"},
		{"other allowances count", full("3000", PayItems{ItemBase: money("2500"), ItemOtherAllowances: money("500")}), ""},
		{"only deductions itemised", full("3000", PayItems{ItemIncomeTax: money("0")}), ""},
	}
	for _, c := range cases {
		got := strings.Join(Strings(r.Warnings(c.line, payee)), "; ")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
