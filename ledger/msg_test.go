package ledger

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// plain drops the message kept as key and arguments, so that a field error
// compares by its English text.
func plain(fs []FieldError) []FieldError {
	out := append([]FieldError(nil), fs...)
	for i := range out {
		out[i].Text = nil
	}
	return out
}

func plainOne(f *FieldError) *FieldError {
	if f == nil {
		return nil
	}
	c := *f
	c.Text = nil
	return &c
}

// A message stored (inside an upload's result) and read back renders the
// same: numbers as numbers, nested messages as messages.
func TestMsgRoundTrip(t *testing.T) {
	inner := M("amount %q is too large", "1e99")
	m := M("row %d: %s (%s) %v", 3, inner, Period{2026, 11}, Money(580050))
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Msg
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.String() != m.String() {
		t.Errorf("stored %s reads back as %q, want %q", b, back.String(), m.String())
	}
	if _, ok := back.Args[1].(Msg); !ok || !reflect.DeepEqual(back.Args[0], int64(3)) {
		t.Errorf("arguments read back as %#v", back.Args)
	}
	// An *Error argument is kept as its message, another error as its text;
	// ErrorMsg hides the text of one that is not an *Error.
	e := M("%s; %s; %s", Errorf(EInvalid, "bad %d", 1), errors.New("parser said no"), ErrorMsg(errors.New("pq: SELECT")))
	if e.String() != "bad 1; parser said no; internal error" {
		t.Errorf("error arguments: %q", e.String())
	}
}

// storedByReflection is how MarshalJSON stored a message before AppendJSON:
// through encoding/json. AppendJSON must write the same bytes, or payroll
// lines stored before and after would read differently.
func storedByReflection(t testing.TB, m Msg) string {
	t.Helper()
	type stored struct {
		Key  string            `json:"key"`
		Args []json.RawMessage `json:"args,omitempty"`
	}
	out := stored{Key: m.Key}
	for _, a := range m.Args {
		var v any
		switch x := a.(type) {
		case Msg:
			v = json.RawMessage(storedByReflection(t, x))
		case string:
			v = x
		case fmt.Stringer:
			v = x.String()
		default:
			switch rv := reflect.ValueOf(a); rv.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				v = rv.Int()
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				v = rv.Uint()
			default:
				v = fmt.Sprint(a)
			}
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out.Args = append(out.Args, b)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAppendJSONWritesWhatEncodingJSONWrote(t *testing.T) {
	cases := []Msg{
		M("plain"),
		{Key: "empty args", Args: []any{}},
		M("days worked exceed the %d {day|days} of attendance on record", 0),
		M("numbers %d %d %d %d", int8(-8), int32(1<<30), int64(-1<<62), uint64(1<<63)),
		M("money %s", Money(590050)),
		M("nested %s", M("inner %s %d", "名字", 3)),
		M("text %s", `quote " backslash \ tab 	 newline
 <b>&amp;</b>`),
		M("unicode %s %s", "张三·李四 ①", "line\u2028separator\u2029"),
		M("invalid utf8 %s", string([]byte{0xff, 'a', 0xc3})),
		M("replacement %s", "\ufffd"),
		M("other %v %v %v", 1.5, true, nil),
		M("an error %s", errors.New("disk <full> & gone")),
	}
	// Each character that needs escaping, on its own in a string.
	for _, r := range "<>&\"\\\x00\x1f\u2028\u2029\ufffd" {
		cases = append(cases, M("alone %s", "a"+string(r)+"b"))
	}
	cases = append(cases, M("alone %s", string([]byte{'a', 0xff})))
	for _, m := range cases {
		want := storedByReflection(t, m)
		got := string(m.AppendJSON(nil))
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", m.Key, got, want)
		}
		var back Msg
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("%q: %s does not read back: %v", m.Key, got, err)
		}
		if back.Key != m.Key {
			t.Errorf("%q read back as %q", m.Key, back.Key)
		}
	}
}

func BenchmarkStoredWarning(b *testing.B) {
	m := M("days worked exceed the %d {day|days} of attendance on record", 0)
	b.Run("AppendJSON", func(b *testing.B) {
		buf := make([]byte, 0, 128)
		for i := 0; i < b.N; i++ {
			buf = m.AppendJSON(buf[:0])
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			storedByReflection(b, m)
		}
	})
}
