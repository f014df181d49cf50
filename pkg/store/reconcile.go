package store

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// PeriodFigures gathers, set-based, every worker's owed, paid and failed
// amounts for a period from payroll lines, bank confirmations and
// instructions, and what the ledger says each is still owed.
func PeriodFigures(q Querier, projectID string, period ledger.Period) (map[string]*ledger.WorkerFigures, error) {
	out := map[string]*ledger.WorkerFigures{}
	get := func(id string) *ledger.WorkerFigures {
		w, ok := out[id]
		if !ok {
			w = &ledger.WorkerFigures{EnrolmentID: id}
			out[id] = w
		}
		return w
	}
	var owed []struct {
		ID       string `db:"enrolment_id"`
		Employer string `db:"employer_id"`
		Name     string `db:"name"`
		Sum      int64  `db:"total"`
	}
	if err := q.Select(&owed, `SELECT l.enrolment_id, p.employer_id, MAX(l.name) AS name, SUM(l.net) AS total
		FROM payroll_lines l JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id
		WHERE l.project_id = ? AND p.period = ? AND p.status = ? AND l.advance_of <> ? GROUP BY l.enrolment_id, p.employer_id`,
		projectID, period, string(ledger.PayrollApproved), string(ledger.AdvanceOwed)); err != nil {
		return nil, fmt.Errorf("store: unable to sum what is owed: %w", err)
	}
	for _, o := range owed {
		w := get(o.ID)
		w.EmployerID, w.Name, w.Owed = o.Employer, o.Name, w.Owed+ledger.Money(o.Sum)
	}
	var sums []struct {
		ID       string `db:"enrolment_id"`
		Paid     int64  `db:"paid"`
		Failed   int64  `db:"failed"`
		Advanced int64  `db:"advanced"`
		ByGuar   int64  `db:"guarantee_paid"`
		Partly   int    `db:"partly"`
		InFlight int64  `db:"in_flight"`
	}
	if err := q.Select(&sums, `SELECT i.enrolment_id,
		COALESCE(SUM(i.paid_amount), 0) AS paid,
		COALESCE(SUM(CASE WHEN i.status IN (?, ?) THEN i.amount - i.paid_amount - i.superseded_amount ELSE 0 END), 0) AS failed,
		COALESCE(SUM(CASE WHEN p.kind = ? THEN i.paid_amount ELSE 0 END), 0) AS advanced,
		COALESCE(SUM(CASE WHEN i.paid_from <> '' THEN i.paid_amount ELSE 0 END), 0) AS guarantee_paid,
		COALESCE(SUM(CASE WHEN i.status = ? THEN 1 ELSE 0 END), 0) AS partly,
		COALESCE(SUM(CASE WHEN i.status IN (?, ?) THEN i.amount - i.paid_amount - i.superseded_amount ELSE 0 END), 0) AS in_flight
		FROM instructions i LEFT JOIN payrolls p ON p.project_id = i.project_id AND p.id = i.payroll_id
		WHERE i.project_id = ? AND i.period = ? GROUP BY i.enrolment_id`,
		ledger.InstructionFailed, ledger.InstructionPartlyFailed, string(ledger.PayrollAdvance), ledger.InstructionPartlyPaid,
		ledger.InstructionPending, ledger.InstructionPartlyPaid, projectID, period); err != nil {
		return nil, fmt.Errorf("store: unable to sum payments: %w", err)
	}
	for _, s := range sums {
		w := get(s.ID)
		w.Paid, w.Failed, w.Advanced, w.PartlyPaid = ledger.Money(s.Paid), ledger.Money(s.Failed), ledger.Money(s.Advanced), s.Partly > 0
		w.InFlight, w.GuaranteePaid = ledger.Money(s.InFlight), ledger.Money(s.ByGuar)
	}
	var books []struct {
		Ref string `db:"account_ref"`
		Sum int64  `db:"total"`
	}
	if err := q.Select(&books, `SELECT account_ref, SUM(amount) AS total FROM ledger_postings
		WHERE project_id = ? AND account_kind = ? AND period = ? GROUP BY account_ref`, projectID, string(ledger.WagesPayable), period); err != nil {
		return nil, fmt.Errorf("store: unable to read the books: %w", err)
	}
	for _, b := range books {
		get(b.Ref).Ledger = ledger.WagesPayable.Natural(ledger.Money(b.Sum))
	}
	return out, nil
}

