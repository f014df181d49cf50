package ledger

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// contractorRun plays one project's alert through a scenario, with or
// without a complaint, and records what the contractor reads after each
// step.
type contractorRun struct {
	complaint bool
	alerts    []Alert
	history   []AlertEvent
	ids       func() string
}

func (r *contractorRun) night(t *testing.T, on string, closedOn string) {
	t.Helper()
	d := MustDate(on)
	// The reason names the night, as wages_unpaid's does ("as of …").
	f := Finding{Rule: RuleWagesUnpaid, Subject: Subject{SubjectEmployer, "org_s"}, Period: MustPeriod("2026-10"), Severity: SeverityHigh,
		AmountAtRisk: MustMoney("5500.00"), Headcount: 1, Reason: M("unpaid as of %s", d),
		Evidence: []Evidence{{EvidenceAccount, "wages_payable/enr_a@2026-10"}}}
	var cs []ComplaintFact
	if r.complaint {
		c := ComplaintFact{ID: "cmp_1", EnrolmentID: "enr_a", Periods: []Period{MustPeriod("2026-10")}, ReceivedOn: MustDate("2026-11-18")}
		if closedOn != "" {
			c.ClosedOn = MustDate(closedOn)
		}
		cs = append(cs, c)
	}
	found := RaiseForComplaints([]Finding{f}, cs, d)
	none := Clearance{Cleared: func(*Alert) (Msg, bool) { return Msg{}, false }}
	plan := PlanAlerts("prj_1", r.alerts, found, d, none, r.ids)
	r.alerts = applyPlan(r.alerts, plan)
	r.history = append(r.history, plan.Events...)
}

func (r *contractorRun) act(t *testing.T, on string, in AlertActionInput) {
	t.Helper()
	in.On, in.Actor = MustDate(on), "key_insp"
	a, e, err := DecideAlertAction(r.alerts[0], in)
	if err != nil {
		t.Fatal(err)
	}
	r.alerts[0] = a
	r.history = append(r.history, e)
}

func (r *contractorRun) seen() string {
	a, h := ForContractor(r.alerts[0], r.history)
	var b strings.Builder
	fmt.Fprintf(&b, "alert %s %s %s %v\n", a.Severity, a.RuleSeverity, a.Status, a.Evidence)
	for _, e := range h {
		fmt.Fprintf(&b, "%s %s %s %q %s\n", e.On, e.Kind, e.Severity, e.NoteText().String(), e.Amount)
	}
	return b.String()
}

// A contractor's alert and history read the same in a run where a worker
// complains as in the same run without the complaint (LSIR Art. 9): the
// night the complaint arrives, an inspector's order to pay, its lapse, and
// the complaint concluded, step by step.
func TestContractorCannotTellAComplaint(t *testing.T) {
	steps := []func(t *testing.T, r *contractorRun){
		func(t *testing.T, r *contractorRun) { r.night(t, "2026-11-17", "") },
		func(t *testing.T, r *contractorRun) { r.night(t, "2026-11-18", "") }, // the complaint arrives
		func(t *testing.T, r *contractorRun) {
			r.act(t, "2026-11-18", AlertActionInput{Action: ActionAcknowledge})
		},
		func(t *testing.T, r *contractorRun) {
			r.act(t, "2026-11-18", AlertActionInput{Action: ActionOrderRectification, Deadline: MustDate("2026-11-20"), Note: "pay"})
		},
		func(t *testing.T, r *contractorRun) { r.night(t, "2026-11-19", "") },
		func(t *testing.T, r *contractorRun) { r.night(t, "2026-11-21", "") }, // the order lapsed
		func(t *testing.T, r *contractorRun) { r.night(t, "2026-11-22", "") },
		func(t *testing.T, r *contractorRun) { r.night(t, "2026-11-23", "2026-11-23") }, // concluded
		func(t *testing.T, r *contractorRun) { r.night(t, "2026-11-24", "2026-11-23") },
		func(t *testing.T, r *contractorRun) {
			r.act(t, "2026-11-24", AlertActionInput{Action: ActionEscalate, Note: "court"})
		},
		func(t *testing.T, r *contractorRun) {
			r.act(t, "2026-11-25", AlertActionInput{Action: ActionResolve, Note: "paid"})
		},
	}
	with := &contractorRun{complaint: true, ids: seqIDs()}
	without := &contractorRun{ids: seqIDs()}
	for i, step := range steps {
		step(t, with)
		step(t, without)
		if got, want := with.seen(), without.seen(); got != want {
			t.Fatalf("step %d: with a complaint the contractor reads\n%s\nwithout one\n%s", i, got, want)
		}
	}
	// The inspector does read the raise.
	if with.alerts[0].Severity != SeverityCritical || !reflect.DeepEqual(complaintsOf(with.alerts[0].Evidence), []string(nil)) {
		t.Logf("after the complaint: %+v", with.alerts[0])
	}
	// And the lapse is told to the contractor as it is without a complaint.
	if !strings.Contains(without.seen(), "severity_raised critical") {
		t.Fatalf("no lapse in the contractor's history:\n%s", without.seen())
	}
}

