package service_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Approval writes its entries set-based, in SQL: every entry read back must
// be sound double-entry, named by the one entry-ID function, and the cached
// balances must equal the sums of the postings.
func TestApprovalPostsSoundEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		enrs := s.enrol(t, 12)
		lines := []ledger.PayrollLineInput{}
		for i := range enrs {
			lines = append(lines, line(i, strconv.Itoa(5000+i)+".50"))
		}
		lines = append(lines[:11], line(11, "0.00")) // a line with nothing to pay gets no entry
		pay := s.submit(t, "2025-06", lines...)
		wantStatuses := func(first, last ledger.LinePaymentStatus) {
			t.Helper()
			d, err := s.svc.GetPayroll(s.ctx, pay.ID, 0, 20)
			if err != nil || len(d.Lines) != 12 || d.Lines[0].PaymentStatus != first || d.Lines[11].PaymentStatus != last {
				t.Fatalf("payment statuses of %+v (%v), want %s … %s", d, err, first, last)
			}
		}
		wantStatuses(ledger.LineNotApproved, ledger.LineNothingToPay)
		if _, err := s.svc.ApprovePayroll(s.ctx, pay.ID); err != nil {
			t.Fatal(err)
		}
		wantStatuses(ledger.LinePaymentStatus(ledger.InstructionPending), ledger.LineNothingToPay)
		ctx := context.Background()
		var ids []string
		if err := db.Select(ctx, &ids, `SELECT id FROM ledger_entries WHERE project_id = ? AND kind = ? ORDER BY id`, s.project, string(ledger.EntryApproval)); err != nil {
			t.Fatal(err)
		}
		if len(ids) != 11 {
			t.Fatalf("%d approval entries, want 11 (one per line with pay)", len(ids))
		}
		batch := ledger.EntryBatch(ids[0][:len(ids[0])-len("_00001")])
		sums := map[ledger.Account]ledger.Money{}
		var total ledger.Money
		for i, id := range ids {
			if want := batch.ID(i + 1); id != want {
				t.Errorf("entry %d is %q, want %q: approval must name entries with ledger.EntryBatch", i, id, want)
			}
			e, err := store.GetEntry(db.Reader(ctx), s.project, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Validate(); err != nil {
				t.Errorf("entry %s: %v", id, err)
			}
			if e.Kind != ledger.EntryApproval || e.EffectiveOn.IsZero() || !strings.Contains(e.Memo, pay.ID) {
				t.Errorf("entry %s: kind %s, effective %s, memo %q", id, e.Kind, e.EffectiveOn, e.Memo)
			}
			for _, p := range e.Postings {
				if p.Period.String() != "2025-06" {
					t.Errorf("entry %s posts to period %s", id, p.Period)
				}
				sums[p.Account] += p.Amount
				if p.Amount > 0 {
					total += p.Amount
				}
			}
		}
		if want := pay.Totals.Net; total != want {
			t.Errorf("entries move %s, the payroll's net is %s", total, want)
		}
		if len(sums) != 12 { // eleven workers' wages_payable and the employer's labour_cost
			t.Errorf("%d accounts posted, want 12", len(sums))
		}
		for a, sum := range sums {
			bal, err := store.Balance(db.Reader(ctx), a)
			if err != nil {
				t.Fatal(err)
			}
			if bal != sum {
				t.Errorf("balance of %s is %s, its postings sum to %s", a, bal, sum)
			}
		}
		rep, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Discrepancies) > 0 {
			t.Errorf("ledger verify: %+v", rep)
		}
		s.wantAudit(t, "payroll.approve", 1)
	})
}

// Two wage officers approving the same payroll at once: one approval wins,
// the other is a conflict, and the wages are owed once.
func TestConcurrentApprovalsPostOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrol(t, 3)
		pay := s.submit(t, "2025-06", line(0, "5000.00"), line(1, "6000.00"), line(2, "7000.00"))
		approveAtOnce(t, s, pay.ID, pay.ID, pay.ID, pay.ID)
		if n := s.count(t, "ledger_entries"); n != 3 {
			t.Errorf("%d entries, want 3", n)
		}
		s.wantAudit(t, "payroll.approve", 1)
	})
}

// One bad line refuses the whole payroll: nothing is stored, the submitted
// payroll it would have replaced still stands, and no audit record is written.
func TestSubmitPayrollIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrol(t, 3)
		first := s.submit(t, "2025-06", line(0, "5000.00"), line(1, "6000.00"))
		bad := line(2, "7000.00")
		bad.Name = "别人" // not the registered name
		_, _, err := s.trySubmit(service.PayrollSubmission{Period: "2025-06"}, "sha-bad", line(0, "5000.00"), line(1, "6000.00"), bad)
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseNameMismatch))
		if f := ledger.ErrorFields(err); len(f) != 1 || f[0].Row != 3 {
			t.Errorf("refusal names %+v, want the third line only", f)
		}
		if n := s.count(t, "payrolls"); n != 1 {
			t.Errorf("%d payrolls, want only the first", n)
		}
		if n := s.count(t, "payroll_lines"); n != 2 {
			t.Errorf("%d payroll lines, want the first payroll's 2", n)
		}
		got, err := s.svc.GetPayroll(s.ctx, first.ID, 0, 10)
		if err != nil || got.Status != ledger.PayrollSubmitted {
			t.Fatalf("the first payroll is %v (%v), want it still submitted", got, err)
		}
		s.wantAudit(t, "payroll.submit", 1)
		s.wantAudit(t, "payroll.supersede", 0)
	})
}

