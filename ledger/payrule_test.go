package ledger

import "testing"

// A project paying in the period's own month (当期) owes June's wages in
// June; one paying in the month after (次期, the default) in July. Either
// pay day moves to the working day before a rest day (REG Art. 14).
func TestPayDayFollowsThePayRule(t *testing.T) {
	c := DefaultCalendar()
	for _, tc := range []struct {
		period string
		rule   PayRule
		want   string
	}{
		{"2026-06", PayRule{PayNextMonth, 15}, "2026-07-15"},
		{"2026-06", PayRule{PayCurrentMonth, 15}, "2026-06-15"},
		{"2026-06", PayRule{"", 15}, "2026-07-15"},              // no month given: next
		{"2026-06", PayRule{PayCurrentMonth, 31}, "2026-06-30"}, // clamped to June's 30 days, a Tuesday
		{"2026-02", PayRule{PayCurrentMonth, 30}, "2026-02-28"}, // clamped to 28 Feb, a make-up working Saturday
		{"2026-10", PayRule{PayCurrentMonth, 5}, "2026-09-30"},  // 1–7 October: the working day before is in September
		{"2026-12", PayRule{PayNextMonth, 1}, "2026-12-31"},
		{"2026-12", PayRule{PayCurrentMonth, 1}, "2026-12-01"},
	} {
		if got := c.PayDay(MustPeriod(tc.period), tc.rule); got.String() != tc.want {
			t.Errorf("PayDay(%s, %+v) = %s, want %s", tc.period, tc.rule, got, tc.want)
		}
	}
}

func TestProjectPayRule(t *testing.T) {
	p := Project{PayDay: 10}
	if r := p.PayRuleOf(); r != (PayRule{PayNextMonth, 10}) {
		t.Errorf("default rule %+v", r)
	}
	p.PayMonth = PayCurrentMonth
	if r := p.PayRuleOf(); r != (PayRule{PayCurrentMonth, 10}) {
		t.Errorf("current rule %+v", r)
	}
	for in, ok := range map[string]bool{"": true, "next": true, "current": true, " current ": true, "当期": false, "previous": false} {
		if _, got := CheckPayMonth(in); got != ok {
			t.Errorf("CheckPayMonth(%q) ok = %v, want %v", in, got, ok)
		}
	}
	bad := Project{PayDay: 10, PayMonth: "previous"}
	if err := bad.Validate(); err == nil || !namesField(err, "pay_rule.month") {
		t.Errorf("a project paying in the previous month: %v", err)
	}
}

// A payroll approved before its pay day is paid on it; one approved on or
// after it (a late month, a supplement of a month long past) is paid on the
// next working day after its approval, never on a day already gone.
func TestValueDate(t *testing.T) {
	c := DefaultCalendar()
	next15 := PayRule{PayNextMonth, 15}
	for _, tc := range []struct {
		period, approved string
		rule             PayRule
		want             string
	}{
		{"2026-06", "2026-07-03", next15, "2026-07-15"},                       // approved in time
		{"2026-06", "2026-07-14", next15, "2026-07-15"},                       // the next working day is the pay day
		{"2026-06", "2026-07-15", next15, "2026-07-16"},                       // approved on the pay day: the bank pays the next working day
		{"2025-06", "2026-03-02", next15, "2026-03-03"},                       // a 2025-06 supplement approved in 2026
		{"2026-09", "2026-09-30", next15, "2026-10-15"},                       // National Day week in between, pay day still ahead
		{"2026-08", "2026-09-30", next15, "2026-10-08"},                       // approved late before National Day: after the holiday
		{"2026-06", "2026-06-20", PayRule{PayCurrentMonth, 15}, "2026-06-22"}, // 当期 pay day passed; 20 June is a Saturday
	} {
		if got := c.ValueDate(MustPeriod(tc.period), tc.rule, MustDate(tc.approved)); got.String() != tc.want {
			t.Errorf("ValueDate(%s, %+v, approved %s) = %s, want %s", tc.period, tc.rule, tc.approved, got, tc.want)
		}
	}
}

func namesField(err error, field string) bool {
	for _, f := range ErrorFields(err) {
		if f.Field == field {
			return true
		}
	}
	return false
}
