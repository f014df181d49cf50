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
	return PlanAlerts("prj_1", existing, findings, on, Clearances(&g, DefaultPolicy(), DefaultCalendar()), seqIDs())
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

	later := night(f, d("2026-04-22"), alerts)
	if later.Counts[RuleWagesUnpaid].Updated != 1 {
		t.Fatalf("a later night should update last_seen_on: %+v", later.Counts[RuleWagesUnpaid])
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
		})
	}
}

// payroll_missing clears when the payroll comes, and says so.
func TestPayrollMissingClearsWhenThePayrollComes(t *testing.T) {
	d := mustDate
	f := checkFixture()
	payrolls, lines, payments := f.Payrolls, f.Lines, f.Payments
	f.Payrolls, f.Lines, f.Payments = nil, nil, nil
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	f.Payrolls, f.Lines, f.Payments = payrolls, lines, payments
	p := night(f, d("2026-04-21"), alerts)
	if p.Counts[RulePayrollMissing].Resolved != 1 {
		t.Fatalf("%+v", p.Counts[RulePayrollMissing])
	}
	got := alertFor(t, applyPlan(alerts, p), RulePayrollMissing)
	if !strings.Contains(got.ResolutionText().String(), "a payroll for 2026-03 was submitted") {
		t.Fatalf("resolution %q", got.Resolution)
	}
}
