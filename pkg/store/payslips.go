package store

import (
	"fmt"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// payslipTokenRow is a payslip_tokens row.
type payslipTokenRow struct {
	ProjectID   string        `db:"project_id"`
	ID          string        `db:"id"`
	TokenHash   string        `db:"token_hash"`
	EnrolmentID string        `db:"enrolment_id"`
	Period      ledger.Period `db:"period"`
	PayrollID   string        `db:"payroll_id"`
	KeyVersion  int           `db:"key_version"`
	ExpiresOn   ledger.Date   `db:"expires_on"`
	IssuedAt    timeColumn    `db:"issued_at"`
	IssuedBy    string        `db:"issued_by"`
	RevokedAt   *timeColumn   `db:"revoked_at"`
	RevokedBy   string        `db:"revoked_by"`
	Direct      bool          `db:"direct"`
	Misused     bool          `db:"misused"`
}

const payslipTokenColumns = "project_id, id, token_hash, enrolment_id, period, payroll_id, key_version, expires_on, issued_at, issued_by, revoked_at, revoked_by, direct, misused"

func (r payslipTokenRow) token() ledger.PayslipToken {
	t := ledger.PayslipToken{ID: r.ID, ProjectID: r.ProjectID, EnrolmentID: r.EnrolmentID, Period: r.Period, PayrollID: r.PayrollID,
		KeyVersion: r.KeyVersion, ExpiresOn: r.ExpiresOn, IssuedAt: r.IssuedAt.Time, IssuedBy: r.IssuedBy, RevokedBy: r.RevokedBy, Direct: r.Direct, Misused: r.Misused}
	if r.RevokedAt != nil && !r.RevokedAt.IsZero() {
		at := r.RevokedAt.Time
		t.RevokedAt = &at
	}
	return t
}

// NewPayslipToken is a token record to insert with the hash of its token.
type NewPayslipToken struct {
	ledger.PayslipToken
	Hash string
}

// InsertPayslipTokens records new tokens in multi-row statements.
func InsertPayslipTokens(tx *Tx, toks []NewPayslipToken) error {
	rows := make([][]any, len(toks))
	for i, t := range toks {
		rows[i] = []any{t.ProjectID, t.ID, t.Hash, t.EnrolmentID, t.Period, t.PayrollID, t.KeyVersion, t.ExpiresOn, tx.Now, t.IssuedBy, nil, "", boolInt(t.Direct)}
	}
	if err := bulkInsert(tx, "payslip_tokens", []string{"project_id", "id", "token_hash", "enrolment_id", "period", "payroll_id",
		"key_version", "expires_on", "issued_at", "issued_by", "revoked_at", "revoked_by", "direct"}, rows); err != nil {
		return fmt.Errorf("store: unable to record payslip tokens: %w", err)
	}
	return nil
}

// PayslipTokenByHash finds the token record whose token hashes to hash; id
// is the record the token names, which holds a Citus cluster's read to its
// project's shard when the ID names its project (onShardsOfIDs).
func PayslipTokenByHash(q Querier, id, hash string) (*ledger.PayslipToken, error) {
	var rows []payslipTokenRow
	pin, pinArgs := dialectOf(q).onShardsOfIDs("project_id", []string{id})
	if err := q.Select(&rows, `SELECT `+payslipTokenColumns+` FROM payslip_tokens WHERE token_hash = ?`+pin, append([]any{hash}, pinArgs...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read payslip token: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	t := rows[0].token()
	return &t, nil
}

// PayslipTokenOf is a token record with its worker's name, for the
// contractor who hands the payslips out.
type PayslipTokenOf struct {
	ledger.PayslipToken
	WorkerName string
}

// PayslipGrants says which of a payroll's links a read takes: the
// contractor's alone, or with them the links inspectors gave the workers
// straight (direct), which no contractor's read ever takes.
type PayslipGrants int

// The two reads of a payroll's links.
const (
	ContractorGrants PayslipGrants = iota + 1 // the links the contractor issued, prints and revokes
	AllGrants                                 // and the workers' direct links: what inspectors read
)

// PayslipTokensOfPayroll lists the tokens of the enrolments and period of a
// payroll's lines that grants takes, live and revoked, newest first per
// enrolment.
func PayslipTokensOfPayroll(q Querier, projectID, payrollID string, grants PayslipGrants) ([]PayslipTokenOf, error) {
	var rows []struct {
		payslipTokenRow
		Name string `db:"name"`
	}
	only := " AND t.direct = 0"
	if grants == AllGrants {
		only = ""
	}
	if err := q.Select(&rows, `SELECT `+prefixed("t", payslipTokenColumns)+`, e.name FROM payslip_tokens t
		JOIN enrolments e ON e.project_id = t.project_id AND e.id = t.enrolment_id
		WHERE t.project_id = ? AND t.period = (SELECT p.period FROM payrolls p WHERE p.project_id = ? AND p.id = ?)
		AND t.enrolment_id IN (SELECT l.enrolment_id FROM payroll_lines l WHERE l.project_id = ? AND l.payroll_id = ?)`+only+`
		ORDER BY t.enrolment_id, t.issued_at DESC, t.id`, projectID, projectID, payrollID, projectID, payrollID); err != nil {
		return nil, fmt.Errorf("store: unable to list payslip tokens: %w", err)
	}
	out := make([]PayslipTokenOf, len(rows))
	for i, r := range rows {
		out[i] = PayslipTokenOf{PayslipToken: r.token(), WorkerName: r.Name}
	}
	return out, nil
}

// RevokePayslipToken revokes a live token; it reports whether it did (false:
// already revoked).
func RevokePayslipToken(tx *Tx, projectID, id, by string) (bool, error) {
	res, err := tx.Exec(`UPDATE payslip_tokens SET revoked_at = ?, revoked_by = ? WHERE project_id = ? AND id = ? AND revoked_at IS NULL`,
		tx.Now, by, projectID, id)
	if err != nil {
		return false, fmt.Errorf("store: unable to revoke payslip token: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// MarkPayslipMisused marks a direct token as misused (ledger.PayslipToken.Misused);
// it reports whether it did (false: marked already).
func MarkPayslipMisused(tx *Tx, projectID, id string) (bool, error) {
	res, err := tx.Exec(`UPDATE payslip_tokens SET misused = 1 WHERE project_id = ? AND id = ? AND direct = 1 AND misused = 0`, projectID, id)
	if err != nil {
		return false, fmt.Errorf("store: unable to mark a payslip token misused: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// PayslipTokenByID reads one token record of a project.
func PayslipTokenByID(q Querier, projectID, id string) (*ledger.PayslipToken, error) {
	var rows []payslipTokenRow
	if err := q.Select(&rows, `SELECT `+payslipTokenColumns+` FROM payslip_tokens WHERE project_id = ? AND id = ?`, projectID, id); err != nil {
		return nil, fmt.Errorf("store: unable to read payslip token: %w", err)
	}
	if len(rows) == 0 {
		return nil, notFound("payslip token", id)
	}
	t := rows[0].token()
	return &t, nil
}

// PayslipLine is one of a worker's payroll lines as their payslip shows it:
// the line with its payroll's status, its payment and the worker's answer.
type PayslipLine struct {
	PayrollLine
	PayrollID     string               `db:"payroll_id"`
	PayrollKind   ledger.PayrollKind   `db:"payroll_kind"`
	PayrollStatus ledger.PayrollStatus `db:"payroll_status"`
	Answer        string               `db:"answer"`
	AnswerReason  string               `db:"answer_reason"`
	AnsweredAt    *timeColumn          `db:"answered_at"`
	// AnswerMisused: the answer was given through a direct link the
	// inspectors revoked as misused (ledger.AnswerThroughGrant).
	AnswerMisused bool `db:"answer_misused"`
	// PaperAfterGrant: the payroll file was submitted at or after the
	// inspectors first gave the worker a link of their own for the period.
	PaperAfterGrant bool `db:"paper_after_grant"`
}

// PayslipLines lists an enrolment's lines for a period on payrolls that are
// submitted or approved, with what the bank paid and the answer given
// through one grant of the worker's link: the printed one (direct false)
// or the one the inspectors gave the worker (direct true), and whether the
// link that gave it was revoked as misused.
func PayslipLines(q Querier, projectID, enrolmentID string, period ledger.Period, direct bool) ([]PayslipLine, error) {
	var rows []PayslipLine
	err := q.Select(&rows, `SELECT l.payroll_id, p.kind AS payroll_kind, p.status AS payroll_status, l.line_no, l.source_row, l.enrolment_id,
		l.name, l.id_number_masked, l.centidays, l.gross, l.deductions, l.net, l.bank_card_masked, l.confirmed, l.warnings, l.centihours,
		l.base_pay, l.overtime_pay, l.special_allowances, l.other_allowances, l.social_insurance, l.housing_fund, l.income_tax,
		l.other_deductions, l.advance_of, i.id AS instruction_id, COALESCE(i.paid_amount, 0) AS paid, COALESCE(i.status, '') AS instruction_status,
		COALESCE(c.state, '') AS answer, COALESCE(c.reason, '') AS answer_reason, c.answered_at, `+paperAfterGrantColumn+` AS paper_after_grant,
		COALESCE(ct.misused, 0) AS answer_misused
		FROM payroll_lines l JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id`+firstGrantJoin(true)+`
		LEFT JOIN instructions i ON i.project_id = l.project_id AND i.payroll_id = l.payroll_id AND i.line_no = l.line_no AND i.status <> ?
		LEFT JOIN line_confirmations c ON c.project_id = l.project_id AND c.payroll_id = l.payroll_id AND c.line_no = l.line_no AND c.direct = ?
		LEFT JOIN payslip_tokens ct ON ct.project_id = c.project_id AND ct.id = c.token_id
		WHERE l.project_id = ? AND l.enrolment_id = ? AND p.period = ? AND p.status IN (?, ?)
		ORDER BY p.submitted_at, l.payroll_id, l.line_no`,
		projectID, enrolmentID, string(ledger.InstructionReissued), boolInt(direct), projectID, enrolmentID, period, string(ledger.PayrollSubmitted), string(ledger.PayrollApproved))
	if err != nil {
		return nil, fmt.Errorf("store: unable to read payslip lines: %w", err)
	}
	for i := range rows {
		r := &rows[i].PayrollLine
		r.DaysWorked = ledger.FormatHours(r.Centidays)
		if h := r.Centihours; h != nil {
			r.WorkHours = ledger.FormatHours(*h)
		}
		r.PaymentStatus = ledger.LinePaymentStatusOf(r.Net, r.InstructionStatus)
	}
	return rows, nil
}

// SaveLineConfirmation records the current answer to a line given through
// token t's grant (its direct flag), naming the token.
func SaveLineConfirmation(tx *Tx, t *ledger.PayslipToken, payrollID string, lineNo int, a ledger.LineConfirmation) error {
	_, err := tx.Exec(`INSERT INTO line_confirmations (project_id, payroll_id, line_no, enrolment_id, state, reason, token_id, answered_at, direct)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (project_id, payroll_id, line_no, direct) DO UPDATE SET state = excluded.state, reason = excluded.reason,
			token_id = excluded.token_id, answered_at = excluded.answered_at`,
		t.ProjectID, payrollID, lineNo, t.EnrolmentID, string(a.State), a.Reason, t.ID, tx.Now, boolInt(t.Direct))
	if err != nil {
		return fmt.Errorf("store: unable to record the worker's answer: %w", err)
	}
	return nil
}

// firstGrantJoin joins, to a payroll line l of payroll p, the first direct
// grant of its enrolment and period (g, with first_at); the subquery reads
// one project, or with enrolment one enrolment: its arguments.
func firstGrantJoin(enrolment bool) string {
	one := ""
	if enrolment {
		one = " AND t.enrolment_id = ?"
	}
	return ` LEFT JOIN (SELECT t.project_id, t.enrolment_id, t.period, MIN(t.issued_at) AS first_at FROM payslip_tokens t
			WHERE t.project_id = ?` + one + ` AND t.direct = 1 GROUP BY t.project_id, t.enrolment_id, t.period) g
			ON g.project_id = l.project_id AND g.enrolment_id = l.enrolment_id AND g.period = p.period `
}

// directGrantJoins join, to a payroll line l of payroll p, its answers
// through each grant (c: the printed link's, d: the direct link's, dt: the
// token that gave d) and its first direct grant (firstGrantJoin).
func directGrantJoins(enrolment bool) string {
	return ` LEFT JOIN line_confirmations c ON c.project_id = l.project_id AND c.payroll_id = l.payroll_id AND c.line_no = l.line_no AND c.direct = 0
		LEFT JOIN line_confirmations d ON d.project_id = l.project_id AND d.payroll_id = l.payroll_id AND d.line_no = l.line_no AND d.direct = 1
		LEFT JOIN payslip_tokens dt ON dt.project_id = d.project_id AND dt.id = d.token_id` + firstGrantJoin(enrolment)
}

// The columns of a line's grants read through directGrantJoins, as
// ledger.LineAnswers takes them: whether the worker was given a direct
// link at or before the printed link's answer (at all, when it gave
// none), whether the payroll file (its paper signatures) was submitted at
// or after the first direct grant, and whether the direct answer came
// through a link revoked as misused.
const (
	directGrantColumn     = `CASE WHEN g.enrolment_id IS NULL OR c.answered_at < g.first_at THEN 0 ELSE 1 END`
	paperAfterGrantColumn = `CASE WHEN g.enrolment_id IS NULL OR p.submitted_at < g.first_at THEN 0 ELSE 1 END`
	directMisusedColumn   = `COALESCE(dt.misused, 0)`
)

// PayrollConfirmationCounts counts a payroll's lines by their workers'
// answers through each grant, in one grouped query, as the employer and as
// the inspectors read them (ledger.DecideStandingFor decides each group):
// one query for both, so that a contractor's request does the same work
// whether or not any worker was given a link of their own. The worker was
// given a direct link for the period when a direct token's record, revoked
// or not, was issued at or before the printed link's answer (or at all,
// when that link gave none). A direct answer through a link revoked as
// misused is read as such.
func PayrollConfirmationCounts(q Querier, projectID, payrollID string) (employer, inspectors ledger.ConfirmationCounts, err error) {
	var groups []struct {
		Paper   bool   `db:"confirmed"`
		Printed string `db:"printed"`
		Direct  string `db:"direct_answer"`
		Grant   int    `db:"direct_grant"`
		After   int    `db:"paper_after_grant"`
		Misused int    `db:"direct_misused"`
		N       int    `db:"n"`
	}
	if err := q.Select(&groups, `SELECT l.confirmed, COALESCE(c.state, '') AS printed, COALESCE(d.state, '') AS direct_answer,
		`+directGrantColumn+` AS direct_grant, `+paperAfterGrantColumn+` AS paper_after_grant, `+directMisusedColumn+` AS direct_misused, COUNT(*) AS n
		FROM payroll_lines l JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id`+directGrantJoins(false)+`
		WHERE l.project_id = ? AND l.payroll_id = ?
		GROUP BY l.confirmed, COALESCE(c.state, ''), COALESCE(d.state, ''), `+directGrantColumn+`, `+paperAfterGrantColumn+`, `+directMisusedColumn,
		projectID, projectID, payrollID); err != nil {
		return employer, inspectors, fmt.Errorf("store: unable to count confirmations: %w", err)
	}
	for _, g := range groups {
		a := ledger.LineAnswers{Printed: ledger.ConfirmState(g.Printed), Direct: ledger.ConfirmState(g.Direct),
			DirectGrant: g.Grant == 1, DirectMisused: g.Misused == 1, SignedOnPaper: g.Paper, PaperAfterGrant: g.After == 1}
		employer.AddStanding(ledger.DecideStandingFor(a, ledger.ReadAsEmployer), g.N)
		inspectors.AddStanding(ledger.DecideStandingFor(a, ledger.ReadAsInspectors), g.N)
	}
	return employer, inspectors, nil
}

// LineGrantAnswers is what was said of one of an enrolment's lines through
// the worker's direct link, and whether the inspectors gave one: ever
// (DirectLink), or at or before the printed link's answer (DirectGrant, as
// PayrollConfirmationCounts decides it); DirectMisused says the direct
// answer came through a link revoked as misused.
type LineGrantAnswers struct {
	PayrollID     string `db:"payroll_id"`
	LineNo        int    `db:"line_no"`
	Direct        string `db:"direct_answer"`
	DirectReason  string `db:"direct_reason"`
	DirectGrant   int    `db:"direct_grant"`
	DirectLink    int    `db:"direct_link"`
	DirectMisused int    `db:"direct_misused"`
}

// EnrolmentLineGrants lists, for an enrolment's lines of a period, the
// answers through the direct link and the direct grant, for the
// inspectors' evidence bundle (ledger.DecideEvidenceAnswer).
func EnrolmentLineGrants(q Querier, projectID, enrolmentID string, period ledger.Period) ([]LineGrantAnswers, error) {
	var rows []LineGrantAnswers
	if err := q.Select(&rows, `SELECT l.payroll_id, l.line_no, COALESCE(d.state, '') AS direct_answer, COALESCE(d.reason, '') AS direct_reason,
		`+directGrantColumn+` AS direct_grant, `+directMisusedColumn+` AS direct_misused,
		CASE WHEN g.enrolment_id IS NULL THEN 0 ELSE 1 END AS direct_link
		FROM payroll_lines l JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id`+directGrantJoins(true)+`
		WHERE l.project_id = ? AND l.enrolment_id = ? AND p.period = ?`,
		projectID, enrolmentID, projectID, enrolmentID, period); err != nil {
		return nil, fmt.Errorf("store: unable to read the answers through each grant: %w", err)
	}
	return rows, nil
}

// LineAnswerOf is one line's current answer through one link (token), as
// the inspectors read which grant answered.
type LineAnswerOf struct {
	TokenID    string     `db:"token_id"`
	PayrollID  string     `db:"payroll_id"`
	LineNo     int        `db:"line_no"`
	State      string     `db:"state"`
	AnsweredAt timeColumn `db:"answered_at"`
}

// PayrollLineAnswers lists the current answers to a payroll's lines, each
// naming the token it was given with, by line and grant.
func PayrollLineAnswers(q Querier, projectID, payrollID string) ([]LineAnswerOf, error) {
	var rows []LineAnswerOf
	if err := q.Select(&rows, `SELECT token_id, payroll_id, line_no, state, answered_at FROM line_confirmations
		WHERE project_id = ? AND payroll_id = ? ORDER BY line_no, direct`, projectID, payrollID); err != nil {
		return nil, fmt.Errorf("store: unable to read the workers' answers: %w", err)
	}
	return rows, nil
}

// EnrolmentsOfPayroll lists the distinct enrolments of a payroll's lines.
func EnrolmentsOfPayroll(q Querier, projectID, payrollID string) ([]string, error) {
	var ids []string
	if err := q.Select(&ids, `SELECT DISTINCT enrolment_id FROM payroll_lines WHERE project_id = ? AND payroll_id = ? ORDER BY enrolment_id`,
		projectID, payrollID); err != nil {
		return nil, fmt.Errorf("store: unable to list a payroll's workers: %w", err)
	}
	return ids, nil
}

// AnsweredTime is a payslip line's answer time, zero when unanswered.
func (l PayslipLine) AnsweredTime() time.Time {
	if l.AnsweredAt == nil {
		return time.Time{}
	}
	return l.AnsweredAt.Time
}
