package store_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
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
// production file of the module branches on the dialect — by IsPostgres, by
// comparing a dialect, its Name or a dialect's name ("postgres") — or reads
// Dialect's own fields (db.Dialect.oneWriter: ask a Dialect method), and
// none uses a driver's own package (a blank import that registers a driver
// is not a use). pkg/store/storetest is exempt: it creates the databases
// (a file, or a database cloned on a server), which is a server
// administrator's business and not the store's; it names the dialects by
// store.SQLite.Name and store.Postgres.Name.
func TestOnlyDialectKnowsTheDatabase(t *testing.T) {
	fields := dialectFields(t)
	branches := regexp.MustCompile(`IsPostgres\(\)|\b(pq|sqlite|sqlite3)\.`)
	checked, inStore := 0, 0
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || name == "storetest" || (strings.HasPrefix(name, ".") && name != "." && name != "..") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == filepath.Join("..", "..", "pkg", "store", "dialect.go") {
			return nil
		}
		checked++
		if filepath.Dir(path) == filepath.Join("..", "..", "pkg", "store") {
			inStore++
		}
		for _, problem := range dialectBranches(t, path, fields, branches) {
			t.Error(problem)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 || inStore < 10 {
		t.Fatalf("checked only %d files, %d of them in pkg/store", checked, inStore)
	}
}

// dialectFields is the names of Dialect's fields, read from dialect.go.
func dialectFields(t *testing.T) map[string]bool {
	f, err := parser.ParseFile(token.NewFileSet(), "dialect.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == "Dialect" {
			for _, fl := range ts.Type.(*ast.StructType).Fields.List {
				for _, name := range fl.Names {
					fields[name.Name] = true
				}
			}
		}
		return true
	})
	if !fields["oneWriter"] || !fields["Name"] {
		t.Fatalf("Dialect's fields read from dialect.go: %v", fields)
	}
	return fields
}

// dialectBranches lists the places where the file at path knows its
// database: a driver package imported for use, a line matching branches, a
// Dialect field read, or a comparison or switch case naming a dialect.
func dialectBranches(t *testing.T, path string, fields map[string]bool, branches *regexp.Regexp) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	report := func(n ast.Node, what string) {
		found = append(found, fmt.Sprintf("%s: %s: move the difference into a Dialect method in dialect.go", fset.Position(n.Pos()), what))
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		driver := p == "github.com/lib/pq" || strings.HasPrefix(p, "modernc.org/sqlite")
		if driver && (imp.Name == nil || imp.Name.Name != "_") {
			report(imp, "imports the driver package "+p)
		}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(src), "\n") {
		if m := branches.FindString(line); m != "" && !strings.HasPrefix(strings.TrimSpace(line), "//") {
			found = append(found, fmt.Sprintf("%s:%d: %q branches on the database: move the difference into Dialect", path, i+1, m))
		}
	}
	// isDialect: db.Dialect, tx.d, Dialect, d (a *Dialect's usual names).
	isDialect := func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.SelectorExpr:
			return e.Sel.Name == "Dialect" || e.Sel.Name == "d"
		case *ast.Ident:
			return e.Name == "Dialect" || e.Name == "d"
		}
		return false
	}
	namesDialect := func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.BasicLit:
			v, _ := strconv.Unquote(e.Value)
			return e.Kind == token.STRING && (v == "postgres" || v == "postgresql" || v == "sqlite")
		case *ast.Ident:
			return e.Name == "Postgres" || e.Name == "SQLite"
		case *ast.SelectorExpr:
			return e.Sel.Name == "Postgres" || e.Sel.Name == "SQLite" || (fields[e.Sel.Name] && isDialect(e.X))
		}
		return false
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if fields[n.Sel.Name] && (!ast.IsExported(n.Sel.Name) || isDialect(n.X)) && strings.Contains(path, filepath.Join("pkg", "store")) {
				report(n, "reads the Dialect's field "+n.Sel.Name)
			}
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) && (namesDialect(n.X) || namesDialect(n.Y)) {
				report(n, "compares with a dialect")
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && namesDialect(n.Tag) {
				report(n, "switches on a dialect")
			}
		case *ast.CaseClause:
			for _, e := range n.List {
				if namesDialect(e) {
					report(e, "has a case for a dialect")
				}
			}
		}
		return true
	})
	return found
}
