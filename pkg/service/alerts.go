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
}

// ListAlerts lists the alerts the caller may see: an inspector its region's
// projects', a general contractor its projects'.
func (s *Service) ListAlerts(ctx context.Context, f store.AlertFilter) ([]ledger.Alert, error) {
	f.Scope = CallerFrom(ctx).Scope()
	return store.ListAlerts(s.DB.Reader(ctx), f)
}

// GetAlert reads one alert with its history. The caller's access to it is
// the router's to check (Standing).
func (s *Service) GetAlert(ctx context.Context, id string) (*AlertDetail, error) {
	return getAlert(s.DB.Reader(ctx), id)
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
		if err := s.writeAlertAction(tx, a, &changed, event, in); err != nil {
			return err
		}
		if err := audit(tx, a.ProjectID, "alert."+string(in.Action), a.ID, event.Note, map[string]string{
			"action": string(in.Action), "note": in.Note, "deadline": changed.Deadline.String()}); err != nil {
			return err
		}
		out, err = getAlert(tx, id)
		return err
	})
	return out, err
}

// writeAlertAction writes an action's alert and history. An
// order_rectification on an arrears alert about an employer is an order to
// pay (issueOrder, which writes the alert); escalating proposes the
// employer for the dishonesty list.
func (s *Service) writeAlertAction(tx *store.Tx, a, changed *ledger.Alert, event ledger.AlertEvent, in ledger.AlertActionInput) error {
	if in.Action == ledger.ActionOrderRectification && ledger.Orderable(*a) {
		_, err := s.issueOrder(tx, a, ledger.PayOrderInput{Deadline: in.Deadline, Note: in.Note})
		return err
	}
	if err := store.UpdateAlert(tx, changed); err != nil {
		return err
	}
	if err := store.InsertAlertEvents(tx, []ledger.AlertEvent{event}); err != nil {
		return err
	}
	if in.Action == ledger.ActionEscalate {
		return proposeEscalation(tx, changed, event)
	}
	return nil
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
	return store.ProposeCandidates(tx, []ledger.BlacklistCandidate{ledger.EscalationCandidate(a, employer, event.Note, event.Actor, event.On)})
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
