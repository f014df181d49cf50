package ledger

import (
	"strings"
	"testing"
)

// TestRequiredGuaranteeWorkedExamples: each case computed by hand, to the
// fen, under the shipped example policy (Hebei 2% with a ¥5,000,000 cap and
// a 50% cut for several projects; Fujian 1.5% with a 75% cut; Fuzhou a
// ¥3,000,000 cap) and the national defaults (1%, no cap).
func TestRequiredGuaranteeWorkedExamples(t *testing.T) {
	p := examplePolicy(t)
	signed := NewDate(2026, 1, 1)
	type step struct {
		rule   SizingRule
		amount string
	}
	cases := []struct {
		name     string
		region   string
		contract string
		record   ContractorRecord
		want     string
		steps    []step
	}{
		// 12,345,678.91 × 2% = 246,913.5782 → 246,913.58
		{"base", "130102", "12345678.91", ContractorRecord{}, "246913.58", []step{{RuleBase, "246913.58"}}},
		// 300,000,000 × 2% = 6,000,000 → the cap, 5,000,000
		{"cap", "130102", "300000000.00", ContractorRecord{}, "5000000.00", []step{{RuleBase, "6000000.00"}, {RuleCap, "5000000.00"}}},
		// 250,000,000 × 1.5% = 3,750,000 → Fuzhou's own cap, 3,000,000
		{"city cap under the province's rate", "350102", "250000000.00", ContractorRecord{}, "3000000.00",
			[]step{{RuleBase, "3750000.00"}, {RuleCap, "3000000.00"}}},
		// 2% cut by 50% = 1%: 12,345,678.91 × 1% = 123,456.7891 → 123,456.79
		{"several projects", "130102", "12345678.91", ContractorRecord{ProjectsInArea: 3}, "123456.79",
			[]step{{RuleBase, "246913.58"}, {RuleSeveralProjects, "123456.79"}}},
		// one project is not several
		{"one project", "130102", "12345678.91", ContractorRecord{ProjectsInArea: 1}, "246913.58", []step{{RuleBase, "246913.58"}}},
		// 1.5% cut by 75% = 0.375%, below the 0.5% floor: 8,000,000 × 0.5% = 40,000
		{"floor", "350203", "8000000.00", ContractorRecord{ProjectsInArea: 2}, "40000.00",
			[]step{{RuleBase, "120000.00"}, {RuleSeveralProjects, "30000.00"}, {RuleFloor, "40000.00"}}},
		// 7,654,321 × 1.5% = 114,814.815 → 114,814.82 (half a fen rounds up);
		// cut by 50% = 0.75%: 57,407.4075 → 57,407.41
		{"float down", "350203", "7654321.00", ContractorRecord{CleanYears: 2}, "57407.41",
			[]step{{RuleBase, "114814.82"}, {RuleCleanRecord, "57407.41"}}},
		// a clean record with arrears inside the lookback is no clean record
		{"no float down after arrears", "350203", "7654321.00", ContractorRecord{CleanYears: 2, ArrearsInLookback: true}, "172222.23",
			[]step{{RuleBase, "114814.82"}, {RuleArrearsRaise, "172222.23"}}},
		// 246,913.58 × 150% = 370,370.37
		{"float up after arrears", "130102", "12345678.91", ContractorRecord{ArrearsInLookback: true}, "370370.37",
			[]step{{RuleBase, "246913.58"}, {RuleArrearsRaise, "370370.37"}}},
		// capped at 5,000,000, then × 200% = 10,000,000: the raise passes the cap
		{"float up for the blacklist", "130102", "300000000.00", ContractorRecord{Blacklisted: true, ArrearsInLookback: true}, "10000000.00",
			[]step{{RuleBase, "6000000.00"}, {RuleCap, "5000000.00"}, {RuleBlacklistRaise, "10000000.00"}}},
		// 2,999,999.99 × 1% = 29,999.9999 → 30,000.00; below ¥3,000,000 without arrears: exempt
		{"exemption", "310115", "2999999.99", ContractorRecord{}, "0.00",
			[]step{{RuleBase, "30000.00"}, {RuleExemption, "0.00"}}},
		// the same contract after arrears in the year before signing: 30,000 × 150% = 45,000
		{"no exemption after arrears", "310115", "2999999.99", ContractorRecord{ArrearsYearBefore: true, ArrearsInLookback: true}, "45000.00",
			[]step{{RuleBase, "30000.00"}, {RuleArrearsRaise, "45000.00"}}},
		// exactly ¥3,000,000 is not below it
		{"at the exemption line", "310115", "3000000.00", ContractorRecord{}, "30000.00", []step{{RuleBase, "30000.00"}}},
		{"blacklisted is never exempt", "310115", "1000000.00", ContractorRecord{Blacklisted: true}, "20000.00",
			[]step{{RuleBase, "10000.00"}, {RuleBlacklistRaise, "20000.00"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := p.RequiredGuarantee(SizingInput{ContractAmount: MustMoney(c.contract), Region: c.region, SignedOn: signed, Record: c.record})
			if err != nil {
				t.Fatal(err)
			}
			if got.Amount.String() != c.want {
				t.Errorf("required %s, want %s", got.Amount, c.want)
			}
			if got.Exempt != (c.want == "0.00") {
				t.Errorf("exempt = %v", got.Exempt)
			}
			if len(got.Steps) != len(c.steps) {
				t.Fatalf("steps %+v, want %v", got.Steps, c.steps)
			}
			for i, s := range got.Steps {
				if s.Rule != c.steps[i].rule || s.Amount.String() != c.steps[i].amount {
					t.Errorf("step %d: %s ¥%s, want %s ¥%s", i, s.Rule, s.Amount, c.steps[i].rule, c.steps[i].amount)
				}
				if s.Source == "" || s.Param == "" || s.Value == "" {
					t.Errorf("step %d names no policy value: %+v", i, s)
				}
				if !strings.Contains(s.En, s.Amount.String()) || !strings.Contains(s.Zh, s.Amount.String()) {
					t.Errorf("step %d's sentences do not state its amount ¥%s: %q / %q", i, s.Amount, s.En, s.Zh)
				}
			}
		})
	}
}

func TestRequiredGuaranteeExplainsItsSources(t *testing.T) {
	p := examplePolicy(t)
	got, err := p.RequiredGuarantee(SizingInput{ContractAmount: MustMoney("12345678.91"), Region: "130102", SignedOn: NewDate(2026, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	s := got.Steps[0]
	if s.Value != "2%" || s.Rate != "2%" || !strings.Contains(s.Source, "policy file, 130000 from 2022-01-01") {
		t.Errorf("base step: %+v", s)
	}
	want := "Contract amount ¥12345678.91 × base rate 2% = ¥246913.58 (rounded half up to the fen)."
	if s.En != want {
		t.Errorf("en: %q, want %q", s.En, want)
	}
	if !strings.Contains(s.Zh, "合同金额 ¥12345678.91 × 基础存储比例 2% = ¥246913.58") {
		t.Errorf("zh: %q", s.Zh)
	}
	national, _ := DefaultPolicy().RequiredGuarantee(SizingInput{ContractAmount: MustMoney("12345678.91"), Region: "130102", SignedOn: NewDate(2026, 1, 1)})
	if national.Amount != MustMoney("123456.79") || !strings.HasPrefix(national.Steps[0].Source, "national default") {
		t.Errorf("national default: %+v", national)
	}
	if _, err := p.RequiredGuarantee(SizingInput{Region: "130102", SignedOn: NewDate(2026, 1, 1)}); err == nil {
		t.Error("a zero contract was sized")
	}
}
