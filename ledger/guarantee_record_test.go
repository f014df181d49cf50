package ledger

import (
	"fmt"
	"slices"
	"testing"
)

// TestRecordHistory reads a contractor's record from the check's own
// alerts: arrears in the 2 years before signing raise, clean years cut, and
// a history shorter than the year before signing claims nothing.
func TestRecordHistory(t *testing.T) {
	d := func(s string) Date { v, _ := ParseDate(s); return v }
	unchecked := []RecordPart{RecordArrearsHistory, RecordBlacklist}
	signed := d("2026-01-01")
	cases := []struct {
		name                    string
		h                       RecordHistory
		lookback, year, checked bool
		clean, compliant        int
	}{
		{"never checked", RecordHistory{}, false, false, false, 0, 0},
		{"checked only after signing", RecordHistory{KnownFrom: d("2026-02-01"), Arrears: []Date{d("2026-03-01")}}, false, false, false, 0, 0},
		{"three clean years", RecordHistory{KnownFrom: d("2023-01-01")}, false, false, true, 3, 3},
		{"arrears in the year before", RecordHistory{KnownFrom: d("2023-01-01"), Arrears: []Date{d("2025-03-01")}}, true, true, true, 0, 0},
		{"arrears two years before", RecordHistory{KnownFrom: d("2023-01-01"), Arrears: []Date{d("2024-06-01")}}, true, false, true, 1, 1},
		{"arrears beyond the lookback", RecordHistory{KnownFrom: d("2023-01-01"), Arrears: []Date{d("2023-06-01")}}, false, false, true, 2, 2},
		{"a compliance alert spoils compliant years only", RecordHistory{KnownFrom: d("2023-01-01"), Compliance: []Date{d("2025-01-01")}}, false, false, true, 3, 0},
		{"half a year of history, clean: unknown", RecordHistory{KnownFrom: d("2025-06-01")}, false, false, false, 0, 0},
		{"half a year of history, arrears: known", RecordHistory{KnownFrom: d("2025-06-01"), Arrears: []Date{d("2025-07-01")}}, true, true, true, 0, 0},
		{"alerts after signing do not count", RecordHistory{KnownFrom: d("2023-01-01"), Arrears: []Date{d("2026-01-01"), d("2026-05-01")}}, false, false, true, 3, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.h.Apply(ContractorRecord{Unchecked: unchecked}, signed, 2)
			if got.ArrearsInLookback != c.lookback || got.ArrearsYearBefore != c.year || got.CleanYears != c.clean || got.CompliantYears != c.compliant ||
				slices.Contains(got.Unchecked, RecordArrearsHistory) == c.checked || !slices.Contains(got.Unchecked, RecordBlacklist) {
				t.Errorf("got %+v", got)
			}
		})
	}
}

// TestHistoryFloatsTheGuarantee: the record read from the alerts floats the
// required amount up after arrears and down after clean years.
func TestHistoryFloatsTheGuarantee(t *testing.T) {
	p := examplePolicy(t)
	d := func(s string) Date { v, _ := ParseDate(s); return v }
	size := func(h RecordHistory) (string, []SizingRule) {
		rec := h.Apply(ContractorRecord{Unchecked: []RecordPart{RecordArrearsHistory, RecordBlacklist}}, d("2026-01-01"), 2)
		got, err := p.RequiredGuarantee(SizingInput{ContractAmount: MustMoney("10000000"), Region: "310115", SignedOn: d("2026-01-01"), Record: rec})
		if err != nil {
			t.Fatal(err)
		}
		var rules []SizingRule
		for _, s := range got.Steps {
			if s.Rule != RuleRecordUnavailable {
				rules = append(rules, s.Rule)
			}
		}
		return got.Amount.String(), rules
	}
	// ¥10,000,000 × 1% = ¥100,000; arrears raise it by half, two clean years cut it by half.
	for _, c := range []struct {
		name  string
		h     RecordHistory
		want  string
		rules string
	}{
		{"unknown", RecordHistory{}, "100000.00", "[base]"},
		{"arrears last year", RecordHistory{KnownFrom: d("2023-01-01"), Arrears: []Date{d("2025-03-01")}}, "150000.00", "[base arrears_raise]"},
		{"clean three years", RecordHistory{KnownFrom: d("2023-01-01")}, "50000.00", "[base clean_record]"},
	} {
		amount, rules := size(c.h)
		if amount != c.want || fmt.Sprint(rules) != c.rules {
			t.Errorf("%s: %s %v, want %s %s", c.name, amount, rules, c.want, c.rules)
		}
	}
}

// Which rules' alerts count in a contractor's record: all but the
// inspectors' own, rule by rule, so that a rule added later is decided here.
func TestOnContractorRecord(t *testing.T) {
	off := map[Rule]bool{RuleComplaintOpen: true}
	for _, r := range Rules {
		if got := r.OnContractorRecord(); got == off[r] {
			t.Errorf("%s on a contractor's record: %v", r, got)
		}
		if r.InspectorsOnly() != off[r] {
			t.Errorf("%s inspectors' only: %v", r, r.InspectorsOnly())
		}
	}
	if Rule("nonsense").OnContractorRecord() {
		t.Error("an unknown rule counts")
	}
	if got := OffContractorRecord(); len(got) != 1 || got[0] != RuleComplaintOpen {
		t.Errorf("off the record: %v", got)
	}
}
