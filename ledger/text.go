package ledger

import (
	"strings"
	"unicode/utf8"
)

// RefuseControl refuses a text value holding a control character or a bidi
// override: a NUL that PostgreSQL cannot store (it answered 500) and SQLite
// stored, a backspace or an escape that rewrites what a clerk's terminal
// shows, a right-to-left override that makes "6222…1234" read as another
// number on screen. Issue 16, item 8.
const RefuseControl Refusal = "control_character"

// BadTextRune returns the first rune of s that no text field may hold, and
// whether there is one: C0 controls other than tab, line feed and carriage
// return (which JSON and CSV carry as white space); DEL and the C1 controls;
// the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
// and the Arabic letter mark. Every text field read from a JSON body or a
// file cell is checked with it, at the boundary where it is decoded.
func BadTextRune(s string) (rune, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
				return rune(c), true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if badWideRune(r) {
			return r, true
		}
		i += size - 1
	}
	return 0, false
}

func badWideRune(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x061c
}

// CheckText is the field error for a text value holding a character that
// BadTextRune refuses, or nil.
func CheckText(row int, field, s string) *FieldError {
	r, bad := BadTextRune(s)
	if !bad {
		return nil
	}
	f := RefuseControl.Atf(row, field, "%s holds the control character U+%04X, which no text field may hold: remove it", field, r)
	return &f
}

// NeutraliseCell makes a value safe to write into a CSV or XLSX cell that a
// spreadsheet will open: a value starting with = + - @, a tab or a carriage
// return is a formula to Excel, WPS and LibreOffice (=HYPERLINK(…),
// @SUM(…)*cmd|…), so it gets a leading apostrophe, which spreadsheets show
// as nothing and do not evaluate (OWASP's advice for CSV injection). Every
// cell of every CSV and XLSX the service writes passes here: the bank
// instruction file, the templates. Card and account numbers are digits and
// pass unchanged.
//
// Spreadsheets skip leading spaces before reading a formula, and some read
// the full-width ＝ ＋ － ＠ that Chinese input methods type as the ASCII
// ones, so the first rune after any spaces (ASCII or ideographic) counts.
func NeutraliseCell(s string) string {
	t := strings.TrimLeft(s, " \u3000")
	if t == "" {
		return s
	}
	if r, _ := utf8.DecodeRuneInString(t); strings.ContainsRune("=+-@\t\r＝＋－＠", r) {
		return "'" + s
	}
	return s
}

// NeutraliseCells applies NeutraliseCell to every value of a row, in place.
func NeutraliseCells(row []string) []string {
	for i, v := range row {
		row[i] = NeutraliseCell(v)
	}
	return row
}
