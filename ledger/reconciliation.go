package ledger

import "sort"

// WageState is where one worker's wages for one period stand in a
// reconciliation.
type WageState string

// Wage states.
const (
	WagesPaid       WageState = "paid"        // something was owed and all of it is paid
	WagesFailed     WageState = "failed"      // a payment failed and is still owed
	WagesPartlyPaid WageState = "partly_paid" // part is paid
	WagesUnpaid     WageState = "unpaid"      // nothing is paid
)

// WageStateOf decides the state from what was owed, paid and failed;
// partlyPaid says an instruction was paid in part.
func WageStateOf(owed, paid, failed Money, partlyPaid bool) WageState {
	switch {
	case owed > 0 && owed-paid == 0:
		return WagesPaid
	case failed > 0:
		return WagesFailed
	case paid > 0 || partlyPaid:
		return WagesPartlyPaid
	}
	return WagesUnpaid
}

// WorkerFigures are one worker's figures for one period, from the facts.
type WorkerFigures struct {
	EnrolmentID string
	EmployerID  string
	Name        string
	Owed        Money // approved net pay
	Paid        Money // confirmed paid, less what came back
	// Failed is the unpaid rest (less any superseded part) of instructions
	// that failed, or partly failed, and were not re-issued. ReconcileWorkers
	// counts it only as far as the worker is still owed it (FailedStillOwed):
	// wages another instruction paid meanwhile (an advance, a drawdown) are
	// not failed.
	Failed   Money
	InFlight Money // on live instructions: pending, or the unpaid rest of partly paid ones
	Advanced Money // the part of Paid the general contractor paid first (先行清偿)
	// GuaranteePaid is the part of Paid a guarantee drawdown paid (its
	// instructions' payer is the guarantee, not the wage account).
	GuaranteePaid Money
	PartlyPaid    bool  // an instruction was paid in part
	Ledger        Money // what the books say is still owed
}

// StillOwed is what the books still owe the worker for the period and no
// live instruction carries to the bank.
func (f WorkerFigures) StillOwed() Money { return StillOwed(f.Ledger, f.InFlight) }

// WorkerLine is one worker's reconciliation for a period.
type WorkerLine struct {
	EnrolmentID string
	EmployerID  string
	Name        string
	Owed        Money
	Paid        Money
	Failed      Money
	Unpaid      Money
	Advanced    Money // the part of Paid the general contractor paid first
	// GuaranteePaid is the part of Paid a guarantee drawdown paid.
	GuaranteePaid Money
	Status        WageState
	Ledger        Money // what the books say is still owed
	TiesOut       bool  // Unpaid equals Ledger
}

// Tally is what is owed, paid, failed, unpaid and advanced, summed.
type Tally struct {
	Owed     Money
	Paid     Money
	Failed   Money
	Unpaid   Money
	Advanced Money // paid by the general contractor first (先行清偿), part of Paid
	// GuaranteePaid is paid by guarantee drawdowns, part of Paid.
	GuaranteePaid Money
}

func (t *Tally) add(w WorkerLine) {
	t.Owed, t.Paid, t.Failed, t.Unpaid, t.Advanced = t.Owed+w.Owed, t.Paid+w.Paid, t.Failed+w.Failed, t.Unpaid+w.Unpaid, t.Advanced+w.Advanced
	t.GuaranteePaid += w.GuaranteePaid
}

// EmployerLine sums an employer's workers.
type EmployerLine struct {
	EmployerID string
	Workers    int
	Tally
}

// PeriodTally is a period's workers reconciled, summed per employer and in all.
type PeriodTally struct {
	Tally
	TiesOut   bool           // every worker ties out
	Employers []EmployerLine // by employer ID
	Workers   []WorkerLine   // by enrolment ID
}

