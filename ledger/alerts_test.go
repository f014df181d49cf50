package ledger

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func seqIDs() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("alr_%d", n) }
}

// night evaluates the fixture as of a date and plans its alerts over existing.
func night(f *CheckFacts, on Date, existing []Alert) AlertPlan {
	g := *f
	g.AsOf = on
	findings := Evaluate(&g, DefaultPolicy(), DefaultCalendar())
	next := seqIDs()
	// IDs unique across nights, as the service's are.
	ids := func() string { return next() + "_" + on.String() }
	return PlanAlerts("prj_1", existing, findings, on, Clearances(&g, DefaultPolicy(), DefaultCalendar()), ids)
}

// applyPlan is what the store does with a plan: the alerts as they become.
func applyPlan(existing []Alert, p AlertPlan) []Alert {
	out := append([]Alert(nil), existing...)
	for _, u := range p.Update {
		for i := range out {
			if out[i].ID == u.ID {
				out[i] = u
			}
		}
	}
	return append(out, p.Insert...)
}

func alertFor(t *testing.T, alerts []Alert, r Rule) Alert {
	t.Helper()
	for _, a := range alerts {
		if a.Key.Rule == r {
			return a
		}
	}
	t.Fatalf("no %s alert in %+v", r, alerts)
	return Alert{}
}

func TestAlertLifecycleUnpaidThenPaid(t *testing.T) {
	d := mustDate
	f := checkFixture()
	f.Payments[1].SettledOn = d("2026-04-28") // the bank pays line 2 late

	first := night(f, d("2026-04-20"), nil)
	if first.Counts[RuleWagesUnpaid].Opened != 1 || len(first.Update) != 0 {
		t.Fatalf("first night: %+v", first.Counts[RuleWagesUnpaid])
	}
	alerts := applyPlan(nil, first)

	again := night(f, d("2026-04-20"), alerts)
	if len(again.Insert)+len(again.Update)+len(again.Events) != 0 {
		t.Fatalf("the same night twice changed something: %+v", again)
	}

	// A later night that finds the same amount, severity, headcount and
	// evidence moves last_seen_on, and writes no history: nothing changed.
	later := night(f, d("2026-04-22"), alerts)
	if c := later.Counts[RuleWagesUnpaid]; c.Updated != 0 || len(later.Events) != 0 || alertFor(t, later.Update, RuleWagesUnpaid).LastSeenOn != d("2026-04-22") {
		t.Fatalf("a later night with nothing changed: %+v, events %+v", c, later.Events)
	}
	alerts = applyPlan(alerts, later)
	if a := alertFor(t, alerts, RuleWagesUnpaid); a.LastSeenOn != d("2026-04-22") || a.FirstSeenOn != d("2026-04-20") {
		t.Fatalf("seen dates: %+v", a)
	}

	older := night(f, d("2026-04-21"), alerts)
	if len(older.Update) != 0 {
		t.Fatalf("replaying an older night changed the alert: %+v", older.Update)
	}

	paid := night(f, d("2026-04-29"), alerts)
	if paid.Counts[RuleWagesUnpaid].Resolved != 1 {
		t.Fatalf("paid: %+v", paid.Counts[RuleWagesUnpaid])
	}
	alerts = applyPlan(alerts, paid)
	a := alertFor(t, alerts, RuleWagesUnpaid)
	if a.Status != AlertResolved || a.ResolvedBy != ResolvedByCheck || !strings.Contains(a.Resolution, "cnf_2") {
		t.Fatalf("resolved: %+v", a)
	}
}

func TestSilenceNeverClosesAnArrearsAlert(t *testing.T) {
	d := mustDate
	f := checkFixture()
	unpayLine2(f)
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	// The line vanishes from the facts (a broken query, a missing row): no
	// bank confirmation cleared it, so the alert stays open.
	f.Lines = f.Lines[:1]
	p := night(f, d("2026-04-21"), alerts)
	for _, u := range p.Update {
		if u.Key.Rule == RuleWagesUnpaid {
			t.Fatalf("silence closed the alert: %+v", u)
		}
	}
}

