package ledger

// A complaint's deadlines by date. "As of D" reads every fact by its
// business date: a night before an extension was decided is judged by the
// deadline in force on it, the one the extension replaced, whenever that
// night is checked (a re-run of a past night included).

// RecordExtension keeps, on a complaint a decision (DecideComplaintAction)
// has just extended, the day of the extension and the deadline to conclude
// it replaced; any other decision leaves now as it is.
func RecordExtension(was, now Complaint, on Date) Complaint {
	if now.Extended && !was.Extended {
		now.ExtendedOn, now.ConcludeByBefore = on, was.ConcludeBy
	}
	return now
}

// concludeByOn is the deadline to conclude the complaint in force on d:
// the one an extension replaced before the day the extension was decided,
// the current one from that day (and when the replaced one is not known).
func (c ComplaintFact) concludeByOn(d Date) Date {
	if !c.ExtendedOn.IsZero() && !c.ConcludeByBefore.IsZero() && d.Before(c.ExtendedOn) {
		return c.ConcludeByBefore
	}
	return c.ConcludeBy
}
