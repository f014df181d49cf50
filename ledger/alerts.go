package ledger

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
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

// SystemActor is the actor of what wageguard does by itself, outside the
// nightly check and any person's request: a deadline counted again on the
// working-day calendar as loaded (EventDeadlineMoved).
const SystemActor = "system"

// Alert is one alert as recorded.
type Alert struct {
	ID        string
	ProjectID string
	Key       AlertKey
	Severity  Severity
	// RuleSeverity is the severity without the complaints' raise: what a
	// contractor reads (LSIR Art. 9); "" when no complaint raised it.
	RuleSeverity Severity
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

// ReasonText is why the check raised the alert, as a message to render in
// the reader's language (plain English for an alert an older build stored).
func (a *Alert) ReasonText() Msg { return StoredText(a.Reason) }

// ResolutionText is why the alert was resolved: the check's message, or
// the inspector's note as they wrote it.
func (a *Alert) ResolutionText() Msg {
	if a.ResolvedBy == ResolvedByCheck {
		return StoredText(a.Resolution)
	}
	return Verbatim(a.Resolution)
}

// AlertEventKind names an entry of an alert's history.
type AlertEventKind string

// History entries: the check's and the inspectors'.
const (
	EventOpened   AlertEventKind = "opened"
	EventUpdated  AlertEventKind = "updated"
	EventResolved AlertEventKind = "resolved"
	EventReopened AlertEventKind = "reopened"
	EventRaised   AlertEventKind = "severity_raised" // a rectification deadline lapsed with the alert open
	// EventComplaint is an inspector-only entry: a complaint raised the
	// alert's severity, or the raise went, and nothing the rules measure
	// changed. A contractor's history leaves it out (ForContractor).
	EventComplaint AlertEventKind = "complaint_raise"
	// EventDeadlineMoved is the system's entry: the rectification deadline
	// moved with its order's, counted again on the working-day calendar
	// as loaded (MoveOrderedDeadline); the note names the order and gives
	// the deadline before and after.
	EventDeadlineMoved AlertEventKind = "deadline_moved"
)

// NoteText is the entry's note as a message. Every note is kept as one —
// the check's sentences, and an inspector's words wrapped as Verbatim (after
// the deadline an order sets) so that they show as typed; a note an older
// build stored as plain text shows as it is.
func (e AlertEvent) NoteText() Msg { return StoredText(e.Note) }

// AlertEvent is one entry in an alert's history.
type AlertEvent struct {
	AlertID  string
	On       Date
	Kind     AlertEventKind
	Actor    string // ResolvedByCheck for the check, else the inspector's key ID
	Note     string
	Severity Severity
	// RuleSeverity is Severity without the complaints' raise, as for
	// Alert; "" when the same.
	RuleSeverity Severity
	Amount       Money
	// Deadline is the rectification deadline the entry set: an
	// order_rectification's (an order to pay's), a deadline_moved's new
	// one; zero for every other entry. PreviousDeadline is a
	// deadline_moved's date before it moved. Both are in the note too.
	Deadline         Date
	PreviousDeadline Date
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

// Clearance is how a night's facts judge alerts its findings do not name.
// Cleared says why an alert whose condition was not found tonight is
// cleared, or that it is not (ok false): silence never closes an arrears
// alert, only a bank-confirmed payment does. Undone says why an alert the
// check closed on a payment is owed again (the payment was returned, 退票),
// or that it is not.
type Clearance struct {
	Cleared func(a *Alert) (reason Msg, ok bool)
	Undone  func(a *Alert) (reason Msg, undone bool)
}

// PlanAlerts decides what one night as of asOf does to one project's alerts:
// a new finding opens an alert; a known one updates its amount, severity,
// evidence and last-seen date when any changed (the same night twice changes
// nothing); one that an inspector resolved by hand reopens when it is an
// arrears alert, and one the check resolved reopens always; an open alert no
// finding names is resolved when cleared says why, and one the check
// closed on a payment that was since returned reopens. Findings and alerts are
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
				Note: f.Reason.Encode(), Severity: n.Severity, RuleSeverity: n.RuleSeverity, Amount: n.AmountAtRisk})
			plan.count(f.Rule).Opened++
			continue
		}
		plan.seenAgain(*a, f, asOf, cleared)
	}
	for _, a := range existing {
		if seen[a.Key] || a.LastSeenOn.After(asOf) {
			continue
		}
		if a.Status == AlertResolved {
			plan.reopenIfReturned(a, asOf, cleared)
			continue
		}
		reason, ok := cleared.Cleared(&a)
		if !ok {
			continue
		}
		a.Status, a.ResolvedOn, a.ResolvedBy, a.Resolution = AlertResolved, asOf, ResolvedByCheck, reason.Encode()
		plan.Update = append(plan.Update, a)
		plan.Events = append(plan.Events, AlertEvent{AlertID: a.ID, On: asOf, Kind: EventResolved, Actor: ResolvedByCheck,
			Note: reason.Encode(), Severity: a.Severity, RuleSeverity: a.RuleSeverity, Amount: a.AmountAtRisk})
		plan.count(a.Key.Rule).Resolved++
	}
	return plan
}

