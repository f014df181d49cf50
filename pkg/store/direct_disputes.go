package store

import (
	"fmt"
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

// DirectDisputes lists the disputes standing on lines of the scope's
// projects through a worker's own link, newest first, at most limit: a
// dispute the worker withdrew by confirming is not one, nor one on a
// payroll rejected or superseded since (its lines are answered afresh on
// the payroll that replaced it). Only inspectors and administrators read
// them: any other scope reads none. A partial index (migration 0047) finds
// them without reading every answer.
func DirectDisputes(q Querier, s Scope, limit int) ([]DirectDispute, error) {
	if s.Role != ledger.RoleInspector && s.Role != ledger.RoleAdmin {
		return nil, nil
	}
	where, args := s.projectsWhere("p")
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
		c.reason, c.answered_at, COALESCE(t.misused, 0) AS misused
		FROM line_confirmations c
		JOIN projects p ON p.id = c.project_id
		JOIN payrolls y ON y.project_id = c.project_id AND y.id = c.payroll_id
		JOIN payroll_lines l ON l.project_id = c.project_id AND l.payroll_id = c.payroll_id AND l.line_no = c.line_no
		LEFT JOIN payslip_tokens t ON t.project_id = c.project_id AND t.id = c.token_id
		WHERE c.direct = 1 AND c.state = '`+string(ledger.LineDisputed)+`' AND y.status IN (?, ?) AND `+where+`
		ORDER BY c.answered_at DESC, c.project_id, c.payroll_id, c.line_no LIMIT `+fmt.Sprint(clampLimit(limit)),
		append([]any{string(ledger.PayrollSubmitted), string(ledger.PayrollApproved)}, args...)...); err != nil {
		return nil, fmt.Errorf("store: unable to list the disputes through workers' own links: %w", err)
	}
	out := make([]DirectDispute, len(rows))
	for i, r := range rows {
		out[i] = DirectDispute{ProjectID: r.ProjectID, ProjectName: r.ProjectName, PayrollID: r.PayrollID, LineNo: r.LineNo, EnrolmentID: r.EnrolmentID,
			WorkerName: r.Name, Period: r.Period, Net: r.Net, Reason: r.Reason, AnsweredAt: r.AnsweredAt.Time, Misused: r.Misused == 1}
	}
	return out, nil
}
