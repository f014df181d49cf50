package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// ComplaintView is a complaint as a caller may read it, with whether it is
// overdue today. Redacted, for the general contractor, keeps only what it
// needs to act — the project, the months, the status and deadlines (and,
// in a detail, the matched alerts and orders) — and leaves out who
// complained, in what words, how it was filed, how many workers and how
// much they claim, and the inspector's notes: any of them can name the
// complainant (LSIR Art. 9).
type ComplaintView struct {
	ledger.Complaint
	Overdue  bool
	Redacted bool
	// DeadlineProvisional: the deadline in force falls in (or is counted
	// across) a year whose State Council notice the calendar lacks; it is
	// counted again when the notice is loaded (RecomputeComplaintDeadlines).
	DeadlineProvisional bool
	// Receipt is the receipt code of a complaint a worker has just filed,
	// shown this once; "" otherwise (an inspector's entry, or a replay
	// under the same Idempotency-Key, whose kept answer holds no code).
	Receipt string
}

// ComplaintDetail is one complaint with what it matches in the books.
type ComplaintDetail struct {
	ComplaintView
	Match ledger.ComplaintMatch
}

func (s *Service) viewComplaints(cs []ledger.Complaint, today ledger.Date, redact bool) []ComplaintView {
	out := make([]ComplaintView, len(cs))
	for i, c := range cs {
		out[i] = s.viewComplaint(c, today, redact)
	}
	return out
}

func (s *Service) viewComplaint(c ledger.Complaint, today ledger.Date, redact bool) ComplaintView {
	v := ComplaintView{Complaint: c, Overdue: c.OverdueOn(today), Redacted: redact, DeadlineProvisional: c.DeadlineProvisional(s.calendar())}
	if redact {
		v.EnrolmentID, v.TokenID, v.ComplainantName, v.Summary, v.CreatedBy = "", "", "", "", ""
		v.Source, v.Consent, v.Workers, v.AmountClaimed, v.Note, v.ExtensionReason = "", false, 0, 0, "", ""
	}
	return v
}

// FileComplaint records a complaint an inspector enters for a worker (phone,
// walk-in) with their consent, on a project of the inspector's region.
func (s *Service) FileComplaint(ctx context.Context, projectID string, in ledger.ComplaintInput) (*ComplaintDetail, error) {
	caller := CallerFrom(ctx)
	in.Source = ledger.ComplaintByInspector
	var out *ComplaintDetail
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		st, err := caller.Scope().StandingTo(tx, store.KindProject, projectID)
		if err != nil {
			return err
		}
		if !st.Exists || !st.Visible {
			return &ledger.Error{Code: ledger.EInvalid, Message: "the complaint is not valid", Fields: []ledger.FieldError{
				ledger.FieldErrorf(0, "project_id", "not_found", "project %q is not one of your region's", projectID)}}
		}
		if in.EnrolmentID != "" {
			if _, err := store.GetEnrolment(tx, projectID, in.EnrolmentID); err != nil {
				return &ledger.Error{Code: ledger.EInvalid, Message: "the complaint is not valid", Fields: []ledger.FieldError{
					{Field: "enrolment_id", Code: "not_found", Message: "enrolment_id is not a worker of this project"}}}
			}
		}
		v, err := s.fileComplaint(tx, projectID, in, "")
		if err != nil {
			return err
		}
		out, err = s.complaintDetail(ctx, tx, v.ID)
		return err
	})
	return out, err
}

// FileWorkerComplaint records a complaint a worker files from their payslip
// page: the complainant is the token's enrolment. A new complaint comes
// with its receipt code (ComplaintView.Receipt), shown this once.
func (s *Service) FileWorkerComplaint(ctx context.Context, t *ledger.PayslipToken, in ledger.ComplaintInput) (*ComplaintView, error) {
	in.Source, in.EnrolmentID, in.Consent, in.ComplainantName = ledger.ComplaintByWorker, t.EnrolmentID, true, ""
	var out *ComplaintView
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		v, err := s.fileComplaint(tx, t.ProjectID, in, t.ID)
		out = v
		return err
	})
	return out, err
}