func TestArrearsAlertResolvedByHandReopens(t *testing.T) {
	d := mustDate
	f := checkFixture()
	unpayLine2(f)
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	a := alertFor(t, alerts, RuleWagesUnpaid)
	resolved, _, err := DecideAlertAction(a, AlertActionInput{Action: ActionResolve, Note: "employer promised", Actor: "key_insp", On: d("2026-04-20")})
	if err != nil {
		t.Fatal(err)
	}
	for i := range alerts {
		if alerts[i].ID == a.ID {
			alerts[i] = resolved
		}
	}
	if p := night(f, d("2026-04-20"), alerts); p.Counts[RuleWagesUnpaid].Reopened != 0 {
		t.Fatal("reopened on the night it was resolved")
	}
	p := night(f, d("2026-04-21"), alerts)
	if p.Counts[RuleWagesUnpaid].Reopened != 1 {
		t.Fatalf("a later night still finds it: %+v", p.Counts[RuleWagesUnpaid])
	}
	got := alertFor(t, applyPlan(alerts, p), RuleWagesUnpaid)
	if got.Status != AlertOpen || got.ResolvedBy != "" {
		t.Fatalf("reopened alert: %+v", got)
	}
}

func TestComplianceAlertClearsWhenNotFound(t *testing.T) {
	d := mustDate
	f := checkFixture()
	f.Enrolments[1].CardIndex = "card_a"
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	f.Enrolments[1].CardIndex = "card_b"
	p := night(f, d("2026-04-21"), alerts)
	if p.Counts[RuleSharedBankCard].Resolved != 1 {
		t.Fatalf("%+v", p.Counts[RuleSharedBankCard])
	}
}

func TestLapsedRectificationRaisesSeverity(t *testing.T) {
	d := mustDate
	f := checkFixture()
	unpayLine2(f)
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	a := alertFor(t, alerts, RuleWagesUnpaid)
	ordered, _, err := DecideAlertAction(a, AlertActionInput{Action: ActionOrderRectification, Deadline: d("2026-04-24"), Actor: "key_insp", On: d("2026-04-20")})
	if err != nil {
		t.Fatal(err)
	}
	alerts = []Alert{ordered}
	if p := night(f, d("2026-04-24"), alerts); len(p.Update) != 1 || p.Update[0].Severity != SeverityHigh {
		t.Fatalf("before the deadline lapses: %+v", p.Update)
	}
	p := night(f, d("2026-04-27"), alerts)
	if len(p.Update) != 1 || p.Update[0].Severity != SeverityCritical || p.Update[0].Status != AlertRectificationOrdered {
		t.Fatalf("after the deadline: %+v", p.Update)
	}
}

