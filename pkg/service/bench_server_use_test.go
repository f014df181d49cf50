package service_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/store"
)

// Where a night's time goes on one PostgreSQL server, printed when
// WAGEGUARD_BENCH_SERVER_USE is set (each reading waits
// clusterStatsSettle for the server's figures, half a minute a run): the
// server's time executing statements and the pages it read, from
// pg_stat_database; the page faults of the benchmark database's backends,
// from /proc when the server runs on this machine; and this process's CPU.
//
// What it showed (1 December, scale 1): a first night on a new connection
// pool cost the server ~2 s more statement time than the next night on the
// same backends, for the same pages read. A new backend maps the 128 MB of
// shared buffers page by page as it first touches them: ~53,000 page
// faults for the night's two busy backends, at 17-45 µs each on this
// virtual machine (the next night: none). With the server's shared memory
// in huge pages the first night came within 1.25× of the next.

// serverUse is the server's figures for the benchmark's database at one
// moment, with this process's CPU time.
type serverUse struct {
	active        float64 // milliseconds
	pagesRead     int64
	pagesHit      int64
	backendFaults map[int]int64 // by process; nil when /proc does not have them
	user, system  time.Duration
}

// serverNow reads the server's figures, nil unless WAGEGUARD_BENCH_SERVER_USE
// is set or on a Citus cluster (clusterNow).
func serverNow(tb testing.TB, db *store.DB) *serverUse {
	tb.Helper()
	if os.Getenv("WAGEGUARD_BENCH_SERVER_USE") == "" || db.Dialect.IsCitus() {
		return nil
	}
	time.Sleep(clusterStatsSettle)
	ctx := context.Background()
	var u serverUse
	var stat struct {
		Active float64 `db:"active_time"`
		Read   int64   `db:"blks_read"`
		Hit    int64   `db:"blks_hit"`
	}
	if err := db.Get(ctx, &stat, `SELECT active_time, blks_read, blks_hit FROM pg_stat_database WHERE datname = current_database()`); err != nil {
		tb.Fatal(err)
	}
	u.active, u.pagesRead, u.pagesHit = stat.Active, stat.Read, stat.Hit
	var pids []int
	if err := db.Select(ctx, &pids, `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`); err != nil {
		tb.Fatal(err)
	}
	u.backendFaults = backendFaults(pids)
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		u.user, u.system = time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
	}
	return &u
}

// backendFaults is the minor page faults of each of the server processes
// pids, nil when one cannot be read (a server on another machine).
func backendFaults(pids []int) map[int]int64 {
	faults := make(map[int]int64, len(pids))
	for _, pid := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return nil
		}
		// Fields after the command's closing parenthesis: state is the
		// first, minflt the eighth.
		_, rest, ok := strings.Cut(string(b), ") ")
		f := strings.Fields(rest)
		if !ok || len(f) < 8 {
			return nil
		}
		n, err := strconv.ParseInt(f[7], 10, 64)
		if err != nil {
			return nil
		}
		faults[pid] = n
	}
	return faults
}

// since prints what the server and this process spent from before to u.
// Page faults are of the backends open at u, each from its count at before
// (a backend opened since, from zero).
func (u *serverUse) since(before *serverUse, what string) {
	if u == nil || before == nil {
		return
	}
	faults := "not readable here"
	if u.backendFaults != nil && before.backendFaults != nil {
		var n int64
		for pid, now := range u.backendFaults {
			n += now - before.backendFaults[pid]
		}
		faults = strconv.FormatInt(n, 10)
	}
	fmt.Printf("  server, %s: statement time %.2f s, pages read %d, found in its buffers %d, backends' page faults %s; this process: CPU user %v, system %v\n",
		what, (u.active-before.active)/1000, u.pagesRead-before.pagesRead, u.pagesHit-before.pagesHit, faults,
		(u.user - before.user).Round(time.Millisecond), (u.system - before.system).Round(time.Millisecond))
}
