package ledger

import "fmt"

// Blacklist candidates (DOMAIN.md "The dishonesty list": the system proposes
// candidates; listing is always an inspector's decision). An employer
// becomes a candidate when an inspector escalates one of its alerts, or when
// the check finds an order to pay lapsed with the criminal threshold reached
// (RuleBlacklistCandidate). The list keeps each proposal with its reason.

// CandidateSource says how an employer was proposed.
type CandidateSource string

// Candidate sources.
const (
	CandidateEscalation CandidateSource = "escalation" // an inspector escalated an alert
	CandidateCheck      CandidateSource = "check"      // the blacklist_candidate rule fired
	CandidateOrder      CandidateSource = "order"      // an order to pay lapsed unpaid, reaching the threshold
)

// BlacklistCandidate is one proposal of an employer for the list.
type BlacklistCandidate struct {
	EmployerID string
	ProjectID  string
	AlertID    string
	Source     CandidateSource
	Rule       Rule
	Reason     string
	Amount     Money
	Headcount  int
	ProposedOn Date
	ProposedBy string
}

// CandidateEmployer is the unit an alert holds responsible: the employer it
// names; an enrolment's employer (enrolmentEmployer, which the caller looks
// up); the owner for allocations it did not make; the general contractor
// for the rest of the project (its guarantee, its cards, its wage account).
func CandidateEmployer(a *Alert, p *Project, enrolmentEmployer string) string {
	s, _ := ParseSubject(a.Key.Subject)
	switch {
	case s.Kind == SubjectEmployer:
		return s.ID
	case s.Kind == SubjectEnrolment && enrolmentEmployer != "":
		return enrolmentEmployer
	case a.Key.Rule == RuleAllocationOverdue:
		return p.OwnerID
	}
	return p.GeneralContractorID
}

// EscalationCandidate is the proposal an inspector's escalation of a makes.
func EscalationCandidate(a *Alert, employerID, note, actor string, on Date) BlacklistCandidate {
	return BlacklistCandidate{EmployerID: employerID, ProjectID: a.ProjectID, AlertID: a.ID, Source: CandidateEscalation, Rule: a.Key.Rule,
		Reason: fmt.Sprintf("escalated by an inspector: %s (alert: %s)", note, a.Reason), Amount: a.AmountAtRisk, Headcount: a.Headcount,
		ProposedOn: on, ProposedBy: actor}
}

// CheckCandidates are the proposals a night's plan makes: each
// blacklist_candidate alert it opens names its employer.
func CheckCandidates(plan *AlertPlan) []BlacklistCandidate {
	var out []BlacklistCandidate
	for _, a := range plan.Insert {
		s, ok := ParseSubject(a.Key.Subject)
		if a.Key.Rule != RuleBlacklistCandidate || !ok || s.Kind != SubjectEmployer {
			continue
		}
		out = append(out, BlacklistCandidate{EmployerID: s.ID, ProjectID: a.ProjectID, AlertID: a.ID, Source: CandidateCheck, Rule: a.Key.Rule,
			Reason: a.Reason, Amount: a.AmountAtRisk, Headcount: a.Headcount, ProposedOn: a.FirstSeenOn, ProposedBy: ResolvedByCheck})
	}
	return out
}

// CheckedEmployers are the employers the check's blacklist_candidate alerts
// name, open before the night (existing) or opened by it (plan): the check
// proposed them already.
func CheckedEmployers(existing []Alert, plan *AlertPlan) map[string]bool {
	out := map[string]bool{}
	for _, as := range [][]Alert{existing, plan.Insert} {
		for _, a := range as {
			if s, ok := ParseSubject(a.Key.Subject); ok && a.Key.Rule == RuleBlacklistCandidate && a.Status != AlertResolved && s.Kind == SubjectEmployer {
				out[s.ID] = true
			}
		}
	}
	return out
}

// OrderCandidates are the proposals a project's orders to pay make once
// reviewed (Order No. 45: an order lapsed unpaid and the criminal threshold
// reached): one per employer whose lapsed orders leave unpaid enough to
// reach t, on the alert of its oldest lapsed order. An employer the check
// proposed already (proposed) is not proposed twice for the same lapse; one
// below the threshold is proposed only by an inspector's escalation.
func OrderCandidates(orders []PayOrder, t CriminalThreshold, on Date, proposed map[string]bool) []BlacklistCandidate {
	by := map[string][]PayOrder{}
	var employers []string
	for _, o := range LapsedUnpaid(orders) {
		if proposed[o.EmployerID] {
			continue
		}
		if by[o.EmployerID] == nil {
			employers = append(employers, o.EmployerID)
		}
		by[o.EmployerID] = append(by[o.EmployerID], o)
	}
	var out []BlacklistCandidate
	for _, e := range employers {
		os := by[e]
		reached, unpaid, workers := LapsedReach(os, t)
		if !reached {
			continue
		}
		out = append(out, BlacklistCandidate{EmployerID: e, ProjectID: os[0].ProjectID, AlertID: os[0].AlertID, Source: CandidateOrder,
			Rule: RuleBlacklistCandidate, Amount: unpaid, Headcount: workers, ProposedOn: on, ProposedBy: ResolvedByCheck,
			Reason: fmt.Sprintf("order to pay %s lapsed on %s and %d workers are still owed %s under it, which reaches the criminal threshold",
				os[0].ID, os[0].Deadline, workers, unpaid)})
	}
	return out
}
