package ledger

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func complaintIn() ComplaintInput {
	return ComplaintInput{Source: ComplaintByWorker, EnrolmentID: "enr_x", Summary: "九月工资未发", Periods: []string{"2026-09", "2026-08", "2026-09"}, Workers: 1, AmountClaimed: "5230.50"}
}

// The deadlines count working days across the Spring Festival and National
// Day holidays of 2026, make-up working days (14 and 28 Feb, 10 Oct) included.
func TestComplaintDeadlinesAcrossHolidays(t *testing.T) {
	cal := DefaultCalendar()
	for _, tc := range []struct{ received, acceptBy string }{
		{"2026-02-12", "2026-02-26"}, // Thu: 13 Feb, Sat 14 Feb (make-up), then 24, 25, 26 after the holiday
		{"2026-02-16", "2026-02-28"}, // received during the holiday: 24–27 Feb and Saturday 28 Feb (make-up)
		{"2026-09-24", "2026-10-09"}, // 25–27 Sep off: 28, 29, 30 Sep, then 8 and 9 Oct
		{"2026-09-30", "2026-10-13"}, // 1–7 Oct off: 8, 9, Sat 10 Oct (make-up), 12, 13 Oct
	} {
		in := complaintIn()
		in.Periods = []string{"2025-12"}
		c, err := NewComplaint(in, MustDate(tc.received), cal)
		if err != nil {
			t.Fatal(err)
		}
		if c.AcceptBy.String() != tc.acceptBy {
			t.Errorf("received %s: accept by %s, want %s", tc.received, c.AcceptBy, tc.acceptBy)
		}
	}
	for _, tc := range []struct{ accepted, concludeBy, extendedTo string }{
		{"2026-02-12", "2026-05-18", "2026-06-30"}, // over the Spring Festival, Qingming, Labour Day and Dragon Boat
		{"2026-08-20", "2026-11-18", "2026-12-30"}, // over Mid-Autumn and National Day
	} {
		in := complaintIn()
		in.Periods = []string{"2025-12"}
		c, _ := NewComplaint(in, MustDate(tc.accepted), cal)
		c, err := DecideComplaintAction(c, ComplaintActionInput{Action: ComplaintAccept, On: MustDate(tc.accepted)}, cal)
		if err != nil || c.ConcludeBy.String() != tc.concludeBy {
			t.Errorf("accepted %s: conclude by %s (%v), want %s", tc.accepted, c.ConcludeBy, err, tc.concludeBy)
		}
		c, err = DecideComplaintAction(c, ComplaintActionInput{Action: ComplaintExtend, Note: "需调取银行流水", On: MustDate(tc.accepted)}, cal)
		if err != nil || c.ConcludeBy.String() != tc.extendedTo || !c.Extended {
			t.Errorf("extended: conclude by %s (%v), want %s", c.ConcludeBy, err, tc.extendedTo)
		}
	}
}

