package ledger

import (
	"cmp"
	"fmt"
	"slices"
)

// FindingDiff is what one night of one project would change under a
// proposed policy compared with the policy in force: the alerts that would
// stand (open, not resolved) under the proposed policy and not under the
// one in force (opens), and those that would stand under the one in force
// and not under the proposed (closes).
type FindingDiff struct {
	Opens  []AlertKey
	Closes []AlertKey
}

// Empty reports whether the two policies agree.
func (d FindingDiff) Empty() bool { return len(d.Opens) == 0 && len(d.Closes) == 0 }

// AlertsAsOf is a project's alerts as they stood at the end of night on,
// rebuilt from the alerts as stored now and their histories: an alert first
// seen after on did not exist; its status, severity and amount are those
// its history had reached by on (the check's entries and the inspectors'
// actions), taken in date order (entries of one day in the order they were
// written), since a night can be checked after a later one. History keeps
// no evidence or headcount: those are the alert's latest, whatever the
// night, and last_seen_on is at most on. The rectification deadline is
// the one the history's entries had set by on (none before an order, none
// after a reopen); an entry recorded before entries stated their deadline
// (AlertEvent.Deadline zero on an order or a move) gives the alert's
// latest instead.
func AlertsAsOf(alerts []Alert, history map[string][]AlertEvent, on Date) []Alert {
	out := make([]Alert, 0, len(alerts))
	for _, a := range alerts {
		if a.FirstSeenOn.After(on) {
			continue
		}
		b := a
		if b.LastSeenOn.After(on) {
			b.LastSeenOn = on
		}
		events := slices.Clone(history[a.ID])
		slices.SortStableFunc(events, func(x, y AlertEvent) int { return x.On.Time().Compare(y.On.Time()) })
		for _, e := range events {
			if e.On.After(on) {
				break
			}
			b.at(e, a.Deadline)
		}
		out = append(out, b)
	}
	return out
}

// at takes one history entry onto the alert, latest being the deadline the
// alert has now (for an entry that does not state the one it set).
func (a *Alert) at(e AlertEvent, latest Date) {
	switch e.Kind {
	case EventOpened, EventReopened, AlertEventKind(ActionReopen):
		a.Status, a.ResolvedOn, a.ResolvedBy, a.Resolution, a.Deadline = AlertOpen, Date{}, "", "", Date{}
	case EventResolved, AlertEventKind(ActionResolve):
		a.Status, a.ResolvedOn, a.ResolvedBy, a.Resolution = AlertResolved, e.On, e.Actor, e.Note
		if e.Actor != ResolvedByCheck {
			// An inspector's resolution is kept as typed; history keeps it as a message.
			a.Resolution = e.NoteText().String()
		}
	case AlertEventKind(ActionAcknowledge):
		a.Status = AlertAcknowledged
	case AlertEventKind(ActionOrderRectification):
		a.Status, a.Deadline = AlertRectificationOrdered, cmp.Or(e.Deadline, latest)
	case EventDeadlineMoved:
		a.Deadline = cmp.Or(e.Deadline, latest)
	case AlertEventKind(ActionEscalate):
		a.Status = AlertEscalated
	}
	if e.Severity != "" {
		// The rules' severity as that night had it, "" when no complaint
		// raised it then.
		a.Severity, a.RuleSeverity = e.Severity, e.RuleSeverity
	}
	if e.Kind == EventOpened || e.Kind == EventUpdated || e.Kind == EventComplaint {
		a.AmountAtRisk = e.Amount
	}
}

// NightUnder is one policy's findings and clearance of one night's facts
// (EvaluateWith).
type NightUnder struct {
	Findings []Finding
	Cleared  Clearance
}

// ReplayNight is what one night of one project would change under a
// proposed policy: the night under the policy in force and under the
// proposed one, each planned over the same alerts (as recorded the night
// before: AlertsAsOf, with the inspectors' actions up to then), and the
// alerts each leaves standing compared. Whatever is not the policy's doing
// (an inspector's action, a fact recorded late, a night checked out of
// order) is the same in both runs, so the same policy gives no difference.
func ReplayNight(projectID string, before []Alert, on Date, inForce, proposed NightUnder) FindingDiff {
	standing := func(n NightUnder) map[AlertKey]bool {
		state := slices.Clone(before)
		k := 0
		plan := PlanAlerts(projectID, state, n.Findings, on, n.Cleared, func() string { k++; return fmt.Sprintf("replay_%d", k) })
		out := map[AlertKey]bool{}
		for _, as := range [][]Alert{before, plan.Update, plan.Insert} {
			for _, a := range as {
				out[a.Key] = a.Status != AlertResolved
			}
		}
		return out
	}
	now, then := standing(inForce), standing(proposed)
	var d FindingDiff
	for k, up := range then {
		if up && !now[k] {
			d.Opens = append(d.Opens, k)
		}
	}
	for k, up := range now {
		if up && !then[k] {
			d.Closes = append(d.Closes, k)
		}
	}
	slices.SortFunc(d.Opens, AlertKey.compare)
	slices.SortFunc(d.Closes, AlertKey.compare)
	return d
}

// Without is d less what last already told (a change told on the night it
// first appears, not on every night after).
func (d FindingDiff) Without(last FindingDiff) FindingDiff {
	drop := func(ks, told []AlertKey) []AlertKey {
		var out []AlertKey
		for _, k := range ks {
			if !slices.Contains(told, k) {
				out = append(out, k)
			}
		}
		return out
	}
	return FindingDiff{Opens: drop(d.Opens, last.Opens), Closes: drop(d.Closes, last.Closes)}
}
