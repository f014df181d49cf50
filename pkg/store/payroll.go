package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// PayrollLineRow is a validated line as stored.
type PayrollLineRow struct {
	LineNo      int
	Row         int
	EnrolmentID string
	WorkerID    string
	Name        string
	IDMasked    string
	Centidays   int
	Gross       ledger.Money
	Deductions  ledger.Money
	Net         ledger.Money
	CardMasked  string
	Confirmed   bool
	Warnings    string
	Centihours  *int            // hours worked, nil when not given
	Items       ledger.PayItems // the itemised amounts given
	AdvanceOf   ledger.AdvanceOf
}

// payrollLineColumns are payroll_lines' columns in WritePayrollLines' order:
// the first baseLineColumns every line has, then those only some have (REG
// Art. 15's hours and items, an advance's advance_of).
var payrollLineColumns = []string{"project_id", "payroll_id", "line_no", "source_row", "enrolment_id", "worker_id", "name",
	"id_number_masked", "centidays", "gross", "deductions", "net", "bank_card_masked", "confirmed", "warnings", "centihours",
	"base_pay", "overtime_pay", "special_allowances", "other_allowances", "social_insurance", "housing_fund", "income_tax", "other_deductions",
	"advance_of"}

const baseLineColumns = 15

// detailed reports whether the line has anything beyond the base columns.
func (l PayrollLineRow) detailed() bool {
	if l.Centihours != nil || l.AdvanceOf != ledger.AdvanceNone {
		return true
	}
	for _, m := range l.Items {
		if m != nil {
			return true
		}
	}
	return false
}

// nullable is a pointer's value, or NULL.
func nullable[T int | ledger.Money](v *T) any {
	if v == nil {
		return nil
	}
	return int64(*v)
}

