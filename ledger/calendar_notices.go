package ledger

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// A year's State Council notice is data: the built-in ones are in
// holidays.go; an operator adds a year published since the release in the
// policy file's "calendar" section, without a new release. The file's
// notices are checked as strictly as the rest of the file.

// decodeNotices reads the calendar section, adding every problem to v with
// its entry and key.
func decodeNotices(v *Validation, raws []json.RawMessage) []Notice {
	var out []Notice
	seen := map[int]int{}
	for _, n := range stateCouncilNotices {
		seen[n.Year] = -1
	}
	for i, raw := range raws {
		where := fmt.Sprintf("calendar[%d]", i)
		var n Notice
		if err := decodeStrict(raw, &n); err != nil {
			fe := entryError(where, err).(*Error).Fields[0]
			v.Fields = append(v.Fields, fe)
			continue
		}
		switch j, dup := seen[n.Year]; {
		case dup && j < 0:
			v.Add(where+".year", "built_in", "the notice for %d is built in: it cannot be added again", n.Year)
			continue
		case dup:
			v.Add(where+".year", "duplicate", "calendar[%d] is already the notice for %d", j, n.Year)
			continue
		}
		seen[n.Year] = i
		if checkNotice(v, where, n) {
			out = append(out, n)
		}
	}
	return out
}

// checkNotice: a notice's days are dates of its own year; its spans of days
// off do not overlap; its make-up working days are weekend days that are not
// also days off. It reports whether the notice is sound.
func checkNotice(v *Validation, where string, n Notice) bool {
	before := len(v.Fields)
	if n.Year < 2000 || n.Year > 2100 {
		v.Add(where+".year", "out_of_range", "year %d is not a year a notice is published for", n.Year)
		return false
	}
	if strings.TrimSpace(n.Source) == "" {
		v.Add(where+".source", "required", "say which notice it is (its title or number): GET /policy shows it")
	}
	if len(n.DaysOff) == 0 {
		v.Add(where+".days_off", "required", "a notice lists its days off")
	}
	day := func(key, text string) (Date, bool) {
		d, err := ParseDate(text)
		switch {
		case err != nil:
			v.Add(key, "format", "%q is not a date written YYYY-MM-DD", clip(text))
		case d.Time().Year() != n.Year:
			v.Add(key, "wrong_year", "%s is not in %d, the year of the notice", d, n.Year)
		default:
			return d, true
		}
		return Date{}, false
	}
	type span struct {
		from, to Date
		i        int
	}
	var spans []span
	for i, s := range n.DaysOff {
		key := fmt.Sprintf("%s.days_off[%d]", where, i)
		from, ok1 := day(key+"[0]", s[0])
		to, ok2 := day(key+"[1]", s[1])
		switch {
		case !ok1 || !ok2:
		case to.Before(from):
			v.Add(key, "before_start", "the span ends on %s, before it starts on %s", to, from)
		default:
			spans = append(spans, span{from, to, i})
		}
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].from.Before(spans[b].from) })
	for k := 1; k < len(spans); k++ {
		if !spans[k].from.After(spans[k-1].to) {
			v.Add(fmt.Sprintf("%s.days_off[%d]", where, spans[k].i), "overlap", "the span from %s overlaps days_off[%d], to %s", spans[k].from, spans[k-1].i, spans[k-1].to)
		}
	}
	for i, w := range n.Workdays {
		key := fmt.Sprintf("%s.workdays[%d]", where, i)
		d, ok := day(key, w)
		if !ok {
			continue
		}
		if wd := d.Time().Weekday(); wd != time.Saturday && wd != time.Sunday {
			v.Add(key, "not_weekend", "%s is a %s: a make-up working day is a weekend day", d, wd)
		}
		for _, s := range spans {
			if !d.Before(s.from) && !d.After(s.to) {
				v.Add(key, "overlap", "%s is also a day off (days_off[%d])", d, s.i)
			}
		}
	}
	return len(v.Fields) == before
}

// Calendar is the working-day calendar under the policy: the built-in
// statutory holidays and notices, and the notices the policy file adds.
func (p *Policy) Calendar() *Calendar {
	c := DefaultCalendar()
	for _, n := range p.Notices {
		c.AddNotice(n)
	}
	return c
}

// CalendarNotices lists every notice in force, built in or added, by year.
func (p *Policy) CalendarNotices() []Notice {
	out := append(append([]Notice(nil), stateCouncilNotices...), p.Notices...)
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}
