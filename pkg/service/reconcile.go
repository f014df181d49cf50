package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// Reconciliation is a project's month: payroll ↔ instructions ↔ bank facts ↔ books.
type Reconciliation struct {
	ProjectID          string
	Period             ledger.Period
	Due                ledger.Deadline // the period's pay day under the project's pay rule
	Allocations        ledger.Money
	AllocationCount    int
	WageAccountBalance ledger.Money
	GuaranteeHeld      ledger.Money // what the project's guarantees count today
	ledger.PeriodTally              // the workers reconciled, per employer and in all
	Exceptions         []ledger.Exception
}

// Reconcile reconciles a project's period from the facts and checks every
// worker's unpaid amount against the ledger's balance for that period.
func (s *Service) Reconcile(ctx context.Context, projectID, periodText string) (*Reconciliation, error) {
	period, err := ledger.ParsePeriod(periodText)
	if err != nil {
		return nil, fieldErr("period", ledger.RefuseFormat, "period must be a month written YYYY-MM")
	}
	r := s.DB.Reader(ctx)
	p, only, err := projectFor(r, ctx, projectID)
	if err != nil {
		return nil, err
	}
	figs, err := store.PeriodFigures(r, projectID, period)
	if err != nil {
		return nil, err
	}
	rec := &Reconciliation{ProjectID: projectID, Period: period, Due: s.calendar().PayDeadline(period, p.PayRuleOf())}
	if rec.Allocations, rec.AllocationCount, err = store.PeriodInflows(r, projectID, period); err != nil {
		return nil, err
	}
	if rec.WageAccountBalance, err = store.Balance(r, ledger.Account{ProjectID: projectID, Kind: ledger.WageAccount}); err != nil {
		return nil, err
	}
	if rec.GuaranteeHeld, err = s.guaranteeHeld(r, projectID); err != nil {
		return nil, err
	}
	facts, err := store.PeriodExceptionFacts(r, projectID, period)
	if err != nil {
		return nil, err
	}
	facts.WageAccountBalance, facts.StillOwed = rec.WageAccountBalance, make(map[string]ledger.Money, len(figs))
	if facts.ReceivedLater, facts.FirstLater, err = store.InflowsAfter(r, projectID, period.Last()); err != nil {
		return nil, err
	}
	seen := make([]ledger.WorkerFigures, 0, len(figs))
	employerOf := make(map[string]string, len(figs))
	for id, f := range figs {
		facts.StillOwed[id], employerOf[id] = f.StillOwed(), f.EmployerID
		if ledger.SeesEmployer(only, f.EmployerID) { // a subcontractor sees its own workers
			seen = append(seen, *f)
		}
	}
	rec.Exceptions = ledger.ExceptionsSeenBy(ledger.PeriodExceptions(facts), employerOf, only)
	rec.PeriodTally = ledger.ReconcileWorkers(seen)
	return rec, nil
}

// StatementPeriod is one month of a worker's statement.
type StatementPeriod struct {
	ledger.PeriodAccount
	Due      ledger.Deadline // the period's pay day under the project's pay rule
	Payments []store.StatementLine
}

// Statement is what a worker, or an arbitrator, needs: by month, what was
// owed, what was paid (with the bank's references and dates), what is unpaid.
type Statement struct {
	Enrolment *ledger.Enrolment
	Owed      ledger.Money
	Paid      ledger.Money
	Unpaid    ledger.Money
	Periods   []StatementPeriod
}

// WorkerStatement builds the statement of a worker's enrolment on a project
// (the one the access check found holding the enrolment).
func (s *Service) WorkerStatement(ctx context.Context, projectID, enrolmentID string) (*Statement, error) {
	r := s.DB.Reader(ctx)
	e, p, err := restrictedEnrolment(r, ctx, projectID, enrolmentID)
	if err != nil {
		return nil, err
	}
	acct, pays, err := workerAccount(r, projectID, enrolmentID)
	if err != nil {
		return nil, err
	}
	byPeriod := map[ledger.Period][]store.StatementLine{}
	for _, pay := range pays {
		byPeriod[pay.Period] = append(byPeriod[pay.Period], pay)
	}
	shown, err := s.presented(ctx, p, e)
	if err != nil {
		return nil, err
	}
	st := &Statement{Enrolment: shown, Owed: acct.Owed, Paid: acct.Paid, Unpaid: acct.Unpaid, Periods: make([]StatementPeriod, 0, len(acct.Periods))}
	cal, rule := s.calendar(), p.PayRuleOf()
	for _, a := range acct.Periods {
		lines := byPeriod[a.Period]
		if lines == nil {
			lines = []store.StatementLine{}
		}
		st.Periods = append(st.Periods, StatementPeriod{PeriodAccount: a, Due: cal.PayDeadline(a.Period, rule), Payments: lines})
	}
	return st, nil
}
