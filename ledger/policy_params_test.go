package ledger

import (
	"os"
	"strings"
	"testing"
)

func examplePolicy(t *testing.T) *Policy {
	t.Helper()
	b, err := os.ReadFile("../examples/policy.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePolicy(b)
	if err != nil {
		t.Fatalf("the shipped example policy is refused: %v", err)
	}
	return p
}

// TestParamInheritance: a district inherits from its city, the city from its
// province, the province from the national default, each key on its own.
func TestParamInheritance(t *testing.T) {
	p, err := ParsePolicy([]byte(`{"params":[
		{"region":"110000","from":"2022-01-01","source":"province","values":{"guarantee.base_rate":"0.02","guarantee.cap":"5000000.00"}},
		{"region":"110100","from":"2023-01-01","source":"city","values":{"guarantee.base_rate":"0.025"}},
		{"region":"110111","from":"2024-01-01","source":"district","values":{"guarantee.cap":"none"}},
		{"region":"110111","from":"2026-01-01","source":"district later","values":{"guarantee.cap":"4000000.00"}},
		{"region":"national","from":"2020-01-01","source":"national file","values":{"exit_settlement.days":45}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	on := NewDate(2025, 6, 1)
	cases := []struct {
		key          ParamKey
		region       string
		on           Date
		text, origin string
	}{
		{GuaranteeBaseRate, "110111", on, "0.025", "110100 from 2023-01-01 (city)"},
		{GuaranteeCap, "110111", on, "none", "110111 from 2024-01-01 (district)"},
		{GuaranteeCap, "110111", NewDate(2026, 3, 1), "4000000.00", "district later"},
		{GuaranteeCap, "110105", on, "5000000.00", "110000 from 2022-01-01 (province)"},
		{GuaranteeBaseRate, "110105", on, "0.025", "city"},                     // every district of the city
		{GuaranteeBaseRate, "110111", NewDate(2022, 6, 1), "0.02", "province"}, // before the city's entry
		{GuaranteeBaseRate, "110111", NewDate(2021, 6, 1), "0.01", "national default (人社部发"},
		{GuaranteeBaseRate, "310115", on, "0.01", "national default"},
		{GuaranteeCap, "310115", on, "none", "national default"},
		{ExitSettlementDays, "310115", on, "45", "policy file, national from 2020-01-01 (national file)"},
		{GuaranteeReleaseWaitingDays, "110111", on, "30", "national default"},
	}
	for _, c := range cases {
		v := p.Param(c.key, c.region, c.on)
		if v.Text != c.text || !strings.Contains(v.Origin(), c.origin) {
			t.Errorf("%s in %s on %s: %q from %q, want %q from …%q…", c.key, c.region, c.on, v.Text, v.Origin(), c.text, c.origin)
		}
	}
	if n := len(p.InForce("110111", on)); n != len(paramSpecs) {
		t.Errorf("InForce lists %d values, want every one of %d", n, len(paramSpecs))
	}
}

// TestBadPolicyFileNamesKeyAndWhy: each refusal names the entry, the key and
// the reason, so an operator can fix the file from the message alone.
func TestBadPolicyFileNamesKeyAndWhy(t *testing.T) {
	cases := []struct{ file, want string }{
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"x","values":{"guarantee.base_rate":"0.05"}}]}`,
			"params[0].values.guarantee.base_rate: 5% is above 3%, the highest the law allows"},
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"x","values":{"guarantee.base_rate":"2%"}}]}`,
			`params[0].values.guarantee.base_rate: "2%" is not a decimal fraction: write 2% as "0.02"`},
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"x","values":{"guarantee.base_rate":0.02}}]}`,
			"guarantee.base_rate: must be a string"},
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"x","values":{"guarantee.several_projects.floor_rate":"0.004"}}]}`,
			"0.4% is below 0.5%, the lowest the law allows"},
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"x","values":{"guarantee.cap":"5000000.001"}}]}`,
			"guarantee.cap: amount \"5000000.001\" has more than 2 decimal places"},
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"x","values":{"guarantee.rate":"0.02"}}]}`,
			`params[0].values.guarantee.rate: "guarantee.rate" is not a policy value`},
		// Removed: it was never read; the labour_cost rules set the cycle.
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"x","values":{"allocation.cycle_months":1}}]}`,
			`params[0].values.allocation.cycle_months: "allocation.cycle_months" is no longer a policy value (it was never applied): the labour-cost allocation cycle is the region's labour_cost rule`},
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"x","values":{"blacklist.one_worker.amount":"30000.00"}}]}`,
			"¥30000.00 is above ¥20000.00"},
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"x","values":{"exit_settlement.days":"30"}}]}`,
			"exit_settlement.days: must be a whole number"},
		{`{"params":[{"region":"13000","from":"2022-01-01","source":"x","values":{"exit_settlement.days":30}}]}`,
			"params[0].region: region code \"13000\" is not 6 digits"},
		{`{"params":[{"region":"130000","source":"x","values":{"exit_settlement.days":30}}]}`, "params[0].from"},
		{`{"params":[{"region":"130000","from":"2022-01-01","values":{"exit_settlement.days":30}}]}`, "params[0].source"},
		{`{"params":[{"region":"130000","from":"2022-01-01","source":"a","values":{"exit_settlement.days":30}},
			{"region":"130000","from":"2022-01-01","source":"b","values":{"guarantee.cap":"none"}}]}`, "params[1]: params[0] is already the entry for 130000"},
	}
	for _, c := range cases {
		_, err := ParsePolicy([]byte(c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s\n  got  %v\n  want …%s…", c.file, err, c.want)
		}
	}
}

func TestExamplePolicyFile(t *testing.T) {
	p := examplePolicy(t)
	on := NewDate(2026, 1, 1)
	for _, c := range []struct {
		key          ParamKey
		region, text string
	}{
		{GuaranteeBaseRate, "130102", "0.02"},
		{GuaranteeCap, "130102", "5000000.00"},
		{GuaranteeBaseRate, "350102", "0.015"},
		{GuaranteeCap, "350102", "3000000.00"},
		{GuaranteeCap, "350200", "none"},
		{BlacklistOneWorkerAmount, "110105", "20000.00"},
		{BlacklistManyWorkersAmount, "410100", "40000.00"},
	} {
		if v := p.Param(c.key, c.region, on); v.Text != c.text {
			t.Errorf("%s in %s: %s, want %s", c.key, c.region, v.Text, c.text)
		}
	}
	if m, ok := p.MinimumWageFor("110105", on); !ok || m.Monthly != MustMoney("2540.00") {
		t.Errorf("minimum wage: %+v", m)
	}
}

// TestEveryDefaultIsWithinItsRange keeps the built-in defaults honest.
func TestEveryDefaultIsWithinItsRange(t *testing.T) {
	for _, s := range paramSpecs {
		if s.Source.Key == "" {
			t.Errorf("%s has no source", s.Key)
		}
		if s.Default == "" {
			continue
		}
		raw := `"` + s.Default + `"`
		if s.Kind == KindCount {
			raw = s.Default
		}
		if text, err := s.canonical([]byte(raw)); err != nil || text != s.Default {
			t.Errorf("%s default %s: %q, %v", s.Key, s.Default, text, err)
		}
	}
}
