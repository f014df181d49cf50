package service_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The general contractor's advance of a subcontractor's owed wages (REG
// Art. 30), once the bank paid it, clears that worker from wages_unpaid: the
// check reads advance_of from the payroll lines.
func TestCheckCountsTheGeneralContractorsAdvance(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := &checkSite{site: newSite(t, db), clock: clock}
		s.attendJune(t, s.enrolWithSub(t, 2))
		june, _, err := s.trySubmit(service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06"}, "sha-june", line(0, "5000.00"), line(1, "6000.00"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.ApprovePayroll(s.ctx, june.ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(7 * 24 * time.Hour) // 17 July: June's wages are late; the GC pays worker 0's first
		bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
		failed := s.instructionOf(t, june.ID, 1) // worker 0's card is closed
		if res, err := s.svc.RecordConfirmations(bank, s.bank, []ledger.ConfirmationItem{{InstructionID: failed.ID, Status: ledger.ConfirmFailed,
			Reason: "card closed", BankRef: "F-1", SettledOn: day("2025-07-15")}}); err != nil || res[0].Result != ledger.Applied {
			t.Fatalf("failure: %+v, %v", res, err)
		}
		s.run(t, "2025-07-16")
		s.one(t, ledger.RuleWagesUnpaid, ledger.SeverityHigh, "11000.00")
		adv, _, err := s.svc.SubmitPayroll(s.clerk, s.project, service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06", Kind: "advance"},
			"sha-adv", "json", &service.SliceLines{Lines: []ledger.PayrollLineInput{line(0, "5000.00")}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.ApprovePayroll(s.ctx, adv.ID); err != nil {
			t.Fatal(err)
		}
		in := s.instructionOf(t, adv.ID, 1)
		if res, err := s.svc.RecordConfirmations(bank, s.bank, []ledger.ConfirmationItem{{InstructionID: in.ID, Status: ledger.ConfirmPaid,
			Amount: in.Amount, BankRef: "ADV-1", SettledOn: day("2025-07-17")}}); err != nil || res[0].Result != ledger.Applied {
			t.Fatalf("advance paid: %+v, %v", res, err)
		}
		s.run(t, "2025-07-17")
		if a := s.one(t, ledger.RuleWagesUnpaid, ledger.SeverityHigh, "6000.00"); a.Headcount != 1 {
			t.Fatalf("after the advance: %+v", a)
		}
	})
}

// The owner's allocation date, when the bank reports it, is the date the
// labour-cost cycle runs from: credited on 9 July but allocated on 20 June,
// the next allocation was due on 20 July.
func TestCheckRunsTheCycleFromTheAllocationDate(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 25, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
		if _, err := s.svc.RecordInflow(bank, s.bank, ledger.InflowInput{AccountNo: "110012345678", Amount: ledger.MustMoney("100000"),
			ReceivedOn: day("2025-07-09"), AllocatedOn: day("2025-06-20"), BankRef: "IN-JUNE"}); err != nil {
			t.Fatal(err)
		}
		s.run(t, "2025-07-20")
		s.quiet(t, ledger.RuleAllocationOverdue)
		s.run(t, "2025-07-21")
		if got := s.openAlerts(t, ledger.RuleAllocationOverdue); len(got) != 1 || !strings.Contains(got[0].ReasonText().String(), "since 2025-06-20") {
			t.Fatalf("want one allocation_overdue since 20 June, got %+v", got)
		}
	})
}

// The check reads attendance from its monthly rollup, kept with every
// upload: a day re-sent with no hours leaves the month's count, and a past
// night replayed counts its month only up to that night. A month read whole
// says the days and the last day the rollup keeps, though only its days
// worked are read (ledger.AttendanceOfDays).
func TestCheckReadsTheAttendanceRollup(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := &checkSite{site: newSite(t, db), clock: clock}
		enrs := s.enrol(t, 2)
		s.attendJune(t, enrs) // 2 to 27 June: 26 days each
		if _, _, err := s.svc.RecordAttendance(s.ctx, s.project, upload(attendanceCSV(enrs[1]+",,2025-06-03,0", enrs[1]+",,2025-07-01,8"), "fix.csv"), false); err != nil {
			t.Fatal(err)
		}
		p, err := store.GetProject(db.Reader(context.Background()), s.project)
		if err != nil {
			t.Fatal(err)
		}
		days := func(asOf string) string {
			f, err := store.CheckFacts(db.Reader(context.Background()), p, day(asOf))
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range f.Attendance {
				i := slices.Index(enrs, a.EnrolmentID)
				out = append(out, fmt.Sprintf("%d@%s=%d", i, a.Period, a.Days))
				if asOf == "2025-07-16" { // months read whole from the rollup: what it holds
					var kept struct {
						Days   int         `db:"days"`
						LastOn ledger.Date `db:"last_on"`
					}
					if err := db.Get(s.ctx, &kept, `SELECT days, last_on FROM attendance_months WHERE project_id = ? AND enrolment_id = ? AND period = ?`,
						s.project, a.EnrolmentID, a.Period.String()); err != nil || kept.Days != a.Days || kept.LastOn != a.LastOn {
						t.Errorf("%s@%s read as %d days to %s; the rollup keeps %+v (%v)", a.EnrolmentID, a.Period, a.Days, a.LastOn, kept, err)
					}
				}
			}
			slices.Sort(out)
			return strings.Join(out, " ")
		}
		for asOf, want := range map[string]string{
			"2025-06-10": "0@2025-06=9 1@2025-06=8",
			"2025-06-30": "0@2025-06=26 1@2025-06=25",
			"2025-07-16": "0@2025-06=26 1@2025-06=25 1@2025-07=1",
			"2025-05-31": "",
		} {
			if got := days(asOf); got != want {
				t.Errorf("as of %s: %s, want %s", asOf, got, want)
			}
		}
	})
}

