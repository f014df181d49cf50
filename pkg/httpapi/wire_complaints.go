package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// ComplaintRequest is a complaint an inspector enters for a worker.
type ComplaintRequest struct {
	ProjectID       string   `json:"project_id"`
	EnrolmentID     string   `json:"enrolment_id"`
	ComplainantName string   `json:"complainant_name"`
	Consent         bool     `json:"consent"`
	Summary         string   `json:"summary"`
	Periods         []string `json:"periods"`
	Workers         int      `json:"workers"`
	AmountClaimed   string   `json:"amount_claimed"`
}

// WorkerComplaintRequest is a complaint a worker files from their payslip;
// periods default to the payslip's month, workers to 1.
type WorkerComplaintRequest struct {
	Summary       string   `json:"summary"`
	Periods       []string `json:"periods"`
	Workers       int      `json:"workers"`
	AmountClaimed string   `json:"amount_claimed"`
}

// ComplaintActionRequest is an inspector's decision on a complaint.
type ComplaintActionRequest struct {
	Action string `json:"action"`
	Note   string `json:"note"`
}

// Complainant is who complained: shown to inspectors, never to the employer.
type Complainant struct {
	EnrolmentID string `json:"enrolment_id,omitempty"`
	Name        string `json:"name,omitempty"`
}

// Complaint is a complaint with its deadlines. For a general contractor
// (redacted: true) only the project, months, status and deadlines: who
// complained, the summary, the source, consent, how many workers, the
// amount claimed and the inspector's notes are absent (LSIR Art. 9).
type Complaint struct {
	ID              string        `json:"id"`
	ProjectID       string        `json:"project_id"`
	Source          string        `json:"source,omitempty"`
	Status          string        `json:"status"`
	Redacted        bool          `json:"redacted"`
	Complainant     *Complainant  `json:"complainant,omitempty"`
	Consent         *bool         `json:"consent,omitempty"`
	Summary         string        `json:"summary,omitempty"`
	Periods         []string      `json:"periods"`
	Workers         *int          `json:"workers,omitempty"`
	AmountClaimed   *ledger.Money `json:"amount_claimed,omitempty"`
	ReceivedOn      ledger.Date   `json:"received_on"`
	AcceptBy        ledger.Date   `json:"accept_by"`
	DecidedOn       *ledger.Date  `json:"decided_on,omitempty"`
	ConcludeBy      *ledger.Date  `json:"conclude_by,omitempty"`
	Extended        bool          `json:"extended"`
	ExtensionReason string        `json:"extension_reason,omitempty"`
	ConcludedOn     *ledger.Date  `json:"concluded_on,omitempty"`
	Note            string        `json:"note,omitempty"`
	NextDeadline    *ledger.Date  `json:"next_deadline,omitempty"`
	// DeadlineProvisional: next_deadline falls in (or is counted across) a
	// year whose State Council holiday notice the calendar lacks; it is
	// counted again when the notice is loaded.
	DeadlineProvisional bool `json:"deadline_provisional,omitempty"`
	Overdue             bool `json:"overdue"`
}

// UnpaidMonth is one of the complainant's months with wages unpaid.
type UnpaidMonth struct {
	Period ledger.Period `json:"period"`
	Owed   ledger.Money  `json:"owed"`
	Paid   ledger.Money  `json:"paid"`
	Unpaid ledger.Money  `json:"unpaid"`
}

// ComplaintDetail is a complaint with what it matches in the books: the
// project's open arrears alerts for its months and, for inspectors, the
// complainant's unpaid months.
type ComplaintDetail struct {
	Complaint
	MatchedAlerts []Alert       `json:"matched_alerts"`
	MatchedOrders []Order       `json:"matched_orders"`
	UnpaidMonths  []UnpaidMonth `json:"unpaid_months,omitempty"`
}

func complaintOf(v service.ComplaintView) Complaint {
	out := Complaint{ID: v.ID, ProjectID: v.ProjectID, Source: string(v.Source), Status: string(v.Status), Redacted: v.Redacted,
		Summary: v.Summary, Periods: mapEach(v.Periods, ledger.Period.String),
		ReceivedOn: v.ReceivedOn, AcceptBy: v.AcceptBy, DecidedOn: dateOrNil(v.DecidedOn), ConcludeBy: dateOrNil(v.ConcludeBy), Extended: v.Extended,
		ExtensionReason: v.ExtensionReason, ConcludedOn: dateOrNil(v.ConcludedOn), Note: v.Note, NextDeadline: dateOrNil(v.NextDeadline()),
		DeadlineProvisional: v.DeadlineProvisional, Overdue: v.Overdue}
	if !v.Redacted {
		out.Consent, out.Workers, out.AmountClaimed = &v.Consent, &v.Workers, &v.AmountClaimed
	}
	if !v.Redacted && (v.EnrolmentID != "" || v.ComplainantName != "") {
		out.Complainant = &Complainant{EnrolmentID: v.EnrolmentID, Name: v.ComplainantName}
	}
	return out
}

func complaintDetailOf(d *service.ComplaintDetail) ComplaintDetail {
	out := ComplaintDetail{Complaint: complaintOf(d.ComplaintView), MatchedAlerts: mapEach(d.Match.Alerts, alertOf),
		MatchedOrders: mapEach(d.Match.Orders, orderOf)}
	if !d.Redacted {
		out.UnpaidMonths = mapEach(d.Match.Unpaid, func(a ledger.PeriodAccount) UnpaidMonth {
			return UnpaidMonth{Period: a.Period, Owed: a.Owed, Paid: a.Paid, Unpaid: a.Unpaid}
		})
	}
	return out
}