// A new upload of the month supersedes the submitted payroll, audited; the
// same upload again is a replay that writes nothing; after approval a
// regular payroll of the month is refused.
func TestSubmitPayrollSupersedesAndReplays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrol(t, 2)
		first := s.submit(t, "2025-06", line(0, "5000.00"))
		second := s.submit(t, "2025-06", line(0, "5000.00"), line(1, "6000.00"))
		if second.Replaces != first.ID {
			t.Errorf("second payroll replaces %q, want %q", second.Replaces, first.ID)
		}
		again, replayed, err := s.trySubmit(service.PayrollSubmission{Period: "2025-06"}, "sha-2025-062", line(0, "5000.00"), line(1, "6000.00"))
		if err != nil || !replayed || again.ID != second.ID {
			t.Fatalf("replay: %v, replayed %v, %v", again, replayed, err)
		}
		s.wantAudit(t, "payroll.submit", 2)
		s.wantAudit(t, "payroll.supersede", 1)
		if _, err := s.svc.ApprovePayroll(s.ctx, second.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.trySubmit(service.PayrollSubmission{Period: "2025-06"}, "sha-third", line(0, "5000.00"))
		wantCode(t, err, ledger.EConflict, "")
		if _, err := s.svc.RejectPayroll(s.ctx, second.ID, "too late"); ledger.ErrorCode(err) != ledger.EConflict {
			t.Errorf("rejecting an approved payroll: %v, want a conflict", err)
		}
		s.wantAudit(t, "payroll.reject", 0)
	})
}

// A dry run checks everything and stores nothing.
func TestSubmitPayrollDryRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrol(t, 1)
		res, _, err := s.trySubmit(service.PayrollSubmission{Period: "2025-06", DryRun: true}, "sha", line(0, "5000.00"))
		if err != nil || !res.DryRun || res.Totals.Lines != 1 {
			t.Fatalf("dry run: %+v, %v", res, err)
		}
		if n := s.count(t, "payrolls") + s.count(t, "payroll_lines"); n != 0 {
			t.Errorf("a dry run stored %d rows", n)
		}
		s.wantAudit(t, "payroll.submit", 0)
	})
}

// Rejection needs a reason and is audited; the bank file of an approved
// payroll carries the full card numbers and its export is audited.
func TestRejectAndExportAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrol(t, 2)
		first := s.submit(t, "2025-06", line(0, "5000.00"))
		_, err := s.svc.RejectPayroll(s.ctx, first.ID, " ")
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseRequired))
		rejected, err := s.svc.RejectPayroll(s.ctx, first.ID, "days do not match the attendance")
		if err != nil || rejected.Status != ledger.PayrollRejected {
			t.Fatalf("reject: %+v, %v", rejected, err)
		}
		s.wantAudit(t, "payroll.reject", 1)
		_, err = s.svc.ExportInstructions(s.ctx, first.ID)
		wantCode(t, err, ledger.EConflict, "")
		second := s.submit(t, "2025-06", line(0, "5000.00"), line(1, "6000.00"))
		if _, err := s.svc.ApprovePayroll(s.ctx, second.ID); err != nil {
			t.Fatal(err)
		}
		b, err := s.svc.ExportInstructions(s.ctx, second.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Lines) != 2 || b.Lines[0].PayeeAccount != workerCard(0) || b.Lines[1].Amount != ledger.MustMoney("6000") {
			t.Errorf("bank file lines %+v", b.Lines)
		}
		s.wantAudit(t, "instructions.export", 1)
	})
}

// The payroll's full-month warning (a full month's pay below the minimum
// wage) reads the full month from the policy in force, as the nightly
// below_minimum_wage does: a region that sets it to 20 days warns of a
// line of 20.5 days that the national 21.75 leaves alone.
func TestPayrollFullMonthReadsThePolicy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrol(t, 1)
		l := line(0, "1900.00") // gross 2000.00, under the minimum wage of 2540.00
		l.DaysWorked = "20.5"
		warned := func(policy string) bool {
			t.Helper()
			var err error
			if s.svc.Policy, err = ledger.ParsePolicy([]byte(policy)); err != nil {
				t.Fatal(err)
			}
			res, _, err := s.trySubmit(service.PayrollSubmission{Period: "2025-07", DryRun: true}, "sha-full-month", l)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range res.LineErrors {
				if strings.Contains(w.Message, "below the local minimum wage") {
					return true
				}
			}
			return false
		}
		const wage = `{"minimum_wages":[{"region":"110000","from":"2025-01-01","source":"test","monthly":"2540.00"}]`
		if warned(wage + `}`) {
			t.Error("20.5 days of July 2025 (23 working days) warned as a full month under the national 21.75 days")
		}
		if !warned(wage + `,"params":[{"region":"110000","from":"2025-01-01","source":"test","values":{"minimum_wage.full_month_centidays":2000}}]}`) {
			t.Error("20.5 days did not warn as a full month where the policy sets the full month to 20 days")
		}
	})
}
