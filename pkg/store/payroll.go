package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// StagedLine is one payroll line that passed the checks needing no
// database, with its identity and card as blind indexes and masks.
type StagedLine struct {
	Row        int
	IDIndex    string
	IDMasked   string
	Name       string
	CardIndex  string
	CardMasked string
	Centidays  int
	Gross      ledger.Money
	Deductions ledger.Money
	Net        ledger.Money
	Confirmed  bool
}

const payrollStagingColumns = `source_row INTEGER NOT NULL, id_index TEXT NOT NULL, id_masked TEXT NOT NULL, name TEXT NOT NULL,
	card_index TEXT NOT NULL, card_masked TEXT NOT NULL, centidays INTEGER NOT NULL, gross BIGINT NOT NULL, deductions BIGINT NOT NULL,
	net BIGINT NOT NULL, confirmed INTEGER NOT NULL, worker_id TEXT, registered_name TEXT, enrolment_id TEXT, current_card_index TEXT,
	attended_days INTEGER, usual_net BIGINT, warnings TEXT NOT NULL DEFAULT ''`

// StartPayroll prepares the transaction's staging table for a payroll's
// lines. Lines are staged as the file streams and checked against the
// registry with set-based statements, so memory does not grow with the file.
func StartPayroll(tx *Tx) error {
	if err := tx.d.createStaging(tx, "payroll_in", payrollStagingColumns); err != nil {
		return fmt.Errorf("store: unable to stage payroll: %w", err)
	}
	return nil
}

// StagePayrollLines adds a batch of lines to the staging table.
func StagePayrollLines(tx *Tx, lines []StagedLine) error {
	rows := make([][]any, len(lines))
	for i, l := range lines {
		confirmed := 0
		if l.Confirmed {
			confirmed = 1
		}
		rows[i] = []any{l.Row, l.IDIndex, l.IDMasked, l.Name, l.CardIndex, l.CardMasked, l.Centidays, int64(l.Gross), int64(l.Deductions), int64(l.Net), confirmed}
	}
	return insertRows(tx, "payroll_in", []string{"source_row", "id_index", "id_masked", "name", "card_index", "card_masked", "centidays",
		"gross", "deductions", "net", "confirmed"}, rows)
}

// PayrollContext is what the set-based checks compare staged lines with.
type PayrollContext struct {
	ProjectID  string
	EmployerID string
	Period     ledger.Period
	// MinimumWage is the local monthly minimum for a full month (0: unknown).
	MinimumWage ledger.Money
	// FullMonthCentidays is the standard working month (21.75 days = 2175).
	FullMonthCentidays int
}

// ResolvePayrollLines matches staged lines with the registry: the person by
// blind index, their enrolment with this employer at some time in the
// period, their current card; then the attendance and usual pay that the
// warnings compare with.
func ResolvePayrollLines(tx *Tx, c PayrollContext) error {
	from, to := c.Period.First(), c.Period.Last()
	if err := tx.d.analyze(tx, "payroll_in"); err != nil {
		return fmt.Errorf("store: unable to check payroll: %w", err)
	}
	// One join (UPDATE … FROM) resolves every line at once, never a subquery
	// per line, so the planner can hash-join however large the file is.
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"registry", `UPDATE payroll_in SET worker_id = w.id, registered_name = w.name, enrolment_id = m.id,
			current_card_index = m.bank_card_index, usual_net = u.usual,
			attended_days = CASE WHEN m.id IS NULL THEN NULL ELSE COALESCE(a.days, 0) END
			FROM worker_identities w
			LEFT JOIN (SELECT e.id, e.worker_id, e.bank_card_index, ROW_NUMBER() OVER (PARTITION BY e.worker_id ORDER BY e.entered_on DESC) AS rn
				FROM enrolments e WHERE e.project_id = ? AND e.employer_id = ? AND e.entered_on <= ? AND (e.exited_on IS NULL OR e.exited_on >= ?)) m
				ON m.worker_id = w.id AND m.rn = 1
			LEFT JOIN (SELECT enrolment_id, COUNT(*) AS days FROM attendance WHERE project_id = ? AND work_date BETWEEN ? AND ? AND centihours > 0
				GROUP BY enrolment_id) a ON a.enrolment_id = m.id
			LEFT JOIN (SELECT l.enrolment_id, CAST(AVG(l.net) AS BIGINT) AS usual FROM payroll_lines l
				JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id
				WHERE l.project_id = ? AND p.status = 'approved' AND p.kind = 'regular' AND p.period < ? GROUP BY l.enrolment_id) u
				ON u.enrolment_id = m.id
			WHERE w.id_number_index = payroll_in.id_index`,
			[]any{c.ProjectID, c.EmployerID, to, from, c.ProjectID, from, to, c.ProjectID, c.Period}},
		// Warnings in one pass over the lines that have any.
		{"warnings", `UPDATE payroll_in SET warnings =
			CASE WHEN centidays > attended_days * 100 THEN '; days worked exceed the ' || CAST(attended_days AS TEXT) || ' days of attendance on record' ELSE '' END ||
			CASE WHEN usual_net > 0 AND net > 3 * usual_net THEN '; net pay is more than three times the worker''s usual pay on this project' ELSE '' END ||
			CASE WHEN confirmed = 0 THEN '; the worker has not confirmed this line (本人签字确认)' ELSE '' END ||
			CASE WHEN ? > 0 AND centidays >= ? AND gross < ? THEN ? ELSE '' END
			WHERE centidays > attended_days * 100 OR (usual_net > 0 AND net > 3 * usual_net) OR confirmed = 0 OR (? > 0 AND centidays >= ? AND gross < ?)`,
			[]any{int64(c.MinimumWage), c.FullMonthCentidays, int64(c.MinimumWage), "; a full month's gross pay is below the local minimum wage of " + c.MinimumWage.String(),
				int64(c.MinimumWage), c.FullMonthCentidays, int64(c.MinimumWage)}},
	}
	for _, s := range steps {
		if _, err := tx.Exec(s.sql, s.args...); err != nil {
			return fmt.Errorf("store: unable to check payroll %s: %w", s.what, err)
		}
	}
	return nil
}

