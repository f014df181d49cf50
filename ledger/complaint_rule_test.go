package ledger

import (
	"strings"
	"testing"
)

// complaint adds complaint cmp_1 to the fixture: by enrolment (a worker's;
// "" one entered for workers unnamed), about periods, received on received
// and in status, decided on decided, with its deadlines.
func complaint(enrolment, received string, status ComplaintStatus, decided, acceptBy, concludeBy string, periods ...string) func(f *CheckFacts) {
	return func(f *CheckFacts) {
		c := ComplaintFact{ID: "cmp_1", EnrolmentID: enrolment, ReceivedOn: mustDate(received), Status: status, AcceptBy: mustDate(acceptBy), Workers: 3}
		if decided != "" {
			c.DecidedOn = mustDate(decided)
		}
		if concludeBy != "" {
			c.ConcludeBy = mustDate(concludeBy)
		}
		if (status == ComplaintRefused || status == ComplaintConcluded) && decided != "" {
			c.ClosedOn = mustDate(decided)
		}
		for _, p := range periods {
			c.Periods = append(c.Periods, MustPeriod(p))
		}
		f.Complaints = append(f.Complaints, c)
	}
}

func both(changes ...func(f *CheckFacts)) func(f *CheckFacts) {
	return func(f *CheckFacts) {
		for _, c := range changes {
			c(f)
		}
	}
}

// complaintCases are complaint_open's cases of TestRules (the fixture's
// night is 20 April 2026; a complaint received on Friday 17 April is to be
// accepted by Friday 24 April, five working days).
func complaintCases() []ruleCase {
	open := func(sev Severity) *want { return &want{"complaint:cmp_1", "", sev, "0.00", 3} }
	awaiting := complaint("enr_b", "2026-04-17", ComplaintReceived, "", "2026-04-24", "", "2026-03")
	return []ruleCase{
		{"a complaint awaiting acceptance, no arrears in the books", RuleComplaintOpen, nil, awaiting, open(SeverityMedium)},
		{"the complainant's wages for its month unpaid in the books", RuleComplaintOpen, nil, both(unpayLine2, awaiting), open(SeverityHigh)},
		{"another worker's wages unpaid, not the complainant's", RuleComplaintOpen, nil,
			both(unpayLine2, complaint("enr_a", "2026-04-17", ComplaintReceived, "", "2026-04-24", "", "2026-03")), open(SeverityMedium)},
		{"unpaid wages of another month than its own", RuleComplaintOpen, nil,
			both(unpayLine2, complaint("enr_b", "2026-04-17", ComplaintReceived, "", "2026-04-24", "", "2026-02")), open(SeverityMedium)},
		{"a complaint for workers unnamed matches any worker's arrears of its month", RuleComplaintOpen, nil,
			both(unpayLine2, complaint("", "2026-04-17", ComplaintReceived, "", "2026-04-24", "", "2026-03")), open(SeverityHigh)},
		{"acceptance overdue", RuleComplaintOpen, nil,
			complaint("enr_b", "2026-04-08", ComplaintReceived, "", "2026-04-15", "", "2026-03"), open(SeverityHigh)},
		{"accepted, to be concluded later", RuleComplaintOpen, nil,
			complaint("enr_b", "2026-01-05", ComplaintAccepted, "2026-01-09", "2026-01-12", "2026-04-30", "2026-03"), open(SeverityMedium)},
		{"accepted, conclusion overdue", RuleComplaintOpen, nil,
			complaint("enr_b", "2026-01-05", ComplaintAccepted, "2026-01-09", "2026-01-12", "2026-04-10", "2026-03"), open(SeverityHigh)},
		{"accepted, conclusion overdue, arrears in the books", RuleComplaintOpen, nil,
			both(unpayLine2, complaint("enr_b", "2026-01-05", ComplaintAccepted, "2026-01-09", "2026-01-12", "2026-04-10", "2026-03")), open(SeverityCritical)},
		{"accepted after the night checked: awaiting acceptance that night", RuleComplaintOpen, nil,
			complaint("enr_b", "2026-04-17", ComplaintAccepted, "2026-04-22", "2026-04-24", "2026-07-20", "2026-03"), open(SeverityMedium)},
		{"concluded: quiet", RuleComplaintOpen, nil,
			both(unpayLine2, complaint("enr_b", "2026-01-05", ComplaintConcluded, "2026-04-18", "2026-01-12", "2026-04-10", "2026-03")), nil},
		{"refused: quiet", RuleComplaintOpen, nil,
			complaint("enr_b", "2026-04-08", ComplaintRefused, "2026-04-15", "2026-04-15", "", "2026-03"), nil},
		{"received after the night: quiet", RuleComplaintOpen, nil,
			complaint("enr_b", "2026-04-21", ComplaintReceived, "", "2026-04-28", "", "2026-03"), nil},
	}
}

// The reasons say where the complaint stands and what the books show, and
// name no complainant; the evidence is the complaint alone, and the
// complaint's arrears alert is raised as before.
func TestComplaintOpenExplainsItselfWithoutTheComplainant(t *testing.T) {
	f := checkFixture()
	both(unpayLine2, complaint("enr_b", "2026-04-08", ComplaintReceived, "", "2026-04-15", "", "2026-03"))(f)
	var open, unpaid *Finding
	found := Evaluate(f, DefaultPolicy(), DefaultCalendar())
	for i := range found {
		switch found[i].Rule {
		case RuleComplaintOpen:
			open = &found[i]
		case RuleWagesUnpaid:
			unpaid = &found[i]
		}
	}
	if open == nil || unpaid == nil {
		t.Fatalf("findings: %+v", found)
	}
	want := "complaint cmp_1, received on 2026-04-08, was to be accepted or refused by 2026-04-15 and is not: overdue; the books show wages unpaid for 2026-03 that it names"
	if got := open.Reason.String(); got != want {
		t.Errorf("reason %q, want %q", got, want)
	}
	if len(open.Evidence) != 1 || open.Evidence[0] != (Evidence{EvidenceComplaint, "cmp_1"}) || strings.Contains(open.Reason.String(), "enr_b") {
		t.Errorf("the complaint's finding names more than the complaint: %+v", open)
	}
	if open.Stream() != StreamCompliance || open.Severity != SeverityCritical || unpaid.Severity != SeverityCritical || unpaid.RuleSeverity != SeverityHigh {
		t.Errorf("complaint %s %s, arrears %s (rules' %s)", open.Stream(), open.Severity, unpaid.Severity, unpaid.RuleSeverity)
	}
}

// The complaint's alert clears when the complaint is concluded or refused,
// saying so; the check alone resolves it (a compliance alert).
func TestComplaintOpenClearsWithTheComplaint(t *testing.T) {
	for _, tc := range []struct {
		status ComplaintStatus
		want   string
	}{
		{ComplaintConcluded, "complaint cmp_1 was concluded on 2026-04-18"},
		{ComplaintRefused, "complaint cmp_1 was refused on 2026-04-18"},
	} {
		f := checkFixture()
		complaint("enr_b", "2026-04-08", tc.status, "2026-04-18", "2026-04-15", "", "2026-03")(f)
		a := Alert{Key: AlertKey{Rule: RuleComplaintOpen, Subject: "complaint:cmp_1"}, Status: AlertAcknowledged}
		why, ok := Clearances(f, DefaultPolicy(), DefaultCalendar()).Cleared(&a)
		if !ok || why.String() != tc.want {
			t.Errorf("%s: cleared %v, %q; want %q", tc.status, ok, why.String(), tc.want)
		}
	}
}
