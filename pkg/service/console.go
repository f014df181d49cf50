package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// The console's reads: what its pages show beyond what the API's routes
// return. Each reads within the caller's scope, as the API does.

// CountAlerts counts the alerts a queue filter selects, by status and
// severity, within the caller's scope.
func (s *Service) CountAlerts(ctx context.Context, f store.AlertFilter) ([]store.AlertCount, error) {
	f.Scope = CallerFrom(ctx).Scope()
	return store.CountAlerts(s.DB.Reader(ctx), f)
}

// OpenAlertsByProject counts the open alerts the caller sees, per project.
func (s *Service) OpenAlertsByProject(ctx context.Context) (map[string]int, error) {
	return store.OpenAlertsByProject(s.DB.Reader(ctx), CallerFrom(ctx).Scope())
}

// ProjectMonths reads a project's owed, paid and allocated amounts for the
// last n months up to this one; a subcontractor's own wages only.
func (s *Service) ProjectMonths(ctx context.Context, projectID string, n int) ([]store.MonthFigures, error) {
	r := s.DB.Reader(ctx)
	_, only, err := projectFor(r, ctx, projectID)
	if err != nil {
		return nil, err
	}
	to := ledger.DateOf(s.DB.Now()).Period()
	from := to
	for range n - 1 {
		from = from.First().AddDays(-1).Period()
	}
	return store.ProjectMonths(r, projectID, only, from, to)
}

// PayrollState is where one payroll stands, for the people who submitted
// it (ledger.PayrollPaymentStateOf).
type PayrollState struct {
	*ledger.Payroll
	State   ledger.PayrollPaymentState
	Payment ledger.PaymentSums
}

// PayrollStates lists a project's payrolls the caller may see (a
// subcontractor its own), newest month first, with their payment state.
func (s *Service) PayrollStates(ctx context.Context, projectID string, limit int) ([]PayrollState, error) {
	pays, err := s.ListPayrolls(ctx, projectID, "", limit)
	if err != nil {
		return nil, err
	}
	sums, err := store.PayrollPayments(s.DB.Reader(ctx), projectID)
	if err != nil {
		return nil, err
	}
	out := make([]PayrollState, len(pays))
	for i, p := range pays {
		pay := sums[p.ID]
		out[i] = PayrollState{Payroll: p, State: pay.State(p.Status), Payment: pay}
	}
	return out, nil
}

// AlertEvidence reads what the records behind an alert say (the lines,
// instructions, bank confirmations and postings it names), for the ones
// given: a page shows a bounded number of them.
func (s *Service) AlertEvidence(ctx context.Context, projectID string, ev []ledger.Evidence) (map[string]store.EvidenceDetail, error) {
	return store.EvidenceDetails(s.DB.Reader(ctx), projectID, ev)
}

// PersonEnrolments lists the enrolments of a person the caller sees, on
// every project.
func (s *Service) PersonEnrolments(ctx context.Context, workerID string) ([]store.PersonEnrolment, error) {
	return store.PersonEnrolments(s.DB.Reader(ctx), CallerFrom(ctx).Scope(), workerID)
}
