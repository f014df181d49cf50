package ledger

import (
	"encoding/json"
	"strings"
)

// A sentence the service writes into a text column — an alert's reason, the
// check's notes in its history, the check's resolution — is kept as its
// message (key and arguments) so that each reader gets it in their own
// language at read time. Encode writes it; StoredText reads it back.

// Encode is m as a text column keeps it: its JSON, {"key":…,"args":[…]}.
// The same message always encodes to the same text, so a night that finds
// the same thing again changes nothing.
func (m Msg) Encode() string {
	b, err := json.Marshal(m)
	if err != nil { // arguments are numbers, text and messages: never
		return m.String()
	}
	return string(b)
}

// StoredText is the message a text column holds: one Encode wrote, or —
// for rows written before messages were kept as data — the plain English
// sentence, shown as it is (Verbatim).
func StoredText(s string) Msg {
	if strings.HasPrefix(s, `{"key":`) {
		var m Msg
		if err := json.Unmarshal([]byte(s), &m); err == nil && m.Key != "" {
			return m
		}
	}
	return Verbatim(s)
}

// Verbatim is text a person wrote (an inspector's note), or a sentence an
// older build stored in English: shown as it is in every language, never
// read as a format or looked up in the catalogue.
func Verbatim(s string) Msg { return Msg{Key: "%s", Args: []any{s}} }