func TestAlertActions(t *testing.T) {
	d := mustDate
	on := d("2026-04-20")
	cases := []struct {
		from   AlertStatus
		in     AlertActionInput
		to     AlertStatus
		errMsg string // "" when allowed; else the error code
	}{
		{AlertOpen, AlertActionInput{Action: ActionAcknowledge}, AlertAcknowledged, ""},
		{AlertOpen, AlertActionInput{Action: ActionAcknowledge, Deadline: d("2026-05-06")}, AlertAcknowledged, ""}, // a stray deadline is no order's
		{AlertAcknowledged, AlertActionInput{Action: ActionAcknowledge}, "", EConflict},
		{AlertAcknowledged, AlertActionInput{Action: ActionOrderRectification, Deadline: d("2026-05-06")}, AlertRectificationOrdered, ""},
		{AlertOpen, AlertActionInput{Action: ActionOrderRectification}, "", EInvalid},
		{AlertOpen, AlertActionInput{Action: ActionOrderRectification, Deadline: on}, "", EInvalid},
		{AlertRectificationOrdered, AlertActionInput{Action: ActionEscalate, Note: "deadline lapsed"}, AlertEscalated, ""},
		{AlertOpen, AlertActionInput{Action: ActionEscalate}, "", EInvalid},
		{AlertEscalated, AlertActionInput{Action: ActionResolve, Note: "paid by drawdown"}, AlertResolved, ""},
		{AlertOpen, AlertActionInput{Action: ActionResolve, Note: "  "}, "", EInvalid},
		{AlertResolved, AlertActionInput{Action: ActionResolve, Note: "again"}, "", EConflict},
		{AlertResolved, AlertActionInput{Action: ActionReopen}, AlertOpen, ""},
		{AlertOpen, AlertActionInput{Action: ActionReopen}, "", EConflict},
		{AlertOpen, AlertActionInput{Action: "close"}, "", EInvalid},
	}
	for _, tc := range cases {
		t.Run(string(tc.from)+"/"+string(tc.in.Action), func(t *testing.T) {
			a := Alert{ID: "alr_1", Status: tc.from, Severity: SeverityHigh}
			if tc.from == AlertResolved {
				a.ResolvedOn, a.ResolvedBy, a.Resolution = on, "key_x", "note"
			}
			tc.in.On, tc.in.Actor = on, "key_insp"
			got, ev, err := DecideAlertAction(a, tc.in)
			if tc.errMsg != "" {
				if ErrorCode(err) != tc.errMsg || !reflect.DeepEqual(got, a) {
					t.Fatalf("want %s and no change, got %v, %+v", tc.errMsg, err, got)
				}
				return
			}
			if err != nil || got.Status != tc.to || ev.Kind != AlertEventKind(tc.in.Action) || ev.Actor != "key_insp" {
				t.Fatalf("got %+v %+v %v", got, ev, err)
			}
			if tc.in.Action == ActionResolve && (got.ResolvedBy != "key_insp" || got.Resolution != tc.in.Note) {
				t.Fatalf("resolution not recorded: %+v", got)
			}
			if tc.in.Action == ActionReopen && !got.ResolvedOn.IsZero() {
				t.Fatalf("reopen kept the resolution: %+v", got)
			}
			// An order's entry states the deadline it set; no other
			// entry states one.
			want := Date{}
			if tc.in.Action == ActionOrderRectification {
				want = tc.in.Deadline
			}
			if ev.Deadline != want || !ev.PreviousDeadline.IsZero() {
				t.Fatalf("entry states deadline %s (before %s), want %s", ev.Deadline, ev.PreviousDeadline, want)
			}
		})
	}
}

// resolvedIn is the alert of rule after the plan, and whether the plan
// resolved it.
func resolvedIn(t *testing.T, alerts []Alert, p AlertPlan, r Rule) (Alert, bool) {
	t.Helper()
	a := alertFor(t, applyPlan(alerts, p), r)
	return a, a.Status == AlertResolved
}

// payroll_missing is arrears: a payroll submitted (even approved) does not
// pay anyone, so the alert stays open until the bank confirms every worker
// it named paid in full for the period, and says by which confirmations.
func TestPayrollMissingClosesOnlyWhenTheWorkersArePaid(t *testing.T) {
	d := mustDate
	f := checkFixture()
	payrolls, lines, payments := f.Payrolls, f.Lines, f.Payments
	f.Payrolls, f.Lines, f.Payments = nil, nil, nil
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	if a := alertFor(t, alerts, RulePayrollMissing); a.Headcount != 2 {
		t.Fatalf("payroll_missing: %+v", a)
	}
	// The payroll arrives, approved, and the bank pays only worker a.
	f.Payrolls, f.Lines, f.Payments = payrolls, lines, payments[:1]
	p := night(f, d("2026-04-21"), alerts)
	if a, done := resolvedIn(t, alerts, p, RulePayrollMissing); done {
		t.Fatalf("a payroll that paid one worker of two closed it: %+v", a)
	}
	alerts = applyPlan(alerts, p)
	// The attendance is corrected away: no payment, so still open.
	att := f.Attendance
	f.Attendance = nil
	if a, done := resolvedIn(t, alerts, night(f, d("2026-04-22"), alerts), RulePayrollMissing); done {
		t.Fatalf("attendance corrected away closed it: %+v", a)
	}
	f.Attendance, f.Payments = att, payments
	a, done := resolvedIn(t, alerts, night(f, d("2026-04-22"), alerts), RulePayrollMissing)
	if !done || a.ResolvedBy != ResolvedByCheck || !strings.Contains(a.Resolution, "cnf_1") || !strings.Contains(a.Resolution, "cnf_2") {
		t.Fatalf("paid in full: %+v", a)
	}
}

