package ledger

import (
	"fmt"
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
		// a clean record with arrears inside the lookback is no clean record;
		// the rate is raised, 1.5% × 150% = 2.25%, and multiplies the contract
		// once: 7,654,321 × 2.25% = 172,222.2225 → 172,222.22 (not the
		// rounded 114,814.82 × 150% = 172,222.23)
		{"no float down after arrears", "350203", "7654321.00", ContractorRecord{CleanYears: 2, ArrearsInLookback: true}, "172222.22",
			[]step{{RuleBase, "114814.82"}, {RuleArrearsRaise, "172222.22"}}},
		// 2% × 150% = 3%: 12,345,678.91 × 3% = 370,370.3673 → 370,370.37
		{"float up after arrears", "130102", "12345678.91", ContractorRecord{ArrearsInLookback: true}, "370370.37",
			[]step{{RuleBase, "246913.58"}, {RuleArrearsRaise, "370370.37"}}},
		// capped at 5,000,000, then × 200% = 10,000,000: the raise passes the cap
		{"float up for the blacklist", "130102", "300000000.00", ContractorRecord{Blacklisted: true, ArrearsInLookback: true}, "10000000.00",
			[]step{{RuleBase, "6000000.00"}, {RuleCap, "5000000.00"}, {RuleBlacklistRaise, "10000000.00"}}},
		// the arrears raise comes before the cap and may not pass it:
		// 200,000,000 × 3% = 6,000,000 → the cap, 5,000,000
		{"arrears raise is capped", "130102", "200000000.00", ContractorRecord{ArrearsInLookback: true}, "5000000.00",
			[]step{{RuleBase, "4000000.00"}, {RuleArrearsRaise, "6000000.00"}, {RuleCap, "5000000.00"}}},
		// below the cap the blacklist raises the rate, 2% × 200% = 4%, once:
		// 12,345,678.91 × 4% = 493,827.1564 → 493,827.16
		{"blacklist raise below the cap", "130102", "12345678.91", ContractorRecord{Blacklisted: true}, "493827.16",
			[]step{{RuleBase, "246913.58"}, {RuleBlacklistRaise, "493827.16"}}},
		// several projects and a clean record: 1.5% cut by 75% = 0.375%, cut
		// by 50% = 0.1875%, below the 0.5% floor, which binds after every cut:
		// 8,000,000 × 0.5% = 40,000
		{"floor after several projects and a clean record", "350203", "8000000.00", ContractorRecord{ProjectsInArea: 2, CleanYears: 2}, "40000.00",
			[]step{{RuleBase, "120000.00"}, {RuleSeveralProjects, "30000.00"}, {RuleCleanRecord, "15000.00"}, {RuleFloor, "40000.00"}}},
		// 2% cut by 50% = 1%, cut by 50% = 0.5%, at the floor, not below it:
		// 12,345,678.91 × 0.5% = 61,728.39455 → 61,728.39
		{"both cuts down to the floor", "130102", "12345678.91", ContractorRecord{ProjectsInArea: 2, CleanYears: 2}, "61728.39",
			[]step{{RuleBase, "246913.58"}, {RuleSeveralProjects, "123456.79"}, {RuleCleanRecord, "61728.39"}}},
		// 2,999,999.99 × 1% = 29,999.9999 → 30,000.00; below ¥3,000,000 without arrears: exempt
		{"exemption", "310115", "2999999.99", ContractorRecord{}, "0.00",
			[]step{{RuleBase, "30000.00"}, {RuleExemption, "0.00"}}},
		// the same contract after arrears in the year before signing: 30,000 × 150% = 45,000
		{"no exemption after arrears", "310115", "2999999.99", ContractorRecord{ArrearsYearBefore: true, ArrearsInLookback: true}, "45000.00",
			[]step{{RuleBase, "30000.00"}, {RuleArrearsRaise, "45000.00"}}},
		// exactly ¥3,000,000 is not below it
		{"at the exemption line", "310115", "3000000.00", ContractorRecord{}, "30000.00", []step{{RuleBase, "30000.00"}}},
		{"blacklisted is never exempt", "310115", "1000000.00", ContractorRecord{Blacklisted: true}, "20000.00",
			[]step{{RuleBase, "10000.00"}, {RuleBlacklistRaise, "20000.00"}, {RuleExemptionWithheld, "20000.00"}}},
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
				if s.Source.Key == "" || s.Value.Key == "" || (s.Param == "" && s.Rule != RuleRecordUnavailable) {
					t.Errorf("step %d names no policy value: %+v", i, s)
				}
				if !strings.Contains(s.En, s.Amount.String()) || !strings.Contains(s.Zh, s.Amount.String()) {
					t.Errorf("step %d's sentences do not state its amount ¥%s: %q / %q", i, s.Amount, s.En, s.Zh)
				}
			}
		})
	}
}

