package ledger

import (
	"fmt"
	"reflect"
	"slices"
)

// Alerts are the findings of the nightly check kept over time: one per
// (project, rule, subject, period). This file decides how a night's findings
// change the alerts on record; alert_actions.go decides inspectors' actions.

// AlertStatus is where an alert stands in the inspectors' workflow.
type AlertStatus string

// Alert statuses.
const (
	AlertOpen                 AlertStatus = "open"
	AlertAcknowledged         AlertStatus = "acknowledged"
	AlertRectificationOrdered AlertStatus = "rectification_ordered"
	AlertEscalated            AlertStatus = "escalated"
	AlertResolved             AlertStatus = "resolved"
)

// ResolvedByCheck is the resolved_by of an alert the check closed (its
// reason says what cleared it); an inspector's resolution names the inspector.
const ResolvedByCheck = "check"

// Alert is one alert as recorded.
type Alert struct {
	ID           string
	ProjectID    string
	Key          AlertKey
	Severity     Severity
	Status       AlertStatus
	AmountAtRisk Money
	Headcount    int
	Evidence     []Evidence
	Reason       string
	FirstSeenOn  Date
	LastSeenOn   Date
	// Deadline is the rectification deadline an inspector ordered.
	Deadline   Date
	ResolvedOn Date
	ResolvedBy string // ResolvedByCheck or the inspector's key ID
	Resolution string // why it was resolved: the payment that cleared it, or the inspector's note
	// Version is the stored row's version, which a write names so that two
	// writers of one alert cannot overwrite each other.
	Version int
}

// Stream is the alert's stream, its rule's.
func (a *Alert) Stream() Stream { return a.Key.Rule.Stream() }

// AlertEventKind names an entry of an alert's history.
type AlertEventKind string

// History entries: the check's and the inspectors'.
const (
	EventOpened   AlertEventKind = "opened"
	EventUpdated  AlertEventKind = "updated"
	EventResolved AlertEventKind = "resolved"
	EventReopened AlertEventKind = "reopened"
	EventRaised   AlertEventKind = "severity_raised" // a rectification deadline lapsed with the alert open
)

// AlertEvent is one entry in an alert's history.
type AlertEvent struct {
	AlertID  string
	On       Date
	Kind     AlertEventKind
	Actor    string // ResolvedByCheck for the check, else the inspector's key ID
	Note     string
	Severity Severity
	Amount   Money
}

// RuleCounts are what one run did to one rule's alerts.
type RuleCounts struct {
	Found    int `json:"found"`
	Opened   int `json:"opened"`
	Updated  int `json:"updated"`
	Resolved int `json:"resolved"`
	Reopened int `json:"reopened"`
}

// AlertPlan is what a night changes: alerts to insert, alerts to update,
// history to append, and counts per rule.
type AlertPlan struct {
	Insert []Alert
	Update []Alert
	Events []AlertEvent
	Counts map[Rule]*RuleCounts
}

func (p *AlertPlan) count(r Rule) *RuleCounts {
	if p.Counts[r] == nil {
		p.Counts[r] = &RuleCounts{}
	}
	return p.Counts[r]
}

// Clearance says why an alert whose condition was not found tonight is
// cleared, or that it is not (ok false): silence never closes an arrears
// alert, only a bank-confirmed payment does.
type Clearance func(a *Alert) (reason string, ok bool)

// PlanAlerts decides what one night as of asOf does to one project's alerts:
// a new finding opens an alert; a known one updates its amount, severity,
// evidence and last-seen date when any changed (the same night twice changes
// nothing); one that an inspector resolved by hand reopens when it is an
// arrears alert, and one the check resolved reopens always; an open alert no
// finding names is resolved when cleared says why. Findings and alerts are
// taken in their given order, so the plan is deterministic.
func PlanAlerts(projectID string, existing []Alert, findings []Finding, asOf Date, cleared Clearance, newID func() string) AlertPlan {
	plan := AlertPlan{Counts: map[Rule]*RuleCounts{}}
	byKey := make(map[AlertKey]*Alert, len(existing))
	for i := range existing {
		byKey[existing[i].Key] = &existing[i]
	}
	seen := map[AlertKey]bool{}
	for _, f := range findings {
		seen[f.Key()] = true
		plan.count(f.Rule).Found++
		a, known := byKey[f.Key()]
		if !known {
			n := Alert{ID: newID(), ProjectID: projectID, Key: f.Key(), Status: AlertOpen, FirstSeenOn: asOf}
			n.apply(f, asOf)
			plan.Insert = append(plan.Insert, n)
			plan.Events = append(plan.Events, AlertEvent{AlertID: n.ID, On: asOf, Kind: EventOpened, Actor: ResolvedByCheck,
				Note: f.Reason, Severity: n.Severity, Amount: n.AmountAtRisk})
			plan.count(f.Rule).Opened++
			continue
		}
		plan.seenAgain(*a, f, asOf)
	}
	for _, a := range existing {
		if seen[a.Key] || a.Status == AlertResolved || a.LastSeenOn.After(asOf) {
			continue
		}
		reason, ok := cleared(&a)
		if !ok {
			continue
		}
		a.Status, a.ResolvedOn, a.ResolvedBy, a.Resolution = AlertResolved, asOf, ResolvedByCheck, reason
		plan.Update = append(plan.Update, a)
		plan.Events = append(plan.Events, AlertEvent{AlertID: a.ID, On: asOf, Kind: EventResolved, Actor: ResolvedByCheck,
			Note: reason, Severity: a.Severity, Amount: a.AmountAtRisk})
		plan.count(a.Key.Rule).Resolved++
	}
	return plan
}

