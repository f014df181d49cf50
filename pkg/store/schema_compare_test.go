package store_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
	"github.com/wageguard/wageguard/schemas"
)

// schemaDesc is a migrated schema as the database's own catalogue describes
// it, table by table, in each database's own words (raw types, expressions).
type schemaDesc struct {
	Tables   map[string]*tableDesc
	Views    []string // "name(column,column,…)", its columns in order
	Triggers []string
}

type tableDesc struct {
	Columns     map[string]columnDesc
	PrimaryKey  string   // "a,b"
	Uniques     []string // "a,b" or "a,b WHERE predicate"
	ForeignKeys []string // "a,b -> table(c,d)"
	Checks      []string // the check's expression
	Indexes     []string // "name(a,b)", indexes that enforce nothing
	Options     string   // storage options (PostgreSQL's fillfactor)
}

type columnDesc struct {
	Type    string // declared type, with its collation if not the default
	NotNull bool
	Default string
}

// describeSchema reads db's schema from its catalogue.
func describeSchema(t *testing.T, db *store.DB) *schemaDesc {
	t.Helper()
	if db.Dialect.IsPostgres() {
		return describePostgres(t, db)
	}
	return describeSQLite(t, db)
}

func (s *schemaDesc) table(name string) *tableDesc {
	if s.Tables[name] == nil {
		s.Tables[name] = &tableDesc{Columns: map[string]columnDesc{}}
	}
	return s.Tables[name]
}

func (s *schemaDesc) sort() {
	sort.Strings(s.Views)
	sort.Strings(s.Triggers)
	for _, tb := range s.Tables {
		sort.Strings(tb.Uniques)
		sort.Strings(tb.ForeignKeys)
		sort.Strings(tb.Checks)
		sort.Strings(tb.Indexes)
	}
}

func describePostgres(t *testing.T, db *store.DB) *schemaDesc {
	ctx := context.Background()
	s := &schemaDesc{Tables: map[string]*tableDesc{}}
	var cols []struct {
		Table     string `db:"table_name"`
		Column    string `db:"column_name"`
		Type      string `db:"data_type"`
		Collation string `db:"collation"`
		NotNull   bool   `db:"not_null"`
		Default   string `db:"dflt"`
	}
	must(t, db.Select(ctx, &cols, `SELECT c.table_name, c.column_name, c.data_type, COALESCE(c.collation_name, '') AS collation,
			c.is_nullable = 'NO' AS not_null, COALESCE(c.column_default, '') AS dflt
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`))
	for _, c := range cols {
		typ := c.Type
		if c.Collation != "" {
			typ += " collate " + c.Collation
		}
		s.table(c.Table).Columns[c.Column] = columnDesc{Type: typ, NotNull: c.NotNull, Default: c.Default}
	}
	var cons []struct {
		Table   string `db:"table_name"`
		Kind    string `db:"kind"`
		Columns string `db:"cols"`
		Ref     string `db:"ref"`
		Def     string `db:"def"`
	}
	must(t, db.Select(ctx, &cons, `SELECT rel.relname AS table_name, c.contype::text AS kind,
			COALESCE((SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum), '') AS cols,
			COALESCE((SELECT f.relname || '(' || string_agg(a.attname, ',' ORDER BY k.n) || ')' FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
				JOIN pg_class f ON f.oid = c.confrelid GROUP BY f.relname), '') AS ref,
			pg_get_constraintdef(c.oid) AS def
		FROM pg_constraint c JOIN pg_class rel ON rel.oid = c.conrelid
		WHERE c.connamespace = current_schema()::regnamespace`))
	for _, c := range cons {
		tb := s.table(c.Table)
		switch c.Kind {
		case "p":
			tb.PrimaryKey = c.Columns
		case "u":
			tb.Uniques = append(tb.Uniques, c.Columns)
		case "f":
			tb.ForeignKeys = append(tb.ForeignKeys, c.Columns+" -> "+c.Ref)
		case "c":
			def := strings.TrimPrefix(c.Def, "CHECK ")
			tb.Checks = append(tb.Checks, def)
		default:
			t.Errorf("table %s: constraint of kind %q is not described", c.Table, c.Kind)
		}
	}
	var idx []struct {
		Table     string `db:"table_name"`
		Name      string `db:"index_name"`
		Columns   string `db:"cols"`
		Unique    bool   `db:"is_unique"`
		Predicate string `db:"predicate"`
	}
	// Indexes that back a constraint are described with the constraint.
	must(t, db.Select(ctx, &idx, `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique,
			(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS cols,
			COALESCE(pg_get_expr(ix.indpred, ix.indrelid), '') AS predicate
		FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
		WHERE t.relnamespace = current_schema()::regnamespace
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)`))
	for _, i := range idx {
		tb := s.table(i.Table)
		switch {
		case i.Unique && i.Predicate != "":
			tb.Uniques = append(tb.Uniques, i.Columns+" WHERE "+i.Predicate)
		case i.Unique:
			tb.Uniques = append(tb.Uniques, i.Columns)
		default:
			tb.Indexes = append(tb.Indexes, i.Name+"("+i.Columns+")")
		}
	}
	var opts []struct {
		Table   string `db:"relname"`
		Options string `db:"options"`
	}
	must(t, db.Select(ctx, &opts, `SELECT relname, array_to_string(reloptions, ',') AS options FROM pg_class
		WHERE relkind = 'r' AND reloptions IS NOT NULL AND relnamespace = current_schema()::regnamespace`))
	for _, o := range opts {
		s.table(o.Table).Options = o.Options
	}
	var viewCols []struct {
		View   string `db:"table_name"`
		Column string `db:"column_name"`
	}
	must(t, db.Select(ctx, &viewCols, `SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.views v ON v.table_schema = c.table_schema AND v.table_name = c.table_name
		WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position`))
	views := map[string][]string{}
	var order []string
	for _, c := range viewCols {
		if views[c.View] == nil {
			order = append(order, c.View)
		}
		views[c.View] = append(views[c.View], c.Column)
	}
	for _, v := range order {
		if db.Dialect.IsCitus() && strings.HasPrefix(v, "citus_") {
			continue // the citus extension's own views (citus_tables, citus_schemas)
		}
		s.Views = append(s.Views, viewDesc(v, views[v]))
	}
	must(t, db.Select(ctx, &s.Triggers, `SELECT tgname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
		WHERE NOT g.tgisinternal AND c.relnamespace = current_schema()::regnamespace`))
	s.sort()
	return s
}