// TestExemptionRestsOnACheckedRecord: a small contract is exempt only on a
// record that was read; wages overdue now, or a part of the record nobody
// could check, withhold the exemption, and the explanation says which part
// was not checked instead of claiming a clean record.
func TestExemptionRestsOnACheckedRecord(t *testing.T) {
	p := examplePolicy(t)
	unchecked := []RecordPart{RecordArrearsHistory, RecordBlacklist}
	cases := []struct {
		name    string
		record  ContractorRecord
		want    string
		rules   []SizingRule
		saysZh  string
		saysEn  string
		notSays string
	}{
		{"checked and clean", ContractorRecord{}, "0.00", []SizingRule{RuleBase, RuleExemption}, "签约前一年内无拖欠", "no arrears in the year before signing", ""},
		{"record unavailable", ContractorRecord{Unchecked: unchecked}, "30000.00",
			[]SizingRule{RuleBase, RuleRecordUnavailable, RuleRecordUnavailable, RuleExemptionWithheld},
			"记录不可用：", "Record unavailable: there is no arrears-alert history yet", "there were no arrears"},
		{"wages overdue now", ContractorRecord{OverdueWages: true}, "30000.00", []SizingRule{RuleBase, RuleExemptionWithheld},
			"逾期未付工资", "wages are owed past their pay day", "there were no arrears"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// 2,999,999.99 × 1% = 30,000.00 (Shanghai: the national defaults)
			got, err := p.RequiredGuarantee(SizingInput{ContractAmount: MustMoney("2999999.99"), Region: "310115", SignedOn: NewDate(2026, 1, 1), Record: c.record})
			if err != nil {
				t.Fatal(err)
			}
			if got.Amount.String() != c.want || got.Exempt != (c.want == "0.00") {
				t.Errorf("required %s exempt %v, want %s", got.Amount, got.Exempt, c.want)
			}
			var rules []SizingRule
			var zh, en strings.Builder
			for _, s := range got.Steps {
				rules = append(rules, s.Rule)
				zh.WriteString(s.Zh)
				en.WriteString(s.En)
			}
			if fmt.Sprint(rules) != fmt.Sprint(c.rules) {
				t.Errorf("steps %v, want %v", rules, c.rules)
			}
			if !strings.Contains(zh.String(), c.saysZh) || !strings.Contains(en.String(), c.saysEn) {
				t.Errorf("explanation does not say %q / %q:\n%s\n%s", c.saysZh, c.saysEn, zh.String(), en.String())
			}
			if c.notSays != "" && strings.Contains(en.String(), c.notSays) {
				t.Errorf("explanation claims %q on a record nobody checked: %s", c.notSays, en.String())
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
	if s.Value.String() != "2%" || s.Rate != "2%" || !strings.Contains(s.Source.String(), "policy file, 130000 from 2022-01-01") {
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
	if national.Amount != MustMoney("123456.79") || !strings.HasPrefix(national.Steps[0].Source.String(), "national default") {
		t.Errorf("national default: %+v", national)
	}
	if _, err := p.RequiredGuarantee(SizingInput{Region: "130102", SignedOn: NewDate(2026, 1, 1)}); err == nil {
		t.Error("a zero contract was sized")
	}
}

// TestAnyOverdue: wages are overdue the day after their pay day, which a rest
// day moves to the working day before it.
func TestAnyOverdue(t *testing.T) {
	c := DefaultCalendar()
	// September 2026's wages with pay day 15 are due on Thursday 15 October.
	next15 := PayRule{Month: PayNextMonth, Day: 15}
	sept := OwedPeriod{ProjectID: "p", PayRule: next15, Period: MustPeriod("2026-09"), Amount: MustMoney("1.00")}
	// December 2026's wages with pay day 3 fall due on Sunday 3 January 2027
	// nominally, a rest day: they are due on Thursday 31 December 2026
	// (1–2 January are New Year's Day and a Saturday).
	dec := OwedPeriod{ProjectID: "p", PayRule: PayRule{Month: PayNextMonth, Day: 3}, Period: MustPeriod("2026-12"), Amount: MustMoney("1.00")}
	cases := []struct {
		name string
		owed []OwedPeriod
		on   Date
		want bool
	}{
		{"nothing owed", nil, NewDate(2026, 12, 1), false},
		{"on the pay day", []OwedPeriod{sept}, NewDate(2026, 10, 15), false},
		{"the day after", []OwedPeriod{sept}, NewDate(2026, 10, 16), true},
		{"a rest day moves the pay day earlier", []OwedPeriod{dec}, NewDate(2027, 1, 1), true},
		{"before the moved pay day", []OwedPeriod{dec}, NewDate(2026, 12, 31), false},
		{"nothing left owed", []OwedPeriod{{ProjectID: "p", PayRule: next15, Period: MustPeriod("2026-09")}}, NewDate(2026, 12, 1), false},
		// A project paying in the period's own month: November's wages are due on 20 November.
		{"paid in the period's own month", []OwedPeriod{{ProjectID: "p", PayRule: PayRule{Month: PayCurrentMonth, Day: 20}, Period: MustPeriod("2026-11"), Amount: 1}}, NewDate(2026, 11, 23), true},
	}
	for _, tc := range cases {
		if got := c.AnyOverdue(tc.owed, tc.on); got != tc.want {
			t.Errorf("%s: overdue %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestCleanYearsExemption: where a region offers it (65号 第八条), a
// contractor with at least the policy's compliant years and no arrears in
// the lookback needs no guarantee, whatever the contract; one year short,
// arrears in the lookback, a blacklisting or wages overdue today withhold
// it. The step's value reads as years in the reader's language.
func TestCleanYearsExemption(t *testing.T) {
	p := mustPolicy(t, `{"params": [{"region": "330000", "from": "2022-01-01", "source": "浙 test",
		"values": {"guarantee.base_rate": "0.02", "guarantee.exemption.clean_years": 3}}]}`)
	in := func(rec ContractorRecord) SizingInput {
		return SizingInput{ContractAmount: MustMoney("50000000.00"), Region: "330102", SignedOn: NewDate(2026, 5, 1), Record: rec}
	}
	cases := []struct {
		name   string
		rec    ContractorRecord
		exempt bool
	}{
		{"three compliant years", ContractorRecord{CleanYears: 3, CompliantYears: 3}, true},
		{"two compliant years", ContractorRecord{CleanYears: 3, CompliantYears: 2}, false},
		{"arrears in the lookback", ContractorRecord{CleanYears: 3, CompliantYears: 3, ArrearsInLookback: true}, false},
		{"blacklisted", ContractorRecord{CleanYears: 3, CompliantYears: 3, Blacklisted: true}, false},
		{"wages overdue today", ContractorRecord{CleanYears: 3, CompliantYears: 3, OverdueWages: true}, false},
		{"record not checked", ContractorRecord{CleanYears: 3, CompliantYears: 3, Unchecked: []RecordPart{RecordArrearsHistory}}, false},
	}
	for _, c := range cases {
		got, err := p.RequiredGuarantee(in(c.rec))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		last := got.Steps[len(got.Steps)-1]
		if c.exempt != (got.Exempt && got.Amount == 0 && last.Rule == RuleExemption) || (!c.exempt && got.Amount == 0) {
			t.Errorf("%s: exempt %v, ¥%s, last step %s", c.name, got.Exempt, got.Amount, last.Rule)
		}
		if c.exempt && (last.Param != GuaranteeExemptCleanYears || last.Value.Key != "%d-year" || fmt.Sprint(last.Value.Args) != "[3]" ||
			!strings.Contains(last.Source.String(), "浙 test") || !strings.HasPrefix(last.En, "3 consecutive compliant years without arrears (at least 3)") ||
			!strings.HasPrefix(last.Zh, "连续 3 年无拖欠且实名制、专用账户管理规范（不少于 3 年）")) {
			t.Errorf("%s: step %+v", c.name, last)
		}
	}
	// Not offered nationally (0): the same record owes the base.
	if got, _ := DefaultPolicy().RequiredGuarantee(in(ContractorRecord{CleanYears: 3, CompliantYears: 3})); got.Exempt || got.Amount != MustMoney("250000.00") {
		t.Errorf("national: exempt %v, ¥%s", got.Exempt, got.Amount)
	}
}

// TestSizingTurnsOnOverdueWages: wages overdue today change a guarantee's
// size only where they withhold the exemption of a small contract or the
// clean-record cut (or a long record's exemption where a region offers it);
// a large contract of a contractor whose record earns no cut, or one on the
// dishonesty list, is sized the same either way.
func TestSizingTurnsOnOverdueWages(t *testing.T) {
	zj := mustPolicy(t, `{"params": [{"region": "330000", "from": "2022-01-01", "source": "浙 test",
		"values": {"guarantee.base_rate": "0.02", "guarantee.exemption.clean_years": 3}}]}`)
	unchecked := []RecordPart{RecordArrearsHistory}
	cases := []struct {
		name     string
		policy   *Policy
		region   string
		contract string
		rec      ContractorRecord
		turns    bool
	}{
		{"small contract, clean record: the exemption", DefaultPolicy(), "310115", "2999999.99", ContractorRecord{}, true},
		{"small contract, no history yet: the reason withheld", DefaultPolicy(), "310115", "2999999.99", ContractorRecord{Unchecked: unchecked}, true},
		{"small contract, blacklisted", DefaultPolicy(), "310115", "2999999.99", ContractorRecord{Blacklisted: true}, false},
		{"small contract, arrears the year before", DefaultPolicy(), "310115", "2999999.99", ContractorRecord{ArrearsYearBefore: true, ArrearsInLookback: true}, false},
		{"large contract, no history yet", DefaultPolicy(), "310115", "50000000.00", ContractorRecord{Unchecked: unchecked}, false},
		{"large contract, one clean year", DefaultPolicy(), "310115", "50000000.00", ContractorRecord{CleanYears: 1, CompliantYears: 1}, false},
		{"large contract, two clean years: the cut", DefaultPolicy(), "310115", "50000000.00", ContractorRecord{CleanYears: 2, CompliantYears: 2}, true},
		{"large contract, clean years and arrears in the lookback", DefaultPolicy(), "310115", "50000000.00",
			ContractorRecord{CleanYears: 2, CompliantYears: 2, ArrearsInLookback: true}, false},
		{"large contract, compliant years where they exempt", zj, "330102", "50000000.00", ContractorRecord{CleanYears: 1, CompliantYears: 3}, true},
		{"large contract, too few compliant years where they exempt", zj, "330102", "50000000.00", ContractorRecord{CleanYears: 1, CompliantYears: 2}, false},
	}
	for _, c := range cases {
		for _, overdue := range []bool{false, true} { // whatever the input says of it
			rec := c.rec
			rec.OverdueWages = overdue
			in := SizingInput{ContractAmount: MustMoney(c.contract), Region: c.region, SignedOn: NewDate(2026, 1, 1), Record: rec}
			if got := c.policy.SizingTurnsOnOverdueWages(in); got != c.turns {
				t.Errorf("%s (overdue %v): turns %v, want %v", c.name, overdue, got, c.turns)
			}
		}
	}
}
