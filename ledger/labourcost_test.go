package ledger

import (
	"strings"
	"testing"
)

// The next allocation is due by the same day of the next month (the month's
// last day when it has none), or after a shorter days cycle, never later
// than the month (issue 11, item 8: a 31-day month is not late).
func TestAllocationDueBy(t *testing.T) {
	d := func(s string) Date { return MustDate(s) }
	days := func(n int) LabourCostCycle { return LabourCostCycle{Kind: CycleDays, Days: n} }
	cases := []struct {
		cycle LabourCostCycle
		last  string
		want  string
	}{
		{Monthly, "2026-01-01", "2026-02-01"}, // 31 days later: January has 31
		{Monthly, "2026-01-15", "2026-02-15"},
		{Monthly, "2026-01-28", "2026-02-28"},
		{Monthly, "2026-01-29", "2026-02-28"}, // no 29 February in 2026
		{Monthly, "2026-01-31", "2026-02-28"},
		{Monthly, "2028-01-30", "2028-02-29"}, // a leap year
		{Monthly, "2028-01-31", "2028-02-29"},
		{Monthly, "2100-01-31", "2100-02-28"}, // a century that is no leap year
		{Monthly, "2000-01-31", "2000-02-29"}, // one that is
		{Monthly, "2026-02-28", "2026-03-28"}, // from the end of February: the same day, not the month's end
		{Monthly, "2026-03-31", "2026-04-30"},
		{Monthly, "2026-05-31", "2026-06-30"},
		{Monthly, "2026-07-31", "2026-08-31"}, // July and August both have 31
		{Monthly, "2026-12-31", "2027-01-31"}, // across the year
		{Monthly, "2026-12-15", "2027-01-15"},
		{days(10), "2026-01-31", "2026-02-10"},
		{days(30), "2026-01-01", "2026-01-31"}, // shorter than January's month
		{days(30), "2026-01-31", "2026-02-28"}, // never later than the month: not 2 March
		{days(30), "2028-02-01", "2028-03-01"}, // February 2028 has 29 days: the month comes first
		{days(28), "2026-02-01", "2026-03-01"}, // equal: the same day
		{days(1), "2026-12-31", "2027-01-01"},
		{LabourCostCycle{}, "2026-01-31", "2026-02-28"}, // no cycle named: the law's month
	}
	for _, c := range cases {
		if got := AllocationDueBy(c.cycle, d(c.last)); got != d(c.want) {
			t.Errorf("%+v from %s: due %s, want %s", c.cycle, c.last, got, c.want)
		}
	}
}

func TestLabourCostCycleCheck(t *testing.T) {
	cases := []struct {
		in    LabourCostCycle
		want  LabourCostCycle
		field string // the field refused, "" when valid
	}{
		{Monthly, Monthly, ""},
		{LabourCostCycle{Days: 10}, LabourCostCycle{Kind: CycleDays, Days: 10}, ""}, // days alone are a days cycle
		{LabourCostCycle{Kind: CycleDays, Days: 30}, LabourCostCycle{Kind: CycleDays, Days: 30}, ""},
		{LabourCostCycle{Kind: CycleDays, Days: 31}, LabourCostCycle{}, "labour_cost_cycle_days"},
		{LabourCostCycle{Days: -1}, LabourCostCycle{}, "labour_cost_cycle_days"},
		{LabourCostCycle{Kind: CycleDays}, LabourCostCycle{}, "labour_cost_cycle_days"},
		{LabourCostCycle{Kind: CycleMonthly, Days: 10}, LabourCostCycle{}, "labour_cost_cycle_days"},
		{LabourCostCycle{Kind: "weekly"}, LabourCostCycle{}, "labour_cost_cycle"},
		{LabourCostCycle{}, LabourCostCycle{}, "labour_cost_cycle"}, // the service applies the regional default first
	}
	for _, c := range cases {
		var v Validation
		got := c.in
		got.check(&v)
		switch {
		case c.field == "" && (len(v.Fields) > 0 || got != c.want):
			t.Errorf("%+v: %+v %v, want %+v", c.in, got, v.Fields, c.want)
		case c.field != "" && (len(v.Fields) != 1 || v.Fields[0].Field != c.field):
			t.Errorf("%+v: errors %v, want one on %s", c.in, v.Fields, c.field)
		}
	}
}