func describeSQLite(t *testing.T, db *store.DB) *schemaDesc {
	ctx := context.Background()
	s := &schemaDesc{Tables: map[string]*tableDesc{}}
	var objects []struct {
		Type string `db:"type"`
		Name string `db:"name"`
		SQL  string `db:"sql"`
	}
	must(t, db.Select(ctx, &objects, `SELECT type, name, COALESCE(sql, '') AS sql FROM sqlite_master
		WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%'`))
	for _, o := range objects {
		switch o.Type {
		case "view":
			var cols []string
			must(t, db.Select(ctx, &cols, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, o.Name))
			s.Views = append(s.Views, viewDesc(o.Name, cols))
			continue
		case "trigger":
			s.Triggers = append(s.Triggers, o.Name)
			continue
		}
		tb := s.table(o.Name)
		var cols []struct {
			Name    string  `db:"name"`
			Type    string  `db:"type"`
			NotNull bool    `db:"notnull"`
			Default *string `db:"dflt_value"`
			PK      int     `db:"pk"`
		}
		must(t, db.Select(ctx, &cols, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`, o.Name))
		pk := map[int]string{}
		for _, c := range cols {
			d := columnDesc{Type: c.Type, NotNull: c.NotNull}
			if c.Default != nil {
				d.Default = *c.Default
			}
			tb.Columns[c.Name] = d
			if c.PK > 0 {
				pk[c.PK] = c.Name
			}
		}
		for i := 1; i <= len(pk); i++ {
			tb.PrimaryKey += "," + pk[i]
		}
		tb.PrimaryKey = strings.TrimPrefix(tb.PrimaryKey, ",")
		var idx []struct {
			Name    string `db:"name"`
			Unique  bool   `db:"unique"`
			Origin  string `db:"origin"`
			Partial bool   `db:"partial"`
		}
		must(t, db.Select(ctx, &idx, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, o.Name))
		for _, i := range idx {
			if i.Origin == "pk" {
				continue
			}
			var names []string
			must(t, db.Select(ctx, &names, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, i.Name))
			cols := strings.Join(names, ",")
			switch {
			case i.Unique && i.Partial:
				var def string
				must(t, db.Get(ctx, &def, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, i.Name))
				_, pred, _ := strings.Cut(def, " WHERE ")
				tb.Uniques = append(tb.Uniques, cols+" WHERE "+pred)
			case i.Unique:
				tb.Uniques = append(tb.Uniques, cols)
			default:
				tb.Indexes = append(tb.Indexes, i.Name+"("+cols+")")
			}
		}
		var fks []struct {
			ID    int    `db:"id"`
			Table string `db:"table"`
			From  string `db:"from"`
			To    string `db:"to"`
		}
		must(t, db.Select(ctx, &fks, `SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq`, o.Name))
		byID := map[int][3][]string{}
		var ids []int
		for _, f := range fks {
			k, seen := byID[f.ID]
			if !seen {
				ids = append(ids, f.ID)
			}
			byID[f.ID] = [3][]string{{f.Table}, append(k[1], f.From), append(k[2], f.To)}
		}
		for _, id := range ids {
			k := byID[id]
			tb.ForeignKeys = append(tb.ForeignKeys, strings.Join(k[1], ",")+" -> "+k[0][0]+"("+strings.Join(k[2], ",")+")")
		}
		tb.Checks = sqliteChecks(o.SQL)
	}
	s.sort()
	return s
}

var (
	sqlComment = regexp.MustCompile(`--[^\n]*`)
	checkStart = regexp.MustCompile(`(?i)\bCHECK\s*\(`)
)

// sqliteChecks pulls the CHECK expressions out of a CREATE TABLE statement
// (SQLite keeps them nowhere else).
func sqliteChecks(create string) []string {
	create = sqlComment.ReplaceAllString(create, "")
	var out []string
	for _, loc := range checkStart.FindAllStringIndex(create, -1) {
		depth, start := 0, loc[1]-1
		for i := start; i < len(create); i++ {
			switch create[i] {
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 {
				out = append(out, create[start:i+1])
				break
			}
		}
	}
	return out
}

// viewDesc describes a view by its name and its columns in order.
func viewDesc(name string, columns []string) string {
	return name + "(" + strings.Join(columns, ",") + ")"
}

// exprToken is a token of a CHECK expression or an index predicate: a
// string literal, a number, a word, an operator or punctuation.
var exprToken = regexp.MustCompile(`'(?:[^']|'')*'|[0-9]+(?:\.[0-9]+)?|[A-Za-z_][A-Za-z_0-9]*|::|<=|>=|<>|!=|\|\||[=<>+\-*/%(),\[\]]`)

// normalExpr is what an expression of a table's constraint says, in terms
// both databases share: the columns it mentions, the literal values it
// compares them with, and the operators, functions and connectives it uses
// (each as a sorted set). PostgreSQL prints x IN ('a', 'b') as
// x = ANY (ARRAY['a'::text, 'b'::text]) and x BETWEEN 1 AND 30 as
// x >= 1 AND x <= 30, adds parentheses and casts; SQLite keeps the text as
// written. Both read the same here, but another value in an IN list,
// another bound, > for >= or OR for AND does not.
func normalExpr(tb *tableDesc, expr string) string {
	cols, vals, ops := map[string]bool{}, map[string]bool{}, map[string]bool{}
	toks := exprToken.FindAllString(expr, -1)
	next := func(i int) string {
		if i+1 < len(toks) {
			return strings.ToUpper(toks[i+1])
		}
		return ""
	}
	for i := 0; i < len(toks); i++ {
		tok, up := toks[i], strings.ToUpper(toks[i])
		_, isColumn := tb.Columns[strings.ToLower(tok)]
		switch {
		case tok == "::":
			i++ // a cast: its type is the column's
		case strings.HasPrefix(tok, "'"), tok[0] >= '0' && tok[0] <= '9':
			vals[tok] = true
		case strings.Contains("()[],", tok), up == "ARRAY":
		case tok == "=" && next(i) == "ANY":
			ops["IN"] = true
			i++
		case tok == "<>" && next(i) == "ALL":
			ops["NOT IN"] = true
			i++
		case up == "NOT" && next(i) == "IN":
			ops["NOT IN"] = true
			i++
		case up == "IS" && next(i) == "NOT":
			ops["IS NOT NULL"] = true
			i += 2
		case up == "IS":
			ops["IS NULL"] = true
			i++
		case up == "BETWEEN":
			ops[">="], ops["<="] = true, true
		case tok == "!=":
			ops["<>"] = true
		case isColumn:
			cols[strings.ToLower(tok)] = true
		default: // an operator, a connective (AND, OR, NOT, IN) or a function
			ops[up] = true
		}
	}
	return "columns " + setOf(cols) + " values " + setOf(vals) + " operators " + setOf(ops)
}

func setOf(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return "{" + strings.Join(out, " ") + "}"
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// compareSchemas reports every difference between two descriptions.
func compareSchemas(t *testing.T, what string, a, b *schemaDesc) {
	t.Helper()
	if !reflect.DeepEqual(a.Views, b.Views) {
		t.Errorf("%s: views %v and %v", what, a.Views, b.Views)
	}
	if !reflect.DeepEqual(a.Triggers, b.Triggers) {
		t.Errorf("%s: triggers %v and %v", what, a.Triggers, b.Triggers)
	}
	compareTables(t, what, a, b)
}

func compareTables(t *testing.T, what string, a, b *schemaDesc) {
	t.Helper()
	names := map[string]bool{}
	for n := range a.Tables {
		names[n] = true
	}
	for n := range b.Tables {
		names[n] = true
	}
	for n := range names {
		ta, tb := a.Tables[n], b.Tables[n]
		if ta == nil || tb == nil {
			t.Errorf("%s: table %s is in one schema only", what, n)
			continue
		}
		for c := range ta.Columns {
			if _, ok := tb.Columns[c]; !ok {
				t.Errorf("%s: column %s.%s is in the first schema only", what, n, c)
			}
		}
		for c, cb := range tb.Columns {
			ca, ok := ta.Columns[c]
			if !ok {
				t.Errorf("%s: column %s.%s is in the second schema only", what, n, c)
			} else if ca != cb {
				t.Errorf("%s: column %s.%s is %+v and %+v", what, n, c, ca, cb)
			}
		}
		for _, f := range []struct {
			name string
			a, b any
		}{
			{"primary key", ta.PrimaryKey, tb.PrimaryKey},
			{"unique constraints", ta.Uniques, tb.Uniques},
			{"foreign keys", ta.ForeignKeys, tb.ForeignKeys},
			{"check constraints", ta.Checks, tb.Checks},
			{"indexes", ta.Indexes, tb.Indexes},
			{"storage options", ta.Options, tb.Options},
		} {
			if !reflect.DeepEqual(f.a, f.b) {
				t.Errorf("%s: table %s: %s\n  %v\n  %v", what, n, f.name, f.a, f.b)
			}
		}
	}
}

// A database migrated by the development migrations that the baseline
// replaced (kept in testdata/prebaseline) has exactly the schema the baseline
// builds, and migrate records it as at the baseline without touching a table,
// then applies the migrations that came after the baseline.
func TestBaselineEqualsTheMigrationsItReplaced(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			old := storetest.NewEmpty(t, dialect)
			if err := store.ApplyMigrationsFrom(ctx, old, os.DirFS("testdata/prebaseline"), dialect); err != nil {
				t.Fatal(err)
			}
			if _, err := old.SchemaVersion(ctx); err != nil {
				t.Fatalf("SchemaVersion of a database of the development migrations: %v", err)
			}
			// Something written under the old history survives the change of records.
			if err := old.ExecRaw(ctx, "INSERT INTO audit_heads (chain, seq, hash) VALUES ('org', 7, 'h')"); err != nil {
				t.Fatal(err)
			}
			before := describeSchema(t, old)
			ms, err := old.Dialect.Migrations()
			if err != nil {
				t.Fatal(err)
			}
			applied, err := old.Migrate(ctx)
			if err != nil || len(applied) != len(ms) || !strings.HasPrefix(applied[0], "0001_baseline (recorded") {
				t.Fatalf("Migrate on a database of the development migrations = %v, %v", applied, err)
			}
			for i, m := range ms[1:] {
				if want := fmt.Sprintf("%04d_%s", m.Version, m.Name); applied[i+1] != want {
					t.Errorf("applied %q after the baseline, want %q", applied[i+1], want)
				}
			}
			if v, err := old.SchemaVersion(ctx); v != len(ms) || err != nil {
				t.Fatalf("SchemaVersion after = %d, %v; want %d", v, err, len(ms))
			}
			if err := old.CheckSchema(ctx); err != nil {
				t.Fatalf("CheckSchema after: %v", err)
			}
			if again, err := old.Migrate(ctx); err != nil || len(again) != 0 {
				t.Fatalf("second Migrate = %v, %v", again, err)
			}
			var seq int
			if err := old.Get(ctx, &seq, "SELECT seq FROM audit_heads WHERE chain = 'org'"); err != nil || seq != 7 {
				t.Fatalf("a row written before: %d, %v", seq, err)
			}
			baseline := storetest.NewEmpty(t, dialect)
			if err := store.ApplyMigrationsFrom(ctx, baseline, onlyFirst{schemas.Migrations, 1}, dialect); err != nil {
				t.Fatal(err)
			}
			compareSchemas(t, "development migrations and the baseline alone", before, describeSchema(t, baseline))
			compareSchemas(t, "development migrations and baseline", describeSchema(t, old), describeSchema(t, storetest.New(t, dialect)))
		})
	}
}

// A database the development migrations left part of the way cannot be
// finished by this wageguard: migrate says so and changes nothing.
func TestMigrateRefusesAPartDevelopmentSchema(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := storetest.NewEmpty(t, dialect)
			part := os.DirFS("testdata/prebaseline")
			if err := store.ApplyMigrationsFrom(ctx, db, onlyFirst{part, 5}, dialect); err != nil {
				t.Fatal(err)
			}
			_, err := db.Migrate(ctx)
			if err == nil || !strings.Contains(err.Error(), "development migration 0005_bank") || !strings.Contains(err.Error(), "0010_key_collation") {
				t.Fatalf("Migrate = %v", err)
			}
			if err := db.CheckSchema(ctx); err == nil || !strings.Contains(err.Error(), "0005_bank") {
				t.Fatalf("CheckSchema = %v", err)
			}
			var n int
			if err := db.Get(ctx, &n, "SELECT count(*) FROM schema_migrations"); err != nil || n != 5 {
				t.Fatalf("schema_migrations has %d rows (%v), want the 5 it had", n, err)
			}
		})
	}
}

