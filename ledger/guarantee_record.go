package ledger

import "slices"

// What the books know of a general contractor's record when its guarantee is
// sized: whether it owes wages past their pay day now, on any project.

// OwedPeriod is one worker's wages still owed on a project for a period,
// with the project's pay rule.
type OwedPeriod struct {
	ProjectID string
	PayRule   PayRule
	Period    Period
	Amount    Money
}

// AnyOverdue reports whether any of owed is past its pay day on date: the
// pay day (moved to the working day before a rest day) is before it.
func (c *Calendar) AnyOverdue(owed []OwedPeriod, on Date) bool {
	for _, o := range owed {
		if o.Amount > 0 && c.PayDay(o.Period, o.PayRule).Before(on) {
			return true
		}
	}
	return false
}

// OverdueSum is what of owed is past its pay day on date.
func (c *Calendar) OverdueSum(owed []OwedPeriod, on Date) Money {
	var sum Money
	for _, o := range owed {
		if o.Amount > 0 && c.PayDay(o.Period, o.PayRule).Before(on) {
			sum += o.Amount
		}
	}
	return sum
}

// InspectorsOnly reports whether rule r's alerts are the inspectors' and
// administrators' alone: to a contractor (and a bank) they do not exist
// (store: inspectorsOnly). complaint_open is one: it is about a complaint
// and how the inspectorate handles it, and its severity and history follow
// the complainant's own unpaid wages (LSIR Art. 9).
func (r Rule) InspectorsOnly() bool { return r == RuleComplaintOpen }

// OnContractorRecord reports whether rule r's alerts count in a general
// contractor's record when its guarantee is sized (RecordHistory: the days
// its projects' alerts were first seen). Every rule's does — an arrears
// alert by its stream, the others as compliance — except an
// inspectors-only rule's: a complaint is not the contractor's failure
// (it may be refused, or not borne out by the books), and a record it
// changed would tell the contractor, which reads every other alert of its
// projects, that someone complained: "not exempt" with a clean record in
// sight points at a hidden complaint.
func (r Rule) OnContractorRecord() bool { return r.Valid() && !r.InspectorsOnly() }

// OffContractorRecord lists the rules whose alerts are left out of a
// contractor's record (OnContractorRecord), in report order.
func OffContractorRecord() []Rule {
	var out []Rule
	for _, r := range Rules {
		if !r.OnContractorRecord() {
			out = append(out, r)
		}
	}
	return out
}

// RecordHistory is what the service's own alerts say of a general
// contractor (DOMAIN.md "Wage-guarantee size": arrears in the 2 years before
// raise the rate, 2 clean years cut it): the days its projects' arrears
// alerts were first seen and it was proposed for the blacklist (Arrears),
// the days its projects' compliance alerts were first seen (Compliance;
// the alerts of rules OnContractorRecord only), and
// the first night the check ran at all (KnownFrom; zero: never), before
// which nothing is known.
type RecordHistory struct {
	KnownFrom  Date
	Arrears    []Date
	Compliance []Date
}

// Apply fills rec from the history as it stood on signedOn: arrears within
// lookbackYears before signing (the raise) and within the year before (no
// exemption), and the full years since the later of KnownFrom and the last
// arrears (clean years) or the last alert of either stream (compliant
// years). The arrears history counts as checked once the check has run for
// at least the year before signing, the span the exemption asks about, or
// when it holds arrears; otherwise it stays unchecked and grants nothing.
func (h RecordHistory) Apply(rec ContractorRecord, signedOn Date, lookbackYears int) ContractorRecord {
	if h.KnownFrom.IsZero() || !h.KnownFrom.Before(signedOn) {
		return rec
	}
	lookback, yearBefore := yearsBefore(signedOn, lookbackYears), yearsBefore(signedOn, 1)
	lastArrears, lastAny := Date{}, Date{}
	for _, d := range h.Arrears {
		if !d.Before(signedOn) {
			continue
		}
		rec.ArrearsInLookback = rec.ArrearsInLookback || !d.Before(lookback)
		rec.ArrearsYearBefore = rec.ArrearsYearBefore || !d.Before(yearBefore)
		lastArrears, lastAny = later(lastArrears, d.AddDays(1)), later(lastAny, d.AddDays(1))
	}
	for _, d := range h.Compliance {
		if d.Before(signedOn) {
			lastAny = later(lastAny, d.AddDays(1))
		}
	}
	if h.KnownFrom.After(yearBefore) && lastArrears.IsZero() {
		return rec // less than a year of history and nothing in it
	}
	rec.CleanYears = fullYears(later(h.KnownFrom, lastArrears), signedOn)
	rec.CompliantYears = fullYears(later(h.KnownFrom, lastAny), signedOn)
	rec.Unchecked = slices.DeleteFunc(slices.Clone(rec.Unchecked), func(p RecordPart) bool { return p == RecordArrearsHistory })
	return rec
}

// yearsBefore is the same day n years before d.
func yearsBefore(d Date, n int) Date { return d.addDate(-n, 0, 0) }

// fullYears counts the whole years from from to to (zero when to is not later).
func fullYears(from, to Date) int {
	n := 0
	for !yearsBefore(to, n+1).Before(from) {
		n++
	}
	return n
}
