package ledger

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
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
		// The grammar every file and JSON body shares (grammar.go).
		{"8,800.00", 880000, "8800.00"},
		{"1,000.00", 100000, "1000.00"},
		{"1,234,567.89", 123456789, "1234567.89"},
		{"¥8,800.00", 880000, "8800.00"},
		{"￥8800", 880000, "8800.00"},
		{"¥ 8,800.5", 880050, "8800.50"},
		{"8800元", 880000, "8800.00"},
		{"8,800.00 元", 880000, "8800.00"},
		{"８８００．００", 880000, "8800.00"},
		{"８，８００．５", 880050, "8800.50"},
		{"-¥12.30", -1230, "-12.30"},
		{"¥-12.30", -1230, "-12.30"},
		{"－１２．３", -1230, "-12.30"},
		{" 5", 500, "5.00"},
		{"\u30008800\u3000", 880000, "8800.00"},
		{"8 800.00", 880000, "8800.00"},
		{"100,000,000,000.00", MaxMoney, "100000000000.00"},
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
		{"8,80.00", "thousands separators in the wrong place"},
		{"88,00", "thousands separators in the wrong place"},
		{",800", "thousands separators in the wrong place"},
		{"8,800,", "thousands separators in the wrong place"},
		{"8,8000", "thousands separators in the wrong place"},
		{"8,800 000", "thousands separators in the wrong place"},
		{"8800.00,0", "not a decimal number"},
		{"8,800.005", "more than 2 decimal places"},
		{"８８００．００５", "more than 2 decimal places"},
		{"¥8800.123元", "more than 2 decimal places"},
		{"8800美元", "not a decimal number"},
		{"¥", "not a decimal number"},
		{"元", "not a decimal number"},
		{"--¥5", "not a decimal number"},
		{"-¥-5", "not a decimal number"},
		{"+¥5", "not a decimal number"},
		{"¥1e3", "not a decimal number"},
		{"100,000,000,000.01", "too large"},
		{"+5", "not a decimal number"},
		{"5.", "not a decimal number"},
		{".5", "not a decimal number"},
		{"5 5", "thousands separators in the wrong place"},
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

func TestMoneyMulRate(t *testing.T) {
	rate := decimal.RequireFromString
	for _, c := range []struct {
		amount           string
		rate             string
		halfUp, down, up string
	}{
		// A 2% guarantee on ¥5,000,000 is exact.
		{"5000000", "0.02", "100000.00", "100000.00", "100000.00"},
		// 1.5% of ¥123,456,789.01 is ¥1,851,851.83515: a part of a fen.
		{"123456789.01", "0.015", "1851851.84", "1851851.83", "1851851.84"},
		// Exactly half a fen goes up under 四舍五入, away from zero when negative.
		{"0.01", "0.5", "0.01", "0.00", "0.01"},
		{"-0.01", "0.5", "-0.01", "0.00", "-0.01"},
		{"3.33", "0.015", "0.05", "0.04", "0.05"}, // 0.04995
		{"0.03", "0.1", "0.00", "0.00", "0.01"},   // 0.003: less than half a fen
		{"1000000", "0.005", "5000.00", "5000.00", "5000.00"},
		// A raised rate (serious dishonesty doubles it) may exceed 100%.
		{"100.00", "1.5", "150.00", "150.00", "150.00"},
		{"0", "0.02", "0.00", "0.00", "0.00"},
	} {
		m := MustMoney(c.amount)
		for _, r := range []struct {
			rounding Rounding
			want     string
		}{{RoundHalfUp, c.halfUp}, {RoundDown, c.down}, {RoundUp, c.up}} {
			got, err := m.MulRate(rate(c.rate), r.rounding)
			if err != nil || got.String() != r.want {
				t.Errorf("%s × %s (rounding %d) = %s, %v; want %s", c.amount, c.rate, r.rounding, got, err, r.want)
			}
		}
	}
	if _, err := MaxMoney.MulRate(rate("1000000000"), RoundHalfUp); ErrorCode(err) != EInvalid {
		t.Errorf("overflow: %v", err)
	}
	if _, err := Money(1).MulRate(rate("1"), Rounding(9)); ErrorCode(err) != EInvalid {
		t.Errorf("unknown rounding: %v", err)
	}
}