// Both dialects' migrations build the same tables: the same columns with
// corresponding types, nullability and defaults, and the same primary keys,
// unique constraints, foreign keys, check constraints and indexes. Only the
// differences listed in sqliteTypeOf are intended.
func TestDialectsMigrateToTheSameSchema(t *testing.T) {
	pg := describeSchema(t, storetest.New(t, "postgres"))
	lite := describeSchema(t, storetest.New(t, "sqlite"))
	if len(pg.Tables) < 20 {
		t.Fatalf("PostgreSQL schema has only %d tables", len(pg.Tables))
	}
	pgc, litec := comparable(pg, pgTypes), comparable(lite, sqliteTypes)
	for col, reason := range columnDifferences {
		table, name, _ := strings.Cut(col, ".")
		p, l := pgc.Tables[table].Columns[name], litec.Tables[table].Columns[name]
		if p == l {
			t.Errorf("%s no longer differs between the dialects (%s): take it off columnDifferences", col, reason)
		}
		litec.Tables[table].Columns[name] = p
	}
	compareTables(t, "postgres and sqlite", pgc, litec)
	if !reflect.DeepEqual(pg.Views, lite.Views) {
		t.Errorf("views: postgres %v, sqlite %v", pg.Views, lite.Views)
	}
	// Triggers differ in number by design: one PostgreSQL trigger fires on
	// UPDATE OR DELETE, SQLite has one trigger per event. Each append-only
	// table has its triggers on both.
	for _, table := range []string{"ledger_entries", "ledger_postings", "audit_log"} {
		if !hasTriggerOn(pg.Triggers, table) || !hasTriggerOn(lite.Triggers, table) {
			t.Errorf("append-only table %s lacks its trigger: postgres %v, sqlite %v", table, pg.Triggers, lite.Triggers)
		}
	}
}