// seenAgain plans a known alert that tonight's finding names again.
func (plan *AlertPlan) seenAgain(a Alert, f Finding, asOf Date) {
	before := a
	var events []AlertEvent
	if a.Status == AlertResolved {
		byHand := a.ResolvedBy != ResolvedByCheck
		if !asOf.After(a.ResolvedOn) || (byHand && a.Stream() != StreamArrears) {
			return // resolved since this night, or a compliance finding an inspector accepted
		}
		note := fmt.Sprintf("the check still finds it as of %s after it was resolved on %s (%s)", asOf, a.ResolvedOn, a.Resolution)
		a.Status, a.ResolvedOn, a.ResolvedBy, a.Resolution, a.Deadline = AlertOpen, Date{}, "", "", Date{}
		events = append(events, AlertEvent{AlertID: a.ID, On: asOf, Kind: EventReopened, Actor: ResolvedByCheck, Note: note})
		plan.count(f.Rule).Reopened++
	}
	if asOf.Before(before.LastSeenOn) {
		return // an older night replayed: the later night's measures stand
	}
	a.apply(f, asOf)
	if a.Status == AlertRectificationOrdered && !a.Deadline.IsZero() && a.Deadline.Before(asOf) {
		raised := a.Severity.raised()
		// The raise is told once: a later night keeps the raised severity quietly.
		if raised.Rank() > before.Severity.Rank() {
			events = append(events, AlertEvent{AlertID: a.ID, On: asOf, Kind: EventRaised, Actor: ResolvedByCheck,
				Note: fmt.Sprintf("the rectification deadline %s has lapsed", a.Deadline), Severity: raised})
		}
		a.Severity = raised
	}
	if reflect.DeepEqual(a, before) {
		return
	}
	// History and the updated count record a change of what the alert
	// says (severity, money, headcount, evidence); a night that only sees
	// it again moves last_seen_on (and the reason's dates) quietly.
	if before.Status != AlertResolved && a.measuresDiffer(before) {
		events = append(events, AlertEvent{AlertID: a.ID, On: asOf, Kind: EventUpdated, Actor: ResolvedByCheck,
			Note: f.Reason, Severity: a.Severity, Amount: a.AmountAtRisk})
		plan.count(f.Rule).Updated++
	}
	plan.Update = append(plan.Update, a)
	plan.Events = append(plan.Events, events...)
}

// measuresDiffer reports whether a says something other than before:
// another severity, amount at risk, headcount or evidence.
func (a *Alert) measuresDiffer(before Alert) bool {
	return a.Severity != before.Severity || a.AmountAtRisk != before.AmountAtRisk || a.Headcount != before.Headcount ||
		!slices.Equal(a.Evidence, before.Evidence)
}

// apply takes a finding's measures onto the alert, seen on lastSeen.
func (a *Alert) apply(f Finding, lastSeen Date) {
	a.Severity, a.AmountAtRisk, a.Headcount, a.Reason, a.LastSeenOn = f.Severity, f.AmountAtRisk, f.Headcount, f.Reason, lastSeen
	a.Evidence = nil // no evidence is nil, as a stored alert reads back
	if len(f.Evidence) > 0 {
		a.Evidence = slices.Clone(f.Evidence)
	}
}

// raised is the next severity up, critical staying critical.
func (s Severity) raised() Severity {
	switch s {
	case SeverityLow:
		return SeverityMedium
	case SeverityMedium:
		return SeverityHigh
	}
	return SeverityCritical
}

// PayOrders are the orders to pay among a project's alerts: arrears alerts
// about an employer under a rectification order (or escalated after one),
// with their deadline, for the blacklist rule.
func PayOrders(alerts []Alert) []PayOrderFact {
	var out []PayOrderFact
	for _, a := range alerts {
		s, ok := ParseSubject(a.Key.Subject)
		if !ok || s.Kind != SubjectEmployer || a.Stream() != StreamArrears || a.Deadline.IsZero() ||
			(a.Status != AlertRectificationOrdered && a.Status != AlertEscalated) {
			continue
		}
		out = append(out, PayOrderFact{AlertID: a.ID, EmployerID: s.ID, Deadline: a.Deadline})
	}
	return out
}