// ReconcileWorkers decides each worker's unpaid amount and state, whether
// it ties out with the books, and sums them per employer and in all.
func ReconcileWorkers(figs []WorkerFigures) PeriodTally {
	out := PeriodTally{TiesOut: true, Employers: []EmployerLine{}, Workers: []WorkerLine{}}
	byEmployer := map[string]*EmployerLine{}
	for _, f := range figs {
		failed := FailedStillOwed([]Money{f.Failed}, f.StillOwed())[0]
		w := WorkerLine{EnrolmentID: f.EnrolmentID, EmployerID: f.EmployerID, Name: f.Name, Owed: f.Owed, Paid: f.Paid, Failed: failed,
			Unpaid: f.Owed - f.Paid, Advanced: f.Advanced, GuaranteePaid: f.GuaranteePaid, Status: WageStateOf(f.Owed, f.Paid, failed, f.PartlyPaid), Ledger: f.Ledger}
		w.TiesOut = w.Unpaid == w.Ledger
		out.TiesOut = out.TiesOut && w.TiesOut
		out.Workers = append(out.Workers, w)
		e := byEmployer[f.EmployerID]
		if e == nil {
			e = &EmployerLine{EmployerID: f.EmployerID}
			byEmployer[f.EmployerID] = e
		}
		e.Workers++
		e.add(w)
		out.add(w)
	}
	for _, e := range byEmployer {
		out.Employers = append(out.Employers, *e)
	}
	sort.Slice(out.Employers, func(i, j int) bool { return out.Employers[i].EmployerID < out.Employers[j].EmployerID })
	sort.Slice(out.Workers, func(i, j int) bool { return out.Workers[i].EnrolmentID < out.Workers[j].EnrolmentID })
	return out
}

// WorkerPayment is one bank fact about one of a worker's instructions, as a
// statement counts it.
type WorkerPayment struct {
	Period  Period
	Status  ConfirmationStatus
	Amount  Money
	Advance bool // paid by the general contractor's advance (先行清偿)
}

// PaidBy is what a bank fact adds to what was paid: a payment its amount, a
// return (退票) less its amount, anything else nothing.
func PaidBy(status ConfirmationStatus, amount Money) Money {
	switch status {
	case ConfirmPaid:
		return amount
	case ConfirmReturned:
		return -amount
	}
	return 0
}

// PeriodAccount is one month of a worker's statement, summed.
type PeriodAccount struct {
	Period   Period
	Owed     Money
	Paid     Money
	Unpaid   Money
	Advanced Money // the part of Paid the general contractor paid first (先行清偿)
}

// WorkerAccount is a worker's statement summed, by month and in all.
type WorkerAccount struct {
	Owed    Money
	Paid    Money
	Unpaid  Money
	Periods []PeriodAccount // by period; a month with anything owed or any bank fact
}

// Statement sums a worker's statement from what was owed by period and the
// bank's facts about the worker's instructions: paid is what was paid less
// what came back.
func Statement(owed map[Period]Money, payments []WorkerPayment) WorkerAccount {
	byPeriod := map[Period]*PeriodAccount{}
	at := func(p Period) *PeriodAccount {
		a := byPeriod[p]
		if a == nil {
			a = &PeriodAccount{Period: p}
			byPeriod[p] = a
		}
		return a
	}
	for p, m := range owed {
		at(p).Owed = m
	}
	for _, pay := range payments {
		a, paid := at(pay.Period), PaidBy(pay.Status, pay.Amount)
		a.Paid += paid
		if pay.Advance {
			a.Advanced += paid
		}
	}
	out := WorkerAccount{Periods: []PeriodAccount{}}
	for _, a := range byPeriod {
		a.Unpaid = a.Owed - a.Paid
		out.Owed, out.Paid, out.Unpaid = out.Owed+a.Owed, out.Paid+a.Paid, out.Unpaid+a.Unpaid
		out.Periods = append(out.Periods, *a)
	}
	sort.Slice(out.Periods, func(i, j int) bool { return out.Periods[i].Period.String() < out.Periods[j].Period.String() })
	return out
}
