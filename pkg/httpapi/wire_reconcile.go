package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// Reconciliation is a project's month: payroll, instructions, bank facts and
// the books, per employer and per worker, with what cannot be squared.
type Reconciliation struct {
	ProjectID          string        `json:"project_id"`
	Period             ledger.Period `json:"period"`
	DueOn              ledger.Date   `json:"due_on"`             // the period's pay day under the project's pay rule
	DueNote            *Text         `json:"due_note,omitempty"` // why due_on may still move (a year without its holiday notice)
	Allocations        ledger.Money  `json:"allocations"`
	AllocationCount    int           `json:"allocation_count"`
	WageAccountBalance ledger.Money  `json:"wage_account_balance"`
	GuaranteeHeld      ledger.Money  `json:"guarantee_held"`
	Owed               ledger.Money  `json:"owed"`
	Paid               ledger.Money  `json:"paid"`
	Failed             ledger.Money  `json:"failed"`
	Unpaid             ledger.Money  `json:"unpaid"`
	Advanced           ledger.Money  `json:"advanced"` // the part of paid the general contractor paid first (先行清偿)
	// GuaranteePaid is the part of paid the project's wage guarantee paid
	// through drawdowns: the guarantee, not the wage account, was the payer.
	GuaranteePaid ledger.Money         `json:"guarantee_paid"`
	TiesOut       bool                 `json:"ties_out"`
	Employers     []EmployerReconciled `json:"employers"`
	Workers       []WorkerReconciled   `json:"workers"`
	Exceptions    []Exception          `json:"exceptions"`
}

// EmployerReconciled sums an employer's workers.
type EmployerReconciled struct {
	EmployerID string       `json:"employer_id"`
	Workers    int          `json:"workers"`
	Owed       ledger.Money `json:"owed"`
	Paid       ledger.Money `json:"paid"`
	Failed     ledger.Money `json:"failed"`
	Unpaid     ledger.Money `json:"unpaid"`
	Advanced   ledger.Money `json:"advanced"`
	// GuaranteePaid is the part of Paid that guarantee drawdowns paid (not the wage account).
	GuaranteePaid ledger.Money `json:"guarantee_paid"`
}

// WorkerReconciled is one worker's month, and whether what is unpaid equals
// what the books say is still owed.
type WorkerReconciled struct {
	EnrolmentID string       `json:"enrolment_id"`
	EmployerID  string       `json:"employer_id"`
	Name        string       `json:"name"`
	Owed        ledger.Money `json:"owed"`
	Paid        ledger.Money `json:"paid"`
	Failed      ledger.Money `json:"failed"`
	Unpaid      ledger.Money `json:"unpaid"`
	Advanced    ledger.Money `json:"advanced"`
	// GuaranteePaid is the part of Paid that guarantee drawdowns paid (not the wage account).
	GuaranteePaid ledger.Money `json:"guarantee_paid"`
	Status        string       `json:"status"`
	LedgerUnpaid  ledger.Money `json:"ledger_unpaid"`
	TiesOut       bool         `json:"ties_out"`
}

// Exception is a fact the reconciliation cannot square.
type Exception struct {
	Kind          string       `json:"kind"`
	InstructionID string       `json:"instruction_id,omitempty"`
	EnrolmentID   string       `json:"enrolment_id,omitempty"`
	Amount        ledger.Money `json:"amount"`
	Detail        Text         `json:"detail"`
}

