package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The check site's project started on 1 January 2025 with a contract of
// ¥100,000,000: it must hold ¥1,000,000 (1%), lodged within 20 working days.
const required = "1000000.00"

// openAlerts are the project's alerts of rule that are not resolved.
func (s *checkSite) openAlerts(t *testing.T, rule ledger.Rule) []ledger.Alert {
	t.Helper()
	alerts, err := store.ProjectAlerts(s.db.Reader(context.Background()), s.project)
	if err != nil {
		t.Fatal(err)
	}
	var out []ledger.Alert
	for _, a := range alerts {
		if a.Key.Rule == rule && a.Status != ledger.AlertResolved {
			out = append(out, a)
		}
	}
	return out
}

// one is the only open alert of rule, with the severity and amount wanted.
func (s *checkSite) one(t *testing.T, rule ledger.Rule, severity ledger.Severity, amount string) ledger.Alert {
	t.Helper()
	got := s.openAlerts(t, rule)
	if len(got) != 1 || got[0].Severity != severity || got[0].AmountAtRisk != ledger.MustMoney(amount) {
		t.Fatalf("%s: want one %s alert of %s, got %+v", rule, severity, amount, got)
	}
	return got[0]
}

func (s *checkSite) quiet(t *testing.T, rule ledger.Rule) {
	t.Helper()
	if got := s.openAlerts(t, rule); len(got) != 0 {
		t.Fatalf("%s: want none open, got %+v", rule, got)
	}
}

func TestCheckGuaranteeMissing(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		s.run(t, "2025-07-01")
		s.one(t, ledger.RuleGuaranteeMissing, ledger.SeverityHigh, required) // sized by the policy, as GET /projects/{id}/guarantee
		s.quiet(t, ledger.RuleGuaranteeShort)                                // nothing lodged is missing, not short
		s.lodge(t, "CASH-1", required, "2025-07-02", "")
		s.run(t, "2025-07-02")
		s.quiet(t, ledger.RuleGuaranteeMissing)
		s.quiet(t, ledger.RuleGuaranteeShort)
	})
}

func TestCheckGuaranteeShort(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		first := s.lodge(t, "CASH-1", "400000.00", "2025-01-10", "")
		s.run(t, "2025-07-01")
		s.quiet(t, ledger.RuleGuaranteeMissing)
		short := s.one(t, ledger.RuleGuaranteeShort, ledger.SeverityMedium, "600000.00")
		if len(short.Evidence) != 1 || short.Evidence[0] != (ledger.Evidence{Kind: ledger.EvidenceGuarantee, Ref: first}) {
			t.Fatalf("evidence %+v", short.Evidence)
		}
		s.lodge(t, "LETTER-1", "600000.00", "2025-07-02", "2026-12-31")
		s.run(t, "2025-07-02")
		s.quiet(t, ledger.RuleGuaranteeShort)
	})
}

func TestCheckGuaranteeExpiring(t *testing.T) {
	eachWithClock(t, time.Date(2025, 8, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		letter := s.lodge(t, "LETTER-1", required, "2025-01-10", "2025-08-01")
		s.run(t, "2025-06-20") // 42 days before it ends
		s.quiet(t, ledger.RuleGuaranteeExpiring)
		s.run(t, "2025-07-10") // within 30 days
		if a := s.one(t, ledger.RuleGuaranteeExpiring, ledger.SeverityHigh, required); a.Key.Subject != "guarantee:"+letter {
			t.Fatalf("subject %q", a.Key.Subject)
		}
		s.run(t, "2025-08-05") // ended, nothing in its place
		s.one(t, ledger.RuleGuaranteeExpiring, ledger.SeverityCritical, required)
		s.lodge(t, "LETTER-2", required, "2025-08-06", "2026-12-31")
		s.run(t, "2025-08-06") // replaced
		s.quiet(t, ledger.RuleGuaranteeExpiring)
	})
}

