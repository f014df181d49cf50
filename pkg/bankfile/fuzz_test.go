package bankfile

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzStatusRead (issue 16, item 21): every bank's status table reads
// whatever a result file's status cell holds, and a bank code whatever an
// upload names, without panicking; a code it does not hold is unknown, kept
// verbatim, never guessed.
func FuzzStatusRead(f *testing.F) {
	for _, s := range []string{"", "102", "308", "icbc", "cmb", "999", "10２", "abc"} {
		for _, raw := range []string{"paid", "成功", "失败", "退票", "S", "F", "R", "WRF", "B0116", " 0 ", "\x00", "\u202e成功"} {
			f.Add(s, raw, "E123")
		}
	}
	f.Fuzz(func(t *testing.T, bankCode, raw, errCode string) {
		table, err := StatusTableFor(bankCode)
		if err != nil {
			if table != nil {
				t.Fatalf("a table and an error for %q", bankCode)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("the error for %q is not UTF-8: %q", bankCode, err.Error())
			}
			return
		}
		st := table.Read(raw)
		if st.Code != strings.TrimSpace(raw) {
			t.Fatalf("status %q read as code %q: not verbatim", raw, st.Code)
		}
		switch st.Outcome {
		case OutcomePaid, OutcomeFailed, OutcomeReturned, OutcomePending, OutcomeUncertain, OutcomeUnknown:
		default:
			t.Fatalf("status %q: outcome %q", raw, st.Outcome)
		}
		again := table.Read(raw)
		if again != st {
			t.Fatalf("status %q read twice: %+v, then %+v", raw, st, again)
		}
	})
}
