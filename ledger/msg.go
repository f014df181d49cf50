package ledger

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Msg is a sentence for a person, kept as data so that whoever shows it
// renders it in the reader's language (pkg/i18n): Key is its catalogue key —
// by convention the English sentence as a fmt format, so the code reads as
// what it says — and Args fill its verbs. An argument that is itself a Msg
// (or an *Error) is rendered in the same language.
//
// ledger does not translate: it only keeps key and arguments apart, so that
// no decision needs to know who reads it.
type Msg struct {
	Key  string
	Args []any
}

// M is the message of format with args.
func M(format string, args ...any) Msg { return Msg{Key: format, Args: msgArgs(args)} }

// String is the message in English. A key that says where it is used
// rather than being the sentence (payroll.status.rejected, resource.top_up)
// ends in its English word, which String gives, with "_" as a space: logs
// and Error read "payroll pay_1 is rejected", as the catalogue's English
// does.
func (m Msg) String() string {
	if len(m.Args) == 0 {
		return wordOfKey(m.Key)
	}
	return fmt.Sprintf(Plurals(m.Key, m.Args), m.Args...)
}

// wordOfKey is the English word a dotted key (area.group.word, lower case)
// ends in, and any other key as it is.
func wordOfKey(key string) string {
	dot := strings.LastIndexByte(key, '.')
	if dot <= 0 || dot == len(key)-1 || strings.ContainsFunc(key, func(r rune) bool { return (r < 'a' || r > 'z') && r != '.' && r != '_' }) {
		return key
	}
	return strings.ReplaceAll(key[dot+1:], "_", " ")
}

// MsgKey gives the key and arguments to the renderer (pkg/i18n.Keyed).
func (m Msg) MsgKey() (string, []any) { return m.Key, m.Args }

// msgArgs keeps an *Error argument as its message, so that it is rendered
// in the reader's language too, and any other error as its text, as the
// format would have printed it (a parser's own words, never SQL: a caller
// that may hold a driver's error passes ErrorMsg(err) instead).
func msgArgs(args []any) []any {
	args = append([]any(nil), args...)
	for i, a := range args {
		var e *Error
		if err, ok := a.(error); ok && errors.As(err, &e) {
			args[i] = e.Msg()
		} else if ok {
			args[i] = err.Error()
		}
	}
	return args
}

// ErrorMsg is the caller-safe message of err: an *Error's own, "internal
// error" for anything else (whose text may hold SQL or driver detail).
func ErrorMsg(err error) Msg {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg()
	}
	return Msg{Key: "internal error"}
}

// msgJSON is how a Msg is stored (inside a stored upload's result): its
// arguments as JSON numbers, strings or nested messages.
type msgJSON struct {
	Key  string            `json:"key"`
	Args []json.RawMessage `json:"args,omitempty"`
}

// MarshalJSON stores m with integer arguments as numbers, messages as
// objects and anything else as the text it prints.
func (m Msg) MarshalJSON() ([]byte, error) { return m.AppendJSON(nil), nil }

// AppendJSON appends m as MarshalJSON stores it. It writes the JSON itself,
// without reflection, because a payroll stores one per warned line: through
// encoding/json the warnings of a 100,000-line file cost about a tenth of
// its upload, on the goroutine that writes the lines (issue 10).
func (m Msg) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"key":`...)
	dst = appendJSONString(dst, m.Key)
	if len(m.Args) == 0 {
		return append(dst, '}')
	}
	dst = append(dst, `,"args":[`...)
	for i, a := range m.Args {
		if i > 0 {
			dst = append(dst, ',')
		}
		switch x := a.(type) {
		case Msg:
			dst = x.AppendJSON(dst)
		case string:
			dst = appendJSONString(dst, x)
		case fmt.Stringer:
			dst = appendJSONString(dst, x.String())
		default:
			switch v := reflect.ValueOf(a); v.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				dst = strconv.AppendInt(dst, v.Int(), 10)
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				dst = strconv.AppendUint(dst, v.Uint(), 10)
			default:
				dst = appendJSONString(dst, fmt.Sprint(a))
			}
		}
	}
	return append(dst, ']', '}')
}

// appendJSONString appends s quoted as encoding/json quotes it: text that
// needs no escaping is copied as it is; anything else (quotes, control
// characters, HTML's <, > and &, invalid UTF-8, U+2028 and U+2029) goes
// through encoding/json, so the two never differ.
func appendJSONString(dst []byte, s string) []byte {
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			b, _ := json.Marshal(s) // a string always encodes
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// UnmarshalJSON reads a stored message back: whole numbers as int64 (so %d
// prints them), text as strings, objects as messages.
func (m *Msg) UnmarshalJSON(b []byte) error {
	var in msgJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	m.Key, m.Args = in.Key, nil
	for _, raw := range in.Args {
		var v any
		switch {
		case len(raw) > 0 && raw[0] == '{':
			var sub Msg
			if err := json.Unmarshal(raw, &sub); err != nil {
				return err
			}
			v = sub
		case len(raw) > 0 && raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return err
			}
			v = s
		default:
			var n json.Number
			if err := json.Unmarshal(raw, &n); err != nil {
				return err
			}
			if i, err := n.Int64(); err == nil {
				v = i
			} else {
				v = n.String()
			}
		}
		m.Args = append(m.Args, v)
	}
	return nil
}

// Strings are the messages in English.
func Strings(ms []Msg) []string {
	if ms == nil {
		return nil
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.String()
	}
	return out
}

// Plural is the message of one when n is 1, of other otherwise: English
// needs the two ("1 row", "2 rows"), Chinese translates both the same.
func Plural(n int, one, other string, args ...any) Msg {
	if n == 1 {
		return M(one, args...)
	}
	return M(other, args...)
}

// NewError is an error of code with a message kept as key and arguments.
func NewError(code string, m Msg, fields ...FieldError) *Error {
	return &Error{Code: code, Message: m.String(), Text: &m, Fields: fields}
}

// Errf returns nil when nothing was added, else an EInvalid *Error whose
// message is format with args.
func (v *Validation) Errf(format string, args ...any) error {
	if len(v.Fields) == 0 {
		return nil
	}
	return NewError(EInvalid, M(format, args...), v.Fields...)
}

// Column is a field named in a message. A row error of an uploaded file
// names it by the heading the file gave the column (FieldError.NameColumns),
// so that the clerk finds it in their own spreadsheet; a JSON body's names
// the field.
type Column string

func (c Column) String() string { return string(c) }

// NameColumns renders each Column of the message by heading: the heading a
// file gave that field, when it has one.
func (f FieldError) NameColumns(heading func(field string) (string, bool)) FieldError {
	if f.Text == nil || heading == nil {
		return f
	}
	m := f.Text.nameColumns(heading)
	f.Text, f.Message = &m, m.String()
	return f
}

func (m Msg) nameColumns(heading func(string) (string, bool)) Msg {
	args := append([]any(nil), m.Args...)
	for i, a := range args {
		switch x := a.(type) {
		case Column:
			if h, ok := heading(string(x)); ok {
				args[i] = Column(h)
			}
		case Msg:
			args[i] = x.nameColumns(heading)
		}
	}
	return Msg{Key: m.Key, Args: args}
}
