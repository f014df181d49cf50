package store

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// WorkerFigures are one worker's figures for one period, from the facts.
type WorkerFigures struct {
	EnrolmentID string
	EmployerID  string
	Name        string
	Owed        ledger.Money // approved net pay
	Paid        ledger.Money // confirmed paid, less what came back
	Failed      ledger.Money // the unpaid rest of instructions that failed, or partly failed, and were not re-issued
	Advanced    ledger.Money // the part of Paid the general contractor paid first (先行清偿)
	PartlyPaid  bool
	Ledger      ledger.Money // what the books say is still owed
}

// PeriodFigures gathers, set-based, every worker's owed, paid and failed
// amounts for a period from payroll lines, bank confirmations and
// instructions, and what the ledger says each is still owed.
func PeriodFigures(q Querier, projectID string, period ledger.Period) (map[string]*WorkerFigures, error) {
	out := map[string]*WorkerFigures{}
	get := func(id string) *WorkerFigures {
		w, ok := out[id]
		if !ok {
			w = &WorkerFigures{EnrolmentID: id}
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
		WHERE l.project_id = ? AND p.period = ? AND p.status = 'approved' AND l.advance_of <> ? GROUP BY l.enrolment_id, p.employer_id`,
		projectID, period, string(ledger.AdvanceOwed)); err != nil {
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
		Partly   int    `db:"partly"`
	}
	if err := q.Select(&sums, `SELECT i.enrolment_id,
		COALESCE(SUM(i.paid_amount), 0) AS paid,
		COALESCE(SUM(CASE WHEN i.status IN (?, ?) THEN i.amount - i.paid_amount - i.superseded_amount ELSE 0 END), 0) AS failed,
		COALESCE(SUM(CASE WHEN p.kind = ? THEN i.paid_amount ELSE 0 END), 0) AS advanced,
		COALESCE(SUM(CASE WHEN i.status = ? THEN 1 ELSE 0 END), 0) AS partly
		FROM instructions i LEFT JOIN payrolls p ON p.project_id = i.project_id AND p.id = i.payroll_id
		WHERE i.project_id = ? AND i.period = ? GROUP BY i.enrolment_id`,
		ledger.InstructionFailed, ledger.InstructionPartlyFailed, string(ledger.PayrollAdvance), ledger.InstructionPartlyPaid, projectID, period); err != nil {
		return nil, fmt.Errorf("store: unable to sum payments: %w", err)
	}
	for _, s := range sums {
		w := get(s.ID)
		w.Paid, w.Failed, w.Advanced, w.PartlyPaid = ledger.Money(s.Paid), ledger.Money(s.Failed), ledger.Money(s.Advanced), s.Partly > 0
	}
	var books []struct {
		Ref string `db:"account_ref"`
		Sum int64  `db:"total"`
	}
	if err := q.Select(&books, `SELECT account_ref, SUM(amount) AS total FROM ledger_postings
		WHERE project_id = ? AND account_kind = 'wages_payable' AND period = ? GROUP BY account_ref`, projectID, period); err != nil {
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

// Exception is a fact the reconciliation cannot square.
type Exception struct {
	Kind          string
	InstructionID string
	EnrolmentID   string
	Amount        ledger.Money
	Detail        string
}

// PeriodExceptions lists the period's failed-and-not-re-issued and partly
// paid instructions, the confirmations flagged when they were recorded, and
// the bank's facts about its instructions that could not be applied (a
// result file row that was no result, such as pending, only while its
// instruction still waits for one: the final row answers it).
func PeriodExceptions(q Querier, projectID string, period ledger.Period) ([]Exception, error) {
	var ins []struct {
		ID     string                   `db:"id"`
		Enr    string                   `db:"enrolment_id"`
		Status ledger.InstructionStatus `db:"status"`
		Amount int64                    `db:"amount"`
		Paid   int64                    `db:"paid_amount"`
		Sup    int64                    `db:"superseded_amount"`
	}
	if err := q.Select(&ins, `SELECT id, enrolment_id, status, amount, paid_amount, superseded_amount FROM instructions
		WHERE project_id = ? AND period = ? AND status IN (?, ?, ?, ?) ORDER BY id`,
		projectID, period, ledger.InstructionFailed, ledger.InstructionPartlyPaid, ledger.InstructionPartlyFailed, ledger.InstructionReturned); err != nil {
		return nil, fmt.Errorf("store: unable to list exceptions: %w", err)
	}
	out := []Exception{}
	for _, i := range ins {
		left := ledger.Money(i.Amount - i.Paid - i.Sup) // a drawdown pays the superseded part
		switch i.Status {
		case ledger.InstructionFailed:
			out = append(out, Exception{"failed_not_reissued", i.ID, i.Enr, left, "the bank reported the payment failed and it has not been re-issued"})
		case ledger.InstructionReturned:
			out = append(out, Exception{"returned_not_reissued", i.ID, i.Enr, left, "the payment came back (退票) and has not been re-issued"})
		case ledger.InstructionPartlyFailed:
			out = append(out, Exception{"partly_failed_not_reissued", i.ID, i.Enr, left, fmt.Sprintf("paid %s of %s; the bank failed or returned the rest, "+
				"which is owed and has not been re-issued", ledger.Money(i.Paid), ledger.Money(i.Amount))})
		default:
			out = append(out, Exception{"partial", i.ID, i.Enr, left, fmt.Sprintf("paid %s of %s", ledger.Money(i.Paid), ledger.Money(i.Amount))})
		}
	}
	var flagged []struct {
		Instruction string `db:"instruction_id"`
		Enr         string `db:"enrolment_id"`
		Amount      int64  `db:"amount"`
		Exception   string `db:"exception"`
		Ref         string `db:"bank_ref"`
	}
	if err := q.Select(&flagged, `SELECT c.instruction_id, i.enrolment_id, c.amount, c.exception, c.bank_ref FROM bank_confirmations c
		JOIN payment_instructions i ON i.project_id = c.project_id AND i.id = c.instruction_id
		WHERE c.project_id = ? AND i.period = ? AND c.exception <> '' ORDER BY c.created_at, c.id`, projectID, period); err != nil {
		return nil, fmt.Errorf("store: unable to list flagged confirmations: %w", err)
	}
	for _, f := range flagged {
		out = append(out, Exception{"account_overdrawn", f.Instruction, f.Enr, ledger.Money(f.Amount), f.Exception + " (bank ref " + f.Ref + ")"})
	}
	var unmatched []struct {
		Unmatched
		EnrolmentID string `db:"enrolment_id"`
	}
	if err := q.Select(&unmatched, `SELECT `+unmatchedColumns+`, i.enrolment_id FROM unmatched_confirmations u
		JOIN instructions i ON i.project_id = u.project_id AND i.id = u.instruction_id
		WHERE u.project_id = ? AND i.period = ? AND (u.problem_code <> ? OR i.status = ?)
		ORDER BY u.received_at, u.bank_ref`, projectID, period, ledger.RefuseNotFinal, ledger.InstructionPending); err != nil {
		return nil, fmt.Errorf("store: unable to list unmatched confirmations: %w", err)
	}
	for _, u := range unmatched {
		out = append(out, Exception{"unmatched_confirmation", u.InstructionID, u.EnrolmentID, u.Amount,
			fmt.Sprintf("the bank reported %s %s (bank ref %s) and it could not be applied: %s", u.Status, u.Amount, u.BankRef, u.Problem)})
	}
	return out, nil
}

// StatementLine is one bank fact about one of a worker's instructions.
type StatementLine struct {
	Period        ledger.Period `db:"period"`
	InstructionID string        `db:"instruction_id"`
	Status        string        `db:"status"`
	Amount        ledger.Money  `db:"amount"`
	BankRef       string        `db:"bank_ref"`
	SettledOn     ledger.Date   `db:"settled_on"`
	Reason        string        `db:"reason"`
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
		WHERE l.project_id = ? AND l.enrolment_id = ? AND p.status = 'approved' AND l.advance_of <> ? GROUP BY p.period`,
		projectID, enrolmentID, string(ledger.AdvanceOwed)); err != nil {
		return nil, fmt.Errorf("store: unable to sum what is owed: %w", err)
	}
	out := map[ledger.Period]ledger.Money{}
	for _, r := range rows {
		out[r.Period] = ledger.Money(r.Sum)
	}
	return out, nil
}

// EnrolmentProject finds the project and employer of an enrolment by its ID alone.
func EnrolmentProject(q Querier, id string) (project, employer string, err error) {
	var rows []struct {
		Project  string `db:"project_id"`
		Employer string `db:"employer_id"`
	}
	if err := q.Select(&rows, `SELECT project_id, employer_id FROM enrolments WHERE id = ?`, id); err != nil {
		return "", "", err
	}
	if len(rows) == 0 {
		return "", "", notFound("enrolment", id)
	}
	return rows[0].Project, rows[0].Employer, nil
}
