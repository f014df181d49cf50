package store

import (
	"fmt"

	"github.com/lib/pq"
)

// insertRows writes new rows the fastest way the database offers: COPY on
// PostgreSQL for a batch big enough to pay for it, multi-row INSERTs
// otherwise. A duplicate key still fails as a conflict.
func insertRows(tx *Tx, table string, columns []string, rows [][]any) error {
	if tx.d.IsPostgres() && len(rows) >= 200 {
		return CopyIn(tx, table, columns, rows)
	}
	return bulkInsert(tx, table, columns, rows)
}

// CopyIn writes rows with PostgreSQL's COPY protocol (the fastest bulk path);
// on SQLite it falls back to multi-row INSERTs. Values are passed as they
// are, with no upsert: callers use it for rows known to be new.
func CopyIn(tx *Tx, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if !tx.d.IsPostgres() {
		return bulkInsert(tx, table, columns, rows)
	}
	stmt, err := tx.tx.PrepareContext(tx.ctx, pq.CopyIn(table, columns...))
	if err != nil {
		return fmt.Errorf("store: unable to start COPY into %s: %w", table, tx.d.classify(err))
	}
	for _, r := range rows {
		for i, v := range r {
			if vr, ok := v.(interface{ Value() (any, error) }); ok {
				if r[i], err = vr.Value(); err != nil {
					return err
				}
			}
		}
		if _, err := stmt.ExecContext(tx.ctx, r...); err != nil {
			stmt.Close()
			return fmt.Errorf("store: COPY into %s: %w", table, tx.d.classify(err))
		}
	}
	if _, err := stmt.ExecContext(tx.ctx); err != nil {
		stmt.Close()
		return fmt.Errorf("store: COPY into %s: %w", table, tx.d.classify(err))
	}
	return stmt.Close()
}
