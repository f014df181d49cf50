package store

import (
	"database/sql"
	"fmt"
)

// rowQuerier is a Querier that also hands out a query's rows to scan one
// at a time (both of them do: dbReader and *Tx).
type rowQuerier interface {
	queryRows(q string, args ...any) (*sql.Rows, error)
}

func (r dbReader) queryRows(q string, args ...any) (*sql.Rows, error) {
	rows, err := r.db.x.QueryContext(r.ctx, r.db.Dialect.Rebind(q), dbArgs(args)...)
	return rows, r.db.Dialect.classify(err)
}

func (tx *Tx) queryRows(q string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(tx.ctx, tx.d.Rebind(q), dbArgs(args)...)
	return rows, tx.d.classify(err)
}

// scanEach runs query and scans each row into dest, calling each after
// every row: for the nightly check's largest reads (hundreds of thousands
// of rows), which a Select would scan through reflection into a slice
// only to copy them once more.
func scanEach(q Querier, query string, args []any, dest []any, each func()) error {
	rq, ok := q.(rowQuerier)
	if !ok {
		return fmt.Errorf("store: %T cannot read rows one at a time", q)
	}
	rows, err := rq.queryRows(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		each()
	}
	return rows.Err()
}
