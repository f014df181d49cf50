package ledger

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	good := []struct {
		in   string
		fen  Money
		show string
	}{
		{"0", 0, "0.00"},
		{"1234", 123400, "1234.00"},
		{"1234.5", 123450, "1234.50"},
		{"1234.50", 123450, "1234.50"},
		{"0.01", 1, "0.01"},
		{"-12.30", -1230, "-12.30"},
		{"007.10", 710, "7.10"},
		{"100000000000", MaxMoney, "100000000000.00"},
	}
	for _, c := range good {
		got, err := ParseMoney(c.in)
		if err != nil {
			t.Errorf("ParseMoney(%q): %v", c.in, err)
			continue
		}
		if got != c.fen || got.String() != c.show {
			t.Errorf("ParseMoney(%q) = %d %q, want %d %q", c.in, got, got, c.fen, c.show)
		}
	}
	bad := []struct{ in, want string }{
		{"", "empty"},
		{"1.005", "more than 2 decimal places"},
		{"1e3", "not a decimal number"},
		{"1E3", "not a decimal number"},
		{"abc", "not a decimal number"},
		{"1,000.00", "not a decimal number"},
		{"+5", "not a decimal number"},
		{"5.", "not a decimal number"},
		{".5", "not a decimal number"},
		{" 5", "not a decimal number"},
		{"--5", "not a decimal number"},
		{"NaN", "not a decimal number"},
		{"100000000000.01", "too large"},
		{"99999999999999999999999", "too large"},
	}
	for _, c := range bad {
		_, err := ParseMoney(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseMoney(%q) error = %v, want it to say %q", c.in, err, c.want)
		}
		if ErrorCode(err) != EInvalid {
			t.Errorf("ParseMoney(%q) code = %q, want invalid", c.in, ErrorCode(err))
		}
	}
}

func TestMoneyJSON(t *testing.T) {
	var v struct{ A Money }
	if err := json.Unmarshal([]byte(`{"A":"5230.50"}`), &v); err != nil || v.A != 523050 {
		t.Fatalf("unmarshal: %v %d", err, v.A)
	}
	out, _ := json.Marshal(v)
	if string(out) != `{"A":"5230.50"}` {
		t.Fatalf("marshal = %s", out)
	}
	for _, in := range []string{`{"A":5230.5}`, `{"A":"1.005"}`, `{"A":"1e3"}`, `{"A":null}`} {
		var w struct{ A Money }
		err := json.Unmarshal([]byte(in), &w)
		if in == `{"A":null}` {
			// null leaves the zero value; required-ness is the caller's rule.
			continue
		}
		if err == nil {
			t.Errorf("unmarshal %s: want error", in)
		}
	}
}

func TestMoneyAddOverflow(t *testing.T) {
	if _, err := Money(1 << 62).Add(Money(1 << 62)); err == nil {
		t.Fatal("want overflow error")
	}
	if s, err := Money(5).Add(-7); err != nil || s != -2 {
		t.Fatalf("5 + -7 = %d, %v", s, err)
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"0", "1.5", "-3.25", "1e3", "1.005", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		// Whatever parses formats back to a value that parses to the same fen.
		again, err := ParseMoney(m.String())
		if err != nil || again != m {
			t.Fatalf("%q -> %d -> %q -> %d, %v", s, m, m.String(), again, err)
		}
	})
}