// plainAmount is what ParseMoney must accept when within MaxMoney: digits
// (at most 16 before the point: ParseMoney refuses longer ones, zero-padded
// or not, without reading them), at most two decimals.
var plainAmount = regexp.MustCompile(`^-?[0-9]{1,16}(\.[0-9]{1,2})?$`)

// fullWidth and grammarAmount restate the amount grammar of grammar.go
// independently (a replacer and a regular expression, where ParseMoney walks
// the text by hand), so the fuzz test can hold the two against each other.
var fullWidth = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"．", ".", "，", ",", "－", "-", "−", "-", "￥", "¥", "\u3000", " ", "\u00a0", " ", "\t", " ")

var grammarAmount = regexp.MustCompile(`^ *(-)? *(?:¥ *)?(-)? *([0-9]+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+)(\.[0-9]{1,2})? *(?:元)? *$`)

// grammarValue is the plain decimal text the grammar reads s as, and whether
// s is written in the grammar at all (with at most 16 digits of yuan, the
// most ParseMoney reads).
func grammarValue(s string) (string, bool) {
	m := grammarAmount.FindStringSubmatch(fullWidth.Replace(s))
	if m == nil || (m[1] != "" && m[2] != "") {
		return "", false
	}
	whole := strings.NewReplacer(",", "", " ", "").Replace(m[3])
	return m[1] + m[2] + whole + m[4], len(whole) <= 16
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"0", "1.5", "-3.25", "1e3", "1.005", "9999999999999999999", "+1", ".5", "1.", "-0", "00012.30", "100000000000.00", "100000000000.01",
		"8,800.00", "¥8,800.00", "8800元", "８８００．００", "8,80.00", "¥-1 234.5 元", "－¥１２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		// shopspring/decimal is the oracle: it reads the same text, once
		// the grammar's decorations are taken off by grammarValue,
		// independently of our hand-written parser.
		text, inGrammar := grammarValue(s)
		oracle, oerr := decimal.NewFromString(text)
		if err != nil {
			if plainAmount.MatchString(s) && oerr == nil && oracle.Abs().LessThanOrEqual(decimal.New(int64(MaxMoney), -2)) {
				t.Fatalf("ParseMoney(%q) refused a plain amount within range: %v", s, err)
			}
			if inGrammar && oerr == nil && oracle.Abs().LessThanOrEqual(decimal.New(int64(MaxMoney), -2)) {
				t.Fatalf("ParseMoney(%q) refused an amount written in the grammar (%s): %v", s, text, err)
			}
			return
		}
		if !inGrammar {
			t.Fatalf("ParseMoney(%q) = %d fen, but it is not written in the grammar", s, m)
		}
		if oerr != nil || !oracle.Equal(decimal.New(int64(m), -2)) {
			t.Fatalf("ParseMoney(%q) = %d fen, decimal reads %v (%v)", s, m, oracle, oerr)
		}
		if plain, perr := decimal.NewFromString(s); plainAmount.MatchString(s) && (perr != nil || !plain.Equal(oracle)) {
			t.Fatalf("plain %q reads as %v through the grammar, %v directly", s, oracle, plain)
		}
		if want := decimal.New(int64(m), -2).StringFixed(2); m.String() != want {
			t.Fatalf("%d fen formats as %q, decimal as %q", m, m.String(), want)
		}
		// Whatever parses formats back to a value that parses to the same fen.
		again, err := ParseMoney(m.String())
		if err != nil || again != m {
			t.Fatalf("%q -> %d -> %q -> %d, %v", s, m, m.String(), again, err)
		}
	})
}

// The plain amounts of a large upload are read without allocating: the
// grammar's normalisation runs only for text that needs it.
func TestParseMoneyPlainDoesNotAllocate(t *testing.T) {
	var sink Money
	for _, s := range []string{"8800", "8800.5", "8800.50", "-12.30"} {
		if n := testing.AllocsPerRun(100, func() { sink, _ = ParseMoney(s) }); n != 0 {
			t.Errorf("ParseMoney(%q) allocates %v times", s, n)
		}
	}
	_ = sink
}
