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
// clusterStatsSettle for the server's figures, about forty seconds a
// run): the server's time executing statements and the pages it read, from
// pg_stat_database; the CPU time and page faults of the benchmark
// database's backends, from /proc when the server runs on this machine;
// and this process's CPU.
//
// What it showed (1 December, scale 1): a first night on a new connection
// pool cost the server's backends 3.98 s of CPU, the next night on the same
// backends 2.35 s, for the same 61,000 pages read. A new backend maps the
// 128 MB of shared buffers page by page as it first touches them: 60,000
// page faults for the night's two busy backends, about 27 µs each on this
// virtual machine, against 2,700 the next night. With the server's shared
// memory in huge pages (vm.nr_hugepages; PostgreSQL's huge_pages=try
// takes them) a first night faulted 4,700 times (three runs: 4.7-5.2×
// the scan, not interleaved with runs without, which took 5.9-6.9×).

// serverUse is the server's figures for the benchmark's database at one
// moment, with this process's CPU time.
type serverUse struct {
	active       float64 // milliseconds
	pagesRead    int64
	pagesHit     int64
	backends     map[int]backendUse // by process; nil when /proc does not have them
	user, system time.Duration
	faults       int64 // this process's minor page faults
}

// serverNow reads the server's figures; nil when WAGEGUARD_BENCH_SERVER_USE
// is not set, and on a Citus cluster (clusterNow reads each node's there).
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
	u.backends = backendsNow(pids)
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		u.user, u.system, u.faults = time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), ru.Minflt
	}
	return &u
}

// backendUse is one server process's minor page faults and CPU time (in
// clock ticks, a hundredth of a second on Linux).
type backendUse struct{ faults, ticks int64 }

// backendsNow reads each of the server processes pids from /proc, nil when
// one cannot be read (a server on another machine).
func backendsNow(pids []int) map[int]backendUse {
	use := make(map[int]backendUse, len(pids))
	for _, pid := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return nil
		}
		// Fields after the command's closing parenthesis, from state:
		// minflt is the eighth, utime and stime the twelfth and thirteenth.
		_, rest, ok := strings.Cut(string(b), ") ")
		f := strings.Fields(rest)
		if !ok || len(f) < 13 {
			return nil
		}
		var n [3]int64
		for i, field := range []string{f[7], f[11], f[12]} {
			if n[i], err = strconv.ParseInt(field, 10, 64); err != nil {
				return nil
			}
		}
		use[pid] = backendUse{faults: n[0], ticks: n[1] + n[2]}
	}
	return use
}

// since prints what the server and this process spent from before to u.
// The backends' figures are of those open at u, each from its figures at
// before (a backend opened since, from zero).
func (u *serverUse) since(before *serverUse, what string) {
	if u == nil || before == nil {
		return
	}
	backends := "not readable here"
	if u.backends != nil && before.backends != nil {
		var faults, ticks int64
		for pid, now := range u.backends {
			faults, ticks = faults+now.faults-before.backends[pid].faults, ticks+now.ticks-before.backends[pid].ticks
		}
		backends = fmt.Sprintf("CPU %.2f s, page faults %d", float64(ticks)/100, faults)
	}
	fmt.Printf("  server, %s: statement time %.2f s, pages read %d, found in its buffers %d; its backends: %s; this process: CPU user %v, system %v, page faults %d\n",
		what, (u.active-before.active)/1000, u.pagesRead-before.pagesRead, u.pagesHit-before.pagesHit, backends,
		(u.user - before.user).Round(time.Millisecond), (u.system - before.system).Round(time.Millisecond), u.faults-before.faults)
}
