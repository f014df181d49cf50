package service

import (
	"encoding/json"
	"testing"

	"github.com/wageguard/wageguard/pkg/payrollfile"
)

// TestRawColumnsIsTheMapsJSON holds rawColumns to what it replaced,
// json.Marshal of the row's non-empty columns as a map: a kept bank fact's
// raw columns, and a malformed row's fingerprint made from them, must read
// the same as before, whatever the bank wrote.
func TestRawColumnsIsTheMapsJSON(t *testing.T) {
	f := &payrollfile.BankResults
	cells := []string{"", "ins_1", "FILE-1", "成功", "S", "6000.50", "600050", "2026-11-10", "账户已销户", "E01", "6222020000000000001",
		`a "quoted" \\ back`, "<b>&amp;</b>", "tab\there\nnew line", "\u2028line\u2029sep", "bad \xff utf8", "emoji 😀", "\x00nul", "=SUM(1)"}
	for n := 0; n < 200; n++ {
		rec := &payrollfile.Record{Row: n + 2, Values: make([]string, len(f.Fields)-n%3)}
		for i := range rec.Values {
			rec.Values[i] = cells[(n*7+i*5+n/len(cells))%len(cells)]
		}
		want := map[string]string{}
		for i, fd := range f.Fields {
			if v := rec.Get(i); v != "" {
				want[fd.Name] = v
			}
		}
		w, _ := json.Marshal(want)
		if got := rawColumns(f, rec); got != string(w) {
			t.Fatalf("row %v:\n got %s\nwant %s", rec.Values, got, w)
		}
	}
}
