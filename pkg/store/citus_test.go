package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestCitusPlacesEveryTable reads Citus's own metadata (citus_tables) on
// the cluster (WAGEGUARD_TEST_CITUS_URL) after Migrate: every table with a
// project_id column is distributed by it, co-located with projects (which
// is distributed by its id), or is a reference table of the few that hold
// keys unique across projects; the audit chains are distributed by chain and
// co-located too; the reference tables are those CitusLayout names; nothing
// stays on the coordinator alone but schema_migrations, which only the
// migrator reads and writes there.
func TestCitusPlacesEveryTable(t *testing.T) {
	db := storetest.New(t, "postgres")
	if !db.Dialect.IsCitus() {
		t.Skipf("needs a Citus cluster: set %s", storetest.EnvCitusURL)
	}
	ctx := context.Background()
	var placed []struct {
		Table  string `db:"table_name"`
		Type   string `db:"citus_table_type"`
		Column string `db:"distribution_column"`
		Group  int    `db:"colocation_id"`
	}
	if err := db.Select(ctx, &placed, `SELECT c.relname AS table_name, COALESCE(ct.citus_table_type, '') AS citus_table_type,
		COALESCE(ct.distribution_column, '') AS distribution_column, COALESCE(ct.colocation_id, 0) AS colocation_id
		FROM pg_class c LEFT JOIN citus_tables ct ON ct.table_name = c.oid::regclass
		WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	var tenant []string
	if err := db.Select(ctx, &tenant, `SELECT c.table_name FROM information_schema.columns c
		JOIN information_schema.tables t USING (table_schema, table_name)
		WHERE c.table_schema = current_schema() AND c.column_name = 'project_id' AND t.table_type = 'BASE TABLE'`); err != nil {
		t.Fatal(err)
	}
	layout, err := store.CitusLayout(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	group := map[string]int{}
	for _, p := range placed {
		group[p.Table] = p.Group
	}
	if group["projects"] == 0 {
		t.Fatalf("projects is not distributed: %+v", placed)
	}
	// Reference tables with a project_id column: the global keys only.
	globalKeys := []string{"project_keys"}
	counts := map[string]int{}
	for _, p := range placed {
		want := layout[p.Table]
		switch {
		case slices.Contains(tenant, p.Table) && !slices.Contains(globalKeys, p.Table) &&
			(p.Type != "distributed" || p.Column != "project_id" || p.Group != group["projects"]):
			t.Errorf("tenant table %s is %s by %q in colocation group %d, not distributed by project_id with projects (group %d)",
				p.Table, p.Type, p.Column, p.Group, group["projects"])
		case want == "local":
			if p.Type != "" {
				t.Errorf("%s should stay on the coordinator alone, Citus has it as %s", p.Table, p.Type)
			}
		case want == "reference":
			if p.Type != "reference" {
				t.Errorf("%s should be a reference table, Citus has it as %q", p.Table, p.Type)
			}
		case p.Type != "distributed" || p.Column != want || p.Group != group["projects"]:
			t.Errorf("%s should be distributed by %s with projects (group %d): Citus has %q by %q in group %d",
				p.Table, want, group["projects"], p.Type, p.Column, p.Group)
		}
		counts[p.Type]++
	}
	if counts[""] != 1 || counts["reference"] < 10 || counts["distributed"] < 40 {
		t.Errorf("placed: %v", counts)
	}
	t.Logf("%d distributed, %d reference, %d on the coordinator alone", counts["distributed"], counts["reference"], counts[""])
}

// A later migration's new tenant table, with foreign keys to projects (a
// distributed table) and to organizations (a reference table), is placed
// by Migrate like the first migrations' tables: distributed by project_id
// with projects, its foreign keys kept. (Without prepareMigration Citus
// refuses the CREATE TABLE itself.)
func TestCitusPlacesALaterMigrationsTable(t *testing.T) {
	db := storetest.New(t, "postgres")
	if !db.Dialect.IsCitus() {
		t.Skipf("needs a Citus cluster: set %s", storetest.EnvCitusURL)
	}
	ctx := context.Background()
	table := storetest.Unique("later_facts")
	t.Cleanup(func() { _ = db.ExecRaw(ctx, "DROP TABLE IF EXISTS "+table) })
	// A table made but not placed (a migrate stopped before placing it):
	// serve refuses to start on the schema.
	must(t, db.ExecRaw(ctx, `CREATE TABLE `+table+` (project_id TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, PRIMARY KEY (project_id, id))`))
	if err := db.CheckSchema(ctx); err == nil || !strings.Contains(err.Error(), table+" is not yet distributed") {
		t.Fatalf("CheckSchema with a table left on the coordinator: %v", err)
	}
	must(t, db.ExecRaw(ctx, "DROP TABLE "+table))
	if err := db.RunAsMigration(ctx, `CREATE TABLE `+table+` (
		project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
		id         TEXT COLLATE "C" NOT NULL,
		issuer_id  TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
		PRIMARY KEY (project_id, id))`); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := db.Select(ctx, &got, `SELECT ct.citus_table_type || ' ' || ct.distribution_column || ' ' ||
		(ct.colocation_id = (SELECT colocation_id FROM citus_tables WHERE table_name = 'projects'::regclass))::text
		FROM citus_tables ct WHERE ct.table_name = ?::regclass
		UNION ALL SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.conrelid = ?::regclass AND c.contype = 'f'`, table, table); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := []string{"FOREIGN KEY (issuer_id) REFERENCES organizations(id)", "FOREIGN KEY (project_id) REFERENCES projects(id)", "distributed project_id true"}
	if !slices.Equal(got, want) {
		t.Fatalf("the later table is placed as %q, want %q", got, want)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("CheckSchema once every table is placed: %v", err)
	}
}

// TestCitusReadsNamingProjectsStayOnTheirShards runs, on the cluster, the
// nightly check's reads of many projects handed one project, and a
// request's standing to a project, with Citus refusing any statement of
// more than one task (citus.multi_task_query_log_level = error): each must
// go to that project's shard alone, its subqueries too. The check hands
// them every project, so they go to the shards that hold projects, not to
// every shard (issue 19: a read that names no project costs a task on each
// shard, empty or not). A read handed no list is refused, as it should be.
func TestCitusReadsNamingProjectsStayOnTheirShards(t *testing.T) {
	db := storetest.New(t, "postgres")
	if !db.Dialect.IsCitus() {
		t.Skipf("needs a Citus cluster: set %s", storetest.EnvCitusURL)
	}
	project, gc := storetest.Unique("prj_oneshard"), storetest.Unique("org_gc")
	one, night := []string{project}, ledger.NewDate(2026, 7, 20)
	contractor := store.Scope{Role: ledger.RoleContractor, OrgID: gc}
	reads := map[string]func(tx *store.Tx) error{
		"ChangeMarks":         func(tx *store.Tx) error { _, err := store.ChangeMarks(tx, one); return err },
		"RecordMarks":         func(tx *store.Tx) error { _, err := store.RecordMarks(tx, one); return err },
		"ListingMarks":        func(tx *store.Tx) error { _, err := store.ListingMarks(tx, one); return err },
		"AlertVersions":       func(tx *store.Tx) error { _, err := store.AlertVersions(tx, one); return err },
		"CheckInputs":         func(tx *store.Tx) error { _, err := store.CheckInputs(tx, night, one); return err },
		"ContractorHistories": func(tx *store.Tx) error { _, err := store.ContractorHistories(tx, []string{gc}, one); return err },
		"ListingsOfUnits":     func(tx *store.Tx) error { _, err := store.ListingsOfUnits(tx, []string{gc}, one); return err },
		"ProjectsActiveOn":    func(tx *store.Tx) error { _, err := store.ProjectsActiveOn(tx, gc, "1101", night, one); return err },
		"StandingTo":          func(tx *store.Tx) error { _, err := contractor.StandingTo(tx, store.KindProject, project); return err },
		"CheckFacts": func(tx *store.Tx) error {
			_, err := store.CheckFacts(tx, &ledger.Project{ID: project, StartedOn: ledger.NewDate(2026, 1, 1)}, night)
			return err
		},
		"ProjectGuarantees":              func(tx *store.Tx) error { _, err := store.ProjectGuarantees(tx, project); return err },
		"AlertVersions of every project": func(tx *store.Tx) error { _, err := store.AlertVersions(tx, nil); return err },
	}
	for name, read := range reads {
		err := db.WithTx(context.Background(), func(tx *store.Tx) error {
			if _, err := tx.Exec("SET LOCAL citus.multi_task_query_log_level = 'error'"); err != nil {
				t.Fatal(err)
			}
			return read(tx)
		})
		if every := strings.HasSuffix(name, "of every project"); every != (err != nil) {
			t.Errorf("%s: %v (a read of every project should be refused, one of a project's shard not)", name, err)
		}
	}
}

// TestCitusReadsByOwnIDStayOnTheirShard runs, on the cluster, every read of
// a resource named by its own ID alone (the /payrolls/{id}, /alerts/{id},
// /orders/{id}, /guarantees/{id}, /complaints/{id} and proposal routes'
// access check and reads, a bank's confirmation by instruction ID, a
// payslip link) and the pruning of a batch's old check inputs, with Citus
// refusing any statement of more than one task: handed IDs made by
// ledger.NewIDIn, which carry their project, each goes to that project's
// shard alone (issue 19). Handed IDs made before (ledger.NewID, no project
// in them), the same reads are found by ID alone, on every shard, and are
// refused: the project the ID carries is what holds them to one shard.
func TestCitusReadsByOwnIDStayOnTheirShard(t *testing.T) {
	db := storetest.New(t, "postgres")
	if !db.Dialect.IsCitus() {
		t.Skipf("needs a Citus cluster: set %s", storetest.EnvCitusURL)
	}
	project, gc := ledger.NewID(ledger.PrefixProject), storetest.Unique("org_gc")
	contractor := store.Scope{Role: ledger.RoleContractor, OrgID: gc}
	inspector := store.Scope{Role: ledger.RoleInspector, RegionCode: "110105"}
	reads := func(id func(prefix string) string) map[string]func(tx *store.Tx) error {
		payroll := id("pay")
		ins := []string{"ins" + strings.TrimPrefix(payroll, "pay") + "_1", "ins" + strings.TrimPrefix(payroll, "pay") + "_2"}
		out := map[string]func(tx *store.Tx) error{
			"GetPayroll":          func(tx *store.Tx) error { return found(store.GetPayroll(tx, payroll)) },
			"GetInstruction":      func(tx *store.Tx) error { return found(store.GetInstruction(tx, ins[0])) },
			"PaymentInstructions": func(tx *store.Tx) error { _, err := store.PaymentInstructions(tx, ins); return err },
			"InstructionProjects": func(tx *store.Tx) error { _, err := store.InstructionProjects(tx, "org_bank", ins); return err },
			"GetAlert":            func(tx *store.Tx) error { return found(store.GetAlert(tx, id(ledger.PrefixAlert))) },
			"GetComplaint":        func(tx *store.Tx) error { return found(store.GetComplaint(tx, id(ledger.PrefixComplaint))) },
			"GetPayOrder":         func(tx *store.Tx) error { return found(store.GetPayOrder(tx, id(ledger.PrefixPayOrder))) },
			"GetListing":          func(tx *store.Tx) error { return found(store.GetListing(tx, id(ledger.PrefixListing))) },
			"GetGuarantee":        func(tx *store.Tx) error { return found(store.GetGuarantee(tx, id(ledger.PrefixGuarantee))) },
			"LockProjectGuarantees": func(tx *store.Tx) error {
				return store.LockProjectGuarantees(tx, id(ledger.PrefixGuarantee))
			},
			"PayslipTokenByHash": func(tx *store.Tx) error {
				_, err := store.PayslipTokenByHash(tx, id(ledger.PrefixPayslipToken), "0123")
				return err
			},
		}
		for _, k := range []struct {
			kind   store.Kind
			prefix string
		}{{store.KindPayroll, "pay"}, {store.KindInstruction, "ins"}, {store.KindEnrolment, "enr"}, {store.KindAlert, ledger.PrefixAlert},
			{store.KindGuarantee, ledger.PrefixGuarantee}, {store.KindComplaint, ledger.PrefixComplaint}, {store.KindOrder, ledger.PrefixPayOrder},
			{store.KindListing, ledger.PrefixListing}} {
			for _, s := range []store.Scope{contractor, inspector} {
				out[fmt.Sprintf("StandingTo %s as %s", k.prefix, s.Role)] = func(tx *store.Tx) error {
					_, err := s.StandingTo(tx, k.kind, id(k.prefix))
					return err
				}
			}
		}
		return out
	}
	run := func(read func(tx *store.Tx) error) error {
		return db.WithTx(context.Background(), func(tx *store.Tx) error {
			if _, err := tx.Exec("SET LOCAL citus.multi_task_query_log_level = 'error'"); err != nil {
				t.Fatal(err)
			}
			return read(tx)
		})
	}
	for name, read := range reads(func(prefix string) string { return ledger.NewIDIn(prefix, project) }) {
		if err := run(read); err != nil {
			t.Errorf("%s of an ID naming its project: %v (should go to the project's shard alone)", name, err)
		}
	}
	for name, read := range reads(ledger.NewID) {
		if err := run(read); err == nil || !strings.Contains(err.Error(), "multi-task") {
			t.Errorf("%s of an ID naming no project: %v (should go to every shard, refused here)", name, err)
		}
	}
	// A batch's pruning of its projects' old check inputs, on their shard.
	prune := func(projects []string) func(tx *store.Tx) error {
		return func(tx *store.Tx) error { return store.PruneCheckInputs(tx, ledger.NewDate(2026, 6, 1), projects) }
	}
	if err := run(prune([]string{project})); err != nil {
		t.Errorf("PruneCheckInputs of one project: %v (should go to its shard alone)", err)
	}
}

// found is a read's error, with a resource not found taken as found: the
// reads above are of IDs no row has, routed the same as those of rows.
func found[T any](_ T, err error) error {
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil
	}
	return err
}
