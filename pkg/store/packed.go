package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// packedRow is one row read as a single packed column (Dialect.packed): its
// fields are substrings of the one string the driver made, so reading them
// allocates nothing more.
type packedRow struct {
	fields []string
	err    error
}

// str is field i as it is.
func (r *packedRow) str(i int) string { return r.fields[i] }

// int is field i as an integer.
func (r *packedRow) int(i int) int64 {
	n, err := strconv.ParseInt(r.fields[i], 10, 64)
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("store: field %d of a packed row is not an integer: %w", i, err)
	}
	return n
}

// bool is field i as a boolean, written as either database writes one as
// text (PostgreSQL true/false, SQLite 1/0).
func (r *packedRow) bool(i int) bool {
	switch r.fields[i] {
	case "true", "t", "1":
		return true
	case "false", "f", "0":
		return false
	}
	if r.err == nil {
		r.err = fmt.Errorf("store: field %d of a packed row is not a boolean: %q", i, r.fields[i])
	}
	return false
}

// date is field i as a date (YYYY-MM-DD, anything after it ignored as
// Date.Scan does), zero when empty (NULL).
func (r *packedRow) date(i int) ledger.Date {
	s := r.fields[i]
	if s == "" {
		return ledger.Date{}
	}
	if len(s) > 10 {
		s = s[:10]
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, m, d := digits(s[:4]), digits(s[5:7]), digits(s[8:])
		// A real date only: NewDate would carry a 30 February into March.
		if y > 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
			return ledger.NewDate(y, time.Month(m), d)
		}
	}
	v, err := ledger.ParseDate(s)
	if err != nil && r.err == nil {
		r.err = err
	}
	return v
}

// period is field i as a period (YYYY-MM), zero when empty.
func (r *packedRow) period(i int) ledger.Period {
	s := r.fields[i]
	if s == "" {
		return ledger.Period{}
	}
	if len(s) == 7 && s[4] == '-' {
		if y, m := digits(s[:4]), digits(s[5:]); y > 0 && m >= 1 && m <= 12 {
			return ledger.Period{Year: y, Month: time.Month(m)}
		}
	}
	v, err := ledger.ParsePeriod(s)
	if err != nil && r.err == nil {
		r.err = err
	}
	return v
}

// daysIn is the number of days of month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// digits is s as a decimal number, -1 when s is not all digits.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// scanPackedGroups runs query, which selects one column of packed groups
// of rows of width fields (Dialect.packedGroups), calls group with each
// group's key, and the function it returns with every row of the group split
// into its fields: each reads the fields it needs through the row, and any
// field that does not read is the error returned. What a group's rows share
// (their project's facts) is looked up once a group, not once a row.
func scanPackedGroups(q Querier, query string, args []any, width int, group func(key string) func(r *packedRow)) error {
	rq, ok := q.(rowQuerier)
	if !ok {
		return fmt.Errorf("store: %T cannot read rows one at a time", q)
	}
	rows, err := rq.queryRows(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var s string
	r := &packedRow{fields: make([]string, width)}
	for rows.Next() {
		if err := rows.Scan(&s); err != nil {
			return err
		}
		key, rest, _ := strings.Cut(s, "\x1e")
		each := group(key)
		for record := range strings.SplitSeq(rest, "\x1e") {
			if err := r.split(record, width); err != nil {
				return fmt.Errorf("%w, in the rows of %q", err, key)
			}
			each(r)
			if r.err != nil {
				return fmt.Errorf("%w, in the rows of %q", r.err, key)
			}
		}
	}
	return rows.Err()
}

// split cuts one packed row into its width fields.
func (r *packedRow) split(rest string, width int) error {
	for i := range width - 1 {
		cut := strings.IndexByte(rest, 0x1F)
		if cut < 0 {
			return fmt.Errorf("store: a packed row has %d fields, want %d", i+1, width)
		}
		r.fields[i], rest = rest[:cut], rest[cut+1:]
	}
	if strings.IndexByte(rest, 0x1F) >= 0 {
		return fmt.Errorf("store: a packed row has more than %d fields", width)
	}
	r.fields[width-1] = rest
	return nil
}
