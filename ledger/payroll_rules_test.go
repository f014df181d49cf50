package ledger

import (
	"reflect"
	"strings"
	"testing"
)

func codes(fs []FieldError) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func TestCheckPayrollKind(t *testing.T) {
	for in, want := range map[string]PayrollKind{"": PayrollRegular, " regular ": PayrollRegular, "supplementary": PayrollSupplementary, "advance": PayrollAdvance} {
		if k, f := CheckPayrollKind(in); f != nil || k != want {
			t.Errorf("CheckPayrollKind(%q) = %q, %v; want %q", in, k, f, want)
		}
	}
	// "advance" was refused here until issue 11 (item 5) made it the GC's 先行清偿.
	for _, in := range []string{"prepaid", "Regular", "补发"} {
		if _, f := CheckPayrollKind(in); f == nil || f.Code != string(RefuseUnknown) || f.Field != "kind" {
			t.Errorf("CheckPayrollKind(%q) = %v, want an unknown kind", in, f)
		}
	}
}

// Every kind of new payroll against every state of the month's live payroll.
func TestCheckReplacement(t *testing.T) {
	period := MustPeriod("2026-05")
	live := func(s PayrollStatus) *Payroll { return &Payroll{ID: "pay_live", Status: s} }
	cases := []struct {
		kind     PayrollKind
		live     *Payroll
		replaces bool
		conflict bool
	}{
		{PayrollRegular, nil, false, false},
		{PayrollRegular, live(PayrollSubmitted), true, false},
		{PayrollRegular, live(PayrollApproved), false, true},
		{PayrollSupplementary, nil, false, false},
		{PayrollSupplementary, live(PayrollSubmitted), false, false},
		{PayrollSupplementary, live(PayrollApproved), false, false},
		// An advance (the GC paying a subcontractor's wages first) adds to
		// the month beside its payroll: it neither replaces nor conflicts.
		{PayrollAdvance, nil, false, false},
		{PayrollAdvance, live(PayrollSubmitted), false, false},
		{PayrollAdvance, live(PayrollApproved), false, false},
	}
	kinds := map[PayrollKind]int{}
	for _, c := range cases {
		kinds[c.kind]++
	}
	for _, k := range []PayrollKind{PayrollRegular, PayrollSupplementary, PayrollAdvance} {
		if kinds[k] != 3 {
			t.Errorf("%s is tested over %d of the 3 live payrolls", k, kinds[k])
		}
	}
	for _, c := range cases {
		got, err := CheckReplacement(c.kind, period, c.live)
		if (got != nil) != c.replaces || (ErrorCode(err) == EConflict) != c.conflict {
			t.Errorf("%s over %+v: replaces %v, error %v", c.kind, c.live, got, err)
		}
		if c.conflict && !strings.Contains(err.Error(), "supplementary") {
			t.Errorf("the refusal does not say how to correct: %v", err)
		}
	}
}

func TestCheckDecision(t *testing.T) {
	for _, to := range []PayrollStatus{PayrollApproved, PayrollRejected} {
		for _, s := range []PayrollStatus{PayrollSubmitted, PayrollApproved, PayrollRejected, PayrollSuperseded} {
			err := CheckDecision(&Payroll{ID: "pay_1", Status: s}, to)
			if (err == nil) != (s == PayrollSubmitted) {
				t.Errorf("%s a %s payroll: %v", to, s, err)
			}
			if err != nil && (ErrorCode(err) != EConflict || err.Error() != "payroll pay_1 is "+string(s)+": only a submitted payroll can be "+string(to)) {
				t.Errorf("%s a %s payroll: %v", to, s, err)
			}
		}
	}
}

func TestCheckHasInstructions(t *testing.T) {
	for _, s := range []PayrollStatus{PayrollSubmitted, PayrollApproved, PayrollRejected, PayrollSuperseded} {
		err := CheckHasInstructions(&Payroll{ID: "pay_1", Status: s})
		if (err == nil) != (s == PayrollApproved) || (err != nil && ErrorCode(err) != EConflict) {
			t.Errorf("instructions of a %s payroll: %v", s, err)
		}
	}
}

func TestCheckEmployer(t *testing.T) {
	p := &Project{Code: "P1", GeneralContractorID: "org_gc", SubcontractorIDs: []string{"org_sub"}}
	cases := []struct {
		only, employer string
		forbidden      bool
		notOnProject   bool
	}{
		{"", "org_gc", false, false},
		{"", "org_sub", false, false},
		{"", "org_other", false, true},
		{"org_sub", "org_sub", false, false},
		{"org_sub", "org_gc", true, false},
		{"org_sub", "org_other", true, false},
	}
	for _, c := range cases {
		forbidden, f := CheckEmployer(p, c.only, c.employer)
		if forbidden != c.forbidden || (f != nil) != c.notOnProject {
			t.Errorf("%q acting as %q: forbidden %v, field %v", c.only, c.employer, forbidden, f)
		}
		if f != nil && (f.Code != string(RefuseNotOnProject) || !strings.Contains(f.Message, "project P1")) {
			t.Errorf("field error %+v", f)
		}
	}
}

