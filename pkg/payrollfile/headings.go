package payrollfile

import (
	"strings"
	"unicode/utf8"

	"github.com/wageguard/wageguard/ledger"
)

// Codes of the warnings a header row earns: the file is still read.
const (
	// ColumnReadAs: a heading that is not one of a field's names but close
	// to exactly one ("本人确认" for 签字确认) is read as that field.
	ColumnReadAs ledger.Refusal = "column_read_as"
	// ColumnUnknown: a heading that names no field is ignored; the warning
	// names it, and suggests the fields it is close to when there are several.
	ColumnUnknown ledger.Refusal = "unknown_column"
)

// near returns the fields whose names come close to heading without
// matching it: one contains the other (身份证 in 身份证号), or they differ by
// a character or two (本人确认 and 签字确认).
func (s *Schema) near(heading string) []int {
	h := normaliseHeading(heading)
	if h == "" {
		return nil
	}
	var out []int
	for i, f := range s.Fields {
		if f.Exact {
			continue
		}
		for _, name := range append([]string{f.Name}, f.Aliases...) {
			if headingsClose(h, normaliseHeading(name)) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// headingsClose is the near-miss rule: containment of a name long enough to
// mean something (two Chinese characters, four letters), or an edit distance
// of one (three characters or more) or two (six or more).
func headingsClose(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	short := min(len(ra), len(rb))
	meaningful := func(s string) bool {
		n := utf8.RuneCountInString(s)
		return n >= 4 || (n >= 2 && len(s) > n) // multi-byte: Chinese
	}
	if (strings.Contains(a, b) && meaningful(b)) || (strings.Contains(b, a) && meaningful(a)) {
		return true
	}
	d := editDistance(ra, rb)
	return (short >= 3 && d <= 1) || (short >= 6 && d <= 2) || (short >= 4 && d <= 2 && len(a) > len(ra))
}

// editDistance is the Levenshtein distance between two rune strings.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// mapHeader maps the cells of the header row on row: exact names first,
// then near misses for the cells left over, each unknown or guessed column
// named in a warning. seen maps field position → cell position.
func (s *Schema) mapHeader(cells []string, row int) (cols []int, seen map[int]int, warnings []ledger.FieldError, err error) {
	cols, seen = make([]int, len(cells)), map[int]int{}
	for c, cell := range cells {
		cols[c] = s.index(cell)
		if cols[c] < 0 {
			continue
		}
		if prev, dup := seen[cols[c]]; dup {
			return nil, nil, nil, ledger.Errorf(ledger.EInvalid, "row %d: columns %d and %d both mean %q", row, prev+1, c+1, s.Fields[cols[c]].Name)
		}
		seen[cols[c]] = c
	}
	for c, cell := range cells {
		heading := strings.TrimSpace(cell)
		if cols[c] >= 0 || normaliseHeading(heading) == "" {
			continue
		}
		var free []int
		for _, fi := range s.near(heading) {
			if _, taken := seen[fi]; !taken {
				free = append(free, fi)
			}
		}
		at := ledger.M("column %d %q", c+1, heading)
		switch {
		case len(free) == 1:
			cols[c], seen[free[0]] = free[0], c
			warnings = append(warnings, ColumnReadAs.Atf(row, heading, "%s is read as %s: rename it to that heading to be sure", at, headingHint(s.Fields[free[0]])))
		case len(free) > 1:
			var names []string
			for _, fi := range free {
				names = append(names, headingHint(s.Fields[fi]))
			}
			warnings = append(warnings, ColumnUnknown.Atf(row, heading, "%s is not a column of the %s file and was ignored; did you mean %s?", at, ledger.M(s.Kind), strings.Join(names, " / ")))
		default:
			warnings = append(warnings, ColumnUnknown.Atf(row, heading, "%s is not a column of the %s file and was ignored", at, ledger.M(s.Kind)))
		}
	}
	return cols, seen, warnings, nil
}

// missingHint names a required field the header lacks, with the columns
// left unread whose headings come close to it ("金额" for net_pay), so that
// the clerk knows which heading to rename.
func (s *Schema) missingHint(fi int, cells []string, cols []int) ledger.Msg {
	hint := ledger.Verbatim(headingHint(s.Fields[fi]))
	for c, cell := range cells {
		if cols[c] >= 0 {
			continue
		}
		for _, near := range s.near(cell) {
			if near == fi {
				hint = ledger.M("%s (is it column %d %q?)", hint, c+1, strings.TrimSpace(cell))
				break
			}
		}
	}
	return hint
}
