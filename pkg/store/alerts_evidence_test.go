package store

import (
	"encoding/json"
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

// The evidence column is written by hand (evidenceJSON); it must stay byte
// for byte what encoding/json writes, escapes included, or the alerts
// already stored would read differently from the ones written now.
func TestEvidenceJSONIsWhatEncodingJSONWrites(t *testing.T) {
	refs := []string{"", "enr_p0001w001@2026-05", "pay_1#3", `quote"back\\slash`, "<b>&amp;</b>", "a<b", "a>b", "a&b", "tab\tnew\nline\x01",
		"中文 张三", "\u2028\u2029", "bad utf-8 \xff\xfe", "\x7f del"}
	var all []ledger.Evidence
	for _, ref := range refs {
		all = append(all, ledger.Evidence{Kind: ledger.EvidenceAttendance, Ref: ref})
	}
	for _, ev := range [][]ledger.Evidence{nil, {}, all[:2], all, {{Kind: "odd\"kind", Ref: "x"}}} {
		want := make([]storedEvidence, len(ev))
		for i, e := range ev {
			want[i] = storedEvidence{e.Kind, e.Ref}
		}
		b, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		if got := evidenceJSON(ev); got != string(b) {
			t.Errorf("evidenceJSON(%q) =\n%s\nwant\n%s", ev, got, b)
		}
	}
}
