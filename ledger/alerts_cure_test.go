package ledger

import (
	"strings"
	"testing"
)

// A payroll whose lines pay nothing (net zero) is on file, but no one was
// paid: payroll_missing and attended_not_paid stay open (an inspector
// closes them with a reason).
func TestZeroNetLineIsNoCure(t *testing.T) {
	d := mustDate
	for _, tc := range []struct {
		rule  Rule
		setup func(f *CheckFacts)
	}{
		{RulePayrollMissing, func(f *CheckFacts) { f.Payrolls, f.Lines = nil, nil }},
		{RuleAttendedNotPaid, func(f *CheckFacts) { f.Lines = f.Lines[:1] }},
	} {
		t.Run(string(tc.rule), func(t *testing.T) {
			f := checkFixture()
			payrolls, lines := f.Payrolls, f.Lines
			f.Payments = nil
			tc.setup(f)
			alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
			alertFor(t, alerts, tc.rule)
			f.Payrolls, f.Lines = payrolls, append([]LineFact(nil), lines...)
			for i := range f.Lines {
				f.Lines[i].Gross, f.Lines[i].Net = 0, 0
			}
			if a, done := resolvedIn(t, alerts, night(f, d("2026-04-21"), alerts), tc.rule); done {
				t.Fatalf("a zero-net line closed it with no bank payment: %q", a.Resolution)
			}
		})
	}
}

// paid → closed by the check → the bank returns a payment (退票) →
// reopened, saying so, for each rule a payment cures.
func TestReturnedPaymentReopens(t *testing.T) {
	d := mustDate
	for _, tc := range []struct {
		rule Rule
		// owe sets up the facts before the payment; the fixture's payments
		// are then restored.
		owe func(f *CheckFacts)
	}{
		{RulePayrollMissing, func(f *CheckFacts) { f.Payrolls, f.Lines, f.Payments = nil, nil, nil }},
		{RuleAttendedNotPaid, func(f *CheckFacts) { f.Lines, f.Payments = f.Lines[:1], f.Payments[:1] }},
		{RuleWagesUnpaid, unpayLine2},
	} {
		t.Run(string(tc.rule), func(t *testing.T) {
			f := checkFixture()
			payrolls, lines, payments := f.Payrolls, f.Lines, f.Payments
			tc.owe(f)
			alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
			if a := alertFor(t, alerts, tc.rule); a.Status != AlertOpen {
				t.Fatalf("not open: %+v", a)
			}
			f.Payrolls, f.Lines, f.Payments = payrolls, lines, payments
			alerts = applyPlan(alerts, night(f, d("2026-04-21"), alerts))
			if a := alertFor(t, alerts, tc.rule); a.Status != AlertResolved || a.ResolvedBy != ResolvedByCheck {
				t.Fatalf("paid, not closed: %+v", a)
			}
			f.Payments = append(append([]PaymentFact(nil), payments...), PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_2",
				ConfirmationID: "cnf_r", Status: ConfirmReturned, Amount: MustMoney("5000"), SettledOn: d("2026-04-22")})
			p := night(f, d("2026-04-23"), alerts)
			alerts = applyPlan(alerts, p)
			a := alertFor(t, alerts, tc.rule)
			if a.Status != AlertOpen || p.Counts[tc.rule].Reopened != 1 {
				t.Fatalf("a returned payment left it %s: %+v", a.Status, p.Counts[tc.rule])
			}
			var note string
			for _, e := range p.Events {
				if e.AlertID == a.ID && e.Kind == EventReopened {
					note = e.NoteText().String()
				}
			}
			if !strings.HasPrefix(note, "reopened: payment returned") || !strings.Contains(note, "cnf_r") {
				t.Fatalf("history %q", note)
			}
			// The same night again changes nothing.
			if again := night(f, d("2026-04-23"), alerts); again.Counts[tc.rule] != nil && again.Counts[tc.rule].Reopened != 0 {
				t.Fatalf("reopened twice: %+v", again.Counts[tc.rule])
			}
		})
	}
}

// An inspector's resolution is not the check's to undo on a return: the
// rules that still find the workers unpaid reopen it (seenAgain), the
// others leave the inspector's decision.
func TestReturnedPaymentLeavesAnInspectorsResolution(t *testing.T) {
	d := mustDate
	f := checkFixture()
	payrolls, lines, payments := f.Payrolls, f.Lines, f.Payments
	f.Payrolls, f.Lines, f.Payments = nil, nil, nil
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	for i := range alerts {
		if alerts[i].Key.Rule == RulePayrollMissing {
			alerts[i].Status, alerts[i].ResolvedOn, alerts[i].ResolvedBy, alerts[i].Resolution = AlertResolved, d("2026-04-20"), "key_insp", "seen"
		}
	}
	f.Payrolls, f.Lines = payrolls, lines
	f.Payments = append(append([]PaymentFact(nil), payments...), PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_2",
		ConfirmationID: "cnf_r", Status: ConfirmReturned, Amount: MustMoney("5000"), SettledOn: d("2026-04-22")})
	if a, done := resolvedIn(t, alerts, night(f, d("2026-04-23"), alerts), RulePayrollMissing); !done {
		t.Fatalf("an inspector's resolution reopened: %+v", a)
	}
}

