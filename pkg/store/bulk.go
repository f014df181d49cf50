package store

import (
	"database/sql"
	"strings"
)

// maxParams keeps a statement's bound parameters under SQLite's limit (32,766).
const maxParams = 30000

// bulkInsert writes rows with multi-row INSERT statements of at most
// rowsPerStatement rows each: one round trip per few hundred rows, never one
// per row, and under both databases' limits on bound parameters.
func bulkInsert(tx *Tx, table string, columns []string, rows [][]any) error {
	return bulkInsertSuffix(tx, table, columns, rows, "")
}

// bulkInsertSuffix is bulkInsert with a clause after the VALUES, such as
// ON CONFLICT … DO UPDATE. Every full statement of a call has the same
// text, so it is prepared once and run for each full chunk: SQLite
// otherwise compiled a thousand-row statement again per thousand rows (a
// quarter of what writing a payroll's lines cost it).
func bulkInsertSuffix(tx *Tx, table string, columns []string, rows [][]any, suffix string) error {
	_, err := bulkInsertCount(tx, table, columns, rows, suffix)
	return err
}

// bulkInsertCount is bulkInsertSuffix that counts the rows the statements
// inserted or changed.
func bulkInsertCount(tx *Tx, table string, columns []string, rows [][]any, suffix string) (int64, error) {
	var total int64
	if len(rows) == 0 {
		return 0, nil
	}
	per := maxParams / len(columns)
	if per > 1000 {
		per = 1000
	}
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES "
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"
	statement := func(n int) string {
		var b strings.Builder
		b.Grow(len(head) + n*(len(tuple)+2) + len(suffix))
		b.WriteString(head)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
		}
		b.WriteString(suffix)
		return b.String()
	}
	// The full chunks' statement bypasses Exec: note it here.
	tx.writes.note(tx.write, head)
	var full *sql.Stmt // the statement of a full chunk, once there are two
	if len(rows) >= 2*per {
		var err error
		if full, err = tx.tx.PrepareContext(tx.ctx, tx.d.Rebind(statement(per))); err != nil {
			return 0, tx.d.classify(err)
		}
		defer full.Close()
	}
	args := make([]any, 0, min(per, len(rows))*len(columns))
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		args = args[:0]
		for i := start; i < end; i++ {
			args = append(args, rows[i]...)
		}
		toDBValues(args)
		var res sql.Result
		var err error
		if full != nil && end-start == per {
			res, err = full.ExecContext(tx.ctx, dbArgs(args)...)
			err = tx.d.classify(err)
		} else {
			res, err = tx.Exec(statement(end-start), args...)
		}
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
