package store

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// MonthFigures are one month of a project's wages: what approved payrolls
// owe for it, what the bank paid against it from the wage account, what a
// guarantee drawdown paid for it instead, and what the owner allocated to
// the wage account in it.
type MonthFigures struct {
	Period          ledger.Period
	Owed            ledger.Money
	Paid            ledger.Money
	PaidByGuarantee ledger.Money
	Allocated       ledger.Money
}

// ProjectMonths reads a project's owed, paid (by the wage account and by
// guarantee drawdowns) and allocated amounts for each month from..to, in
// four set-based queries; employerID, when not "",
// keeps only that employer's wages (allocations are the project's).
func ProjectMonths(q Querier, projectID, employerID string, from, to ledger.Period) ([]MonthFigures, error) {
	var months []MonthFigures
	index := map[ledger.Period]int{}
	for p := from; p.String() <= to.String() && len(months) < 120; p = p.Last().AddDays(1).Period() {
		index[p] = len(months)
		months = append(months, MonthFigures{Period: p})
	}
	type sum struct {
		Period ledger.Period `db:"period"`
		Total  int64         `db:"total"`
	}
	var owed, paid []sum
	emp, empArgs := "", []any{}
	if employerID != "" {
		emp, empArgs = " AND p.employer_id = ?", []any{employerID}
	}
	if err := q.Select(&owed, `SELECT p.period, SUM(l.net) AS total FROM payroll_lines l
		JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id
		WHERE l.project_id = ? AND p.status = ? AND l.advance_of <> ? AND p.period BETWEEN ? AND ?`+emp+` GROUP BY p.period`,
		append([]any{projectID, string(ledger.PayrollApproved), string(ledger.AdvanceOwed), from.String(), to.String()}, empArgs...)...); err != nil {
		return nil, fmt.Errorf("store: unable to sum what is owed by month: %w", err)
	}
	if err := q.Select(&paid, `SELECT i.period, COALESCE(SUM(i.paid_amount), 0) AS total FROM instructions i
		JOIN payrolls p ON p.project_id = i.project_id AND p.id = i.payroll_id
		WHERE i.project_id = ? AND i.period BETWEEN ? AND ?`+emp+` GROUP BY i.period`,
		append([]any{projectID, from.String(), to.String()}, empArgs...)...); err != nil {
		return nil, fmt.Errorf("store: unable to sum what was paid by month: %w", err)
	}
	// A drawdown's instructions pay a month's wages from the guarantee:
	// they belong to the drawdown, not to a payroll.
	var drawn []sum
	dEmp := ""
	if employerID != "" {
		dEmp = " AND e.employer_id = ?"
	}
	if err := q.Select(&drawn, `SELECT i.period, COALESCE(SUM(i.paid_amount), 0) AS total FROM instructions i
		JOIN enrolments e ON e.project_id = i.project_id AND e.id = i.enrolment_id
		WHERE i.project_id = ? AND i.paid_from <> '' AND i.period BETWEEN ? AND ?`+dEmp+` GROUP BY i.period`,
		append([]any{projectID, from.String(), to.String()}, empArgs...)...); err != nil {
		return nil, fmt.Errorf("store: unable to sum what guarantees paid by month: %w", err)
	}
	var inflows []struct {
		On     ledger.Date  `db:"received_on"`
		Amount ledger.Money `db:"amount"`
	}
	if err := q.Select(&inflows, `SELECT received_on, amount FROM bank_inflows WHERE project_id = ? AND received_on BETWEEN ? AND ?`,
		projectID, from.First(), to.Last()); err != nil {
		return nil, fmt.Errorf("store: unable to read allocations: %w", err)
	}
	for _, s := range owed {
		if i, ok := index[s.Period]; ok {
			months[i].Owed += ledger.Money(s.Total)
		}
	}
	for _, s := range paid {
		if i, ok := index[s.Period]; ok {
			months[i].Paid += ledger.Money(s.Total)
		}
	}
	for _, s := range drawn {
		if i, ok := index[s.Period]; ok {
			months[i].PaidByGuarantee += ledger.Money(s.Total)
		}
	}
	for _, in := range inflows {
		if i, ok := index[in.On.Period()]; ok {
			months[i].Allocated += in.Amount
		}
	}
	return months, nil
}

// PayrollPayments sums each payroll's instructions of a project by status,
// and leaves to ledger.PaymentSums where each status's remainder stands.
func PayrollPayments(q Querier, projectID string) (map[string]ledger.PaymentSums, error) {
	var rows []struct {
		PayrollID string                   `db:"payroll_id"`
		Status    ledger.InstructionStatus `db:"status"`
		N         int                      `db:"n"`
		Paid      ledger.Money             `db:"paid"`
		Left      ledger.Money             `db:"left_to_pay"`
	}
	if err := q.Select(&rows, `SELECT payroll_id, status, COUNT(*) AS n, COALESCE(SUM(paid_amount), 0) AS paid,
		COALESCE(SUM(amount - paid_amount - superseded_amount), 0) AS left_to_pay
		FROM instructions WHERE project_id = ? GROUP BY payroll_id, status`, projectID); err != nil {
		return nil, fmt.Errorf("store: unable to sum payments by payroll: %w", err)
	}
	out := make(map[string]ledger.PaymentSums)
	for _, r := range rows {
		sums := out[r.PayrollID]
		sums.Add(r.Status, r.N, r.Paid, r.Left)
		out[r.PayrollID] = sums
	}
	return out, nil
}

// PersonEnrolment is one enrolment of a person, on a project the reader sees.
type PersonEnrolment struct {
	ProjectID   string       `db:"project_id"`
	ProjectName string       `db:"project_name"`
	EnrolmentID string       `db:"id"`
	EmployerID  string       `db:"employer_id"`
	Trade       string       `db:"trade"`
	EnteredOn   ledger.Date  `db:"entered_on"`
	ExitedOn    *ledger.Date `db:"exited_on"`
}

// PersonEnrolments lists a person's enrolments that the scope sees, across
// projects, the latest first: a contractor sees those on the projects it is
// the general contractor of and those it employs.
func PersonEnrolments(q Querier, s Scope, workerID string) ([]PersonEnrolment, error) {
	where, args := s.projectsWhere("p")
	if s.Role == ledger.RoleContractor {
		where, args = "(p.general_contractor_id = ? OR e.employer_id = ?)", []any{s.OrgID, s.OrgID}
	}
	var out []PersonEnrolment
	if err := q.Select(&out, `SELECT e.project_id, p.name AS project_name, e.id, e.employer_id, e.trade, e.entered_on, e.exited_on
		FROM enrolments e JOIN projects p ON p.id = e.project_id WHERE e.worker_id = ? AND `+where+` ORDER BY e.entered_on DESC, e.id`,
		append([]any{workerID}, args...)...); err != nil {
		return nil, fmt.Errorf("store: unable to list a person's enrolments: %w", err)
	}
	return out, nil
}
