package ledger

import (
	"slices"
	"strings"
	"testing"
)

// weekdaysOf are the bits of the Monday-to-Saturday days of p.
func weekdaysOf(p Period) uint32 {
	return monthBits(p, func(d Date) bool { return d.Time().Weekday() != 0 })
}

// TestSafetyDaysWorked: a policy or certificate recorded later covers only
// the days of its own validity; the days worked before stay a finding of
// their month, and a record that really covers them (backdated) clears it.
func TestSafetyDaysWorked(t *testing.T) {
	d := mustDate
	march := MustPeriod("2026-03")
	worked := func(f *CheckFacts) {
		for i := range f.Attendance {
			f.Attendance[i].Worked, f.Attendance[i].LastOn = weekdaysOf(march), d("2026-03-31")
		}
	}
	type found struct {
		rule    Rule
		subject string
		period  string
		heads   int
		words   string // in the reason
	}
	for _, tc := range []struct {
		name   string
		change func(f *CheckFacts)
		want   []found
	}{
		{"insured from 16 March, recorded after: the first half of March stays uninsured", func(f *CheckFacts) {
			f.Safety.Policies[0].ValidFrom = d("2026-03-16")
		}, []found{{RuleInjuryInsuranceMissing, "project:prj_1", "2026-03", 2, "24 days worked by 2 workers in 2026-03 (2026-03-02 to 2026-03-14)"}}},
		{"a policy backdated to 1 March covers the month: quiet", func(f *CheckFacts) {
			f.Safety.Policies[0].ValidFrom = d("2026-03-01")
		}, nil},
		{"a voided policy is not among the facts: the month is uninsured, and so is the as-of date", func(f *CheckFacts) {
			f.Safety.Policies = nil
		}, []found{{RuleInjuryInsuranceMissing, "project:prj_1", "", 2, "on site"},
			{RuleInjuryInsuranceMissing, "project:prj_1", "2026-03", 2, "52 days worked by 2 workers in 2026-03 (2026-03-02 to 2026-03-31)"}}},
		{"a welder certified from 10 March: the days before stay missing", func(f *CheckFacts) {
			f.Safety.Certificates[0].ValidFrom = d("2026-03-10")
		}, []found{{RuleCertificateMissing, "enrolment:enr_a", "2026-03", 1, "7 days worked as 电焊工 in 2026-03 (2026-03-02 to 2026-03-09)"}}},
		{"the certificate expired on 20 March and a new one from 1 April is current: the days between stay expired", func(f *CheckFacts) {
			f.Safety.Certificates[0].ValidUntil = d("2026-03-20")
			f.Safety.Certificates = append(f.Safety.Certificates, CertificateFact{ID: "crt_2", EnrolmentID: "enr_a", ValidFrom: d("2026-04-01"), ValidUntil: d("2032-03-31")})
		}, []found{{RuleCertificateExpired, "enrolment:enr_a", "", 1, "expired on 2026-03-20"}, // judged on the last day worked, 31 March, on all its certificates: the rule the month's finding names
			{RuleCertificateExpired, "enrolment:enr_a", "2026-03", 1, "9 days worked as 电焊工 in 2026-03 (2026-03-21 to 2026-03-31)"}}},
		{"a new certificate backdated over the gap: quiet", func(f *CheckFacts) {
			f.Safety.Certificates[0].ValidUntil = d("2026-03-20")
			f.Safety.Certificates = append(f.Safety.Certificates, CertificateFact{ID: "crt_2", EnrolmentID: "enr_a", ValidFrom: d("2026-03-21"), ValidUntil: d("2032-03-20")})
		}, nil},
		{"the review was due by 14 March and none is recorded: expired now and from the 15th", func(f *CheckFacts) {
			f.Safety.Certificates[0].Kind, f.Safety.Certificates[0].ValidFrom = "熔化焊接与热切割作业", d("2023-03-15")
		}, []found{{RuleCertificateExpired, "enrolment:enr_a", "", 1, "review (复审) was due by 2026-03-14"},
			{RuleCertificateExpired, "enrolment:enr_a", "2026-03", 1, "14 days worked as 电焊工 in 2026-03 (2026-03-16 to 2026-03-31)"}}},
		{"the review recorded on 10 March: quiet", func(f *CheckFacts) {
			c := &f.Safety.Certificates[0]
			c.Kind, c.ValidFrom, c.ReviewedOn = "熔化焊接与热切割作业", d("2023-03-15"), d("2026-03-10")
		}, nil},
		// The month still running is the standing finding's alone: one
		// problem, one alert, until the month ends.
		{"the check's own month raises no monthly finding", func(f *CheckFacts) {
			f.Safety.Policies[0].ValidFrom = d("2026-03-16")
			f.AsOf = d("2026-03-04")
		}, []found{{RuleInjuryInsuranceMissing, "project:prj_1", "", 2, "on site"}}},
		{"the check's own month, certificate expired: the standing finding only", func(f *CheckFacts) {
			f.Safety.Certificates[0].ValidUntil = d("2026-03-02")
			f.AsOf = d("2026-03-31")
		}, []found{{RuleCertificateExpired, "enrolment:enr_a", "", 1, "expired on 2026-03-02"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := checkFixture()
			worked(f)
			tc.change(f)
			var got []found
			for _, x := range Evaluate(f, DefaultPolicy(), DefaultCalendar()) {
				if slices.Contains([]Rule{RuleInjuryInsuranceMissing, RuleCertificateMissing, RuleCertificateExpired}, x.Rule) {
					got = append(got, found{x.Rule, x.Subject.String(), x.Period.String(), x.Headcount, x.Reason.String()})
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.rule != w.rule || g.subject != w.subject || g.period != w.period || g.heads != w.heads || !strings.Contains(g.words, w.words) {
					t.Errorf("finding %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// TestSafetyDaysClosedByAnInspector: a month's days worked uninsured is a
// compliance finding that an inspector resolves with a reason; the check,
// still finding it, leaves it resolved (it does not reopen it), and does not
// resolve it by itself while the days stay uncovered.
func TestSafetyDaysClosedByAnInspector(t *testing.T) {
	f := checkFixture()
	march := MustPeriod("2026-03")
	for i := range f.Attendance {
		f.Attendance[i].Worked = weekdaysOf(march)
	}
	f.Safety.Policies[0].ValidFrom = mustDate("2026-03-16")
	findings, clearance := EvaluateWith(f, DefaultPolicy(), DefaultCalendar(), nil)
	var key AlertKey
	for _, x := range findings {
		if x.Rule == RuleInjuryInsuranceMissing && x.Period == march {
			key = x.Key()
		}
	}
	if key.Rule == "" {
		t.Fatalf("no finding of March's uninsured days: %+v", findings)
	}
	open := Alert{ID: "alr_1", ProjectID: "prj_1", Key: key, Status: AlertOpen, FirstSeenOn: mustDate("2026-04-19"), LastSeenOn: mustDate("2026-04-19")}
	closed := open
	closed.Status, closed.ResolvedOn, closed.ResolvedBy, closed.Resolution = AlertResolved, mustDate("2026-04-19"), "key_inspector", "insured from 16 March; the contractor paid the first fortnight's injury costs itself"
	next := mustDate("2026-04-20")
	if plan := PlanAlerts("prj_1", []Alert{closed}, findings, next, clearance, func() string { return "alr_new" }); len(plan.Update)+len(plan.Insert) != 0 {
		t.Errorf("the resolved alert changed: %+v", plan)
	}
	// While the days stay uncovered the check finds it: it is not "no longer found".
	if plan := PlanAlerts("prj_1", []Alert{open}, findings, next, clearance, func() string { return "alr_new" }); len(plan.Update) != 1 || plan.Update[0].Status != AlertOpen {
		t.Errorf("the open alert: %+v", plan.Update)
	}
}

// TestSafetyDaysLookBack: the first night after an upgrade finds days worked
// without cover only for the months within the policy's look-back
// (safety.days_worked.lookback_months, 24: LSIR Art. 20), not every month
// back to the beginning.
func TestSafetyDaysLookBack(t *testing.T) {
	f := checkFixture()
	f.Safety.Policies = nil
	var att []AttendanceFact
	for _, p := range []string{"2023-10", "2023-11", "2023-12", "2025-06"} {
		for _, a := range f.Attendance {
			a.Period, a.Worked, a.LastOn = MustPeriod(p), weekdaysOf(MustPeriod(p)), MustPeriod(p).Last()
			att = append(att, a)
		}
	}
	f.Attendance, f.AsOf = att, mustDate("2025-12-05")
	var got []string
	for _, x := range Evaluate(f, DefaultPolicy(), DefaultCalendar()) {
		if x.Rule == RuleInjuryInsuranceMissing && !x.Period.IsZero() {
			got = append(got, x.Period.String())
		}
	}
	// 24 months before December 2025 is December 2023.
	if want := []string{"2023-12", "2025-06"}; !slices.Equal(got, want) {
		t.Fatalf("months found %v, want %v", got, want)
	}
}

// TestSafetyDaysNotClearedByLatePaper: a policy recorded (or voided and
// recorded again) backdated over days already found no longer lets the
// check find them, but the check does not close the month's alert by
// itself: it stays open for an inspector. The standing alert, about now,
// the check still closes.
func TestSafetyDaysNotClearedByLatePaper(t *testing.T) {
	f := checkFixture()
	march := MustPeriod("2026-03")
	for i := range f.Attendance {
		f.Attendance[i].Worked = weekdaysOf(march)
	}
	f.Safety.Policies[0].ValidFrom = mustDate("2026-03-01") // backdated: March is covered tonight
	findings, clearance := EvaluateWith(f, DefaultPolicy(), DefaultCalendar(), nil)
	on := mustDate("2026-04-19")
	month := Alert{ID: "alr_1", ProjectID: "prj_1", Key: AlertKey{Rule: RuleInjuryInsuranceMissing, Subject: "project:prj_1", Period: "2026-03"},
		Status: AlertOpen, FirstSeenOn: on, LastSeenOn: on}
	standing := month
	standing.ID, standing.Key.Period = "alr_2", ""
	plan := PlanAlerts("prj_1", []Alert{month, standing}, findings, on.AddDays(1), clearance, func() string { return "alr_new" })
	if len(plan.Update) != 1 || plan.Update[0].ID != "alr_2" || plan.Update[0].Status != AlertResolved {
		t.Fatalf("want only the standing alert resolved: %+v", plan.Update)
	}
}

// TestAttendanceEvidenceIsEachAttendanceRef: the month's evidence cut from
// one string is, reference for reference, what each attendance fact names.
func TestAttendanceEvidenceIsEachAttendanceRef(t *testing.T) {
	p := MustPeriod("2026-03")
	enrolments := []string{"enr_b10", "enr_a", "", "enr_b1"}
	got := attendanceEvidence(p, enrolments)
	if len(got) != len(enrolments) {
		t.Fatalf("%d evidence for %d enrolments", len(got), len(enrolments))
	}
	for i, e := range enrolments {
		if want := (Evidence{EvidenceAttendance, AttendanceFact{EnrolmentID: e, Period: p}.ref()}); got[i] != want {
			t.Errorf("evidence %d: %+v, want %+v", i, got[i], want)
		}
	}
}