func (s *Service) fileComplaint(tx *store.Tx, projectID string, in ledger.ComplaintInput, tokenID string) (*ComplaintView, error) {
	today := ledger.DateOf(tx.Now)
	c, err := ledger.NewComplaint(in, today, s.calendar())
	if err != nil {
		return nil, err
	}
	// The same words filed again are a complaint of their own, with their
	// own id and receipt code: answering a repeat with the earlier
	// complaint would tell whoever holds the payslip link (the contractor
	// issues it) that this worker complained, when, and under which id
	// (LSIR Art. 9). A request sent twice is one under its Idempotency-Key.
	c.ID, c.ProjectID, c.TokenID, c.CreatedBy = ledger.NewIDIn(ledger.PrefixComplaint, projectID), projectID, tokenID, CallerFrom(tx.Ctx()).ActorName()
	if err := store.InsertComplaint(tx, &c); err != nil {
		return nil, err
	}
	// The audit detail names no complainant: the audit trail is the
	// inspectors', but a record should not carry more than it needs.
	if err := audit(tx, projectID, "complaint.file", c.ID, ledger.M("%s complaint, %d {worker|workers}, claimed %s, accept by %s", c.Source.Label(), c.Workers, c.AmountClaimed, c.AcceptBy),
		map[string]any{"source": c.Source, "periods": in.Periods, "workers": c.Workers, "amount_claimed": in.AmountClaimed}); err != nil {
		return nil, err
	}
	v := s.viewComplaint(c, today, false)
	if tokenID != "" {
		// A worker's own complaint: the receipt code is its only way back.
		if v.Receipt, err = s.issueReceipt(tx, &c); err != nil {
			return nil, err
		}
	}
	return &v, nil
}

// ListComplaints lists the complaints the caller may see (inspectors their
// region's, a general contractor its projects' without the complainant);
// overdueOnly keeps those past a deadline today, selected in the query so
// that a page holds overdue complaints only.
func (s *Service) ListComplaints(ctx context.Context, f store.ComplaintFilter, overdueOnly bool) ([]ComplaintView, error) {
	caller := CallerFrom(ctx)
	f.Scope = caller.Scope()
	if !caller.SeesComplaints() {
		f.EnrolmentID = ""
	}
	today := ledger.DateOf(s.DB.Now())
	if overdueOnly {
		f.OverdueOn = today
	}
	cs, err := store.ListComplaints(s.DB.Reader(ctx), f)
	if err != nil {
		return nil, err
	}
	return s.viewComplaints(cs, today, !caller.SeesComplaints()), nil
}

// GetComplaint reads one complaint with its match to the project's open
// arrears alerts and to the complainant's unpaid months. The caller's
// access is the router's to check (Standing); a contractor gets it redacted.
func (s *Service) GetComplaint(ctx context.Context, id string) (*ComplaintDetail, error) {
	return s.complaintDetail(ctx, s.DB.Reader(ctx), id)
}

func (s *Service) complaintDetail(ctx context.Context, q store.Querier, id string) (*ComplaintDetail, error) {
	c, err := store.GetComplaint(q, id)
	if err != nil {
		return nil, err
	}
	alerts, err := store.ProjectAlerts(q, c.ProjectID)
	if err != nil {
		return nil, err
	}
	orders, err := store.OrdersForMonths(q, c.ProjectID, c.Periods)
	if err != nil {
		return nil, err
	}
	var months []ledger.PeriodAccount
	redact := !CallerFrom(ctx).SeesComplaints()
	if c.EnrolmentID != "" && !redact {
		acct, _, err := workerAccount(q, c.ProjectID, c.EnrolmentID)
		if err != nil {
			return nil, err
		}
		months = acct.Periods
	}
	m := ledger.MatchComplaint(*c, alerts, orders, months)
	for i := range m.Orders {
		m.Orders[i] = s.withProvisional(m.Orders[i])
	}
	if redact {
		for i := range m.Alerts {
			m.Alerts[i], _ = ledger.ForContractor(m.Alerts[i], nil)
		}
	}
	return &ComplaintDetail{ComplaintView: s.viewComplaint(*c, ledger.DateOf(s.DB.Now()), redact), Match: m}, nil
}

// ActOnComplaint applies an inspector's decision (accept, refuse, extend,
// conclude): the state machine in ledger decides, the complaint is written
// with the audit record naming the inspector, in one transaction.
func (s *Service) ActOnComplaint(ctx context.Context, id string, action ledger.ComplaintAction, note string) (*ComplaintDetail, error) {
	var out *ComplaintDetail
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		was, err := store.GetComplaint(tx, id)
		if err != nil {
			return err
		}
		on := ledger.DateOf(tx.Now)
		c, err := ledger.DecideComplaintAction(*was, ledger.ComplaintActionInput{Action: action, Note: note, On: on}, s.calendar())
		if err != nil {
			return err
		}
		// An extension keeps its day and the deadline it replaced, by which
		// the nights before it are judged (a re-run of one included).
		c = ledger.RecordExtension(*was, c, on)
		if err := store.UpdateComplaint(tx, &c, *was); err != nil {
			return err
		}
		if err := audit(tx, c.ProjectID, "complaint."+string(action), c.ID, ledger.Verbatim(note), map[string]string{"action": string(action), "note": note}); err != nil {
			return err
		}
		out, err = s.complaintDetail(ctx, tx, id)
		return err
	})
	return out, err
}
