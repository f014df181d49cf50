package ledger

import (
	"slices"
	"strings"
)

// complaint_open (issue 17: a complaint "is itself a finding that the
// nightly check counts"): every complaint being handled on the as-of date —
// received and not yet accepted or refused, or accepted and not yet
// concluded — is a finding of its own, one alert per complaint (subject
// complaint:<id>, no period: a complaint spans its months), whether or not
// the books show the arrears it names. It is the inspectors' work item: the
// deadlines it watches are the labour inspectorate's own (LSIR Art. 17:
// accept or refuse within 5 working days, conclude within 60), so the
// alert is never shown to a contractor (store: alertsScope), and it names
// no complainant: its evidence is the complaint alone.
//
// Stream: compliance, whatever the books show. The money a complaint names
// is in the arrears alerts it matches, which RaiseForComplaints raises and
// links to the complaint; an arrears alert of its own would count the same
// wages twice and could not close when the complaint is concluded (an
// arrears alert closes only on a bank-confirmed payment). Its amount at risk
// is zero for the same reason (as payroll_missing's: the books hold no sum
// of their own for it); its headcount is the workers the complaint says it
// concerns.
//
// Severity: medium while the books show no arrears it names; high when an
// arrears finding of the same night matches it (ComplaintFact.matches: its
// months and, for a worker's complaint, that worker's wages); one level up
// from either once a deadline has passed unanswered on the as-of date —
// acceptance for a complaint still awaiting it, conclusion for an accepted
// one. So a complaint with arrears in the books and a lapsed deadline is
// critical. It clears when the complaint is refused or concluded.

// RuleComplaintOpen is a complaint being handled.
const RuleComplaintOpen Rule = "complaint_open"

// SubjectComplaint is a complaint (its ID): the subject of complaint_open.
const SubjectComplaint SubjectKind = "complaint"

// OpenComplaints is the complaint_open rule: a finding for every complaint
// being handled on asOf, its severity judged against found, the arrears
// findings of the same night (the other rules'), in complaint ID order.
func OpenComplaints(complaints []ComplaintFact, found []Finding, asOf Date) []Finding {
	var out []Finding
	for _, c := range complaints {
		if !c.liveOn(asOf) {
			continue
		}
		var months []string
		for i := range found {
			if c.matches(&found[i]) {
				months = append(months, found[i].Period.String())
			}
		}
		slices.Sort(months)
		months = slices.Compact(months)
		sev := SeverityMedium
		if len(months) > 0 {
			sev = SeverityHigh
		}
		reason, overdue := c.standing(asOf)
		if overdue {
			sev = sev.raised()
		}
		if len(months) > 0 {
			reason = M("%s; the books show wages unpaid for %s that it names", reason, strings.Join(months, ", "))
		}
		out = append(out, Finding{Rule: RuleComplaintOpen, Subject: Subject{SubjectComplaint, c.ID}, Severity: sev,
			Headcount: max(c.Workers, 1), Evidence: []Evidence{{EvidenceComplaint, c.ID}}, Reason: reason})
	}
	slices.SortFunc(out, func(a, b Finding) int { return a.Key().compare(b.Key()) })
	return out
}

// acceptedBy reports whether the complaint had been accepted by d: an
// accepted (or since concluded) complaint decided on or before d.
func (c ComplaintFact) acceptedBy(d Date) bool {
	return (c.Status == ComplaintAccepted || c.Status == ComplaintConcluded) && !c.DecidedOn.IsZero() && !c.DecidedOn.After(d)
}

// standing says where a complaint being handled stands on d, and whether
// its deadline has passed unanswered: acceptance while it awaits it,
// conclusion once accepted (the deadline in force on d: concludeByOn).
func (c ComplaintFact) standing(d Date) (Msg, bool) {
	if !c.acceptedBy(d) {
		if d.After(c.AcceptBy) {
			return M("complaint %s, received on %s, was to be accepted or refused by %s and is not: overdue", c.ID, c.ReceivedOn, c.AcceptBy), true
		}
		return M("complaint %s, received on %s, awaits acceptance or refusal by %s", c.ID, c.ReceivedOn, c.AcceptBy), false
	}
	by := c.concludeByOn(d)
	if d.After(by) {
		return M("complaint %s, accepted on %s, was to be concluded by %s and is not: overdue", c.ID, c.DecidedOn, by), true
	}
	return M("complaint %s, accepted on %s, is to be concluded by %s", c.ID, c.DecidedOn, by), false
}

// complaintClosed says why a complaint_open alert no finding names tonight
// has cleared: the complaint was refused or concluded by the as-of date
// (or is no longer on record as received by then).
func (c *check) complaintClosed(a *Alert) Msg {
	s, _ := ParseSubject(a.Key.Subject)
	for _, x := range c.f.Complaints {
		if x.ID != s.ID || x.ClosedOn.IsZero() || x.ClosedOn.After(c.asOf) {
			continue
		}
		if x.Status == ComplaintRefused {
			return M("complaint %s was refused on %s", x.ID, x.ClosedOn)
		}
		return M("complaint %s was concluded on %s", x.ID, x.ClosedOn)
	}
	return M("no longer found as of %s", c.asOf)
}

// complaintAlertAction refuses the actions that have no sense on a
// complaint's alert: an order to rectify is given to an employer, who never
// sees this alert, and escalating would propose an employer for the
// dishonesty list on a complaint alone. The complaint is handled on the
// complaint; payment is ordered on the arrears alerts it matches.
//
// Nor is it resolved by hand: the alert follows the complaint, one alert
// per complaint, and closes when the complaint is refused or concluded (the
// complaint's own decisions, with their written reasons). A compliance
// alert an inspector resolved is never reopened by the check (PlanAlerts),
// so a hand-resolved complaint_open would stay silent while the complaint
// is still handled — through a deadline that lapses later, or arrears that
// appear in the books. Refusing the resolve keeps it watching; an alert
// resolved so by an earlier build is reopened by the next night that still
// finds the complaint handled (seenAgain).
func complaintAlertAction(a Alert, action AlertAction) error {
	if a.Key.Rule != RuleComplaintOpen {
		return nil
	}
	switch action {
	case ActionOrderRectification, ActionEscalate:
		return Errorf(EConflict, "an alert about a complaint is not given %s: decide the complaint itself (accept, refuse, extend, conclude) and order payment on the arrears alerts it names", action.Label())
	case ActionResolve:
		return Errorf(EConflict, "an alert about a complaint is not resolved by hand: it closes when the complaint is refused or concluded (decide the complaint itself)")
	}
	return nil
}
