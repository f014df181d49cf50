package httpapi

import (
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// Alert is one alert of the nightly check as listed.
type Alert struct {
	ID           string       `json:"id"`
	Rule         string       `json:"rule"`
	Stream       string       `json:"stream"`
	Severity     string       `json:"severity"`
	Status       string       `json:"status"`
	ProjectID    string       `json:"project_id"`
	Subject      string       `json:"subject"`
	Period       string       `json:"period"` // "" for a standing condition (a card, the allocations, a guarantee)
	AmountAtRisk ledger.Money `json:"amount_at_risk"`
	Headcount    int          `json:"headcount"`
	Reason       Text         `json:"reason"`
	// ComplaintRaise says which complaints raised the severity one level:
	// shown to inspectors only (LSIR Art. 9), absent for everyone else.
	ComplaintRaise *Text        `json:"complaint_raise,omitempty"`
	FirstSeenOn    ledger.Date  `json:"first_seen_on"`
	LastSeenOn     ledger.Date  `json:"last_seen_on"`
	Deadline       *ledger.Date `json:"deadline,omitempty"`
	ResolvedOn     *ledger.Date `json:"resolved_on,omitempty"`
	ResolvedBy     string       `json:"resolved_by,omitempty"`
	Resolution     *Text        `json:"resolution,omitempty"`
}

// AlertDetail is one alert with the records behind it and its history.
type AlertDetail struct {
	Alert
	Evidence []AlertEvidence `json:"evidence"`
	History  []AlertEvent    `json:"history"`
	// OrderID names the order to pay an order_rectification just issued.
	OrderID string `json:"order_id,omitempty"`
}

// AlertEvidence names one record behind an alert.
type AlertEvidence struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

// AlertEvent is one entry of an alert's history.
type AlertEvent struct {
	On       ledger.Date  `json:"on"`
	Kind     string       `json:"kind"`
	Actor    string       `json:"actor"`
	Note     *Text        `json:"note,omitempty"`
	Severity string       `json:"severity,omitempty"`
	Amount   ledger.Money `json:"amount"`
	// Deadline is the rectification deadline the entry set (an order's,
	// or a moved deadline's new date), PreviousDeadline a moved one's
	// date before; both absent on other entries.
	Deadline         *ledger.Date `json:"deadline,omitempty"`
	PreviousDeadline *ledger.Date `json:"previous_deadline,omitempty"`
}

// AlertActionRequest is an inspector's action on an alert.
type AlertActionRequest struct {
	Action   string       `json:"action"`
	Note     string       `json:"note"`
	Deadline *ledger.Date `json:"deadline"`
}

func (r AlertActionRequest) input() ledger.AlertActionInput {
	in := ledger.AlertActionInput{Action: ledger.AlertAction(r.Action), Note: r.Note}
	if r.Deadline != nil {
		in.Deadline = *r.Deadline
	}
	return in
}

// optionalText is m as an answer's sentence, nil when nothing was stored.
func optionalText(stored string, m ledger.Msg) *Text {
	if stored == "" {
		return nil
	}
	t := textOf(m)
	return &t
}

func datePtr(d ledger.Date) *ledger.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}

func alertOf(a ledger.Alert) Alert {
	var raise *Text
	if m, ok := ledger.ComplaintRaise(a); ok {
		t := textOf(m)
		raise = &t
	}
	return Alert{ComplaintRaise: raise, ID: a.ID, Rule: string(a.Key.Rule), Stream: string(a.Stream()), Severity: string(a.Severity), Status: string(a.Status),
		ProjectID: a.ProjectID, Subject: a.Key.Subject, Period: a.Key.Period, AmountAtRisk: a.AmountAtRisk, Headcount: a.Headcount,
		Reason: textOf(a.ReasonText()), FirstSeenOn: a.FirstSeenOn, LastSeenOn: a.LastSeenOn, Deadline: datePtr(a.Deadline),
		ResolvedOn: datePtr(a.ResolvedOn), ResolvedBy: a.ResolvedBy, Resolution: optionalText(a.Resolution, a.ResolutionText())}
}

