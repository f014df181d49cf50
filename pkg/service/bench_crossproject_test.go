package service_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// benchCrossProjectReads times, after the province's check (its alerts
// written), the reads an inspector makes across every project of the
// province, which a Citus cluster runs as distributed queries (issue 19):
// the alert queue (GET /alerts's first page, by ID, 100 alerts; the
// console's, by severity, 50 alerts, with its counts), the workforce
// statistics of June 2026, and a worker looked up by their own ID, which
// names no project (README's "Scaling out"), each the best of three. On a cluster it prints
// what they cost there: statements on one shard and on several, worker
// connections opened, each node's statement time (clusterNow), and the
// alert list's distributed plan run (store.ExplainListAlerts): the tasks
// it sent and the slowest one's time on its worker beside the statement's
// on the coordinator.
func benchCrossProjectReads(b *testing.B, p *province) {
	ctx := service.WithCaller(context.Background(), service.Caller{KeyID: "bench-inspector", Role: ledger.RoleInspector, RegionCode: "130000"})
	api, console := store.AlertFilter{Limit: 100}, store.AlertFilter{Limit: 50, Order: store.AlertsBySeverity}
	best := func(what, metric string, read func() (string, error)) {
		var d time.Duration
		var n string
		for i := range 3 {
			start := time.Now()
			got, err := read()
			if err != nil {
				b.Fatalf("%s: %v", what, err)
			}
			if t := time.Since(start); i == 0 || t < d {
				d, n = t, got
			}
		}
		b.ReportMetric(d.Seconds(), metric)
		fmt.Printf("%-52s %v (best of 3; %s)\n", what+":", d.Round(100*time.Microsecond), n)
	}
	fmt.Println("reads across the province's projects, as an inspector of 130000:")
	before := clusterNow(b, p.s.db)
	best("alert queue, GET /alerts first page (by ID)", "alerts_api_s", func() (string, error) {
		a, err := p.s.svc.ListAlerts(ctx, api)
		return fmt.Sprintf("%d alerts", len(a)), err
	})
	best("alert queue, the console's first page and counts", "alerts_console_s", func() (string, error) {
		a, err := p.s.svc.ListAlerts(ctx, console)
		if err != nil {
			return "", err
		}
		c, err := p.s.svc.CountAlerts(ctx, console)
		return fmt.Sprintf("%d alerts, %d counts", len(a), len(c)), err
	})
	afterAlerts := clusterNow(b, p.s.db)
	best("workforce statistics of June 2026", "stats_month_s", func() (string, error) {
		r, err := p.s.svc.WorkforceStats(ctx, service.WorkforceStatsQuery{Period: ledger.Period{Year: 2026, Month: 6}, Groupings: ledger.StatsGroupings})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d projects, %d registered", r.Projects, r.Total.Counts[ledger.CountRegistered]), nil
	})
	afterStats := clusterNow(b, p.s.db)
	best("a worker looked up as a person (/workers/{wkr_…})", "worker_lookup_s", func() (string, error) {
		id, err := p.s.svc.EnrolmentOfWorker(ctx, "wkr_p0000w000")
		return "found " + id, err
	})
	afterWorker := clusterNow(b, p.s.db)
	afterAlerts.since(before, "the alert queue (3 API pages, 3 console pages with counts)", 6)
	afterStats.since(afterAlerts, "the month's statistics (3 runs)", 3)
	afterWorker.since(afterStats, "a worker looked up as a person (3 lookups)", 3)
	if p.s.db.Dialect.IsPostgres() {
		f := api
		f.Scope = service.Caller{Role: ledger.RoleInspector, RegionCode: "130000"}.Scope()
		plan, err := store.ExplainListAlerts(p.s.db.Reader(context.Background()), f)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Printf("  GET /alerts's statement run: %s\n", planSummary(plan))
	}
}

var (
	planTasks = regexp.MustCompile(`Task Count: (\d+)`)
	planNode  = regexp.MustCompile(`Node: host=\S+ port=(\d+)`)
	planExec  = regexp.MustCompile(`Execution Time: ([\d.]+) ms`)
)

// planSummary is where an EXPLAIN ANALYZE's time went, in a line: the
// statement's execution time (on the coordinator, for a Citus plan) and,
// for a distributed plan, its tasks and the shown task's (the slowest's)
// node and time there.
func planSummary(lines []string) string {
	var tasks, node string
	var times []string
	for _, l := range lines {
		if m := planTasks.FindStringSubmatch(l); m != nil {
			tasks = m[1]
		}
		if m := planNode.FindStringSubmatch(l); m != nil && node == "" {
			node = m[1]
		}
		if m := planExec.FindStringSubmatch(l); m != nil {
			times = append(times, m[1])
		}
	}
	if len(times) == 0 {
		return strings.Join(lines, " | ")
	}
	out := fmt.Sprintf("%s ms executing", times[len(times)-1])
	if tasks != "" && len(times) > 1 {
		out += fmt.Sprintf(" on the coordinator; %s tasks, the slowest %s ms on the worker :%s", tasks, times[0], node)
	}
	return out
}
