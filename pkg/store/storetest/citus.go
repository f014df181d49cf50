package storetest

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

// A database of a test's own on the Citus cluster, beside the shared one:
// for the operations README's "Scaling out" describes (a database moved or
// rebalanced under no other test) and for counting what Citus records of
// one test's requests alone (its two-phase commits are the database's).

// CitusNodes reads the cluster's servers (host:port) from the shared test
// database's metadata, the coordinator first, then the workers, with the
// shared database's URL to reach them by (NodeURL). It skips the test
// without WAGEGUARD_TEST_CITUS_URL.
func CitusNodes(t testing.TB) (admin *url.URL, nodes []string) {
	t.Helper()
	raw := os.Getenv(EnvCitusURL)
	if raw == "" {
		t.Skipf("needs a Citus cluster: set %s", EnvCitusURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	x := openX(t, u.String())
	defer x.Close()
	if err := x.Select(&nodes, "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE isactive ORDER BY groupid"); err != nil {
		t.Fatal(err)
	}
	return u, nodes
}

func openX(t testing.TB, raw string) *sqlx.DB {
	t.Helper()
	x, err := sqlx.Open("postgres", raw)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// NodeURL is admin's URL pointed at another server and database.
func NodeURL(admin *url.URL, hostport, db string) string {
	u := *admin
	u.Host, u.Path = hostport, "/"+db
	return u.String()
}

// ExecOn runs statements on one server's database.
func ExecOn(t testing.TB, raw string, stmts ...string) {
	t.Helper()
	x := openX(t, raw)
	defer x.Close()
	for _, q := range stmts {
		if _, err := x.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// CitusDatabase makes database name on every node with the citus extension
// (what `cluster db NAME` does), the workers added, and settings applied on
// the coordinator's database before anything is placed ("citus.shard_count
// = 4"), and returns its URL on the coordinator, not migrated. It is
// dropped from every node when the test ends (DropOn for a node added
// later).
func CitusDatabase(t testing.TB, admin *url.URL, nodes []string, name string, settings ...string) string {
	t.Helper()
	for _, n := range nodes {
		ExecOn(t, NodeURL(admin, n, "postgres"), "CREATE DATABASE "+name)
		t.Cleanup(func() { DropOn(t, NodeURL(admin, n, "postgres"), name) })
		ExecOn(t, NodeURL(admin, n, name), "CREATE EXTENSION citus")
	}
	host, port, _ := strings.Cut(nodes[0], ":")
	stmts := []string{fmt.Sprintf("SELECT citus_set_coordinator_host('%s', %s)", host, port)}
	for _, n := range nodes[1:] {
		h, p, _ := strings.Cut(n, ":")
		stmts = append(stmts, fmt.Sprintf("SELECT citus_add_node('%s', %s)", h, p))
	}
	for _, s := range settings {
		stmts = append(stmts, "ALTER DATABASE "+name+" SET "+s)
	}
	ExecOn(t, NodeURL(admin, nodes[0], name), stmts...)
	return NodeURL(admin, nodes[0], name)
}

// DropOn drops database name on the server adminURL names, connections and
// all.
func DropOn(t testing.TB, adminURL, name string) {
	x, err := sqlx.Open("postgres", adminURL)
	if err != nil {
		return
	}
	defer x.Close()
	if _, err := x.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
		t.Logf("dropping %s: %v", name, err)
	}
}