// Every registry state of a payee against a line that matches it or not.
func TestPayrollRulesRefusals(t *testing.T) {
	enrolled := Payee{WorkerID: "wkr_1", Name: "张三", EnrolmentID: "enr_1", CardIndex: "card1"}
	notEnrolled := Payee{WorkerID: "wkr_1", Name: "张三"}
	type lineKind struct {
		name, card string
	}
	matching, otherName, otherCard, otherBoth := lineKind{"张三", "card1"}, lineKind{"李四", "card1"}, lineKind{"张三", "card9"}, lineKind{"李四", "card9"}
	cases := []struct {
		payee *Payee
		line  lineKind
		want  []string
	}{
		{nil, matching, []string{"id_number:not_registered"}},
		{nil, otherName, []string{"id_number:not_registered"}},
		{nil, otherCard, []string{"id_number:not_registered"}},
		{nil, otherBoth, []string{"id_number:not_registered"}},
		{&notEnrolled, matching, []string{"id_number:not_enrolled"}},
		{&notEnrolled, otherName, []string{"name:name_mismatch", "id_number:not_enrolled"}},
		{&notEnrolled, otherCard, []string{"id_number:not_enrolled"}},
		{&notEnrolled, otherBoth, []string{"name:name_mismatch", "id_number:not_enrolled"}},
		{&enrolled, matching, []string{}},
		{&enrolled, otherName, []string{"name:name_mismatch"}},
		{&enrolled, otherCard, []string{"bank_card:not_registered_card"}},
		{&enrolled, otherBoth, []string{"name:name_mismatch", "bank_card:not_registered_card"}},
	}
	pairs := map[[2]any]bool{}
	for _, c := range cases {
		pairs[[2]any{c.payee, c.line}] = true
	}
	if len(pairs) != 3*4 {
		t.Fatalf("%d of the 12 payee × line pairs are tested", len(pairs))
	}
	for _, c := range cases {
		r := PayrollRules{EmployerID: "org_gc", Period: MustPeriod("2026-05")}
		l := PayeeLine{Row: 7, Line: CheckedLine{Name: c.line.name}, IDMasked: "1101**********002X", CardIndex: c.line.card}
		got := r.Refusals(l, c.payee)
		if !reflect.DeepEqual(codes(got), c.want) {
			t.Errorf("payee %+v, line %+v: %v, want %v", c.payee, c.line, codes(got), c.want)
		}
		for _, f := range got {
			if f.Row != 7 || f.Message == "" || strings.Contains(f.Message, "110105") {
				t.Errorf("refusal %+v: wants row 7, a message, and no full identity number", f)
			}
		}
		// The same worker a second time is a duplicate, whatever the line says.
		if c.payee != nil {
			l.Row = 9
			if again := r.Refusals(l, c.payee); !reflect.DeepEqual(codes(again), []string{"id_number:duplicate"}) || !strings.Contains(again[0].Message, "row 7") {
				t.Errorf("second line of %+v: %v", c.payee, again)
			}
		}
	}
}

func TestPayrollRulesWarnings(t *testing.T) {
	r := PayrollRules{MinimumWage: MustMoney("2540")}
	payee := Payee{AttendedDays: 20, UsualNet: MustMoney("5000")}
	cases := []struct {
		name string
		line CheckedLine
		want []string
	}{
		{"plain", CheckedLine{Centidays: 2000, Gross: MustMoney("6000"), Net: MustMoney("6000"), Confirmed: true}, nil},
		{"more days than attendance", CheckedLine{Centidays: 2001, Gross: MustMoney("6000"), Net: MustMoney("6000"), Confirmed: true}, []string{"20 days of attendance"}},
		{"three times the usual", CheckedLine{Centidays: 2000, Gross: MustMoney("15000.01"), Net: MustMoney("15000.01"), Confirmed: true}, []string{"three times"}},
		{"exactly three times", CheckedLine{Centidays: 2000, Gross: MustMoney("15000"), Net: MustMoney("15000"), Confirmed: true}, nil},
		{"unsigned", CheckedLine{Centidays: 2000, Gross: MustMoney("6000"), Net: MustMoney("6000")}, []string{"not confirmed"}},
		{"full month below minimum", CheckedLine{Centidays: FullMonthCentidays, Gross: MustMoney("2539.99"), Net: MustMoney("2539.99"), Confirmed: true},
			[]string{"attendance", "minimum wage of 2540.00"}},
		{"part month below minimum", CheckedLine{Centidays: 2000, Gross: MustMoney("1000"), Net: MustMoney("1000"), Confirmed: true}, nil},
	}
	for _, c := range cases {
		got := Strings(r.Warnings(c.line, payee))
		if len(got) != len(c.want) {
			t.Errorf("%s: %q, want %d warnings", c.name, got, len(c.want))
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: warning %q does not say %q", c.name, got[i], w)
			}
		}
	}
	// No minimum wage known, no usual pay: those warnings cannot arise.
	none := PayrollRules{}
	if got := none.Warnings(CheckedLine{Centidays: 0, Gross: 1, Net: MustMoney("99999"), Confirmed: true}, Payee{}); len(got) != 0 {
		t.Errorf("warnings without policy or history: %q", got)
	}
}

