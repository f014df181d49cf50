package ledger

import (
	"fmt"
	"testing"
)

// Every instruction status meets every kind of bank fact: paid below, at and
// above what is left; returned less than, all of and more than what was
// paid; failed. Amounts are in fen; every instruction is of 100.
func TestApplyConfirmationEveryStateAndFact(t *testing.T) {
	const amount = 100
	state := func(paid Money, s InstructionStatus) InstructionState {
		return InstructionState{Amount: amount, Paid: paid, Status: s}
	}
	type want struct {
		next    InstructionState
		refusal Refusal
	}
	ok := func(paid Money, s InstructionStatus) want { return want{next: state(paid, s)} }
	// back is a state after a return: what came back is counted (Returned).
	back := func(paid Money, s InstructionStatus, returned Money) want {
		w := ok(paid, s)
		w.next.Returned = returned
		return w
	}
	no := func(c Refusal) want { return want{refusal: c} }
	// via is the state an instruction of 100 reaches from pending through
	// the bank's facts, as the store reads it back (Returned included):
	// every state of the table is one that really occurs.
	via := func(facts ...ConfirmationItem) InstructionState {
		st := state(0, InstructionPending)
		for _, f := range facts {
			next, why := ApplyConfirmation(st, &f)
			if why != nil {
				t.Fatalf("%s %s from %+v refused: %v", f.Status, f.Amount, st, why)
			}
			st = next
		}
		return st
	}
	pay := func(m Money) ConfirmationItem {
		return ConfirmationItem{InstructionID: "ins_1", Status: ConfirmPaid, Amount: m}
	}
	ret := func(m Money) ConfirmationItem {
		return ConfirmationItem{InstructionID: "ins_1", Status: ConfirmReturned, Amount: m}
	}
	fail := func() ConfirmationItem { return ConfirmationItem{InstructionID: "ins_1", Status: ConfirmFailed} }
	// The facts for a state whose instruction has left (100 − paid) and paid:
	// an amount of 0 is replaced by 1, the smallest amount a fact carries.
	facts := []struct {
		name   string
		status ConfirmationStatus
		amount func(paid Money) Money
	}{
		{"paid below what is left", ConfirmPaid, func(p Money) Money { return (amount - p) / 2 }},
		{"paid what is left", ConfirmPaid, func(p Money) Money { return amount - p }},
		{"paid above what is left", ConfirmPaid, func(p Money) Money { return amount - p + 1 }},
		{"returned less than paid", ConfirmReturned, func(p Money) Money { return p / 2 }},
		{"returned all paid", ConfirmReturned, func(p Money) Money { return p }},
		{"returned more than paid", ConfirmReturned, func(p Money) Money { return p + 1 }},
		{"failed", ConfirmFailed, func(Money) Money { return 0 }},
	}
	cases := []struct {
		from InstructionState
		want [7]want // in the order of facts
	}{
		{via(), [7]want{
			ok(50, InstructionPartlyPaid), ok(100, InstructionPaid), no(RefuseExceedsInstruction),
			no(RefuseNotPaid), no(RefuseNotPaid), no(RefuseNotPaid),
			ok(0, InstructionFailed)}},
		{via(pay(30)), [7]want{
			ok(65, InstructionPartlyPaid), ok(100, InstructionPaid), no(RefuseExceedsInstruction),
			// the rest is still with the bank, even when all that was paid came
			// back: returned would be re-issued whole while the bank holds 70
			back(15, InstructionPartlyPaid, 15), back(0, InstructionPartlyPaid, 30), no(RefuseNotPaid),
			ok(30, InstructionPartlyFailed)}}, // failed after a part was paid: the rest is owed, re-issuable (issue 11, item 3)
		// Paid 30, 10 of it came back: the bank still holds 70. Paying all
		// of that leaves the 10 that came back owed, re-issuable (review 4).
		{via(pay(30), ret(10)), [7]want{
			back(60, InstructionPartlyPaid, 10), back(100, InstructionPaid, 10), no(RefuseExceedsInstruction),
			back(10, InstructionPartlyPaid, 20), back(0, InstructionPartlyPaid, 30), no(RefuseNotPaid),
			back(20, InstructionPartlyFailed, 10)}},
		{via(pay(30), fail()), [7]want{
			ok(65, InstructionPartlyPaid), ok(100, InstructionPaid), no(RefuseExceedsInstruction),
			back(15, InstructionPartlyFailed, 15), back(0, InstructionReturned, 30), no(RefuseNotPaid),
			ok(30, InstructionPartlyFailed)}},
		{via(pay(100)), [7]want{
			no(RefuseExceedsInstruction), no(RefuseExceedsInstruction), no(RefuseExceedsInstruction),
			back(50, InstructionPartlyFailed, 50), back(0, InstructionReturned, 100), no(RefuseNotPaid), // what came back is owed, re-issuable
			no(RefuseNotPayable)}},
		{via(fail()), [7]want{
			ok(50, InstructionPartlyPaid), ok(100, InstructionPaid), no(RefuseExceedsInstruction),
			no(RefuseNotPaid), no(RefuseNotPaid), no(RefuseNotPaid),
			ok(0, InstructionFailed)}},
		// Returned as it really occurs: the store reads Returned back from
		// the confirmations (store.PaymentInstructions), so an instruction
		// paid in full that all came back has Returned 100. The money is back
		// in the wage account and the line owed again (DOMAIN step 7): a
		// later payment of part of it leaves the bank holding nothing, the
		// rest owed and re-issuable (partly failed), never partly paid.
		{via(pay(100), ret(100)), [7]want{
			back(50, InstructionPartlyFailed, 100), back(100, InstructionPaid, 100), no(RefuseExceedsInstruction),
			no(RefuseNotPaid), no(RefuseNotPaid), no(RefuseNotPaid),
			back(0, InstructionFailed, 100)}},
		// Paid 30 of 100, all 30 came back: the bank still holds 70 (partly
		// paid, nothing paid now), so a payment from it below what is left
		// leaves it partly paid, and a failure of the rest leaves all 100
		// owed.
		{via(pay(30), ret(30)), [7]want{
			back(50, InstructionPartlyPaid, 30), back(100, InstructionPaid, 30), no(RefuseExceedsInstruction),
			no(RefuseNotPaid), no(RefuseNotPaid), no(RefuseNotPaid),
			back(0, InstructionFailed, 30)}},
		// Paid 100, 50 came back: partly failed, the bank holds nothing.
		{via(pay(100), ret(50)), [7]want{
			back(75, InstructionPartlyFailed, 50), back(100, InstructionPaid, 50), no(RefuseExceedsInstruction),
			back(25, InstructionPartlyFailed, 75), back(0, InstructionReturned, 100), no(RefuseNotPaid),
			back(50, InstructionPartlyFailed, 50)}},
		// Then the bank paid the 50 again: paid, with 50 of it once returned.
		{via(pay(100), ret(50), pay(50)), [7]want{
			no(RefuseExceedsInstruction), no(RefuseExceedsInstruction), no(RefuseExceedsInstruction),
			back(50, InstructionPartlyFailed, 100), back(0, InstructionReturned, 150), no(RefuseNotPaid),
			no(RefuseNotPayable)}},
		{state(0, InstructionReissued), [7]want{
			no(RefuseExceedsInstruction), no(RefuseExceedsInstruction), no(RefuseExceedsInstruction),
			no(RefuseNotPaid), no(RefuseNotPaid), no(RefuseNotPaid),
			no(RefuseNotPayable)}},
		// Wholly superseded by a drawdown (partly superseded states:
		// instruction_supersede_test.go).
		{InstructionState{Amount: amount, Superseded: amount, Status: InstructionSuperseded}, [7]want{
			no(RefuseSuperseded), no(RefuseSuperseded), no(RefuseExceedsInstruction),
			no(RefuseNotPaid), no(RefuseNotPaid), no(RefuseNotPaid),
			no(RefuseNotPayable)}},
	}
	tested := map[InstructionStatus]bool{}
	for _, c := range cases {
		tested[c.from.Status] = true
	}
	if len(tested) != len(InstructionStatuses) {
		t.Fatalf("%d states tested, %d exist", len(tested), len(InstructionStatuses))
	}
	for _, c := range cases {
		for k, f := range facts {
			fact := &ConfirmationItem{InstructionID: "ins_1", Status: f.status, Amount: f.amount(c.from.Paid)}
			if f.status != ConfirmFailed && fact.Amount == 0 {
				fact.Amount = 1
			}
			name := fmt.Sprintf("%s %s/%s, %s %s", c.from.Status, c.from.Paid, c.from.Amount, f.name, fact.Amount)
			next, why := ApplyConfirmation(c.from, fact)
			w := c.want[k]
			switch {
			case w.refusal != "" && (why == nil || why.Code != string(w.refusal) || next != c.from):
				t.Errorf("%s: got %+v %+v, want refused %s with the state unchanged", name, next, why, w.refusal)
			case w.refusal == "" && (why != nil || next != w.next):
				t.Errorf("%s: got %+v %+v, want %+v", name, next, why, w.next)
			}
		}
	}
}

