package store_test

import (
	"context"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The operations README's "Scaling out" describes, run on the local
// cluster: each test makes a database of its own on every node (the shared
// test database is not moved or rebalanced under the other tests) and drops
// it afterwards.

// EnvCitusNewNode names a server with the citus library loaded that is not
// yet in the cluster (host:port; `cluster node 5436` starts one), for the
// test that adds a worker and rebalances onto it.
const envCitusNewNode = "WAGEGUARD_TEST_CITUS_NEW_NODE"

// rowCounts counts every base table's rows.
func rowCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	ctx := context.Background()
	var tables []string
	if err := db.Select(ctx, &tables, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, tb := range tables {
		var n int
		if err := db.Get(ctx, &n, "SELECT count(*) FROM "+tb); err != nil {
			t.Fatal(err)
		}
		out[tb] = n
	}
	return out
}

// checkPlacedAsLayout compares Citus's metadata with CitusLayout.
func checkPlacedAsLayout(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	layout, err := store.CitusLayout(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var placed []struct {
		Table  string `db:"t"`
		Type   string `db:"ty"`
		Column string `db:"col"`
	}
	if err := db.Select(ctx, &placed, `SELECT c.relname AS t, COALESCE(ct.citus_table_type, '') AS ty, COALESCE(ct.distribution_column, '') AS col
		FROM pg_class c LEFT JOIN citus_tables ct ON ct.table_name = c.oid::regclass
		WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace`); err != nil {
		t.Fatal(err)
	}
	for _, p := range placed {
		got := p.Column
		switch p.Type {
		case "reference":
			got = "reference"
		case "":
			got = "local"
		}
		if layout[p.Table] == "project_id" && p.Table == "project_keys" {
			continue // a reference table with a project_id column
		}
		if got != layout[p.Table] {
			t.Errorf("%s is placed as %s (%q), the rule table says %s", p.Table, p.Type, p.Column, layout[p.Table])
		}
	}
	if len(placed) < 50 {
		t.Errorf("only %d tables", len(placed))
	}
}

// TestCitusMigratePlacesARestoredDump is README's move of an existing
// database: a plain PostgreSQL database migrated and holding a project's
// rows is dumped (pg_dump), restored into a cluster database with the
// extension, and `wageguard migrate` (Migrate) there places every table by
// the rule table with all rows kept, the append-only guards still acting.
func TestCitusMigratePlacesARestoredDump(t *testing.T) {
	admin, nodes := storetest.CitusNodes(t)
	pgBin := os.Getenv("WAGEGUARD_TEST_PG_BIN")
	if pgBin == "" {
		pgBin = "/usr/lib/postgresql/15/bin"
	}
	ctx := context.Background()
	// The plain database: on the coordinator's server, without the extension.
	plain := strings.ToLower(storetest.Unique("wg_plain"))
	storetest.ExecOn(t, storetest.NodeURL(admin, nodes[0], "postgres"), "CREATE DATABASE "+plain)
	t.Cleanup(func() { storetest.DropOn(t, storetest.NodeURL(admin, nodes[0], "postgres"), plain) })
	src, err := store.Open(ctx, storetest.NodeURL(admin, nodes[0], plain))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if src.Dialect.IsCitus() {
		t.Fatal("the plain database is taken for Citus")
	}
	if _, err := src.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	newPayrollShape(t, src, 300)
	if _, err := src.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
	before := rowCounts(t, src)
	if before["payroll_lines"] == 0 || before["audit_log"] == 0 {
		t.Fatalf("the plain database holds too little to move: %v", before)
	}
	dump := filepath.Join(t.TempDir(), "wg.dump")
	if out, err := osexec.Command(pgBin+"/pg_dump", "-Fc", "-f", dump, storetest.NodeURL(admin, nodes[0], plain)).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v: %s", err, out)
	}

	name := strings.ToLower(storetest.Unique("wg_moved"))
	target := storetest.CitusDatabase(t, admin, nodes, name, "citus.shard_count = 4")
	if out, err := osexec.Command(pgBin+"/pg_restore", "--no-owner", "--exit-on-error", "-d", target, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v: %s", err, out)
	}
	db, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.Dialect.IsCitus() {
		t.Fatal("the cluster database is not taken for Citus")
	}
	if err := db.CheckSchema(ctx); err == nil {
		t.Fatal("CheckSchema accepts the restored tables before they are placed")
	}
	start := time.Now()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("migrate placed the restored tables in %v", time.Since(start).Round(time.Millisecond))
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("CheckSchema after migrate: %v", err)
	}
	checkPlacedAsLayout(t, db)
	if after := rowCounts(t, db); !mapsEqual(before, after) {
		t.Errorf("rows before the move %v, after %v", before, after)
	}
	// The rows are on the workers' shards, not only in the coordinator's
	// leftover local copy: count them through a worker's shard tables.
	var onWorkers int
	if err := db.Get(ctx, &onWorkers, `SELECT COALESCE(sum(result::bigint), 0) FROM run_command_on_shards('payroll_lines', 'SELECT count(*) FROM %s')`); err != nil {
		t.Fatal(err)
	}
	if onWorkers != before["payroll_lines"] {
		t.Errorf("payroll_lines: %d rows on the shards, %d moved", onWorkers, before["payroll_lines"])
	}
	if err := db.ExecRaw(ctx, "DELETE FROM audit_log"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("deleting from audit_log after the move: %v", err)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestCitusAddNodeAndRebalance adds a worker (a fourth server,
// WAGEGUARD_TEST_CITUS_NEW_NODE) to a populated cluster database, rebalances
// the shards onto it as README's "Scaling out" says, and checks that shards
// moved there, every row is still read and a write still works (a new
// organisation, a reference table's, and new projects, some on the new
// node); then drains and removes the node so the next run starts as this
// one did.
func TestCitusAddNodeAndRebalance(t *testing.T) {
	admin, nodes := storetest.CitusNodes(t)
	newNode := os.Getenv(envCitusNewNode)
	if newNode == "" {
		t.Skipf("needs a server not yet in the cluster: set %s (cluster node 5436)", envCitusNewNode)
	}
	if slices.Contains(nodes, newNode) {
		t.Fatalf("%s is already in the cluster", newNode)
	}
	ctx := context.Background()
	name := strings.ToLower(storetest.Unique("wg_rebalance"))
	raw := storetest.CitusDatabase(t, admin, nodes, name, "citus.shard_count = 8")
	db, err := store.Open(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	shape := newPayrollShape(t, db, 200)
	svc := service.New(db, nil)
	sys := service.WithCaller(ctx, service.System)
	var projects []string
	var bank string
	must(t, db.Get(ctx, &bank, "SELECT id FROM organizations WHERE kind = 'bank'"))
	addProjects := func(from, n int) {
		for i := from; i < from+n; i++ {
			owner, err := svc.CreateOrganization(sys, ledger.Organization{Name: fmt.Sprintf("owner %d", i), USCC: uscc(100 + i), Kind: ledger.OrgOwner, RegionCode: "110105"})
			if err != nil {
				t.Fatal(err)
			}
			p, err := svc.CreateProject(sys, ledger.Project{Code: fmt.Sprintf("REB%d", i), Name: "rebalance", RegionCode: "110105", OwnerID: owner.ID,
				GeneralContractorID: shape.employer, ContractAmount: ledger.MustMoney("1000000"), StartedOn: ledger.NewDate(2025, 1, 1),
				PlannedCompletionOn: ledger.NewDate(2027, 1, 1), PayDay: 15, LabourCostCycle: ledger.Monthly,
				WageAccount: ledger.WageAccountRef{BankID: bank, AccountNo: fmt.Sprintf("2200%08d", i)}})
			if err != nil {
				t.Fatal(err)
			}
			projects = append(projects, p.ID)
		}
	}
	addProjects(0, 8)
	before := rowCounts(t, db)

	h, p, _ := strings.Cut(newNode, ":")
	storetest.ExecOn(t, storetest.NodeURL(admin, newNode, "postgres"), "CREATE DATABASE "+name)
	t.Cleanup(func() { storetest.DropOn(t, storetest.NodeURL(admin, newNode, "postgres"), name) })
	storetest.ExecOn(t, storetest.NodeURL(admin, newNode, name), "CREATE EXTENSION citus")
	start := time.Now()
	must(t, db.ExecRaw(ctx, fmt.Sprintf("SELECT citus_add_node('%s', %s)", h, p)))
	// The job runs in the background; wait for it as an operator would.
	must(t, db.ExecRaw(ctx, "SELECT citus_rebalance_start(shard_transfer_mode := 'block_writes')"))
	must(t, db.ExecRaw(ctx, "SELECT citus_rebalance_wait()"))
	t.Logf("added %s and rebalanced in %v", newNode, time.Since(start).Round(time.Millisecond))
	var status string
	must(t, db.Get(ctx, &status, "SELECT state::text FROM pg_dist_background_job ORDER BY job_id DESC LIMIT 1"))
	if status != "finished" {
		t.Fatalf("the rebalance job ended %s", status)
	}
	var moved int
	must(t, db.Get(ctx, &moved, "SELECT count(*) FROM citus_shards WHERE nodename = ? AND nodeport = ? AND citus_table_type = 'distributed'", h, p))
	if moved == 0 {
		t.Fatal("no shard moved onto the new node")
	}
	t.Logf("%d distributed shards on the new node", moved)
	if after := rowCounts(t, db); !mapsEqual(before, after) {
		t.Errorf("rows before the rebalance %v, after %v", before, after)
	}
	addProjects(8, 8)
	// Which of the projects' rows sit on the new node's shards.
	var newShards, projectShards []int64
	must(t, db.Select(ctx, &newShards, "SELECT shardid FROM citus_shards WHERE table_name = 'projects'::regclass AND nodename = ? AND nodeport = ?", h, p))
	must(t, db.Select(ctx, &projectShards, "SELECT get_shard_id_for_distribution_column('projects', id) FROM projects WHERE id = ANY(?)", pq.Array(projects)))
	onNew := 0
	for _, s := range projectShards {
		if slices.Contains(newShards, s) {
			onNew++
		}
	}
	if onNew == 0 {
		t.Errorf("none of %d projects is on the new node's shards %v (theirs: %v)", len(projects), newShards, projectShards)
	}
	t.Logf("%d of %d projects on the new node", onNew, len(projects))
	var n int
	must(t, db.Get(ctx, &n, "SELECT count(*) FROM projects WHERE id = ANY(?)", pq.Array(projects)))
	if n != 16 {
		t.Errorf("%d of the 16 projects read back", n)
	}

	start = time.Now()
	must(t, db.ExecRaw(ctx, fmt.Sprintf("SELECT citus_drain_node('%s', %s, shard_transfer_mode := 'block_writes')", h, p)))
	must(t, db.ExecRaw(ctx, fmt.Sprintf("SELECT citus_remove_node('%s', %s)", h, p)))
	t.Logf("drained and removed %s in %v", newNode, time.Since(start).Round(time.Millisecond))
	before["projects"] += 8
	after := rowCounts(t, db)
	if after["projects"] != before["projects"] || after["payroll_lines"] != before["payroll_lines"] {
		t.Errorf("after the drain: projects %d (want %d), payroll_lines %d (want %d)", after["projects"], before["projects"], after["payroll_lines"], before["payroll_lines"])
	}
}
