package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// MaxBackTestNights bounds one back-test: a year of nights.
const MaxBackTestNights = 366

// BackTestNight is what a proposed policy would change on one night of one
// project.
type BackTestNight struct {
	Night     ledger.Date
	ProjectID string
	Diff      ledger.FindingDiff
}

// BackTest replays the nights from through to with a proposed policy and
// reports, night by night and project by project, which alerts it would open
// or close compared with the policy the service runs, on the same facts
// taken as of each night. It writes nothing.
func (s *Service) BackTest(ctx context.Context, from, to ledger.Date, proposed *ledger.Policy) ([]BackTestNight, error) {
	switch {
	case from.IsZero() || to.IsZero() || to.Before(from):
		return nil, ledger.Errorf(ledger.EInvalid, "a back-test needs --from and --to, from not after to")
	case to.After(ledger.DateOf(s.DB.Now())):
		return nil, ledger.Errorf(ledger.EInvalid, "--to %s is after today: a night is replayed once it has come", to)
	case from.AddDays(MaxBackTestNights).Before(to):
		return nil, ledger.Errorf(ledger.EInvalid, "a back-test covers at most %d nights", MaxBackTestNights)
	}
	q := s.DB.Reader(ctx)
	projects, err := store.CheckProjects(q, to)
	if err != nil {
		return nil, err
	}
	var out []BackTestNight
	nights := map[ledger.Date]*night{} // each night reads a contractor once
	for _, p := range projects {
		alerts, err := store.ProjectAlerts(q, p.ID)
		if err != nil {
			return nil, err
		}
		for night := from; !night.After(to); night = night.AddDays(1) {
			if p.StartedOn.After(night) {
				continue
			}
			if nights[night] == nil {
				nights[night] = newNight("", night)
			}
			facts, err := s.checkFacts(q, p, nights[night])
			if err != nil {
				return nil, err
			}
			facts.Orders = ledger.PayOrders(alerts)
			d := ledger.DiffFindings(ledger.Evaluate(facts, s.policy(), s.calendar()), ledger.Evaluate(facts, proposed, s.calendar()))
			if !d.Empty() {
				out = append(out, BackTestNight{Night: night, ProjectID: p.ID, Diff: d})
			}
		}
	}
	return out, nil
}
