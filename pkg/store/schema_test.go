package store_test

import (
	"context"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestTenantTablesAreShardable reads the migrated PostgreSQL schema and fails
// when a tenant table (one with a project_id column) breaks the rules that let
// it be distributed by project_id (DESIGN.md, "built to shard"): project_id
// first in the primary key and in every unique index, and every foreign key
// to another tenant table carrying project_id.
func TestTenantTablesAreShardable(t *testing.T) {
	db := storetest.New(t, "postgres")
	ctx := context.Background()
	var tenants []string
	if err := db.Select(ctx, &tenants, `SELECT table_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_name = 'project_id' ORDER BY table_name`); err != nil {
		t.Fatal(err)
	}
	if len(tenants) < 3 {
		t.Fatalf("found only %d tenant tables: %v", len(tenants), tenants)
	}
	isTenant := map[string]bool{}
	for _, tb := range tenants {
		isTenant[tb] = true
	}
	var uniques []struct {
		Table string `db:"table_name"`
		Index string `db:"index_name"`
		First string `db:"first_column"`
	}
	if err := db.Select(ctx, &uniques, `SELECT t.relname AS table_name, i.relname AS index_name, a.attname AS first_column
		FROM pg_index ix
		JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_class i ON i.oid = ix.indexrelid
		JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ix.indkey[0]
		WHERE ix.indisunique AND t.relnamespace = current_schema()::regnamespace`); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, u := range uniques {
		if isTenant[u.Table] {
			checked++
			if u.First != "project_id" {
				t.Errorf("tenant table %s: unique index %s starts with %s, not project_id", u.Table, u.Index, u.First)
			}
		}
	}
	var fks []struct {
		Table      string `db:"table_name"`
		Name       string `db:"constraint_name"`
		Referenced string `db:"referenced"`
		HasProject bool   `db:"has_project"`
	}
	if err := db.Select(ctx, &fks, `SELECT c.conrelid::regclass::text AS table_name, c.conname AS constraint_name,
		c.confrelid::regclass::text AS referenced,
		EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) AND a.attname = 'project_id') AS has_project
		FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`); err != nil {
		t.Fatal(err)
	}
	for _, fk := range fks {
		if isTenant[fk.Table] && isTenant[fk.Referenced] && !fk.HasProject {
			t.Errorf("tenant table %s: foreign key %s to tenant table %s does not carry project_id", fk.Table, fk.Name, fk.Referenced)
		}
	}
	t.Logf("checked %d unique indexes and %d foreign keys of %d tenant tables: %v", checked, len(fks), len(tenants), tenants)
}

// Only dialect.go knows which database it talks to (DESIGN.md): no other
// file of the store branches on the dialect or uses a driver's own package
// (a blank import that registers a driver is not a use).
func TestOnlyDialectKnowsTheDatabase(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	branches := regexp.MustCompile(`IsPostgres\(\)|[=!]= (Postgres|SQLite)\b|\b(pq|sqlite|sqlite3)\.`)
	checked := 0
	for _, name := range files {
		if name == "dialect.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		checked++
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			driver := path == "github.com/lib/pq" || strings.HasPrefix(path, "modernc.org/sqlite")
			if driver && (imp.Name == nil || imp.Name.Name != "_") {
				t.Errorf("%s imports the driver package %s: only dialect.go may", name, path)
			}
		}
		for i, line := range strings.Split(string(src), "\n") {
			if m := branches.FindString(line); m != "" && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				t.Errorf("%s:%d: %q branches on the database: move the difference into Dialect", name, i+1, m)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
}
