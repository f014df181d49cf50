package store

// insertRows writes new rows the fastest way the database offers: its bulk
// load protocol (COPY on PostgreSQL) for a batch big enough to pay for it,
// multi-row INSERTs otherwise. A duplicate key still fails as a conflict.
func insertRows(tx *Tx, table string, columns []string, rows [][]any) error {
	if tx.d.copyPays(len(rows)) {
		return tx.d.copyIn(tx, table, columns, rows)
	}
	return bulkInsert(tx, table, columns, rows)
}

// CopyIn writes rows with the database's bulk load protocol (PostgreSQL's
// COPY, the fastest bulk path) where it has one, multi-row INSERTs
// otherwise. Values are passed as they are, with no upsert: callers use it
// for rows known to be new.
func CopyIn(tx *Tx, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return tx.d.copyIn(tx, table, columns, rows)
}
