package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// A payment instruction is kept in three tables (migration 0007), and this
// file is the only one that writes them:
//
//   - payment_instructions: the instruction as issued, which never changes;
//   - instruction_states: how far it has been paid (status, paid_amount), a
//     narrow row that PostgreSQL updates in place with every bank result;
//   - pending_instructions: the instructions still waiting for the bank's
//     first result, which the bank polls for.
//
// Every instruction has one row in each of the first two, and one in the
// third from issue until its first result. Readers use the view
// instructions, which joins the first two, and read it into Instruction
// (declared with the payroll that issues it, pkg/store/payroll.go).

// IssuePayrollInstructions creates, set-based, one pending instruction per
// line of an approved payroll with something to pay: the line's net pay,
// from the project's wage account to the card the worker has registered.
// Instruction IDs are the payroll's part (its ID after "pay_",
// ledger.PayrollPart) with the line number (ins_<part>_<line>), so that
// approving twice cannot issue twice; the nightly check reads a bank
// result's line back from it (ledger.LineOfInstruction).
func IssuePayrollInstructions(tx *Tx, p *ledger.Payroll, project *ledger.Project) error {
	suffix, bank := ledger.PayrollPart(p.ID), project.WageAccount.BankID
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"instructions", `INSERT INTO payment_instructions (project_id, id, payroll_id, line_no, enrolment_id, period, amount, payee_name,
			payee_card_enc, payee_card_index, payee_card_masked, payee_account_kind, payee_bank_id, wage_bank_id, wage_account_no, created_at)
			SELECT l.project_id, 'ins_' || ? || '_' || l.line_no, l.payroll_id, l.line_no, l.enrolment_id, ?, l.net, e.name,
				e.bank_card_enc, e.bank_card_index, e.bank_card_masked, e.account_kind, e.bank_id, ?, ?, ?
			FROM payroll_lines l JOIN enrolments e ON e.project_id = l.project_id AND e.id = l.enrolment_id
			WHERE l.project_id = ? AND l.payroll_id = ? AND l.net > 0`,
			[]any{suffix, p.Period, bank, project.WageAccount.AccountNo, tx.Now, p.ProjectID, p.ID}},
		{"instruction states", `INSERT INTO instruction_states (project_id, instruction_id, wage_bank_id, status, paid_amount)
			SELECT project_id, 'ins_' || ? || '_' || line_no, ?, ?, 0 FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0`,
			[]any{suffix, bank, string(ledger.InstructionPending), p.ProjectID, p.ID}},
		{"pending instructions", `INSERT INTO pending_instructions (project_id, instruction_id, wage_bank_id)
			SELECT project_id, 'ins_' || ? || '_' || line_no, ? FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0`,
			[]any{suffix, bank, p.ProjectID, p.ID}},
	}
	for _, s := range steps {
		if _, err := tx.Exec(s.sql, s.args...); err != nil {
			return fmt.Errorf("store: unable to approve payroll (%s): %w", s.what, err)
		}
	}
	return nil
}

// ReissueInstruction marks an instruction re-issued, provided it is still
// in the status it was read in (else ErrConcurrentChange), and creates its
// replacement for amount (what of its rest is still owed,
// ledger.ReissueAmount), pending, to the enrolment's current card.
func ReissueInstruction(tx *Tx, old *Instruction, newID string, amount ledger.Money) error {
	res, err := tx.Exec(`UPDATE instruction_states SET status = ? WHERE project_id = ? AND instruction_id = ? AND status = ?`,
		string(ledger.InstructionReissued), old.ProjectID, old.ID, string(old.Status))
	if err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrConcurrentChange
	}
	if _, err := tx.Exec(`INSERT INTO payment_instructions (project_id, id, payroll_id, line_no, enrolment_id, period, amount, payee_name,
		payee_card_enc, payee_card_index, payee_card_masked, payee_account_kind, payee_bank_id, wage_bank_id, wage_account_no, created_at, reissue_of,
		paid_from, decision_ref)
		SELECT i.project_id, ?, i.payroll_id, i.line_no, i.enrolment_id, i.period, ?, e.name,
			e.bank_card_enc, e.bank_card_index, e.bank_card_masked, e.account_kind, e.bank_id, i.wage_bank_id, i.wage_account_no, ?, i.id,
			i.paid_from, i.decision_ref
		FROM instructions i JOIN enrolments e ON e.project_id = i.project_id AND e.id = i.enrolment_id
		WHERE i.project_id = ? AND i.id = ?`, newID, int64(amount), tx.Now, old.ProjectID, old.ID); err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO instruction_states (project_id, instruction_id, wage_bank_id, status, paid_amount) VALUES (?, ?, ?, ?, 0)`,
		old.ProjectID, newID, old.WageBankID, string(ledger.InstructionPending)); err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO pending_instructions (project_id, instruction_id, wage_bank_id) VALUES (?, ?, ?)`,
		old.ProjectID, newID, old.WageBankID); err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	return nil
}

