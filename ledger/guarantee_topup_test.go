package ledger

import (
	"strings"
	"testing"
)

// A top-up restores what drawdowns took, no more, and is judged against the
// latest drawdown's deadline.
func TestDecideTopUp(t *testing.T) {
	today, by := MustDate("2026-11-20"), MustDate("2026-11-16")
	until := MustDate("2027-06-30")
	drawnCash := &WageGuarantee{Form: FormCash, Reference: "CASH-1", Amount: 1000, ValidFrom: MustDate("2026-03-01"), Drawn: 300, TopUpBy: &by}
	drawnLetter := &WageGuarantee{Form: FormBankLetter, Reference: "BG-1", Amount: 1000, ValidFrom: MustDate("2026-03-01"), ValidUntil: &until, Drawn: 300, TopUpBy: &by}
	whole := &WageGuarantee{Form: FormBankLetter, Reference: "BG-2", Amount: 1000, ValidFrom: MustDate("2026-03-01"), ValidUntil: &until}
	expired := &WageGuarantee{Form: FormBankLetter, Reference: "BG-3", Amount: 1000, ValidFrom: MustDate("2025-03-01"), ValidUntil: ptrDate(MustDate("2026-03-01")), Drawn: 300}
	in := func(amount Money, ref, on string) TopUpInput {
		i := TopUpInput{Amount: amount, Reference: ref}
		if on != "" {
			i.On = MustDate(on)
		}
		return i
	}
	cases := []struct {
		name     string
		g        *WageGuarantee
		cash     Money
		in       TopUpInput
		err      string // the error's code and fields, "" when accepted
		restored bool
		met      string // "met", "missed" or "" when no deadline is judged
	}{
		{"cash in part", drawnCash, 700, in(100, "T-1", "2026-11-10"), "", false, ""},
		{"cash in full, on time", drawnCash, 700, in(300, "T-1", "2026-11-16"), "", true, "met"},
		{"cash in full, late", drawnCash, 700, in(300, "T-1", ""), "", true, "missed"},
		{"letter amended in full", drawnLetter, 0, in(300, "BG-1-A1", "2026-11-12"), "", true, "met"},
		{"more than it is short", drawnLetter, 0, in(301, "T-1", ""), "invalid amount", false, ""},
		{"nothing, no reference, in the future", drawnLetter, 0, in(0, "", "2026-11-21"), "invalid amount reference topped_up_on", false, ""},
		{"before it was lodged", drawnLetter, 0, in(10, "T-1", "2026-02-01"), "invalid topped_up_on", false, ""},
		{"reference too long", drawnLetter, 0, in(10, strings.Repeat("x", 101), ""), "invalid reference", false, ""},
		{"not drawn", whole, 0, in(10, "T-1", ""), "conflict", false, ""},
		{"expired", expired, 0, in(10, "T-1", ""), "conflict", false, ""},
	}
	for _, c := range cases {
		p, err := DecideTopUp(c.g, CoverOf(c.g, c.cash, today, 30), c.in, today)
		got := ""
		if err != nil {
			got = ErrorCode(err)
			for _, f := range ErrorFields(err) {
				got += " " + f.Field
			}
		}
		if got != c.err {
			t.Errorf("%s: error %q (%v), want %q", c.name, got, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		met := ""
		if p.DeadlineMet != nil {
			met = map[bool]string{true: "met", false: "missed"}[*p.DeadlineMet]
		}
		if p.Restored != c.restored || met != c.met || p.MovesCash != (c.g.Form == FormCash) {
			t.Errorf("%s: %+v, want restored %v deadline %q", c.name, p, c.restored, c.met)
		}
	}
}

// Where a guarantee stands against its top-up deadline, on a date.
func TestTopUpStatusOf(t *testing.T) {
	by := MustDate("2026-11-16")
	g := func(drawnDeadline bool, last string) *WageGuarantee {
		w := &WageGuarantee{Amount: 1000}
		if drawnDeadline {
			w.TopUpBy = &by
		}
		if last != "" {
			d := MustDate(last)
			w.LastTopUpOn = &d
		}
		return w
	}
	cases := []struct {
		name   string
		g      *WageGuarantee
		counts Money
		on     string
		want   TopUpStatus
	}{
		{"never drawn", g(false, ""), 1000, "2026-11-20", TopUpNone},
		{"short, before the deadline", g(true, ""), 700, "2026-11-16", TopUpDue},
		{"short, after the deadline", g(true, ""), 700, "2026-11-17", TopUpMissed},
		{"topped up by the deadline", g(true, "2026-11-16"), 1000, "2026-12-01", TopUpMet},
		{"topped up after the deadline", g(true, "2026-11-17"), 1000, "2026-12-01", TopUpMissed},
		{"back without a top-up: the drawdown failed", g(true, ""), 1000, "2026-12-01", TopUpMet},
	}
	for _, c := range cases {
		if got := TopUpStatusOf(c.g, c.counts, MustDate(c.on)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func ptrDate(d Date) *Date { return &d }