func TestComplaintStateMachine(t *testing.T) {
	cal := DefaultCalendar()
	on := MustDate("2026-10-15")
	base, err := NewComplaint(complaintIn(), on, cal)
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Periods) != 2 || base.Periods[0].String() != "2026-08" || base.AmountClaimed != 523050 {
		t.Fatalf("complaint as filed: %+v", base)
	}
	accepted, _ := DecideComplaintAction(base, ComplaintActionInput{Action: ComplaintAccept, On: on}, cal)
	extended, _ := DecideComplaintAction(accepted, ComplaintActionInput{Action: ComplaintExtend, Note: "r", On: on}, cal)
	concluded, _ := DecideComplaintAction(accepted, ComplaintActionInput{Action: ComplaintConclude, Note: "已责令支付", On: on}, cal)
	refused, _ := DecideComplaintAction(base, ComplaintActionInput{Action: ComplaintRefuse, Note: "超过两年", On: on}, cal)
	for _, tc := range []struct {
		name   string
		from   Complaint
		action ComplaintAction
		note   string
		want   ComplaintStatus
		code   string
	}{
		{"accept", base, ComplaintAccept, "", ComplaintAccepted, ""},
		{"refuse", base, ComplaintRefuse, "超过两年 (LSIR Art. 20)", ComplaintRefused, ""},
		{"refuse needs a reason", base, ComplaintRefuse, " ", "", EInvalid},
		{"conclude before accepting", base, ComplaintConclude, "x", "", EConflict},
		{"extend before accepting", base, ComplaintExtend, "x", "", EConflict},
		{"accept twice", accepted, ComplaintAccept, "", "", EConflict},
		{"refuse once accepted", accepted, ComplaintRefuse, "x", "", EConflict},
		{"extend", accepted, ComplaintExtend, "需调查", ComplaintAccepted, ""},
		{"extend needs a reason", accepted, ComplaintExtend, "", "", EInvalid},
		{"extend twice", extended, ComplaintExtend, "again", "", EConflict},
		{"conclude after extending", extended, ComplaintConclude, "已支付", ComplaintConcluded, ""},
		{"conclude needs a note", accepted, ComplaintConclude, "", "", EInvalid},
		{"conclude twice", concluded, ComplaintConclude, "x", "", EConflict},
		{"accept a refused one", refused, ComplaintAccept, "", "", EConflict},
		{"unknown action", base, "close", "x", "", EInvalid},
		{"control character in the note", accepted, ComplaintConclude, "a\x07b", "", EInvalid},
	} {
		got, err := DecideComplaintAction(tc.from, ComplaintActionInput{Action: tc.action, Note: tc.note, On: on}, cal)
		if tc.code != "" {
			if ErrorCode(err) != tc.code {
				t.Errorf("%s: error %v, want %s", tc.name, err, tc.code)
			}
			if got.Status != tc.from.Status {
				t.Errorf("%s: a refused action changed the status", tc.name)
			}
			continue
		}
		if err != nil || got.Status != tc.want {
			t.Errorf("%s: %s (%v), want %s", tc.name, got.Status, err, tc.want)
		}
	}
}

func TestComplaintOverdue(t *testing.T) {
	cal := DefaultCalendar()
	c, _ := NewComplaint(complaintIn(), MustDate("2026-09-30"), cal) // accept by 13 Oct
	accepted, _ := DecideComplaintAction(c, ComplaintActionInput{Action: ComplaintAccept, On: MustDate("2026-10-13")}, cal)
	refused, _ := DecideComplaintAction(c, ComplaintActionInput{Action: ComplaintRefuse, Note: "x", On: MustDate("2026-10-20")}, cal)
	for _, tc := range []struct {
		c     Complaint
		today string
		want  bool
	}{
		{c, "2026-10-13", false},
		{c, "2026-10-14", true},
		{accepted, "2026-10-14", false},
		{accepted, accepted.ConcludeBy.String(), false},
		{accepted, accepted.ConcludeBy.AddDays(1).String(), true},
		{refused, "2027-01-01", false},
	} {
		if got := tc.c.OverdueOn(MustDate(tc.today)); got != tc.want {
			t.Errorf("%s on %s: overdue %v, want %v", tc.c.Status, tc.today, got, tc.want)
		}
	}
}

func TestNewComplaintRefusesBadInput(t *testing.T) {
	cal := DefaultCalendar()
	bad := ComplaintInput{Source: ComplaintByInspector, Summary: "", Periods: []string{"2026-13", "2027-01"}, Workers: 0, AmountClaimed: "1.234"}
	_, err := NewComplaint(bad, MustDate("2026-10-15"), cal)
	var fields []string
	for _, f := range ErrorFields(err) {
		fields = append(fields, f.Field+":"+f.Code)
	}
	want := "summary:required consent:required complainant_name:required workers:range amount_claimed:amount periods:format periods:future"
	if strings.Join(fields, " ") != want {
		t.Errorf("fields %v, want %s", fields, want)
	}
	ok := complaintIn()
	ok.Source, ok.Consent, ok.EnrolmentID, ok.ComplainantName = ComplaintByInspector, true, "", "张三"
	if _, err := NewComplaint(ok, MustDate("2026-10-15"), cal); err != nil {
		t.Errorf("an inspector's complaint with consent and a name: %v", err)
	}
}

