package store

import (
	"encoding/json"
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

// evidenceJSON writes by hand the bytes json.Marshal writes of the stored
// evidence: both are compared over refs that need escaping and refs that
// do not.
func TestEvidenceJSONIsWhatEncodingJSONWrites(t *testing.T) {
	refs := []string{"", "pay_p0001_2026-05#3", "enr_p0001w001@2026-05", `a"b`, `back\slash`, "<tag>&", "a<b", "a>b", "a&b", "tab\there", "\x01ctl",
		"工资 2026年5月", "bad \xff utf-8", "line\u2028sep", "\ufffd", "ent_c_p0001_2026-05_001"}
	cases := [][]ledger.Evidence{nil, {}}
	for _, r := range refs {
		cases = append(cases, []ledger.Evidence{{Kind: ledger.EvidencePayrollLine, Ref: r}},
			[]ledger.Evidence{{Kind: ledger.EvidenceAttendance, Ref: "enr_x@2026-01"}, {Kind: ledger.EvidenceKind(r), Ref: r}})
	}
	for _, ev := range cases {
		out := make([]storedEvidence, len(ev))
		for i, e := range ev {
			out[i] = storedEvidence{e.Kind, e.Ref}
		}
		want, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		if got := evidenceJSON(ev); got != string(want) {
			t.Errorf("evidenceJSON(%q) = %s, want %s", ev, got, want)
		}
	}
}
