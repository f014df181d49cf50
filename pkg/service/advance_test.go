package service_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// enrolWithSub registers workers 0..n-1 as the subcontractor's.
func (s *site) enrolWithSub(t *testing.T, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		w := s.worker(i)
		w.EmployerID = s.sub
		e, err := s.svc.RegisterWorker(s.ctx, s.project, w)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = e.ID
	}
	return ids
}

// confirm records the bank's result for an instruction.
func (s *site) confirm(t *testing.T, id string, status ledger.ConfirmationStatus, amount ledger.Money) {
	t.Helper()
	bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
	item := ledger.ConfirmationItem{InstructionID: id, Status: status, Amount: amount, BankRef: "REF-" + id + string(status), SettledOn: ledger.NewDate(2026, 11, 20)}
	if status == ledger.ConfirmFailed {
		item.Reason = "card closed"
	}
	res, err := s.svc.RecordConfirmations(bank, s.bank, []ledger.ConfirmationItem{item})
	if err != nil || res[0].Result != "applied" {
		t.Fatalf("confirm %s %s: %+v, %v", id, status, res, err)
	}
}

func (s *site) instructionOf(t *testing.T, payroll string, line int) store.Instruction {
	t.Helper()
	_, _, ins, err := s.svc.PayrollInstructions(s.ctx, payroll)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range ins {
		if in.LineNo == line {
			return in
		}
	}
	t.Fatalf("payroll %s has no instruction for line %d", payroll, line)
	return store.Instruction{}
}