// A drawdown leaves the guarantee short; the contractor has the working days
// the drawdown recorded to top it up, and after them topup_overdue opens.
func TestCheckTopUpOverdue(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		g := s.lodge(t, "CASH-1", required, "2025-01-10", "")
		clock.Advance(10 * 24 * time.Hour) // 20 July: the June wages are late; an inspector draws on the guarantee
		inspector := service.WithCaller(context.Background(), service.System)
		res, err := s.svc.DrawGuarantee(inspector, g, ledger.DrawdownInput{Amount: ledger.MustMoney("5000"), DecisionRef: "京人社监 2025-1",
			Payees: []ledger.DrawdownPayee{{EnrolmentID: s.ins[0].EnrolmentID, Amount: ledger.MustMoney("5000")}}})
		if err != nil {
			t.Fatal(err)
		}
		topUpBy := res.Drawdown.TopUpBy
		clock.Advance(30 * 24 * time.Hour)
		s.run(t, topUpBy.String()) // the last day to top up
		s.quiet(t, ledger.RuleTopupOverdue)
		s.run(t, topUpBy.AddDays(1).String())
		a := s.one(t, ledger.RuleTopupOverdue, ledger.SeverityHigh, "5000.00")
		// One alert per project (issue 14), naming the drawdown and the guarantee.
		if a.Key.Subject != "project:"+s.project || len(a.Evidence) != 2 || a.Evidence[0] != (ledger.Evidence{Kind: ledger.EvidenceDrawdown, Ref: res.Drawdown.ID}) ||
			a.Evidence[1] != (ledger.Evidence{Kind: ledger.EvidenceGuarantee, Ref: g}) {
			t.Fatalf("alert %+v", a)
		}
	})
}

// TestCheckTopUpClearsTopUpOverdue: a top-up lodged after the deadline
// restores the guarantee, and the next night resolves topup_overdue naming
// the top-up (the check reads guarantee_topups, not only expiry or release).
func TestCheckTopUpClearsTopUpOverdue(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		g := s.lodge(t, "CASH-1", required, "2025-01-10", "")
		clock.Advance(10 * 24 * time.Hour)
		inspector := service.WithCaller(context.Background(), service.System)
		res, err := s.svc.DrawGuarantee(inspector, g, ledger.DrawdownInput{Amount: ledger.MustMoney("5000"), DecisionRef: "京人社监 2025-2",
			Payees: []ledger.DrawdownPayee{{EnrolmentID: s.ins[0].EnrolmentID, Amount: ledger.MustMoney("5000")}}})
		if err != nil {
			t.Fatal(err)
		}
		late := res.Drawdown.TopUpBy.AddDays(1)
		clock.Advance(30 * 24 * time.Hour)
		s.run(t, late.String())
		s.one(t, ledger.RuleTopupOverdue, ledger.SeverityHigh, "5000.00")
		// Topped up in part: still short, still open.
		if _, err := s.svc.TopUpGuarantee(inspector, g, ledger.TopUpInput{Amount: ledger.MustMoney("2000"), Reference: "TU-1", On: late.AddDays(1)}); err != nil {
			t.Fatal(err)
		}
		s.run(t, late.AddDays(1).String())
		s.one(t, ledger.RuleTopupOverdue, ledger.SeverityHigh, "3000.00")
		up, err := s.svc.TopUpGuarantee(inspector, g, ledger.TopUpInput{Amount: ledger.MustMoney("3000"), Reference: "TU-2", On: late.AddDays(2)})
		if err != nil {
			t.Fatal(err)
		}
		run := s.run(t, late.AddDays(2).String())
		if c := counts(run, ledger.RuleTopupOverdue); c.Resolved != 1 {
			t.Fatalf("counts %+v", c)
		}
		s.quiet(t, ledger.RuleTopupOverdue)
		a := s.alert(t, ledger.RuleTopupOverdue)
		if a.Status != ledger.AlertResolved || !strings.Contains(a.ResolutionText().String(), up.TopUp.ID) {
			t.Fatalf("alert %+v", a)
		}
	})
}
