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

// extended gives the fixture's complaint an extension decided on on,
// which replaced the deadline to conclude it was.
func extended(on, was string) func(f *CheckFacts) {
	return func(f *CheckFacts) {
		c := &f.Complaints[len(f.Complaints)-1]
		c.ExtendedOn = mustDate(on)
		if was != "" {
			c.ConcludeByBefore = mustDate(was)
		}
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
		// A night is judged by the deadline in force on it: one before the
		// extension was decided by the deadline it replaced, whenever the
		// night is checked.
		{"extended after the night, whose deadline had lapsed: overdue that night", RuleComplaintOpen, nil,
			both(complaint("enr_b", "2026-01-05", ComplaintAccepted, "2026-01-09", "2026-01-12", "2026-05-25", "2026-03"), extended("2026-04-24", "2026-04-10")), open(SeverityHigh)},
		{"extended on the night itself: the extended deadline", RuleComplaintOpen, nil,
			both(complaint("enr_b", "2026-01-05", ComplaintAccepted, "2026-01-09", "2026-01-12", "2026-05-25", "2026-03"), extended("2026-04-20", "2026-04-10")), open(SeverityMedium)},
		{"extended before its deadline lapsed and before the night", RuleComplaintOpen, nil,
			both(complaint("enr_b", "2026-01-05", ComplaintAccepted, "2026-01-09", "2026-01-12", "2026-05-25", "2026-03"), extended("2026-04-08", "2026-04-10")), open(SeverityMedium)},
		{"extended later, arrears in the books: critical that night", RuleComplaintOpen, nil,
			both(unpayLine2, complaint("enr_b", "2026-01-05", ComplaintAccepted, "2026-01-09", "2026-01-12", "2026-05-25", "2026-03"), extended("2026-04-24", "2026-04-10")), open(SeverityCritical)},
		{"extended, the replaced deadline not known (before migration 0040): the current one", RuleComplaintOpen, nil,
			both(complaint("enr_b", "2026-01-05", ComplaintAccepted, "2026-01-09", "2026-01-12", "2026-05-25", "2026-03"), extended("2026-04-24", "")), open(SeverityMedium)},
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

// A night before the extension and a night after it read the deadline each
// was under, in their reasons too.
func TestComplaintOpenReadsTheDeadlineOfItsNight(t *testing.T) {
	c := ComplaintFact{ID: "cmp_1", ReceivedOn: mustDate("2026-01-05"), Status: ComplaintAccepted, DecidedOn: mustDate("2026-01-09"),
		AcceptBy: mustDate("2026-01-12"), ConcludeBy: mustDate("2026-05-25"), ExtendedOn: mustDate("2026-04-24"), ConcludeByBefore: mustDate("2026-04-10"), Workers: 1}
	for _, tc := range []struct {
		night string
		sev   Severity
		why   string
	}{
		{"2026-04-09", SeverityMedium, "complaint cmp_1, accepted on 2026-01-09, is to be concluded by 2026-04-10"},
		{"2026-04-20", SeverityHigh, "complaint cmp_1, accepted on 2026-01-09, was to be concluded by 2026-04-10 and is not: overdue"},
		{"2026-04-24", SeverityMedium, "complaint cmp_1, accepted on 2026-01-09, is to be concluded by 2026-05-25"},
		{"2026-05-26", SeverityHigh, "complaint cmp_1, accepted on 2026-01-09, was to be concluded by 2026-05-25 and is not: overdue"},
	} {
		got := OpenComplaints([]ComplaintFact{c}, nil, mustDate(tc.night))
		if len(got) != 1 || got[0].Severity != tc.sev || got[0].Reason.String() != tc.why {
			t.Errorf("night %s: %+v, want %s %q", tc.night, got, tc.sev, tc.why)
		}
	}
}

// RecordExtension keeps the day of the extension and the deadline it
// replaced, and nothing for another decision or a second read of the same.
func TestRecordExtension(t *testing.T) {
	cal := DefaultCalendar()
	acc := Complaint{Status: ComplaintAccepted, DecidedOn: mustDate("2026-01-09"), ConcludeBy: mustDate("2026-04-10")}
	on := mustDate("2026-04-08") // before the deadline: a later extension is refused
	ext, err := DecideComplaintAction(acc, ComplaintActionInput{Action: ComplaintExtend, Note: "需调取银行流水", On: on}, cal)
	if err != nil {
		t.Fatal(err)
	}
	if got := RecordExtension(acc, ext, on); got.ExtendedOn != on || got.ConcludeByBefore != acc.ConcludeBy || got.ConcludeBy != ext.ConcludeBy {
		t.Errorf("extended: %+v", got)
	}
	kept := RecordExtension(acc, ext, on)
	done, err := DecideComplaintAction(kept, ComplaintActionInput{Action: ComplaintConclude, Note: "已支付", On: mustDate("2026-05-06")}, cal)
	if err != nil {
		t.Fatal(err)
	}
	if got := RecordExtension(kept, done, mustDate("2026-05-06")); got.ExtendedOn != on || got.ConcludeByBefore != acc.ConcludeBy {
		t.Errorf("concluded after the extension: %+v", got)
	}
	if got := RecordExtension(Complaint{Status: ComplaintReceived}, acc, on); !got.ExtendedOn.IsZero() || !got.ConcludeByBefore.IsZero() {
		t.Errorf("accepted: %+v", got)
	}
}

// A complaint's alert an earlier build let an inspector resolve by hand
// comes back the next night that still finds the complaint handled, at the
// severity of that night (here its conclusion deadline lapsed since), where
// another compliance alert resolved by hand stays resolved.
func TestComplaintOpenResolvedByHandReopens(t *testing.T) {
	d := mustDate
	f := checkFixture()
	complaint("enr_b", "2026-01-05", ComplaintAccepted, "2026-01-09", "2026-01-12", "2026-04-21", "2026-03")(f)
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	a := alertFor(t, alerts, RuleComplaintOpen)
	if a.Severity != SeverityMedium {
		t.Fatalf("before the deadline: %+v", a)
	}
	if _, _, err := DecideAlertAction(a, AlertActionInput{Action: ActionResolve, Note: "已电话回复", Actor: "key_insp", On: d("2026-04-20")}); ErrorCode(err) != EConflict {
		t.Fatalf("resolved by hand: %v", err)
	}
	// As an earlier build resolved it.
	for i := range alerts {
		if alerts[i].ID == a.ID {
			alerts[i].Status, alerts[i].ResolvedOn, alerts[i].ResolvedBy, alerts[i].Resolution = AlertResolved, d("2026-04-20"), "key_insp", "已电话回复"
		}
	}
	p := night(f, d("2026-04-22"), alerts)
	if p.Counts[RuleComplaintOpen].Reopened != 1 {
		t.Fatalf("the complaint is still handled: %+v", p.Counts[RuleComplaintOpen])
	}
	if got := alertFor(t, applyPlan(alerts, p), RuleComplaintOpen); got.Status != AlertOpen || got.Severity != SeverityHigh || got.ResolvedBy != "" {
		t.Fatalf("reopened: %+v", got)
	}
	complaint("enr_b", "2026-01-05", ComplaintConcluded, "2026-04-21", "2026-01-12", "2026-04-21", "2026-03")(f)
	f.Complaints = f.Complaints[1:]
	if p := night(f, d("2026-04-22"), alerts); p.Counts[RuleComplaintOpen] != nil && p.Counts[RuleComplaintOpen].Reopened != 0 {
		t.Fatalf("a concluded complaint's alert reopened: %+v", p.Counts[RuleComplaintOpen])
	}
}
