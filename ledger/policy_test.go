package ledger

import (
	"strings"
	"testing"
)

func TestAgeWarnings(t *testing.T) {
	p := DefaultPolicy()
	on := NewDate(2026, 11, 1)
	man62, _ := CheckResidentID(CompleteResidentID("31011519640101001"), on)   // born 1964: 62
	woman52, _ := CheckResidentID(CompleteResidentID("31011519740101002"), on) // born 1974: 52
	man57, _ := CheckResidentID(CompleteResidentID("31011519690101001"), on)   // born 1969: 57
	if man62.AgeOn(on) != 62 || woman52.AgeOn(on) != 52 || man57.AgeOn(on) != 57 {
		t.Fatalf("ages %d %d %d", man62.AgeOn(on), woman52.AgeOn(on), man57.AgeOn(on))
	}
	cases := []struct {
		id     ResidentID
		trade  string
		region string
		want   string
	}{
		{man62, "钢筋工", "310115", "no men over 60"},
		{woman52, "木工", "310115", "no women over 50"},
		{man57, "架子工", "310115", "hazardous work"},
		{man57, "木工", "310115", ""},
		{man57, "吊篮安装工", "310115", "hazardous work"}, // by its code: the words are not on the list
		{man57, "Scaffolder ", "310115", "hazardous work"},
		{man62, "钢筋工", "110105", ""}, // Beijing: no rule found
	}
	for _, c := range cases {
		t2, _ := LookupTrade(c.trade)
		got := strings.Join(Strings(p.AgeWarnings(c.id, c.trade, t2.Code, c.region, on)), "; ")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s %s in %s: %q, want %q", c.id.Number, c.trade, c.region, got, c.want)
		}
	}
	// Before the rule came into force it does not apply.
	if w := p.AgeWarnings(man62, "钢筋工", "020", "310115", NewDate(2018, 6, 1)); len(w) != 0 {
		t.Errorf("rule applied before its date: %v", w)
	}
}

func TestPolicyFileOverrides(t *testing.T) {
	p, err := ParsePolicy([]byte(`{"age_limits":[{"region":"310115","from":"2025-01-01","source":"district rule","max_age_male":58}],
		"minimum_wages":[{"region":"110000","from":"2025-09-01","source":"京人社","monthly":"2540.00"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r, ok := p.AgeLimitFor("310115", NewDate(2026, 1, 1))
	if !ok || r.Source != "district rule" {
		t.Fatalf("district rule not preferred: %+v", r)
	}
	if r, _ := p.AgeLimitFor("310104", NewDate(2026, 1, 1)); r.Source != "沪建质安联〔2019〕346号" {
		t.Fatalf("city rule: %+v", r)
	}
	m, ok := p.MinimumWageFor("110105", NewDate(2026, 1, 1))
	if !ok || m.Monthly != 254000 {
		t.Fatalf("minimum wage: %+v", m)
	}
	if _, ok := p.MinimumWageFor("110105", NewDate(2025, 1, 1)); ok {
		t.Fatal("minimum wage before its date")
	}
	if _, err := ParsePolicy([]byte(`{"age_limit":[]}`)); err == nil {
		t.Fatal("unknown field accepted")
	}
}