// An order that lapses on an alert a complaint already raised to critical
// tells the lapse (the rules' high becomes critical), with both severities:
// without the complaint the contractor reads severity_raised, so with it too.
func TestLapseToldOnAComplaintRaisedAlert(t *testing.T) {
	r := &contractorRun{complaint: true, ids: seqIDs()}
	r.night(t, "2026-11-18", "")
	r.act(t, "2026-11-18", AlertActionInput{Action: ActionOrderRectification, Deadline: MustDate("2026-11-20")})
	n := len(r.history)
	r.night(t, "2026-11-21", "")
	var kinds []string
	for _, e := range r.history[n:] {
		kinds = append(kinds, string(e.Kind))
		if e.Kind == EventRaised && (e.Severity != SeverityCritical || e.RuleSeverity != SeverityCritical) {
			t.Errorf("the lapse entry: %+v", e)
		}
	}
	// As without a complaint, the lapse is told and the new severity
	// recorded as the night's update.
	if strings.Join(kinds, " ") != "severity_raised updated" {
		t.Fatalf("the lapse night wrote %v", kinds)
	}
}

// A past night rebuilt from history has the rules' severity that night's
// entries had, not today's: raised by a complaint then and not now, or now
// and not then.
func TestAlertsAsOfKeepsThatNightsRuleSeverity(t *testing.T) {
	r := &contractorRun{complaint: true, ids: seqIDs()}
	r.night(t, "2026-11-17", "")
	r.night(t, "2026-11-18", "")           // raised
	r.night(t, "2026-11-23", "2026-11-23") // the raise went
	r.night(t, "2026-11-24", "2026-11-23")
	hist := map[string][]AlertEvent{r.alerts[0].ID: r.history}
	for _, tc := range []struct {
		on        string
		sev, rule Severity
	}{{"2026-11-17", SeverityHigh, ""}, {"2026-11-18", SeverityCritical, SeverityHigh}, {"2026-11-24", SeverityHigh, ""}} {
		past := AlertsAsOf(r.alerts, hist, MustDate(tc.on))[0]
		if past.Severity != tc.sev || past.RuleSeverity != tc.rule {
			t.Errorf("%s: %s/%q, want %s/%q", tc.on, past.Severity, past.RuleSeverity, tc.sev, tc.rule)
		}
	}
	now := r.alerts[0]
	now.Severity, now.RuleSeverity = SeverityCritical, SeverityHigh // as if raised today
	if past := AlertsAsOf([]Alert{now}, hist, MustDate("2026-11-17"))[0]; past.RuleSeverity != "" {
		t.Errorf("the night before the complaint keeps today's rules' severity %q", past.RuleSeverity)
	}
}
