package ledger

import (
	"strings"
	"testing"
)

// An order to pay and a blacklist notice's reply period counted into 2027,
// a year without its State Council notice in the test's calendar, are
// provisional; once a (made-up) notice that bridges Monday 4 January is
// loaded, a running one is counted again; one that lapsed, a date the
// inspector gave, and one no longer running are left as they were.
func TestOrderAndReplyDeadlinesAcrossTheYear(t *testing.T) {
	old, loaded := CalendarBefore(2027), CalendarBefore(2027)
	loaded.AddNotice(Notice{Year: 2027, Source: "test: a made-up notice", DaysOff: [][2]string{{"2027-01-01", "2027-01-04"}}})
	issued := NewDate(2026, 12, 28)
	counted := PayOrder{Status: OrderIssued, IssuedOn: issued, Deadline: old.AddWorkingDays(issued, 5), DeadlineWorkingDays: 5}
	if counted.Deadline != NewDate(2027, 1, 5) || !counted.ProvisionalUnder(old) || counted.ProvisionalUnder(loaded) {
		t.Fatalf("issued on 28 December: by %s, provisional %v / %v", counted.Deadline, counted.ProvisionalUnder(old), counted.ProvisionalUnder(loaded))
	}
	given := counted
	given.DeadlineWorkingDays = 0
	lapsed := counted
	lapsed.Status = OrderLapsed
	withNotice := counted
	withNotice.Deadline = loaded.AddWorkingDays(issued, 5)
	late := PayOrder{Status: OrderIssued, IssuedOn: NewDate(2026, 12, 1), Deadline: NewDate(2027, 1, 10), DeadlineWorkingDays: 5}
	within := PayOrder{Status: OrderIssued, IssuedOn: NewDate(2026, 12, 1), Deadline: old.AddWorkingDays(NewDate(2026, 12, 1), 5), DeadlineWorkingDays: 5}
	for _, c := range []struct {
		name        string
		o           PayOrder
		cal         *Calendar
		today       Date
		moved       bool
		want        Date
		provisional bool
	}{
		{"counted, the notice loaded", counted, loaded, NewDate(2026, 12, 30), true, NewDate(2027, 1, 6), true},
		{"counted, the same calendar", counted, old, NewDate(2026, 12, 30), false, NewDate(2027, 1, 5), true},
		{"counted, on its last day: counted again", counted, loaded, NewDate(2027, 1, 5), true, NewDate(2027, 1, 6), true},
		{"counted, lapsed since: left alone", counted, loaded, NewDate(2027, 1, 6), false, NewDate(2027, 1, 5), true},
		{"a date the inspector gave", given, loaded, NewDate(2026, 12, 30), false, NewDate(2027, 1, 5), false},
		{"an order that lapsed", lapsed, loaded, NewDate(2026, 12, 30), false, NewDate(2027, 1, 5), false},
		{"within 2026", within, loaded, NewDate(2026, 12, 2), false, within.Deadline, false},
		// A process whose calendar lacks the notice (an older binary, a
		// serve without the policy file a check ran with) leaves alone
		// what one that had it counted: it would count it back.
		{"counted with the notice, then by a calendar without it", withNotice, old, NewDate(2026, 12, 30), false, NewDate(2027, 1, 6), true},
		// The count is judged before it is held to today: one that ends in a
		// year with its notice moves, to today, though today is in one without.
		{"a final count before today, today in a year without its notice", late, old, NewDate(2027, 1, 5), true, NewDate(2027, 1, 5), true},
	} {
		got, moved := RecomputeOrderDeadline(c.o, c.cal, c.today)
		if moved != c.moved || got.Deadline != c.want || c.o.ProvisionalUnder(old) != c.provisional {
			t.Errorf("%s: moved %v to %s, provisional %v", c.name, moved, got.Deadline, c.o.ProvisionalUnder(old))
		}
	}
	// A recount never moves a running deadline before today.
	early := PayOrder{Status: OrderIssued, IssuedOn: issued, Deadline: NewDate(2027, 1, 20), DeadlineWorkingDays: 5}
	if got, moved := RecomputeOrderDeadline(early, loaded, NewDate(2027, 1, 15)); !moved || got.Deadline != NewDate(2027, 1, 15) {
		t.Errorf("a recount before today: %v to %s", moved, got.Deadline)
	}

	notified := Listing{Status: ListingNotified, ServedOn: issued, ReplyBy: old.AddWorkingDays(issued, 5)}
	replied := notified
	replied.Status = ListingReplied
	countedWithNotice := notified
	countedWithNotice.ReplyBy = loaded.AddWorkingDays(issued, 5)
	if !notified.ReplyByProvisional(old) || notified.ReplyByProvisional(loaded) || replied.ReplyByProvisional(old) {
		t.Errorf("reply by %s: provisional %v / %v, replied %v", notified.ReplyBy, notified.ReplyByProvisional(old), notified.ReplyByProvisional(loaded), replied.ReplyByProvisional(old))
	}
	for _, c := range []struct {
		name  string
		l     Listing
		cal   *Calendar
		today Date
		moved bool
		want  Date
	}{
		{"waiting for the reply, the notice loaded", notified, loaded, NewDate(2026, 12, 30), true, NewDate(2027, 1, 6)},
		{"the reply period ended: left alone", notified, loaded, NewDate(2027, 1, 6), false, NewDate(2027, 1, 5)},
		{"replied: left alone", replied, loaded, NewDate(2026, 12, 30), false, NewDate(2027, 1, 5)},
		{"counted with the notice, then by a calendar without it", countedWithNotice, old, NewDate(2026, 12, 30), false, NewDate(2027, 1, 6)},
	} {
		got, moved := RecomputeReplyBy(c.l, 5, c.cal, c.today)
		if moved != c.moved || got.ReplyBy != c.want {
			t.Errorf("%s: moved %v to %s", c.name, moved, got.ReplyBy)
		}
	}
}

