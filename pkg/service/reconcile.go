package service

import (
	"context"
	"sort"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// WorkerLine is one worker's reconciliation for a period.
type WorkerLine struct {
	EnrolmentID string       `json:"enrolment_id"`
	EmployerID  string       `json:"employer_id"`
	Name        string       `json:"name"`
	Owed        ledger.Money `json:"owed"`
	Paid        ledger.Money `json:"paid"`
	Failed      ledger.Money `json:"failed"`
	Unpaid      ledger.Money `json:"unpaid"`
	Status      string       `json:"status"` // paid, partly_paid, failed, unpaid
	Ledger      ledger.Money `json:"ledger_unpaid"`
	TiesOut     bool         `json:"ties_out"`
}

// EmployerLine sums an employer's workers.
type EmployerLine struct {
	EmployerID string       `json:"employer_id"`
	Workers    int          `json:"workers"`
	Owed       ledger.Money `json:"owed"`
	Paid       ledger.Money `json:"paid"`
	Failed     ledger.Money `json:"failed"`
	Unpaid     ledger.Money `json:"unpaid"`
}

// Reconciliation is a project's month: payroll ↔ instructions ↔ bank facts ↔ books.
type Reconciliation struct {
	ProjectID          string            `json:"project_id"`
	Period             ledger.Period     `json:"period"`
	Allocations        ledger.Money      `json:"allocations"`
	AllocationCount    int               `json:"allocation_count"`
	WageAccountBalance ledger.Money      `json:"wage_account_balance"`
	Owed               ledger.Money      `json:"owed"`
	Paid               ledger.Money      `json:"paid"`
	Failed             ledger.Money      `json:"failed"`
	Unpaid             ledger.Money      `json:"unpaid"`
	TiesOut            bool              `json:"ties_out"`
	Employers          []EmployerLine    `json:"employers"`
	Workers            []WorkerLine      `json:"workers"`
	Exceptions         []store.Exception `json:"exceptions"`
}

// Reconcile reconciles a project's period from the facts and checks every
// worker's unpaid amount against the ledger's balance for that period.
func (s *Service) Reconcile(ctx context.Context, projectID, periodText string) (*Reconciliation, error) {
	period, err := ledger.ParsePeriod(periodText)
	if err != nil {
		return nil, fieldErr("period", "format", "period must be a month written YYYY-MM")
	}
	r := s.DB.Reader(ctx)
	_, only, err := projectFor(r, ctx, projectID)
	if err != nil {
		return nil, err
	}
	figs, err := store.PeriodFigures(r, projectID, period)
	if err != nil {
		return nil, err
	}
	rec := &Reconciliation{ProjectID: projectID, Period: period, TiesOut: true, Employers: []EmployerLine{}, Workers: []WorkerLine{}}
	if rec.Allocations, rec.AllocationCount, err = store.PeriodInflows(r, projectID, period); err != nil {
		return nil, err
	}
	bal, err := store.Balance(r, ledger.Account{ProjectID: projectID, Kind: ledger.WageAccount})
	if err != nil {
		return nil, err
	}
	rec.WageAccountBalance = bal
	if rec.Exceptions, err = store.PeriodExceptions(r, projectID, period); err != nil {
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
			Unpaid: f.Owed - f.Paid, Ledger: f.Ledger}
		w.TiesOut = w.Unpaid == w.Ledger
		switch {
		case w.Owed > 0 && w.Unpaid == 0:
			w.Status = "paid"
		case f.Failed > 0:
			w.Status = "failed"
		case w.Paid > 0 || f.PartlyPaid:
			w.Status = "partly_paid"
		default:
			w.Status = "unpaid"
		}
		rec.TiesOut = rec.TiesOut && w.TiesOut
		rec.Workers = append(rec.Workers, w)
		e := byEmployer[f.EmployerID]
		if e == nil {
			e = &EmployerLine{EmployerID: f.EmployerID}
			byEmployer[f.EmployerID] = e
		}
		e.Workers++
		e.Owed, e.Paid, e.Failed, e.Unpaid = e.Owed+w.Owed, e.Paid+w.Paid, e.Failed+w.Failed, e.Unpaid+w.Unpaid
		rec.Owed, rec.Paid, rec.Failed, rec.Unpaid = rec.Owed+w.Owed, rec.Paid+w.Paid, rec.Failed+w.Failed, rec.Unpaid+w.Unpaid
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
	Period   ledger.Period         `json:"period"`
	Owed     ledger.Money          `json:"owed"`
	Paid     ledger.Money          `json:"paid"`
	Unpaid   ledger.Money          `json:"unpaid"`
	Payments []store.StatementLine `json:"payments"`
}

// Statement is what a worker, or an arbitrator, needs: by month, what was
// owed, what was paid (with the bank's references and dates), what is unpaid.
type Statement struct {
	Enrolment *ledger.Enrolment `json:"enrolment"`
	Owed      ledger.Money      `json:"owed"`
	Paid      ledger.Money      `json:"paid"`
	Unpaid    ledger.Money      `json:"unpaid"`
	Periods   []StatementPeriod `json:"periods"`
}

// EnrolmentOwner tells the authorizer an enrolment's project and employer.
func (s *Service) EnrolmentOwner(ctx context.Context, id string) (string, string, error) {
	return store.EnrolmentProject(s.DB.Reader(ctx), id)
}

// WorkerStatement builds one worker's statement on one project.
func (s *Service) WorkerStatement(ctx context.Context, enrolmentID string) (*Statement, error) {
	r := s.DB.Reader(ctx)
	projectID, _, err := store.EnrolmentProject(r, enrolmentID)
	if err != nil {
		return nil, err
	}
	e, _, err := restrictedEnrolment(r, ctx, projectID, enrolmentID)
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
	at := func(p ledger.Period) *StatementPeriod {
		sp := byPeriod[p]
		if sp == nil {
			sp = &StatementPeriod{Period: p, Payments: []store.StatementLine{}}
			byPeriod[p] = sp
		}
		return sp
	}
	for p, m := range owed {
		at(p).Owed = m
	}
	for _, pay := range pays {
		sp := at(pay.Period)
		sp.Payments = append(sp.Payments, pay)
		switch ledger.ConfirmationStatus(pay.Status) {
		case ledger.ConfirmPaid:
			sp.Paid += pay.Amount
		case ledger.ConfirmReturned:
			sp.Paid -= pay.Amount
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
