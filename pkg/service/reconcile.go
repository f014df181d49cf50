package service

import (
	"context"
	"sort"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// WorkerLine is one worker's reconciliation for a period.
type WorkerLine struct {
	EnrolmentID string
	EmployerID  string
	Name        string
	Owed        ledger.Money
	Paid        ledger.Money
	Failed      ledger.Money
	Unpaid      ledger.Money
	Advanced    ledger.Money // the part of Paid the general contractor paid first
	Status      string       // paid, partly_paid, failed, unpaid
	Ledger      ledger.Money
	TiesOut     bool
}

// EmployerLine sums an employer's workers.
type EmployerLine struct {
	EmployerID string
	Workers    int
	Owed       ledger.Money
	Paid       ledger.Money
	Failed     ledger.Money
	Unpaid     ledger.Money
	Advanced   ledger.Money
}

// Reconciliation is a project's month: payroll ↔ instructions ↔ bank facts ↔ books.
type Reconciliation struct {
	ProjectID          string
	Period             ledger.Period
	Due                ledger.Deadline // the period's pay day under the project's pay rule
	Allocations        ledger.Money
	AllocationCount    int
	WageAccountBalance ledger.Money
	GuaranteeHeld      ledger.Money // what the project's guarantees count today
	Owed               ledger.Money
	Paid               ledger.Money
	Failed             ledger.Money
	Unpaid             ledger.Money
	Advanced           ledger.Money // paid by the general contractor first (先行清偿), part of Paid
	TiesOut            bool
	Employers          []EmployerLine
	Workers            []WorkerLine
	Exceptions         []store.Exception
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
	rec := &Reconciliation{ProjectID: projectID, Period: period, Due: s.calendar().PayDeadline(period, p.PayRuleOf()), TiesOut: true, Employers: []EmployerLine{}, Workers: []WorkerLine{}}
	if rec.Allocations, rec.AllocationCount, err = store.PeriodInflows(r, projectID, period); err != nil {
		return nil, err
	}
	bal, err := store.Balance(r, ledger.Account{ProjectID: projectID, Kind: ledger.WageAccount})
	if err != nil {
		return nil, err
	}
	rec.WageAccountBalance = bal
	if rec.GuaranteeHeld, err = s.guaranteeHeld(r, projectID); err != nil {
		return nil, err
	}
	if rec.Exceptions, err = store.PeriodExceptions(r, projectID, period, figs); err != nil {
		return nil, err
	}
	if bal < 0 {
		rec.Exceptions = append(rec.Exceptions, store.Exception{Kind: "account_overdrawn", Amount: -bal,
			Detail: "the wage account's balance in the books is below zero: payments were confirmed that no reported allocation covers"})
	}
	byEmployer := map[string]*EmployerLine{}
	for _, f := range figs {
		if only != "" && f.EmployerID != only {
			continue
		}
		w := WorkerLine{EnrolmentID: f.EnrolmentID, EmployerID: f.EmployerID, Name: f.Name, Owed: f.Owed, Paid: f.Paid, Failed: f.Failed,
			Unpaid: f.Owed - f.Paid, Advanced: f.Advanced, Ledger: f.Ledger}
		w.TiesOut = w.Unpaid == w.Ledger
		w.Status = string(ledger.WageStateOf(w.Owed, w.Paid, f.Failed, f.PartlyPaid))
		rec.TiesOut = rec.TiesOut && w.TiesOut
		rec.Workers = append(rec.Workers, w)
		e := byEmployer[f.EmployerID]
		if e == nil {
			e = &EmployerLine{EmployerID: f.EmployerID}
			byEmployer[f.EmployerID] = e
		}
		e.Workers++
		e.Owed, e.Paid, e.Failed, e.Unpaid, e.Advanced = e.Owed+w.Owed, e.Paid+w.Paid, e.Failed+w.Failed, e.Unpaid+w.Unpaid, e.Advanced+w.Advanced
		rec.Owed, rec.Paid, rec.Failed, rec.Unpaid = rec.Owed+w.Owed, rec.Paid+w.Paid, rec.Failed+w.Failed, rec.Unpaid+w.Unpaid
		rec.Advanced += w.Advanced
	}
	for _, e := range byEmployer {
		rec.Employers = append(rec.Employers, *e)
	}
	sort.Slice(rec.Employers, func(i, j int) bool { return rec.Employers[i].EmployerID < rec.Employers[j].EmployerID })
	sort.Slice(rec.Workers, func(i, j int) bool { return rec.Workers[i].EnrolmentID < rec.Workers[j].EnrolmentID })
	return rec, nil
}

// StatementPeriod is one month of a worker's statement.
type StatementPeriod struct {
	Period   ledger.Period
	Due      ledger.Deadline // the period's pay day under the project's pay rule
	Owed     ledger.Money
	Paid     ledger.Money
	Unpaid   ledger.Money
	Advanced ledger.Money // the part of Paid the general contractor paid first (先行清偿)
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

// WorkerStatement builds one worker's statement on one project.
func (s *Service) WorkerStatement(ctx context.Context, enrolmentID string) (*Statement, error) {
	r := s.DB.Reader(ctx)
	projectID, _, err := store.EnrolmentProject(r, enrolmentID)
	if err != nil {
		return nil, err
	}
	e, p, err := restrictedEnrolment(r, ctx, projectID, enrolmentID)
	if err != nil {
		return nil, err
	}
	owed, err := store.WorkerOwed(r, projectID, enrolmentID)
	if err != nil {
		return nil, err
	}
	pays, err := store.WorkerPayments(r, projectID, enrolmentID)
	if err != nil {
		return nil, err
	}
	byPeriod := map[ledger.Period]*StatementPeriod{}
	cal, rule := s.calendar(), p.PayRuleOf()
	at := func(period ledger.Period) *StatementPeriod {
		sp := byPeriod[period]
		if sp == nil {
			sp = &StatementPeriod{Period: period, Due: cal.PayDeadline(period, rule), Payments: []store.StatementLine{}}
			byPeriod[period] = sp
		}
		return sp
	}
	for p, m := range owed {
		at(p).Owed = m
	}
	for _, pay := range pays {
		sp := at(pay.Period)
		sp.Payments = append(sp.Payments, pay)
		amount := pay.Amount
		switch ledger.ConfirmationStatus(pay.Status) {
		case ledger.ConfirmPaid:
		case ledger.ConfirmReturned:
			amount = -amount
		default:
			amount = 0
		}
		sp.Paid += amount
		if pay.Advance {
			sp.Advanced += amount
		}
	}
	st := &Statement{Enrolment: e.Enrolment(), Periods: []StatementPeriod{}}
	for _, sp := range byPeriod {
		sp.Unpaid = sp.Owed - sp.Paid
		st.Owed, st.Paid, st.Unpaid = st.Owed+sp.Owed, st.Paid+sp.Paid, st.Unpaid+sp.Unpaid
		st.Periods = append(st.Periods, *sp)
	}
	sort.Slice(st.Periods, func(i, j int) bool { return st.Periods[i].Period.String() < st.Periods[j].Period.String() })
	return st, nil
}