// The check reads the lines of approved payrolls only (a payroll submitted
// and not yet decided owes nothing yet), and each bank result as a payment
// of the line its instruction pays: the line read from the instruction's
// ID where it holds one, and from the instruction where it does not (a
// re-issued instruction's).
func TestCheckReadsApprovedLinesAndWhatPaidThem(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := &checkSite{site: newSite(t, db), clock: clock}
		s.attendJune(t, s.enrolWithSub(t, 2))
		june, _, err := s.trySubmit(service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06"}, "sha-june", line(0, "5000.00"), line(1, "6000.00"))
		if err != nil {
			t.Fatal(err)
		}
		p, err := store.GetProject(db.Reader(context.Background()), s.project)
		if err != nil {
			t.Fatal(err)
		}
		facts := func() (lines, payments []string) {
			f, err := store.CheckFacts(db.Reader(context.Background()), p, day("2025-07-10"))
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range f.Lines {
				lines = append(lines, fmt.Sprintf("%s/%d=%s", l.PayrollID, l.LineNo, l.Net))
			}
			for _, pay := range f.Payments {
				payments = append(payments, fmt.Sprintf("%s/%d %s %s=%s", pay.PayrollID, pay.LineNo, pay.InstructionID, pay.Status, pay.Amount))
			}
			slices.Sort(lines)
			if whole := wholePayments(f.Payments); !slices.Equal(whole, joinedPayments(t, db, s.project)) {
				t.Fatalf("payments read %v\nwhat joining the bank results to their instructions reads %v", whole, joinedPayments(t, db, s.project))
			}
			return lines, payments
		}
		if lines, payments := facts(); len(lines)+len(payments) != 0 {
			t.Fatalf("a payroll not yet approved: lines %v, payments %v", lines, payments)
		}
		if _, err := s.svc.ApprovePayroll(s.ctx, june.ID); err != nil {
			t.Fatal(err)
		}
		bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
		in := s.instructionOf(t, june.ID, 2)
		if res, err := s.svc.RecordConfirmations(bank, s.bank, []ledger.ConfirmationItem{{InstructionID: in.ID, Status: ledger.ConfirmPaid,
			Amount: in.Amount, BankRef: "P-2", SettledOn: day("2025-07-09")}}); err != nil || res[0].Result != ledger.Applied {
			t.Fatalf("paid: %+v, %v", res, err)
		}
		lines, payments := facts()
		wantLines := []string{june.ID + "/1=" + ledger.MustMoney("5000.00").String(), june.ID + "/2=" + ledger.MustMoney("6000.00").String()}
		wantPayments := []string{fmt.Sprintf("%s/2 %s paid=%s", june.ID, in.ID, in.Amount)}
		if !slices.Equal(lines, wantLines) || !slices.Equal(payments, wantPayments) {
			t.Fatalf("lines %v, want %v; payments %v, want %v", lines, wantLines, payments, wantPayments)
		}
		first := s.instructionOf(t, june.ID, 1) // its card was closed: re-issued to the new one, then paid
		if res, err := s.svc.RecordConfirmations(bank, s.bank, []ledger.ConfirmationItem{{InstructionID: first.ID, Status: ledger.ConfirmFailed,
			Reason: "card closed", BankRef: "F-1", SettledOn: day("2025-07-08")}}); err != nil || res[0].Result != ledger.Applied {
			t.Fatalf("failed: %+v, %v", res, err)
		}
		re, err := s.svc.ReissueInstruction(s.ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, named := ledger.LineOfInstruction(re.ID); named {
			t.Fatalf("re-issued as %s, which names a line: the read from the instruction is not put to the test", re.ID)
		}
		if res, err := s.svc.RecordConfirmations(bank, s.bank, []ledger.ConfirmationItem{{InstructionID: re.ID, Status: ledger.ConfirmPaid,
			Amount: re.Amount, BankRef: "P-1", SettledOn: day("2025-07-09")}}); err != nil || res[0].Result != ledger.Applied {
			t.Fatalf("re-issue paid: %+v, %v", res, err)
		}
		_, payments = facts()
		slices.Sort(payments)
		wantPayments = []string{fmt.Sprintf("%s/1 %s failed=%s", june.ID, first.ID, ledger.Money(0)), fmt.Sprintf("%s/1 %s paid=%s", june.ID, re.ID, re.Amount),
			fmt.Sprintf("%s/2 %s paid=%s", june.ID, in.ID, in.Amount)}
		slices.Sort(wantPayments)
		if !slices.Equal(payments, wantPayments) {
			t.Fatalf("after the re-issue: payments %v, want %v", payments, wantPayments)
		}
		// A bank result whose instruction is not there pays no line, as
		// the join read it (none is: nothing deletes an instruction).
		if err := db.WithTx(s.ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(`DELETE FROM payment_instructions WHERE project_id = ? AND id = ?`, s.project, re.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, payments = facts(); len(payments) != 2 || slices.ContainsFunc(payments, func(p string) bool { return strings.Contains(p, re.ID) }) {
			t.Fatalf("without the re-issued instruction: payments %v", payments)
		}
	})
}

// wholePayments is every field of each payment read, sorted.
func wholePayments(ps []ledger.PaymentFact) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s/%d %s %s %q %s %s %s from guarantee %v", p.PayrollID, p.LineNo, p.InstructionID, p.ConfirmationID, p.EntryID,
			p.Status, p.Amount, p.SettledOn, p.FromGuarantee)
	}
	slices.Sort(out)
	return out
}

