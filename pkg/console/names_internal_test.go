package console

import (
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

// An alert's records read in the order a person counts them: a payroll's
// lines by number, not as text (1, 10, 11, 2); kinds keep their order.
func TestEvidenceSortsNumerically(t *testing.T) {
	var ev []ledger.Evidence
	for _, ref := range []string{"pay_a#1", "pay_a#10", "pay_a#11", "pay_a#2", "pay_b#3"} {
		ev = append(ev, ledger.Evidence{Kind: ledger.EvidencePayrollLine, Ref: ref})
	}
	ev = append([]ledger.Evidence{{Kind: ledger.EvidencePayroll, Ref: "pay_b"}, {Kind: ledger.EvidencePayroll, Ref: "pay_a"}}, ev...)
	var got []string
	for _, e := range sortEvidence(ev) {
		got = append(got, e.Ref)
	}
	want := []string{"pay_a", "pay_b", "pay_a#1", "pay_a#2", "pay_a#10", "pay_a#11", "pay_b#3"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v, want %v", got, want)
		}
	}
}
