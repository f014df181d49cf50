package main

// The nightly check across real processes (issue 14's "Done when": two
// processes at once give the same alerts; a run killed midway and restarted
// gives the same alerts as one that was not). The binary is built with the
// test hooks (testhooks.go, -tags wageguard_testhooks), whose
// WAGEGUARD_TESTHOOK_CHECK_GATE holds a run after its first batch of
// projects until a file exists: the test knows the run is partway, without
// guessing at timings. On each database kind the demo is loaded once
// (`wageguard demo`, four projects, the nights before its as-of date
// checked), copied (SQLite: the file; PostgreSQL: CREATE DATABASE …
// TEMPLATE), and each copy checks the same later night: one copy with one
// uninterrupted `wageguard check` (the reference), one with two `wageguard
// check` processes started at once, one with a check SIGKILLed midway and
// run again. Two processes on one SQLite file are supported (WAL, a busy
// timeout, immediate write transactions), so SQLite runs both as well.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

const (
	// nightprocDemoAsOf is the demo's today: its nights end the day before.
	nightprocDemoAsOf = "2026-06-10"
	// nightprocNight is the night every copy checks: three weeks after the
	// demo's last, so that the run opens and updates alerts on every
	// project (a June payroll missing, May's wages unpaid past pay day…).
	nightprocNight = "2026-07-01"
)

var runningMsg = regexp.MustCompile(`a check for ` + nightprocNight + ` is already running`)

func TestNightlyCheckAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it as several processes")
	}
	bin := buildBinary(t, t.TempDir(), "-tags", "wageguard_testhooks")
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			clone := loadCheckBase(t, bin, dialect)
			ref := clone(t)
			code, out, stderr := binary(t, bin, ref, "check", "--as-of", nightprocNight)
			if code != exitOK || !strings.Contains(out, "as of "+nightprocNight+": finished, 4 projects") {
				t.Fatalf("the reference run: %d\n%s\n%s", code, out, stderr)
			}
			want := readCheckState(t, ref)
			if len(want.runs) != 1 || want.runs[0].Status != store.RunFinished {
				t.Fatalf("the reference run's records: %s", runsText(want.runs))
			}
			if opened := want.runs[0].Counts[ledger.RuleWagesUnpaid].Opened; opened == 0 {
				t.Fatalf("the night opens no wages_unpaid alert: nothing to prove with it")
			}
			t.Run("two processes at once", func(t *testing.T) { twoChecksAtOnce(t, bin, clone(t), want) })
			t.Run("killed midway and restarted", func(t *testing.T) { checkKilledMidway(t, bin, clone(t), want) })
		})
	}
}

// twoChecksAtOnce starts two `wageguard check --as-of` processes on one
// database at the same instant. The one that records the run first holds it
// after its first batch; the other must find the night running and exit 1
// saying so, without recording a run. Let go, the first finishes: one run
// record for the night, finished, with the reference run's counts, and the
// reference run's alerts.
func twoChecksAtOnce(t *testing.T, bin string, env map[string]string, want checkState) {
	gate := filepath.Join(t.TempDir(), "gate")
	env = withEnv(env, "WAGEGUARD_TESTHOOK_CHECK_GATE", gate)
	procs := []*binProc{startBinary(t, bin, env, "check", "--as-of", nightprocNight), startBinary(t, bin, env, "check", "--as-of", nightprocNight)}
	var loser, winner *binProc
	for deadline := time.Now().Add(90 * time.Second); loser == nil; time.Sleep(50 * time.Millisecond) {
		if s := readCheckState(t, env); len(s.runs) > 1 {
			t.Fatalf("two runs of the night at once: %s", runsText(s.runs))
		}
		for i, p := range procs {
			if p.exited() {
				loser, winner = p, procs[1-i]
				break
			}
		}
		if loser == nil && time.Now().After(deadline) {
			t.Fatalf("neither process exited within 90 s:\nA: %s\nB: %s", procs[0].stderr.String(), procs[1].stderr.String())
		}
	}
	if code := loser.exitCode(); code != exitFailure || !runningMsg.MatchString(loser.stderr.String()) {
		t.Fatalf("the second process: exit %d, want %d saying the night is already running:\n%s%s", code, exitFailure, loser.stdout.String(), loser.stderr.String())
	}
	// The first is held at its gate, its run the night's only one: the two
	// really overlapped, and the second recorded nothing.
	var held checkState
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		held = readCheckState(t, env)
		if len(held.runs) != 1 || held.runs[0].Status != store.RunRunning {
			t.Fatalf("while the first process runs, the night's runs are %s, want its own alone, running", runsText(held.runs))
		}
		if strings.Contains(winner.stderr.String(), "testhook: run "+held.runs[0].ID+" waits") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first process did not reach its gate within 90 s:\n%s", winner.stderr.String())
		}
	}
	touch(t, gate)
	winner.wait(t, 90*time.Second)
	if code := winner.exitCode(); code != exitOK || !strings.Contains(winner.stdout.String(), "as of "+nightprocNight+": finished, 4 projects") {
		t.Fatalf("the first process: exit %d:\n%s%s", code, winner.stdout.String(), winner.stderr.String())
	}
	got := readCheckState(t, env)
	if len(got.runs) != 1 || got.runs[0].Status != store.RunFinished || got.runs[0].ID != held.runs[0].ID {
		t.Fatalf("the night's runs: %s, want one, %s, finished", runsText(got.runs), held.runs[0].ID)
	}
	if g, w := countsText(got.runs[0].Counts), countsText(want.runs[0].Counts); g != w {
		t.Errorf("the run's counts:\n%s\nwant, as one run alone:\n%s", g, w)
	}
	if got.alerts != want.alerts {
		t.Errorf("alerts after two processes at once:\n%s\nwant, as one run alone:\n%s", got.alerts, want.alerts)
	}
}

