package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/schemas"
)

// Migration is one forward-only schema change, numbered NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the dialect's embedded migrations in order.
func (d *Dialect) Migrations() ([]Migration, error) {
	return loadMigrations(schemas.Migrations, d.migrationsDir())
}

func loadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, n := range names {
		base := path.Base(n)
		num, rest, ok := strings.Cut(strings.TrimSuffix(base, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 {
			return nil, fmt.Errorf("store: migration %s is not named NNNN_name.sql", n)
		}
		body, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: rest, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("store: migrations in %s skip from %d to %d", dir, i, m.Version)
		}
	}
	return out, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// Before the first release the development migrations were squashed into
// one baseline, 0001_baseline, that builds the schema they ended with. A
// database migrated by all of them is therefore at the baseline; one stopped
// part of the way is not, and this wageguard can no longer finish the way.
const baselineName = "baseline"

// preBaseline names the development migrations 0001 … 0010 the baseline
// replaces, in order.
var preBaseline = []string{"books", "parties", "registry", "payroll", "bank", "hot_rows",
	"instruction_states", "confirmation_key", "unmatched_confirmations", "key_collation"}

// appliedMigration is one row of schema_migrations.
type appliedMigration struct {
	Version int    `db:"version"`
	Name    string `db:"name"`
}

// schemaState is how far a database's schema has come: version in today's
// numbering, and whether schema_migrations still records the development
// migrations the baseline replaced.
type schemaState struct {
	version     int
	preBaseline bool
}

// readSchemaState interprets schema_migrations (rows in version order).
func readSchemaState(rows []appliedMigration) (schemaState, error) {
	if len(rows) == 0 || rows[0].Version != 1 || rows[0].Name != preBaseline[0] {
		if len(rows) == 0 {
			return schemaState{}, nil
		}
		return schemaState{version: rows[len(rows)-1].Version}, nil
	}
	// Version 1 is 0001_books: a database of the development migrations.
	last := rows[len(rows)-1]
	if len(rows) == len(preBaseline) && last.Version == len(preBaseline) && last.Name == preBaseline[len(preBaseline)-1] {
		return schemaState{version: 1, preBaseline: true}, nil
	}
	return schemaState{}, ledger.Errorf(ledger.EConflict,
		"database schema is at the development migration %04d_%s, before the migrations were squashed into %04d_%s: migrate it to %04d_%s with the wageguard that made it, then run this one",
		last.Version, last.Name, 1, baselineName, len(preBaseline), preBaseline[len(preBaseline)-1])
}

// queryer is what reading schema_migrations needs: the pool or one connection.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readAppliedMigrations(ctx context.Context, q queryer) ([]appliedMigration, error) {
	rows, err := q.QueryContext(ctx, "SELECT version, name FROM schema_migrations ORDER BY version")
	if err != nil {
		return nil, fmt.Errorf("store: unable to read schema version: %w", err)
	}
	defer rows.Close()
	var out []appliedMigration
	for rows.Next() {
		var m appliedMigration
		if err := rows.Scan(&m.Version, &m.Name); err != nil {
			return nil, fmt.Errorf("store: unable to read schema version: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SchemaVersion returns the newest migration applied, 0 on an empty database.
// A database of the development migrations the baseline replaced is at 1.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var n int
	if err := db.x.GetContext(ctx, &n, db.Dialect.tableExistsQuery(), "schema_migrations"); err != nil {
		return 0, fmt.Errorf("store: unable to read schema version: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	rows, err := readAppliedMigrations(ctx, db.x)
	if err != nil {
		return 0, err
	}
	state, err := readSchemaState(rows)
	return state.version, err
}

// CheckSchema refuses a database migrated by a newer wageguard: this binary
// would not know the meaning of its newer tables and columns.
func (db *DB) CheckSchema(ctx context.Context) error {
	ms, err := db.Dialect.Migrations()
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if known := len(ms); v > known {
		return newerSchema(v, known)
	}
	if v < len(ms) {
		return ledger.Errorf(ledger.EConflict, "database schema is at version %d, %d {migration|migrations} {is|are} pending: run `wageguard migrate`", v, len(ms)-v)
	}
	return db.Dialect.checkPlaced(ctx, db.x.DB)
}

func newerSchema(v, known int) error {
	return ledger.Errorf(ledger.EConflict,
		"database schema is at version %d but this wageguard knows versions up to %d: it was migrated by a newer wageguard; run that version or newer", v, known)
}

// Migrate applies pending migrations, each in its own transaction, and
// returns the names of those it applied. A database of the development
// migrations the baseline replaced is recorded as at the baseline first.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	ms, err := db.Dialect.Migrations()
	if err != nil {
		return nil, err
	}
	db.writes.begin("Migrate")
	conn, err := db.x.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := db.Dialect.lockMigrations(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("store: unable to lock migrations: %w", err)
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("store: unable to create schema_migrations: %w", err)
	}
	rows, err := readAppliedMigrations(ctx, conn)
	if err != nil {
		return nil, err
	}
	state, err := readSchemaState(rows)
	if err != nil {
		return nil, err
	}
	if state.version > len(ms) {
		return nil, newerSchema(state.version, len(ms))
	}
	var applied []string
	if state.preBaseline {
		if err := db.recordBaseline(ctx, conn); err != nil {
			return nil, err
		}
		applied = append(applied, fmt.Sprintf("%04d_%s (recorded: the schema of 0001_%s … %04d_%s is the baseline)",
			1, baselineName, preBaseline[0], len(preBaseline), preBaseline[len(preBaseline)-1]))
	}
	for _, m := range ms[state.version:] {
		if err := db.applyMigration(ctx, conn, m); err != nil {
			return applied, err
		}
		applied = append(applied, fmt.Sprintf("%04d_%s", m.Version, m.Name))
	}
	// On a Citus cluster, place the tables the migrations made (every run:
	// it also finishes a run stopped between the two).
	if err := db.Dialect.distribute(ctx, conn); err != nil {
		return applied, err
	}
	return applied, nil
}

// recordBaseline replaces the records of the development migrations with the
// one baseline that builds the same schema (a test proves it does), in one
// transaction; the tables themselves are left as they are.
func (db *DB) recordBaseline(ctx context.Context, conn *sql.Conn) error {
	defer db.Dialect.holdWriter(&db.writeMu)()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to record the baseline: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM schema_migrations"); err != nil {
		return fmt.Errorf("store: unable to record the baseline: %w", err)
	}
	if _, err := tx.ExecContext(ctx, db.Dialect.Rebind("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
		1, baselineName, db.Now().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("store: unable to record the baseline: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to record the baseline: %w", err)
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, conn *sql.Conn, m Migration) error {
	defer db.Dialect.holdWriter(&db.writeMu)()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin migration %04d_%s: %w", m.Version, m.Name, err)
	}
	defer tx.Rollback()
	if err := db.Dialect.prepareMigration(ctx, tx); err != nil {
		return fmt.Errorf("store: unable to begin migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("store: migration %04d_%s failed: %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, db.Dialect.Rebind("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
		m.Version, m.Name, db.Now().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("store: unable to record migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to commit migration %04d_%s: %w", m.Version, m.Name, err)
	}
	return nil
}
