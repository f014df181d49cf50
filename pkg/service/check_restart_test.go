package service_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// sixProjects builds six projects of one contractor on db, each with two
// workers who attended in June 2025 on an approved payroll of its own
// amounts, both workers paid on SITE and SITE-3, the first on SITE-1 and
// SITE-4, nobody on SITE-2 and SITE-5: a payment read as another
// project's changes the alerts; the June pay day is 15 July.
func sixProjects(t *testing.T, db *store.DB) {
	t.Helper()
	first := newSite(t, db)
	for i := range 6 {
		s := *first
		if i > 0 {
			p, err := s.svc.CreateProject(service.WithCaller(context.Background(), service.System), ledger.Project{Code: fmt.Sprintf("SITE-%d", i),
				Name: "site", RegionCode: "110105", OwnerID: s.owner, GeneralContractorID: s.gc, ContractAmount: ledger.MustMoney("100000000"),
				StartedOn: ledger.NewDate(2025, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 1, 1), PayDay: 15, LabourCostCycle: ledger.Monthly,
				WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: fmt.Sprintf("11001234567%d", i)}})
			if err != nil {
				t.Fatal(err)
			}
			s.project = p.ID
		}
		c := &checkSite{site: &s}
		c.attendJune(t, c.enrol(t, 2))
		pay := c.submit(t, "2025-06", line(0, fmt.Sprintf("%d.00", 5000+100*i)), line(1, fmt.Sprintf("%d.00", 6000+100*i)))
		if _, err := c.svc.ApprovePayroll(c.ctx, pay.ID); err != nil {
			t.Fatal(err)
		}
		_, _, ins, err := c.svc.PayrollInstructions(c.ctx, pay.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.ins = ins
		switch i % 3 {
		case 0: // paid in full
			c.pay(t, 0, fmt.Sprintf("PAY-%d-0", i), day("2025-07-15"))
			c.pay(t, 1, fmt.Sprintf("PAY-%d-1", i), day("2025-07-15"))
		case 1: // the first worker paid
			c.pay(t, 0, fmt.Sprintf("PAY-%d-0", i), day("2025-07-15"))
		} // else nobody paid

	}
}

// alertState is every alert of db in a form two databases built alike
// share: each alert by project code, rule, subject (an employer or a
// worker by name), period, with its measures, status, dates, version and
// number of history entries; IDs, which differ, left out.
func alertState(t *testing.T, db *store.DB) string {
	t.Helper()
	var rows []struct {
		Code, Rule, Subject, Period, Severity, Status string
		Amount, Headcount, Version, Events            int64
		First, Last                                   ledger.Date
		Name                                          *string
	}
	err := db.Select(context.Background(), &rows, `SELECT p.code, a.rule, a.subject, a.period, a.severity, a.status, a.amount_at_risk AS amount,
		a.headcount, a.version, a.first_seen_on AS first, a.last_seen_on AS last,
		(SELECT COUNT(*) FROM alert_events e WHERE e.project_id = a.project_id AND e.alert_id = a.id) AS events,
		COALESCE((SELECT o.name FROM organizations o WHERE 'employer:' || o.id = a.subject),
			(SELECT e.name FROM enrolments e WHERE e.project_id = a.project_id AND 'enrolment:' || e.id = a.subject)) AS name
		FROM alerts a JOIN projects p ON p.id = a.project_id`)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		subject, _, _ := strings.Cut(r.Subject, ":")
		if r.Name != nil {
			subject += ":" + *r.Name
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %s %s %d/%d v%d %d events %s..%s", r.Code, r.Rule, subject, r.Period, r.Severity, r.Status,
			r.Amount, r.Headcount, r.Version, r.Events, r.First, r.Last))
	}
	if len(out) == 0 {
		t.Fatal("no alerts to compare")
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// twins runs fn on two databases of each dialect built alike by
// sixProjects, with one clock at 20 July 2025.
func twins(t *testing.T, fn func(t *testing.T, a, b *store.DB, clock *storetest.Clock)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			clock := storetest.NewClock(time.Date(2025, 7, 20, 2, 0, 0, 0, time.UTC))
			a, b := storetest.New(t, d, store.WithClock(clock.Now)), storetest.New(t, d, store.WithClock(clock.Now))
			sixProjects(t, a)
			sixProjects(t, b)
			fn(t, a, b, clock)
		})
	}
}

