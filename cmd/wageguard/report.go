package main

import (
	"context"
	"flag"
	"os"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/statsfile"
)

// report writes a month's workforce statistics of a region (the monthly
// district report, issue 18) to an XLSX workbook or a CSV file, the figures
// GET /stats/workforce answers an inspector of that region.
func (m *Main) report(ctx context.Context, args []string) error {
	var region, period, out string
	cfg, _, err := m.flags("report", args, func(fs *flag.FlagSet) {
		fs.StringVar(&region, "region", "", "the division code, e.g. 110111 (its sub-divisions are included; every project when left out)")
		fs.StringVar(&period, "period", "", "the month, YYYY-MM")
		fs.StringVar(&out, "out", "", "the file to write: .xlsx or .csv (an existing file is not overwritten)")
	})
	if err != nil {
		return err
	}
	month, err := ledger.ParsePeriod(period)
	if err != nil {
		return usageError{"--period YYYY-MM is required: " + ledger.ErrorMessage(err)}
	}
	write := statsfile.WriteXLSX
	switch lower := strings.ToLower(out); {
	case strings.HasSuffix(lower, ".csv"):
		write = statsfile.WriteCSV
	case !strings.HasSuffix(lower, ".xlsx"):
		return usageError{"--out names the report file, ending .xlsx or .csv"}
	}
	db, err := m.openCurrent(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := m.service(db, nil, m.logger(cfg))
	if svc.Policy, err = loadPolicy(cfg.PolicyFile); err != nil {
		return err
	}
	stats, err := svc.WorkforceStats(service.WithCaller(ctx, service.CLI), service.WorkforceStatsQuery{RegionCode: region, Period: month,
		Groupings: ledger.StatsGroupings})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if err := write(f, stats); err != nil {
		f.Close()
		os.Remove(out)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	m.say(m.Stdout, "wrote %s: %s, %d {project|projects}, %d {worker|workers} registered\n", out, month, stats.Projects, stats.Total.Counts[ledger.CountRegistered])
	return nil
}
