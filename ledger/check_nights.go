package ledger

// Which nights the scheduled check owes, and which a person may ask for.

// MaxCatchUpNights bounds the backlog the scheduled check works through at
// once: after an outage longer than that, the nights before the last
// MaxCatchUpNights are not checked by the schedule; the run records the
// range it skipped (a failed run naming it, in GET /checks), and an
// operator checks those nights by hand if they matter.
const MaxCatchUpNights = 31

// NightsOwed are the nights the scheduled check owes on today, oldest
// first: every night after the last one a run finished (lastFinished) up to
// yesterday; only yesterday when no run has finished (lastFinished zero);
// none when yesterday is checked. Only the latest finished night is a
// starting point: an old night checked by hand is not. When more than
// window nights are owed, the owed are the last window of them and
// skippedFrom … skippedTo the nights before them (zero when none is
// skipped), which the caller records.
func NightsOwed(lastFinished, today Date, window int) (owed []Date, skippedFrom, skippedTo Date) {
	yesterday := today.AddDays(-1)
	first := yesterday
	if !lastFinished.IsZero() {
		first = lastFinished.AddDays(1)
	}
	if earliest := yesterday.AddDays(1 - window); first.Before(earliest) {
		skippedFrom, skippedTo, first = first, earliest.AddDays(-1), earliest
	}
	for d := first; !d.After(yesterday); d = d.AddDays(1) {
		owed = append(owed, d)
	}
	return owed, skippedFrom, skippedTo
}

// CheckableNight refuses a night a person asks to check (as_of) that is
// after today, or before the first project started (firstStart; zero when
// no project exists yet, when any night that has come may be checked, and
// checks nothing): a stray old night checks nothing and would only confuse
// the record.
func CheckableNight(asOf, today, firstStart Date) error {
	switch {
	case asOf.IsZero():
		return Errorf(EInvalid, "as_of is required (YYYY-MM-DD)")
	case asOf.After(today):
		return Errorf(EInvalid, "as_of %s is after today, %s: a night is checked once it has come", asOf, today)
	case !firstStart.IsZero() && asOf.Before(firstStart):
		return Errorf(EInvalid, "as_of %s is before the first project started, on %s: there is nothing to check", asOf, firstStart)
	}
	return nil
}
