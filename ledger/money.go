package ledger

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Money is an amount of renminbi in fen (1 yuan = 100 fen). It never passes
// through a float: parsing and formatting work on the decimal digits.
//
// An exception to DESIGN.md's first principle, which says shopspring/decimal
// parses and formats money at the edges: here it does not. ParseMoney and
// String are written by hand: they run for every amount of a 100,000-line
// payroll upload, where a decimal's big-integer allocation per amount would
// cost. They stay exact (digits in, digits out, no float, a third decimal
// place refused) and FuzzParseMoney checks both against shopspring/decimal
// as an oracle. Where DESIGN's rule is kept: rates (a 2% guarantee) are
// decimals, and MulRate multiplies by them exactly with a stated rounding.
// README's "Amounts and dates" says the same.
type Money int64

// MaxMoney is the largest amount ParseMoney accepts: 100 billion yuan, above the
// largest construction contract, and small enough (10^13 fen) that a sum of
// 900,000 such amounts still fits in an int64.
const MaxMoney Money = 100_000_000_000_00

// ParseMoney reads a yuan amount in the one grammar every file and JSON body
// uses (grammar.go): "8800", "8800.5", "8,800.00", "¥8,800.00", "8800元",
// full-width "８８００．００", "-12.30". It refuses a third decimal place (never
// rounds), exponents, misplaced thousands separators ("8,80.00"), a leading
// plus, and amounts beyond MaxMoney.
//
// Plain ASCII "digits[.dd]" — nearly every amount of a large upload — is
// read in place without allocating; anything else is first normalised to
// that form by normaliseAmount.
func ParseMoney(s string) (Money, error) {
	if s == "" {
		return 0, Errorf(EInvalid, "amount is empty")
	}
	if !plainASCIIAmount(s) {
		plain, problem := normaliseAmount(s)
		if problem.Key != "" {
			return 0, Errorf(EInvalid, "amount %q %s", clip(s), problem)
		}
		return parseFixed2(plain, s)
	}
	return parseFixed2(s, s)
}

// parseFixed2 reads s, a plain "-digits[.d[d]]", as hundredths; in is what the
// user wrote, for the error message.
func parseFixed2(s, in string) (Money, error) {
	if in == "" {
		return 0, Errorf(EInvalid, "amount is empty")
	}
	neg := false
	if s != "" && s[0] == '-' {
		neg = true
		s = s[1:]
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return 0, Errorf(EInvalid, "amount %q is not a decimal number like \"1234.50\"", clip(in))
	}
	if len(frac) > 2 {
		return 0, Errorf(EInvalid, "amount %q has more than 2 decimal places; amounts are in yuan with at most fen", clip(in))
	}
	if len(whole) > 16 {
		return 0, Errorf(EInvalid, "amount %q is too large", clip(in))
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, Errorf(EInvalid, "amount %q is too large", clip(in))
	}
	var f int64
	for i := 0; i < 2; i++ {
		f *= 10
		if i < len(frac) {
			f += int64(frac[i] - '0')
		}
	}
	v := w*100 + f
	if Money(v) > MaxMoney {
		return 0, Errorf(EInvalid, "amount %q is too large", clip(in))
	}
	if neg {
		v = -v
	}
	return Money(v), nil
}

// MustMoney parses s and panics on error; for tests and constants only.
func MustMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip keeps a hostile input from flooding an error message.
func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}

// String formats m as yuan with exactly two decimals: "1234.50", "-0.05".
func (m Money) String() string {
	v := int64(m)
	sign := ""
	if v < 0 {
		sign = "-"
		if v == math.MinInt64 {
			return "-92233720368547758.08"
		}
		v = -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// Add returns m+o, refusing overflow.
func (m Money) Add(o Money) (Money, error) {
	s := m + o
	if (o > 0 && s < m) || (o < 0 && s > m) {
		return 0, Errorf(EInvalid, "amount overflow adding %s and %s", m, o)
	}
	return s, nil
}

// Rounding says how an amount computed between two fen is settled: a rate
// times an amount rarely falls on a whole fen, and the law's figures are
// rounded one stated way, never by accident of a float.
type Rounding int

const (
	// RoundHalfUp is 四舍五入: half a fen or more goes to the next fen away
	// from zero (0.005 yuan → 0.01, -0.005 → -0.01), less is dropped.
	RoundHalfUp Rounding = iota
	// RoundDown drops any part of a fen (towards zero).
	RoundDown
	// RoundUp takes any part of a fen to the next whole fen (away from zero).
	RoundUp
)

// MulRate returns m × rate rounded to the fen as r says: the size of a wage
// guarantee is the contract amount times the province's rate (0.02 for
// 2%). The product is exact in decimal before it is rounded; a result beyond
// int64 fen is refused.
func (m Money) MulRate(rate decimal.Decimal, r Rounding) (Money, error) {
	exact := decimal.New(int64(m), 0).Mul(rate)
	var fen decimal.Decimal
	switch r {
	case RoundHalfUp:
		fen = exact.Round(0) // half away from zero
	case RoundDown:
		fen = exact.RoundDown(0)
	case RoundUp:
		fen = exact.RoundUp(0)
	default:
		return 0, Errorf(EInvalid, "unknown rounding %d", r)
	}
	if b := fen.BigInt(); !b.IsInt64() {
		return 0, Errorf(EInvalid, "amount overflow: %s × %s", m, rate)
	}
	return Money(fen.IntPart()), nil
}

// MarshalJSON writes money as a decimal string, never a JSON number.
func (m Money) MarshalJSON() ([]byte, error) {
	return []byte(`"` + m.String() + `"`), nil
}

// UnmarshalJSON accepts only a decimal string: a JSON number would have passed
// through a float in most clients before it reached us.
func (m *Money) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EInvalid, "amount must be a decimal string like \"5230.50\", got %s", clip(string(b)))
	}
	v, err := ParseMoney(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}