// PeriodInflows sums the allocations received in a period.
func PeriodInflows(q Querier, projectID string, period ledger.Period) (ledger.Money, int, error) {
	var r struct {
		Sum int64 `db:"total"`
		N   int   `db:"n"`
	}
	err := q.Get(&r, `SELECT COALESCE(SUM(amount), 0) AS total, COUNT(*) AS n FROM bank_inflows WHERE project_id = ? AND received_on BETWEEN ? AND ?`,
		projectID, period.First(), period.Last())
	return ledger.Money(r.Sum), r.N, err
}

// PeriodExceptionFacts reads what a period's exceptions are decided from
// (ledger.PeriodExceptions): the period's instructions not settled in full,
// the confirmations flagged when they were recorded, and the bank's facts
// about its instructions that could not be applied (a result file row that
// was no result, such as pending, only while its instruction still waits for
// one: the final row answers it). The wage account's balance is not read here.
func PeriodExceptionFacts(q Querier, projectID string, period ledger.Period) (ledger.ExceptionFacts, error) {
	var f ledger.ExceptionFacts
	var ins []struct {
		ID     string                   `db:"id"`
		Enr    string                   `db:"enrolment_id"`
		Status ledger.InstructionStatus `db:"status"`
		Amount ledger.Money             `db:"amount"`
		Paid   ledger.Money             `db:"paid_amount"`
		Sup    ledger.Money             `db:"superseded_amount"`
	}
	statuses := ledger.UnsettledStatuses
	args := []any{projectID, period}
	for _, st := range statuses {
		args = append(args, string(st))
	}
	if err := q.Select(&ins, `SELECT id, enrolment_id, status, amount, paid_amount, superseded_amount FROM instructions
		WHERE project_id = ? AND period = ? AND status IN (`+placeholders(len(statuses))+`) ORDER BY id`, args...); err != nil {
		return f, fmt.Errorf("store: unable to list exceptions: %w", err)
	}
	for _, i := range ins {
		f.Unsettled = append(f.Unsettled, ledger.UnsettledInstruction{ID: i.ID, EnrolmentID: i.Enr, Status: i.Status, Amount: i.Amount, Paid: i.Paid, Superseded: i.Sup})
	}
	var flagged []struct {
		Instruction string       `db:"instruction_id"`
		Enr         string       `db:"enrolment_id"`
		Amount      ledger.Money `db:"amount"`
		Exception   string       `db:"exception"`
		Ref         string       `db:"bank_ref"`
	}
	if err := q.Select(&flagged, `SELECT c.instruction_id, i.enrolment_id, c.amount, c.exception, c.bank_ref FROM bank_confirmations c
		JOIN payment_instructions i ON i.project_id = c.project_id AND i.id = c.instruction_id
		WHERE c.project_id = ? AND i.period = ? AND c.exception <> '' ORDER BY c.created_at, c.id`, projectID, period); err != nil {
		return f, fmt.Errorf("store: unable to list flagged confirmations: %w", err)
	}
	for _, c := range flagged {
		f.Flagged = append(f.Flagged, ledger.FlaggedPayment{InstructionID: c.Instruction, EnrolmentID: c.Enr, Amount: c.Amount, Flag: c.Exception, BankRef: c.Ref})
	}
	var unmatched []struct {
		Unmatched
		EnrolmentID string `db:"enrolment_id"`
	}
	if err := q.Select(&unmatched, `SELECT `+unmatchedColumns+`, i.enrolment_id FROM unmatched_confirmations u
		JOIN instructions i ON i.project_id = u.project_id AND i.id = u.instruction_id
		WHERE u.project_id = ? AND i.period = ? AND (u.problem_code <> ? OR i.status = ?)
		ORDER BY u.received_at, u.bank_ref`, projectID, period, ledger.RefuseNotFinal, ledger.InstructionPending); err != nil {
		return f, fmt.Errorf("store: unable to list unmatched confirmations: %w", err)
	}
	for _, u := range unmatched {
		f.Unapplied = append(f.Unapplied, ledger.UnappliedFact{InstructionID: u.InstructionID, EnrolmentID: u.EnrolmentID, Status: u.Status,
			Amount: u.Amount, BankRef: u.BankRef, Problem: u.Problem})
	}
	return f, nil
}

