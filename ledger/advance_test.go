package ledger

import "testing"

func TestCheckAdvance(t *testing.T) {
	p := &Project{GeneralContractorID: "gc", SubcontractorIDs: []string{"sub"}}
	for _, tc := range []struct {
		name             string
		limited          bool
		caller, employer string
		want             string
	}{
		{"the GC for its subcontractor", true, "gc", "sub", ""},
		{"an administrator", false, "", "sub", ""},
		{"a subcontractor for itself", true, "sub", "sub", EForbidden},
		{"the GC for itself", true, "gc", "gc", EInvalid},
		{"the GC for a stranger", true, "gc", "other", EInvalid},
	} {
		if got := ErrorCode(CheckAdvance(p, tc.limited, tc.caller, tc.employer)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if PayerOf(p, PayrollAdvance, "sub") != "gc" || PayerOf(p, PayrollRegular, "sub") != "sub" || PayerOf(p, PayrollSupplementary, "gc") != "gc" {
		t.Error("PayerOf")
	}
}

// An advance pays what an approved payroll still owes and is not on its way
// to the bank, never more; with nothing approved it pays new work.
func TestAdvanceLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		net  string
		o    Outstanding
		of   AdvanceOf
		ok   bool
	}{
		{"nothing approved: new work", "6000", Outstanding{}, AdvanceNewWork, true},
		{"all of what is owed", "5000", Outstanding{Approved: true, Owed: MustMoney("5000")}, AdvanceOwed, true},
		{"part of what is owed", "3000", Outstanding{Approved: true, Owed: MustMoney("5000")}, AdvanceOwed, true},
		{"a fen more than owed", "5000.01", Outstanding{Approved: true, Owed: MustMoney("5000")}, AdvanceOwed, false},
		{"owed but on its way", "1", Outstanding{Approved: true, Owed: MustMoney("5000"), InFlight: MustMoney("5000")}, AdvanceOwed, false},
		{"the failed part", "2000", Outstanding{Approved: true, Owed: MustMoney("5000"), InFlight: MustMoney("3000")}, AdvanceOwed, true},
		{"approved and paid", "1", Outstanding{Approved: true}, AdvanceOwed, false},
	} {
		of, f := AdvanceLine(7, MustMoney(tc.net), tc.o)
		if of != tc.of || (f == nil) != tc.ok {
			t.Errorf("%s: %q, %v", tc.name, of, f)
		}
		if f != nil && (f.Row != 7 || f.Field != "net_pay" || f.Code != string(RefuseAdvanceTooMuch)) {
			t.Errorf("%s: refusal %+v", tc.name, f)
		}
	}
}