func alertDetailOf(d *service.AlertDetail) AlertDetail {
	return AlertDetail{Alert: alertOf(d.Alert), OrderID: d.OrderID,
		Evidence: mapEach(d.Evidence, func(e ledger.Evidence) AlertEvidence { return AlertEvidence{Kind: string(e.Kind), Ref: e.Ref} }),
		History: mapEach(d.History, func(e ledger.AlertEvent) AlertEvent {
			return AlertEvent{On: e.On, Kind: string(e.Kind), Actor: e.Actor, Note: optionalText(e.Note, e.NoteText()), Severity: string(e.Severity), Amount: e.Amount,
				Deadline: datePtr(e.Deadline), PreviousDeadline: datePtr(e.PreviousDeadline)}
		})}
}

// CheckRequest asks for the nightly check of one night.
type CheckRequest struct {
	AsOf ledger.Date `json:"as_of"`
}

// CheckRun is one run of the nightly check with what it did per rule.
type CheckRun struct {
	ID         string                `json:"id"`
	AsOf       ledger.Date           `json:"as_of"`
	Status     string                `json:"status"`
	StartedBy  string                `json:"started_by"`
	StartedAt  time.Time             `json:"started_at"`
	FinishedAt *time.Time            `json:"finished_at,omitempty"`
	DurationMS int64                 `json:"duration_ms"`
	Projects   int                   `json:"projects"`
	Counts     map[string]RuleCounts `json:"counts"` // every rule, by name
	// CostUS is what the run spent, in microseconds summed over its
	// workers: "read.<facts>", "rule.<rule>", "plan" and "write".
	CostUS map[string]int64 `json:"cost_us"`
	// Error is why a failed or abandoned run stopped, in the reader's language.
	Error *Text `json:"error,omitempty"`
}

// RuleCounts are what a run did to one rule's alerts.
type RuleCounts struct {
	Found    int `json:"found"`
	Opened   int `json:"opened"`
	Updated  int `json:"updated"`
	Resolved int `json:"resolved"`
	Reopened int `json:"reopened"`
}

func checkRunOf(r *store.CheckRun) CheckRun {
	out := CheckRun{ID: r.ID, AsOf: r.AsOf, Status: r.Status, StartedBy: r.StartedBy, StartedAt: r.StartedAt,
		DurationMS: r.Duration.Milliseconds(), Projects: r.Projects, Counts: map[string]RuleCounts{}, Error: optionalText(r.Error, r.ErrorText())}
	if !r.FinishedAt.IsZero() {
		out.FinishedAt = &r.FinishedAt
	}
	out.CostUS = map[string]int64{"plan": r.Timings.Plan.Microseconds(), "write": r.Timings.Write.Microseconds()}
	for name, d := range r.Timings.Reads {
		out.CostUS["read."+name] = d.Microseconds()
	}
	for rule, d := range r.Timings.Rules {
		out.CostUS["rule."+string(rule)] = d.Microseconds()
	}
	for _, rule := range ledger.Rules {
		c := RuleCounts{}
		if x := r.Counts[rule]; x != nil {
			c = RuleCounts{Found: x.Found, Opened: x.Opened, Updated: x.Updated, Resolved: x.Resolved, Reopened: x.Reopened}
		}
		out.Counts[string(rule)] = c
	}
	return out
}

// CandidateEmployer is one employer proposed for the dishonesty list, with
// every proposal the caller may see, oldest first.
type CandidateEmployer struct {
	EmployerID   string              `json:"employer_id"`
	EmployerName string              `json:"employer_name"`
	Proposals    []CandidateProposal `json:"proposals"`
}

// CandidateProposal is one reason an employer is a candidate: an alert an
// inspector escalated, or the check's blacklist_candidate finding.
type CandidateProposal struct {
	ProjectID  string       `json:"project_id"`
	AlertID    string       `json:"alert_id"`
	Source     string       `json:"source"`
	Rule       string       `json:"rule"`
	Reason     Text         `json:"reason"`
	Amount     ledger.Money `json:"amount"`
	Headcount  int          `json:"headcount"`
	ProposedOn ledger.Date  `json:"proposed_on"`
	ProposedBy string       `json:"proposed_by"`
}

func candidateEmployerOf(e store.CandidateEmployer) CandidateEmployer {
	return CandidateEmployer{EmployerID: e.EmployerID, EmployerName: e.EmployerName,
		Proposals: mapEach(e.Proposals, func(c ledger.BlacklistCandidate) CandidateProposal {
			return CandidateProposal{ProjectID: c.ProjectID, AlertID: c.AlertID, Source: string(c.Source), Rule: string(c.Rule), Reason: textOf(c.ReasonText()),
				Amount: c.Amount, Headcount: c.Headcount, ProposedOn: c.ProposedOn, ProposedBy: c.ProposedBy}
		})}
}