// attended_not_paid closes when the workers who attended are paid for the
// month, not when they are put on a payroll.
func TestAttendedNotPaidClosesOnlyWhenTheWorkersArePaid(t *testing.T) {
	d := mustDate
	f := checkFixture()
	lines, payments := f.Lines, f.Payments
	f.Lines, f.Payments = lines[:1], payments[:1] // worker b attended, is on no line
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	if a := alertFor(t, alerts, RuleAttendedNotPaid); a.Headcount != 1 {
		t.Fatalf("attended_not_paid: %+v", a)
	}
	f.Lines = lines // b's line is on the approved payroll now, unpaid
	p := night(f, d("2026-04-21"), alerts)
	if a, done := resolvedIn(t, alerts, p, RuleAttendedNotPaid); done {
		t.Fatalf("a line that is not paid closed it: %+v", a)
	}
	alerts = applyPlan(alerts, p)
	f.Payments = payments
	a, done := resolvedIn(t, alerts, night(f, d("2026-04-22"), alerts), RuleAttendedNotPaid)
	if !done || !strings.Contains(a.Resolution, "cnf_2") || strings.Contains(a.Resolution, "cnf_1") {
		t.Fatalf("paid: %+v", a)
	}
}

// topup_overdue closes when the guarantee is topped up, naming the top-up;
// the guarantee expiring does not top it up.
func TestTopupOverdueClosesOnlyOnATopUp(t *testing.T) {
	d := mustDate
	f := checkFixture()
	g := &f.Guarantees.Held[0]
	g.Letter, g.ValidUntil = true, d("2026-04-25")
	g.Movements = []GuaranteeMovement{{ID: "drw_1", On: d("2026-04-01"), Amount: -MustMoney("20000")}}
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	if a := alertFor(t, alerts, RuleTopupOverdue); a.Key.Subject != "project:prj_1" || a.AmountAtRisk != MustMoney("20000") {
		t.Fatalf("topup_overdue: %+v", a)
	}
	if a, done := resolvedIn(t, alerts, night(f, d("2026-04-27"), alerts), RuleTopupOverdue); done {
		t.Fatalf("the letter expiring closed it: %+v", a)
	}
	g.Movements = append(g.Movements, GuaranteeMovement{ID: "top_1", On: d("2026-04-23"), Amount: MustMoney("20000")})
	a, done := resolvedIn(t, alerts, night(f, d("2026-04-24"), alerts), RuleTopupOverdue)
	if !done || !strings.Contains(a.Resolution, "top_1") {
		t.Fatalf("topped up: %+v", a)
	}
}