func hasTriggerOn(triggers []string, table string) bool {
	for _, g := range triggers {
		if strings.HasPrefix(g, table+"_") {
			return true
		}
	}
	return false
}

// Types are compared by what they hold. These are the intended differences
// between the dialects' declarations, each with its reason.
var (
	pgTypes = map[string]string{
		"text":                     "text",
		"text collate C":           "text", // byte-order keys; SQLite's BINARY collation is byte order already
		"integer":                  "integer",
		"smallint":                 "integer", // SQLite's INTEGER is 64 bits: every width is INTEGER there
		"bigint":                   "integer", // (idem)
		"date":                     "text",    // SQLite has no date type: a date is YYYY-MM-DD text, which sorts as the date does
		"timestamp with time zone": "timestamp",
	}
	sqliteTypes = map[string]string{
		"TEXT":      "text",
		"INTEGER":   "integer",
		"TIMESTAMP": "timestamp",
	}
)

// columnDifferences are the columns described differently on purpose, each
// with its reason.
var columnDifferences = map[string]string{
	"schema_migrations.version": "SQLite's INTEGER PRIMARY KEY is the rowid: never NULL, but not declared NOT NULL",
}

// comparable rewrites a description into terms both dialects share: types
// through the table of intended differences, defaults without casts, checks
// and partial-index predicates normalised (normalExpr: the two databases
// print the same expression differently). No check or predicate differs
// between the dialects on purpose; one that must would be listed, with its
// reason, beside columnDifferences.
func comparable(s *schemaDesc, types map[string]string) *schemaDesc {
	out := &schemaDesc{Tables: map[string]*tableDesc{}}
	for name, tb := range s.Tables {
		c := out.table(name)
		for col, d := range tb.Columns {
			typ, ok := types[d.Type]
			if !ok {
				typ = "unknown type " + d.Type
			}
			c.Columns[col] = columnDesc{Type: typ, NotNull: d.NotNull, Default: withoutCast(d.Default)}
		}
		c.PrimaryKey, c.ForeignKeys, c.Indexes = tb.PrimaryKey, tb.ForeignKeys, tb.Indexes
		for _, u := range tb.Uniques {
			cols, pred, partial := strings.Cut(u, " WHERE ")
			if partial {
				cols += " WHERE " + normalExpr(tb, pred)
			}
			c.Uniques = append(c.Uniques, cols)
		}
		for _, ch := range tb.Checks {
			c.Checks = append(c.Checks, normalExpr(tb, ch))
		}
	}
	out.sort()
	return out
}

