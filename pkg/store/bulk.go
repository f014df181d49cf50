package store

import "strings"

// maxParams keeps a statement's bound parameters under SQLite's limit (32,766).
const maxParams = 30000

// bulkInsert writes rows with multi-row INSERT statements of at most
// rowsPerStatement rows each: one round trip per few hundred rows, never one
// per row, and under both databases' limits on bound parameters.
func bulkInsert(tx *Tx, table string, columns []string, rows [][]any) error {
	return bulkInsertSuffix(tx, table, columns, rows, "")
}

// bulkInsertSuffix is bulkInsert with a clause after the VALUES, such as
// ON CONFLICT … DO UPDATE.
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
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, (end-start)*len(columns))
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
			args = append(args, rows[i]...)
		}
		b.WriteString(suffix)
		toDBValues(args)
		res, err := tx.Exec(b.String(), args...)
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
