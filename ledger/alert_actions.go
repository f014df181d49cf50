package ledger

import (
	"strings"
)

// AlertAction is what an inspector does with an alert.
type AlertAction string

// Inspectors' actions (API.md: POST /alerts/{id}/actions).
const (
	ActionAcknowledge        AlertAction = "acknowledge"
	ActionOrderRectification AlertAction = "order_rectification"
	ActionResolve            AlertAction = "resolve"
	ActionEscalate           AlertAction = "escalate"
	ActionReopen             AlertAction = "reopen"
)

// Event is the history entry an action writes.
func (a AlertAction) Event() AlertEventKind { return AlertEventKind(a) }

// AlertActionInput is one inspector's action on an alert.
type AlertActionInput struct {
	Action   AlertAction
	Note     string
	Deadline Date // order_rectification only
	Actor    string
	On       Date // today, Asia/Shanghai
}

// from lists the statuses each action may leave, and where it goes.
var alertTransitions = map[AlertAction]struct {
	from []AlertStatus
	to   AlertStatus
}{
	ActionAcknowledge:        {[]AlertStatus{AlertOpen}, AlertAcknowledged},
	ActionOrderRectification: {[]AlertStatus{AlertOpen, AlertAcknowledged}, AlertRectificationOrdered},
	ActionEscalate:           {[]AlertStatus{AlertOpen, AlertAcknowledged, AlertRectificationOrdered}, AlertEscalated},
	ActionResolve:            {[]AlertStatus{AlertOpen, AlertAcknowledged, AlertRectificationOrdered, AlertEscalated}, AlertResolved},
	ActionReopen:             {[]AlertStatus{AlertResolved}, AlertOpen},
}

// DecideAlertAction applies an inspector's action to an alert: the alert as
// it becomes and its history entry. A bad input is EInvalid naming its
// field; an action the alert's status does not allow is EConflict.
func DecideAlertAction(a Alert, in AlertActionInput) (Alert, AlertEvent, error) {
	t, ok := alertTransitions[in.Action]
	if !ok {
		return a, AlertEvent{}, Errorf(EInvalid, "action %q is not one of acknowledge, order_rectification, resolve, escalate, reopen", clip(string(in.Action)))
	}
	in.Note = strings.TrimSpace(in.Note)
	var v Validation
	if (in.Action == ActionResolve || in.Action == ActionEscalate) && in.Note == "" {
		v.Add("note", "required", "%s needs a written note", in.Action)
	}
	if in.Action == ActionOrderRectification {
		switch {
		case in.Deadline.IsZero():
			v.Add("deadline", "required", "order_rectification needs a deadline (YYYY-MM-DD)")
		case !in.Deadline.After(in.On):
			v.Add("deadline", "too_early", "the deadline %s must be after today, %s", in.Deadline, in.On)
		}
	}
	if err := v.Err("the action is not valid"); err != nil {
		return a, AlertEvent{}, err
	}
	allowed := false
	for _, s := range t.from {
		allowed = allowed || s == a.Status
	}
	if !allowed {
		return a, AlertEvent{}, Errorf(EConflict, "an alert that is %s cannot be given %s", a.Status.Label(), in.Action.Label())
	}
	if err := complaintAlertAction(a, in.Action); err != nil {
		return a, AlertEvent{}, err
	}
	a.Status = t.to
	switch in.Action {
	case ActionOrderRectification:
		a.Deadline = in.Deadline
	case ActionResolve:
		a.ResolvedOn, a.ResolvedBy, a.Resolution = in.On, in.Actor, in.Note
	case ActionReopen:
		a.ResolvedOn, a.ResolvedBy, a.Resolution, a.Deadline = Date{}, "", "", Date{}
	}
	// The note is kept as a message: the inspector's words as they typed
	// them, after the deadline an order sets.
	note := ""
	switch {
	case in.Action == ActionOrderRectification && strings.TrimSpace(in.Note) == "":
		note = M("deadline %s.", in.Deadline).Encode()
	case in.Action == ActionOrderRectification:
		note = M("deadline %s. %s", in.Deadline, Verbatim(in.Note)).Encode()
	case in.Note != "":
		note = Verbatim(in.Note).Encode()
	}
	event := AlertEvent{AlertID: a.ID, On: in.On, Kind: in.Action.Event(), Actor: in.Actor, Note: note,
		Severity: a.Severity, RuleSeverity: a.RuleSeverity, Amount: a.AmountAtRisk}
	if in.Action == ActionOrderRectification {
		event.Deadline = in.Deadline
	}
	return a, event, nil
}

// AllowedAlertActions lists, in a fixed order, the actions an alert of
// status s and rule r may be given: the forms the console offers (the
// decision stays DecideAlertAction's).
func AllowedAlertActions(s AlertStatus, r Rule) []AlertAction {
	var out []AlertAction
	for _, a := range []AlertAction{ActionAcknowledge, ActionOrderRectification, ActionEscalate, ActionResolve, ActionReopen} {
		if complaintAlertAction(Alert{Key: AlertKey{Rule: r}}, a) != nil {
			continue
		}
		for _, from := range alertTransitions[a].from {
			if from == s {
				out = append(out, a)
			}
		}
	}
	return out
}
