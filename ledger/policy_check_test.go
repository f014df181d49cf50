package ledger

import (
	"strings"
	"testing"
)

// TestPolicyFileRefusals: every bad policy file is refused naming its entry
// and key — inside params, outside it, and across entries once merged.
func TestPolicyFileRefusals(t *testing.T) {
	cases := []struct {
		name, file string
		field      string // the field the refusal names
		says       string
	}{
		// Outside params.
		{"child-labour age", `{"age_limits":[{"region":"310000","from":"2026-01-01","source":"s","min_age":10}]}`, "age_limits[0].min_age", "from 16"},
		{"age limit without date or source", `{"age_limits":[{"region":"310000","max_age_male":60}]}`, "age_limits[0].from", "required"},
		{"age limit without source", `{"age_limits":[{"region":"310000","from":"2026-01-01","max_age_male":60}]}`, "age_limits[0].source", "say where the rule comes from"},
		{"hazardous limit above the general one", `{"age_limits":[{"region":"310000","from":"2026-01-01","source":"s","max_age_male":55,"hazardous_max_age_male":60}]}`,
			"age_limits[0].hazardous_max_age_male", "stricter"},
		{"a minimum wage of one yuan", `{"minimum_wages":[{"region":"110000","from":"2026-01-01","source":"s","monthly":"1.00"}]}`, "minimum_wages[0].monthly", "lower than any region"},
		{"a minimum wage with no date", `{"minimum_wages":[{"region":"110000","source":"s","monthly":"2540.00"}]}`, "minimum_wages[0].from", "required"},
		{"a bad date names its entry", `{"minimum_wages":[{"region":"110000","from":"2026-13-01","source":"s","monthly":"2540.00"}, {"region":"110000","from":"01/02/2026","source":"s","monthly":"2540.00"}]}`,
			"minimum_wages[0]", "minimum_wages[0]"},
		{"a number as text names its key", `{"age_limits":[{"region":"310000","from":"2026-01-01","source":"s","min_age":"18"}]}`, "age_limits[0].min_age", "age_limits[0].min_age"},
		{"duplicate minimum wage", `{"minimum_wages":[{"region":"110000","from":"2026-01-01","source":"s","monthly":"2540.00"},{"region":"110000","from":"2026-01-01","source":"t","monthly":"2600.00"}]}`,
			"minimum_wages[1]", "already"},
		{"bad labour-cost cycle names its entry", `{"labour_cost":[{"region":"110000","from":"2026-01-01","source":"s","cycle":"weekly"}]}`, "labour_cost[0]", "cycle is monthly"},
		{"unknown trade", `{"juvenile_forbidden_trades":["030","999"]}`, "juvenile_forbidden_trades[1]", "not a trade code"},
		// Across keys, once merged: a floor above the base rate turns the cut into a raise.
		{"floor above the national base", `{"params":[{"region":"130000","from":"2022-01-01","source":"s","values":{"guarantee.several_projects.floor_rate":"0.015"}}]}`,
			"params[0].values.guarantee.several_projects.floor_rate", "above guarantee.base_rate 1%"},
		{"floor above a province's base in a city entry", `{"params":[{"region":"130000","from":"2022-01-01","source":"s","values":{"guarantee.base_rate":"0.02"}},
			{"region":"130100","from":"2024-01-01","source":"t","values":{"guarantee.several_projects.floor_rate":"0.025"}}]}`,
			"params[1].values.guarantee.several_projects.floor_rate", "in 130100 from 2024-01-01"},
		{"a later base under an earlier floor", `{"params":[{"region":"130000","from":"2022-01-01","source":"s","values":{"guarantee.base_rate":"0.02","guarantee.several_projects.floor_rate":"0.015"}},
			{"region":"130100","from":"2024-01-01","source":"t","values":{"guarantee.base_rate":"0.01"}}]}`,
			"params[0].values.guarantee.several_projects.floor_rate", "in 130100 from 2024-01-01, guarantee.several_projects.floor_rate 1.5%"},
		{"consecutive above cumulative", `{"params":[{"region":"national","from":"2022-01-01","source":"s","values":{"allocation.escalate.consecutive_missed":4}}]}`,
			"params[0].values.allocation.escalate.consecutive_missed", "cumulative threshold"},
		// The file itself.
		{"trailing garbage", `{"params":[]} {"x":1}`, "", "after the JSON value"},
		{"trailing text", `{"params":[]} nonsense`, "", "after the JSON value"},
		// The calendar section.
		{"notice day outside its year", `{"calendar":[{"year":2027,"source":"s","days_off":[["2026-12-31","2027-01-01"]],"workdays":[]}]}`,
			"calendar[0].days_off[0][0]", "not in 2027"},
		{"overlapping days off", `{"calendar":[{"year":2027,"source":"s","days_off":[["2027-02-05","2027-02-12"],["2027-02-10","2027-02-14"]]}]}`,
			"calendar[0].days_off[1]", "overlaps"},
		{"a make-up day on a weekday", `{"calendar":[{"year":2027,"source":"s","days_off":[["2027-01-01","2027-01-01"]],"workdays":["2027-02-03"]}]}`,
			"calendar[0].workdays[0]", "weekend"},
		{"a make-up day that is a day off", `{"calendar":[{"year":2027,"source":"s","days_off":[["2027-02-06","2027-02-14"]],"workdays":["2027-02-07"]}]}`,
			"calendar[0].workdays[0]", "also a day off"},
		{"a built-in year", `{"calendar":[{"year":2026,"source":"s","days_off":[["2026-01-01","2026-01-01"]]}]}`, "calendar[0].year", "built in"},
		{"a notice without source", `{"calendar":[{"year":2027,"days_off":[["2027-01-01","2027-01-01"]]}]}`, "calendar[0].source", "say which notice it is"},
		{"a span backwards", `{"calendar":[{"year":2027,"source":"s","days_off":[["2027-01-03","2027-01-01"]]}]}`, "calendar[0].days_off[0]", "before it starts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(c.file))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.says) {
				t.Errorf("refusal does not say %q: %v", c.says, err)
			}
			if c.field == "" {
				return
			}
			var fields []string
			if e, ok := err.(*Error); ok {
				for _, f := range e.Fields {
					fields = append(fields, f.Field)
				}
			}
			if !strings.Contains(strings.Join(fields, " "), c.field) {
				t.Errorf("refusal names %v, not %s: %v", fields, c.field, err)
			}
		})
	}
}