func runOn(t *testing.T, db *store.DB, asOf string) *store.CheckRun {
	t.Helper()
	run, err := service.New(db, nil).RunCheck(service.WithCaller(context.Background(), service.System), day(asOf))
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// A run that fails partway (one project's transaction fails after others
// committed theirs) and whose process then dies, taken over by the next run
// once its heartbeat is stale, leaves the same alerts as a run that was
// never interrupted.
func TestKilledRunRedoneGivesTheSameAlerts(t *testing.T) {
	twins(t, func(t *testing.T, a, b *store.DB, clock *storetest.Clock) {
		for _, db := range []*store.DB{a, b} {
			runOn(t, db, "2025-07-16")
		}
		runOn(t, b, "2025-07-18")
		// The last project's alerts cannot be read: its transaction fails,
		// and the run stops with some projects done and others not.
		var last string
		if err := a.Get(context.Background(), &last, `SELECT MAX(project_id) FROM alerts`); err != nil {
			t.Fatal(err)
		}
		var kept []struct {
			ID       string `db:"id"`
			Evidence string `db:"evidence"`
		}
		if err := a.Select(context.Background(), &kept, `SELECT id, evidence FROM alerts WHERE project_id = ?`, last); err != nil {
			t.Fatal(err)
		}
		if err := a.ExecRaw(context.Background(), `UPDATE alerts SET evidence = 'torn' WHERE project_id = ?`, last); err != nil {
			t.Fatal(err)
		}
		failed, err := service.New(a, nil).RunCheck(service.WithCaller(context.Background(), service.System), day("2025-07-18"))
		if err == nil || failed.Status != store.RunFailed {
			t.Fatalf("the torn run: %+v, %v", failed, err)
		}
		var done int
		if err := a.Get(context.Background(), &done, `SELECT COUNT(*) FROM check_run_projects WHERE run_id = ?`, failed.ID); err != nil || done == 0 || done == 6 {
			t.Fatalf("the torn run checked %d of 6 projects (%v): not partway", done, err)
		}
		// Its process died instead of recording the failure: the run stays
		// "running" until its heartbeat is stale.
		if err := a.ExecRaw(context.Background(), `UPDATE check_runs SET status = 'running', finished_at = NULL WHERE id = ?`, failed.ID); err != nil {
			t.Fatal(err)
		}
		for _, k := range kept {
			if err := a.ExecRaw(context.Background(), `UPDATE alerts SET evidence = ? WHERE id = ?`, k.Evidence, k.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := service.New(a, nil).RunCheck(service.WithCaller(context.Background(), service.System), day("2025-07-18")); ledger.ErrorCode(err) != ledger.EConflict {
			t.Fatalf("a run while the dead one looks alive: %v", err)
		}
		clock.Advance(6 * time.Minute)
		redone := runOn(t, a, "2025-07-18")
		if redone.Status != store.RunFinished || redone.Projects != 6 {
			t.Fatalf("the redone run: %+v", redone)
		}
		if got, want := alertState(t, a), alertState(t, b); got != want {
			t.Fatalf("after a run killed and redone:\n%s\nwant, as never interrupted:\n%s", got, want)
		}
	})
}

// Two runs of the same night at once, by two services on one database in
// this process: one runs it, the other is refused while it runs (or finds
// it done and changes nothing), and the alerts are those of one run. (Two
// real processes, each its own connections, and a run SIGKILLed midway:
// cmd/wageguard's TestNightlyCheckAcrossProcesses.)
func TestTwoRunsAtOnceGiveTheSameAlerts(t *testing.T) {
	twins(t, func(t *testing.T, a, b *store.DB, _ *storetest.Clock) {
		for _, db := range []*store.DB{a, b} {
			runOn(t, db, "2025-07-16")
		}
		runOn(t, b, "2025-07-18")
		errs := make([]error, 2)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() {
				<-start
				_, errs[i] = service.New(a, nil).RunCheck(service.WithCaller(context.Background(), service.System), day("2025-07-18"))
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil && ledger.ErrorCode(err) != ledger.EConflict {
				t.Fatalf("process %d: %v", i, err)
			}
		}
		if errs[0] != nil && errs[1] != nil {
			t.Fatalf("neither process ran the night: %v", errs)
		}
		if got, want := alertState(t, a), alertState(t, b); got != want {
			t.Fatalf("after two runs at once:\n%s\nwant, as one run:\n%s", got, want)
		}
	})
}

// The check read and written in batches of projects gives the alerts and
// counts it gives one project at a time: six projects of one contractor
// checked in one batch, in batches of four, and in batches cut by the
// worker-months their facts are expected to hold, against one at a time,
// on a night before their payrolls, two after them (paid in full, in part
// or not at all, each project its own amounts: a payment read as another
// project's changes the alerts) and the last again (skipped in batches, in
// full one at a time). (The demo's scenario golden is also replayed in one
// batch: TestScenarioGoldenInOneBatch.) Each project has two workers since
// January: fourteen worker-months by 16 July. Six projects are at most two
// a batch (two batches a worker at least), which the default budget and
// one of 28 leave so (three batches: 28 fits, the budget is not exceeded);
// a budget of 20 cuts them one a batch, and one of 10 makes each project
// heavier than a batch, checked alone: no two of its six batches overlap
// (each batch lingers 20 ms at its start, so that two checked at once would
// be seen to).
func TestBatchedCheckGivesTheSameAlerts(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		size, months, batches int
		alone                 bool
	}{
		{"batch 6", 6, 0, 1, false}, {"batch 4", 4, 0, 2, false},
		{"by worker-months, the default", 0, 0, 3, false}, {"by worker-months, 20", 0, 20, 6, false},
		{"by worker-months, 28", 0, 28, 3, false}, {"by worker-months, 10: each alone", 0, 10, 6, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			twins(t, func(t *testing.T, a, b *store.DB, clock *storetest.Clock) {
				// The payrolls were submitted and paid on 20 July: the
				// nights after it read them.
				clock.Advance(3 * 24 * time.Hour)
				one, batched := service.New(a, nil), service.New(b, nil)
				one.CheckBatchSize, batched.CheckBatchSize, batched.CheckBatchWorkerMonths = 1, tc.size, tc.months
				var batches, running, most atomic.Int32
				batched.BeforeCheckBatch = func(string, int) { batches.Add(1) }
				service.DuringBatch(batched, func() func() {
					n := running.Add(1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
					time.Sleep(20 * time.Millisecond)
					return func() { running.Add(-1) }
				})
				ctx := service.WithCaller(context.Background(), service.System)
				for i, night := range []string{"2025-07-16", "2025-07-21", "2025-07-22", "2025-07-22"} {
					if i == 3 { // one project at a time and in full, where the batches skip every project
						if err := a.ExecRaw(context.Background(), `DELETE FROM check_inputs`); err != nil {
							t.Fatal(err)
						}
					}
					want, err := one.RunCheck(ctx, day(night))
					if err != nil {
						t.Fatal(err)
					}
					got, err := batched.RunCheck(ctx, day(night))
					if err != nil {
						t.Fatal(err)
					}
					if g, w := countsOf(got), countsOf(want); g != w || got.Projects != 6 {
						t.Fatalf("%s, %s: %d projects, counts %s, want %s", night, tc.name, got.Projects, g, w)
					}
					if n := int(batches.Swap(0)) + 1; i == 0 && n != tc.batches {
						t.Fatalf("%s, %s: %d batches, want %d", night, tc.name, n, tc.batches)
					}
					if m := most.Swap(0); i == 0 && tc.alone && m != 1 {
						t.Fatalf("%s, %s: %d batches at once, each checked alone", night, tc.name, m)
					}
				}
				if got, want := alertState(t, b), alertState(t, a); got != want {
					t.Fatalf("%s:\n%s\nwant, one project at a time:\n%s", tc.name, got, want)
				}
			})
		})
	}
}

// A project skipped on a re-run whose alert changes before its batch is
// written has its batch checked again in full, cut by the night's budget:
// the re-run then gives the counts and alerts a run in full one project at
// a time gives after the same change, and it weighed the projects for it
// (their headcounts read, which a re-run skipping every project never
// reads otherwise). The change is an alert's version moved, as an
// inspector's action moves it.
func TestSkippedBatchCheckedAgainByTheBudget(t *testing.T) {
	twins(t, func(t *testing.T, a, b *store.DB, clock *storetest.Clock) {
		clock.Advance(3 * 24 * time.Hour)
		ctx := service.WithCaller(context.Background(), service.System)
		one, batched := service.New(a, nil), service.New(b, nil)
		one.CheckBatchSize, batched.CheckBatchWorkerMonths = 1, 20
		for _, svc := range []*service.Service{one, batched} {
			if _, err := svc.RunCheck(ctx, day("2025-07-21")); err != nil {
				t.Fatal(err)
			}
		}
		moveAlerts := func(db *store.DB) {
			if err := db.ExecRaw(context.Background(), `UPDATE alerts SET version = version + 1
				WHERE project_id = (SELECT id FROM projects WHERE code = 'SITE-1')`); err != nil {
				t.Fatal(err)
			}
		}
		var moved atomic.Bool
		service.DuringBatch(batched, func() func() {
			if !moved.Swap(true) {
				moveAlerts(b) // after the re-run read its inputs, before its batch is written
			}
			return func() {}
		})
		moveAlerts(a)
		if err := a.ExecRaw(context.Background(), `DELETE FROM check_inputs`); err != nil {
			t.Fatal(err)
		}
		want, err := one.RunCheck(ctx, day("2025-07-21"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := batched.RunCheck(ctx, day("2025-07-21"))
		if err != nil {
			t.Fatal(err)
		}
		if !moved.Load() || got.Timings.Reads["headcounts"] == 0 {
			t.Fatalf("the re-run did not check its skipped batch again by the budget (alerts moved %v, headcounts read in %v)",
				moved.Load(), got.Timings.Reads["headcounts"])
		}
		if g, w := countsOf(got), countsOf(want); g != w {
			t.Fatalf("counts %s, want %s", g, w)
		}
		if g, w := alertState(t, b), alertState(t, a); g != w {
			t.Fatalf("checked again by the budget:\n%s\nwant, one project at a time:\n%s", g, w)
		}
	})
}

// A night whose batch failed returns that batch's error, not the
// cancellation it caused in the batches still running, whichever comes
// first in the night's order.
func TestBatchErrorIsTheFailureNotTheCancellation(t *testing.T) {
	failed := errors.New("a batch failed")
	canceled := fmt.Errorf("store: %w", context.Canceled)
	for _, tc := range []struct {
		name string
		errs []error
		want error
	}{
		{"none failed", []error{nil, nil}, nil},
		{"the failure after a cancellation", []error{nil, canceled, failed, context.Canceled}, failed},
		{"the failure first", []error{failed, canceled}, failed},
		{"only cancelled (the run was stopped)", []error{canceled, context.Canceled}, canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := service.BatchError(tc.errs); got != tc.want {
				t.Fatalf("BatchError = %v, want %v", got, tc.want)
			}
		})
	}
}

func countsOf(run *store.CheckRun) string {
	var out []string
	for _, r := range ledger.Rules {
		if c := run.Counts[r]; c != nil {
			out = append(out, fmt.Sprintf("%s %+v", r, *c))
		}
	}
	return strings.Join(out, "; ")
}