// checkKilledMidway SIGKILLs a `wageguard check` held after its first batch
// committed, shows the night left as a crash leaves it (its run "running",
// some projects checked, the alerts not yet the reference's), shows that a
// check straight after is refused while the dead run's heartbeat is fresh,
// then makes the heartbeat stale, as five minutes would, and checks again:
// the dead run is marked abandoned, the new one finishes, and the alerts
// are the reference run's.
func checkKilledMidway(t *testing.T, bin string, env map[string]string, want checkState) {
	gate := filepath.Join(t.TempDir(), "gate") // never created: the run stays held
	p := startBinary(t, bin, withEnv(env, "WAGEGUARD_TESTHOOK_CHECK_GATE", gate), "check", "--as-of", nightprocNight)
	var held checkState
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		held = readCheckState(t, env)
		if len(held.runs) == 1 && len(held.checked[held.runs[0].ID]) > 0 && strings.Contains(p.stderr.String(), "testhook: run "+held.runs[0].ID+" waits") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run did not reach its gate within 90 s: runs %s\n%s", runsText(held.runs), p.stderr.String())
		}
	}
	p.kill(t)
	dead := held.runs[0].ID
	crashed := readCheckState(t, env)
	if len(crashed.runs) != 1 || crashed.runs[0].Status != store.RunRunning || len(crashed.checked[dead]) >= 4 {
		t.Fatalf("after the kill: runs %s, %d projects checked; want the run running, partway", runsText(crashed.runs), len(crashed.checked[dead]))
	}
	if crashed.alerts == want.alerts {
		t.Fatalf("the alerts after the kill are already the reference's: the restart would prove nothing")
	}
	// A check straight after: the dead run still looks alive.
	if code, out, stderr := binary(t, bin, env, "check", "--as-of", nightprocNight); code != exitFailure || !runningMsg.MatchString(stderr) {
		t.Fatalf("a check while the killed run's heartbeat is fresh: exit %d, want %d, already running:\n%s%s", code, exitFailure, out, stderr)
	}
	// Five minutes without a heartbeat, the run is a dead process's.
	execSQL(t, env, `UPDATE check_runs SET heartbeat_at = ? WHERE id = ?`, time.Now().Add(-6*time.Minute), dead)
	code, out, stderr := binary(t, bin, env, "check", "--as-of", nightprocNight)
	if code != exitOK || !strings.Contains(out, "as of "+nightprocNight+": finished, 4 projects") {
		t.Fatalf("the check after the kill: %d\n%s\n%s", code, out, stderr)
	}
	got := readCheckState(t, env)
	if len(got.runs) != 2 || got.runs[0].ID != dead || got.runs[0].Status != store.RunAbandoned || got.runs[1].Status != store.RunFinished {
		t.Fatalf("the night's runs: %s, want %s abandoned and a new one finished", runsText(got.runs), dead)
	}
	if got.alerts != want.alerts {
		t.Errorf("alerts after a run killed midway and redone:\n%s\nwant, as never interrupted:\n%s", got.alerts, want.alerts)
	}
	// Every finding found once more by the redo; every change made once,
	// either by the dead run (the projects it committed) or by the redo.
	total := map[ledger.Rule]*ledger.RuleCounts{}
	for i, c := range append(slices.Clone(got.checked[dead]), got.runs[1].Counts) {
		for rule, n := range c {
			if total[rule] == nil {
				total[rule] = &ledger.RuleCounts{}
			}
			total[rule].Opened += n.Opened
			total[rule].Updated += n.Updated
			total[rule].Resolved += n.Resolved
			total[rule].Reopened += n.Reopened
			if i == len(got.checked[dead]) { // the redo's own
				total[rule].Found += n.Found
			}
		}
	}
	if g, w := countsText(total), countsText(want.runs[0].Counts); g != w {
		t.Errorf("found by the redo, changed by the dead run and the redo together:\n%s\nwant, as one run:\n%s", g, w)
	}
}

