package ledger

import (
	"fmt"
	"testing"
)

// An instruction of 100 of which a drawdown supersedes 40, in every status
// it can be in, meets every kind of bank fact: a payment of what is left is
// taken, a payment reaching into the superseded part is refused as
// superseded (kept unmatched), one above the whole amount is refused as
// before; returns of what the bank paid still apply; a failure applies
// while something is left to pay.
func TestApplyConfirmationWhenPartlySuperseded(t *testing.T) {
	st := func(paid Money, s InstructionStatus) InstructionState {
		return InstructionState{Amount: 100, Paid: paid, Superseded: 40, Status: s}
	}
	type fact struct {
		status ConfirmationStatus
		amount Money
	}
	cases := []struct {
		from    InstructionState
		fact    fact
		want    InstructionState
		refusal Refusal
	}{
		// Issued, nothing paid: 60 is left to pay.
		{from: st(0, InstructionPending), fact: fact{ConfirmPaid, 30}, want: st(30, InstructionPartlyPaid)},
		{from: st(0, InstructionPending), fact: fact{ConfirmPaid, 60}, want: st(60, InstructionSuperseded)},
		{from: st(0, InstructionPending), fact: fact{ConfirmPaid, 61}, refusal: RefuseSuperseded},
		{from: st(0, InstructionPending), fact: fact{ConfirmPaid, 100}, refusal: RefuseSuperseded},
		{from: st(0, InstructionPending), fact: fact{ConfirmPaid, 101}, refusal: RefuseExceedsInstruction},
		{from: st(0, InstructionPending), fact: fact{ConfirmReturned, 1}, refusal: RefuseNotPaid},
		{from: st(0, InstructionPending), fact: fact{ConfirmFailed, 0}, want: st(0, InstructionFailed)},
		// Partly paid (30), 30 left.
		{from: st(30, InstructionPartlyPaid), fact: fact{ConfirmPaid, 30}, want: st(60, InstructionSuperseded)},
		{from: st(30, InstructionPartlyPaid), fact: fact{ConfirmPaid, 70}, refusal: RefuseSuperseded},
		{from: st(30, InstructionPartlyPaid), fact: fact{ConfirmPaid, 71}, refusal: RefuseExceedsInstruction},
		// All 30 paid came back, the bank still holds 30: partly paid, not
		// returned, which would re-issue 60 while the bank may pay its 30.
		{from: st(30, InstructionPartlyPaid), fact: fact{ConfirmReturned, 30}, want: st(0, InstructionPartlyPaid)},
		{from: st(30, InstructionPartlyPaid), fact: fact{ConfirmFailed, 0}, want: st(30, InstructionPartlyFailed)},
		// Partly failed (30 paid, the rest failed): 30 left to re-issue or pay.
		{from: st(30, InstructionPartlyFailed), fact: fact{ConfirmPaid, 30}, want: st(60, InstructionSuperseded)},
		{from: st(30, InstructionPartlyFailed), fact: fact{ConfirmPaid, 31}, refusal: RefuseSuperseded},
		// Paid what was left before nothing was left (60 paid, 40 superseded).
		{from: st(60, InstructionSuperseded), fact: fact{ConfirmPaid, 1}, refusal: RefuseSuperseded},
		{from: st(60, InstructionSuperseded), fact: fact{ConfirmPaid, 41}, refusal: RefuseExceedsInstruction},
		{from: st(60, InstructionSuperseded), fact: fact{ConfirmReturned, 20}, want: st(40, InstructionPartlyFailed)},
		{from: st(60, InstructionSuperseded), fact: fact{ConfirmReturned, 60}, want: st(0, InstructionReturned)},
		{from: st(60, InstructionSuperseded), fact: fact{ConfirmReturned, 61}, refusal: RefuseNotPaid},
		{from: st(60, InstructionSuperseded), fact: fact{ConfirmFailed, 0}, refusal: RefuseNotPayable},
		// Failed or returned, then superseded in part: 60 left.
		{from: st(0, InstructionFailed), fact: fact{ConfirmPaid, 60}, want: st(60, InstructionSuperseded)},
		{from: st(0, InstructionFailed), fact: fact{ConfirmPaid, 61}, refusal: RefuseSuperseded},
		{from: st(0, InstructionReturned), fact: fact{ConfirmPaid, 10}, want: st(10, InstructionPartlyPaid)},
		{from: st(0, InstructionReturned), fact: fact{ConfirmPaid, 100}, refusal: RefuseSuperseded},
		// A re-issued instruction takes nothing, superseded or not.
		{from: st(0, InstructionReissued), fact: fact{ConfirmPaid, 10}, refusal: RefuseExceedsInstruction},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s %s/%s (%s superseded), %s %s", c.from.Status, c.from.Paid, c.from.Amount, c.from.Superseded, c.fact.status, c.fact.amount)
		next, why := ApplyConfirmation(c.from, &ConfirmationItem{InstructionID: "ins_1", Status: c.fact.status, Amount: c.fact.amount})
		switch {
		case c.refusal != "" && (why == nil || why.Code != string(c.refusal) || next != c.from):
			t.Errorf("%s: got %+v %+v, want refused %s with the state unchanged", name, next, why, c.refusal)
		case c.refusal == "" && (why != nil || next.stored() != c.want): // what came back is Returned's own table's business
			t.Errorf("%s: got %+v %+v, want %+v", name, next, why, c.want)
		}
	}
}