// StatementLine is one bank fact about one of a worker's instructions.
type StatementLine struct {
	Period        ledger.Period             `db:"period"`
	InstructionID string                    `db:"instruction_id"`
	Status        ledger.ConfirmationStatus `db:"status"`
	Amount        ledger.Money              `db:"amount"`
	BankRef       string                    `db:"bank_ref"`
	SettledOn     ledger.Date               `db:"settled_on"`
	Reason        string                    `db:"reason"`
	// PaidFrom names the guarantee account a drawdown paid from; "" for the wage account.
	PaidFrom string `db:"paid_from"`
	PayerID  string `db:"payer_id"` // who paid a payroll: its employer, or the general contractor paying first; "" for a drawdown
	Advance  bool   `db:"advance"`  // paid by the general contractor's advance (先行清偿)
}

// WorkerPayments lists every confirmation of an enrolment's instructions.
func WorkerPayments(q Querier, projectID, enrolmentID string) ([]StatementLine, error) {
	var rows []StatementLine
	if err := q.Select(&rows, `SELECT i.period, c.instruction_id, c.status, c.amount, c.bank_ref, c.settled_on, c.reason, i.paid_from,
		COALESCE(p.payer_id, '') AS payer_id, CASE WHEN p.kind = ? THEN 1 ELSE 0 END AS advance
		FROM bank_confirmations c JOIN payment_instructions i ON i.project_id = c.project_id AND i.id = c.instruction_id
		LEFT JOIN payrolls p ON p.project_id = i.project_id AND p.id = i.payroll_id
		WHERE c.project_id = ? AND i.enrolment_id = ? ORDER BY i.period, c.settled_on, c.id`, string(ledger.PayrollAdvance), projectID, enrolmentID); err != nil {
		return nil, fmt.Errorf("store: unable to read payments: %w", err)
	}
	return rows, nil
}

// WorkerOwed sums an enrolment's approved net pay by period (an advance's
// lines of wages already owed are not owed twice).
func WorkerOwed(q Querier, projectID, enrolmentID string) (map[ledger.Period]ledger.Money, error) {
	var rows []struct {
		Period ledger.Period `db:"period"`
		Sum    int64         `db:"total"`
	}
	if err := q.Select(&rows, `SELECT p.period, SUM(l.net) AS total FROM payroll_lines l JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id
		WHERE l.project_id = ? AND l.enrolment_id = ? AND p.status = ? AND l.advance_of <> ? GROUP BY p.period`,
		projectID, enrolmentID, string(ledger.PayrollApproved), string(ledger.AdvanceOwed)); err != nil {
		return nil, fmt.Errorf("store: unable to sum what is owed: %w", err)
	}
	out := map[ledger.Period]ledger.Money{}
	for _, r := range rows {
		out[r.Period] = ledger.Money(r.Sum)
	}
	return out, nil
}

// InflowsAfter is what allocations received after day brought to a
// project's wage account, and the first of their dates (zero when none).
func InflowsAfter(q Querier, projectID string, day ledger.Date) (ledger.Money, ledger.Date, error) {
	var r []struct {
		Amount     int64       `db:"amount"`
		ReceivedOn ledger.Date `db:"received_on"`
	}
	if err := q.Select(&r, `SELECT amount, received_on FROM bank_inflows WHERE project_id = ? AND received_on > ? ORDER BY received_on`, projectID, day); err != nil {
		return 0, ledger.Date{}, fmt.Errorf("store: unable to read later allocations: %w", err)
	}
	var sum ledger.Money
	for _, i := range r {
		sum += ledger.Money(i.Amount)
	}
	if len(r) == 0 {
		return 0, ledger.Date{}, nil
	}
	return sum, r[0].ReceivedOn, nil
}
