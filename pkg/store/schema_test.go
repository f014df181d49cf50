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
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lib/pq"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestTenantTablesAreShardable reads the migrated PostgreSQL schema and fails
// when a tenant table breaks the rules that let it be distributed by project
// on a Citus cluster (DESIGN.md, "built to shard"; issue 19). The tenant
// tables are those store.CitusLayout distributes: every table with a
// project_id column (the project's rows), projects itself (by its id), the
// audit trail (by chain, a project's ID) and idempotency_keys (by scope);
// the reference tables it names are whole on every node and free of these
// rules. On each tenant table:
//   - every unique index (the primary key too) contains the distribution
//     column, and starts with it where that is project_id: a global unique
//     key, such as projects' code was before 0031, cannot be kept on a
//     distributed table;
//   - every foreign key goes to a reference table, or to a tenant table with
//     both distribution columns in the key (no foreign key from a reference
//     table to a tenant table either);
//   - no trigger, but the append-only guard (wageguard_append_only), which
//     reads no table and so does the same on a shard as on the whole table:
//     any other trigger would see one shard, and Citus refuses them.
//
// It runs on plain PostgreSQL, so a schema change that would break the
// cluster fails here without one.
func TestTenantTablesAreShardable(t *testing.T) {
	db := storetest.New(t, "postgres")
	ctx := context.Background()
	layout, err := store.CitusLayout(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	problems := shardingProblems(t, db, layout)
	for _, p := range problems {
		t.Error(p)
	}
	tenants := 0
	for _, how := range layout {
		if how != "reference" && how != "local" {
			tenants++
		}
	}
	if tenants < 40 || layout["projects"] != "id" || layout["organizations"] != "reference" {
		t.Fatalf("layout: %d tenant tables of %d: %v", tenants, len(layout), layout)
	}
	t.Logf("checked %d tenant tables of %d", tenants, len(layout))
}

// TestShardingRulesCatchWhatIssue19Found proves the rules above fail on what
// the first try of a Citus cluster met: a global unique key on a tenant table,
// a trigger on one, and a foreign key that leaves out project_id.
func TestShardingRulesCatchWhatIssue19Found(t *testing.T) {
	db := storetest.New(t, "postgres")
	ctx := context.Background()
	if db.Dialect.IsCitus() {
		t.Skip("changes the shared schema: the rules are checked on plain PostgreSQL (the cluster's schema is checked by TestTenantTablesAreShardable)")
	}
	for _, q := range []string{
		`CREATE UNIQUE INDEX projects_name_key ON projects (name)`,
		`CREATE FUNCTION wageguard_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
		`CREATE TRIGGER payrolls_touch BEFORE UPDATE ON payrolls FOR EACH ROW EXECUTE FUNCTION wageguard_touch()`,
		`ALTER TABLE alert_events ADD CONSTRAINT alert_events_loose_fkey FOREIGN KEY (alert_id) REFERENCES complaints (id)`,
	} {
		if strings.Contains(q, "complaints") {
			must(t, db.ExecRaw(ctx, `CREATE UNIQUE INDEX complaints_id_key ON complaints (id)`))
		}
		must(t, db.ExecRaw(ctx, q))
	}
	layout, err := store.CitusLayout(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(shardingProblems(t, db, layout), "\n")
	for _, want := range []string{"projects: unique index projects_name_key", "complaints: unique index complaints_id_key",
		"payrolls: trigger payrolls_touch", "alert_events: foreign key alert_events_loose_fkey"} {
		if !strings.Contains(got, want) {
			t.Errorf("the rules missed %q; they found:\n%s", want, got)
		}
	}
}

// shardingProblems lists where db's schema breaks the rules of
// TestTenantTablesAreShardable, for the layout given.
func shardingProblems(t *testing.T, db *store.DB, layout map[string]string) []string {
	t.Helper()
	ctx := context.Background()
	distributed := func(tb string) bool { h := layout[tb]; return h != "" && h != "reference" && h != "local" }
	var problems []string
	var uniques []struct {
		Table   string         `db:"table_name"`
		Index   string         `db:"index_name"`
		Columns pq.StringArray `db:"columns"`
	}
	if err := db.Select(ctx, &uniques, `SELECT t.relname AS table_name, i.relname AS index_name,
		ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n)
		      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
		FROM pg_index ix
		JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_class i ON i.oid = ix.indexrelid
		WHERE ix.indisunique AND t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2`); err != nil {
		t.Fatal(err)
	}
	for _, u := range uniques {
		col := layout[u.Table]
		if !distributed(u.Table) {
			continue
		}
		if !slices.Contains(u.Columns, col) || (col == "project_id" && u.Columns[0] != col) {
			problems = append(problems, fmt.Sprintf("tenant table %s: unique index %s on %v is a global key: it must start with (or, for a table not keyed by project_id, contain) %s, the column the table is distributed by",
				u.Table, u.Index, []string(u.Columns), col))
		}
	}
	var fks []struct {
		Table      string         `db:"table_name"`
		Name       string         `db:"constraint_name"`
		Referenced string         `db:"referenced"`
		From       pq.StringArray `db:"from_columns"`
		To         pq.StringArray `db:"to_columns"`
	}
	if err := db.Select(ctx, &fks, `SELECT c.conrelid::regclass::text AS table_name, c.conname AS constraint_name,
		c.confrelid::regclass::text AS referenced,
		ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey))::text[] AS from_columns,
		ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.confrelid AND a.attnum = ANY (c.confkey))::text[] AS to_columns
		FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace ORDER BY 1, 2`); err != nil {
		t.Fatal(err)
	}
	for _, fk := range fks {
		from, to := distributed(fk.Table), distributed(fk.Referenced)
		switch {
		case !from && to:
			problems = append(problems, fmt.Sprintf("table %s: foreign key %s refers to the tenant table %s from a table held whole on every node", fk.Table, fk.Name, fk.Referenced))
		case from && to && (!slices.Contains(fk.From, layout[fk.Table]) || !slices.Contains(fk.To, layout[fk.Referenced])):
			problems = append(problems, fmt.Sprintf("tenant table %s: foreign key %s to tenant table %s does not carry %s", fk.Table, fk.Name, fk.Referenced, layout[fk.Table]))
		}
	}
	var triggers []struct {
		Table    string `db:"table_name"`
		Name     string `db:"trigger_name"`
		Function string `db:"function_name"`
	}
	if err := db.Select(ctx, &triggers, `SELECT c.relname AS table_name, g.tgname AS trigger_name, p.proname AS function_name
		FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_proc p ON p.oid = g.tgfoid
		WHERE NOT g.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 1, 2`); err != nil {
		t.Fatal(err)
	}
	for _, g := range triggers {
		if distributed(g.Table) && g.Function != "wageguard_append_only" {
			problems = append(problems, fmt.Sprintf("tenant table %s: trigger %s runs %s: a trigger on a distributed table sees one shard; only the append-only guard, which reads nothing, may stay",
				g.Table, g.Name, g.Function))
		}
	}
	return problems
}

// Only dialect.go knows which database it talks to (DESIGN.md): no other
// production file of the module branches on the dialect — by IsPostgres or IsCitus, by
// comparing a dialect, its Name or a dialect's name ("postgres") — or reads
// Dialect's own fields (db.Dialect.oneWriter: ask a Dialect method), and
// none uses a driver's own package (a blank import that registers a driver
// is not a use). pkg/store/storetest is exempt: it creates the databases
// (a file, or a database cloned on a server), which is a server
// administrator's business and not the store's; it names the dialects by
// store.SQLite.Name and store.Postgres.Name.
func TestOnlyDialectKnowsTheDatabase(t *testing.T) {
	fields := dialectFields(t)
	branches := regexp.MustCompile(`IsPostgres\(\)|IsCitus\(\)|\b(pq|sqlite|sqlite3)\.`)
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
