package httpapi

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

// A value the decoder refuses is named by its path in the body.
func TestDecodeNamesTheRefusedValue(t *testing.T) {
	type item struct {
		Amount ledger.Money `json:"amount"`
		On     *ledger.Date `json:"on,omitempty"`
	}
	type request struct {
		Name  string `json:"name"`
		Items []item `json:"items"`
		Total ledger.Money
	}
	for body, want := range map[string]string{
		`{"name":"x","items":[{"amount":"1"},{"amount":"8,80.00"}]}`:       "items[1].amount:amount",
		`{"items":[{"amount":"1","on":"2026-02-30"}]}`:                     "items[0].on:date",
		`{"items":[{"amount":5}]}`:                                         "items[0].amount:amount",
		`{"items":[{"amount":"1"}],"Total":"1.001"}`:                       "Total:amount",
		`{"name":"x","items":[{"amount":"¥8,800.00","on":"2026年11月13日"}]}`: "ok",
	} {
		var v request
		err := decodeJSON([]byte(body), &v)
		fields := ledger.ErrorFields(err)
		got := "ok"
		if err != nil {
			got = ""
			if len(fields) == 1 {
				got = fields[0].Field + ":" + fields[0].Code
				if !strings.HasPrefix(fields[0].Message, fields[0].Field+": ") {
					t.Errorf("%s: message %q does not name the field", body, fields[0].Message)
				}
			}
		}
		if got != want {
			t.Errorf("%s: %q (%v), want %q", body, got, err, want)
		}
	}
}
