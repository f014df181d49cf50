package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// seedWorkerAtSchema is seedWorker for a database migrated only part of the
// way (target, at dbURL): today's code cannot write to an older schema, so
// the worker is registered on a fully migrated database of the same dialect
// and its rows are copied into the columns the older tables have. Tables are
// copied in passes until none is left, so that foreign keys find their rows.
func seedWorkerAtSchema(t *testing.T, dialect, dbURL string, target *store.DB, keys *identity.Keyring) {
	t.Helper()
	ctx := context.Background()
	srcURL := "sqlite://" + filepath.Join(t.TempDir(), "seed.db")
	if dialect == "postgres" {
		srcURL = storetest.New(t, dialect).URL()
	} else if err := migrated(ctx, srcURL); err != nil {
		t.Fatal(err)
	}
	seedWorker(t, srcURL, keys)
	from, to := rawOpen(t, dialect, srcURL), rawOpen(t, dialect, dbURL)
	tables, err := target.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, table := range tables {
		if table != "schema_migrations" {
			left = append(left, table)
		}
	}
	for len(left) > 0 {
		var failed []string
		var last error
		for _, table := range left {
			if err := copyRows(ctx, from, to, dialect, table); err != nil {
				failed, last = append(failed, table), err
			}
		}
		if len(failed) == len(left) {
			t.Fatalf("copying the seed into %v: %v", failed, last)
		}
		left = failed
	}
	var n int
	if err := target.Get(ctx, &n, "SELECT COUNT(*) FROM enrolments"); err != nil || n != 1 {
		t.Fatalf("the seeded worker's enrolment was not copied: %d, %v", n, err)
	}
}

// migrated makes the database at u and migrates it all the way.
func migrated(ctx context.Context, u string) error {
	db, err := store.Open(ctx, u)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Migrate(ctx)
	return err
}

// rawOpen opens a database by its wageguard URL without wageguard's
// settings (SQLite's foreign keys stay off: the copy is done in passes).
func rawOpen(t *testing.T, dialect, u string) *sql.DB {
	t.Helper()
	driver, dsn := "postgres", u
	if dialect != "postgres" {
		driver, dsn = "sqlite", "file:"+strings.TrimPrefix(u, "sqlite://")+"?_pragma=busy_timeout(10000)&_time_format=sqlite"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// olderColumns are columns an older schema has that the current one no
// longer keeps, with what the seed's row gives them.
var olderColumns = map[string]string{
	"worker_identities.birth_date": "birth_month || '-01'", // a full birth date is no longer kept in clear
}

// copyRows copies a table's rows from one database into the columns the
// other's table has, skipping rows already there.
func copyRows(ctx context.Context, from, to *sql.DB, dialect, table string) error {
	probe, err := to.QueryContext(ctx, "SELECT * FROM "+table+" WHERE 1 = 0")
	if err != nil {
		return err
	}
	cols, err := probe.Columns()
	probe.Close()
	if err != nil {
		return err
	}
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = c
		if expr, ok := olderColumns[table+"."+c]; ok {
			sel[i] = expr
		}
	}
	rows, err := from.QueryContext(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+table)
	if err != nil {
		return err
	}
	defer rows.Close()
	marks := make([]string, len(cols))
	for i := range marks {
		marks[i] = "?"
		if dialect == "postgres" {
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
	}
	insert := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ") ON CONFLICT DO NOTHING"
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		if _, err := to.ExecContext(ctx, insert, vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}
