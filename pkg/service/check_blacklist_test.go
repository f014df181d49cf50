package service_test

import (
	"context"
	"slices"
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
		// The order's criminal referral reads the same measure: the rule's
		// candidate opens it.
		orders, err := s.svc.ListOrders(inspector, store.PayOrderFilter{AlertID: unpaid.ID})
		if err != nil || len(orders) != 1 {
			t.Fatalf("orders %v %v", orders, err)
		}
		steps, err := s.svc.OrderNextSteps(inspector, orders[0].ID)
		if err != nil || steps[3].Step != ledger.StepCriminalReferral || !steps[3].Available {
			t.Fatalf("the referral with the employer a candidate: %+v %v", steps, err)
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

// The contractor's record is read from the check's own alerts: a project
// the contractor signs after the check found its arrears is sized with the
// arrears raise; one signed before the check ever ran still names the
// arrears history as unchecked.
func TestGuaranteeSizingReadsTheAlertHistory(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 16, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		s.run(t, "2025-07-16") // June's wages unpaid on the contractor's project
		admin := service.WithCaller(context.Background(), service.System)
		later, err := s.svc.CreateProject(admin, ledger.Project{Code: "LATER", Name: "later", RegionCode: "110105", OwnerID: s.owner,
			GeneralContractorID: s.gc, ContractAmount: ledger.MustMoney("100000000"), StartedOn: ledger.NewDate(2025, 7, 20),
			PlannedCompletionOn: ledger.NewDate(2027, 1, 1), PayDay: 15, LabourCostCycle: ledger.Monthly,
			WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: "110099999999"}})
		if err != nil {
			t.Fatal(err)
		}
		steps := func(project string) []ledger.SizingRule {
			cov, err := s.svc.ProjectGuarantee(admin, project)
			if err != nil {
				t.Fatal(err)
			}
			var rules []ledger.SizingRule
			for _, st := range cov.Required.Steps {
				rules = append(rules, st.Rule)
			}
			return rules
		}
		if got := steps(later.ID); !slices.Contains(got, ledger.RuleArrearsRaise) || countRule(got, ledger.RuleRecordUnavailable) != 0 {
			t.Errorf("signed after the arrears: steps %v, want the arrears raise and the whole record read (the blacklist too)", got)
		}
		if got := steps(s.project); slices.Contains(got, ledger.RuleArrearsRaise) || countRule(got, ledger.RuleRecordUnavailable) != 1 {
			t.Errorf("signed before any check: steps %v, want no raise and only the arrears history unchecked", got)
		}
	})
}

func countRule(rules []ledger.SizingRule, r ledger.SizingRule) int {
	n := 0
	for _, x := range rules {
		if x == r {
			n++
		}
	}
	return n
}
