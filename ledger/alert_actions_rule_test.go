package ledger

import "testing"

// Every entry an inspector's action writes carries the rules' severity
// beside the raised one, so that a contractor reads the rules' (the order
// path writes the order_rectification entry DecideAlertAction gives).
func TestActionEntriesCarryTheRulesSeverity(t *testing.T) {
	for _, in := range []AlertActionInput{
		{Action: ActionAcknowledge}, {Action: ActionOrderRectification, Deadline: MustDate("2026-11-30")},
		{Action: ActionEscalate, Note: "x"}, {Action: ActionResolve, Note: "x"},
	} {
		a := Alert{ID: "alr_1", Status: AlertOpen, Severity: SeverityCritical, RuleSeverity: SeverityHigh}
		in.On = MustDate("2026-11-20")
		_, e, err := DecideAlertAction(a, in)
		if err != nil {
			t.Fatal(err)
		}
		if e.Severity != SeverityCritical || e.RuleSeverity != SeverityHigh {
			t.Errorf("%s: %s/%s", in.Action, e.Severity, e.RuleSeverity)
		}
		if _, h := ForContractor(a, []AlertEvent{e}); h[0].Severity != SeverityHigh {
			t.Errorf("%s: the contractor reads %s", in.Action, h[0].Severity)
		}
	}
	a := Alert{ID: "alr_1", Status: AlertResolved, Severity: SeverityCritical, RuleSeverity: SeverityHigh}
	if _, e, _ := DecideAlertAction(a, AlertActionInput{Action: ActionReopen, On: MustDate("2026-11-20")}); e.RuleSeverity != SeverityHigh {
		t.Errorf("reopen: %s", e.RuleSeverity)
	}
}