// The general contractor pays a defaulting subcontractor's workers first
// (先行清偿, REG Art. 30; issue 11, item 5; main refused the payroll): it pays
// what the workers are still owed, never more, or new work no approved
// payroll covers; the books show what the subcontractor now owes the GC,
// reconciliation and statements keep the advance apart, and it is audited.
func TestGeneralContractorPaysFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// The subcontractor's June: worker 0's payment fails, worker 1's is still with the bank; worker 2 was never paid.
		s, enr, _, _ := paysafeSite(t, db)
		advance := func(ctx context.Context, employer, sha string, lines ...ledger.PayrollLineInput) (*service.PayrollResult, error) {
			res, _, err := s.svc.SubmitPayroll(ctx, s.project, service.PayrollSubmission{EmployerID: employer, Period: "2025-06", Kind: "advance"},
				sha, "json", &service.SliceLines{Lines: lines})
			return res, err
		}
		subCtx := service.WithCaller(context.Background(), service.Caller{KeyID: "key_sub", OrgID: s.sub, Role: ledger.RoleContractor})
		_, err := advance(subCtx, s.sub, "sha-a0", line(0, "5000.00"))
		wantCode(t, err, ledger.EForbidden, "")
		_, err = advance(s.ctx, s.gc, "sha-a1", line(0, "5000.00"))
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseNotOnProject))
		// Worker 1's wages are on their way to the bank: the advance may not pay them again.
		_, err = advance(s.ctx, s.sub, "sha-a2", line(0, "5000.00"), line(1, "6000.00"), line(2, "3000.00"))
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseAdvanceTooMuch))
		if f := ledger.ErrorFields(err); len(f) != 1 || f[0].Row != 2 || f[0].Field != "net_pay" {
			t.Errorf("refusal %+v, want row 2's net_pay only", f)
		}
		_, err = advance(s.ctx, s.sub, "sha-a3", line(0, "5000.01"))
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseAdvanceTooMuch))

		adv, err := advance(s.clerk, s.sub, "sha-a4", line(0, "5000.00"), line(2, "3000.00"))
		if err != nil {
			t.Fatal(err)
		}
		if adv.PayerID != s.gc || adv.EmployerID != s.sub || adv.Kind != ledger.PayrollAdvance {
			t.Errorf("advance %+v", adv.Payroll)
		}
		twice, err := advance(s.clerk, s.sub, "sha-a5", line(0, "5000.00")) // accepted now, refused at approval
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.svc.GetPayroll(s.ctx, adv.ID, 0, 10)
		if err != nil || d.Lines[0].AdvanceOf != string(ledger.AdvanceOwed) || d.Lines[1].AdvanceOf != string(ledger.AdvanceNewWork) {
			t.Fatalf("advance lines %+v, %v", d, err)
		}
		entriesBefore := s.count(t, "ledger_entries")
		if _, err := s.svc.ApprovePayroll(s.ctx, adv.ID); err != nil {
			t.Fatal(err)
		}
		// One approval entry (worker 2's new work) and two advance entries.
		if n := s.count(t, "ledger_entries") - entriesBefore; n != 3 {
			t.Errorf("%d entries posted, want 3", n)
		}
		_, err = s.svc.ApprovePayroll(s.ctx, twice.ID)
		wantCode(t, err, ledger.EConflict, "")
		r := db.Reader(context.Background())
		for a, want := range map[ledger.Account]string{
			{ProjectID: s.project, Kind: ledger.Advances, Ref: s.sub}:      "-8000.00", // the subcontractor owes the GC 8000
			{ProjectID: s.project, Kind: ledger.LabourCost, Ref: s.gc}:     "8000.00",
			{ProjectID: s.project, Kind: ledger.LabourCost, Ref: s.sub}:    "14000.00", // its June and worker 2's work
			{ProjectID: s.project, Kind: ledger.WagesPayable, Ref: enr[0]}: "-5000.00",
			{ProjectID: s.project, Kind: ledger.WagesPayable, Ref: enr[2]}: "-3000.00",
		} {
			if bal, err := store.Balance(r, a); err != nil || bal.String() != want {
				t.Errorf("balance of %s: %s (%v), want %s", a, bal, err, want)
			}
		}
		for line := 1; line <= 2; line++ {
			in := s.instructionOf(t, adv.ID, line)
			s.confirm(t, in.ID, ledger.ConfirmPaid, in.Amount)
		}
		rep, err := db.VerifyLedger(context.Background())
		if err != nil || len(rep.Discrepancies) > 0 {
			t.Errorf("ledger verify: %+v, %v", rep, err)
		}
		s.wantAudit(t, "payroll.advance", 1)

		rec, err := s.svc.Reconcile(s.ctx, s.project, "2025-06")
		if err != nil {
			t.Fatal(err)
		}
		if rec.Owed != ledger.MustMoney("14000") || rec.Paid != ledger.MustMoney("8000") || rec.Advanced != ledger.MustMoney("8000") || !rec.TiesOut {
			t.Errorf("reconciliation: owed %s paid %s advanced %s ties out %v", rec.Owed, rec.Paid, rec.Advanced, rec.TiesOut)
		}
		for _, w := range rec.Workers {
			if w.EnrolmentID == enr[0] && (w.Owed != ledger.MustMoney("5000") || w.Unpaid != 0 || w.Advanced != ledger.MustMoney("5000") || w.Status != "paid") {
				t.Errorf("worker 0: %+v", w)
			}
		}
		st, err := s.svc.WorkerStatement(s.ctx, s.project, enr[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Periods) != 1 || st.Owed != ledger.MustMoney("5000") || st.Unpaid != 0 || st.Periods[0].Advanced != ledger.MustMoney("5000") {
			t.Fatalf("statement %+v", st)
		}
		pays := st.Periods[0].Payments
		byPayer := map[string]bool{}
		for _, p := range pays {
			byPayer[p.PayerID] = p.Advance
		}
		if len(pays) != 2 || len(byPayer) != 2 || byPayer[s.sub] || !byPayer[s.gc] {
			t.Errorf("statement payments %+v: want the subcontractor's failed one and the GC's advance", pays)
		}
		// Paid in full now: nothing is left to advance.
		_, err = advance(s.ctx, s.sub, "sha-a6", line(0, "0.01"))
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseAdvanceTooMuch))
	})
}

// Two advances of the same unpaid wages approved at once: one pays them,
// the other is a conflict, and the wages go to the bank once.
func TestConcurrentAdvancesPayOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrolWithSub(t, 1)
		june, _, err := s.trySubmit(service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06"}, "sha-june", line(0, "5000.00"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.ApprovePayroll(s.ctx, june.ID); err != nil {
			t.Fatal(err)
		}
		s.confirm(t, s.instructionOf(t, june.ID, 1).ID, ledger.ConfirmFailed, 0)
		ids := make([]string, 3)
		for i := range ids {
			res, _, err := s.svc.SubmitPayroll(s.clerk, s.project, service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06", Kind: "advance"},
				fmt.Sprintf("sha-adv-%d", i), "json", &service.SliceLines{Lines: []ledger.PayrollLineInput{line(0, "5000.00")}})
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = res.ID
		}
		approveAtOnce(t, s, ids...)
		var pending int
		if err := db.Get(context.Background(), &pending, `SELECT COUNT(*) FROM instructions WHERE project_id = ? AND status = ?`,
			s.project, ledger.InstructionPending); err != nil || pending != 1 {
			t.Errorf("%d pending instructions (%v), want the one advance's", pending, err)
		}
		s.wantAudit(t, "payroll.advance", 1)
	})
}
