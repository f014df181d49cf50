package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// Standing tells the authorizer, in one query, how the caller stands to the
// resource of kind named id: whether it exists and is in the caller's scope,
// its project, and the caller's relation to that project (its general
// contractor, a subcontractor, the employer of a payroll or worker).
func (s *Service) Standing(ctx context.Context, kind store.Kind, id string) (store.Standing, error) {
	return CallerFrom(ctx).Scope().StandingTo(s.DB.Reader(ctx), kind, id)
}

// EnrolmentOfWorker is the enrolment a worker ID (wkr_…) stands for where
// an enrolment is asked for: the one that began last on a project the
// caller sees. Not found when there is none.
func (s *Service) EnrolmentOfWorker(ctx context.Context, workerID string) (string, error) {
	id, err := CallerFrom(ctx).Scope().LatestEnrolmentOf(s.DB.Reader(ctx), workerID)
	if err == nil && id == "" {
		err = ledger.Errorf(ledger.ENotFound, "%s %q not found", ledger.M("resource.worker"), workerID)
	}
	return id, err
}
