package ledger

import "testing"

// Every status a drawdown's instruction of 100 can be in: what it takes
// from the guarantee's cover.
func TestDrawnOf(t *testing.T) {
	st := func(paid Money, s InstructionStatus) InstructionState {
		return InstructionState{Amount: 100, Paid: paid, Status: s}
	}
	cases := []struct {
		name   string
		states []InstructionState
		want   Money
	}{
		{"none", nil, 0},
		{"pending: the issuer will pay it", []InstructionState{st(0, InstructionPending)}, 100},
		{"partly paid: the rest may still come", []InstructionState{st(30, InstructionPartlyPaid)}, 100},
		{"paid", []InstructionState{st(100, InstructionPaid)}, 100},
		{"failed: back in the cover", []InstructionState{st(0, InstructionFailed)}, 0},
		{"partly failed: what it paid", []InstructionState{st(30, InstructionPartlyFailed)}, 30},
		{"returned: back in the cover", []InstructionState{st(0, InstructionReturned)}, 0},
		{"re-issued: what it paid", []InstructionState{st(0, InstructionReissued), st(20, InstructionReissued)}, 20},
		{"a drawdown of several", []InstructionState{st(100, InstructionPaid), st(0, InstructionFailed), st(0, InstructionPending)}, 200},
	}
	for _, c := range cases {
		if got := DrawnOf(c.states); got != c.want {
			t.Errorf("%s: drawn %s, want %s", c.name, got, c.want)
		}
	}
	for _, s := range InstructionStatuses {
		if CanReissue(s, true) || CanReissue(s, false) != s.Reissuable() {
			t.Errorf("%s: a drawdown's instruction is re-issuable, or a wage instruction's rule changed", s)
		}
	}
}

// CoverOf counts a guarantee's amount and top-ups less what drawdowns take
// (cash: no more than its account holds), and calls it drawn while that is
// below the amount lodged; topped up to it, it is active again.
func TestCoverOfDrawnAndToppedUp(t *testing.T) {
	on := MustDate("2026-11-02")
	until := MustDate("2027-06-30")
	cash := func(drawn, topped Money) *WageGuarantee {
		return &WageGuarantee{Form: FormCash, Amount: 1000, ValidFrom: MustDate("2026-03-01"), Drawn: drawn, ToppedUp: topped}
	}
	letter := func(drawn, topped Money) *WageGuarantee {
		return &WageGuarantee{Form: FormBankLetter, Amount: 1000, ValidFrom: MustDate("2026-03-01"), ValidUntil: &until, Drawn: drawn, ToppedUp: topped}
	}
	cases := []struct {
		name   string
		g      *WageGuarantee
		cash   Money
		state  GuaranteeState
		counts Money
	}{
		{"cash, untouched", cash(0, 0), 1000, GuaranteeActive, 1000},
		{"cash, drawn, not yet paid out", cash(300, 0), 1000, GuaranteeDrawn, 700},
		{"cash, drawn and paid out", cash(300, 0), 700, GuaranteeDrawn, 700},
		{"cash, drawn, a failed instruction back in the cover", cash(0, 0), 1000, GuaranteeActive, 1000},
		{"cash, topped up in part", cash(300, 100), 800, GuaranteeDrawn, 800},
		{"cash, topped up in full", cash(300, 300), 1000, GuaranteeActive, 1000},
		{"letter, drawn", letter(300, 0), 0, GuaranteeDrawn, 700},
		{"letter, topped up in full", letter(300, 300), 0, GuaranteeActive, 1000},
	}
	for _, c := range cases {
		got := CoverOf(c.g, c.cash, on, 30)
		if got.State != c.state || got.Counts != c.counts {
			t.Errorf("%s: %s counting %s, want %s counting %s", c.name, got.State, got.Counts, c.state, c.counts)
		}
	}
}
