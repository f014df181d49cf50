package store

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// AttendanceDay is one day an enrolment attended.
type AttendanceDay struct {
	Date       ledger.Date `db:"work_date"`
	Centihours int         `db:"centihours"`
}

// AttendanceDays lists an enrolment's attendance from one day to another, inclusive.
func AttendanceDays(q Querier, projectID, enrolmentID string, from, to ledger.Date) ([]AttendanceDay, error) {
	var rows []AttendanceDay
	if err := q.Select(&rows, `SELECT work_date, centihours FROM attendance WHERE project_id = ? AND enrolment_id = ? AND work_date >= ? AND work_date <= ?
		ORDER BY work_date`, projectID, enrolmentID, from, to); err != nil {
		return nil, fmt.Errorf("store: unable to read attendance: %w", err)
	}
	return rows, nil
}

// AuditHead is one audit chain's last sealed record.
type AuditHead struct {
	Chain string `db:"chain"`
	Seq   int64  `db:"seq"`
	Hash  string `db:"hash"`
}

// AuditHeads reads the heads of the chains named, by chain; a chain with no
// record yet is left out.
func AuditHeads(q Querier, chains []string) ([]AuditHead, error) {
	if len(chains) == 0 {
		return nil, nil
	}
	args := make([]any, len(chains))
	for i, c := range chains {
		args[i] = c
	}
	var rows []AuditHead
	if err := q.Select(&rows, `SELECT chain, seq, hash FROM audit_heads WHERE chain IN (`+placeholders(len(chains))+`) ORDER BY chain`, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read audit heads: %w", err)
	}
	return rows, nil
}

// AuditHashAt is the hash of record seq of chain, sealed in the audit log;
// ok is false when the chain holds no such record. seq 0 (a head an
// employer's bundle records without its seq) finds the record by its hash
// in the chain instead: a rare check, on one chain.
func AuditHashAt(q Querier, chain string, seq int64, hash string) (string, bool, error) {
	where, arg := `seq = ?`, any(seq)
	if seq == 0 {
		where, arg = `hash = ?`, hash
	}
	var rows []string
	if err := q.Select(&rows, `SELECT hash FROM audit_log WHERE chain = ? AND `+where, chain, arg); err != nil {
		return "", false, fmt.Errorf("store: unable to read the audit log: %w", err)
	}
	if len(rows) == 0 {
		return "", false, nil
	}
	return rows[0], true, nil
}