// An alert's state on a past night is rebuilt from its history: the
// check's entries and the inspectors' actions up to that night.
// TestAlertsAsOfDeadlines: a night replayed reads the rectification
// deadline the history had set by then (none before the order, the moved
// date after a move, none after a reopen); an order recorded before entries
// stated their deadline gives the alert's latest, as before.
func TestAlertsAsOfDeadlines(t *testing.T) {
	d := mustDate
	a := Alert{ID: "alr_1", Key: AlertKey{Rule: RuleWagesUnpaid, Subject: "employer:org_sub", Period: "2026-03"}, Status: AlertRectificationOrdered,
		Severity: SeverityHigh, FirstSeenOn: d("2026-04-16"), LastSeenOn: d("2026-06-20"), Deadline: d("2026-06-30")}
	stated := map[string][]AlertEvent{"alr_1": {
		{On: d("2026-04-16"), Kind: EventOpened},
		{On: d("2026-04-20"), Kind: AlertEventKind(ActionOrderRectification), Deadline: d("2026-05-06")},
		{On: d("2026-04-28"), Kind: EventDeadlineMoved, Deadline: d("2026-05-08"), PreviousDeadline: d("2026-05-06")},
		{On: d("2026-05-20"), Kind: AlertEventKind(ActionReopen)},
		{On: d("2026-06-01"), Kind: AlertEventKind(ActionOrderRectification), Deadline: d("2026-06-30")},
	}}
	unstated := map[string][]AlertEvent{"alr_1": {
		{On: d("2026-04-16"), Kind: EventOpened},
		{On: d("2026-06-01"), Kind: AlertEventKind(ActionOrderRectification)},
	}}
	for _, tc := range []struct {
		history map[string][]AlertEvent
		on      string
		want    string // "" for none
	}{
		{stated, "2026-04-19", ""},
		{stated, "2026-04-20", "2026-05-06"},
		{stated, "2026-04-28", "2026-05-08"},
		{stated, "2026-05-20", ""},
		{stated, "2026-06-01", "2026-06-30"},
		{unstated, "2026-04-19", ""},
		{unstated, "2026-06-01", "2026-06-30"},
	} {
		var want Date
		if tc.want != "" {
			want = d(tc.want)
		}
		if got := AlertsAsOf([]Alert{a}, tc.history, d(tc.on))[0].Deadline; got != want {
			t.Errorf("%s: deadline %s, want %q", tc.on, got, tc.want)
		}
	}
}

func TestAlertsAsOf(t *testing.T) {
	d := mustDate
	a := Alert{ID: "alr_1", Key: AlertKey{Rule: RuleWagesUnpaid, Subject: "employer:org_sub", Period: "2026-03"}, Status: AlertResolved,
		Severity: SeverityCritical, AmountAtRisk: MustMoney("3000"), FirstSeenOn: d("2026-04-16"), LastSeenOn: d("2026-05-20"),
		ResolvedOn: d("2026-05-21"), ResolvedBy: "key_insp", Resolution: "paid in cash, receipts seen"}
	history := map[string][]AlertEvent{"alr_1": {
		{On: d("2026-04-16"), Kind: EventOpened, Severity: SeverityHigh, Amount: MustMoney("5000")},
		{On: d("2026-04-20"), Kind: AlertEventKind(ActionAcknowledge), Actor: "key_insp"},
		{On: d("2026-04-25"), Kind: EventUpdated, Severity: SeverityHigh, Amount: MustMoney("3000")},
		{On: d("2026-05-17"), Kind: EventUpdated, Severity: SeverityCritical, Amount: MustMoney("3000")},
		{On: d("2026-05-21"), Kind: AlertEventKind(ActionResolve), Actor: "key_insp", Note: "paid in cash, receipts seen"},
	}}
	for _, tc := range []struct {
		on       string
		want     string
		standing bool
	}{
		{"2026-04-15", "", false},
		{"2026-04-16", "open high 5000.00 2026-04-16", true},
		{"2026-04-24", "acknowledged high 5000.00 2026-04-24", true},
		{"2026-05-18", "acknowledged critical 3000.00 2026-05-18", true},
		{"2026-05-21", "resolved critical 3000.00 2026-05-20 key_insp", false},
	} {
		got := AlertsAsOf([]Alert{a}, history, d(tc.on))
		if tc.want == "" {
			if len(got) != 0 {
				t.Errorf("%s: %+v before it was first seen", tc.on, got)
			}
			continue
		}
		g := got[0]
		s := fmt.Sprintf("%s %s %s %s", g.Status, g.Severity, g.AmountAtRisk, g.LastSeenOn)
		if g.Status == AlertResolved {
			s += " " + g.ResolvedBy
		}
		if s != tc.want {
			t.Errorf("%s: %s, want %s", tc.on, s, tc.want)
		}
	}
}

// under is one night's facts judged by a policy, as the back-test does.
func under(f *CheckFacts, on Date, p *Policy) NightUnder {
	g := *f
	g.AsOf = on
	findings, cleared := EvaluateWith(&g, p, DefaultCalendar(), nil)
	return NightUnder{Findings: findings, Cleared: cleared}
}

