package ledger

import "testing"

// Deadlines across the year boundary: a complaint received on 28 December
// 2026 is to be accepted by a day of 2027, whose State Council notice is not
// in the calendar (the test's own, as it stood in 2026): provisional. Once a notice for 2027 is loaded
// (here a made-up one that bridges Monday 4 January, to show a deadline
// moving), the deadlines still running are counted again; one that lapsed
// is left as it was.
func TestComplaintDeadlinesAcrossTheYear(t *testing.T) {
	// The calendars are the test's own: 2026's, and 2026's with a made-up
	// 2027 notice, whatever notices the default calendar holds by now.
	old := CalendarBefore(2027)
	loaded := CalendarBefore(2027)
	loaded.AddNotice(Notice{Year: 2027, Source: "test: a made-up notice", DaysOff: [][2]string{{"2027-01-01", "2027-01-04"}}})

	received := Complaint{Status: ComplaintReceived, ReceivedOn: NewDate(2026, 12, 28), AcceptBy: old.AddWorkingDays(NewDate(2026, 12, 28), ComplaintAcceptWorkingDays)}
	if received.AcceptBy != NewDate(2027, 1, 5) || !received.DeadlineProvisional(old) {
		t.Fatalf("received on 28 December: accept by %s, provisional %v; want 2027-01-05, provisional", received.AcceptBy, received.DeadlineProvisional(old))
	}
	early := Complaint{Status: ComplaintReceived, ReceivedOn: NewDate(2026, 12, 1), AcceptBy: NewDate(2026, 12, 8)}
	if early.DeadlineProvisional(old) {
		t.Errorf("a deadline within 2026 is provisional")
	}
	accepted := Complaint{Status: ComplaintAccepted, ReceivedOn: NewDate(2026, 12, 21), DecidedOn: NewDate(2026, 12, 28),
		ConcludeBy: old.AddWorkingDays(NewDate(2026, 12, 28), ComplaintConcludeWorkingDays)}
	extended := accepted
	extended.Extended, extended.ConcludeByBefore, extended.ExtendedOn = true, accepted.ConcludeBy, NewDate(2027, 2, 1)
	extended.ConcludeBy = old.AddWorkingDays(accepted.ConcludeBy, ComplaintExtensionWorkingDays)
	concluded := accepted
	concluded.Status, concluded.ConcludedOn = ComplaintConcluded, NewDate(2026, 12, 30)
	countedWithNotice := received
	countedWithNotice.AcceptBy = loaded.AddWorkingDays(received.ReceivedOn, ComplaintAcceptWorkingDays)

	for _, c := range []struct {
		name  string
		c     Complaint
		cal   *Calendar
		today Date
		moved bool
		check func(Complaint) bool
	}{
		{"received, the notice loaded", received, loaded, NewDate(2026, 12, 30), true, func(c Complaint) bool { return c.AcceptBy == NewDate(2027, 1, 6) }},
		{"received, the same calendar: nothing moves", received, old, NewDate(2026, 12, 30), false, func(c Complaint) bool { return c.AcceptBy == NewDate(2027, 1, 5) }},
		{"received, the deadline lapsed: left as it was", received, loaded, NewDate(2027, 1, 6), false, func(c Complaint) bool { return c.AcceptBy == NewDate(2027, 1, 5) }},
		{"received, on the deadline's day: counted again", received, loaded, NewDate(2027, 1, 5), true, func(c Complaint) bool { return c.AcceptBy == NewDate(2027, 1, 6) }},
		{"within 2026: nothing moves", early, loaded, NewDate(2026, 12, 2), false, func(c Complaint) bool { return c.AcceptBy == NewDate(2026, 12, 8) }},
		{"accepted, the notice loaded", accepted, loaded, NewDate(2027, 1, 6), true, func(c Complaint) bool {
			return c.ConcludeBy == loaded.NextWorkingDay(accepted.ConcludeBy) && c.AcceptBy == accepted.AcceptBy
		}},
		{"extended, the notice loaded: both deadlines move", extended, loaded, NewDate(2027, 2, 2), true, func(c Complaint) bool {
			return c.ConcludeByBefore == loaded.NextWorkingDay(accepted.ConcludeBy) && c.ConcludeBy == loaded.AddWorkingDays(c.ConcludeByBefore, ComplaintExtensionWorkingDays) &&
				c.ConcludeBy.After(extended.ConcludeBy)
		}},
		{"concluded: no deadline in force", concluded, loaded, NewDate(2027, 1, 6), false, func(c Complaint) bool { return c.ConcludeBy == concluded.ConcludeBy }},
		{"counted with the notice, then by a calendar without it: left as it was", countedWithNotice, old, NewDate(2026, 12, 30), false, func(c Complaint) bool { return c.AcceptBy == NewDate(2027, 1, 6) }},
	} {
		got, moved := RecomputeComplaintDeadlines(c.c, c.cal, c.today)
		if moved != c.moved || !c.check(got) {
			t.Errorf("%s: moved %v, accept by %s, conclude by %s (before %s)", c.name, moved, got.AcceptBy, got.ConcludeBy, got.ConcludeByBefore)
		}
		if got.DeadlineProvisional(loaded) && c.cal == loaded {
			t.Errorf("%s: provisional with 2027's notice loaded", c.name)
		}
	}
	if !accepted.DeadlineProvisional(old) || !extended.DeadlineProvisional(old) || concluded.DeadlineProvisional(old) {
		t.Errorf("provisional under the default calendar: accepted %v, extended %v, concluded %v", accepted.DeadlineProvisional(old), extended.DeadlineProvisional(old), concluded.DeadlineProvisional(old))
	}
}