func TestMatchComplaint(t *testing.T) {
	c, err := NewComplaint(complaintIn(), MustDate("2026-11-02"), DefaultCalendar()) // 2026-08 and 2026-09
	if err != nil {
		t.Fatal(err)
	}
	alert := func(rule Rule, period string, st AlertStatus) Alert {
		return Alert{ID: string(rule) + period + string(st), Key: AlertKey{Rule: rule, Subject: "employer:org_x", Period: period}, Status: st}
	}
	alerts := []Alert{
		alert(RuleWagesUnpaid, "2026-09", AlertOpen),                    // matched
		alert(RulePartialPayment, "2026-08", AlertRectificationOrdered), // matched
		alert(RuleWagesUnpaid, "2026-07", AlertOpen),                    // another month
		alert(RuleWagesUnpaid, "2026-09", AlertResolved),                // resolved
		alert(RuleBelowMinimumWage, "2026-09", AlertOpen),               // compliance, not arrears
	}
	worker := []PeriodAccount{
		{Period: MustPeriod("2026-08"), Owed: 500000, Paid: 500000},
		{Period: MustPeriod("2026-09"), Owed: 523050, Unpaid: 523050},
		{Period: MustPeriod("2026-10"), Owed: 523050, Unpaid: 523050},
	}
	orders := []PayOrder{
		{ID: "ord_sep", Lines: []PayOrderLine{{Period: MustPeriod("2026-07")}, {Period: MustPeriod("2026-09")}}}, // matched
		{ID: "ord_oct", Lines: []PayOrderLine{{Period: MustPeriod("2026-10")}}},                                  // another month
	}
	m := MatchComplaint(c, alerts, orders, worker)
	if len(m.Orders) != 1 || m.Orders[0].ID != "ord_sep" {
		t.Errorf("orders matched: %+v", m.Orders)
	}
	if len(m.Alerts) != 2 || m.Alerts[0].ID != alerts[0].ID || m.Alerts[1].ID != alerts[1].ID {
		t.Errorf("alerts matched: %+v", m.Alerts)
	}
	if len(m.Unpaid) != 1 || m.Unpaid[0].Period.String() != "2026-09" {
		t.Errorf("unpaid matched: %+v", m.Unpaid)
	}
	if m := MatchComplaint(c, nil, nil, nil); m.Alerts == nil || m.Unpaid == nil || m.Orders == nil {
		t.Error("an empty match is empty lists, not nil")
	}
}

func TestComplaintWorkers(t *testing.T) {
	c, err := NewComplaint(complaintIn(), MustDate("2026-11-02"), DefaultCalendar()) // 2026-08 and 2026-09
	if err != nil {
		t.Fatal(err)
	}
	c.ID, c.EnrolmentID = "cmp_1", "enr_c"
	owed := []OwedWages{
		{EnrolmentID: "enr_b", Period: MustPeriod("2026-09"), Amount: 100}, // owed for its month
		{EnrolmentID: "enr_z", Period: MustPeriod("2026-10"), Amount: 100}, // another month
		{EnrolmentID: "enr_y", Period: MustPeriod("2026-08"), Amount: 0},   // nothing owed
	}
	orders := []PayOrder{{ID: "ord_1", Lines: []PayOrderLine{{EnrolmentID: "enr_a", Period: MustPeriod("2026-08")}, {EnrolmentID: "enr_x", Period: MustPeriod("2026-07")}}}}
	got, err := ComplaintWorkers(c, "", owed, orders)
	if err != nil || strings.Join(got, ",") != "enr_a,enr_b,enr_c" {
		t.Fatalf("workers: %v %v", got, err)
	}
	c.EnrolmentID = ""
	if _, err := ComplaintWorkers(c, "", owed[1:], nil); ErrorCode(err) != EConflict {
		t.Errorf("no worker: %v", err)
	}
	var many []OwedWages
	for i := 0; i <= MaxComplaintBundleWorkers; i++ {
		many = append(many, OwedWages{EnrolmentID: fmt.Sprintf("enr_%03d", i), Period: MustPeriod("2026-09"), Amount: 1})
	}
	if _, err := ComplaintWorkers(c, "", many, nil); ErrorCode(err) != EInvalid {
		t.Errorf("too many workers: %v", err)
	}
}