// funds_idle names only the periods the balance covers: a payroll the
// account never covered is not in its evidence or amount, and paying the
// covered wages closes it.
func TestFundsIdleNamesOnlyCoveredPeriods(t *testing.T) {
	d := mustDate
	f := checkFixture()
	unpayLine2(f) // March: 5,000 unpaid, the balance covers it
	f.Payrolls = append(f.Payrolls, PayrollFact{ID: "pay_feb", EmployerID: "org_sub", Period: MustPeriod("2026-02"), Kind: PayrollRegular,
		Status: PayrollApproved, SubmittedOn: d("2026-03-05"), ApprovedOn: d("2026-03-10")})
	f.Lines = append(f.Lines, LineFact{PayrollID: "pay_feb", LineNo: 1, EnrolmentID: "enr_a", Gross: MustMoney("900000"), Net: MustMoney("900000"), EntryID: "ent_f"})
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	a := alertFor(t, alerts, RuleFundsIdle)
	if a.AmountAtRisk != MustMoney("5000") || a.Headcount != 1 || len(a.Evidence) != 1 || a.Evidence[0] != (Evidence{EvidencePayroll, "pay_1"}) {
		t.Fatalf("funds_idle: amount %s headcount %d evidence %+v", a.AmountAtRisk, a.Headcount, a.Evidence)
	}
	f.Payments = append(f.Payments, PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_2", ConfirmationID: "cnf_2", Status: ConfirmPaid,
		Amount: MustMoney("5000"), SettledOn: d("2026-04-21")})
	if got, done := resolvedIn(t, alerts, night(f, d("2026-04-22"), alerts), RuleFundsIdle); !done {
		t.Fatalf("the covered wages are paid, funds_idle stays %s", got.Status)
	}
}

// History is applied in date order, not in the order it was written: a
// night checked after a later one (a catch-up, a night run by hand) wrote
// its entries last.
func TestAlertsAsOfTakesHistoryInDateOrder(t *testing.T) {
	d := mustDate
	a := Alert{ID: "alr_1", Key: AlertKey{Rule: RuleWagesUnpaid, Subject: "employer:org_sub", Period: "2026-03"}, Status: AlertOpen,
		Severity: SeverityHigh, AmountAtRisk: MustMoney("5000"), FirstSeenOn: d("2026-04-16"), LastSeenOn: d("2026-04-22")}
	history := map[string][]AlertEvent{"alr_1": { // as written
		{On: d("2026-04-16"), Kind: EventOpened, Severity: SeverityHigh, Amount: MustMoney("5000")},
		{On: d("2026-04-22"), Kind: EventReopened, Severity: SeverityHigh, Amount: MustMoney("5000")},
		{On: d("2026-04-20"), Kind: EventResolved, Actor: ResolvedByCheck, Note: "paid"},
	}}
	for on, want := range map[string]AlertStatus{"2026-04-19": AlertOpen, "2026-04-21": AlertResolved, "2026-04-23": AlertOpen} {
		if got := AlertsAsOf([]Alert{a}, history, d(on)); got[0].Status != want {
			t.Errorf("%s: %s, want %s", on, got[0].Status, want)
		}
	}
}

// A return that was paid again is no reason to reopen: a later unpaid line
// for the same month (a supplementary payroll) is for the rules to find.
func TestReturnPaidAgainDoesNotReopen(t *testing.T) {
	d := mustDate
	f := checkFixture()
	payrolls, lines, payments := f.Payrolls, f.Lines, f.Payments
	f.Payrolls, f.Lines, f.Payments = nil, nil, nil
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	f.Payrolls, f.Lines = payrolls, lines
	f.Payments = append(append([]PaymentFact(nil), payments...),
		PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_2", ConfirmationID: "cnf_r", Status: ConfirmReturned, Amount: MustMoney("5000"), SettledOn: d("2026-04-15")},
		PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_3", ConfirmationID: "cnf_3", Status: ConfirmPaid, Amount: MustMoney("5000"), SettledOn: d("2026-04-16")})
	alerts = applyPlan(alerts, night(f, d("2026-04-21"), alerts))
	if a := alertFor(t, alerts, RulePayrollMissing); a.Status != AlertResolved {
		t.Fatalf("paid again, not closed: %+v", a)
	}
	f.Payrolls = append(f.Payrolls, PayrollFact{ID: "pay_s", EmployerID: "org_sub", Period: MustPeriod("2026-03"), Kind: PayrollSupplementary,
		Status: PayrollApproved, SubmittedOn: d("2026-04-22"), ApprovedOn: d("2026-04-22")})
	f.Lines = append(f.Lines, LineFact{PayrollID: "pay_s", LineNo: 1, EnrolmentID: "enr_b", Gross: MustMoney("300"), Net: MustMoney("300"), EntryID: "ent_s"})
	p := night(f, d("2026-04-23"), alerts)
	if a := alertFor(t, applyPlan(alerts, p), RulePayrollMissing); a.Status != AlertResolved {
		t.Fatalf("a supplementary line reopened it as a return: %+v %+v", a, p.Events)
	}
}
