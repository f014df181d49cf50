package ledger

import (
	"strings"
	"testing"
)

func TestDecideDrawdown(t *testing.T) {
	g := &WageGuarantee{ID: "gua_1", ProjectID: "prj_p", Reference: "C-1", Form: FormCash, Amount: MustMoney("20000.00")}
	letter := &WageGuarantee{ID: "gua_2", ProjectID: "prj_p", Reference: "L-1", Form: FormBankLetter, Amount: MustMoney("20000.00")}
	// Paid on the 15th of the month after: on 30 September, July's wages
	// (due 15 August) and August's (due 15 September) are arrears,
	// September's (due 15 October) are not yet due.
	owed := []OwedWages{
		{EnrolmentID: "enr_a", Name: "张三", Period: MustPeriod("2026-08"), Amount: MustMoney("5500.00")}, // out of order on purpose
		{EnrolmentID: "enr_a", Name: "张三", Period: MustPeriod("2026-07"), Amount: MustMoney("5500.00")},
		{EnrolmentID: "enr_a", Name: "张三", Period: MustPeriod("2026-09"), Amount: MustMoney("5500.00")},
		{EnrolmentID: "enr_b", Name: "李四", Period: MustPeriod("2026-08"), Amount: MustMoney("5500.00")},
		{EnrolmentID: "enr_d", Name: "王五", Period: MustPeriod("2026-09"), Amount: MustMoney("5500.00")},
	}
	today := NewDate(2026, 9, 30) // the Wednesday before National Day
	facts := func(counts string, inFlight map[string]map[Period]Money) DrawdownFacts {
		return DrawdownFacts{Cover: Cover{State: GuaranteeActive, Counts: MustMoney(counts)}, Owed: owed, InFlight: inFlight,
			PayRule: PayRule{Month: PayNextMonth, Day: 15}, Today: today, Calendar: DefaultCalendar(), PayDays: 5, TopUp: 10}
	}
	in := func(amount string, payees ...string) DrawdownInput {
		d := DrawdownInput{Amount: MustMoney(amount), DecisionRef: "D-1"}
		for i := 0; i+1 < len(payees); i += 2 {
			d.Payees = append(d.Payees, DrawdownPayee{EnrolmentID: payees[i], Amount: MustMoney(payees[i+1])})
		}
		return d
	}
	cases := []struct {
		name  string
		g     *WageGuarantee
		in    DrawdownInput
		f     DrawdownFacts
		lines string // "enr period amount" joined by ", ", or the refusal codes
	}{
		{"oldest first", g, in("8000.00", "enr_a", "8000.00"), facts("20000.00", nil), "enr_a 2026-07 5500.00, enr_a 2026-08 2500.00"},
		{"two workers", letter, in("6000.00", "enr_b", "5500.00", "enr_a", "500.00"), facts("20000.00", nil), "enr_b 2026-08 5500.00, enr_a 2026-07 500.00"},
		{"in flight is not drawn twice", g, in("6000.00", "enr_a", "6000.00"),
			facts("20000.00", map[string]map[Period]Money{"enr_a": {MustPeriod("2026-07"): MustMoney("5500.00")}}), "exceeds_owed"},
		{"in flight skips its period", g, in("5500.00", "enr_a", "5500.00"),
			facts("20000.00", map[string]map[Period]Money{"enr_a": {MustPeriod("2026-07"): MustMoney("5500.00")}}), "enr_a 2026-08 5500.00"},
		{"more than the cover", g, in("8000.00", "enr_a", "8000.00"), facts("7999.99", nil), "exceeds_cover"},
		{"the cover exactly", g, in("8000.00", "enr_a", "8000.00"), facts("8000.00", nil), "enr_a 2026-07 5500.00, enr_a 2026-08 2500.00"},
		{"sum", g, in("8000.00", "enr_a", "7000.00"), facts("20000.00", nil), "sum_mismatch"},
		{"not owed", g, in("10.00", "enr_c", "10.00"), facts("20000.00", nil), "not_owed"},
		// September's wages fall due on 15 October: not arrears on 30 September.
		{"wages not yet due are not drawn", g, in("11000.01", "enr_a", "11000.01"), facts("20000.00", nil), "exceeds_owed"},
		{"arrears only, to the fen", g, in("11000.00", "enr_a", "11000.00"), facts("20000.00", nil), "enr_a 2026-07 5500.00, enr_a 2026-08 5500.00"},
		{"owed only wages not yet due", g, in("100.00", "enr_d", "100.00"), facts("20000.00", nil), "not_due"},
	}
	for _, c := range cases {
		plan, err := DecideDrawdown(c.g, c.in, c.f)
		var got []string
		for _, l := range plan.Lines {
			got = append(got, l.EnrolmentID+" "+l.Period.String()+" "+l.Amount.String())
		}
		for _, fe := range ErrorFields(err) {
			got = append(got, fe.Code)
		}
		if strings.Join(got, ", ") != c.lines {
			t.Errorf("%s: %v (%v), want %s", c.name, got, err, c.lines)
		}
	}
	plan, _ := DecideDrawdown(g, in("100.00", "enr_a", "100.00"), facts("20000.00", nil))
	// 30 Sep + 5 working days over National Day 2026 (Oct 1–7 off, Sat 10 Oct a make-up day):
	// Oct 8, 9, 10, 12, 13 → 13 October; + 10 → Oct 8, 9, 10, 12, 13, 14, 15, 16, 19, 20 → 20 October.
	if plan.PayBy.Date != NewDate(2026, 10, 13) || plan.TopUpBy.Date != NewDate(2026, 10, 20) || plan.PaidFrom.String() != "guarantee/gua_1" {
		t.Errorf("plan: pay by %s, top up by %s, from %s", plan.PayBy.Date, plan.TopUpBy.Date, plan.PaidFrom)
	}
	plan, _ = DecideDrawdown(letter, in("100.00", "enr_a", "100.00"), facts("20000.00", nil))
	if plan.PaidFrom.String() != "guarantee_claims/gua_2" {
		t.Errorf("a letter pays from %s", plan.PaidFrom)
	}
	// A refusal names the worker as the release does, and when the unpaid wages fall due.
	_, err := DecideDrawdown(g, in("11100.01", "enr_d", "100.00", "enr_a", "11000.01"), facts("20000.00", nil))
	fes := ErrorFields(err)
	if len(fes) != 2 || fes[0].Message != "王五 (enr_d) is owed nothing past its pay day: the ¥5500.00 unpaid falls due on 2026-10-15 at the earliest, and a drawdown pays arrears only" ||
		fes[1].Message != "¥11000.01 is more than 张三 (enr_a) is owed for periods past their pay day, ¥11000.00" {
		t.Errorf("refusals: %+v", fes)
	}
	// The pay day moves to the working day before a rest day: August's 15 September is a Tuesday,
	// and a pay day of the 13th in September (Sunday) moves to Friday 11 September.
	f := facts("20000.00", nil)
	f.PayRule, f.Today = PayRule{Month: PayNextMonth, Day: 13}, NewDate(2026, 9, 12)
	if plan, err := DecideDrawdown(g, in("11000.00", "enr_a", "11000.00"), f); err != nil || len(plan.Lines) != 2 || plan.Lines[1].Period != MustPeriod("2026-08") {
		t.Errorf("August due on Friday 11 September, drawn on the 12th: %+v %v", plan.Lines, err)
	}
	f.Today = NewDate(2026, 9, 11)
	if _, err := DecideDrawdown(g, in("11000.00", "enr_a", "11000.00"), f); len(ErrorFields(err)) != 1 || ErrorFields(err)[0].Code != "exceeds_owed" {
		t.Errorf("drawn on its pay day itself: %v", err)
	}
	for _, st := range []GuaranteeState{GuaranteeReleased, GuaranteeExpired, GuaranteeNotYetValid} {
		f := facts("20000.00", nil)
		f.Cover.State = st
		if _, err := DecideDrawdown(g, in("100.00", "enr_a", "100.00"), f); ErrorCode(err) != EConflict {
			t.Errorf("%s guarantee drawn: %v", st, err)
		}
	}
}

