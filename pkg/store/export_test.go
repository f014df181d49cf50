package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"slices"

	"github.com/wageguard/wageguard/ledger"
)

// ApplyMigrationsFrom migrates db with the migrations in fsys's folder dir
// (named and recorded as the embedded ones are): tests use it to build a
// database the way an older wageguard did.
func ApplyMigrationsFrom(ctx context.Context, db *DB, fsys fs.FS, dir string) error {
	ms, err := loadMigrations(fsys, dir)
	if err != nil {
		return err
	}
	conn, err := db.x.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, createMigrationsTable); err != nil {
		return fmt.Errorf("store: unable to create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if err := db.applyMigration(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// MatchPayeesQuery exposes the payee-matching statement, for reading its plan.
func MatchPayeesQuery(d *Dialect, projectID, employerID string, chunk []string, period ledger.Period, h PayrollHistory) (string, []any) {
	return matchPayeesQuery(d, projectID, employerID, chunk, period, h)
}

// HistoryOfQuery exposes HistoryOf's statement, for reading its plan.
func HistoryOfQuery(projectID string, period ledger.Period) (string, []any) {
	return historyOfQuery(projectID, period)
}

// Conn takes one connection of db's pool, for tests that read a
// connection's own settings.
func (db *DB) Conn(ctx context.Context) (*sql.Conn, error) { return db.x.Conn(ctx) }

// RunAsMigration runs sql as Migrate runs a migration (without recording
// it), then places the tables it made, as Migrate does after the last.
func (db *DB) RunAsMigration(ctx context.Context, sql string) error {
	conn, err := db.x.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := db.Dialect.prepareMigration(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sql); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return db.Dialect.distribute(ctx, conn)
}

// CopyConfirmations is copyConfirmations, for the test that watches the
// COPY of a batch that holds a fact already on record fall back.
var CopyConfirmations = copyConfirmations

// PackedRow is one row of a statement selecting the columns cols (SQL
// expressions) packed as a group of one (Dialect.packedGroups), read back by scanPackedGroups and
// rendered field by field as read: "s:" text, "i:" integer, "d:" date,
// "p:" period, "b:" boolean, as kinds says.
func PackedRow(ctx context.Context, db *DB, kinds string, cols ...string) ([]string, error) {
	var out []string
	q := db.Reader(ctx)
	err := scanPackedGroups(q, `SELECT `+dialectOf(q).packedGroups("'k'", "", cols...), nil, len(cols), func(string) func(*packedRow) {
		return func(r *packedRow) {
			for i, k := range kinds {
				switch k {
				case 's':
					out = append(out, "s:"+r.str(i))
				case 'i':
					out = append(out, fmt.Sprint("i:", r.int(i)))
				case 'd':
					if d := r.date(i); d.IsZero() {
						out = append(out, "d:")
					} else {
						out = append(out, "d:"+d.String())
					}
				case 'p':
					out = append(out, "p:"+r.period(i).String())
				case 'b':
					out = append(out, fmt.Sprint("b:", r.bool(i)))
				}
			}
		}
	})
	return out, err
}

// PackedGroups reads the rows of from (a subquery with columns k and cols)
// grouped by k and packed (Dialect.packedGroups, in order), each group's
// rows as their fields' text, read as rows of width fields.
func PackedGroups(ctx context.Context, db *DB, from, order string, width int, cols ...string) (map[string][][]string, error) {
	out := map[string][][]string{}
	q := db.Reader(ctx)
	err := scanPackedGroups(q, `SELECT `+dialectOf(q).packedGroups("k", order, cols...)+` FROM (`+from+`) v GROUP BY k`, nil, width,
		func(key string) func(*packedRow) {
			return func(r *packedRow) { out[key] = append(out[key], slices.Clone(r.fields)) }
		})
	return out, err
}
