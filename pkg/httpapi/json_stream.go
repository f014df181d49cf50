package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/wageguard/wageguard/ledger"
)

// A JSON body that carries a list (a payroll's lines, a bank's
// confirmation items) is read as it streams, never whole (issue 16, item
// 1: a 170 MB payroll drove the server to 13 GB decoded whole; ten million
// confirmation items reached 14 GB before their limit was checked). Its
// list is read one element at a time, each decoded by decodeJSON's rules
// and forgotten unless the caller keeps it, and counted as it comes: the
// element past the limit refuses the body before the rest is read.

// jsonList is a JSON object's list member, read one element at a time.
type jsonList struct {
	dec   *json.Decoder
	name  string // the member's name, for the error paths
	index int    // the next element's index
	done  bool
}

// openJSONList reads r, a JSON object, up to the list member name: every
// member before it is handed to member (key, raw value); the list is then
// read with next, and the members after it with finish. A body whose list
// is absent or null has an empty list.
func openJSONList(r io.Reader, name string, member func(key string, raw json.RawMessage) error) (*jsonList, error) {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{', ledger.M("the request body is a JSON object")); err != nil {
		return nil, err
	}
	l := &jsonList{dec: dec, name: name}
	seen := map[string]bool{}
	for dec.More() {
		key, err := l.key(seen)
		if err != nil {
			return nil, err
		}
		if key != name {
			if err := l.member(key, member); err != nil {
				return nil, err
			}
			continue
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, streamError(err)
		}
		if tok == nil {
			l.done = true
			return l, nil
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return nil, refusedField(ledger.FieldErrorf(0, name, "type", "%s must be a list", name))
		}
		return l, nil
	}
	l.done = true
	return l, nil
}

// key reads a member's key, refusing one given twice or holding a
// control character.
func (l *jsonList) key(seen map[string]bool) (string, error) {
	tok, err := l.dec.Token()
	if err != nil {
		return "", streamError(err)
	}
	key, _ := tok.(string)
	if f := ledger.CheckText(0, key, key); f != nil {
		return "", refusedField(*f)
	}
	if seen[key] {
		return "", refusedField(ledger.RefuseDuplicate.Atf(0, key, "%q is given twice in one object: send each field once", key))
	}
	seen[key] = true
	return key, nil
}

func (l *jsonList) member(key string, member func(string, json.RawMessage) error) error {
	var raw json.RawMessage
	if err := l.dec.Decode(&raw); err != nil {
		return streamError(err)
	}
	return member(key, raw)
}

// next returns the list's next element, with its index, or io.EOF after
// the last.
func (l *jsonList) next() (int, json.RawMessage, error) {
	if l.done || !l.dec.More() {
		if !l.done {
			l.done = true
			if _, err := l.dec.Token(); err != nil { // the list's ]
				return 0, nil, streamError(err)
			}
		}
		return 0, nil, io.EOF
	}
	var raw json.RawMessage
	if err := l.dec.Decode(&raw); err != nil {
		return 0, nil, streamError(err)
	}
	l.index++
	return l.index - 1, raw, nil
}

// finish reads the members after the list (the same rules as before it)
// and the end of the body: nothing may follow the object.
func (l *jsonList) finish(member func(string, json.RawMessage) error) error {
	for {
		if _, _, err := l.next(); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
	}
	seen := map[string]bool{l.name: true}
	for l.dec.More() {
		key, err := l.key(seen)
		if err != nil {
			return err
		}
		if err := l.member(key, member); err != nil {
			return err
		}
	}
	if err := expectDelim(l.dec, '}', ledger.M("the request body is a JSON object")); err != nil {
		return err
	}
	if _, err := l.dec.Token(); err != io.EOF {
		return malformed("the request body has data after the JSON object")
	}
	return nil
}

// decodeElement decodes one element of the list by decodeJSON's rules,
// naming a refused value by its place in the body ("lines[3].gross_pay").
func (l *jsonList) decodeElement(i int, raw json.RawMessage, v any) error {
	err := decodeJSON(raw, v)
	var le *ledger.Error
	if !errors.As(err, &le) {
		return err
	}
	prefix := l.name + "[" + strconv.Itoa(i) + "]"
	out := &ledger.Error{Code: le.Code, Message: le.Message, Fields: make([]ledger.FieldError, len(le.Fields))}
	for k, f := range le.Fields {
		f.Field = join(prefix, f.Field)
		out.Fields[k] = f
	}
	if len(out.Fields) == 0 && le.Code == codeMalformed {
		m := ledger.M("%s: %s", prefix, le.Msg())
		out.Message, out.Text = m.String(), &m
	}
	return out
}

// decodeMember decodes one member (key, raw) of an object into v, a struct
// with a field of that name, by decodeJSON's rules: an unknown key is
// refused, a value of the wrong type is named.
func decodeMember(key string, raw json.RawMessage, v any) error {
	k, _ := json.Marshal(key)
	obj := make([]byte, 0, len(k)+len(raw)+3)
	obj = append(append(append(append(append(obj, '{'), k...), ':'), raw...), '}')
	return decodeJSON(obj, v)
}

func expectDelim(dec *json.Decoder, want json.Delim, msg ledger.Msg) error {
	tok, err := dec.Token()
	if err != nil {
		return streamError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return ledger.NewError(codeMalformed, msg)
	}
	return nil
}

// streamError describes what stopped a body's reading: the size limit, or
// JSON that is not valid.
func streamError(err error) error {
	var tooBig *http.MaxBytesError
	var le *ledger.Error
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &le):
		return err
	case errors.As(err, &tooBig):
		return ledger.Errorf(ledger.ETooLarge, "the request body is larger than the limit of %d {byte|bytes}", tooBig.Limit)
	case errors.As(err, &syn):
		return jsonSyntaxError(syn)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("the request body is not valid JSON: it ends too early")
	}
	return malformed("the request body is not valid JSON")
}

// tooManyItems refuses a list past its limit, as soon as its element
// limit+1 arrives.
func tooManyItems(list string, limit int) error {
	return ledger.Errorf(ledger.ETooLarge, "%s has more than %d {item|items}: send at most %d in one request", list, limit, limit)
}