// A drawdown's instruction pays from its guarantee: the entry credits the
// guarantee account, and the wage account is neither moved nor flagged.
func TestDrawdownConfirmationPaysFromTheGuarantee(t *testing.T) {
	f := newConfirmationFixture()
	f.ins["ins_p1"].PaidFrom = Account{ProjectID: "prj_p", Kind: GuaranteeClaims, Ref: "gua_2"}
	b, d := f.decide([]ConfirmationItem{fact("ins_p1", ConfirmPaid, 10000, "R1"), fact("ins_q1", ConfirmPaid, 10000, "R2")}, nil, nil)
	if got := strings.Join(b.WageAccountsMoved(d), ","); got != "prj_q" {
		t.Errorf("wage accounts moved: %s", got)
	}
	b.FlagOverdrafts(d, map[string]Money{"prj_p": 0, "prj_q": 0})
	if d.Items[0].Exception != "" || d.Items[1].Exception == "" {
		t.Errorf("overdraft flags: %q %q", d.Items[0].Exception, d.Items[1].Exception)
	}
	es := b.Entries(d, f.ins, EntryBatch("ent_x"))
	if len(es) != 2 || es[0].Postings[1].Account.String() != "guarantee_claims/gua_2" || es[1].Postings[1].Account.String() != "wage_account" {
		t.Errorf("entries: %+v", es)
	}
	for _, e := range es {
		if err := e.Validate(); err != nil {
			t.Error(err)
		}
	}
}
