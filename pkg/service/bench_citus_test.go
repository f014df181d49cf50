package service_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/store"
)

// Where a benchmark's time goes on a Citus cluster (make bench-citus): the
// statements Citus ran on one shard and on several (its own counters,
// citus_stat_counters, kept while citus.enable_stat_counters is on, which
// .ci/bench-citus sets on its databases), the connections the coordinator
// opened to the workers, and each node's time executing statements
// (pg_stat_database.active_time, read on every node through
// run_command_on_all_nodes). Nothing on one server.

// clusterUse is the cluster's counters at one moment.
type clusterUse struct {
	single, multi, conns int64
	ports                []string
	active               []float64 // milliseconds, by node as in ports
}

// clusterStatsSettle is how long a backend may keep what it spent before
// pg_stat_database shows it: a backend flushes its figures at most once a
// second, and an idle one that flushed less than a second ago waits ten.
const clusterStatsSettle = 11 * time.Second

// clusterNow reads the cluster's counters, after clusterStatsSettle; nil on
// one server.
func clusterNow(tb testing.TB, db *store.DB) *clusterUse {
	tb.Helper()
	if !db.Dialect.IsCitus() {
		return nil
	}
	time.Sleep(clusterStatsSettle)
	ctx := context.Background()
	var u clusterUse
	var counters []struct {
		Single int64 `db:"single"`
		Multi  int64 `db:"multi"`
		Conns  int64 `db:"conns"`
	}
	if err := db.Select(ctx, &counters, `SELECT query_execution_single_shard AS single, query_execution_multi_shard AS multi,
		connection_establishment_succeeded AS conns FROM citus_stat_counters WHERE name = current_database()`); err != nil {
		tb.Fatal(err)
	}
	if len(counters) == 1 {
		u.single, u.multi, u.conns = counters[0].Single, counters[0].Multi, counters[0].Conns
	}
	var nodes []struct {
		Port   int    `db:"nodeport"`
		Result string `db:"result"`
	}
	if err := db.Select(ctx, &nodes, `SELECT n.nodeport, r.result FROM run_command_on_all_nodes(
			'SELECT active_time FROM pg_stat_database WHERE datname = current_database()') r
		JOIN pg_dist_node n ON n.nodeid = r.nodeid ORDER BY n.groupid, n.nodeport`); err != nil {
		tb.Fatal(err)
	}
	for _, n := range nodes {
		ms, _ := strconv.ParseFloat(n.Result, 64)
		u.ports, u.active = append(u.ports, ":"+strconv.Itoa(n.Port)), append(u.active, ms)
	}
	return &u
}

// since prints what the cluster spent from before to u, for what (what was
// measured; per is how many requests it made, 0 for one piece of work).
func (u *clusterUse) since(before *clusterUse, what string, per int) {
	if u == nil || before == nil {
		return
	}
	single, multi, conns := u.single-before.single, u.multi-before.multi, u.conns-before.conns
	var times []string
	for i, port := range u.ports {
		if i < len(before.active) {
			times = append(times, fmt.Sprintf("%s %.2f s", port, (u.active[i]-before.active[i])/1000))
		}
	}
	fmt.Printf("  cluster, %s: statements on one shard %d, on several shards %d; worker connections opened %d; statement time %s\n",
		what, single, multi, conns, strings.Join(times, ", "))
	if per > 0 {
		fmt.Printf("  cluster, %s, per request: %.1f statements on one shard, %.2f on several\n", what, float64(single)/float64(per), float64(multi)/float64(per))
	}
}
