package ledger

import (
	"reflect"
	"testing"
)

// A plan's After is the alerts as the store reads them back once the plan
// is written: updated ones a version on, new ones at version 0, in the
// store's key order (rule, subject, period, byte by byte).
func TestAlertPlanAfter(t *testing.T) {
	key := func(r Rule, subject, period string) AlertKey {
		return AlertKey{Rule: r, Subject: subject, Period: period}
	}
	fund := Alert{ID: "alr_b", Key: key(RuleFundsIdle, "project:prj_1", ""), Status: AlertOpen, AmountAtRisk: 100, Version: 3}
	late := Alert{ID: "alr_a", Key: key(RuleWagesUnpaid, "employer:org_1", "2026-05"), Status: AlertOpen, AmountAtRisk: 500, Version: 1}
	paid := late
	paid.Status, paid.ResolvedBy = AlertResolved, ResolvedByCheck
	fresh := Alert{ID: "alr_c", Key: key(RulePartialPayment, "employer:org_1", "2026-05"), Status: AlertOpen, AmountAtRisk: 50}
	freshEarlier := Alert{ID: "alr_d", Key: key(RuleWagesUnpaid, "employer:org_1", "2026-04"), Status: AlertOpen, AmountAtRisk: 70}
	resolved := paid
	resolved.Version = 2
	for _, c := range []struct {
		name     string
		existing []Alert
		plan     AlertPlan
		want     []Alert
	}{
		{"nothing planned", []Alert{fund, late}, AlertPlan{}, []Alert{fund, late}},
		{"first night", nil, AlertPlan{Insert: []Alert{freshEarlier, fresh}}, []Alert{fresh, freshEarlier}},
		{"update and inserts", []Alert{fund, late}, AlertPlan{Update: []Alert{paid}, Insert: []Alert{fresh, freshEarlier}},
			[]Alert{fund, fresh, freshEarlier, resolved}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.plan.After(c.existing)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("After =\n%+v\nwant\n%+v", got, c.want)
			}
		})
	}
	if late.Version != 1 || paid.Version != 1 {
		t.Error("After changed the alerts it was given")
	}
}
