package ledger

import "testing"

func TestCandidateEmployer(t *testing.T) {
	p := &Project{OwnerID: "org_owner", GeneralContractorID: "org_gc"}
	cases := []struct {
		rule       Rule
		subject    string
		enrolledBy string
		want       string
	}{
		{RuleWagesUnpaid, "employer:org_sub", "", "org_sub"},
		{RuleExitUnsettled, "enrolment:enr_1", "org_sub", "org_sub"},
		{RuleExitUnsettled, "enrolment:enr_gone", "", "org_gc"},
		{RuleAllocationOverdue, "project:prj_1", "", "org_owner"},
		{RuleGuaranteeMissing, "project:prj_1", "", "org_gc"},
		{RuleSharedBankCard, "card:abc", "", "org_gc"},
	}
	for _, c := range cases {
		a := &Alert{Key: AlertKey{Rule: c.rule, Subject: c.subject}}
		if got := CandidateEmployer(a, p, c.enrolledBy); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.rule, c.subject, got, c.want)
		}
	}
}

func TestCheckCandidates(t *testing.T) {
	plan := &AlertPlan{Insert: []Alert{
		{ID: "alr_1", ProjectID: "prj_1", Key: AlertKey{Rule: RuleBlacklistCandidate, Subject: "employer:org_sub"}, Reason: "lapsed", FirstSeenOn: NewDate(2026, 5, 1)},
		{ID: "alr_2", ProjectID: "prj_1", Key: AlertKey{Rule: RuleWagesUnpaid, Subject: "employer:org_sub", Period: "2026-03"}},
	}}
	got := CheckCandidates(plan)
	if len(got) != 1 || got[0].EmployerID != "org_sub" || got[0].AlertID != "alr_1" || got[0].Source != CandidateCheck || got[0].ProposedOn != NewDate(2026, 5, 1) {
		t.Fatalf("%+v", got)
	}
	if len(CheckCandidates(&AlertPlan{Insert: plan.Insert[1:]})) != 0 {
		t.Fatal("a wages_unpaid alert proposed its employer")
	}
}
