package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/store"
)

// What a test reads of Citus's own statistics to tell whether a request
// wrote on one shard (issue 19): the HTTP API's tests and the console's
// read the same measure.

// OwnCitusDatabase is a migrated database of the test's own on the Citus
// cluster, two shards a table (one on each worker), with settings on every
// node's copy, opened with opts; the test is skipped without
// WAGEGUARD_TEST_CITUS_URL.
func OwnCitusDatabase(t testing.TB, settings []string, opts ...store.Option) *store.DB {
	t.Helper()
	admin, nodes := CitusNodes(t)
	name := strings.ToLower(Unique("wg_oneshard"))
	raw := CitusDatabase(t, admin, nodes, name, "citus.shard_count = 2")
	for _, n := range nodes {
		for _, set := range settings {
			ExecOn(t, NodeURL(admin, n, "postgres"), "ALTER DATABASE "+name+" SET "+set)
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, raw, append([]store.Option{store.WithMaxConns(8)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// NewOwn is New for a test whose requests read or write every project of
// its database (the nightly check, a recount of every deadline) and that
// counts what they did: on the Citus cluster (WAGEGUARD_TEST_CITUS_URL) its
// PostgreSQL database is one of its own there (OwnCitusDatabase), where the
// shared one holds every other test's projects.
func NewOwn(t testing.TB, dialect string, opts ...store.Option) *store.DB {
	t.Helper()
	if dialect == store.Postgres.Name && Shared() {
		return OwnCitusDatabase(t, nil, opts...)
	}
	return New(t, dialect, opts...)
}

// ResetTenantStats forgets the tenants' counts on every node.
func ResetTenantStats(t testing.TB, db *store.DB) {
	t.Helper()
	if err := db.ExecRaw(context.Background(), "SELECT citus_stat_tenants_reset()"); err != nil {
		t.Fatal(err)
	}
}

// TenantsWritten are the distribution values (projects, scopes, chains)
// that statements other than reads were routed to since the last reset
// (citus.stat_tenants_track = 'all' in the database).
func TenantsWritten(t testing.TB, db *store.DB) []string {
	t.Helper()
	var out []string
	if err := db.Select(context.Background(), &out, `SELECT DISTINCT COALESCE(tenant_attribute, '') FROM citus_stat_tenants(TRUE)
		WHERE query_count_in_this_period + query_count_in_last_period > read_count_in_this_period + read_count_in_last_period
		ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	return out
}

// WatchTwoPhaseCommits watches, on a Citus cluster, the two-phase commits
// the coordinator records (pg_dist_transaction: a row per worker a
// transaction prepared on, for a transaction that wrote on more than one
// node) and returns a function that tells how many distributed
// transactions were recorded since it was last called. Citus's recovery
// deletes a committed transaction's rows within citus.recover_2pc_interval
// (a minute), so the table is read every 20 ms and every transaction seen
// is counted. On one server it counts nothing.
func WatchTwoPhaseCommits(t testing.TB, db *store.DB) func() int {
	if !db.Dialect.IsCitus() {
		return func() int { return 0 }
	}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	seen, counted := map[string]bool{}, map[string]bool{}
	read := func() {
		var gids []string
		if err := db.Reader(ctx).Select(&gids, "SELECT gid FROM pg_dist_transaction"); err != nil {
			if ctx.Err() == nil {
				t.Errorf("reading pg_dist_transaction: %v", err)
			}
			return
		}
		mu.Lock()
		for _, g := range gids {
			seen[transactionOf(g)] = true
		}
		mu.Unlock()
	}
	read()
	for g := range seen {
		counted[g] = true // before the watch began
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			read()
			time.Sleep(20 * time.Millisecond)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return func() int {
		read()
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for g := range seen {
			if !counted[g] {
				counted[g], n = true, n+1
			}
		}
		return n
	}
}

// transactionOf is the distributed transaction a 2PC record's gid names:
// citus_<group>_<pid>_<transaction number>_<connection>, one record per
// connection the transaction prepared on.
func transactionOf(gid string) string {
	if i := strings.LastIndexByte(gid, '_'); i > 0 {
		return gid[:i]
	}
	return gid
}
