package service_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// benchOrigins are region codes of every province, the province data set's
// workers' places of origin.
var benchOrigins = []string{"130102", "130629", "410105", "411524", "510104", "513701", "340102", "342601", "360426", "430102",
	"420106", "370102", "140105", "150102", "210102", "220102", "230102", "320102", "330106", "350102", "440524", "450102",
	"460105", "500103", "520102", "530102", "540102", "610102", "620102", "630102", "640104", "650102", "110105", "120116", "310101"}

// BenchmarkWorkforceStatsProvince (issue 18, "Performance"): the province
// data set of the nightly-check benchmark, and one month's statistics of
// the whole province (June 2026, every grouping) beside one sequential
// scan of the enrolments and attendance tables, measured in the same run.
// Target: the statistics under 2× the scan.
func BenchmarkWorkforceStatsProvince(b *testing.B) {
	scale := benchScale(b)
	projects := max(1, int(math.Round(1000*scale)))
	for range b.N {
		built := time.Now()
		p := newProvince(b, projects)
		p.load(b)
		fmt.Printf("\nprovince at scale %g: %d projects, %d workers, built in %v\n", scale, projects, projects*benchWorkersPerProject,
			time.Since(built).Round(time.Millisecond))
		ctx := service.WithCaller(context.Background(), service.System)
		q := service.WorkforceStatsQuery{RegionCode: "130000", Period: ledger.Period{Year: 2026, Month: 6}, Groupings: ledger.StatsGroupings}
		var best, scan time.Duration
		var stats *service.WorkforceStats
		for i := range 3 { // the best of three of each, alternating, so neither gets a warmer cache
			s, rows := p.scan(b, "enrolments", "attendance")
			start := time.Now()
			r, err := p.s.svc.WorkforceStats(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			d := time.Since(start)
			if i == 0 || d < best {
				best, stats = d, r
			}
			if i == 0 || s < scan {
				scan = s
			}
			if i == 0 {
				fmt.Printf("sequential scan:  %d enrolment and attendance rows\n", rows)
			}
		}
		ratio := float64(best) / float64(scan)
		b.ReportMetric(best.Seconds(), "stats_s")
		b.ReportMetric(ratio, "stats/scan")
		fmt.Printf("sequential scan:  %v (best of 3)\n", scan.Round(time.Millisecond))
		fmt.Printf("month statistics: %v = %.2f× the scan (target < 2×; best of 3)\n", best.Round(time.Millisecond), ratio)
		fmt.Printf("  %d projects, %d registered, %d on site, %d paid; %d origin provinces, %d trades\n", stats.Projects,
			stats.Total.Counts[ledger.CountRegistered], stats.Total.Counts[ledger.CountOnSite], stats.Total.Counts[ledger.CountPaid],
			len(stats.Tables[2].Rows), len(stats.Tables[4].Rows))
		benchDistrictStats(b, p, q, scan)
		benchContractorStats(b, p, scan)
		benchStatsSteps(p, q)
		if hold := os.Getenv("WAGEGUARD_BENCH_HOLD"); hold != "" {
			secs, _ := strconv.Atoi(hold)
			fmt.Printf("holding %s for %d s\n", p.s.db.URL(), secs)
			time.Sleep(time.Duration(secs) * time.Second)
		}
	}
}

// benchDistrictStats times one district's month (130102, a third of the
// province's projects and workers: larger than the demo region, Fangshan,
// with its few hundred workers), as an inspector of the demo region reads
// it. Target: under a second (issue 18, "Build" 1).
func benchDistrictStats(b *testing.B, p *province, q service.WorkforceStatsQuery, scan time.Duration) {
	ctx := service.WithCaller(context.Background(), service.System)
	q.RegionCode = "130102"
	best, r := bestStatsOf3(b, p, ctx, q)
	b.ReportMetric(best.Seconds(), "district_stats_s")
	fmt.Printf("one district's month (130102: %d projects, %d registered; the demo region's query): %v = %.2f× the province scan (target < 1 s; best of 3)\n",
		r.Projects, r.Total.Counts[ledger.CountRegistered], best.Round(time.Millisecond), float64(best)/float64(scan))
}

// benchStatsSteps prints what each read of the province's statistics costs
// on its own (one run each, after the timed runs): where the time goes.
func benchStatsSteps(p *province, q service.WorkforceStatsQuery) {
	r := p.s.db.Reader(context.Background())
	f := store.WorkforceFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, RegionCode: q.RegionCode, Period: q.Period}
	step := func(name string, run func() error) {
		start := time.Now()
		if err := run(); err != nil {
			fmt.Printf("  %-22s failed: %v\n", name, err)
			return
		}
		fmt.Printf("  %-22s %v\n", name, time.Since(start).Round(time.Millisecond))
	}
	fmt.Println("what each read costs on its own:")
	var projects []store.StatsProject
	var cells ledger.WorkforceCells
	step("projects", func() (err error) { projects, err = store.StatsProjects(r, f); return err })
	ids := make([]string, len(projects))
	facts := make([]store.StatsProjectFacts, len(projects))
	for i, x := range projects {
		ids[i], facts[i] = x.ID, store.StatsProjectFacts{ID: x.ID}
	}
	step("injury coverage", func() error { _, err := store.InjuryCoverage(r, ids, q.Period); return err })
	step("counted in SQL", func() error {
		return p.s.db.ReadGrouped(context.Background(), func(q store.Querier) (err error) { cells, err = store.WorkforceCells(q, f, facts); return err })
	})
	from := ledger.Period{Year: q.Period.Year, Month: q.Period.Month - 5}
	step("six months' wages", func() error { _, err := store.WorkforceMonths(r, f, ids, from, q.Period); return err })
	step("tables (in memory)", func() error {
		ledger.BuildWorkforceReportFrom(cells, ledger.WorkforceQuery{Period: q.Period, AsOf: ledger.NewDate(2026, 7, 1), Groupings: q.Groupings,
			InjuryInsuranceKnown: true})
		return nil
	})
	fmt.Printf("  %d groups came back (%d project×employer, %d trade, %d birth month×sex, %d origin)\n",
		len(cells.Enrolments)+len(cells.Trades)+len(cells.People)+len(cells.Origins), len(cells.Enrolments), len(cells.Trades),
		len(cells.People), len(cells.Origins))
}