// loadCheckBase loads the demo into a fresh database of the dialect and
// returns a function that gives a test a copy of it (the environment that
// names the copy to the binary).
func loadCheckBase(t *testing.T, bin, dialect string) func(t *testing.T) map[string]string {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "wageguard.key")
	if code, _, stderr := binary(t, bin, nil, "keys", "init-secret", keyFile); code != 0 {
		t.Fatalf("init-secret: %s", stderr)
	}
	envOf := func(u string) map[string]string {
		return map[string]string{"WAGEGUARD_DATABASE_URL": u, "WAGEGUARD_SECRET_KEY_FILE": keyFile}
	}
	var base string
	var clone func(t *testing.T) string
	switch dialect {
	case store.SQLite.Name:
		file := filepath.Join(dir, "base.db")
		clone = func(t *testing.T) string {
			to := filepath.Join(t.TempDir(), "wageguard.db")
			copyFile(t, file, to)
			copyFile(t, file+"-wal", to+"-wal") // none once the demo closed it cleanly
			return "sqlite://" + to
		}
		base = "sqlite://" + file
	case store.Postgres.Name:
		admin := os.Getenv(storetest.EnvDatabaseURL)
		if admin == "" {
			if storetest.RequirePostgres() {
				t.Fatalf("PostgreSQL tests need %s (and %s=1)", storetest.EnvDatabaseURL, storetest.EnvRequirePostgres)
			}
			t.Skipf("PostgreSQL tests need %s", storetest.EnvDatabaseURL)
		}
		storetest.SkipOnShared(t, "copies a database with CREATE DATABASE … TEMPLATE")
		name := pgDatabase(t, admin, "")
		base = pgURL(admin, name)
		clone = func(t *testing.T) string { return pgURL(admin, pgDatabase(t, admin, name)) }
	}
	began := time.Now()
	// About 10 s of CPU; a minute or more of a machine other tests load.
	demo := startBinary(t, bin, envOf(base), "demo", "--as-of", nightprocDemoAsOf, "--workers", "40", "--every-night=false")
	demo.wait(t, 5*time.Minute)
	if code := demo.exitCode(); code != exitOK {
		t.Fatalf("demo: %d\n%s\n%s", code, demo.stdout.String(), demo.stderr.String())
	}
	t.Logf("the demo loaded in %s", time.Since(began).Round(time.Millisecond))
	return func(t *testing.T) map[string]string { return envOf(clone(t)) }
}

// pgDatabase creates a database on the server (a copy of template when
// given, which nobody may be connected to), dropped when the test ends.
func pgDatabase(t *testing.T, admin, template string) string {
	t.Helper()
	adb, err := sqlx.Open("postgres", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	name := storetest.Unique("wgt_nightproc")
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	for attempt := 0; ; attempt++ {
		_, err = adb.Exec(create)
		if err == nil || attempt == 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("%s: %v", create, err)
	}
	t.Cleanup(func() {
		adb, err := sqlx.Open("postgres", admin)
		if err != nil {
			return
		}
		defer adb.Close()
		if _, err := adb.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("unable to drop %s: %v", name, err)
		}
	})
	return name
}

func pgURL(admin, name string) string {
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	return u.String()
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if os.IsNotExist(err) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
}

func withEnv(env map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for key, val := range env {
		out[key] = val
	}
	return out
}

// checkState is what a database holds of the night: its runs in the order
// they started, the projects each run recorded as checked with their
// counts, and every alert in a canonical text (IDs, which each run makes
// anew, left out; the projects, employers and enrolments they name are the
// copied database's, the same in every copy).
type checkState struct {
	runs    []*store.CheckRun
	checked map[string][]map[ledger.Rule]*ledger.RuleCounts
	alerts  string
}

func readCheckState(t *testing.T, env map[string]string) checkState {
	t.Helper()
	db := openFor(t, env)
	defer db.Close()
	ctx := context.Background()
	all, err := store.ListCheckRuns(db.Reader(ctx), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	s := checkState{checked: map[string][]map[ledger.Rule]*ledger.RuleCounts{}}
	for _, r := range slices.Backward(all) {
		if r.AsOf.String() != nightprocNight {
			continue
		}
		s.runs = append(s.runs, r)
		var rows []string
		if err := db.Select(ctx, &rows, `SELECT counts FROM check_run_projects WHERE run_id = ?`, r.ID); err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			var c map[ledger.Rule]*ledger.RuleCounts
			if err := json.Unmarshal([]byte(row), &c); err != nil {
				t.Fatal(err)
			}
			s.checked[r.ID] = append(s.checked[r.ID], c)
		}
	}
	s.alerts = alertsDump(t, db)
	return s
}