// A night replayed under the policy in force and a proposed one, over the
// same alerts: the same policy changes nothing; a finding only the proposed
// policy makes opens; a compliance alert only the policy in force finds
// closes; a recorded arrears alert neither finds stays (silence closes none).
func TestReplayNight(t *testing.T) {
	d := mustDate
	f := checkFixture()
	f.Lines[1].Gross, f.Lines[1].Net, f.Payments[1].Amount = MustMoney("2000"), MustMoney("2000"), MustMoney("2000")
	on := d("2026-04-20")
	higher := &Policy{MinimumWages: []MinimumWage{{Region: "110000", From: d("2025-09-01"), Source: "test", Monthly: MustMoney("2540")}}}
	owed := Alert{ID: "alr_o", Key: AlertKey{Rule: RuleWagesUnpaid, Subject: "employer:org_x", Period: "2026-02"}, Status: AlertOpen,
		FirstSeenOn: d("2026-04-19"), Evidence: []Evidence{{EvidencePayrollLine, "pay_x#1"}}}
	recorded := []Alert{owed}
	if diff := ReplayNight("prj_1", recorded, on, under(f, on, DefaultPolicy()), under(f, on, DefaultPolicy())); !diff.Empty() {
		t.Fatalf("the same policy replayed: %+v", diff)
	}
	low := Alert{Key: AlertKey{Rule: RuleBelowMinimumWage, Subject: "enrolment:enr_b", Period: "2026-03"}}
	diff := ReplayNight("prj_1", recorded, on, under(f, on, DefaultPolicy()), under(f, on, higher))
	if len(diff.Closes) != 0 || !reflect.DeepEqual(diff.Opens, []AlertKey{low.Key}) {
		t.Fatalf("a higher minimum wage: %+v", diff)
	}
	// Recorded under the higher minimum, replayed under the lower one.
	low.ID, low.Status, low.FirstSeenOn = "alr_l", AlertOpen, d("2026-04-19")
	diff = ReplayNight("prj_1", append(recorded, low), on, under(f, on, higher), under(f, on, DefaultPolicy()))
	if len(diff.Opens) != 0 || !reflect.DeepEqual(diff.Closes, []AlertKey{low.Key}) {
		t.Fatalf("a lower minimum wage: %+v", diff)
	}
	if told := diff.Without(diff); !told.Empty() {
		t.Fatalf("a change told twice: %+v", told)
	}
}

