package ledger

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// The JSON decoder's faults in words: encoding/json's own errors are
// English ("invalid character '}' looking for beginning of object key
// string", "cannot unmarshal string into Go struct field …") and name Go
// types. A request body (pkg/httpapi) and a policy file say instead where
// and what, in the reader's language.

// syntaxContexts maps what encoding/json says it was looking for when a
// character stopped it to a message.
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

// JSONSyntaxMsg is what a *json.SyntaxError's text says, in words.
func JSONSyntaxMsg(text string) Msg {
	rest, ok := strings.CutPrefix(text, "invalid character ")
	switch {
	case !ok && strings.Contains(text, "unexpected end of JSON input"):
		return M("it ends too early")
	case !ok: // a fault the decoder words otherwise: said no more precisely
		return M("this is not JSON")
	}
	// rest is "'x' context": the character is quoted by the decoder, and
	// may itself be a quote or a space.
	ch, context := rest, ""
	if end := strings.Index(rest[min(1, len(rest)):], "' "); end >= 0 {
		ch, context = rest[:end+2], rest[end+3:]
	}
	for _, c := range syntaxContexts {
		if strings.HasPrefix(context, c.context) {
			return M(c.msg, ch)
		}
	}
	return M("found %s where it cannot stand", ch)
}

// JSONDecodeMsg is why a JSON document could not be decoded, in words:
// where its syntax breaks, which key is not known, which value has the
// wrong type, or a value's own refusal.
func JSONDecodeMsg(err error) Msg {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var le *Error
	var cut *JSONTruncated
	switch {
	case errors.As(err, &le):
		return le.Msg()
	case errors.As(err, &syn):
		return M("not valid JSON at byte %d: %s", syn.Offset, JSONSyntaxMsg(syn.Error()))
	case errors.As(err, &typ):
		return M("%s must be a %s, got a JSON %s", typ.Field, JSONKindMsg(jsonKind(typ.Type.Kind().String())), JSONKindMsg(jsonValueKind(typ.Value)))
	case errors.As(err, &cut):
		return M("not valid JSON at byte %d: %s", cut.Offset, M("it ends too early"))
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return M("not valid JSON: %s", M("it ends too early"))
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return M("%q is not a known key", strings.Trim(f, `"`))
	}
	return M("not valid JSON")
}

// JSONTruncated is a JSON document that ends before its value does, at
// Offset (its length): the decoder's io.ErrUnexpectedEOF says not where.
type JSONTruncated struct{ Offset int64 }

func (e *JSONTruncated) Error() string { return "unexpected end of JSON input" }

// JSONKindMsg is a kind of JSON value in words, as a refusal names what it
// wanted and what it got: "string", "number", "bool", "list", "array",
// "object" or "value" (json.kind.<word>); any other word is its own key
// ("whole number").
func JSONKindMsg(word string) Msg {
	switch word {
	case "string", "number", "bool", "list", "array", "object", "value":
		return Msg{Key: "json.kind." + word}
	}
	return M(word)
}

// jsonValueKind is the kind of JSON value the decoder found, from its
// UnmarshalTypeError.Value ("string", "number", "number 1e999", "bool",
// "array", "object"): always one of a fixed set the catalogue words.
func jsonValueKind(v string) string {
	first, _, _ := strings.Cut(v, " ")
	switch first {
	case "string", "number", "bool", "array", "object":
		return first
	}
	return "value"
}

// jsonKind names a Go kind as JSON calls it.
func jsonKind(k string) string {
	switch k {
	case "int", "int64", "int32", "float64", "uint", "uint64":
		return "number"
	case "struct", "map":
		return "object"
	case "slice":
		return "list"
	}
	return k
}
