package ledger

import (
	"strings"
	"testing"
)

// A guarantee alert whose deadline was computed over a year without its
// State Council notice says so (issue 13: every explanation that used such
// a date says the notice is missing); one computed within loaded years
// does not.
func TestGuaranteeAlertsSayTheNoticeIsMissing(t *testing.T) {
	d := mustDate
	const missing = "has no State Council holiday notice"
	reasonOf := func(f *CheckFacts, rule Rule) string {
		t.Helper()
		for _, g := range Evaluate(f, DefaultPolicy(), DefaultCalendar()) {
			if g.Rule == rule {
				return g.Reason.String()
			}
		}
		t.Fatalf("no %s finding", rule)
		return ""
	}
	cases := []struct {
		name  string
		rule  Rule
		setup func(*CheckFacts)
		note  bool
	}{
		{"missing, due within 2026", RuleGuaranteeMissing, func(f *CheckFacts) { f.Guarantees.Held = nil }, false},
		{"missing, due in 2027", RuleGuaranteeMissing, func(f *CheckFacts) {
			f.Guarantees.Held, f.Project.StartedOn, f.AsOf = nil, d("2026-12-14"), d("2027-02-01")
			f.Enrolments, f.Attendance, f.Payrolls, f.Lines, f.Payments = nil, nil, nil, nil, nil
		}, true},
		{"top-up overdue, due within 2026", RuleTopupOverdue, func(f *CheckFacts) {
			f.Guarantees.Held[0].Movements = []GuaranteeMovement{{ID: "drw_1", On: d("2026-04-01"), Amount: -MustMoney("20000")}}
		}, false},
		{"top-up overdue, due in 2027", RuleTopupOverdue, func(f *CheckFacts) {
			f.Guarantees.Held[0].Movements = []GuaranteeMovement{{ID: "drw_1", On: d("2026-12-24"), Amount: -MustMoney("20000")}}
			f.AsOf = d("2027-01-20")
			f.Safety.Policies[0].ValidUntil = d("2027-12-31")
		}, true},
	}
	for _, c := range cases {
		f := checkFixture()
		c.setup(f)
		reason := reasonOf(f, c.rule)
		if strings.Contains(reason, missing) != c.note || (c.note && !strings.Contains(reason, "2027 "+missing)) {
			t.Errorf("%s: %s", c.name, reason)
		}
	}
}