func TestControlTotals(t *testing.T) {
	n, m := 3, MustMoney("100")
	cases := []struct {
		c     ControlTotals
		read  int
		net   Money
		clean bool
		want  []string
	}{
		{ControlTotals{}, 3, 100, true, []string{}},
		{ControlTotals{Lines: &n, Net: &m}, 3, m, true, []string{}},
		{ControlTotals{Lines: &n}, 4, m, true, []string{"line_count:control_total"}},
		{ControlTotals{Net: &m}, 3, m + 1, true, []string{"net_total:control_total"}},
		{ControlTotals{Net: &m}, 3, m + 1, false, []string{}}, // refused lines are missing from the net
		{ControlTotals{Lines: &n, Net: &m}, 4, m + 1, true, []string{"line_count:control_total"}},
	}
	for i, c := range cases {
		if got := codes(c.c.Check(c.read, c.net, c.clean)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}

// A number without a valid card check digit is paid only when it is the
// worker's registered account (REG Art. 31); otherwise the line is refused
// as a mistyped card, as before, and nothing else is said of it.
func TestPayrollRulesAccountNotACard(t *testing.T) {
	passbook := "62284801234567890" // fails Luhn
	l, errs := CheckPayrollLine(PayrollLineInput{IDNumber: "11010519491231002X", Name: "张三", DaysWorked: "20", GrossPay: "100",
		NetPay: "100", BankCard: passbook}, MustPeriod("2026-05"))
	if len(errs) > 0 || l.BankCard != passbook || l.NotACard == nil || l.NotACard.Code != string(RefuseChecksum) {
		t.Fatalf("a possible account number: %+v, %v", l, errs)
	}
	if _, errs := CheckPayrollLine(PayrollLineInput{IDNumber: "11010519491231002X", Name: "张三", DaysWorked: "20", GrossPay: "100",
		NetPay: "100", BankCard: "6222020000000000010"[:9]}, MustPeriod("2026-05")); !reflect.DeepEqual(codes(errs), []string{"bank_card:length"}) {
		t.Errorf("nine digits are neither card nor account: %v", errs)
	}
	// On a line refused anyway, the card's refusal is reported with the others, in its place.
	if _, errs := CheckPayrollLine(PayrollLineInput{IDNumber: "11010519491231002X", Name: "", DaysWorked: "20", GrossPay: "100",
		NetPay: "100", BankCard: passbook, Confirmed: "maybe"}, MustPeriod("2026-05")); !reflect.DeepEqual(codes(errs), []string{"name:length", "bank_card:checksum", "confirmed:format"}) {
		t.Errorf("a line with other errors: %v", codes(errs))
	}
	account := Payee{WorkerID: "wkr_1", Name: "张三", EnrolmentID: "enr_1", CardIndex: "acct1"}
	notEnrolled := Payee{WorkerID: "wkr_1", Name: "张三"}
	cases := []struct {
		payee *Payee
		index string
		want  []string
	}{
		{&account, "acct1", []string{}},
		{&account, "acct9", []string{"bank_card:checksum"}},
		{&notEnrolled, "acct1", []string{"bank_card:checksum"}},
		{nil, "acct1", []string{"bank_card:checksum"}},
	}
	for _, c := range cases {
		r := PayrollRules{EmployerID: "org_gc", Period: MustPeriod("2026-05")}
		got := r.Refusals(PayeeLine{Row: 4, Line: l, IDMasked: "1101**********002X", CardIndex: c.index}, c.payee)
		if !reflect.DeepEqual(codes(got), c.want) || (len(got) > 0 && got[0].Row != 4) {
			t.Errorf("payee %+v, index %s: %+v, want %v", c.payee, c.index, got, c.want)
		}
	}
}