// PayrollProblems returns the staged lines that break a registry rule, at
// most limit of them, as field errors naming their rows.
func PayrollProblems(tx *Tx, employerID string, period ledger.Period, limit int) ([]ledger.FieldError, error) {
	var rows []struct {
		Row           int     `db:"source_row"`
		Name          string  `db:"name"`
		WorkerID      *string `db:"worker_id"`
		Registered    *string `db:"registered_name"`
		EnrolmentID   *string `db:"enrolment_id"`
		CardIndex     string  `db:"card_index"`
		CurrentCard   *string `db:"current_card_index"`
		IDMasked      string  `db:"id_masked"`
		FirstOfWorker int     `db:"first_row"`
	}
	// The first row of each worker comes from one grouped pass joined back
	// (a hash join), not a subquery per line.
	err := tx.Select(&rows, fmt.Sprintf(`SELECT p.source_row, p.name, p.worker_id, p.registered_name, p.enrolment_id, p.card_index, p.current_card_index, p.id_masked,
		COALESCE(f.first_row, p.source_row) AS first_row
		FROM payroll_in p
		LEFT JOIN (SELECT worker_id, MIN(source_row) AS first_row FROM payroll_in WHERE worker_id IS NOT NULL GROUP BY worker_id) f ON f.worker_id = p.worker_id
		WHERE p.worker_id IS NULL OR p.registered_name <> p.name OR p.enrolment_id IS NULL OR p.current_card_index <> p.card_index
		   OR p.source_row > f.first_row
		ORDER BY p.source_row LIMIT %d`, limit))
	if err != nil {
		return nil, fmt.Errorf("store: unable to check payroll lines: %w", err)
	}
	var out []ledger.FieldError
	for _, r := range rows {
		add := func(field, code, msg string) {
			out = append(out, ledger.FieldError{Row: r.Row, Field: field, Code: code, Message: msg})
		}
		switch {
		case r.WorkerID == nil:
			add("id_number", "not_registered", "nobody with identity number "+r.IDMasked+" is registered: register the worker before paying them")
			continue
		case r.FirstOfWorker < r.Row:
			add("id_number", "duplicate", fmt.Sprintf("the worker is on row %d too: each worker appears at most once per payroll", r.FirstOfWorker))
			continue
		}
		if r.Registered != nil && *r.Registered != r.Name {
			add("name", "name_mismatch", "the name "+r.Name+" does not match the registered name of "+r.IDMasked)
		}
		if r.EnrolmentID == nil {
			add("id_number", "not_enrolled", fmt.Sprintf("%s is not enrolled on this project with employer %s at any time in %s", r.IDMasked, employerID, period))
			continue
		}
		if r.CurrentCard != nil && *r.CurrentCard != r.CardIndex {
			add("bank_card", "not_registered_card", "this is not the worker's registered bank card: wages go only to the card registered in the worker's own name")
		}
	}
	return out, nil
}

