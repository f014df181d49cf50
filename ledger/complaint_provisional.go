package ledger

// A complaint's deadlines are counted in working days (LSIR Art. 17) on the
// calendar as loaded when they were set. A deadline that falls in (or
// counts across) a year whose State Council notice is not yet in the
// calendar is provisional: its statutory holidays are counted, its
// bridging days off and make-up working days are not. When the notice is
// loaded, the deadlines still running are counted again.

// DeadlineProvisional says whether the complaint's deadline in force
// (NextDeadline) is provisional under cal: a year from its receipt to that
// deadline has no State Council notice in the calendar. A decided
// complaint has no deadline in force.
func (c Complaint) DeadlineProvisional(cal *Calendar) bool {
	next := c.NextDeadline()
	if next.IsZero() {
		return false
	}
	return cal.Explain(c.ReceivedOn, next).Provisional
}

// RecomputeComplaintDeadlines counts c's deadline in force again under cal,
// from the day it is counted from, and reports whether it moved: the
// acceptance deadline from receipt while the complaint is received; while
// it is accepted, the conclusion deadline from acceptance, and an
// extension's 30 working days from that (the deadline the extension
// replaced, when kept, moves with it). A deadline that lapsed before today
// is left as it is: it was in force when it lapsed, and what followed (the
// overdue flag, the nightly finding) was judged by it. A decided complaint
// has no deadline in force. A count itself provisional under cal moves
// nothing (as RecomputeOrderDeadline): a process whose calendar lacks the
// notice does not count back what one that had it counted.
func RecomputeComplaintDeadlines(c Complaint, cal *Calendar, today Date) (Complaint, bool) {
	was := c
	switch {
	case c.Status == ComplaintReceived && !today.After(c.AcceptBy):
		c.AcceptBy = cal.AddWorkingDays(c.ReceivedOn, ComplaintAcceptWorkingDays)
	case c.Status == ComplaintAccepted && !today.After(c.ConcludeBy) && !c.DecidedOn.IsZero():
		first := cal.AddWorkingDays(c.DecidedOn, ComplaintConcludeWorkingDays)
		c.ConcludeBy = first
		if c.Extended {
			if !c.ConcludeByBefore.IsZero() {
				c.ConcludeByBefore = first
			}
			c.ConcludeBy = cal.AddWorkingDays(first, ComplaintExtensionWorkingDays)
		}
	}
	if c.DeadlineProvisional(cal) {
		return was, false
	}
	return c, c.AcceptBy != was.AcceptBy || c.ConcludeBy != was.ConcludeBy || c.ConcludeByBefore != was.ConcludeByBefore
}