// bestStatsOf3 is the quickest of three answers to q and its time.
func bestStatsOf3(b *testing.B, p *province, ctx context.Context, q service.WorkforceStatsQuery) (time.Duration, *service.WorkforceStats) {
	var best time.Duration
	var r *service.WorkforceStats
	for i := range 3 {
		start := time.Now()
		got, err := p.s.svc.WorkforceStats(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		if d := time.Since(start); i == 0 || d < best {
			best, r = d, got
		}
	}
	return best, r
}

// benchContractorStats times the statistics as a general contractor reads
// them (its own projects, small counts suppressed across every table), and
// the suppression alone over the whole province's facts, as if one
// contractor held every project: the suppression's worst case.
func benchContractorStats(b *testing.B, p *province, scan time.Duration) {
	gc := service.WithCaller(context.Background(), service.Caller{KeyID: "bench-gc", OrgID: p.gcs[0], Role: ledger.RoleContractor})
	q := service.WorkforceStatsQuery{Period: ledger.Period{Year: 2026, Month: 6}, Groupings: ledger.StatsGroupings}
	best, r := bestStatsOf3(b, p, gc, q)
	b.ReportMetric(best.Seconds(), "gc_stats_s")
	fmt.Printf("a contractor's statistics (%d projects, suppressed): %v = %.2f× the scan (best of 3)\n", r.Projects,
		best.Round(time.Millisecond), float64(best)/float64(scan))
	f := store.WorkforceFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, Period: q.Period}
	r0 := p.s.db.Reader(context.Background())
	projects, err := store.StatsProjects(r0, f)
	if err != nil {
		b.Fatal(err)
	}
	facts := make([]store.StatsProjectFacts, len(projects))
	for i, x := range projects {
		facts[i] = store.StatsProjectFacts{ID: x.ID}
	}
	cells, err := store.WorkforceCells(r0, f, facts)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	ledger.BuildWorkforceReportFrom(cells, ledger.WorkforceQuery{Period: q.Period, AsOf: ledger.NewDate(2026, 7, 1), Groupings: ledger.StatsGroupings, Suppress: true})
	d := time.Since(start)
	b.ReportMetric(d.Seconds(), "suppressed_build_s")
	fmt.Printf("the whole province's groups tabled and suppressed in memory: %v\n", d.Round(time.Millisecond))
}
