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

// BackTest replays the nights from through to under the policy in force
// (the service's) and under a proposed policy, on the same facts taken as of
// each night and over the same alerts (as recorded the night before,
// rebuilt from their history: ledger.AlertsAsOf), and reports, night by
// night and project by project, which alerts the proposed policy would open
// or close compared with the policy in force (ledger.ReplayNight). An
// inspector's action or a fact recorded late is the same in both runs, so
// it is no difference; the policy in force replayed against itself gives
// none. A difference is told on the night it first appears. The nights must
// have a record: from is not before the first checked night. It writes
// nothing.
func (s *Service) BackTest(ctx context.Context, from, to ledger.Date, proposed *ledger.Policy) ([]BackTestNight, error) {
	switch {
	case from.IsZero() || to.IsZero() || to.Before(from):
		return nil, ledger.Errorf(ledger.EInvalid, "a back-test needs --from and --to, from not after to")
	case to.After(ledger.DateOf(s.DB.Now())):
		return nil, ledger.Errorf(ledger.EInvalid, "--to %s is after today: a night is replayed once it has come", to)
	case from.AddDays(MaxBackTestNights).Before(to):
		return nil, ledger.Errorf(ledger.EInvalid, "a back-test covers at most %d {night|nights}", MaxBackTestNights)
	}
	q := s.DB.Reader(ctx)
	first, err := store.FirstCheckedDate(q)
	if err != nil {
		return nil, err
	}
	switch {
	case first.IsZero():
		return nil, ledger.Errorf(ledger.EInvalid, "no night has been checked yet: a back-test compares with the alerts recorded on each night")
	case from.Before(first):
		return nil, ledger.Errorf(ledger.EInvalid, "--from %s is before the first checked night, %s: a back-test compares with the alerts recorded on each night",
			from, first)
	}
	projects, err := store.CheckProjects(q, to)
	if err != nil {
		return nil, err
	}
	var out []BackTestNight
	nights := map[ledger.Date]*night{} // each night reads a contractor once
	for _, p := range projects {
		got, err := s.backTestProject(q, p, from, to, proposed, nights)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

// backTestProject replays one project's nights.
func (s *Service) backTestProject(q store.Querier, p *ledger.Project, from, to ledger.Date, proposed *ledger.Policy,
	nights map[ledger.Date]*night) ([]BackTestNight, error) {
	alerts, err := store.ProjectAlerts(q, p.ID)
	if err != nil {
		return nil, err
	}
	history, err := store.ProjectAlertHistory(q, p.ID)
	if err != nil {
		return nil, err
	}
	var out []BackTestNight
	var told ledger.FindingDiff
	for d := from; !d.After(to); d = d.AddDays(1) {
		if p.StartedOn.After(d) {
			continue
		}
		if nights[d] == nil {
			nights[d] = newNight("", d)
		}
		facts, err := s.checkFacts(q, p, nights[d])
		if err != nil {
			return nil, err
		}
		before := ledger.AlertsAsOf(alerts, history, d.AddDays(-1))
		facts.Orders = ledger.PayOrders(before)
		var now, then ledger.NightUnder
		now.Findings, now.Cleared = ledger.EvaluateWith(facts, s.policy(), s.calendar(), nil)
		then.Findings, then.Cleared = ledger.EvaluateWith(facts, proposed, s.calendar(), nil)
		diff := ledger.ReplayNight(p.ID, before, d, now, then)
		if news := diff.Without(told); !news.Empty() {
			out = append(out, BackTestNight{Night: d, ProjectID: p.ID, Diff: news})
		}
		told = diff
	}
	return out, nil
}
