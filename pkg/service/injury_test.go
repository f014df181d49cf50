package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// store.InjuryCoverage is what the statistics read: each project asked for,
// its coverage of the month from the policies that overlap it, in one
// statement; a project without a policy is uncovered, not missing.
func TestInjuryCoverageForStatistics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		other, err := s.svc.CreateProject(s.ctx, ledger.Project{Code: "SITE-2", Name: "site 2", RegionCode: "110105", OwnerID: s.owner,
			GeneralContractorID: s.gc, ContractAmount: ledger.MustMoney("1000000"), StartedOn: day("2025-01-01"), PlannedCompletionOn: day("2027-01-01"),
			PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: "110012345679"}})
		if err != nil {
			t.Fatal(err)
		}
		policy := func(no, from, until string) ledger.InjuryPolicyInput {
			return ledger.InjuryPolicyInput{ProjectID: s.project, Insurer: "社保中心", PolicyNo: no, ValidFrom: day(from), ValidUntil: day(until),
				Basis: ledger.BasisContractValue, ContractValue: ledger.MustMoney("100000000")}
		}
		for _, in := range []ledger.InjuryPolicyInput{policy("A", "2025-01-01", "2025-10-10"), policy("B", "2025-10-21", "2026-10-20")} {
			if r, err := s.svc.RecordInjuryPolicy(s.ctx, in); err != nil || r.Result != "recorded" {
				t.Fatalf("%v %v", r, err)
			}
		}
		// A retry is the same policy; other content under its number is refused.
		if r, err := s.svc.RecordInjuryPolicy(s.ctx, policy("A", "2025-01-01", "2025-10-10")); err != nil || r.Result != "already_recorded" {
			t.Fatalf("retry: %v %v", r, err)
		}
		if _, err := s.svc.RecordInjuryPolicy(s.ctx, policy("A", "2025-01-01", "2025-10-11")); ledger.ErrorCode(err) != ledger.EConflict {
			t.Fatalf("other content: %v", err)
		}
		q := db.Reader(context.Background())
		got, err := store.InjuryCoverage(q, []string{other.ID, s.project, s.project}, ledger.MustPeriod("2025-10"))
		if err != nil {
			t.Fatal(err)
		}
		if c := got[s.project]; c.Whole || c.Days != 21 || strings.Join(c.Policies, ",") != strings.Join(policyIDs(t, s, "A", "B"), ",") {
			t.Errorf("partly covered October: %+v", c)
		}
		if c, ok := got[other.ID]; !ok || c.Days != 0 || c.Whole || len(got) != 2 {
			t.Errorf("uninsured project: %+v (%d projects)", c, len(got))
		}
		if got, _ := store.InjuryCoverage(q, []string{s.project}, ledger.MustPeriod("2025-11")); !got[s.project].Whole {
			t.Errorf("November: %+v", got[s.project])
		}
	})
}

// policyIDs are the IDs of the site's policies with these numbers, in order.
func policyIDs(t *testing.T, s *site, numbers ...string) []string {
	t.Helper()
	ps, err := s.svc.InjuryPolicies(s.ctx, s.project)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range numbers {
		for _, p := range ps {
			if p.PolicyNo == n {
				out = append(out, p.ID)
			}
		}
	}
	return out
}
