package ledger

import (
	"fmt"
	"slices"
)

// FindingDiff is what one night of one project would change under another
// policy: the alerts it would find that the current policy does not (opens)
// and those the current policy finds that it would not (closes).
type FindingDiff struct {
	Opens  []AlertKey
	Closes []AlertKey
}

// Empty reports whether the two policies agree.
func (d FindingDiff) Empty() bool { return len(d.Opens) == 0 && len(d.Closes) == 0 }

// DiffFindings compares the findings of the current and a proposed policy on
// the same facts, each list in key order.
func DiffFindings(current, proposed []Finding) FindingDiff {
	keys := func(fs []Finding) map[AlertKey]bool {
		out := make(map[AlertKey]bool, len(fs))
		for _, f := range fs {
			out[f.Key()] = true
		}
		return out
	}
	cur, prop := keys(current), keys(proposed)
	var d FindingDiff
	for k := range prop {
		if !cur[k] {
			d.Opens = append(d.Opens, k)
		}
	}
	for k := range cur {
		if !prop[k] {
			d.Closes = append(d.Closes, k)
		}
	}
	slices.SortFunc(d.Opens, AlertKey.compare)
	slices.SortFunc(d.Closes, AlertKey.compare)
	return d
}

// AlertsAsOf is a project's alerts as they stood at the end of night on,
// rebuilt from the alerts as stored now and their histories (each in its
// order): an alert first seen after on did not exist; its status, severity
// and amount are those its history had reached by on (the check's entries
// and the inspectors' actions). The evidence is the alert's latest, and
// last_seen_on at most on: history does not keep them night by night.
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
		for _, e := range history[a.ID] {
			if e.On.After(on) {
				continue
			}
			b.at(e)
		}
		out = append(out, b)
	}
	return out
}

// at takes one history entry onto the alert.
func (a *Alert) at(e AlertEvent) {
	switch e.Kind {
	case EventOpened, EventReopened, AlertEventKind(ActionReopen):
		a.Status, a.ResolvedOn, a.ResolvedBy, a.Resolution = AlertOpen, Date{}, "", ""
	case EventResolved, AlertEventKind(ActionResolve):
		a.Status, a.ResolvedOn, a.ResolvedBy, a.Resolution = AlertResolved, e.On, e.Actor, e.Note
	case AlertEventKind(ActionAcknowledge):
		a.Status = AlertAcknowledged
	case AlertEventKind(ActionOrderRectification):
		a.Status = AlertRectificationOrdered
	case AlertEventKind(ActionEscalate):
		a.Status = AlertEscalated
	}
	if e.Severity != "" {
		a.Severity = e.Severity
	}
	if e.Kind == EventOpened || e.Kind == EventUpdated {
		a.AmountAtRisk = e.Amount
	}
}

// ReplayNight is what one night of one project would change under another
// policy, compared with what was recorded: the findings and clearance of
// that policy, planned over the alerts as recorded the night before
// (AlertsAsOf), leave some alerts standing (not resolved); Opens are those
// standing that were not standing in the record after the night (after),
// Closes those standing in the record that would not be.
func ReplayNight(projectID string, before, after []Alert, findings []Finding, on Date, cleared Clearance) FindingDiff {
	n := 0
	plan := PlanAlerts(projectID, before, findings, on, cleared, func() string { n++; return fmt.Sprintf("replay_%d", n) })
	standing := func(alerts ...[]Alert) map[AlertKey]bool {
		out := map[AlertKey]bool{}
		for _, as := range alerts {
			for _, a := range as {
				out[a.Key] = a.Status != AlertResolved
			}
		}
		return out
	}
	replayed := standing(before, plan.Update, plan.Insert)
	recorded := standing(after)
	var d FindingDiff
	for k, up := range replayed {
		if up && !recorded[k] {
			d.Opens = append(d.Opens, k)
		}
	}
	for k, up := range recorded {
		if up && !replayed[k] {
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