// alertsDump is every alert, one line each, sorted: project, rule, subject,
// period, stream, severity, status, money at risk, headcount, evidence,
// reason, first and last seen, deadline, resolution, version, and its
// history (each entry's day, kind, actor, note, severity and amount).
func alertsDump(t *testing.T, db *store.DB) string {
	t.Helper()
	ctx := context.Background()
	var alerts []struct {
		ID, ProjectID, Rule, Subject, Period, Stream, Severity, Status string
		Amount, Headcount, Version                                     int64
		Evidence, Reason, ResolvedBy, Resolution                       string
		First, Last                                                    ledger.Date
		Deadline, ResolvedOn                                           *ledger.Date
	}
	if err := db.Select(ctx, &alerts, `SELECT id, project_id AS projectid, rule, subject, period, stream, severity, status,
		amount_at_risk AS amount, headcount, version, evidence, reason, resolved_by AS resolvedby, resolution,
		first_seen_on AS first, last_seen_on AS last, deadline, resolved_on AS resolvedon FROM alerts`); err != nil {
		t.Fatal(err)
	}
	var events []struct {
		AlertID, Kind, Actor, Note, Severity string
		Seq, Amount                          int64
		OnDate                               ledger.Date
	}
	if err := db.Select(ctx, &events, `SELECT alert_id AS alertid, seq, on_date AS ondate, kind, actor, note, severity, amount
		FROM alert_events ORDER BY alert_id, seq`); err != nil {
		t.Fatal(err)
	}
	history := map[string][]string{}
	for _, e := range events {
		history[e.AlertID] = append(history[e.AlertID], fmt.Sprintf("%d %s %s %s %q %s %d", e.Seq, e.OnDate, e.Kind, e.Actor, e.Note, e.Severity, e.Amount))
	}
	date := func(d *ledger.Date) string {
		if d == nil {
			return "-"
		}
		return d.String()
	}
	lines := make([]string, 0, len(alerts))
	for _, a := range alerts {
		lines = append(lines, fmt.Sprintf("%s %s %s %s %s %s %s amount=%d headcount=%d evidence=%s reason=%q seen=%s..%s deadline=%s resolved=%s %q %q v%d history=[%s]",
			a.ProjectID, a.Rule, a.Subject, a.Period, a.Stream, a.Severity, a.Status, a.Amount, a.Headcount, a.Evidence, a.Reason,
			a.First, a.Last, date(a.Deadline), date(a.ResolvedOn), a.ResolvedBy, a.Resolution, a.Version, strings.Join(history[a.ID], "; ")))
	}
	if len(lines) == 0 {
		t.Fatal("no alerts to compare")
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func runsText(runs []*store.CheckRun) string {
	var out []string
	for _, r := range runs {
		out = append(out, fmt.Sprintf("%s %s %s %q", r.ID, r.AsOf, r.Status, r.Error))
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func countsText(counts map[ledger.Rule]*ledger.RuleCounts) string {
	var b strings.Builder
	for _, r := range ledger.Rules {
		c := ledger.RuleCounts{}
		if counts[r] != nil {
			c = *counts[r]
		}
		fmt.Fprintf(&b, "%s found %d opened %d updated %d resolved %d reopened %d\n", r, c.Found, c.Opened, c.Updated, c.Resolved, c.Reopened)
	}
	return b.String()
}

func openFor(t *testing.T, env map[string]string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), env["WAGEGUARD_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func execSQL(t *testing.T, env map[string]string, q string, args ...any) {
	t.Helper()
	db := openFor(t, env)
	defer db.Close()
	if err := db.ExecRaw(context.Background(), q, args...); err != nil {
		t.Fatal(err)
	}
}

// binProc is the binary running in the background.
type binProc struct {
	cmd            *exec.Cmd
	stdout, stderr syncBuf
	done           chan struct{}
}

func startBinary(t *testing.T, bin string, env map[string]string, args ...string) *binProc {
	t.Helper()
	p := &binProc{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	p.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=en_US.UTF-8"}
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.kill(t) })
	return p
}

func (p *binProc) wait(t *testing.T, limit time.Duration) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		p.kill(t)
		t.Fatalf("%v still ran after %s:\n%s", p.cmd.Args, limit, p.stderr.String())
	}
}

// kill sends SIGKILL and waits until the process is gone.
func (p *binProc) kill(t *testing.T) {
	if p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

func (p *binProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *binProc) exitCode() int { return p.cmd.ProcessState.ExitCode() }