func reconciliationOf(r *service.Reconciliation) Reconciliation {
	return Reconciliation{ProjectID: r.ProjectID, Period: r.Period, DueOn: r.Due.Date, DueNote: noteOf(r.Due), Allocations: r.Allocations, AllocationCount: r.AllocationCount,
		WageAccountBalance: r.WageAccountBalance, GuaranteeHeld: r.GuaranteeHeld, Owed: r.Owed, Paid: r.Paid, Failed: r.Failed, Unpaid: r.Unpaid,
		Advanced: r.Advanced, GuaranteePaid: r.GuaranteePaid, TiesOut: r.TiesOut,
		Employers: mapEach(r.Employers, func(e ledger.EmployerLine) EmployerReconciled {
			return EmployerReconciled{EmployerID: e.EmployerID, Workers: e.Workers, Owed: e.Owed, Paid: e.Paid, Failed: e.Failed, Unpaid: e.Unpaid,
				Advanced: e.Advanced, GuaranteePaid: e.GuaranteePaid}
		}),
		Workers: mapEach(r.Workers, func(w ledger.WorkerLine) WorkerReconciled {
			return WorkerReconciled{EnrolmentID: w.EnrolmentID, EmployerID: w.EmployerID, Name: w.Name, Owed: w.Owed, Paid: w.Paid,
				Failed: w.Failed, Unpaid: w.Unpaid, Advanced: w.Advanced, GuaranteePaid: w.GuaranteePaid, Status: string(w.Status), LedgerUnpaid: w.Ledger, TiesOut: w.TiesOut}
		}),
		Exceptions: mapEach(r.Exceptions, func(e ledger.Exception) Exception {
			return Exception{Kind: string(e.Kind), InstructionID: e.InstructionID, EnrolmentID: e.EnrolmentID, Amount: e.Amount, Detail: textOf(e.Detail)}
		})}
}

// Statement is one worker's owed, paid and unpaid amounts by month, with the
// bank's references and dates.
type Statement struct {
	Enrolment Enrolment         `json:"enrolment"`
	Owed      ledger.Money      `json:"owed"`
	Paid      ledger.Money      `json:"paid"`
	Unpaid    ledger.Money      `json:"unpaid"`
	Periods   []StatementPeriod `json:"periods"`
}

// StatementPeriod is one month of a statement.
type StatementPeriod struct {
	Period   ledger.Period      `json:"period"`
	DueOn    ledger.Date        `json:"due_on"`
	DueNote  *Text              `json:"due_note,omitempty"`
	Owed     ledger.Money       `json:"owed"`
	Paid     ledger.Money       `json:"paid"`
	Unpaid   ledger.Money       `json:"unpaid"`
	Advanced ledger.Money       `json:"advanced"` // the part of paid the general contractor paid first
	Payments []StatementPayment `json:"payments"`
}

// StatementPayment is one bank fact about one of the worker's instructions.
type StatementPayment struct {
	Period        ledger.Period `json:"period"`
	InstructionID string        `json:"instruction_id"`
	Status        string        `json:"status"`
	Amount        ledger.Money  `json:"amount"`
	BankRef       string        `json:"bank_ref"`
	SettledOn     ledger.Date   `json:"settled_on"`
	Reason        string        `json:"reason,omitempty"`
	// PaidFrom: a payment of a guarantee drawdown names the guarantee
	// account that paid it; absent for wages paid from the wage account.
	PaidFrom string `json:"paid_from,omitempty"`
	// PayerID is who paid a payroll's wages: the employer, or the general
	// contractor paying first; absent for a drawdown's payment.
	PayerID string `json:"payer_id,omitempty"`
	Advance bool   `json:"advance"` // paid by the general contractor's advance (先行清偿)
}

func statementOf(s *service.Statement) Statement {
	return Statement{Enrolment: enrolmentOf(s.Enrolment), Owed: s.Owed, Paid: s.Paid, Unpaid: s.Unpaid,
		Periods: mapEach(s.Periods, func(p service.StatementPeriod) StatementPeriod {
			return StatementPeriod{Period: p.Period, DueOn: p.Due.Date, DueNote: noteOf(p.Due), Owed: p.Owed, Paid: p.Paid, Unpaid: p.Unpaid, Advanced: p.Advanced,
				Payments: mapEach(p.Payments, func(l store.StatementLine) StatementPayment {
					return StatementPayment{Period: l.Period, InstructionID: l.InstructionID, Status: string(l.Status), Amount: l.Amount,
						BankRef: l.BankRef, SettledOn: l.SettledOn, Reason: l.Reason, PaidFrom: l.PaidFrom, PayerID: l.PayerID, Advance: l.Advance}
				})}
		})}
}

// noteOf is why a deadline may still move, nil when it rests on published
// notices only.
func noteOf(d ledger.Deadline) *Text {
	if d.Note.Key == "" {
		return nil
	}
	t := textOf(d.Note)
	return &t
}