// A worker's complaint covers their own employer's workers only: two
// subcontractors on one project owe wages for the same month, and the
// other one's workers (their statements carry full ID numbers) stay out,
// owed or on the other's order to pay. A complaint naming no worker covers
// both.
func TestComplaintWorkersOfTheComplainantsEmployer(t *testing.T) {
	c := Complaint{ID: "cmp_1", EnrolmentID: "enr_a1", Periods: []Period{MustPeriod("2026-09")}}
	owed := []OwedWages{
		{EnrolmentID: "enr_a1", EmployerID: "org_a", Period: MustPeriod("2026-09"), Amount: 100},
		{EnrolmentID: "enr_a2", EmployerID: "org_a", Period: MustPeriod("2026-09"), Amount: 100},
		{EnrolmentID: "enr_b1", EmployerID: "org_b", Period: MustPeriod("2026-09"), Amount: 100},
	}
	orders := []PayOrder{
		{ID: "ord_a", EmployerID: "org_a", Lines: []PayOrderLine{{EnrolmentID: "enr_a3", Period: MustPeriod("2026-09")}}},
		{ID: "ord_b", EmployerID: "org_b", Lines: []PayOrderLine{{EnrolmentID: "enr_b2", Period: MustPeriod("2026-09")}}},
	}
	got, err := ComplaintWorkers(c, "org_a", owed, orders)
	if err != nil || strings.Join(got, ",") != "enr_a1,enr_a2,enr_a3" {
		t.Fatalf("a worker of org_a's complaint: %v %v", got, err)
	}
	c.EnrolmentID = ""
	if got, err = ComplaintWorkers(c, "", owed, orders); err != nil || strings.Join(got, ",") != "enr_a1,enr_a2,enr_a3,enr_b1,enr_b2" {
		t.Fatalf("a complaint naming no worker: %v %v", got, err)
	}
}

// An extension is decided up to and on the deadline to conclude, and counts
// its 30 working days from that deadline, not from its own day: decided
// late in the 60, it still ends on the same day. Once the deadline lapsed
// it is refused (LSIR Art. 17), so it cannot clear the overdue flag; and a
// second one never moves the deadline again.
func TestComplaintExtensionDeadline(t *testing.T) {
	cal := DefaultCalendar()
	in := complaintIn()
	in.Periods = []string{"2025-12"}
	c, _ := NewComplaint(in, MustDate("2026-08-20"), cal)
	accepted, err := DecideComplaintAction(c, ComplaintActionInput{Action: ComplaintAccept, On: MustDate("2026-08-20")}, cal)
	if err != nil || accepted.ConcludeBy.String() != "2026-11-18" {
		t.Fatalf("accepted: %s (%v)", accepted.ConcludeBy, err)
	}
	for _, tc := range []struct {
		on, want, code string
		allowed        bool
	}{
		{"2026-08-20", "2026-12-30", "", true},         // the day it was accepted: over National Day
		{"2026-10-08", "2026-12-30", "", true},         // the first working day after National Day
		{"2026-11-18", "2026-12-30", "", true},         // the deadline's own day
		{"2026-11-19", "2026-11-18", EConflict, false}, // lapsed the day before
		{"2027-02-22", "2026-11-18", EConflict, false}, // long lapsed, after the Spring Festival
	} {
		got, err := DecideComplaintAction(accepted, ComplaintActionInput{Action: ComplaintExtend, Note: "需调取银行流水", On: MustDate(tc.on)}, cal)
		if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("extend on %s: %v, want %q", tc.on, err, tc.code)
		}
		if tc.code != "" {
			got = accepted
		}
		if got.ConcludeBy.String() != tc.want || got.Extended != (tc.code == "") {
			t.Errorf("extend on %s: conclude by %s (extended %v), want %s", tc.on, got.ConcludeBy, got.Extended, tc.want)
		}
		if allowed := slices.Contains(accepted.AllowedActionsOn(MustDate(tc.on)), ComplaintExtend); allowed != tc.allowed {
			t.Errorf("on %s: extend offered %v, want %v", tc.on, allowed, tc.allowed)
		}
		if tc.code != "" {
			continue
		}
		again, err := DecideComplaintAction(got, ComplaintActionInput{Action: ComplaintExtend, Note: "再延长", On: MustDate(tc.on)}, cal)
		if ErrorCode(err) != EConflict || again.ConcludeBy != got.ConcludeBy {
			t.Errorf("second extension on %s: %s (%v), want a conflict leaving %s", tc.on, again.ConcludeBy, err, got.ConcludeBy)
		}
		if slices.Contains(got.AllowedActionsOn(MustDate(tc.on)), ComplaintExtend) {
			t.Errorf("extended on %s: extend still offered", tc.on)
		}
	}
}