// reopenIfReturned reopens an alert the check closed on a payment that the
// bank has since reported returned (退票): the workers are owed again.
func (plan *AlertPlan) reopenIfReturned(a Alert, asOf Date, cleared Clearance) {
	if !asOf.After(a.ResolvedOn) || cleared.Undone == nil {
		return
	}
	why, undone := cleared.Undone(&a)
	if !undone {
		return
	}
	a.Status, a.ResolvedOn, a.ResolvedBy, a.Resolution, a.Deadline = AlertOpen, Date{}, "", "", Date{}
	plan.Update = append(plan.Update, a)
	plan.Events = append(plan.Events, AlertEvent{AlertID: a.ID, On: asOf, Kind: EventReopened, Actor: ResolvedByCheck,
		Note: M("reopened: %s", why).Encode(), Severity: a.Severity, RuleSeverity: a.RuleSeverity, Amount: a.AmountAtRisk})
	plan.count(a.Key.Rule).Reopened++
}

// seenAgain plans a known alert that tonight's finding names again.
func (plan *AlertPlan) seenAgain(a Alert, f Finding, asOf Date, cleared Clearance) {
	before := a
	var events []AlertEvent
	if a.Status == AlertResolved {
		byHand := a.ResolvedBy != ResolvedByCheck
		// A complaint's alert follows its complaint: one an earlier build
		// let an inspector resolve reopens while the complaint is handled
		// (complaintAlertAction).
		if !asOf.After(a.ResolvedOn) || (byHand && a.Stream() != StreamArrears && a.Key.Rule != RuleComplaintOpen) {
			return // resolved since this night, or a compliance finding an inspector accepted
		}
		note := M("the check still finds it as of %s after it was resolved on %s (%s)", asOf, a.ResolvedOn, a.ResolutionText()).Encode()
		if cleared.Undone != nil {
			if why, undone := cleared.Undone(&a); undone {
				note = M("reopened: %s", why).Encode()
			}
		}
		a.Status, a.ResolvedOn, a.ResolvedBy, a.Resolution, a.Deadline = AlertOpen, Date{}, "", "", Date{}
		events = append(events, AlertEvent{AlertID: a.ID, On: asOf, Kind: EventReopened, Actor: ResolvedByCheck, Note: note})
		plan.count(f.Rule).Reopened++
	}
	if asOf.Before(before.LastSeenOn) {
		return // an older night replayed: the later night's measures stand
	}
	a.apply(f, asOf)
	if a.Status == AlertRectificationOrdered && !a.Deadline.IsZero() && a.Deadline.Before(asOf) {
		a.Severity = a.Severity.raised()
		if a.RuleSeverity != "" {
			a.RuleSeverity = a.RuleSeverity.raised()
		}
		// The raise is told once, decided on the rules' own severity so that
		// the contractor reads it as it would without a complaint: a later
		// night keeps the raised severity quietly.
		if a.ruleSeverity().Rank() > before.ruleSeverity().Rank() {
			events = append(events, AlertEvent{AlertID: a.ID, On: asOf, Kind: EventRaised, Actor: ResolvedByCheck,
				Note: M("the rectification deadline %s has lapsed", a.Deadline).Encode(), Severity: a.Severity, RuleSeverity: a.RuleSeverity})
		}
	}
	if reflect.DeepEqual(a, before) {
		return
	}
	// History and the updated count record a change of what the alert
	// says (severity, money, headcount, evidence); a night that only sees
	// it again moves last_seen_on (and the reason's dates) quietly, and a
	// reason an older build stored as English text is rewritten as its
	// message quietly too. A change only of the complaints' raise (their
	// evidence, the raised severity) is an inspector-only entry, so that a
	// contractor's history is the one it would be with no complaint.
	if before.Status != AlertResolved && a.measuresDiffer(before) {
		kind := EventUpdated
		if !a.ruleMeasuresDiffer(before) {
			kind = EventComplaint
		}
		events = append(events, AlertEvent{AlertID: a.ID, On: asOf, Kind: kind, Actor: ResolvedByCheck,
			Note: f.Reason.Encode(), Severity: a.Severity, RuleSeverity: a.RuleSeverity, Amount: a.AmountAtRisk})
		plan.count(f.Rule).Updated++
	}
	plan.Update = append(plan.Update, a)
	plan.Events = append(plan.Events, events...)
}