// TestPolicyCalendarAddsAYear: a notice in the policy file makes its days
// off rest days and its make-up days working days, and GET /policy's list
// shows it beside the built-in ones.
func TestPolicyCalendarAddsAYear(t *testing.T) {
	// A 2027 notice as it might be published: Spring Festival 2027-02-06 to
	// 02-13 off, Sunday 02-14 worked.
	p, err := ParsePolicy([]byte(`{"calendar":[{"year":2027,"source":"国务院办公厅关于2027年部分节假日安排的通知",
		"days_off":[["2027-01-01","2027-01-03"],["2027-02-06","2027-02-13"]],"workdays":["2027-02-14"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	c := p.Calendar()
	if c.IsWorkingDay(NewDate(2027, 2, 11)) || !c.IsWorkingDay(NewDate(2027, 2, 14)) {
		t.Error("the file's notice is not in the calendar")
	}
	if DefaultCalendar().IsWorkingDay(NewDate(2027, 2, 14)) {
		t.Error("a Sunday is a working day without the notice")
	}
	if d := c.Explain(NewDate(2027, 2, 1), NewDate(2027, 2, 20)); d.Provisional {
		t.Errorf("a deadline in a year with its notice is provisional: %+v", d)
	}
	var years []int
	for _, n := range p.CalendarNotices() {
		years = append(years, n.Year)
	}
	if len(years) != 3 || years[2] != 2027 || p.CalendarNotices()[2].Source == "" {
		t.Errorf("notices in force: %v", years)
	}
}