// StagedTotals are the control totals of the staged lines.
type StagedTotals struct {
	Lines      int   `db:"lines"`
	Gross      int64 `db:"gross"`
	Deductions int64 `db:"deductions"`
	Net        int64 `db:"net"`
	Warnings   int   `db:"warned"`
}

// PayrollStagedTotals sums the staged lines.
func PayrollStagedTotals(tx *Tx) (StagedTotals, error) {
	var t StagedTotals
	err := tx.Get(&t, `SELECT COUNT(*) AS lines, COALESCE(SUM(gross), 0) AS gross, COALESCE(SUM(deductions), 0) AS deductions,
		COALESCE(SUM(net), 0) AS net, COALESCE(SUM(CASE WHEN warnings <> '' THEN 1 ELSE 0 END), 0) AS warned FROM payroll_in`)
	return t, err
}

// StagedWarnings returns up to limit warnings of the staged lines.
func StagedWarnings(tx *Tx, limit int) ([]ledger.FieldError, error) {
	var rows []struct {
		Row      int    `db:"source_row"`
		Warnings string `db:"warnings"`
	}
	if err := tx.Select(&rows, fmt.Sprintf(`SELECT source_row, warnings FROM payroll_in WHERE warnings <> '' ORDER BY source_row LIMIT %d`, limit)); err != nil {
		return nil, err
	}
	var out []ledger.FieldError
	for _, r := range rows {
		for _, w := range strings.Split(strings.TrimPrefix(r.Warnings, "; "), "; ") {
			out = append(out, ledger.FieldError{Row: r.Row, Field: "line", Code: "warning", Message: w})
		}
	}
	return out, nil
}

// CreatePayroll stores a payroll header and moves its staged lines into
// payroll_lines, numbered in file order.
func CreatePayroll(tx *Tx, p *ledger.Payroll) error {
	if _, err := tx.Exec(`INSERT INTO payrolls (project_id, id, employer_id, period, kind, status, file_sha256, source, line_count,
		gross_total, deductions_total, net_total, warnings, submitted_at, submitted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ProjectID, p.ID, p.EmployerID, p.Period, p.Kind, p.Status, p.FileSHA256, p.Source, p.Totals.Lines, int64(p.Totals.Gross),
		int64(p.Totals.Deductions), int64(p.Totals.Net), p.Warnings, tx.Now, p.SubmittedBy); err != nil {
		return fmt.Errorf("store: unable to create payroll: %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO payroll_lines (project_id, payroll_id, line_no, source_row, enrolment_id, worker_id, name, id_number_masked,
		centidays, gross, deductions, net, bank_card_masked, confirmed, warnings)
		SELECT ?, ?, ROW_NUMBER() OVER (ORDER BY source_row), source_row, enrolment_id, worker_id, name, id_masked,
		centidays, gross, deductions, net, card_masked, confirmed, warnings FROM payroll_in`, p.ProjectID, p.ID); err != nil {
		return fmt.Errorf("store: unable to store payroll lines: %w", err)
	}
	return tx.d.dropStaging(tx, "payroll_in")
}

// DiscardPayrollStaging drops the staging table (after a refused upload in a
// transaction that goes on).
func DiscardPayrollStaging(tx *Tx) error { return tx.d.dropStaging(tx, "payroll_in") }

type payrollRow struct {
	ProjectID    string        `db:"project_id"`
	ID           string        `db:"id"`
	EmployerID   string        `db:"employer_id"`
	Period       ledger.Period `db:"period"`
	Kind         string        `db:"kind"`
	Status       string        `db:"status"`
	FileSHA256   string        `db:"file_sha256"`
	Source       string        `db:"source"`
	Lines        int           `db:"line_count"`
	Gross        int64         `db:"gross_total"`
	Deductions   int64         `db:"deductions_total"`
	Net          int64         `db:"net_total"`
	Warnings     int           `db:"warnings"`
	SubmittedAt  timeColumn    `db:"submitted_at"`
	SubmittedBy  string        `db:"submitted_by"`
	DecidedAt    *timeColumn   `db:"decided_at"`
	DecidedBy    string        `db:"decided_by"`
	RejectReason string        `db:"reject_reason"`
}

