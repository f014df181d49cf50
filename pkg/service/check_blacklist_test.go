package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// events counts an alert's history entries of kind.
func (s *checkSite) events(t *testing.T, a ledger.Alert, kind ledger.AlertEventKind) int {
	t.Helper()
	h, err := store.AlertHistory(s.db.Reader(context.Background()), a.ProjectID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range h {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// TestLapsedOrderRaisesAndProposes: an order to pay whose deadline lapses
// with the workers unpaid raises the alert's severity once and, the
// (lowered) criminal threshold reached, opens blacklist_candidate and puts
// the employer on the candidate list; escalating proposes it again under
// the inspector's note. Neither the same night twice nor a later night
// repeats anything.
func TestLapsedOrderRaisesAndProposes(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 16, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		pol, err := ledger.ParsePolicy([]byte(`{"params": [{"region": "110000", "from": "2025-01-01", "source": "test",
			"values": {"blacklist.one_worker.months": 1, "blacklist.one_worker.amount": "5000.00"}}]}`))
		if err != nil {
			t.Fatal(err)
		}
		s.svc.Policy = pol
		inspector := service.WithCaller(context.Background(), service.System)
		s.run(t, "2025-07-16")
		unpaid := s.one(t, ledger.RuleWagesUnpaid, ledger.SeverityHigh, "11000.00")
		if _, err := s.svc.ActOnAlert(inspector, unpaid.ID, ledger.AlertActionInput{Action: ledger.ActionOrderRectification,
			Deadline: day("2025-07-20"), Note: "pay by the 20th"}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(10 * 24 * time.Hour)
		s.run(t, "2025-07-20") // the last day of the order
		s.one(t, ledger.RuleWagesUnpaid, ledger.SeverityHigh, "11000.00")
		s.quiet(t, ledger.RuleBlacklistCandidate)

		run := s.run(t, "2025-07-21")
		raised := s.one(t, ledger.RuleWagesUnpaid, ledger.SeverityCritical, "11000.00")
		candidate := s.one(t, ledger.RuleBlacklistCandidate, ledger.SeverityCritical, "11000.00")
		if candidate.Key.Subject != "employer:"+s.gc || counts(run, ledger.RuleBlacklistCandidate).Opened != 1 {
			t.Fatalf("candidate %+v, counts %+v", candidate, run.Counts)
		}
		if _, err := s.svc.ActOnAlert(inspector, raised.ID, ledger.AlertActionInput{Action: ledger.ActionEscalate, Note: "refuses to pay"}); err != nil {
			t.Fatal(err)
		}
		s.run(t, "2025-07-21")
		s.run(t, "2025-07-22")
		if n := s.events(t, s.alert(t, ledger.RuleWagesUnpaid), ledger.EventRaised); n != 1 {
			t.Fatalf("%d severity_raised entries, want 1", n)
		}
		list, err := s.svc.BlacklistCandidates(inspector, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].EmployerID != s.gc || len(list[0].Proposals) != 2 {
			t.Fatalf("candidates %+v", list)
		}
		sources := map[ledger.CandidateSource]string{}
		for _, p := range list[0].Proposals {
			sources[p.Source] = p.AlertID
		}
		if sources[ledger.CandidateCheck] != candidate.ID || sources[ledger.CandidateEscalation] != raised.ID {
			t.Fatalf("proposals %+v", list[0].Proposals)
		}
	})
}