// The review's case (issue 11, review 4): 5000 paid 3000, 1000 of it came
// back, then the bank paid the 2000 it still held. The 1000 is owed and no
// longer with the bank: partly failed, re-issuable, never stranded.
func TestReturnThenRestPaidLeavesReissuable(t *testing.T) {
	st := InstructionState{Amount: 500000, Status: InstructionPending}
	for _, f := range []struct {
		status ConfirmationStatus
		amount Money
		want   InstructionStatus
	}{
		{ConfirmPaid, 300000, InstructionPartlyPaid},
		{ConfirmReturned, 100000, InstructionPartlyPaid}, // the bank still holds 2000
		{ConfirmPaid, 200000, InstructionPartlyFailed},   // it paid all it held
	} {
		next, why := ApplyConfirmation(st, &ConfirmationItem{InstructionID: "ins_1", Status: f.status, Amount: f.amount})
		if why != nil || next.Status != f.want {
			t.Fatalf("%s %s from %+v: %+v %v, want %s", f.status, f.amount, st, next, why, f.want)
		}
		st = next
	}
	if !st.Status.Reissuable() || st.Amount-st.Paid != 100000 {
		t.Errorf("%+v: want 1000.00 left, re-issuable", st)
	}
}

// The refusals say what the bank needs to know, in the words the API has
// always used.
func TestApplyConfirmationMessages(t *testing.T) {
	cases := []struct {
		from  InstructionState
		fact  ConfirmationItem
		field string
		msg   string
	}{
		{InstructionState{Amount: 500000, Paid: 400000, Status: InstructionPartlyPaid}, ConfirmationItem{InstructionID: "ins_a", Status: ConfirmPaid, Amount: 100001},
			"instruction_id", "paying 1000.01 would take instruction ins_a (5000.00, 4000.00 already paid) above its amount, or it is partly paid"},
		{InstructionState{Amount: 500000, Status: InstructionPending}, ConfirmationItem{InstructionID: "ins_b", Status: ConfirmReturned, Amount: 10000},
			"instruction_id", "instruction ins_b has not been paid 100.00 that could come back"},
		{InstructionState{Amount: 500000, Status: InstructionReissued}, ConfirmationItem{InstructionID: "ins_c", Status: ConfirmFailed},
			"instruction_id", "instruction ins_c is reissued: a failure no longer applies"},
	}
	for _, c := range cases {
		_, why := ApplyConfirmation(c.from, &c.fact)
		if why == nil || why.Field != c.field || why.Message != c.msg || why.Row != 0 {
			t.Errorf("%+v: refusal %+v, want %s: %q", c.fact, why, c.field, c.msg)
		}
	}
}

