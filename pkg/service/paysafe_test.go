package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// paysafeSite is a funded project with the subcontractor's workers 0..2
// (enr), whose approved June pays workers 0 and 1 (5000 and 6000); worker
// 0's payment failed.
func paysafeSite(t *testing.T, db *store.DB) (s *site, enr []string, june *service.PayrollResult, failed store.Instruction) {
	t.Helper()
	s = newSite(t, db)
	enr = s.enrolWithSub(t, 3)
	bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
	if _, err := s.svc.RecordInflow(bank, s.bank, ledger.InflowInput{AccountNo: "110012345678", Amount: ledger.MustMoney("100000"),
		ReceivedOn: ledger.NewDate(2025, 7, 1), BankRef: "IN-1"}); err != nil {
		t.Fatal(err)
	}
	june, _, err := s.trySubmit(service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06"}, "sha-june", line(0, "5000.00"), line(1, "6000.00"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.ApprovePayroll(s.ctx, june.ID); err != nil {
		t.Fatal(err)
	}
	failed = s.instructionOf(t, june.ID, 1)
	s.confirm(t, failed.ID, ledger.ConfirmFailed, 0)
	return s, enr, june, failed
}

// advanceJune submits and approves the general contractor's advance for
// June and confirms each of its instructions paid.
func (s *site) advanceJune(t *testing.T, sha string, lines ...ledger.PayrollLineInput) *service.PayrollResult {
	t.Helper()
	adv, _, err := s.svc.SubmitPayroll(s.clerk, s.project, service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06", Kind: "advance"},
		sha, "json", &service.SliceLines{Lines: lines})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.ApprovePayroll(s.ctx, adv.ID); err != nil {
		t.Fatal(err)
	}
	for i := range lines {
		in := s.instructionOf(t, adv.ID, i+1)
		s.confirm(t, in.ID, ledger.ConfirmPaid, in.Amount)
	}
	return adv
}

// A failed payment whose wages the general contractor's advance then paid
// is not re-issued (it would pay the worker twice), and reconciliation
// does not report it as failed (issue 11 item 3, review 1).
func TestReissueAfterAdvancePaidTheWages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, _, failed := paysafeSite(t, db)
		s.advanceJune(t, "sha-adv", line(0, "5000.00"))
		before := s.count(t, "payment_instructions")
		_, err := s.svc.ReissueInstruction(s.ctx, failed.ID)
		wantCode(t, err, ledger.EConflict, "")
		if !strings.Contains(err.Error(), "owed nothing more") {
			t.Errorf("refusal %q does not say the wages were paid", err)
		}
		if n := s.count(t, "payment_instructions"); n != before {
			t.Errorf("%d instructions after a refused re-issue, want %d", n, before)
		}
		rec, err := s.svc.Reconcile(s.ctx, s.project, "2025-06")
		if err != nil {
			t.Fatal(err)
		}
		if rec.Failed != 0 {
			t.Errorf("reconciliation reports %s failed, want 0: the advance paid it", rec.Failed)
		}
		for _, e := range rec.Exceptions {
			if e.InstructionID == failed.ID {
				t.Errorf("exception %+v: the advance paid the wages", e)
			}
		}
		for _, w := range rec.Workers {
			if w.Status == ledger.WagesFailed {
				t.Errorf("worker %+v is failed", w)
			}
		}
	})
}

// An advance that paid part of a failed payment's wages leaves the rest to
// re-issue, and no more.
func TestReissueCappedAtWhatIsStillOwed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, _, failed := paysafeSite(t, db)
		s.advanceJune(t, "sha-adv", line(0, "2000.00"))
		rec, err := s.svc.Reconcile(s.ctx, s.project, "2025-06")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range rec.Exceptions {
			if e.InstructionID == failed.ID {
				found = e.Kind == "failed_not_reissued" && e.Amount == ledger.MustMoney("3000")
			}
		}
		if !found || rec.Failed != ledger.MustMoney("3000") {
			t.Errorf("reconciliation failed %s, exceptions %+v: want 3000 failed and owed", rec.Failed, rec.Exceptions)
		}
		re, err := s.svc.ReissueInstruction(s.ctx, failed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if re.Amount != ledger.MustMoney("3000") {
			t.Errorf("re-issue of %s, want 3000: the advance paid 2000", re.Amount)
		}
	})
}

