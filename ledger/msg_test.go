package ledger

import (
	"encoding/json"
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
	// An *Error argument is kept as its message, anything else hides its text.
	e := M("%s; %s", Errorf(EInvalid, "bad %d", 1), json.Unmarshal([]byte("x"), &back))
	if e.String() != "bad 1; internal error" {
		t.Errorf("error arguments: %q", e.String())
	}
}