// A drawdown's lines supersede what is still payable of the wage account's
// instructions for the same worker and period, oldest first, and nothing
// else: in every status an instruction can be in when the drawdown is
// issued.
func TestSupersede(t *testing.T) {
	wageIns := func(id, enr string, period string, paid Money, s InstructionStatus) *PaymentInstruction {
		return &PaymentInstruction{ID: id, ProjectID: "prj_1", EnrolmentID: enr, Period: MustPeriod(period),
			InstructionState: InstructionState{Amount: 100, Paid: paid, Status: s}}
	}
	line := func(enr, period string, amount Money) DrawdownLine {
		return DrawdownLine{EnrolmentID: enr, Period: MustPeriod(period), Amount: amount}
	}
	drawdownOwn := wageIns("ins_dd", "enr_a", "2026-01", 0, InstructionPending)
	drawdownOwn.PaidFrom = Account{ProjectID: "prj_1", Kind: Guarantee, Ref: "grt_1"}
	cases := []struct {
		name  string
		wage  []*PaymentInstruction
		lines []DrawdownLine
		want  map[string]InstructionState // changed instructions' new states
	}{
		{"pending, wholly", []*PaymentInstruction{wageIns("ins_1", "enr_a", "2026-01", 0, InstructionPending)},
			[]DrawdownLine{line("enr_a", "2026-01", 100)},
			map[string]InstructionState{"ins_1": {Amount: 100, Superseded: 100, Status: InstructionSuperseded}}},
		{"pending, in part", []*PaymentInstruction{wageIns("ins_1", "enr_a", "2026-01", 0, InstructionPending)},
			[]DrawdownLine{line("enr_a", "2026-01", 40)},
			map[string]InstructionState{"ins_1": {Amount: 100, Superseded: 40, Status: InstructionPending}}},
		{"partly paid: the unpaid rest", []*PaymentInstruction{wageIns("ins_1", "enr_a", "2026-01", 70, InstructionPartlyPaid)},
			[]DrawdownLine{line("enr_a", "2026-01", 30)},
			map[string]InstructionState{"ins_1": {Amount: 100, Paid: 70, Superseded: 30, Status: InstructionSuperseded}}},
		{"failed: no longer re-issuable", []*PaymentInstruction{wageIns("ins_1", "enr_a", "2026-01", 0, InstructionFailed)},
			[]DrawdownLine{line("enr_a", "2026-01", 100)},
			map[string]InstructionState{"ins_1": {Amount: 100, Superseded: 100, Status: InstructionSuperseded}}},
		{"returned", []*PaymentInstruction{wageIns("ins_1", "enr_a", "2026-01", 0, InstructionReturned)},
			[]DrawdownLine{line("enr_a", "2026-01", 60)},
			map[string]InstructionState{"ins_1": {Amount: 100, Superseded: 60, Status: InstructionReturned}}},
		{"paid, re-issued, another worker, another period, a drawdown's own: untouched",
			[]*PaymentInstruction{wageIns("ins_1", "enr_a", "2026-01", 100, InstructionPaid), wageIns("ins_2", "enr_a", "2026-01", 0, InstructionReissued),
				wageIns("ins_3", "enr_b", "2026-01", 0, InstructionPending), wageIns("ins_4", "enr_a", "2026-02", 0, InstructionPending), drawdownOwn},
			[]DrawdownLine{line("enr_a", "2026-01", 100)}, map[string]InstructionState{}},
		{"spread over two instructions in order, already superseded parts skipped",
			[]*PaymentInstruction{
				{ID: "ins_1", ProjectID: "prj_1", EnrolmentID: "enr_a", Period: MustPeriod("2026-01"), InstructionState: InstructionState{Amount: 100, Superseded: 80, Status: InstructionPending}},
				wageIns("ins_2", "enr_a", "2026-01", 0, InstructionPending)},
			[]DrawdownLine{line("enr_a", "2026-01", 50)},
			map[string]InstructionState{"ins_1": {Amount: 100, Superseded: 100, Status: InstructionSuperseded}, "ins_2": {Amount: 100, Superseded: 30, Status: InstructionPending}}},
		{"a line larger than what is payable supersedes what is", []*PaymentInstruction{wageIns("ins_1", "enr_a", "2026-01", 0, InstructionPending)},
			[]DrawdownLine{line("enr_a", "2026-01", 150)},
			map[string]InstructionState{"ins_1": {Amount: 100, Superseded: 100, Status: InstructionSuperseded}}},
	}
	for _, c := range cases {
		got := Supersede(c.wage, c.lines)
		if len(got) != len(c.want) {
			t.Errorf("%s: %d changes %+v, want %d", c.name, len(got), got, len(c.want))
			continue
		}
		for _, ch := range got {
			if w, ok := c.want[ch.ID]; !ok || ch.To != w {
				t.Errorf("%s: %s becomes %+v, want %+v", c.name, ch.ID, ch.To, w)
			}
		}
	}
}