func (r payrollRow) payroll() *ledger.Payroll {
	p := &ledger.Payroll{ID: r.ID, ProjectID: r.ProjectID, EmployerID: r.EmployerID, Period: r.Period, Kind: r.Kind, Status: r.Status,
		FileSHA256: r.FileSHA256, Source: r.Source, Warnings: r.Warnings, SubmittedAt: r.SubmittedAt.Time, SubmittedBy: r.SubmittedBy,
		DecidedBy: r.DecidedBy, RejectReason: r.RejectReason,
		Totals: ledger.Totals{Lines: r.Lines, Gross: ledger.Money(r.Gross), Deductions: ledger.Money(r.Deductions), Net: ledger.Money(r.Net)}}
	if r.DecidedAt != nil && !r.DecidedAt.IsZero() {
		t := r.DecidedAt.Time
		p.DecidedAt = &t
	}
	return p
}

const payrollColumns = `project_id, id, employer_id, period, kind, status, file_sha256, source, line_count, gross_total, deductions_total,
	net_total, warnings, submitted_at, submitted_by, decided_at, decided_by, reject_reason`

// GetPayroll reads a payroll by its ID alone (the /payrolls/{id} routes).
func GetPayroll(q Querier, id string) (*ledger.Payroll, error) {
	var r payrollRow
	err := q.Get(&r, `SELECT `+payrollColumns+` FROM payrolls WHERE id = ?`, id)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil, notFound("payroll", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read payroll %q: %w", id, err)
	}
	return r.payroll(), nil
}