// StillOwedFor reads, in one statement, what the books still owe an
// enrolment for a period (wages_payable) and what its live instructions
// other than exceptID (pending, or the unpaid rest of partly paid ones)
// already carry to the bank: what ledger.ReissueAmount caps a re-issue at.
func StillOwedFor(q Querier, projectID, enrolmentID string, period ledger.Period, exceptID string) (owedOnBooks, inFlight ledger.Money, err error) {
	var r struct {
		Owed     int64 `db:"owed"`
		InFlight int64 `db:"in_flight"`
	}
	if err := q.Get(&r, `SELECT
		COALESCE((SELECT -SUM(amount) FROM ledger_postings WHERE project_id = ? AND account_kind = ? AND account_ref = ? AND period = ?), 0) AS owed,
		COALESCE((SELECT SUM(amount - paid_amount - superseded_amount) FROM instructions WHERE project_id = ? AND enrolment_id = ? AND period = ? AND id <> ?
			AND status IN (?, ?)), 0) AS in_flight`,
		projectID, string(ledger.WagesPayable), enrolmentID, period, projectID, enrolmentID, period, exceptID,
		string(ledger.InstructionPending), string(ledger.InstructionPartlyPaid)); err != nil {
		return 0, 0, fmt.Errorf("store: unable to read what the worker is still owed: %w", err)
	}
	return ledger.Money(r.Owed), ledger.Money(r.InFlight), nil
}