// Both orders of the wage account's bank paying and a drawdown being
// issued, from every status an instruction of 100 may be in: what the wage
// account pays and what the drawdown pays never add up to more than the
// wage. The drawdown is sized on what is still owed when it is issued (the
// wage less what the wage account has paid), as DecideDrawdown sizes it.
func TestSupersedeEitherOrderNeverPaysTwice(t *testing.T) {
	for _, from := range []InstructionState{
		{Amount: 100, Status: InstructionPending},
		{Amount: 100, Paid: 30, Status: InstructionPartlyPaid},
		{Amount: 100, Paid: 30, Status: InstructionPartlyFailed},
		{Amount: 100, Status: InstructionFailed},
		{Amount: 100, Status: InstructionReturned},
	} {
		ins := func(st InstructionState) []*PaymentInstruction {
			return []*PaymentInstruction{{ID: "ins_1", ProjectID: "prj_1", EnrolmentID: "enr_a", Period: MustPeriod("2026-10"), InstructionState: st}}
		}
		pay := &ConfirmationItem{InstructionID: "ins_1", Status: ConfirmPaid, Amount: from.Amount - from.Paid}
		drawdownOf := func(st InstructionState) []DrawdownLine {
			return []DrawdownLine{{EnrolmentID: "enr_a", Period: MustPeriod("2026-10"), Amount: st.Amount - st.Paid}}
		}
		// The wage account's bank first, then the drawdown (of what is still owed: nothing).
		paid, why := ApplyConfirmation(from, pay)
		if why != nil {
			t.Fatalf("%s: the bank's payment before the drawdown: %v", from.Status, why)
		}
		if lines := drawdownOf(paid); lines[0].Amount != 0 || len(Supersede(ins(paid), lines)) != 0 {
			t.Errorf("%s: a drawdown after the wage was paid supersedes or pays %s", from.Status, lines[0].Amount)
		}
		// The drawdown first, then the wage account's bank: refused, and kept.
		lines := drawdownOf(from)
		changes := Supersede(ins(from), lines)
		if len(changes) != 1 || changes[0].To.Status != InstructionSuperseded {
			t.Fatalf("%s: the drawdown superseded %+v", from.Status, changes)
		}
		after, why := ApplyConfirmation(changes[0].To, pay)
		if why == nil || why.Code != string(RefuseSuperseded) || !Refusal(why.Code).KeptUnmatched() {
			t.Errorf("%s: the bank's payment after the drawdown: %+v %v", from.Status, after, why)
		}
		if settled := after.Paid + lines[0].Amount; settled != from.Amount {
			t.Errorf("%s: the wage account pays %s and the drawdown %s of a wage of %s", from.Status, after.Paid, lines[0].Amount, from.Amount)
		}
	}
}