// LivePayroll finds the submitted or approved regular payroll of an
// employer for a period, if any.
func LivePayroll(q Querier, projectID, employerID string, period ledger.Period) (*ledger.Payroll, error) {
	var rows []payrollRow
	if err := q.Select(&rows, `SELECT `+payrollColumns+` FROM payrolls WHERE project_id = ? AND employer_id = ? AND period = ?
		AND kind = 'regular' AND status IN ('submitted', 'approved')`, projectID, employerID, period); err != nil {
		return nil, fmt.Errorf("store: unable to look up payroll: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].payroll(), nil
}

// PayrollByFile finds a payroll stored from the same file for the same
// employer and period that is still live (the upload's idempotency).
func PayrollByFile(q Querier, projectID, employerID string, period ledger.Period, kind, sha string) (*ledger.Payroll, error) {
	var rows []payrollRow
	if err := q.Select(&rows, `SELECT `+payrollColumns+` FROM payrolls WHERE project_id = ? AND file_sha256 = ? AND employer_id = ?
		AND period = ? AND kind = ? AND status <> 'superseded' ORDER BY submitted_at DESC`, projectID, sha, employerID, period, kind); err != nil {
		return nil, fmt.Errorf("store: unable to look up payroll: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].payroll(), nil
}

// ListPayrolls lists a project's payrolls, newest period first.
func ListPayrolls(q Querier, projectID, employerID string, limit int) ([]*ledger.Payroll, error) {
	qs := `SELECT ` + payrollColumns + ` FROM payrolls WHERE project_id = ?`
	args := []any{projectID}
	if employerID != "" {
		qs += " AND employer_id = ?"
		args = append(args, employerID)
	}
	qs += fmt.Sprintf(" ORDER BY period DESC, submitted_at DESC LIMIT %d", clampLimit(limit))
	var rows []payrollRow
	if err := q.Select(&rows, qs, args...); err != nil {
		return nil, fmt.Errorf("store: unable to list payrolls: %w", err)
	}
	out := make([]*ledger.Payroll, len(rows))
	for i, r := range rows {
		out[i] = r.payroll()
	}
	return out, nil
}

// SetPayrollStatus moves a payroll from one status to another; it fails as a
// conflict if the payroll is no longer in the expected status (a concurrent
// decision got there first).
func SetPayrollStatus(tx *Tx, projectID, id, from, to, by, reason string) error {
	q := `UPDATE payrolls SET status = ?`
	args := []any{to}
	if to != ledger.PayrollSuperseded {
		q += `, decided_at = ?, decided_by = ?, reject_reason = ?`
		args = append(args, tx.Now, by, reason)
	}
	res, err := tx.Exec(q+` WHERE project_id = ? AND id = ? AND status = ?`, append(args, projectID, id, from)...)
	if err != nil {
		return fmt.Errorf("store: unable to update payroll: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ledger.Errorf(ledger.EConflict, "payroll %s is no longer %s", id, from)
	}
	return nil
}

// PayrollLine is a stored line with its payment status.
type PayrollLine struct {
	LineNo        int          `json:"line_no" db:"line_no"`
	Row           int          `json:"source_row" db:"source_row"`
	EnrolmentID   string       `json:"enrolment_id" db:"enrolment_id"`
	Name          string       `json:"name" db:"name"`
	IDNumber      string       `json:"id_number" db:"id_number_masked"`
	DaysWorked    string       `json:"days_worked" db:"-"`
	Centidays     int          `json:"-" db:"centidays"`
	Gross         ledger.Money `json:"gross_pay" db:"gross"`
	Deductions    ledger.Money `json:"deductions" db:"deductions"`
	Net           ledger.Money `json:"net_pay" db:"net"`
	BankCard      string       `json:"bank_card" db:"bank_card_masked"`
	Confirmed     bool         `json:"confirmed" db:"confirmed"`
	Warnings      string       `json:"warnings,omitempty" db:"warnings"`
	InstructionID *string      `json:"instruction_id,omitempty" db:"instruction_id"`
	Paid          ledger.Money `json:"paid" db:"paid"`
	PaymentStatus string       `json:"payment_status" db:"payment_status"`
}

// PayrollLines returns a payroll's lines with their payment status, by line.
func PayrollLines(q Querier, projectID, payrollID string, afterLine, limit int) ([]PayrollLine, error) {
	var rows []PayrollLine
	err := q.Select(&rows, fmt.Sprintf(`SELECT l.line_no, l.source_row, l.enrolment_id, l.name, l.id_number_masked, l.centidays, l.gross, l.deductions, l.net,
		l.bank_card_masked, l.confirmed, l.warnings, i.id AS instruction_id, COALESCE(i.paid_amount, 0) AS paid,
		COALESCE(i.status, CASE WHEN l.net = 0 THEN 'nothing_to_pay' ELSE 'not_approved' END) AS payment_status
		FROM payroll_lines l LEFT JOIN payment_instructions i ON i.project_id = l.project_id AND i.payroll_id = l.payroll_id
			AND i.line_no = l.line_no AND i.status <> 'reissued'
		WHERE l.project_id = ? AND l.payroll_id = ? AND l.line_no > ? ORDER BY l.line_no LIMIT %d`, limit), projectID, payrollID, afterLine)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read payroll lines: %w", err)
	}
	for i := range rows {
		rows[i].DaysWorked = ledger.FormatHours(rows[i].Centidays)
		rows[i].Warnings = strings.TrimPrefix(rows[i].Warnings, "; ")
	}
	return rows, nil
}

// PaymentStatusCounts counts a payroll's instructions by status.
func PaymentStatusCounts(q Querier, projectID, payrollID string) (map[string]int, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := q.Select(&rows, `SELECT status, COUNT(*) AS n FROM payment_instructions WHERE project_id = ? AND payroll_id = ? GROUP BY status`, projectID, payrollID); err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// ApprovePayrollLines posts what each line owes and creates its payment
// instruction, set-based: one entry per line (labour_cost/<employer> debited,
// wages_payable/<enrolment> credited, for the payroll's period), the cached
// balances updated once per account with the batch's sums, and one
// instruction per line to pay net pay from the wage account to the worker's
// registered card. Lines with nothing to pay get neither.
func ApprovePayrollLines(tx *Tx, p *ledger.Payroll, project *ledger.Project, on ledger.Date) (int, error) {
	suffix := strings.TrimPrefix(p.ID, "pay_")
	base := []any{p.ProjectID, p.ID}
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"entries", `INSERT INTO ledger_entries (project_id, id, kind, memo, reverses_id, effective_on, created_at)
			SELECT project_id, 'ent_' || ? || '_' || line_no, ?, ?, NULL, ?, ? FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0`,
			append([]any{suffix, string(ledger.EntryApproval), "payroll " + p.ID, on, tx.Now}, base...)},
		{"postings", `INSERT INTO ledger_postings (project_id, entry_id, seq, account_kind, account_ref, period, amount)
			SELECT project_id, 'ent_' || ? || '_' || line_no, 1, ?, ?, ?, net FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0
			UNION ALL
			SELECT project_id, 'ent_' || ? || '_' || line_no, 2, ?, enrolment_id, ?, -net FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0`,
			append(append([]any{suffix, string(ledger.LabourCost), p.EmployerID, p.Period}, base...),
				append([]any{suffix, string(ledger.WagesPayable), p.Period}, base...)...)},
		{"balances", `INSERT INTO ledger_balances (project_id, account_kind, account_ref, balance, updated_at)
			SELECT project_id, ?, enrolment_id, -SUM(net), ? FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0
			GROUP BY project_id, enrolment_id
			ON CONFLICT (project_id, account_kind, account_ref) DO UPDATE SET balance = ledger_balances.balance + excluded.balance, updated_at = excluded.updated_at`,
			append([]any{string(ledger.WagesPayable), tx.Now}, base...)},
		{"instructions", `INSERT INTO payment_instructions (project_id, id, payroll_id, line_no, enrolment_id, period, amount, payee_name,
			payee_card_enc, payee_card_index, payee_card_masked, payee_bank_id, wage_bank_id, wage_account_no, status, paid_amount, created_at)
			SELECT l.project_id, 'ins_' || ? || '_' || l.line_no, l.payroll_id, l.line_no, l.enrolment_id, ?, l.net, e.name,
				e.bank_card_enc, e.bank_card_index, e.bank_card_masked, e.bank_id, ?, ?, 'pending', 0, ?
			FROM payroll_lines l JOIN enrolments e ON e.project_id = l.project_id AND e.id = l.enrolment_id
			WHERE l.project_id = ? AND l.payroll_id = ? AND l.net > 0`,
			append([]any{suffix, p.Period, project.WageAccount.BankID, project.WageAccount.AccountNo, tx.Now}, base...)},
	}
	for _, s := range steps {
		if _, err := tx.Exec(s.sql, s.args...); err != nil {
			return 0, fmt.Errorf("store: unable to approve payroll (%s): %w", s.what, err)
		}
	}
	var n int
	if err := tx.Get(&n, `SELECT COUNT(*) FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0`, p.ProjectID, p.ID); err != nil {
		return 0, err
	}
	if n > 0 {
		// The employer's labour cost moves once, by the payroll's net total.
		if err := addToBalances(tx, map[ledger.Account]ledger.Money{{ProjectID: p.ProjectID, Kind: ledger.LabourCost, Ref: p.EmployerID}: p.Totals.Net}); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// Instruction is a payment instruction as a bank sees it.
type Instruction struct {
	ID            string        `json:"id" db:"id"`
	ProjectID     string        `json:"project_id" db:"project_id"`
	PayrollID     string        `json:"payroll_id" db:"payroll_id"`
	LineNo        int           `json:"line_no" db:"line_no"`
	EnrolmentID   string        `json:"enrolment_id" db:"enrolment_id"`
	Period        ledger.Period `json:"period" db:"period"`
	Amount        ledger.Money  `json:"amount" db:"amount"`
	PayeeName     string        `json:"payee_name" db:"payee_name"`
	PayeeCard     string        `json:"payee_card" db:"payee_card_masked"`
	PayeeCardEnc  string        `json:"-" db:"payee_card_enc"`
	PayeeBankID   string        `json:"payee_bank_id" db:"payee_bank_id"`
	WageBankID    string        `json:"wage_bank_id" db:"wage_bank_id"`
	WageAccountNo string        `json:"wage_account_no" db:"wage_account_no"`
	Status        string        `json:"status" db:"status"`
	PaidAmount    ledger.Money  `json:"paid_amount" db:"paid_amount"`
	CreatedAt     time.Time     `json:"created_at" db:"-"`
	Created       timeColumn    `json:"-" db:"created_at"`
}

const instructionColumns = `id, project_id, payroll_id, line_no, enrolment_id, period, amount, payee_name, payee_card_masked, payee_card_enc,
	payee_bank_id, wage_bank_id, wage_account_no, status, paid_amount, created_at`

// PayrollInstructions returns a payroll's current instructions by line.
func PayrollInstructions(q Querier, projectID, payrollID string) ([]Instruction, error) {
	var rows []Instruction
	if err := q.Select(&rows, `SELECT `+instructionColumns+` FROM payment_instructions WHERE project_id = ? AND payroll_id = ?
		AND status <> 'reissued' ORDER BY line_no`, projectID, payrollID); err != nil {
		return nil, fmt.Errorf("store: unable to read instructions: %w", err)
	}
	for i := range rows {
		rows[i].CreatedAt = rows[i].Created.Time
	}
	return rows, nil
}