var cast = regexp.MustCompile(`::[a-z ]+$`)

func withoutCast(def string) string { return cast.ReplaceAllString(def, "") }

func TestSQLiteChecksAreRead(t *testing.T) {
	got := sqliteChecks("CREATE TABLE x (a INTEGER CHECK (a > 0), -- CHECK (not this)\n b TEXT CONSTRAINT k CHECK (b IN ('x', 'y') AND (a < 3)))")
	want := []string{"(a > 0)", "(b IN ('x', 'y') AND (a < 3))"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("sqliteChecks = %q, want %q", got, want)
	}
}

// onlyFirst is a migrations folder cut to its first n files.
type onlyFirst struct {
	fs.FS
	n int
}

func (o onlyFirst) Glob(pattern string) ([]string, error) {
	names, err := fs.Glob(o.FS, pattern)
	if len(names) > o.n {
		names = names[:o.n]
	}
	return names, err
}

// The same constraint as each database prints it reads the same; a change of
// value, bound, operator or connective does not.
func TestCheckExpressionsNormalise(t *testing.T) {
	tb := &tableDesc{Columns: map[string]columnDesc{"status": {}, "pay_day": {}, "net": {}, "gross": {}, "deductions": {}, "exited_on": {}}}
	same := [][2]string{
		{`((status = ANY (ARRAY['paid'::text, 'failed'::text])))`, `(status IN ('paid', 'failed'))`},
		{`(((pay_day >= 1) AND (pay_day <= 31)))`, `(pay_day BETWEEN 1 AND 31)`},
		{`(((net >= 0) AND (net = (gross - deductions))))`, `(net >= 0 AND net = gross - deductions)`},
		{`(exited_on IS NULL)`, `exited_on IS NULL`},
		{`((status <> ALL (ARRAY['paid'::text])))`, `(status NOT IN ('paid'))`},
	}
	for _, c := range same {
		if a, b := normalExpr(tb, c[0]), normalExpr(tb, c[1]); a != b {
			t.Errorf("%s and %s read differently:\n  %s\n  %s", c[0], c[1], a, b)
		}
	}
	differ := [][2]string{
		{`((status = ANY (ARRAY['paid'::text, 'failed'::text])))`, `(status IN ('paid', 'returned'))`},
		{`((status = ANY (ARRAY['paid'::text])))`, `(status NOT IN ('paid'))`},
		{`(((pay_day >= 1) AND (pay_day <= 31)))`, `(pay_day BETWEEN 1 AND 30)`},
		{`(((pay_day >= 1) AND (pay_day <= 31)))`, `(pay_day > 1 AND pay_day <= 31)`},
		{`(((net >= 0) AND (net = (gross - deductions))))`, `(net >= 0 OR net = gross - deductions)`},
		{`(exited_on IS NULL)`, `exited_on IS NOT NULL`},
		{`(net > 0)`, `(gross > 0)`},
	}
	for _, c := range differ {
		if a, b := normalExpr(tb, c[0]), normalExpr(tb, c[1]); a == b {
			t.Errorf("%s and %s read the same: %s", c[0], c[1], a)
		}
	}
}
