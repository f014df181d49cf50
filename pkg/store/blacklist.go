package store

import (
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// ProposeCandidates records employers proposed for the dishonesty list, one
// row per alert: a proposal already on record for the alert (an alert
// escalated again, a candidate alert reopened) is kept as first made.
func ProposeCandidates(tx *Tx, cs []ledger.BlacklistCandidate) error {
	if len(cs) == 0 {
		return nil
	}
	rows := make([][]any, len(cs))
	for i, c := range cs {
		rows[i] = []any{c.EmployerID, c.ProjectID, c.AlertID, string(c.Source), string(c.Rule), c.Reason, int64(c.Amount), c.Headcount,
			c.ProposedOn, c.ProposedBy, tx.Now}
	}
	if err := bulkInsertSuffix(tx, "blacklist_candidates", []string{"employer_id", "project_id", "alert_id", "source", "rule", "reason",
		"amount", "headcount", "proposed_on", "proposed_by", "created_at"}, rows, " ON CONFLICT (project_id, alert_id) DO NOTHING"); err != nil {
		return fmt.Errorf("store: unable to propose blacklist candidates: %w", err)
	}
	return nil
}

// CandidateEmployer is one employer on the candidate list with every
// proposal the caller may see, oldest first.
type CandidateEmployer struct {
	EmployerID   string
	EmployerName string
	Proposals    []ledger.BlacklistCandidate
}

type candidateRow struct {
	EmployerID   string       `db:"employer_id"`
	EmployerName string       `db:"employer_name"`
	ProjectID    string       `db:"project_id"`
	AlertID      string       `db:"alert_id"`
	Source       string       `db:"source"`
	Rule         string       `db:"rule"`
	Reason       string       `db:"reason"`
	Amount       ledger.Money `db:"amount"`
	Headcount    int          `db:"headcount"`
	ProposedOn   ledger.Date  `db:"proposed_on"`
	ProposedBy   string       `db:"proposed_by"`
}

// ListCandidates lists the employers proposed on projects in the scope, by
// employer ID after the previous page's last, with their proposals: two
// statements.
func ListCandidates(q Querier, d *Dialect, s Scope, after string, limit int) ([]CandidateEmployer, error) {
	where, args := s.projectsWhere("p")
	from := ` FROM blacklist_candidates c JOIN projects p ON p.id = c.project_id WHERE ` + where
	var ids []string
	if err := q.Select(&ids, `SELECT DISTINCT c.employer_id`+from+` AND c.employer_id > ? ORDER BY c.employer_id`+
		fmt.Sprintf(" LIMIT %d", clampLimit(limit)), append(args, after)...); err != nil {
		return nil, fmt.Errorf("store: unable to list blacklist candidates: %w", err)
	}
	if len(ids) == 0 {
		return []CandidateEmployer{}, nil
	}
	in, inArgs := d.inStrings("c.employer_id", ids)
	var rows []candidateRow
	if err := q.Select(&rows, `SELECT c.employer_id, o.name AS employer_name, c.project_id, c.alert_id, c.source, c.rule, c.reason, c.amount,
		c.headcount, c.proposed_on, c.proposed_by`+strings.Replace(from, " WHERE ", " JOIN organizations o ON o.id = c.employer_id WHERE ", 1)+
		` AND `+in+` ORDER BY c.employer_id, c.proposed_on, c.alert_id`, append(args, inArgs...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read blacklist candidates: %w", err)
	}
	var out []CandidateEmployer
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].EmployerID != r.EmployerID {
			out = append(out, CandidateEmployer{EmployerID: r.EmployerID, EmployerName: r.EmployerName})
		}
		e := &out[len(out)-1]
		e.Proposals = append(e.Proposals, ledger.BlacklistCandidate{EmployerID: r.EmployerID, ProjectID: r.ProjectID, AlertID: r.AlertID,
			Source: ledger.CandidateSource(r.Source), Rule: ledger.Rule(r.Rule), Reason: r.Reason, Amount: r.Amount, Headcount: r.Headcount,
			ProposedOn: r.ProposedOn, ProposedBy: r.ProposedBy})
	}
	return out, nil
}
