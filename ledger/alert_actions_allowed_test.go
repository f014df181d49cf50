package ledger

import (
	"slices"
	"testing"
)

// The actions offered for a status and rule are exactly those
// DecideAlertAction accepts from it: a complaint's alert is never given an
// order to rectify or an escalation, nor resolved by hand — it follows its
// complaint, closing when the complaint is refused or concluded (a
// compliance alert resolved by hand is never reopened by the check, so a
// hand-resolved one would stay silent through a deadline lapsing later).
func TestAllowedAlertActions(t *testing.T) {
	on := NewDate(2026, 4, 20)
	for _, r := range []Rule{RuleWagesUnpaid, RuleComplaintOpen} {
		for _, s := range []AlertStatus{AlertOpen, AlertAcknowledged, AlertRectificationOrdered, AlertEscalated, AlertResolved} {
			allowed := AllowedAlertActions(s, r)
			for _, act := range []AlertAction{ActionAcknowledge, ActionOrderRectification, ActionEscalate, ActionResolve, ActionReopen} {
				_, _, err := DecideAlertAction(Alert{Status: s, Key: AlertKey{Rule: r}}, AlertActionInput{Action: act, Note: "n", Deadline: on.AddDays(7), On: on})
				if got, want := slices.Contains(allowed, act), err == nil; got != want {
					t.Errorf("%s %s, %s: offered %v, accepted %v (%v)", r, s, act, got, want, err)
				}
			}
		}
	}
	if got := AllowedAlertActions(AlertResolved, RuleWagesUnpaid); !slices.Equal(got, []AlertAction{ActionReopen}) {
		t.Errorf("resolved: %v", got)
	}
	if got := AllowedAlertActions(AlertOpen, RuleComplaintOpen); !slices.Equal(got, []AlertAction{ActionAcknowledge}) {
		t.Errorf("a complaint's open alert: %v", got)
	}
	if got := AllowedAlertActions(AlertAcknowledged, RuleComplaintOpen); len(got) != 0 {
		t.Errorf("a complaint's acknowledged alert: %v", got)
	}
}