// The policy in force replayed against itself over a range of nights gives
// no difference, whatever happened in the range: an inspector resolving an
// alert by hand, a payment the bank reported late, a payment returned.
func TestReplaySamePolicyIsEmpty(t *testing.T) {
	d := mustDate
	f := checkFixture()
	f.Enrolments[1].CardIndex = "card_a" // a shared card: a compliance alert
	unpayLine2(f)
	var alerts []Alert
	history := map[string][]AlertEvent{}
	record := func(p AlertPlan) {
		alerts = applyPlan(alerts, p)
		for _, e := range p.Events {
			history[e.AlertID] = append(history[e.AlertID], e)
		}
	}
	record(night(f, d("2026-04-18"), alerts))
	record(night(f, d("2026-04-19"), alerts))
	// The inspector resolves the shared card by hand on the 20th.
	card := alertFor(t, alerts, RuleSharedBankCard)
	history[card.ID] = append(history[card.ID], AlertEvent{AlertID: card.ID, On: d("2026-04-20"), Kind: AlertEventKind(ActionResolve),
		Actor: "key_insp", Note: "explained"})
	for i := range alerts {
		if alerts[i].ID == card.ID {
			alerts[i].Status, alerts[i].ResolvedOn, alerts[i].ResolvedBy, alerts[i].Resolution = AlertResolved, d("2026-04-20"), "key_insp", "explained"
		}
	}
	// A payment settled on the 21st reported after the nights were checked,
	// and returned on the 23rd.
	f.Payments = append(f.Payments,
		PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_2", ConfirmationID: "cnf_2", Status: ConfirmPaid, Amount: MustMoney("5000"), SettledOn: d("2026-04-21")},
		PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_2", ConfirmationID: "cnf_r", Status: ConfirmReturned, Amount: MustMoney("5000"), SettledOn: d("2026-04-23")})
	for on := d("2026-04-18"); !on.After(d("2026-04-25")); on = on.AddDays(1) {
		before := AlertsAsOf(alerts, history, on.AddDays(-1))
		g := *f
		g.Orders = PayOrders(before)
		if diff := ReplayNight("prj_1", before, on, under(&g, on, DefaultPolicy()), under(&g, on, DefaultPolicy())); !diff.Empty() {
			t.Errorf("%s: the policy in force against itself: %+v", on, diff)
		}
	}
}

// funds_idle closes when the wages it named are paid, not when the wage
// account's balance falls below them some other way (here another
// payroll paid out of it).
func TestFundsIdleClosesOnlyWhenItsWagesArePaid(t *testing.T) {
	d := mustDate
	f := checkFixture()
	line2 := f.Payments[1]
	unpayLine2(f)
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	if a := alertFor(t, alerts, RuleFundsIdle); a.AmountAtRisk != MustMoney("5000") {
		t.Fatalf("funds_idle: %+v", a)
	}
	f.Payrolls = append(f.Payrolls, PayrollFact{ID: "pay_2", EmployerID: "org_gc", Period: MustPeriod("2026-04"), Kind: PayrollRegular,
		Status: PayrollApproved, SubmittedOn: d("2026-04-20"), ApprovedOn: d("2026-04-20")})
	f.Lines = append(f.Lines, LineFact{PayrollID: "pay_2", LineNo: 1, EnrolmentID: "enr_a", Gross: MustMoney("72000"), Net: MustMoney("72000"), EntryID: "ent_9"})
	f.Payments = append(f.Payments, PaymentFact{PayrollID: "pay_2", LineNo: 1, InstructionID: "ins_9", ConfirmationID: "cnf_9", Status: ConfirmPaid,
		Amount: MustMoney("72000"), SettledOn: d("2026-04-21")})
	p := night(f, d("2026-04-21"), alerts)
	if a, done := resolvedIn(t, alerts, p, RuleFundsIdle); done {
		t.Fatalf("the balance spent elsewhere closed it: %+v", a)
	}
	alerts = applyPlan(alerts, p)
	line2.SettledOn = d("2026-04-22")
	f.Payments = append(f.Payments, line2)
	a, done := resolvedIn(t, alerts, night(f, d("2026-04-22"), alerts), RuleFundsIdle)
	if !done || !strings.Contains(a.Resolution, "cnf_2") {
		t.Fatalf("paid: %+v", a)
	}
}

// exit_unsettled about months worked on no payroll closes when those months
// are put on a payroll and paid, naming the confirmations (it stayed open
// for ever: only payroll lines in its evidence could clear it).
func TestExitUnsettledClosesWhenTheMonthsWorkedArePaid(t *testing.T) {
	d := mustDate
	f := checkFixture()
	lines, payments := f.Lines, f.Payments
	f.Lines, f.Payments = lines[:1], payments[:1] // worker b's March is on no payroll
	f.Enrolments[1].ExitedOn = d("2026-03-31")
	alerts := applyPlan(nil, night(f, d("2026-05-05"), nil))
	if a := alertFor(t, alerts, RuleExitUnsettled); a.Key.Subject != "enrolment:enr_b" {
		t.Fatalf("exit_unsettled: %+v", a)
	}
	f.Lines = lines // on the payroll, not paid: still open
	if a, done := resolvedIn(t, alerts, night(f, d("2026-05-06"), alerts), RuleExitUnsettled); done {
		t.Fatalf("a line not paid closed it: %+v", a)
	}
	// Put on a payroll and paid before the next night.
	f.Payments = payments
	a, done := resolvedIn(t, alerts, night(f, d("2026-05-07"), alerts), RuleExitUnsettled)
	if !done || !strings.Contains(a.Resolution, "cnf_2") {
		t.Fatalf("paid: %+v", a)
	}
}
