package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/wageguard/wageguard/ledger"
)

// jsonFrame is one open object or array of a JSON document being walked.
type jsonFrame struct {
	object bool
	keys   map[string]struct{} // an object's keys so far
	key    string              // the object's current key; "" before a key
	index  int                 // an array's next element
	path   string
}

// jsonWalker reads a JSON document token by token and refuses, at the wire,
// what no request may carry (issue 16, items 8 and 15): a key given twice in
// one object (which encoding/json resolves silently, the last one winning)
// and a text value or key holding a control character or a bidi override
// (ledger.BadTextRune: a NUL was a 500 on PostgreSQL and stored on SQLite).
// Each is named by its path, "lines[3].name". Every JSON body a route
// decodes passes here, whole (decodeJSON) or as it streams (the payroll and
// confirmation routes).
type jsonWalker struct {
	dec   *json.Decoder
	stack []jsonFrame
}

func newJSONWalker(r io.Reader) *jsonWalker {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	return &jsonWalker{dec: dec}
}

// path is where the next value sits.
func (w *jsonWalker) path() string {
	if len(w.stack) == 0 {
		return ""
	}
	f := &w.stack[len(w.stack)-1]
	if f.object {
		return join(f.path, f.key)
	}
	return f.path + "[" + strconv.Itoa(f.index) + "]"
}

// next reads one token, checking it. A key is returned as a string with
// isKey set.
func (w *jsonWalker) next() (tok json.Token, isKey bool, err error) {
	tok, err = w.dec.Token()
	if err != nil {
		return nil, false, err
	}
	var top *jsonFrame
	if len(w.stack) > 0 {
		top = &w.stack[len(w.stack)-1]
	}
	expectKey := top != nil && top.object && top.key == ""
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{', '[':
			w.stack = append(w.stack, jsonFrame{object: t == '{', path: w.path()})
			return tok, false, nil
		default:
			w.stack = w.stack[:len(w.stack)-1]
			w.valueDone()
			return tok, false, nil
		}
	case string:
		if expectKey {
			if ferr := ledger.CheckText(0, join(top.path, t), t); ferr != nil {
				return nil, false, refusedField(*ferr)
			}
			if top.keys == nil {
				top.keys = map[string]struct{}{}
			}
			if _, dup := top.keys[t]; dup {
				p := join(top.path, t)
				return nil, false, refusedField(ledger.RefuseDuplicate.Atf(0, p, "%q is given twice in one object: send each field once", p))
			}
			top.keys[t], top.key = struct{}{}, t
			return tok, true, nil
		}
		if ferr := ledger.CheckText(0, w.path(), t); ferr != nil {
			return nil, false, refusedField(*ferr)
		}
	}
	w.valueDone()
	return tok, false, nil
}

// valueDone moves past a value that ended.
func (w *jsonWalker) valueDone() {
	if len(w.stack) == 0 {
		return
	}
	f := &w.stack[len(w.stack)-1]
	if f.object {
		f.key = ""
	} else {
		f.index++
	}
}

func refusedField(f ledger.FieldError) error {
	return &ledger.Error{Code: ledger.EInvalid, Message: "request is not valid", Fields: []ledger.FieldError{f}}
}

// checkJSONBody walks a whole body; it returns only the refusals above, and
// leaves a body that is not JSON for the decoder to describe.
func checkJSONBody(body io.Reader) error {
	w := newJSONWalker(body)
	for {
		_, _, err := w.next()
		var le *ledger.Error
		switch {
		case errors.As(err, &le):
			return err
		case err != nil:
			return nil
		}
	}
}
