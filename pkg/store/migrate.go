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
	return loadMigrations(schemas.Migrations, d.Name)
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

// SchemaVersion returns the newest migration applied, 0 on an empty database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var n int
	if err := db.x.GetContext(ctx, &n, db.Dialect.tableExistsQuery(), "schema_migrations"); err != nil {
		return 0, fmt.Errorf("store: unable to read schema version: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := db.x.GetContext(ctx, &v, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"); err != nil {
		return 0, fmt.Errorf("store: unable to read schema version: %w", err)
	}
	return v, nil
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
		return ledger.Errorf(ledger.EConflict,
			"database schema is at version %d but this wageguard knows versions up to %d: it was migrated by a newer wageguard; run that version or newer", v, known)
	}
	if v < len(ms) {
		return ledger.Errorf(ledger.EConflict, "database schema is at version %d, %d migrations are pending: run `wageguard migrate`", v, len(ms)-v)
	}
	return nil
}

// Migrate applies pending migrations, each in its own transaction, and
// returns the names of those it applied.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	ms, err := db.Dialect.Migrations()
	if err != nil {
		return nil, err
	}
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
	var current int
	if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return nil, fmt.Errorf("store: unable to read schema version: %w", err)
	}
	if current > len(ms) {
		return nil, ledger.Errorf(ledger.EConflict,
			"database schema is at version %d but this wageguard knows versions up to %d: it was migrated by a newer wageguard; run that version or newer", current, len(ms))
	}
	var applied []string
	for _, m := range ms[current:] {
		if err := db.applyMigration(ctx, conn, m); err != nil {
			return applied, err
		}
		applied = append(applied, fmt.Sprintf("%04d_%s", m.Version, m.Name))
	}
	return applied, nil
}

func (db *DB) applyMigration(ctx context.Context, conn *sql.Conn, m Migration) error {
	if db.Dialect.oneWriter {
		db.writeMu.Lock()
		defer db.writeMu.Unlock()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin migration %04d_%s: %w", m.Version, m.Name, err)
	}
	defer tx.Rollback()
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