// Beijing asks each allocation for its date and labour-cost share; an
// allocation without them is recorded with warnings. Elsewhere the national
// rule asks nothing and its cycle is monthly.
func TestLabourCostRules(t *testing.T) {
	p := DefaultPolicy()
	bj := p.LabourCostRuleFor("110105", MustDate("2026-10-30"))
	if bj.Region != "110000" || bj.DefaultCycle() != Monthly {
		t.Fatalf("Beijing: %+v", bj)
	}
	in := InflowInput{ReceivedOn: MustDate("2026-10-30")}
	if w := bj.AllocationWarnings(&in); len(w) != 2 || w[0].Field != "allocated_on" || w[1].Field != "labour_cost_share" || w[0].Code != string(Warning) {
		t.Errorf("Beijing without date and share: %v", w)
	}
	in.AllocatedOn, in.LabourCostShare = MustDate("2026-10-28"), 2550
	if w := bj.AllocationWarnings(&in); len(w) != 0 {
		t.Errorf("Beijing with both: %v", w)
	}
	sh := p.LabourCostRuleFor("310101", MustDate("2026-10-30"))
	if sh.Region != "100000" || sh.DefaultCycle() != Monthly || len(sh.AllocationWarnings(&InflowInput{})) != 0 {
		t.Errorf("elsewhere: %+v", sh)
	}
	// A policy file gives a region a days cycle; a bad rule is refused.
	f, err := ParsePolicy([]byte(`{"labour_cost":[{"region":"440300","from":"2026-01-01","source":"x","cycle":"days","cycle_days":15,"require":{"allocated_on":true}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if r := f.LabourCostRuleFor("440305", MustDate("2026-02-01")); r.DefaultCycle() != (LabourCostCycle{Kind: CycleDays, Days: 15}) || !r.Require.AllocatedOn {
		t.Errorf("from the file: %+v", r)
	}
	if r := f.LabourCostRuleFor("110105", MustDate("2026-02-01")); r.Region != "110000" {
		t.Errorf("the file keeps the defaults: %+v", r)
	}
	for _, bad := range []string{`{"labour_cost":[{"region":"440300","cycle":"days","cycle_days":31}]}`, `{"labour_cost":[{"region":"440300","cycle":"weekly"}]}`,
		`{"labour_cost":[{"region":"44030","cycle":"monthly"}]}`} {
		if _, err := ParsePolicy([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

// An allocation that names neither its allocation date nor its share hashes
// exactly as it did before they existed, so a retry of one recorded before
// is still the same fact; one that names them hashes otherwise.
func TestInflowContentHashIsStable(t *testing.T) {
	in := InflowInput{AccountNo: "110000000000009001", Amount: MustMoney("20000.00"), ReceivedOn: MustDate("2026-10-30"), BankRef: "IN-1", Payer: "建设单位"}
	before := SHA256Hex([]byte(`{"account_no":"110000000000009001","amount":"20000.00","received_on":"2026-10-30","bank_ref":"IN-1","payer":"建设单位"}`))
	if got := in.ContentHash(); got != before {
		t.Fatalf("hash %s, want %s as before", got, before)
	}
	with := in
	with.AllocatedOn = MustDate("2026-10-28")
	share := in
	share.LabourCostShare = 2550
	if with.ContentHash() == before || share.ContentHash() == before || with.ContentHash() == share.ContentHash() {
		t.Error("the new fields do not count when given")
	}
}

func TestShare(t *testing.T) {
	for s, want := range map[string]Share{"25.5": 2550, "100": 10000, "0.01": 1, "33.33": 3333} {
		if got, err := ParseShare(s); err != nil || got != want || got.String() != Money(want).String() {
			t.Errorf("%s: %v %v", s, got, err)
		}
	}
	for _, s := range []string{"0", "100.01", "-5", "25.555", "abc", ""} {
		if _, err := ParseShare(s); err == nil || !strings.Contains(ErrorMessage(err), "labour_cost_share") {
			t.Errorf("%s: %v", s, err)
		}
	}
	var sh Share
	if err := sh.UnmarshalJSON([]byte(`25.5`)); err == nil {
		t.Error("a JSON number is accepted as a share")
	}
	if b, _ := Share(2550).MarshalJSON(); string(b) != `"25.50"` {
		t.Errorf("JSON %s", b)
	}
}

// An allocation is not made after the bank credited it.
func TestInflowCheckAllocatedOn(t *testing.T) {
	in := InflowInput{AccountNo: "1100000000000001", Amount: 1, ReceivedOn: MustDate("2026-10-30"), BankRef: "R", AllocatedOn: MustDate("2026-10-31")}
	err := in.Check(MustDate("2026-11-30"))
	if err == nil || !strings.Contains(err.Error()+strings.Join(fieldsOf(err), " "), "allocated_on") {
		t.Fatalf("allocated after received: %v", err)
	}
	in.AllocatedOn = MustDate("2026-10-29")
	if err := in.Check(MustDate("2026-11-30")); err != nil {
		t.Fatal(err)
	}
	if in.Effective() != MustDate("2026-10-29") {
		t.Errorf("effective %s", in.Effective())
	}
}

func fieldsOf(err error) []string {
	var out []string
	if e, ok := err.(*Error); ok {
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
	}
	return out
}
