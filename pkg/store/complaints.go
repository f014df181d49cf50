package store

import (
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// complaintRow is a complaints row.
type complaintRow struct {
	ProjectID       string      `db:"project_id"`
	ID              string      `db:"id"`
	Source          string      `db:"source"`
	EnrolmentID     string      `db:"enrolment_id"`
	TokenID         string      `db:"token_id"`
	ComplainantName string      `db:"complainant_name"`
	Consent         bool        `db:"consent"`
	Summary         string      `db:"summary"`
	Periods         string      `db:"periods"`
	Workers         int         `db:"workers"`
	AmountClaimed   int64       `db:"amount_claimed"`
	Status          string      `db:"status"`
	ReceivedOn      ledger.Date `db:"received_on"`
	AcceptBy        ledger.Date `db:"accept_by"`
	DecidedOn       ledger.Date `db:"decided_on"`
	ConcludeBy      ledger.Date `db:"conclude_by"`
	Extended        bool        `db:"extended"`
	ExtensionReason string      `db:"extension_reason"`
	ConcludedOn     ledger.Date `db:"concluded_on"`
	Note            string      `db:"note"`
	CreatedBy       string      `db:"created_by"`
	// The extension's day and the deadline it replaced (migration 0040).
	ExtendedOn       ledger.Date `db:"extended_on"`
	ConcludeByBefore ledger.Date `db:"conclude_by_before"`
}

const complaintColumns = `project_id, id, source, enrolment_id, token_id, complainant_name, consent, summary, periods, workers,
	amount_claimed, status, received_on, accept_by, decided_on, conclude_by, extended, extension_reason, concluded_on, note, created_by,
	extended_on, conclude_by_before`

func (r complaintRow) complaint() (ledger.Complaint, error) {
	c := ledger.Complaint{ID: r.ID, ProjectID: r.ProjectID, Source: ledger.ComplaintSource(r.Source), EnrolmentID: r.EnrolmentID,
		TokenID: r.TokenID, ComplainantName: r.ComplainantName, Consent: r.Consent, Summary: r.Summary, Workers: r.Workers,
		AmountClaimed: ledger.Money(r.AmountClaimed), Status: ledger.ComplaintStatus(r.Status), ReceivedOn: r.ReceivedOn,
		AcceptBy: r.AcceptBy, DecidedOn: r.DecidedOn, ConcludeBy: r.ConcludeBy, Extended: r.Extended, ExtensionReason: r.ExtensionReason,
		ConcludedOn: r.ConcludedOn, Note: r.Note, CreatedBy: r.CreatedBy, ExtendedOn: r.ExtendedOn, ConcludeByBefore: r.ConcludeByBefore}
	for _, s := range strings.Split(r.Periods, ",") {
		if s == "" {
			continue
		}
		p, err := ledger.ParsePeriod(s)
		if err != nil {
			return c, fmt.Errorf("store: complaint %s holds a bad period %q", r.ID, s)
		}
		c.Periods = append(c.Periods, p)
	}
	return c, nil
}

func periodsText(ps []ledger.Period) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return strings.Join(out, ",")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// InsertComplaint records a new complaint.
func InsertComplaint(tx *Tx, c *ledger.Complaint) error {
	_, err := tx.Exec(`INSERT INTO complaints (`+complaintColumns+`, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ProjectID, c.ID, string(c.Source), c.EnrolmentID, c.TokenID, c.ComplainantName, boolInt(c.Consent), c.Summary, periodsText(c.Periods),
		c.Workers, int64(c.AmountClaimed), string(c.Status), c.ReceivedOn, c.AcceptBy, c.DecidedOn, c.ConcludeBy, boolInt(c.Extended),
		c.ExtensionReason, c.ConcludedOn, c.Note, c.CreatedBy, c.ExtendedOn, c.ConcludeByBefore, tx.Now, tx.Now)
	if err != nil {
		return fmt.Errorf("store: unable to record complaint: %w", err)
	}
	return nil
}

// UpdateComplaint writes an inspector's decision; it fails as a conflict if
// the complaint changed since it was read as was (a concurrent decision).
func UpdateComplaint(tx *Tx, c *ledger.Complaint, was ledger.Complaint) error {
	res, err := tx.Exec(`UPDATE complaints SET status = ?, decided_on = ?, conclude_by = ?, extended = ?, extension_reason = ?,
		concluded_on = ?, note = ?, extended_on = ?, conclude_by_before = ?, updated_at = ? WHERE project_id = ? AND id = ? AND status = ? AND extended = ?`,
		string(c.Status), c.DecidedOn, c.ConcludeBy, boolInt(c.Extended), c.ExtensionReason, c.ConcludedOn, c.Note, c.ExtendedOn, c.ConcludeByBefore, tx.Now,
		c.ProjectID, c.ID, string(was.Status), boolInt(was.Extended))
	if err != nil {
		return fmt.Errorf("store: unable to update complaint: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ledger.Errorf(ledger.EConflict, "complaint %s changed meanwhile; read it again", c.ID)
	}
	return nil
}

// GetComplaint reads one complaint by its ID (on a Citus cluster on its
// project's shard when the ID names its project: onShardsOfIDs).
func GetComplaint(q Querier, id string) (*ledger.Complaint, error) {
	var rows []complaintRow
	pin, pinArgs := dialectOf(q).onShardsOfIDs("project_id", []string{id})
	if err := q.Select(&rows, `SELECT `+complaintColumns+` FROM complaints WHERE id = ?`+pin, append([]any{id}, pinArgs...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read complaint: %w", err)
	}
	if len(rows) == 0 {
		return nil, notFound("resource.complaint", id)
	}
	c, err := rows[0].complaint()
	return &c, err
}

// ComplaintsOfEnrolment reads one worker's complaints on a project (filed
// with any of their payslip links or entered for them by an inspector), in
// the order they were received.
func ComplaintsOfEnrolment(q Querier, projectID, enrolmentID string) ([]ledger.Complaint, error) {
	var rows []complaintRow
	if err := q.Select(&rows, `SELECT `+complaintColumns+` FROM complaints WHERE project_id = ? AND enrolment_id = ? ORDER BY received_on, id`,
		projectID, enrolmentID); err != nil {
		return nil, fmt.Errorf("store: unable to read a worker's complaints: %w", err)
	}
	return complaintsFrom(rows)
}

func complaintsFrom(rows []complaintRow) ([]ledger.Complaint, error) {
	out := make([]ledger.Complaint, len(rows))
	for i, r := range rows {
		c, err := r.complaint()
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// OpenComplaints reads every complaint with a deadline in force (received
// or accepted), on every project, by project and ID.
func OpenComplaints(q Querier) ([]ledger.Complaint, error) {
	var rows []complaintRow
	if err := q.Select(&rows, `SELECT `+complaintColumns+` FROM complaints WHERE status IN (?, ?) ORDER BY project_id, id`,
		string(ledger.ComplaintReceived), string(ledger.ComplaintAccepted)); err != nil {
		return nil, fmt.Errorf("store: unable to read the open complaints: %w", err)
	}
	return complaintsFrom(rows)
}

// UpdateComplaintDeadlines writes a complaint's deadlines counted again
// (ledger.RecomputeComplaintDeadlines); it reports false, writing nothing,
// when the complaint changed since it was read as was.
func UpdateComplaintDeadlines(tx *Tx, c *ledger.Complaint, was ledger.Complaint) (bool, error) {
	// The deadline in force as read: conclude_by is NULL until acceptance.
	inForce, deadline := "accept_by = ?", was.AcceptBy
	if was.Status == ledger.ComplaintAccepted {
		inForce, deadline = "conclude_by = ?", was.ConcludeBy
	}
	res, err := tx.Exec(`UPDATE complaints SET accept_by = ?, conclude_by = ?, conclude_by_before = ?, updated_at = ?
		WHERE project_id = ? AND id = ? AND status = ? AND extended = ? AND `+inForce,
		c.AcceptBy, c.ConcludeBy, c.ConcludeByBefore, tx.Now, c.ProjectID, c.ID, string(was.Status), boolInt(was.Extended), deadline)
	if err != nil {
		return false, fmt.Errorf("store: unable to update a complaint's deadlines: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ComplaintFilter selects complaints.
type ComplaintFilter struct {
	Scope       Scope
	Status      ledger.ComplaintStatus
	ProjectID   string
	EnrolmentID string // with ProjectID: one worker's complaints
	After       string // the previous page's last ID
	Limit       int
	// OverdueOn, when set, keeps the complaints past a deadline on that
	// day (ledger.Complaint.OverdueOn), in the query, before the limit.
	OverdueOn ledger.Date
}

// complaintsScope is the condition on complaint c of project p the scope
// allows: administrators all, inspectors their region's, a general
// contractor its projects' (never a subcontractor: the employer complained
// about must not learn who complained, or that anyone did, from the queue).
func complaintsScope(s Scope) (string, []any) {
	if s.Role == ledger.RoleContractor {
		return "p.general_contractor_id = ?", []any{s.OrgID}
	}
	if s.Role == ledger.RoleBank {
		return "1 = 0", nil
	}
	return s.projectsWhere("p")
}

// ListComplaints lists the complaints the filter selects, by ID.
func ListComplaints(q Querier, f ComplaintFilter) ([]ledger.Complaint, error) {
	where, args := complaintsScope(f.Scope)
	qs := `SELECT ` + prefixed("c", complaintColumns) + ` FROM complaints c JOIN projects p ON p.id = c.project_id WHERE ` + where
	add := func(cond string, v any) {
		qs += " AND " + cond
		args = append(args, v)
	}
	if f.Status != "" {
		add("c.status = ?", string(f.Status))
	}
	if f.ProjectID != "" {
		add("c.project_id = ?", f.ProjectID)
	}
	if f.EnrolmentID != "" {
		add("c.enrolment_id = ?", f.EnrolmentID)
	}
	if f.After != "" {
		add("c.id > ?", f.After)
	}
	if !f.OverdueOn.IsZero() {
		qs += " AND ((c.status = ? AND c.accept_by < ?) OR (c.status = ? AND c.conclude_by < ?))"
		args = append(args, string(ledger.ComplaintReceived), f.OverdueOn, string(ledger.ComplaintAccepted), f.OverdueOn)
	}
	qs += fmt.Sprintf(" ORDER BY c.id LIMIT %d", clampLimit(f.Limit))
	var rows []complaintRow
	if err := q.Select(&rows, qs, args...); err != nil {
		return nil, fmt.Errorf("store: unable to list complaints: %w", err)
	}
	out := make([]ledger.Complaint, 0, len(rows))
	for _, r := range rows {
		c, err := r.complaint()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// prefixed qualifies each of a comma-separated column list with alias a.
func prefixed(a, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = a + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// SetComplaintReceipt keeps the HMAC of a complaint's new receipt code in
// place of the last one's: the code it replaces opens nothing from then on.
func SetComplaintReceipt(tx *Tx, projectID, id, hash string) error {
	if _, err := tx.Exec(`UPDATE complaints SET receipt_hash = ?, updated_at = ? WHERE project_id = ? AND id = ?`,
		hash, tx.Now, projectID, id); err != nil {
		return fmt.Errorf("store: unable to record the complaint's receipt: %w", err)
	}
	return nil
}

// ComplaintByReceipt finds the complaint whose receipt code has one of
// hashes (the code's HMAC under each key version held); nil when none.
// projects is the prefix of the IDs of the projects the code may belong
// to (ledger.ReceiptProjectPrefix; "" for a code that names none), which
// holds a Citus cluster's read to their shards (onShardsOfReceipt); nil
// there at once when no project's ID starts so.
func ComplaintByReceipt(q Querier, hashes []string, projects string) (*ledger.Complaint, error) {
	if len(hashes) == 0 {
		return nil, nil
	}
	in, args := inList("receipt_hash", hashes)
	pin, pinArgs, none, err := onShardsOfReceipt(q, "project_id", projects)
	if err != nil || none {
		return nil, err
	}
	var rows []complaintRow
	if err := q.Select(&rows, `SELECT `+complaintColumns+` FROM complaints WHERE receipt_hash <> '' AND `+in+pin, append(args, pinArgs...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read complaint: %w", err)
	}
	if len(rows) != 1 {
		return nil, nil
	}
	c, err := rows[0].complaint()
	return &c, err
}
