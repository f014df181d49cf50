package ledger

import (
	"fmt"
	"time"
)

// The statutory holidays (全国年节及纪念日放假办法, as revised with effect from
// 2025) need no State Council notice: New Year's Day; the Spring Festival
// from its eve (除夕) to the third day of the first lunar month; Qingming;
// 1–2 May; the Dragon Boat Festival (5th day of the 5th lunar month); the
// Mid-Autumn Festival (15th day of the 8th lunar month); 1–3 October.
// The notice published each year only adds the bridging days off around
// them and the weekend days worked to make up for those.

// lunarHolidays are the dates of the holidays that move with the lunar
// calendar and the solar terms, 2025–2035. They were computed with the
// 6tail lunar calendar library and cross-checked against an astronomical
// computation (PyEphem: the new moon on the first lunar day, Beijing time;
// the sun at 15° ecliptic longitude on Qingming), and agree with the 2025
// and 2026 State Council notices.
var lunarHolidays = map[int]struct{ springFestival, qingming, dragonBoat, midAutumn string }{
	2025: {"2025-01-29", "2025-04-04", "2025-05-31", "2025-10-06"},
	2026: {"2026-02-17", "2026-04-05", "2026-06-19", "2026-09-25"},
	2027: {"2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15"},
	2028: {"2028-01-26", "2028-04-04", "2028-05-28", "2028-10-03"},
	2029: {"2029-02-13", "2029-04-04", "2029-06-16", "2029-09-22"},
	2030: {"2030-02-03", "2030-04-05", "2030-06-05", "2030-09-12"},
	2031: {"2031-01-23", "2031-04-05", "2031-06-24", "2031-10-01"},
	2032: {"2032-02-11", "2032-04-04", "2032-06-12", "2032-09-19"},
	2033: {"2033-01-31", "2033-04-04", "2033-06-01", "2033-09-08"},
	2034: {"2034-02-19", "2034-04-05", "2034-06-20", "2034-09-27"},
	2035: {"2035-02-08", "2035-04-05", "2035-06-10", "2035-09-16"},
}

// Notice is one year's State Council holiday notice (国务院办公厅关于…年部分节假日
// 安排的通知): every day off it lists (statutory and bridging) and the weekend
// days it makes working days.
// An operator adds a year published after the release in the policy file's
// "calendar" section, in the same shape (policy.go, checkNotice).
type Notice struct {
	Year     int         `json:"year"`
	Source   string      `json:"source"` // the notice's title or number
	builtIn  bool        // shipped with the release (stateCouncilNotices)
	DaysOff  [][2]string `json:"days_off"` // inclusive spans
	Workdays []string    `json:"workdays"` // weekend days made working days (调休)
}

// stateCouncilNotices are the published notices (DOMAIN.md). Add next year's
// when it is published, usually in November.
var stateCouncilNotices = []Notice{
	{Year: 2025, Source: "国务院办公厅关于2025年部分节假日安排的通知", builtIn: true,
		DaysOff: [][2]string{{"2025-01-01", "2025-01-01"}, {"2025-01-28", "2025-02-04"}, {"2025-04-04", "2025-04-06"},
			{"2025-05-01", "2025-05-05"}, {"2025-05-31", "2025-06-02"}, {"2025-10-01", "2025-10-08"}},
		Workdays: []string{"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"}},
	{Year: 2026, Source: "国务院办公厅关于2026年部分节假日安排的通知", builtIn: true,
		DaysOff: [][2]string{{"2026-01-01", "2026-01-03"}, {"2026-02-15", "2026-02-23"}, {"2026-04-04", "2026-04-06"},
			{"2026-05-01", "2026-05-05"}, {"2026-06-19", "2026-06-21"}, {"2026-09-25", "2026-09-27"}, {"2026-10-01", "2026-10-07"}},
		Workdays: []string{"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}},
}

// fixedHoliday reports whether d is a statutory holiday of fixed date, in
// any year: 1 January, 1–2 May, 1–3 October.
func fixedHoliday(d Date) bool {
	t := d.Time()
	switch m, day := t.Month(), t.Day(); {
	case m == time.January && day == 1, m == time.May && day <= 2, m == time.October && day <= 3:
		return true
	}
	return false
}

// lunarDaysOff lists the statutory holidays of year that move with the lunar
// calendar (none when the year is not tabulated).
func lunarDaysOff(year int) []Date {
	l, ok := lunarHolidays[year]
	if !ok {
		return nil
	}
	sf := mustDate(l.springFestival)
	return []Date{sf.AddDays(-1), sf, sf.AddDays(1), sf.AddDays(2), mustDate(l.qingming), mustDate(l.dragonBoat), mustDate(l.midAutumn)}
}

// lunarHolidaysKnown reports whether the lunar holidays of year are tabulated.
func lunarHolidaysKnown(year int) bool {
	_, ok := lunarHolidays[year]
	return ok
}

func mustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(fmt.Sprintf("ledger: built-in date %q: %v", s, err))
	}
	return d
}

// SourceText is where the notice comes from, for a reader: its title (the
// same in every language: the notice is looked up by it), said to be built
// in when the release ships it; a policy file's as the operator wrote it.
func (n Notice) SourceText() Msg {
	if n.builtIn {
		return M("%s (built in)", n.Source)
	}
	return Verbatim(n.Source)
}
