package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/config"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// check runs the nightly check once for a date and prints what it did per
// rule; it exits non-zero only when the run fails. With --from, --to and
// --dry-run it back-tests the --policy file instead (backTest).
func (m *Main) check(ctx context.Context, args []string) error {
	var asOf, from, to string
	var dryRun bool
	cfg, _, err := m.flags("check", args, func(fs *flag.FlagSet) {
		fs.StringVar(&asOf, "as-of", "", "the night to check, YYYY-MM-DD (Asia/Shanghai)")
		fs.StringVar(&from, "from", "", "back-test: the first night to replay, YYYY-MM-DD")
		fs.StringVar(&to, "to", "", "back-test: the last night to replay, YYYY-MM-DD")
		fs.BoolVar(&dryRun, "dry-run", false, "back-test: replay the nights under --policy and write nothing")
	})
	if err != nil {
		return err
	}
	if from != "" || to != "" || dryRun {
		return m.backTest(ctx, cfg, from, to, dryRun)
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
	if svc.Policy, err = loadPolicy(cfg.PolicyFile); err != nil {
		return err
	}
	run, err := svc.RunCheck(service.WithCaller(ctx, service.CLI), day)
	if run != nil {
		m.printRun(run)
	}
	return err
}

// printRun prints a run's per-rule summary, every rule in report order.
func (m *Main) printRun(run *store.CheckRun) {
	m.say(m.Stdout, "check %s as of %s: %s, %d {project|projects} in %s\n", run.ID, run.AsOf, run.Status, run.Projects, run.Duration)
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
	if costly := costliest(run.Timings, 5); costly != "" {
		fmt.Fprintf(m.Stdout, "costliest (summed over the workers): %s\n", costly)
	}
	if run.Error != "" {
		m.say(m.Stdout, "error: %s\n", run.ErrorText())
	}
}

// costliest names the n reads or rules that cost a run most, dearest first.
func costliest(t store.CheckTimings, n int) string {
	type cost struct {
		name string
		d    time.Duration
	}
	var all []cost
	for name, d := range t.Reads {
		all = append(all, cost{"read " + name, d})
	}
	for rule, d := range t.Rules {
		all = append(all, cost{"rule " + string(rule), d})
	}
	all = append(all, cost{"write", t.Write})
	slices.SortFunc(all, func(a, b cost) int { return cmp.Or(cmp.Compare(b.d, a.d), cmp.Compare(a.name, b.name)) })
	var out []string
	for _, c := range all[:min(n, len(all))] {
		if c.d > 0 {
			out = append(out, c.name+" "+c.d.Round(time.Microsecond).String())
		}
	}
	return strings.Join(out, ", ")
}

// backTest replays the nights from … to under the policy in force and
// under the proposed one, and prints, per rule, the alerts the proposed
// policy would open or close compared with the policy in force. The policy
// in force is the one serve runs, WAGEGUARD_POLICY (else the built-in
// defaults); the proposed one is --policy (WAGEGUARD_POLICY when no flag is
// given, which replays the policy in force against itself: no change). It
// writes nothing, and says so by requiring --dry-run.
func (m *Main) backTest(ctx context.Context, cfg config.Config, from, to string, dryRun bool) error {
	if !dryRun {
		return usageError{"replaying nights under another policy writes nothing: pass --dry-run"}
	}
	first, err1 := ledger.ParseDate(from)
	last, err2 := ledger.ParseDate(to)
	if err1 != nil || err2 != nil {
		return usageError{"--from and --to YYYY-MM-DD are required with --dry-run"}
	}
	current, err := loadPolicy(m.Getenv("WAGEGUARD_POLICY"))
	if err != nil {
		return err
	}
	proposed, err := loadPolicy(cfg.PolicyFile)
	if err != nil {
		return err
	}
	db, err := m.openCurrent(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := m.service(db, nil, m.logger(cfg))
	svc.Policy = current
	nights, err := svc.BackTest(service.WithCaller(ctx, service.CLI), first, last, proposed)
	if err != nil {
		return err
	}
	m.printBackTest(first, last, nights)
	return nil
}

func (m *Main) printBackTest(first, last ledger.Date, nights []service.BackTestNight) {
	opens, closes := map[ledger.Rule]int{}, map[ledger.Rule]int{}
	for _, n := range nights {
		for _, k := range n.Diff.Opens {
			opens[k.Rule]++
		}
		for _, k := range n.Diff.Closes {
			closes[k.Rule]++
		}
	}
	m.say(m.Stdout, "back-test of %s to %s (dry run, nothing written): %d {project-night|project-nights} would change\n", first, last, len(nights))
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "rule\twould open\twould close\t")
	for _, r := range ledger.Rules {
		fmt.Fprintf(w, "%s\t%d\t%d\t\n", r, opens[r], closes[r])
	}
	w.Flush()
	for _, n := range nights {
		for _, k := range n.Diff.Opens {
			m.say(m.Stdout, "%s %s opens %s %s %s\n", n.Night, n.ProjectID, k.Rule, k.Subject, k.Period)
		}
		for _, k := range n.Diff.Closes {
			m.say(m.Stdout, "%s %s closes %s %s %s\n", n.Night, n.ProjectID, k.Rule, k.Subject, k.Period)
		}
	}
}
