package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// DirectDispute is a payroll line a worker disputed through the payslip
// link the inspectors gave them straight: the dispute the worker's page
// says goes to the labour inspectors, never to the employer (LSIR Art. 9).
type DirectDispute struct {
	ProjectID   string
	ProjectName string
	PayrollID   string
	LineNo      int
	EnrolmentID string
	WorkerName  string
	Period      ledger.Period
	Net         ledger.Money
	Reason      string
	AnsweredAt  time.Time
	// Misused: the link it came through was revoked as held by someone
	// other than the worker. The dispute still stands (a dispute is never
	// hidden, ledger.DecideLineStanding), for the inspector to weigh.
	Misused bool
}

// DisputeKey is a direct dispute's line: where a page of them ends, for
// the next to resume after.
type DisputeKey struct {
	ProjectID, PayrollID string
	LineNo               int
}

// String is the key as a page link carries it: project/payroll/line.
func (k DisputeKey) String() string {
	return k.ProjectID + "/" + k.PayrollID + "/" + strconv.Itoa(k.LineNo)
}

// Key is the dispute's line.
func (d DirectDispute) Key() DisputeKey { return DisputeKey{d.ProjectID, d.PayrollID, d.LineNo} }

// ParseDisputeKey reads a DisputeKey as String writes it.
func ParseDisputeKey(s string) (DisputeKey, error) {
	parts := strings.Split(s, "/")
	if len(parts) == 3 && parts[0] != "" && parts[1] != "" {
		if n, err := strconv.Atoi(parts[2]); err == nil && n > 0 {
			return DisputeKey{parts[0], parts[1], n}, nil
		}
	}
	return DisputeKey{}, ledger.Errorf(ledger.EInvalid, "disputes_after must be a project, a payroll and a line number, written project/payroll/line")
}

// readsDirectDisputes: only inspectors and administrators read them.
func readsDirectDisputes(s Scope) bool {
	return s.Role == ledger.RoleInspector || s.Role == ledger.RoleAdmin
}

// directDisputesFrom is the FROM and WHERE of the disputes standing through
// workers' own links on the scope's projects, with its arguments: a dispute
// the worker withdrew by confirming is not one, nor one on a payroll
// rejected or superseded since (its lines are answered afresh on the
// payroll that replaced it). The partial index of migration 0047 finds them
// without reading every answer.
func directDisputesFrom(s Scope) (string, []any) {
	where, args := s.projectsWhere("p")
	return ` FROM line_confirmations c
		JOIN projects p ON p.id = c.project_id
		JOIN payrolls y ON y.project_id = c.project_id AND y.id = c.payroll_id
		JOIN payroll_lines l ON l.project_id = c.project_id AND l.payroll_id = c.payroll_id AND l.line_no = c.line_no
		LEFT JOIN payslip_tokens t ON t.project_id = c.project_id AND t.id = c.token_id
		WHERE c.direct = 1 AND c.state = '` + string(ledger.LineDisputed) + `' AND y.status IN (?, ?) AND ` + where,
		append([]any{string(ledger.PayrollSubmitted), string(ledger.PayrollApproved)}, args...)
}

// DirectDisputes lists the disputes standing on lines of the scope's
// projects through a worker's own link (directDisputesFrom), newest first,
// at most limit, after the one keyed after when it is given. Only
// inspectors and administrators read them: any other scope reads none.
// A page resumes from the time its last dispute was made: if that line was
// answered again since, the next page starts over from the newer time, so
// that a page may repeat what an earlier one showed but never skips one.
func DirectDisputes(q Querier, s Scope, limit int, after *DisputeKey) ([]DirectDispute, error) {
	if !readsDirectDisputes(s) {
		return nil, nil
	}
	from, args := directDisputesFrom(s)
	if after != nil {
		// The time the page's last dispute was made: its answer through
		// the worker's own link (the line may have one through the
		// printed link too, migration 0041), read only on a project of
		// the scope: a key of another region's line resumes from nothing
		// (an empty page), not from that line's time.
		inScope, scopeArgs := s.projectsWhere("xp")
		at := `(SELECT x.answered_at FROM line_confirmations x JOIN projects xp ON xp.id = x.project_id
			WHERE x.project_id = ? AND x.payroll_id = ? AND x.line_no = ? AND x.direct = 1 AND ` + inScope + `)`
		key := []any{after.ProjectID, after.PayrollID, after.LineNo}
		from += ` AND (c.answered_at < ` + at + ` OR (c.answered_at = ` + at + ` AND (c.project_id > ? OR (c.project_id = ?
			AND (c.payroll_id > ? OR (c.payroll_id = ? AND c.line_no > ?))))))`
		args = slices.Concat(args, key, scopeArgs, key, scopeArgs,
			[]any{after.ProjectID, after.ProjectID, after.PayrollID, after.PayrollID, after.LineNo})
	}
	var rows []struct {
		ProjectID   string        `db:"project_id"`
		ProjectName string        `db:"project_name"`
		PayrollID   string        `db:"payroll_id"`
		LineNo      int           `db:"line_no"`
		EnrolmentID string        `db:"enrolment_id"`
		Name        string        `db:"name"`
		Period      ledger.Period `db:"period"`
		Net         ledger.Money  `db:"net"`
		Reason      string        `db:"reason"`
		AnsweredAt  timeColumn    `db:"answered_at"`
		Misused     int           `db:"misused"`
	}
	if err := q.Select(&rows, `SELECT c.project_id, p.name AS project_name, c.payroll_id, c.line_no, c.enrolment_id, l.name, y.period, l.net,
		c.reason, c.answered_at, COALESCE(t.misused, 0) AS misused`+from+`
		ORDER BY c.answered_at DESC, c.project_id, c.payroll_id, c.line_no LIMIT `+fmt.Sprint(clampLimit(limit)), args...); err != nil {
		return nil, fmt.Errorf("store: unable to list the disputes through workers' own links: %w", err)
	}
	out := make([]DirectDispute, len(rows))
	for i, r := range rows {
		out[i] = DirectDispute{ProjectID: r.ProjectID, ProjectName: r.ProjectName, PayrollID: r.PayrollID, LineNo: r.LineNo, EnrolmentID: r.EnrolmentID,
			WorkerName: r.Name, Period: r.Period, Net: r.Net, Reason: r.Reason, AnsweredAt: r.AnsweredAt.Time, Misused: r.Misused == 1}
	}
	return out, nil
}

// CountDirectDisputes is how many disputes DirectDisputes lists in all.
func CountDirectDisputes(q Querier, s Scope) (int, error) {
	if !readsDirectDisputes(s) {
		return 0, nil
	}
	from, args := directDisputesFrom(s)
	var n int
	if err := q.Get(&n, `SELECT COUNT(*)`+from, args...); err != nil {
		return 0, fmt.Errorf("store: unable to count the disputes through workers' own links: %w", err)
	}
	return n, nil
}