// TestMoveOrderedDeadline: the alert's deadline moves with its order's
// only while the alert is still under that order's deadline, and a move
// is the system's history entry with the order and both dates.
func TestMoveOrderedDeadline(t *testing.T) {
	was, now, on := NewDate(2027, 1, 12), NewDate(2027, 1, 13), NewDate(2026, 12, 30)
	ordered := Alert{ID: "alr_1", Status: AlertRectificationOrdered, Deadline: was, Severity: SeverityCritical, RuleSeverity: SeverityHigh, AmountAtRisk: 550000}
	reopened := ordered
	reopened.Status, reopened.Deadline = AlertOpen, Date{}
	escalated := ordered
	escalated.Status = AlertEscalated
	other := ordered
	other.Deadline = NewDate(2027, 2, 1)
	movedEvent := AlertEvent{AlertID: "alr_1", On: on, Kind: EventDeadlineMoved, Actor: SystemActor,
		Note:     M("the rectification deadline moved with order %s's, counted again on the working-day calendar as loaded: %s, was %s", "ord_1", now, was).Encode(),
		Severity: SeverityCritical, RuleSeverity: SeverityHigh, Amount: 550000, Deadline: now, PreviousDeadline: was}
	for _, c := range []struct {
		name     string
		a        Alert
		was, now Date
		moved    bool
		want     Date
		event    AlertEvent
	}{
		{"under the order's deadline", ordered, was, now, true, now, movedEvent},
		{"reopened since", reopened, was, now, false, Date{}, AlertEvent{}},
		{"escalated since", escalated, was, now, false, was, AlertEvent{}},
		{"given another date since", other, was, now, false, NewDate(2027, 2, 1), AlertEvent{}},
		{"counted again to the same date", ordered, was, was, false, was, AlertEvent{}},
	} {
		got, event, moved := MoveOrderedDeadline(c.a, "ord_1", c.was, c.now, on)
		if moved != c.moved || got.Deadline != c.want || event != c.event {
			t.Errorf("%s: moved %v to %s, entry %+v", c.name, moved, got.Deadline, event)
		}
	}
	if n := StoredText(movedEvent.Note).String(); !strings.Contains(n, "ord_1") || !strings.Contains(n, "2027-01-12") || !strings.Contains(n, "2027-01-13") {
		t.Errorf("the entry's note %q does not name the order and both dates", n)
	}
}
