package ledger

import (
	"strconv"
	"strings"
	"time"
)

// The one grammar for amounts and dates, the same in payroll, worker and
// attendance files, bank result files, and every JSON body (where amounts and
// dates are always strings). README.md "Amounts and dates" documents it for
// users; this is the only place that reads them.
//
// Amounts (ParseMoney), in yuan with at most two decimals:
//
//	8800   8800.5   8,800.00   ¥8,800.00   ￥8800   8800元   ８８００．００   -12.30
//
//   - surrounding spaces (ASCII, full-width, no-break) are ignored;
//   - full-width digits, point (．), comma (，) and minus (－) read as ASCII;
//   - a currency sign (¥ or ￥) may lead and 元 may follow;
//   - thousands separators (a comma, or a space) group the whole yuan in
//     threes: "8,800" and "1,234,567.00", never "8,80.00" or "88,00";
//   - a third decimal place is an error, never rounded; no exponent, no "+".
//
// Dates (ParseDateLoose, and ledger.Date in JSON):
//
//	2026-11-13   2026/11/13   2026.11.13   20261113   2026-1-3   2026年11月13日   46339
//
//   - full-width digits and separators read as ASCII;
//   - a five-digit number is an Excel serial date (days since 1899-12-30,
//     what a date cell holds when its format is lost), optionally with a
//     time-of-day fraction that is ignored: 46339 is 2026-11-13;
//   - impossible dates (2025-02-30) are refused.

// GET /formats and `wageguard formats` summarise the grammar for people in
// their language: pkg/i18n's formats.amounts and formats.dates.

// plainASCIIAmount reports whether s is already in the plain form
// "-digits.dd" that parseFixed2 reads without help: true for the amounts of
// nearly every upload, so they skip normalisation and its allocation.
func plainASCIIAmount(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// amountRunes maps the full-width forms Chinese input methods produce to
// ASCII, every kind of space to ' ' and ￥ to ¥.
func amountRune(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return '0' + (r - '０')
	case r == '．':
		return '.'
	case r == '，':
		return ','
	case r == '－' || r == '−':
		return '-'
	case r == '￥':
		return '¥'
	case r == '\u3000' || r == '\u00a0' || r == '\t':
		return ' '
	}
	return r
}

// normaliseAmount turns an amount written any way the grammar allows into
// the plain "-digits[.dd]" parseFixed2 reads, or says what is wrong with it
// (a message to follow the amount, its Key empty when nothing is wrong).
// What it cannot place (letters, a second sign) is left for parseFixed2 to
// refuse as "not a decimal number".
func normaliseAmount(s string) (plain string, problem Msg) {
	// Tokens, each optionally followed by spaces: [-] [¥] [-] number [元].
	t := strings.Trim(strings.Map(amountRune, s), " ")
	neg := false
	if rest, ok := strings.CutPrefix(t, "-"); ok {
		neg, t = true, strings.TrimLeft(rest, " ")
	}
	if rest, ok := strings.CutPrefix(t, "¥"); ok {
		t = strings.TrimLeft(rest, " ")
	}
	if rest, ok := strings.CutPrefix(t, "-"); ok && !neg {
		neg, t = true, strings.TrimLeft(rest, " ") // ¥-12.30
	}
	t = strings.TrimRight(strings.TrimSuffix(t, "元"), " ")
	whole, frac, hasDot := strings.Cut(t, ".")
	if strings.ContainsAny(whole, ", ") {
		grouped, ok := ungroupThousands(whole)
		if !ok {
			return "", M("has its thousands separators in the wrong place: they group the yuan in threes, like \"8,800.00\"")
		}
		whole = grouped
	}
	var b strings.Builder
	b.Grow(len(whole) + len(frac) + 2)
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(whole)
	if hasDot {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String(), Msg{}
}

// ungroupThousands removes the separators (comma or space, one kind) of
// "1,234,567": a first group of one to three digits, then groups of exactly
// three. Anything else is refused rather than guessed.
func ungroupThousands(whole string) (string, bool) {
	sep := ","
	if !strings.Contains(whole, ",") {
		sep = " "
	}
	groups := strings.Split(whole, sep)
	for i, g := range groups {
		if !allDigits(g) || g == "" || len(g) > 3 || (i > 0 && len(g) != 3) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// dateLayouts are the written forms of a date the grammar reads.
var dateLayouts = []string{"2006-01-02", "2006/01/02", "2006/1/2", "2006-1-2", "20060102", "2006.01.02", "2006.1.2", "2006年1月2日"}

// dateSeparators maps full-width separators to ASCII (digits are done by
// NormaliseDigits).
var dateSeparators = strings.NewReplacer("／", "/", "－", "-", "．", ".")

// excelEpoch is day 0 of Excel's serial dates: 1899-12-30, so that serial 61
// onwards is right despite Excel's fictitious 1900-02-29.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseDateLoose reads a date in the grammar above; on failure it returns a
// message to follow the field's name (its Key is empty on success).
func ParseDateLoose(s string) (Date, Msg) {
	s = strings.TrimSpace(dateSeparators.Replace(NormaliseDigits(s)))
	if s == "" {
		return Date{}, M("is required (YYYY-MM-DD)")
	}
	if d, ok := excelSerialDate(s); ok {
		return d, Msg{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return NewDate(t.Year(), t.Month(), t.Day()), Msg{}
		}
	}
	return Date{}, M("%q is not a date: write it as 2026-11-13, 2026/11/13 or 2026年11月13日", clip(s))
}

// excelSerialDate reads a five-digit Excel serial date (1927-05-18 to
// 2173-10-14), with or without a time-of-day fraction.
func excelSerialDate(s string) (Date, bool) {
	days, frac, hasDot := strings.Cut(s, ".")
	if len(days) != 5 || !allDigits(days) || (hasDot && (frac == "" || !allDigits(frac))) {
		return Date{}, false
	}
	n, err := strconv.Atoi(days)
	if err != nil {
		return Date{}, false
	}
	t := excelEpoch.AddDate(0, 0, n)
	return NewDate(t.Year(), t.Month(), t.Day()), true
}
