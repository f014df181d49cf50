package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// check runs the nightly check once for a date and prints what it did per
// rule; it exits non-zero only when the run fails.
func (m *Main) check(ctx context.Context, args []string) error {
	var asOf string
	cfg, _, err := m.flags("check", args, func(fs *flag.FlagSet) {
		fs.StringVar(&asOf, "as-of", "", "the night to check, YYYY-MM-DD (Asia/Shanghai)")
	})
	if err != nil {
		return err
	}
	day, err := ledger.ParseDate(asOf)
	if err != nil {
		return usageError{"--as-of YYYY-MM-DD is required: " + ledger.ErrorMessage(err)}
	}
	db, err := m.openCurrent(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := m.service(db, nil, m.logger(cfg))
	if cfg.PolicyFile != "" {
		data, err := os.ReadFile(cfg.PolicyFile)
		if err != nil {
			return fmt.Errorf("policy: %w", err)
		}
		if svc.Policy, err = ledger.ParsePolicy(data); err != nil {
			return err
		}
	}
	run, err := svc.RunCheck(service.WithCaller(ctx, service.CLI), day)
	if run != nil {
		m.printRun(run)
	}
	return err
}

// printRun prints a run's per-rule summary, every rule in report order.
func (m *Main) printRun(run *store.CheckRun) {
	fmt.Fprintf(m.Stdout, "check %s as of %s: %s, %d projects in %s\n", run.ID, run.AsOf, run.Status, run.Projects, run.Duration)
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "rule\tfound\topened\tupdated\tresolved\treopened\t")
	for _, r := range ledger.Rules {
		c := ledger.RuleCounts{}
		if run.Counts[r] != nil {
			c = *run.Counts[r]
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t\n", r, c.Found, c.Opened, c.Updated, c.Resolved, c.Reopened)
	}
	w.Flush()
	if run.Error != "" {
		fmt.Fprintf(m.Stdout, "error: %s\n", run.Error)
	}
}
