package store

import (
	"context"
	"fmt"
)

// Tables lists the tables of the database, for audits of what is stored.
func (db *DB) Tables(ctx context.Context) ([]string, error) {
	var names []string
	err := db.x.SelectContext(ctx, &names, db.Dialect.tablesQuery())
	return names, err
}

// TableText returns every value of a table as text, one string per row. It
// exists for privacy audits: a test searches it for numbers that must never
// be stored in the clear.
func (db *DB) TableText(ctx context.Context, table string) ([]string, error) {
	rows, err := db.x.QueryxContext(ctx, "SELECT * FROM "+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals, err := rows.SliceScan()
		if err != nil {
			return nil, err
		}
		line := ""
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			line += fmt.Sprint(v) + "\t"
		}
		out = append(out, line)
	}
	return out, rows.Err()
}
