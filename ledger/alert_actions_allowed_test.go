package ledger

import (
	"slices"
	"testing"
)

// The actions offered for a status are exactly those DecideAlertAction
// accepts from it.
func TestAllowedAlertActions(t *testing.T) {
	on := NewDate(2026, 4, 20)
	for _, s := range []AlertStatus{AlertOpen, AlertAcknowledged, AlertRectificationOrdered, AlertEscalated, AlertResolved} {
		allowed := AllowedAlertActions(s)
		for _, act := range []AlertAction{ActionAcknowledge, ActionOrderRectification, ActionEscalate, ActionResolve, ActionReopen} {
			_, _, err := DecideAlertAction(Alert{Status: s}, AlertActionInput{Action: act, Note: "n", Deadline: on.AddDays(7), On: on})
			if got, want := slices.Contains(allowed, act), err == nil; got != want {
				t.Errorf("%s, %s: offered %v, accepted %v (%v)", s, act, got, want, err)
			}
		}
	}
	if got := AllowedAlertActions(AlertResolved); !slices.Equal(got, []AlertAction{ActionReopen}) {
		t.Errorf("resolved: %v", got)
	}
}
