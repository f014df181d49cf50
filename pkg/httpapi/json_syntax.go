package httpapi

import (
	"encoding/json"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// syntaxContexts maps what encoding/json says it was looking for when a
// character stopped it to a message for a person, in the reader's language
// (the decoder's own words never reach a problem's detail).
var syntaxContexts = []struct {
	context string
	msg     string
}{
	{"looking for beginning of value", "found %s where a value should begin"},
	{"looking for beginning of object key string", "found %s where a field name in double quotes should begin"},
	{"after object key:value pair", "found %s after a value, where a comma or } should be"},
	{"after object key", "found %s after a field name, where a colon should be"},
	{"after array element", "found %s after a list element, where a comma or ] should be"},
	{"in string literal", "found %s inside a text: write it as an escape"},
	{"after top-level value", "found %s after the end of the JSON value"},
}

// jsonSyntaxError is the problem of a body the decoder could not read as
// JSON: where (the byte) and what it found there, in words.
func jsonSyntaxError(syn *json.SyntaxError) error {
	return malformed("the request body is not valid JSON at byte %d: %s", syn.Offset, jsonSyntaxMsg(syn.Error()))
}

func jsonSyntaxMsg(text string) ledger.Msg {
	rest, ok := strings.CutPrefix(text, "invalid character ")
	if !ok {
		return ledger.M("it ends too early")
	}
	// rest is "'x' context": the character is quoted by the decoder, and
	// may itself be a quote or a space.
	ch, context := rest, ""
	if end := strings.Index(rest[min(1, len(rest)):], "' "); end >= 0 {
		ch, context = rest[:end+2], rest[end+3:]
	}
	for _, c := range syntaxContexts {
		if strings.HasPrefix(context, c.context) {
			return ledger.M(c.msg, ch)
		}
	}
	return ledger.M("found %s where it cannot stand", ch)
}