// Every refusal of a well-formed fact is kept as an unmatched confirmation;
// a code that is not a refusal of one is not.
func TestRefusalKept(t *testing.T) {
	for _, c := range []Refusal{RefuseNotFound, RefusePayeeMismatch, RefuseConflict, RefuseExceedsInstruction, RefuseNotPaid, RefuseNotPayable, RefuseNotFinal, RefuseSuperseded} {
		if !c.KeptUnmatched() {
			t.Errorf("%s is not kept", c)
		}
	}
	for _, c := range []Refusal{"", RefuseRequired, RefuseUnknown, RefuseNegative, Warning, RefusePending, RefuseUncertain} {
		if c.KeptUnmatched() {
			t.Errorf("%q is kept", c)
		}
	}
}

func TestInstructionStatusRules(t *testing.T) {
	for _, s := range InstructionStatuses {
		if !s.Known() {
			t.Errorf("%s is not known", s)
		}
		if want := s == InstructionFailed || s == InstructionReturned || s == InstructionPartlyFailed; s.Reissuable() != want {
			t.Errorf("%s: reissuable %v", s, !want)
		}
	}
	if InstructionStatus("lost").Known() || InstructionStatus("").Known() {
		t.Error("an unknown status is known")
	}
	if !ConfirmPaid.MovesMoney() || !ConfirmReturned.MovesMoney() || ConfirmFailed.MovesMoney() {
		t.Error("only payments and returns move money")
	}
}

// Paid 30 of 100 and all 30 came back while the bank still holds 70: the
// instruction must not be re-issuable, or a re-issue of 100 beside the
// bank's own payment of its 70 would pay that 70 twice. Once the bank
// settles the 70 (paid or failed), what is owed becomes re-issuable.
func TestAllPaidBackWhileTheBankHoldsTheRest(t *testing.T) {
	st := InstructionState{Amount: 10000, Status: InstructionPending}
	apply := func(s ConfirmationStatus, amount Money) {
		t.Helper()
		next, why := ApplyConfirmation(st, &ConfirmationItem{InstructionID: "ins_1", Status: s, Amount: amount})
		if why != nil {
			t.Fatalf("%s %s from %+v: %v", s, amount, st, why)
		}
		st = next
	}
	apply(ConfirmPaid, 3000)
	apply(ConfirmReturned, 3000)
	if st.Status.Reissuable() {
		t.Fatalf("%+v: re-issuable while the bank holds 70.00", st)
	}
	settled := st
	apply(ConfirmPaid, 7000)
	if !st.Status.Reissuable() || st.Payable() != 3000 {
		t.Errorf("bank paid its 70.00: %+v, want 30.00 owed, re-issuable", st)
	}
	st = settled
	apply(ConfirmFailed, 0)
	if !st.Status.Reissuable() || st.Payable() != 10000 {
		t.Errorf("bank failed its 70.00: %+v, want 100.00 owed, re-issuable", st)
	}
}