// joinedPayments is what the check read as a project's payments when it
// joined every bank result to its instruction, as wholePayments writes it.
func joinedPayments(t *testing.T, db *store.DB, project string) []string {
	t.Helper()
	var rows []struct {
		PayrollID, InstructionID, ID, EntryID, Status, PaidFrom string
		LineNo                                                  int
		Amount                                                  int64
		SettledOn                                               ledger.Date
	}
	if err := db.Reader(context.Background()).Select(&rows, `SELECT i.payroll_id AS payrollid, c.instruction_id AS instructionid, c.id,
			COALESCE(c.entry_id, '') AS entryid, c.status, i.paid_from AS paidfrom, i.line_no AS lineno, c.amount, c.settled_on AS settledon
		FROM bank_confirmations c JOIN payment_instructions i ON i.project_id = c.project_id AND i.id = c.instruction_id
		WHERE c.project_id = ?`, project); err != nil {
		t.Fatal(err)
	}
	ps := make([]ledger.PaymentFact, len(rows))
	for i, r := range rows {
		ps[i] = ledger.PaymentFact{PayrollID: r.PayrollID, LineNo: r.LineNo, InstructionID: r.InstructionID, ConfirmationID: r.ID, EntryID: r.EntryID,
			Status: ledger.ConfirmationStatus(r.Status), Amount: ledger.Money(r.Amount), SettledOn: r.SettledOn, FromGuarantee: r.PaidFrom != ""}
	}
	return wholePayments(ps)
}

// The check reads each project's enrolments in ID order, whatever order
// they were registered in (their IDs are random, and the rules go through
// them in order): every enrolment entered by the night, none after. (They
// are sorted in Go: ordered inside the database's aggregate, the read cost
// the server 40% more. Without any sort this test fails on both
// databases.)
func TestCheckReadsEnrolmentsInIDOrder(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := &checkSite{site: newSite(t, db), clock: clock}
		enrs := s.enrol(t, 8)
		p, err := store.GetProject(db.Reader(context.Background()), s.project)
		if err != nil {
			t.Fatal(err)
		}
		read := func(asOf string) []string {
			f, err := store.CheckFacts(db.Reader(context.Background()), p, day(asOf))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range f.Enrolments {
				ids = append(ids, e.ID)
			}
			return ids
		}
		want := slices.Sorted(slices.Values(enrs))
		if slices.Equal(want, enrs) {
			t.Log("registered in ID order by chance: the order is not put to the test")
		}
		if got := read("2025-07-16"); !slices.Equal(got, want) {
			t.Errorf("enrolments %v, want %v", got, want)
		}
		var entered ledger.Date
		if err := db.Get(context.Background(), &entered, `SELECT MIN(entered_on) FROM enrolments WHERE project_id = ?`, s.project); err != nil {
			t.Fatal(err)
		}
		if got := read(entered.AddDays(-1).String()); len(got) != 0 {
			t.Errorf("before anyone entered: %v", got)
		}
	})
}