// The general contractor paid a worker first for new work; the
// subcontractor's own payroll for the same worker and month then may not
// pay the worker again: its approval is refused, naming the advance
// (issue 11 item 5, review 2), and nothing is posted or issued.
func TestPayrollAfterAdvanceOfNewWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, _, _ := paysafeSite(t, db)
		adv := s.advanceJune(t, "sha-adv", line(2, "3000.00"))
		sup, _, err := s.trySubmit(service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06", Kind: "supplementary"}, "sha-sup",
			line(1, "100.00"), line(2, "3000.00"))
		if err != nil {
			t.Fatal(err)
		}
		entries, instructions := s.count(t, "ledger_entries"), s.count(t, "payment_instructions")
		_, err = s.svc.ApprovePayroll(s.ctx, sup.ID)
		wantCode(t, err, ledger.EConflict, string(ledger.RefuseAdvanced))
		f := ledger.ErrorFields(err)
		if len(f) != 1 || f[0].Row != 2 || !strings.Contains(f[0].Message, adv.ID) || !strings.Contains(err.Error(), adv.ID) {
			t.Errorf("refusal %v %+v: want line 2 only, naming advance %s", err, f, adv.ID)
		}
		if s.count(t, "ledger_entries") != entries || s.count(t, "payment_instructions") != instructions {
			t.Error("a refused approval posted or issued something")
		}
		d, err := s.svc.GetPayroll(s.ctx, sup.ID, 0, 10)
		if err != nil || d.Status != ledger.PayrollSubmitted {
			t.Errorf("payroll %+v, %v: still submitted", d, err)
		}
		// Without the advanced worker the payroll is approved.
		ok, _, err := s.trySubmit(service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06", Kind: "supplementary"}, "sha-sup2", line(1, "100.00"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.ApprovePayroll(s.ctx, ok.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// The bank paid part of a payment and still holds the rest: an advance may
// not pay that rest again (review 3), only what no instruction carries.
func TestAdvanceOfMoneyTheBankStillHolds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, june, _ := paysafeSite(t, db)
		held := s.instructionOf(t, june.ID, 2) // worker 1's 6000
		s.confirm(t, held.ID, ledger.ConfirmPaid, ledger.MustMoney("1000"))
		if in := s.instructionOf(t, june.ID, 2); in.Status != ledger.InstructionPartlyPaid {
			t.Fatalf("instruction %s, want partly paid", in.Status)
		}
		_, _, err := s.svc.SubmitPayroll(s.clerk, s.project, service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06", Kind: "advance"},
			"sha-adv", "json", &service.SliceLines{Lines: []ledger.PayrollLineInput{line(1, "0.01")}})
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseAdvanceTooMuch))
		if !strings.Contains(err.Error(), "are 0.00") {
			t.Errorf("refusal %v: want nothing left to advance", err)
		}
	})
}

