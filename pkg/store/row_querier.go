package store

import (
	"database/sql"
)

// rowQuerier is a Querier that also hands out a query's rows to scan one
// at a time (both of them do: dbReader and *Tx).
type rowQuerier interface {
	queryRows(q string, args ...any) (*sql.Rows, error)
}

func (r dbReader) queryRows(q string, args ...any) (*sql.Rows, error) {
	r.db.writes.outside(q)
	rows, err := r.db.x.QueryContext(r.ctx, r.db.Dialect.Rebind(q), dbArgs(args)...)
	return rows, r.db.Dialect.classify(err)
}

func (tx *Tx) queryRows(q string, args ...any) (*sql.Rows, error) {
	tx.writes.note(tx.write, q)
	rows, err := tx.tx.QueryContext(tx.ctx, tx.d.Rebind(q), dbArgs(args)...)
	return rows, tx.d.classify(err)
}