// ApplyInstructionChanges writes many instruction changes with one
// statement per thousand, each applied only if the instruction is still in
// the state it was read in. It returns how many applied: fewer than asked
// means another transaction changed one meanwhile, and the caller retries.
// An instruction leaving pending leaves pending_instructions with it.
func ApplyInstructionChanges(tx *Tx, changes []ledger.InstructionChange) (int, error) {
	total := 0
	per := tx.d.rowsPerSource(8, len(changes))
	for start := 0; start < len(changes); start += per {
		chunk := changes[start:min(start+per, len(changes))]
		rows := make([][]any, len(chunk))
		for i, c := range chunk {
			rows[i] = []any{c.ProjectID, c.ID, int64(c.From.Paid), int64(c.To.Paid), string(c.From.Status), string(c.To.Status),
				int64(c.From.Superseded), int64(c.To.Superseded)}
		}
		// A bank's result changes what was paid, a drawdown the part it
		// supersedes: either applies only to the state it was read in.
		from, args := tx.d.rowsSource([]string{"project_id", "id", "old_paid", "new_paid", "old_status", "new_status", "old_superseded", "new_superseded"},
			[]string{"text", "text", "bigint", "bigint", "text", "text", "bigint", "bigint"}, rows)
		projects := make([]string, len(chunk))
		for i, c := range chunk {
			projects[i] = c.ProjectID
		}
		shard, shardArgs := tx.d.onOneShard("instruction_states.project_id", projects)
		res, err := tx.Exec(`UPDATE instruction_states SET paid_amount = v.new_paid, status = v.new_status, superseded_amount = v.new_superseded FROM `+from+`
			WHERE instruction_states.project_id = v.project_id AND instruction_states.instruction_id = v.id
			AND instruction_states.paid_amount = v.old_paid AND instruction_states.status = v.old_status
			AND instruction_states.superseded_amount = v.old_superseded`+shard, append(args, shardArgs...)...)
		if err != nil {
			return total, fmt.Errorf("store: unable to update instructions: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		var left [][]any // instructions leaving pending: no longer waiting for the bank
		for _, c := range chunk {
			if c.From.Status == ledger.InstructionPending && c.To.Status != ledger.InstructionPending {
				left = append(left, []any{c.ProjectID, c.ID})
			}
		}
		if len(left) > 0 {
			from, args := tx.d.rowsSource([]string{"project_id", "id"}, []string{"text", "text"}, left)
			shard, shardArgs := tx.d.onOneShard("project_id", projects)
			if _, err := tx.Exec(`DELETE FROM pending_instructions WHERE (project_id, instruction_id) IN (SELECT v.project_id, v.id FROM `+from+`)`+shard,
				append(args, shardArgs...)...); err != nil {
				return total, fmt.Errorf("store: unable to update pending instructions: %w", err)
			}
		}
	}
	return total, nil
}

const instructionColumns = `id, project_id, payroll_id, line_no, enrolment_id, period, amount, payee_name, payee_card_masked, payee_card_enc, payee_card_index,
	payee_account_kind, payee_bank_id, wage_bank_id, wage_account_no, status, paid_amount, superseded_amount, paid_from, decision_ref, created_at,
	COALESCE(reissue_of, '') AS reissue_of`

// selectInstructions reads instructions matching a condition (with ?s).
func selectInstructions(q Querier, where string, args ...any) ([]Instruction, error) {
	var rows []Instruction
	if err := q.Select(&rows, `SELECT `+instructionColumns+` FROM instructions WHERE `+where, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read instructions: %w", err)
	}
	for i := range rows {
		rows[i].CreatedAt = rows[i].Created.Time
	}
	return rows, nil
}

// GetInstruction reads an instruction by its ID alone (banks confirm by it):
// on a Citus cluster on its project's shard when the ID names its project
// (onShardsOfIDs), on every shard when it is older.
func GetInstruction(q Querier, id string) (*Instruction, error) {
	pin, pinArgs := dialectOf(q).onShardsOfIDs("project_id", []string{id})
	rows, err := selectInstructions(q, `id = ?`+pin, append([]any{id}, pinArgs...)...)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, notFound("resource.instruction", id)
	}
	return &rows[0], nil
}

// PayrollInstructions returns a payroll's current instructions by line.
func PayrollInstructions(q Querier, projectID, payrollID string) ([]Instruction, error) {
	return selectInstructions(q, `project_id = ? AND payroll_id = ? AND status <> ? ORDER BY line_no`, projectID, payrollID, string(ledger.InstructionReissued))
}

// PaymentStatusCounts counts a payroll's instructions by status.
func PaymentStatusCounts(q Querier, projectID, payrollID string) (map[ledger.InstructionStatus]int, error) {
	var rows []struct {
		Status ledger.InstructionStatus `db:"status"`
		N      int                      `db:"n"`
	}
	if err := q.Select(&rows, `SELECT status, COUNT(*) AS n FROM instructions WHERE project_id = ? AND payroll_id = ? GROUP BY status`, projectID, payrollID); err != nil {
		return nil, err
	}
	out := map[ledger.InstructionStatus]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// BankInstructions lists instructions on wage accounts at a bank, in ID
// order, those in one status if status is not "".
func BankInstructions(q Querier, bankID string, status ledger.InstructionStatus, after string, limit int) ([]Instruction, error) {
	n := clampLimit(limit)
	if status == ledger.InstructionPending {
		// What the bank polls for: a page of pending_instructions, however
		// many instructions the bank has settled before.
		where := `wage_bank_id = ?`
		args := []any{bankID}
		if after != "" {
			where += " AND instruction_id > ?"
			args = append(args, after)
		}
		return selectInstructions(q, fmt.Sprintf(`(project_id, id) IN (SELECT project_id, instruction_id FROM pending_instructions
			WHERE %s ORDER BY instruction_id LIMIT %d) ORDER BY id`, where, n), args...)
	}
	where := `wage_bank_id = ?`
	args := []any{bankID}
	if status != "" {
		where += " AND status = ?"
		args = append(args, string(status))
	}
	if after != "" {
		where += " AND id > ?"
		args = append(args, after)
	}
	return selectInstructions(q, where+fmt.Sprintf(" ORDER BY id LIMIT %d", n), args...)
}

// instructionRow is what deciding a bank's result reads of an instruction.
type instructionRow struct {
	ProjectID      string                   `db:"project_id"`
	ID             string                   `db:"id"`
	EnrolmentID    string                   `db:"enrolment_id"`
	Period         ledger.Period            `db:"period"`
	Amount         ledger.Money             `db:"amount"`
	PaidAmount     ledger.Money             `db:"paid_amount"`
	Superseded     ledger.Money             `db:"superseded_amount"`
	Status         ledger.InstructionStatus `db:"status"`
	WageBankID     string                   `db:"wage_bank_id"`
	PayeeCardIndex string                   `db:"payee_card_index"`
	PaidFrom       string                   `db:"paid_from"`
	Returned       ledger.Money             `db:"returned"`
}

const instructionRowColumns = `project_id, id, enrolment_id, period, amount, paid_amount, superseded_amount, status, wage_bank_id, payee_card_index, paid_from`

func (r *instructionRow) paymentInstruction() (ledger.PaymentInstruction, error) {
	in := ledger.PaymentInstruction{ID: r.ID, ProjectID: r.ProjectID, EnrolmentID: r.EnrolmentID, Period: r.Period,
		WageBankID: r.WageBankID, PayeeCardIndex: r.PayeeCardIndex,
		InstructionState: ledger.InstructionState{Amount: r.Amount, Paid: r.PaidAmount, Superseded: r.Superseded, Status: r.Status, Returned: r.Returned}}
	if r.PaidFrom != "" {
		from, err := ledger.ParseAccount(r.ProjectID, r.PaidFrom)
		if err != nil {
			return in, fmt.Errorf("store: instruction %s pays from %q: %w", r.ID, r.PaidFrom, err)
		}
		in.PaidFrom = from
	}
	return in, nil
}

// WageInstructionsOf reads the wage account's instructions of a project for
// some workers that a bank may still pay (pending, partly paid, partly
// failed, failed or returned), in issue order: what a drawdown for them may supersede.
func WageInstructionsOf(q Querier, projectID string, enrolmentIDs []string) ([]*ledger.PaymentInstruction, error) {
	if len(enrolmentIDs) == 0 {
		return nil, nil
	}
	args := []any{projectID, string(ledger.InstructionPending), string(ledger.InstructionPartlyPaid), string(ledger.InstructionPartlyFailed),
		string(ledger.InstructionFailed), string(ledger.InstructionReturned)}
	for _, id := range enrolmentIDs {
		args = append(args, id)
	}
	var rows []instructionRow
	if err := q.Select(&rows, `SELECT `+instructionRowColumns+` FROM instructions WHERE project_id = ? AND paid_from = '' AND status IN (?, ?, ?, ?, ?)
		AND enrolment_id IN (`+placeholders(len(enrolmentIDs))+`) ORDER BY created_at, id`, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read the wage account's instructions: %w", err)
	}
	out := make([]*ledger.PaymentInstruction, len(rows))
	for i := range rows {
		in, err := rows[i].paymentInstruction()
		if err != nil {
			return nil, err
		}
		out[i] = &in
	}
	return out, nil
}

// PaymentInstructions reads many instructions by ID (banks confirm by ID
// alone), in one statement (keysPerStatement). Only the columns a confirmation needs are
// read: a 10,000-item batch spent a tenth of its time reading the rest. Call
// tx.PreferKeyLookups first.
func PaymentInstructions(tx *Tx, ids []string) (map[string]*ledger.PaymentInstruction, error) {
	out := make(map[string]*ledger.PaymentInstruction, len(ids))
	all := make([]ledger.PaymentInstruction, 0, len(ids))
	per := tx.d.keysPerStatement(len(ids))
	rows := make([]instructionRow, 0, min(len(ids), per)) // sqlx appends: no regrowing
	ids = tx.d.namedFirst(ids)
	for start := 0; start < len(ids); start += per {
		chunk := ids[start:min(start+per, len(ids))]
		cond, args := tx.d.inStrings("id", chunk)
		// On a Citus cluster, on the shards of the projects the IDs name,
		// the subquery too (Citus carries no condition into it).
		pin, pinArgs := tx.d.onShardsOfIDs("project_id", chunk)
		pinC, _ := tx.d.onShardsOfIDs("c.project_id", chunk)
		cond, args = cond+pin, append(args, pinArgs...)
		rows = rows[:0]
		// What came back of its payments decides whether a payment leaves
		// the bank holding any of it (ledger.InstructionState.Returned); a
		// pending instruction, most of a batch, has had nothing come back.
		if err := tx.Select(&rows, `SELECT `+instructionRowColumns+`,
			CASE WHEN status = ? THEN 0 ELSE COALESCE((SELECT SUM(c.amount) FROM bank_confirmations c
				WHERE c.project_id = instructions.project_id AND c.instruction_id = instructions.id AND c.status = ?`+pinC+`), 0) END AS returned
			FROM instructions WHERE `+cond, slices.Concat([]any{string(ledger.InstructionPending), string(ledger.ConfirmReturned)}, pinArgs, args)...); err != nil {
			return nil, fmt.Errorf("store: unable to read instructions: %w", err)
		}
		for _, r := range rows {
			in, err := r.paymentInstruction()
			if err != nil {
				return nil, err
			}
			all = append(all, in)
		}
	}
	for i := range all {
		out[all[i].ID] = &all[i]
	}
	return out, nil
}

// IssueDrawdownInstructions creates, set-based, one pending instruction per
// line of a guarantee drawdown: paid by the guarantee's issuer (who confirms
// it) from the guarantee account paidFrom, to the card each worker has
// registered, carrying the inspector's decision. Instruction IDs are the
// drawdown's ID with the line number, as a payroll's are.
func IssueDrawdownInstructions(tx *Tx, d *Drawdown, issuerID, reference string, paidFrom ledger.Account, lines []ledger.DrawdownLine) error {
	suffix := strings.TrimPrefix(d.ID, ledger.PrefixDrawdown+"_")
	rows := make([][]any, len(lines))
	for i, l := range lines {
		rows[i] = []any{d.ProjectID, "ins_" + suffix + "_" + strconv.Itoa(i+1), i + 1, l.EnrolmentID, l.Period.String(), int64(l.Amount)}
	}
	from, args := tx.d.rowsSource([]string{"project_id", "id", "line_no", "enrolment_id", "period", "amount"},
		[]string{"text", "text", "integer", "text", "text", "bigint"}, rows)
	if _, err := tx.Exec(`INSERT INTO payment_instructions (project_id, id, payroll_id, line_no, enrolment_id, period, amount, payee_name,
			payee_card_enc, payee_card_index, payee_card_masked, payee_account_kind, payee_bank_id, wage_bank_id, wage_account_no, created_at, paid_from, decision_ref)
		SELECT v.project_id, v.id, ?, v.line_no, v.enrolment_id, v.period, v.amount, e.name,
			e.bank_card_enc, e.bank_card_index, e.bank_card_masked, e.account_kind, e.bank_id, ?, ?, ?, ?, ?
		FROM `+from+` JOIN enrolments e ON e.project_id = v.project_id AND e.id = v.enrolment_id`,
		append([]any{d.ID, issuerID, reference, tx.Now, paidFrom.String(), d.DecisionRef}, args...)...); err != nil {
		return fmt.Errorf("store: unable to issue the drawdown's instructions: %w", err)
	}
	for _, s := range []struct{ what, sql string }{
		{"instruction states", `INSERT INTO instruction_states (project_id, instruction_id, wage_bank_id, status, paid_amount)
			SELECT project_id, id, ?, ?, 0 FROM payment_instructions WHERE project_id = ? AND payroll_id = ?`},
		{"pending instructions", `INSERT INTO pending_instructions (project_id, instruction_id, wage_bank_id)
			SELECT project_id, id, ? FROM payment_instructions WHERE project_id = ? AND payroll_id = ?`},
	} {
		args := []any{issuerID, string(ledger.InstructionPending), d.ProjectID, d.ID}
		if s.what == "pending instructions" {
			args = []any{issuerID, d.ProjectID, d.ID}
		}
		if _, err := tx.Exec(s.sql, args...); err != nil {
			return fmt.Errorf("store: unable to issue the drawdown's instructions (%s): %w", s.what, err)
		}
	}
	return nil
}

// DrawdownInFlight is what the unconfirmed instructions of drawdowns on a
// project will still pay, by enrolment and period: wages a drawdown is
// already paying may not be drawn twice.
func DrawdownInFlight(q Querier, projectID string) (map[string]map[ledger.Period]ledger.Money, error) {
	var rows []struct {
		EnrolmentID string        `db:"enrolment_id"`
		Period      ledger.Period `db:"period"`
		Left        int64         `db:"left_to_pay"`
	}
	if err := q.Select(&rows, `SELECT enrolment_id, period, SUM(amount - paid_amount) AS left_to_pay FROM instructions
		WHERE project_id = ? AND paid_from <> '' AND status IN (?, ?) GROUP BY enrolment_id, period`,
		projectID, string(ledger.InstructionPending), string(ledger.InstructionPartlyPaid)); err != nil {
		return nil, fmt.Errorf("store: unable to read drawdowns in flight: %w", err)
	}
	out := map[string]map[ledger.Period]ledger.Money{}
	for _, r := range rows {
		if out[r.EnrolmentID] == nil {
			out[r.EnrolmentID] = map[ledger.Period]ledger.Money{}
		}
		out[r.EnrolmentID][r.Period] = ledger.Money(r.Left)
	}
	return out, nil
}

// FailureReasons are the reasons the bank gave for the failures and returns
// of an instruction, oldest first.
func FailureReasons(q Querier, projectID, instructionID string) ([]string, error) {
	var out []string
	if err := q.Select(&out, `SELECT reason FROM bank_confirmations WHERE project_id = ? AND instruction_id = ? AND status IN ('failed', 'returned')
		ORDER BY created_at, bank_ref`, projectID, instructionID); err != nil {
		return nil, fmt.Errorf("store: unable to read why instruction %s failed: %w", instructionID, err)
	}
	return out, nil
}

// InstructionProjects is the project of each of the instructions named
// that is paid from a wage account at bankID (an ID naming none, or one at
// another bank, is absent: a confirmation item naming it keeps no project),
// read outside any transaction (q is DB.Reader): a write that touches
// several projects groups its items by project with it
// (DB.OneProjectPerTransaction). An instruction never moves to another
// project or bank, so what is read here still holds in the write's
// transaction.
func InstructionProjects(q Querier, bankID string, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	d := dialectOf(q)
	per := d.keysPerStatement(len(ids))
	ids = d.namedFirst(ids)
	for start := 0; start < len(ids); start += per {
		chunk := ids[start:min(start+per, len(ids))]
		cond, args := d.inStrings("id", chunk)
		// On a Citus cluster, on the shards of the projects the IDs name.
		pin, pinArgs := d.onShardsOfIDs("project_id", chunk)
		cond, args = cond+pin, append(args, pinArgs...)
		var rows []struct {
			ID        string `db:"id"`
			ProjectID string `db:"project_id"`
		}
		if err := q.Select(&rows, `SELECT id, project_id FROM instructions WHERE wage_bank_id = ? AND `+cond, append([]any{bankID}, args...)...); err != nil {
			return nil, fmt.Errorf("store: unable to read the instructions' projects: %w", err)
		}
		for _, r := range rows {
			out[r.ID] = r.ProjectID
		}
	}
	return out, nil
}