// A payment paid 3000, 1000 came back, then the bank paid the 3000 it still
// held: the 1000 is owed, re-issuable, never stranded (review 4).
func TestReturnThenRestPaidIsReissued(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, june, _ := paysafeSite(t, db)
		in := s.instructionOf(t, june.ID, 2) // worker 1's 6000
		bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
		for i, f := range []struct {
			status ledger.ConfirmationStatus
			amount string
		}{{ledger.ConfirmPaid, "3000"}, {ledger.ConfirmReturned, "1000"}, {ledger.ConfirmPaid, "3000"}} {
			res, err := s.svc.RecordConfirmations(bank, s.bank, []ledger.ConfirmationItem{{InstructionID: in.ID, Status: f.status,
				Amount: ledger.MustMoney(f.amount), BankRef: "R4-" + string(rune('a'+i)), SettledOn: ledger.NewDate(2025, 7, 10)}})
			if err != nil || res[0].Result != ledger.Applied {
				t.Fatalf("fact %d: %+v, %v", i, res, err)
			}
		}
		got := s.instructionOf(t, june.ID, 2)
		if got.Status != ledger.InstructionPartlyFailed || got.PaidAmount != ledger.MustMoney("5000") {
			t.Fatalf("instruction %s paid %s, want partly_failed, 5000 paid", got.Status, got.PaidAmount)
		}
		re, err := s.svc.ReissueInstruction(s.ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if re.Amount != ledger.MustMoney("1000") {
			t.Errorf("re-issued %s, want the 1000 that came back", re.Amount)
		}
	})
}

// After a re-issue, the payroll's bank file carries only what the bank
// still has to pay: not the lines it paid, not the re-issue under the
// payroll's batch reference and past pay day. The re-issue goes out in a
// batch of its own, paid the next working day after it (review 5).
func TestBankFileAfterReissue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, june, failed := paysafeSite(t, db)
		held := s.instructionOf(t, june.ID, 2)
		s.confirm(t, held.ID, ledger.ConfirmPaid, held.Amount)
		re, err := s.svc.ReissueInstruction(s.ctx, failed.ID)
		if err != nil {
			t.Fatal(err)
		}
		own, err := s.svc.ExportInstructions(s.ctx, june.ID)
		if err != nil {
			t.Fatal(err)
		}
		if own.Ref != june.ID || len(own.Lines) != 0 {
			t.Errorf("the payroll's own file %s carries %+v: the bank has paid or failed all of it", own.Ref, own.Lines)
		}
		on := ledger.DateOf(re.CreatedAt)
		ref := ledger.ReissueBatchRef(june.ID, on)
		b, err := s.svc.ExportInstructionBatch(s.ctx, june.ID, ref)
		if err != nil {
			t.Fatal(err)
		}
		if b.Ref != ref || len(b.Lines) != 1 || b.Lines[0].Ref != re.ID || b.Lines[0].Amount != ledger.MustMoney("5000") {
			t.Fatalf("re-issue file %s: %+v", b.Ref, b.Lines)
		}
		if want := ledger.DefaultCalendar().NextWorkingDay(on); b.ValueDate != want || !b.ValueDate.After(on) {
			t.Errorf("re-issue value date %s, want %s", b.ValueDate, want)
		}
		_, err = s.svc.ExportInstructionBatch(s.ctx, june.ID, june.ID+"-R19990101")
		wantCode(t, err, ledger.ENotFound, "")
	})
}

// A payroll whose paid line came back (退票) and was not re-issued is owed
// again: the console shows it failed, not paid; re-issued and paid, paid.
func TestReturnedLineLeavesThePayrollFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, june, failed := paysafeSite(t, db)
		held := s.instructionOf(t, june.ID, 2)
		s.confirm(t, held.ID, ledger.ConfirmPaid, held.Amount)
		re, err := s.svc.ReissueInstruction(s.ctx, failed.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.confirm(t, re.ID, ledger.ConfirmPaid, re.Amount)
		stateOf := func() ledger.PayrollPaymentState {
			t.Helper()
			states, err := s.svc.PayrollStates(s.ctx, s.project, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range states {
				if p.ID == june.ID {
					return p.State
				}
			}
			t.Fatalf("payroll %s not listed", june.ID)
			return ""
		}
		if st := stateOf(); st != ledger.PayrollPaid {
			t.Fatalf("every line paid: %s", st)
		}
		s.confirm(t, held.ID, ledger.ConfirmReturned, held.Amount)
		if st := stateOf(); st != ledger.PayrollPaymentFailed {
			t.Errorf("a line came back and was not re-issued: %s, want failed", st)
		}
	})
}