// measuresDiffer reports whether a says something other than before:
// another severity, amount at risk, headcount or evidence.
func (a *Alert) measuresDiffer(before Alert) bool {
	return a.Severity != before.Severity || a.RuleSeverity != before.RuleSeverity || a.AmountAtRisk != before.AmountAtRisk || a.Headcount != before.Headcount ||
		!slices.Equal(a.Evidence, before.Evidence)
}

// ruleMeasuresDiffer reports whether the rules alone say something other
// than before: the complaints' raise and evidence set aside.
func (a *Alert) ruleMeasuresDiffer(before Alert) bool {
	noComplaint := func(e Evidence) bool { return e.Kind == EvidenceComplaint }
	return a.ruleSeverity() != before.ruleSeverity() || a.AmountAtRisk != before.AmountAtRisk || a.Headcount != before.Headcount ||
		!slices.Equal(slices.DeleteFunc(slices.Clone(a.Evidence), noComplaint), slices.DeleteFunc(slices.Clone(before.Evidence), noComplaint))
}

// ruleSeverity is the severity the rules alone give.
func (a *Alert) ruleSeverity() Severity {
	if a.RuleSeverity != "" {
		return a.RuleSeverity
	}
	return a.Severity
}

// apply takes a finding's measures onto the alert, seen on lastSeen.
func (a *Alert) apply(f Finding, lastSeen Date) {
	a.Severity, a.RuleSeverity, a.AmountAtRisk, a.Headcount, a.Reason, a.LastSeenOn = f.Severity, f.RuleSeverity, f.AmountAtRisk, f.Headcount, f.Reason.Encode(), lastSeen
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

// After is a project's alerts as the plan leaves them once written:
// existing with the plan's updates (each a version on, as a write of it
// counts) and its new alerts (version 0), in the order the store reads a
// project's alerts (rule, subject, period, compared byte by byte). What
// the night keeps for a run of it again is decided on them, without
// reading back what was just written.
func (p *AlertPlan) After(existing []Alert) []Alert {
	updated := make(map[string]Alert, len(p.Update))
	for _, a := range p.Update {
		a.Version++
		updated[a.ID] = a
	}
	out := make([]Alert, 0, len(existing)+len(p.Insert))
	for _, a := range existing {
		if u, ok := updated[a.ID]; ok {
			a = u
		}
		out = append(out, a)
	}
	for _, a := range p.Insert {
		a.Version = 0
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b Alert) int {
		return cmp.Or(strings.Compare(string(a.Key.Rule), string(b.Key.Rule)), strings.Compare(a.Key.Subject, b.Key.Subject),
			strings.Compare(a.Key.Period, b.Key.Period))
	})
	return out
}
