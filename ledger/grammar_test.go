package ledger

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseDateLoose(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2026-11-13", "2026-11-13"},
		{"2026/11/13", "2026-11-13"},
		{"2026/1/3", "2026-01-03"},
		{"2026-1-3", "2026-01-03"},
		{"2026.11.13", "2026-11-13"},
		{"20261113", "2026-11-13"},
		{"2026年11月13日", "2026-11-13"},
		{"2026年1月3日", "2026-01-03"},
		{"２０２６年１１月１３日", "2026-11-13"},
		{"２０２６／１１／１３", "2026-11-13"},
		{" 2026-11-13 ", "2026-11-13"},
		{"46339", "2026-11-13"},   // an Excel serial date
		{"46339.5", "2026-11-13"}, // with a time of day
		{"45658", "2025-01-01"},
		{"36526", "2000-01-01"},
	} {
		d, msg := ParseDateLoose(c.in)
		if msg.Key != "" || d.String() != c.want {
			t.Errorf("ParseDateLoose(%q) = %s %q, want %s", c.in, d, msg, c.want)
		}
	}
	for _, in := range []string{"2025-02-30", "2026-13-01", "13/11/2026", "Nov 13 2026", "4633", "463390", "46339.", "46339.x", "2026年13月1日", "2026-11-13T00:00:00"} {
		if d, msg := ParseDateLoose(in); msg.Key == "" {
			t.Errorf("ParseDateLoose(%q) = %s, want a refusal", in, d)
		}
	}
	if _, msg := ParseDateLoose("  "); !strings.Contains(msg.String(), "required") {
		t.Errorf("blank date: %q", msg)
	}
}

// JSON bodies read dates in the same grammar as files; numbers stay refused.
func TestDateJSONGrammar(t *testing.T) {
	for _, in := range []string{`"2026-11-13"`, `"2026/11/13"`, `"2026年11月13日"`, `"46339"`} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); err != nil || d.String() != "2026-11-13" {
			t.Errorf("unmarshal %s = %s, %v", in, d, err)
		}
	}
	for _, in := range []string{`46339`, `"2026-02-30"`, `""`} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); ErrorCode(err) != EInvalid {
			t.Errorf("unmarshal %s: %v, want invalid", in, err)
		}
	}
}

// JSON bodies read amounts in the same grammar as files; numbers stay refused.
func TestMoneyJSONGrammar(t *testing.T) {
	for _, in := range []string{`"8800"`, `"8,800.00"`, `"¥8,800.00"`, `"8800元"`, `"８８００．００"`} {
		var m Money
		if err := json.Unmarshal([]byte(in), &m); err != nil || m != 880000 {
			t.Errorf("unmarshal %s = %d, %v", in, m, err)
		}
	}
	for _, in := range []string{`8800`, `"8,80.00"`, `"8800.001"`} {
		var m Money
		if err := json.Unmarshal([]byte(in), &m); ErrorCode(err) != EInvalid {
			t.Errorf("unmarshal %s: %v, want invalid", in, err)
		}
	}
}