// CreatePayroll stores a payroll's header; its lines follow with
// WritePayrollLines and its totals with SetPayrollTotals.
func CreatePayroll(tx *Tx, p *ledger.Payroll) error {
	if _, err := tx.Exec(`INSERT INTO payrolls (project_id, id, employer_id, period, kind, status, file_sha256, source, line_count,
		gross_total, deductions_total, net_total, warnings, submitted_at, submitted_by, payer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ProjectID, p.ID, p.EmployerID, p.Period, string(p.Kind), string(p.Status), p.FileSHA256, p.Source, p.Totals.Lines, int64(p.Totals.Gross),
		int64(p.Totals.Deductions), int64(p.Totals.Net), p.Warnings, tx.Now, p.SubmittedBy, p.PayerID); err != nil {
		return fmt.Errorf("store: unable to create payroll: %w", err)
	}
	return nil
}

// SetPayrollTotals records a payroll's control totals once its lines are in.
func SetPayrollTotals(tx *Tx, p *ledger.Payroll) error {
	if _, err := tx.Exec(`UPDATE payrolls SET line_count = ?, gross_total = ?, deductions_total = ?, net_total = ?, warnings = ?
		WHERE project_id = ? AND id = ?`, p.Totals.Lines, int64(p.Totals.Gross), int64(p.Totals.Deductions), int64(p.Totals.Net), p.Warnings,
		p.ProjectID, p.ID); err != nil {
		return fmt.Errorf("store: unable to record payroll totals: %w", err)
	}
	return nil
}

// WritePayrollLines writes a batch of a payroll's lines (COPY on PostgreSQL).
// A batch in which no line has hours, items or an advance writes the base
// columns only, as before those existed: the others are NULL or empty by
// default, and the bulk path sends nothing it does not need.
func WritePayrollLines(tx *Tx, projectID, payrollID string, lines []PayrollLineRow) error {
	columns := payrollLineColumns[:baseLineColumns]
	for _, l := range lines {
		if l.detailed() {
			columns = payrollLineColumns
			break
		}
	}
	rows := make([][]any, len(lines))
	for i, l := range lines {
		confirmed := 0
		if l.Confirmed {
			confirmed = 1
		}
		row := make([]any, 0, len(columns))
		row = append(row, projectID, payrollID, l.LineNo, l.Row, l.EnrolmentID, l.WorkerID, l.Name, l.IDMasked, l.Centidays,
			int64(l.Gross), int64(l.Deductions), int64(l.Net), l.CardMasked, confirmed, l.Warnings)
		if len(columns) > baseLineColumns {
			row = append(row, nullable(l.Centihours))
			for _, m := range l.Items {
				row = append(row, nullable(m))
			}
			row = append(row, string(l.AdvanceOf))
		}
		rows[i] = row
	}
	if err := insertRows(tx, "payroll_lines", columns, rows); err != nil {
		return fmt.Errorf("store: unable to store payroll lines: %w", err)
	}
	return nil
}

// PayrollHistory says whether a project has attendance in a period and
// approved regular payrolls before it: the warnings' lookups run only then.
type PayrollHistory struct {
	Attendance bool
	Approved   bool
}

// HistoryOf reads a project's PayrollHistory for a period. Attendance is
// asked of the rollup (attendance_months, which holds the days worked), by
// its (project_id, period) index: asked of the days themselves, a month
// with none yet read the project's every worker's every day.
func HistoryOf(q Querier, projectID string, period ledger.Period) (PayrollHistory, error) {
	var h struct {
		A int `db:"a"`
		P int `db:"p"`
	}
	query, args := historyOfQuery(projectID, period)
	err := q.Get(&h, query, args...)
	return PayrollHistory{Attendance: h.A > 0, Approved: h.P > 0}, err
}

func historyOfQuery(projectID string, period ledger.Period) (string, []any) {
	return `SELECT
		(SELECT COUNT(*) FROM (SELECT 1 FROM attendance_months WHERE project_id = ? AND period = ? LIMIT 1) x) AS a,
		(SELECT COUNT(*) FROM (SELECT 1 FROM payrolls WHERE project_id = ? AND status = ? AND kind = ? AND period < ? LIMIT 1) y) AS p`,
		[]any{projectID, period, projectID, string(ledger.PayrollApproved), string(ledger.PayrollRegular), period}
}

// PayeeMatch is what a payroll line is checked against: the person with an
// identity number's blind index, and their enrolment with the employer in
// the period (empty when there is none).
type PayeeMatch struct {
	Index       string       `db:"id_number_index"`
	WorkerID    string       `db:"worker_id"`
	Name        string       `db:"name"`
	EnrolmentID *string      `db:"enrolment_id"`
	CardIndex   *string      `db:"bank_card_index"`
	EnteredOn   *ledger.Date `db:"entered_on"`
	// Days with attendance in the period, and the usual net pay on approved
	// regular payrolls of earlier months (0 when none).
	AttendedDays int   `db:"attended_days"`
	UsualNet     int64 `db:"usual_net"`
}

// Payee is the match as the payroll rules read it.
func (m PayeeMatch) Payee() ledger.Payee {
	p := ledger.Payee{WorkerID: m.WorkerID, Name: m.Name}
	if m.EnrolmentID != nil {
		p.EnrolmentID, p.AttendedDays, p.UsualNet = *m.EnrolmentID, m.AttendedDays, ledger.Money(m.UsualNet)
		if m.CardIndex != nil {
			p.CardIndex = *m.CardIndex
		}
	}
	return p
}

// MatchPayees finds, in one query per 5,000 lines, the registered person of
// each identity index and their enrolment with employer on the project at
// some time between from and to (the latest, if they entered twice).
func MatchPayees(q Querier, d *Dialect, projectID, employerID string, indexes []string, period ledger.Period, h PayrollHistory) (map[string]PayeeMatch, error) {
	out := make(map[string]PayeeMatch, len(indexes))
	for start := 0; start < len(indexes); start += 5000 {
		chunk := indexes[start:min(start+5000, len(indexes))]
		var rows []PayeeMatch
		query, args := matchPayeesQuery(d, projectID, employerID, chunk, period, h)
		if err := q.Select(&rows, query, args...); err != nil {
			return nil, fmt.Errorf("store: unable to match payees: %w", err)
		}
		for _, r := range rows {
			prev, seen := out[r.Index]
			if !seen || (r.EnteredOn != nil && (prev.EnteredOn == nil || prev.EnteredOn.Before(*r.EnteredOn))) {
				out[r.Index] = r
			}
		}
	}
	return out, nil
}

// matchPayeesQuery is MatchPayees' statement for one chunk of indexes. Every
// table it reads is reached through an index on what it is matched by — the
// identity by its blind index, the enrolment by (project_id, worker_id), a
// worker's attendance and past lines by their enrolment — so a payroll's
// matching grows with its lines, never with lines × enrolments (a test
// reads SQLite's plan to hold it there).
func matchPayeesQuery(d *Dialect, projectID, employerID string, chunk []string, period ledger.Period, h PayrollHistory) (string, []any) {
	from, to := period.First(), period.Last()
	// Lookups that cannot find anything are left out of the statement.
	attendance, usual := "0", "0"
	if h.Attendance {
		// The rollup's row of the worker's month: one probe of its key, where
		// counting the days read a range of the attendance per payee.
		attendance = `COALESCE((SELECT m.days FROM attendance_months m WHERE m.project_id = ? AND m.enrolment_id = e.id
				AND m.period = ?), 0)`
	}
	if h.Approved {
		// A worker's lines are found by the enrolment index: "l.payroll_id ||
		// ''" keeps the planner off the primary key (project_id, payroll_id).
		// A payroll approved since the last ANALYZE is missing from the
		// statistics, so PostgreSQL guessed its lines were few, and matching a
		// 100,000-line payroll read that payroll's 100,000 lines once per
		// payee: over seven minutes, against a second through the enrolments.
		usual = `COALESCE((SELECT CAST(AVG(l.net) AS BIGINT) FROM payroll_lines l
				JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id || ''
				WHERE l.project_id = ? AND l.enrolment_id = e.id AND p.status = ? AND p.kind = ? AND p.period < ?), 0)`
	}
	// inStrings, not IN (…): PostgreSQL estimates an IN list's
	// selectivity element by element, which costs more than the lookups
	// themselves at thousands of elements.
	// The subqueries name the project by value, not as e.project_id: on a
	// Citus cluster every distributed table of the statement is then bound
	// to the project, and the whole statement goes to the project's node
	// (a correlation through e.project_id, on the outer join's nullable
	// side, is a join Citus cannot plan).
	var args []any
	if h.Attendance {
		args = append(args, projectID, period)
	}
	if h.Approved {
		args = append(args, projectID, string(ledger.PayrollApproved), string(ledger.PayrollRegular), period)
	}
	inCond, inArgs := d.inStrings("w.id_number_index", chunk)
	args = append(append(args, projectID, employerID, to, from), inArgs...)
	return `SELECT w.id_number_index, w.id AS worker_id, w.name, e.id AS enrolment_id, e.bank_card_index, e.entered_on,
		CASE WHEN e.id IS NULL THEN 0 ELSE ` + attendance + ` END AS attended_days,
		CASE WHEN e.id IS NULL THEN 0 ELSE ` + usual + ` END AS usual_net
		FROM worker_identities w
		LEFT JOIN enrolments e` + d.indexedBy("enrolments_worker_idx") + ` ON e.worker_id = w.id AND e.project_id = ? AND e.employer_id = ? AND e.entered_on <= ?
			AND (e.exited_on IS NULL OR e.exited_on >= ?)
		WHERE ` + inCond, args
}

type payrollRow struct {
	ProjectID    string               `db:"project_id"`
	ID           string               `db:"id"`
	EmployerID   string               `db:"employer_id"`
	PayerID      string               `db:"payer_id"`
	Period       ledger.Period        `db:"period"`
	Kind         ledger.PayrollKind   `db:"kind"`
	Status       ledger.PayrollStatus `db:"status"`
	FileSHA256   string               `db:"file_sha256"`
	Source       string               `db:"source"`
	Lines        int                  `db:"line_count"`
	Gross        int64                `db:"gross_total"`
	Deductions   int64                `db:"deductions_total"`
	Net          int64                `db:"net_total"`
	Warnings     int                  `db:"warnings"`
	SubmittedAt  timeColumn           `db:"submitted_at"`
	SubmittedBy  string               `db:"submitted_by"`
	DecidedAt    *timeColumn          `db:"decided_at"`
	DecidedBy    string               `db:"decided_by"`
	RejectReason string               `db:"reject_reason"`
}

func (r payrollRow) payroll() *ledger.Payroll {
	p := &ledger.Payroll{ID: r.ID, ProjectID: r.ProjectID, EmployerID: r.EmployerID, PayerID: r.PayerID, Period: r.Period, Kind: r.Kind, Status: r.Status,
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
	net_total, warnings, submitted_at, submitted_by, decided_at, decided_by, reject_reason, payer_id`

// GetPayroll reads a payroll by its ID alone (the /payrolls/{id} routes):
// on a Citus cluster on its project's shard when the ID names its project
// (onShardsOfIDs), on every shard when it is older.
func GetPayroll(q Querier, id string) (*ledger.Payroll, error) {
	var r payrollRow
	pin, pinArgs := dialectOf(q).onShardsOfIDs("project_id", []string{id})
	err := q.Get(&r, `SELECT `+payrollColumns+` FROM payrolls WHERE id = ?`+pin, append([]any{id}, pinArgs...)...)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil, notFound("resource.payroll", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read payroll %q: %w", id, err)
	}
	return r.payroll(), nil
}

// ProjectPayroll is payroll id of project projectID, nil when the project
// has none by that ID: read where the project's rows are (one shard on
// Citus, whatever the ID).
func ProjectPayroll(q Querier, projectID, id string) (*ledger.Payroll, error) {
	var rows []payrollRow
	if err := q.Select(&rows, `SELECT `+payrollColumns+` FROM payrolls WHERE project_id = ? AND id = ?`, projectID, id); err != nil {
		return nil, fmt.Errorf("store: unable to read payroll %q: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].payroll(), nil
}

// LivePayroll finds the submitted or approved regular payroll of an
// employer for a period, if any.
func LivePayroll(q Querier, projectID, employerID string, period ledger.Period) (*ledger.Payroll, error) {
	var rows []payrollRow
	if err := q.Select(&rows, `SELECT `+payrollColumns+` FROM payrolls WHERE project_id = ? AND employer_id = ? AND period = ?
		AND kind = ? AND status IN (?, ?)`, projectID, employerID, period, string(ledger.PayrollRegular),
		string(ledger.PayrollSubmitted), string(ledger.PayrollApproved)); err != nil {
		return nil, fmt.Errorf("store: unable to look up payroll: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].payroll(), nil
}

// PayrollByFile finds a payroll stored from the same file for the same
// employer and period that is still live (the upload's idempotency).
func PayrollByFile(q Querier, projectID, employerID string, period ledger.Period, kind ledger.PayrollKind, sha string) (*ledger.Payroll, error) {
	var rows []payrollRow
	if err := q.Select(&rows, `SELECT `+payrollColumns+` FROM payrolls WHERE project_id = ? AND file_sha256 = ? AND employer_id = ?
		AND period = ? AND kind = ? AND status <> ? ORDER BY submitted_at DESC`, projectID, sha, employerID, period, string(kind),
		string(ledger.PayrollSuperseded)); err != nil {
		return nil, fmt.Errorf("store: unable to look up payroll: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].payroll(), nil
}

// ListPayrolls lists a project's payrolls, newest period first.
func ListPayrolls(q Querier, projectID, employerID, after string, limit int) ([]*ledger.Payroll, error) {
	qs := `SELECT ` + payrollColumns + ` FROM payrolls WHERE project_id = ?`
	args := []any{projectID}
	if employerID != "" {
		qs += " AND employer_id = ?"
		args = append(args, employerID)
	}
	if after != "" {
		// After the payroll named, in the list's order: its own period and
		// time read where they are stored, so that no time is written out
		// and compared as text in one dialect and as a time in the other.
		qs += " AND (period, submitted_at, id) < (SELECT period, submitted_at, id FROM payrolls WHERE project_id = ? AND id = ?)"
		args = append(args, projectID, after)
	}
	qs += fmt.Sprintf(" ORDER BY period DESC, submitted_at DESC, id DESC LIMIT %d", clampLimit(limit))
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
func SetPayrollStatus(tx *Tx, projectID, id string, from, to ledger.PayrollStatus, by, reason string) error {
	q := `UPDATE payrolls SET status = ?`
	args := []any{string(to)}
	if to != ledger.PayrollSuperseded {
		q += `, decided_at = ?, decided_by = ?, reject_reason = ?`
		args = append(args, tx.Now, by, reason)
	}
	res, err := tx.Exec(q+` WHERE project_id = ? AND id = ? AND status = ?`, append(args, projectID, id, string(from))...)
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
	LineNo      int          `db:"line_no"`
	Row         int          `db:"source_row"`
	EnrolmentID string       `db:"enrolment_id"`
	Name        string       `db:"name"`
	IDNumber    string       `db:"id_number_masked"`
	DaysWorked  string       `db:"-"`
	Centidays   int          `db:"centidays"`
	Gross       ledger.Money `db:"gross"`
	Deductions  ledger.Money `db:"deductions"`
	Net         ledger.Money `db:"net"`
	BankCard    string       `db:"bank_card_masked"`
	Confirmed   bool         `db:"confirmed"`
	Warnings    string       `db:"warnings"`
	Centihours  *int         `db:"centihours"`
	WorkHours   string       `db:"-"` // Centihours as hours, "" when not given
	// The itemised amounts, nil where not given (ledger.PayItem's order).
	BasePay           *ledger.Money `db:"base_pay"`
	OvertimePay       *ledger.Money `db:"overtime_pay"`
	SpecialAllowances *ledger.Money `db:"special_allowances"`
	OtherAllowances   *ledger.Money `db:"other_allowances"`
	SocialInsurance   *ledger.Money `db:"social_insurance"`
	HousingFund       *ledger.Money `db:"housing_fund"`
	IncomeTax         *ledger.Money `db:"income_tax"`
	OtherDeductions   *ledger.Money `db:"other_deductions"`
	AdvanceOf         string        `db:"advance_of"`
	InstructionID     *string       `db:"instruction_id"`
	Paid              ledger.Money  `db:"paid"`
	// InstructionStatus is the status of the line's live instruction, "" when it has none.
	InstructionStatus ledger.InstructionStatus `db:"instruction_status"`
	PaymentStatus     ledger.LinePaymentStatus `db:"-"` // decided by ledger.LinePaymentStatusOf
}

// PayrollLines returns a payroll's lines with their payment status, by line.
func PayrollLines(q Querier, projectID, payrollID string, afterLine, limit int) ([]PayrollLine, error) {
	var rows []PayrollLine
	err := q.Select(&rows, fmt.Sprintf(`SELECT l.line_no, l.source_row, l.enrolment_id, l.name, l.id_number_masked, l.centidays, l.gross, l.deductions, l.net,
		l.bank_card_masked, l.confirmed, l.warnings, l.centihours, l.base_pay, l.overtime_pay, l.special_allowances, l.other_allowances,
		l.social_insurance, l.housing_fund, l.income_tax, l.other_deductions, l.advance_of, i.id AS instruction_id, COALESCE(i.paid_amount, 0) AS paid,
		COALESCE(i.status, '') AS instruction_status
		FROM payroll_lines l LEFT JOIN instructions i ON i.project_id = l.project_id AND i.payroll_id = l.payroll_id
			AND i.line_no = l.line_no AND i.status <> ?
		WHERE l.project_id = ? AND l.payroll_id = ? AND l.line_no > ? ORDER BY l.line_no LIMIT %d`, limit),
		string(ledger.InstructionReissued), projectID, payrollID, afterLine)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read payroll lines: %w", err)
	}
	for i := range rows {
		rows[i].DaysWorked = ledger.FormatHours(rows[i].Centidays)
		if h := rows[i].Centihours; h != nil {
			rows[i].WorkHours = ledger.FormatHours(*h)
		}
		rows[i].Warnings = strings.TrimPrefix(rows[i].Warnings, "; ")
		rows[i].PaymentStatus = ledger.LinePaymentStatusOf(rows[i].Net, rows[i].InstructionStatus)
	}
	return rows, nil
}

// lineEntryID is batch.ID(line_no) written in SQL, for the set-based
// approval: the batch (a parameter) made by ledger.NewEntryBatch, "_", and
// the line number zero-padded to five digits exactly as EntryBatch.ID pads
// it (TestLineEntryIDIsEntryBatchID holds the two together on both
// databases). Portable SQL: neither lpad nor a negative substr works on both.
const lineEntryID = `CAST(? AS TEXT) || '_' || CASE WHEN line_no < 10 THEN '0000' WHEN line_no < 100 THEN '000'
	WHEN line_no < 1000 THEN '00' WHEN line_no < 10000 THEN '0' ELSE '' END || CAST(line_no AS TEXT)`

// ApprovePayrollLines posts what each line owes and creates its payment
// instruction, set-based: one entry per line (labour_cost/<employer> debited,
// wages_payable/<enrolment> credited, for the payroll's period), the cached
// balances updated once per account with the batch's sums, and one
// instruction per line to pay net pay from the wage account to the worker's
// registered card, and each enrolment's month of wages (wage_months) moved
// by its lines. Lines with nothing to pay get neither entry nor instruction. An advance's lines
// of wages already owed (advance_of 'owed') get their instruction but no
// approval entry: the books owe those wages already (PostAdvance posts the
// advance itself).
func ApprovePayrollLines(tx *Tx, p *ledger.Payroll, project *ledger.Project, on ledger.Date) (int, error) {
	batch := ledger.NewEntryBatch() // line n's entry is batch.ID(n)
	// The lines that make wages owed: all but an advance's lines of wages owed already.
	owes := ` AND net > 0 AND advance_of <> '` + string(ledger.AdvanceOwed) + `'`
	base := []any{p.ProjectID, p.ID}
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"entries", `INSERT INTO ledger_entries (project_id, id, kind, memo, reverses_id, effective_on, created_at)
			SELECT project_id, ` + lineEntryID + `, ?, ?, NULL, ?, ? FROM payroll_lines WHERE project_id = ? AND payroll_id = ?` + owes,
			append([]any{string(batch), string(ledger.EntryApproval), "payroll " + p.ID, on, tx.Now}, base...)},
		{"postings", `INSERT INTO ledger_postings (project_id, entry_id, seq, account_kind, account_ref, period, amount)
			SELECT project_id, ` + lineEntryID + `, 1, ?, ?, ?, net FROM payroll_lines WHERE project_id = ? AND payroll_id = ?` + owes + `
			UNION ALL
			SELECT project_id, ` + lineEntryID + `, 2, ?, enrolment_id, ?, -net FROM payroll_lines WHERE project_id = ? AND payroll_id = ?` + owes,
			append(append([]any{string(batch), string(ledger.LabourCost), p.EmployerID, p.Period}, base...),
				append([]any{string(batch), string(ledger.WagesPayable), p.Period}, base...)...)},
		{"balances", `INSERT INTO ledger_balances (project_id, account_kind, account_ref, slot, balance, updated_at)
			SELECT project_id, ?, enrolment_id, 0, -SUM(net), ? FROM payroll_lines WHERE project_id = ? AND payroll_id = ?` + owes + `
			GROUP BY project_id, enrolment_id
			ON CONFLICT (project_id, account_kind, account_ref, slot) DO UPDATE SET balance = ledger_balances.balance + excluded.balance, updated_at = excluded.updated_at`,
			append([]any{string(ledger.WagesPayable), tx.Now}, base...)},
		// Each enrolment's month of wages (wage_months): due, every line but
		// an advance's of wages owed already (net 0 too: a line is a fact of
		// the month), and payable, the postings above.
		{"wages by month", `INSERT INTO wage_months (project_id, period, enrolment_id, due, payable)
			SELECT project_id, ?, enrolment_id, SUM(net), -SUM(CASE WHEN net > 0 THEN net ELSE 0 END) FROM payroll_lines
			WHERE project_id = ? AND payroll_id = ? AND advance_of <> '` + string(ledger.AdvanceOwed) + `'
			GROUP BY project_id, enrolment_id
			ON CONFLICT (project_id, period, enrolment_id) DO UPDATE SET due = wage_months.due + excluded.due, payable = wage_months.payable + excluded.payable`,
			append([]any{p.Period}, base...)},
	}
	for _, s := range steps {
		if _, err := tx.Exec(s.sql, s.args...); err != nil {
			return 0, fmt.Errorf("store: unable to approve payroll (%s): %w", s.what, err)
		}
	}
	if err := IssuePayrollInstructions(tx, p, project); err != nil {
		return 0, err
	}
	// The employer's labour cost moves once, by the sum of the lines just
	// posted (from the lines, not the header, so the two sides cannot differ).
	var k struct {
		N     int   `db:"n"`
		Owing int   `db:"owing"`
		Sum   int64 `db:"total"`
	}
	if err := tx.Get(&k, `SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN advance_of <> ? THEN 1 ELSE 0 END), 0) AS owing,
		COALESCE(SUM(CASE WHEN advance_of <> ? THEN net ELSE 0 END), 0) AS total FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0`,
		string(ledger.AdvanceOwed), string(ledger.AdvanceOwed), p.ProjectID, p.ID); err != nil {
		return 0, err
	}
	if k.Owing > 0 {
		if err := addToBalances(tx, map[ledger.Account]ledger.Money{{ProjectID: p.ProjectID, Kind: ledger.LabourCost, Ref: p.EmployerID}: ledger.Money(k.Sum)}); err != nil {
			return 0, err
		}
	}
	return k.N, nil
}

// Instruction is a payment instruction as a bank sees it.
type Instruction struct {
	ID             string                   `db:"id"`
	ProjectID      string                   `db:"project_id"`
	PayrollID      string                   `db:"payroll_id"`
	LineNo         int                      `db:"line_no"`
	EnrolmentID    string                   `db:"enrolment_id"`
	Period         ledger.Period            `db:"period"`
	Amount         ledger.Money             `db:"amount"`
	PayeeName      string                   `db:"payee_name"`
	PayeeCard      string                   `db:"payee_card_masked"`
	PayeeCardEnc   string                   `db:"payee_card_enc"`
	PayeeCardIndex string                   `db:"payee_card_index"`
	PayeeBankID    string                   `db:"payee_bank_id"`
	WageBankID     string                   `db:"wage_bank_id"`
	WageAccountNo  string                   `db:"wage_account_no"`
	Status         ledger.InstructionStatus `db:"status"`
	PaidAmount     ledger.Money             `db:"paid_amount"`
	// SupersededAmount is the part a guarantee drawdown pays instead: the
	// bank pays only Amount − PaidAmount − SupersededAmount.
	SupersededAmount ledger.Money `db:"superseded_amount"`
	CreatedAt        time.Time    `db:"-"`
	Created          timeColumn   `db:"created_at"`

	// PayeeAccountKind says whether PayeeCard is a card or an account.
	PayeeAccountKind ledger.BankAccountKind `db:"payee_account_kind"`
	// PaidFrom is the guarantee account a drawdown's instruction pays from
	// ("" for the wage account), DecisionRef the inspector's decision.
	PaidFrom    string `db:"paid_from"`
	DecisionRef string `db:"decision_ref"`
	// ReissueOf is the instruction this one re-issues ("" if none).
	ReissueOf string `db:"reissue_of"`
}
