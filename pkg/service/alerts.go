package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// AlertDetail is one alert with its history.
type AlertDetail struct {
	ledger.Alert
	History []ledger.AlertEvent
	// OrderID is the order to pay an order_rectification just issued.
	OrderID string
}

// ListAlerts lists the alerts the caller may see: an inspector its region's
// projects', a general contractor its projects'.
func (s *Service) ListAlerts(ctx context.Context, f store.AlertFilter) ([]ledger.Alert, error) {
	c := CallerFrom(ctx)
	f.Scope = c.Scope()
	alerts, err := store.ListAlerts(s.DB.Reader(ctx), f)
	if err != nil || c.SeesComplaints() {
		return alerts, err
	}
	for i := range alerts {
		alerts[i], _ = ledger.ForContractor(alerts[i], nil)
	}
	return alerts, nil
}

// SeesComplaints reports whether the caller may read that a complaint was
// made: inspectors and administrators. Contractors (the employer, the
// general contractor) and banks never do (LSIR Art. 9).
func (c Caller) SeesComplaints() bool { return ledger.SeesComplaints(c.Role) }

// GetAlert reads one alert with its history. The caller's access to it is
// the router's to check (Standing).
func (s *Service) GetAlert(ctx context.Context, id string) (*AlertDetail, error) {
	d, err := getAlert(s.DB.Reader(ctx), id)
	if err != nil || CallerFrom(ctx).SeesComplaints() {
		return d, err
	}
	d.Alert, d.History = ledger.ForContractor(d.Alert, d.History)
	return d, nil
}

func getAlert(q store.Querier, id string) (*AlertDetail, error) {
	a, err := store.GetAlert(q, id)
	if err != nil {
		return nil, err
	}
	h, err := store.AlertHistory(q, a.ProjectID, a.ID)
	if err != nil {
		return nil, err
	}
	return &AlertDetail{Alert: *a, History: h}, nil
}

// ActOnAlert applies an inspector's action to an alert: the state machine in
// ledger decides, the alert and its history are written with the audit
// record naming the inspector, in one transaction. Escalating puts the
// employer the alert holds responsible on the blacklist-candidate list.
func (s *Service) ActOnAlert(ctx context.Context, id string, in ledger.AlertActionInput) (*AlertDetail, error) {
	var out *AlertDetail
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		a, err := store.GetAlert(tx, id)
		if err != nil {
			return err
		}
		in.Actor, in.On = CallerFrom(ctx).ActorName(), ledger.DateOf(tx.Now)
		changed, event, err := ledger.DecideAlertAction(*a, in)
		if err != nil {
			return err
		}
		order, err := s.writeAlertAction(tx, a, &changed, event, in)
		if err != nil {
			return err
		}
		// An order to pay is audited once, as the order it is (order.issue).
		if order == "" {
			if err := audit(tx, a.ProjectID, "alert."+string(in.Action), a.ID, event.NoteText(), map[string]string{
				"action": string(in.Action), "note": in.Note, "deadline": changed.Deadline.String()}); err != nil {
				return err
			}
		}
		if out, err = getAlert(tx, id); err == nil {
			out.OrderID = order
		}
		return err
	})
	return out, err
}

// writeAlertAction writes an action's alert and history. An
// order_rectification on an arrears alert about an employer is an order to
// pay (issueOrder, which writes and audits the alert and the order, and
// whose ID it returns); escalating proposes the employer for the
// dishonesty list.
func (s *Service) writeAlertAction(tx *store.Tx, a, changed *ledger.Alert, event ledger.AlertEvent, in ledger.AlertActionInput) (string, error) {
	if in.Action == ledger.ActionOrderRectification && ledger.Orderable(*a) {
		o, err := s.issueOrder(tx, a, ledger.PayOrderInput{Deadline: in.Deadline, Note: in.Note})
		if err != nil {
			return "", err
		}
		return o.ID, nil
	}
	if err := store.UpdateAlert(tx, changed); err != nil {
		return "", err
	}
	if err := store.InsertAlertEvents(tx, []ledger.AlertEvent{event}, []string{a.ProjectID}); err != nil {
		return "", err
	}
	if in.Action == ledger.ActionEscalate {
		return "", proposeEscalation(tx, changed, event)
	}
	return "", nil
}

// proposeEscalation proposes the employer an escalated alert holds
// responsible (ledger.CandidateEmployer) for the dishonesty list, with the
// inspector's note as the reason.
func proposeEscalation(tx *store.Tx, a *ledger.Alert, event ledger.AlertEvent) error {
	p, err := store.GetProject(tx, a.ProjectID)
	if err != nil {
		return err
	}
	enrolmentEmployer := ""
	if s, _ := ledger.ParseSubject(a.Key.Subject); s.Kind == ledger.SubjectEnrolment {
		if e, err := store.GetEnrolment(tx, a.ProjectID, s.ID); err == nil {
			enrolmentEmployer = e.EmployerID
		} else if ledger.ErrorCode(err) != ledger.ENotFound {
			return err
		}
	}
	employer := ledger.CandidateEmployer(a, p, enrolmentEmployer)
	return store.ProposeCandidates(tx, []ledger.BlacklistCandidate{ledger.EscalationCandidate(a, employer, event.NoteText(), event.Actor, event.On)})
}

// BlacklistCandidates lists the employers proposed for the dishonesty list
// on projects the caller sees (an inspector its region's), with every
// proposal and its reason.
func (s *Service) BlacklistCandidates(ctx context.Context, after string, limit int) ([]store.CandidateEmployer, error) {
	return store.ListCandidates(s.DB.Reader(ctx), s.DB.Dialect, CallerFrom(ctx).Scope(), after, limit)
}

// ListCheckRuns lists runs of the nightly check, newest first.
func (s *Service) ListCheckRuns(ctx context.Context, before string, limit int) ([]*store.CheckRun, error) {
	return store.ListCheckRuns(s.DB.Reader(ctx), before, limit)
}

// GetCheckRun reads one run of the nightly check.
func (s *Service) GetCheckRun(ctx context.Context, id string) (*store.CheckRun, error) {
	return store.GetCheckRun(s.DB.Reader(ctx), id)
}
