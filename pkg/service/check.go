package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// The nightly check: every project's facts as of a date through the rules in
// ledger, read batch by batch of projects (CheckBatchWorkerMonths), each batch's alerts
// upserted in one transaction, the run recorded with its per-rule counts.

// CheckWorkers bounds how many batches a run checks at once; on SQLite the
// writes queue on its one writer anyway, the reads do not. Two, on the
// two-core machine the check is sized for: each worker keeps a database
// backend and its own goroutine busy (the rows are decoded while the
// server sends them), so two already fill both cores; four left eight
// busy processes taking turns, and every read cost twice as long summed
// over the workers for no shorter run (make bench, scale 0.1: 4.6 s with
// two, 5.9 s with four).
const CheckWorkers = 2

// Heartbeats: a running run beats every checkHeartbeat; one silent for
// checkStaleAfter is a dead process's, which the next run for its date
// takes over.
const (
	checkHeartbeat  = 30 * time.Second
	checkStaleAfter = 5 * time.Minute
	// finishRetryEvery is how often a run's end is written again while the
	// database cannot be reached.
	finishRetryEvery = time.Second
)

// RunCheck runs the nightly check as of asOf over every project that has
// started by then, on request (POST /checks, wageguard check --as-of): a
// night after today or before the first project started is refused
// (ledger.CheckableNight). Re-running a date changes
// nothing; two runs of one date at once are refused (conflict); a run
// interrupted midway is redone by the next one, whose upserts give the
// same alerts.
func (s *Service) RunCheck(ctx context.Context, asOf ledger.Date) (*store.CheckRun, error) {
	first, err := store.FirstProjectStart(s.DB.Reader(ctx))
	if err != nil {
		return nil, err
	}
	if err := ledger.CheckableNight(asOf, ledger.DateOf(s.DB.Now()), first); err != nil {
		return nil, err
	}
	return s.runCheck(ctx, asOf)
}

// runCheck runs the check of one night, which the schedule owes or a
// person asked for.
func (s *Service) runCheck(ctx context.Context, asOf ledger.Date) (*store.CheckRun, error) {
	started := s.DB.Now()
	if err := ledger.CheckableNight(asOf, ledger.DateOf(started), asOf); err != nil {
		return nil, err // after today, or none
	}
	run := &store.CheckRun{ID: newRunID(started), AsOf: asOf, Status: store.RunRunning,
		StartedBy: CallerFrom(ctx).ActorName(), StartedAt: started}
	if err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.ClaimCheckRun(tx, run.ID, asOf, run.StartedBy, tx.Now.Add(-checkStaleAfter)); err != nil {
			return err
		}
		return audit(tx, ledger.OrgChain, "check.run", run.ID, ledger.M("as of %s", asOf), map[string]string{"as_of": asOf.String()})
	}); err != nil {
		return nil, err
	}
	stop := s.beat(run.ID)
	n := newNight(run.ID, asOf)
	n.policy, n.cal = s.policy(), s.calendar()
	projects, counts, checkErr := s.checkAll(ctx, n)
	if s.failNight != nil && checkErr == nil {
		checkErr = s.failNight(asOf)
	}
	stop()
	run.Projects, run.Counts, run.Timings, run.FinishedAt = projects, counts, n.timings, s.DB.Now()
	run.Duration, run.Status = run.FinishedAt.Sub(started), store.RunFinished
	if checkErr != nil {
		run.Status, run.Error = store.RunFailed, ledger.ErrorMsg(checkErr).Encode()
		s.Log.Error("nightly check failed", "run", run.ID, "as_of", asOf.String(), "err", checkErr)
	}
	// The run's end is recorded even when the request that started it is gone.
	if err := s.finishRun(context.WithoutCancel(ctx), run); err != nil {
		return nil, err
	}
	return run, checkErr
}

// finishRun records the run's end. When the database cannot be reached it
// keeps trying in the background, for as long as the run would otherwise
// hold its night: a run whose end is not recorded stays "running", and every
// run of its night (the scheduler catching up, POST /checks) is refused until
// it goes stale, checkStaleAfter later, though nothing runs.
func (s *Service) finishRun(ctx context.Context, run *store.CheckRun) error {
	finish := func() error {
		return s.DB.WithTx(ctx, func(tx *store.Tx) error { return store.FinishCheckRun(tx, run) })
	}
	err := finish()
	if err == nil || (!store.Unavailable(err) && ledger.ErrorCode(err) != ledger.EUnavailable) {
		return err
	}
	go func() {
		for giveUp := time.Now().Add(checkStaleAfter); time.Now().Before(giveUp); {
			time.Sleep(finishRetryEvery)
			if finish() == nil {
				return
			}
		}
	}()
	return err
}

// newRunID is a run ID that sorts by its start.
func newRunID(at time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "chk_" + at.UTC().Format("20060102T150405.000000") + "_" + hex.EncodeToString(b[:])
}

// beat keeps the run's heartbeat until the returned stop is called.
func (s *Service) beat(runID string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(checkHeartbeat)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := s.DB.BeatCheckRun(context.Background(), runID); err != nil {
					s.Log.Warn("check heartbeat failed", "run", runID, "err", err)
				}
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// night is one run's shared state: its ID and date, the contractors read
// once for all their projects, and what the run spent (summed over its
// workers, kept with the run).
type night struct {
	runID string
	asOf  ledger.Date
	gcs   *contractors
	// inputs digest each project's night; skip holds the projects whose
	// night was kept with the digest they have now (check_skip.go).
	inputs *nightInputs
	skip   map[string]bool
	// policy and cal are what every project of the night is decided
	// under, made once: without a calendar of its own the service builds
	// one from the policy's notices on every call, which a province's
	// night did once per project.
	policy *ledger.Policy
	cal    *ledger.Calendar

	mu      sync.Mutex
	timings store.CheckTimings
}

func newNight(runID string, asOf ledger.Date) *night {
	return &night{runID: runID, asOf: asOf, gcs: newContractors(),
		timings: store.CheckTimings{Reads: map[string]time.Duration{}, Rules: map[ledger.Rule]time.Duration{}}}
}

// read runs one read of facts, named, and adds what it took.
func (n *night) read(name string, read func() error) error {
	start := time.Now()
	err := read()
	n.spent(func(t *store.CheckTimings) { t.Reads[name] += time.Since(start) })
	return err
}

// rule runs one rule's evaluation and adds what it took.
func (n *night) rule(r ledger.Rule, run func()) {
	start := time.Now()
	run()
	n.spent(func(t *store.CheckTimings) { t.Rules[r] += time.Since(start) })
}

func (n *night) spent(add func(*store.CheckTimings)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	add(&n.timings)
}

// CheckBatchWorkerMonths is how many worker-months of facts a batch of the
// check is sized for (ledger.CheckBatches, by each project's
// ledger.CheckWeight): a worker reads, decides and writes a batch at once,
// one statement per kind of fact for the batch, one transaction for its
// alerts, and holds its facts meanwhile. The province benchmark's peak heap
// is about 2 KB a worker-month in flight (74-81 MB for two batches of 25
// projects of 700 worker-months, 93-125 MB for two of 30,000): some 60 MB
// a batch. Batches of 25 projects whatever their size, the rule before,
// would hold over a gigabyte at once for 25 projects of 2,000 workers over
// a year (estimated at that rate, not measured). A project heavier than
// the budget is checked alone (but on a Citus cluster: checkBatches). On
// the benchmark (100-worker projects, 42 a batch: 24 batches against 40;
// 2 December, six runs of each interleaved) the next night took 2.81-3.16
// s against 2.80-3.49 s, the first night 3.88-4.81 s against 4.12-5.02 s:
// about the same, within the noise. Larger batches were not faster
// (50,000: 177-198 MB).
const CheckBatchWorkerMonths = 30_000

// checkAll checks every project in batches, with at most CheckWorkers
// batches at once, and sums their counts; the first error stops new batches
// from starting. What sizing needs of the projects' general contractors is
// read first, once per contractor for the night.
func (s *Service) checkAll(ctx context.Context, n *night) (int, map[ledger.Rule]*ledger.RuleCounts, error) {
	// Every project is read once: those started by the night are checked;
	// the rest count for their contractors' sizing and name the shards of a
	// Citus cluster the night's reads of every project go to.
	all, err := store.CheckProjects(s.DB.Reader(ctx), ledger.NewDate(9999, 12, 31))
	if err != nil {
		return 0, nil, err
	}
	projects := slices.DeleteFunc(slices.Clone(all), func(p *ledger.Project) bool { return p.StartedOn.After(n.asOf) })
	if err := n.read("inputs", func() (err error) { n.inputs, err = s.readInputs(s.DB.Reader(ctx), n.asOf, all); return err }); err != nil {
		return len(projects), map[ledger.Rule]*ledger.RuleCounts{}, err
	}
	n.skip = n.inputs.skipping(projects)
	checked := slices.DeleteFunc(slices.Clone(projects), func(p *ledger.Project) bool { return n.skip[p.ID] })
	n.gcs.sizedUnder = []*ledger.Policy{n.policy}
	if err := n.read("contractor_record", func() error {
		return n.gcs.load(s.DB.Reader(ctx), checked, n.inputs.all, n.inputs.known, n.inputs.history)
	}); err != nil {
		return len(projects), map[ledger.Rule]*ledger.RuleCounts{}, err
	}
	skipped := slices.DeleteFunc(slices.Clone(projects), func(p *ledger.Project) bool { return !n.skip[p.ID] })
	batches, err := s.checkBatches(ctx, n, checked, skipped)
	if err != nil {
		return len(projects), map[ledger.Rule]*ledger.RuleCounts{}, err
	}
	results := make([]map[ledger.Rule]*ledger.RuleCounts, len(batches))
	errs := make([]error, len(batches))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	slots := make(chan struct{}, CheckWorkers)
	hold, free := func(n int) {
		for range n {
			slots <- struct{}{}
		}
	}, func(n int) {
		for range n {
			<-slots
		}
	}
	var wg sync.WaitGroup
	for i, batch := range batches {
		if i > 0 && s.BeforeCheckBatch != nil {
			s.BeforeCheckBatch(n.runID, i)
		}
		if ctx.Err() != nil {
			errs[i] = ctx.Err()
			break
		}
		// A batch checked alone takes every worker's slot.
		need := 1
		if batch.alone {
			need = CheckWorkers
		}
		hold(need)
		if ctx.Err() != nil { // a batch failed while this one waited
			errs[i] = ctx.Err()
			free(need)
			break
		}
		wg.Go(func() {
			defer free(need)
			if s.duringBatch != nil {
				defer s.duringBatch()()
			}
			if results[i], errs[i] = s.checkBatch(ctx, n, batch.projects); errs[i] != nil {
				cancel()
			}
		})
	}
	wg.Wait()
	total := map[ledger.Rule]*ledger.RuleCounts{}
	for _, r := range results {
		addCounts(total, r) // a failed batch's are nil
	}
	return len(projects), total, batchError(errs)
}

// batchError is the first error of the night's batches that is not the
// cancellation another batch's error caused in those still running, nil
// when none failed.
func batchError(errs []error) error {
	var canceled error
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
		if canceled == nil {
			canceled = err
		}
	}
	return canceled
}

// nightBatch is one batch of a night's projects, and whether it is
// checked alone (ledger.CheckBatch).
type nightBatch struct {
	projects []*ledger.Project
	alone    bool
}

// checkBatches cuts the night's projects into batches. Those checked are
// cut by the facts they are expected to read (ledger.CheckBatches:
// CheckBatchWorkerMonths a batch, by the projects' headcounts; a project
// heavier than that checked alone), at most store.MaxCheckBatch projects
// (projects with few workers or none are many to a batch: what they read
// beside the weighed facts, their allocations, guarantees and alerts, is
// small), and into at least two batches a worker, so that a worker whose
// batch is done takes the next (a few projects are checked one per
// batch); the projects skipped are only recorded as checked: in few, large
// batches after the others (checkBatch cuts one that must be checked after
// all by the budget). On a Citus cluster each project's night is its own
// transaction, on its project's shard (store.DB.OneProjectPerTransaction),
// whatever its size: there two large projects may be checked at once.
func (s *Service) checkBatches(ctx context.Context, n *night, checked, skipped []*ledger.Project) ([]nightBatch, error) {
	var batches []nightBatch
	if s.DB.OneProjectPerTransaction() {
		for _, p := range slices.Concat(checked, skipped) {
			batches = append(batches, nightBatch{projects: []*ledger.Project{p}})
		}
		return batches, nil
	}
	most := max(1, min(store.MaxCheckBatch, (len(checked)+2*CheckWorkers-1)/(2*CheckWorkers)))
	if s.CheckBatchSize > 0 {
		most = min(s.CheckBatchSize, store.MaxCheckBatch)
	}
	weights, err := s.checkWeights(ctx, n, checked)
	if err != nil {
		return nil, err
	}
	for _, b := range ledger.CheckBatches(weights, s.checkBudget(), most) {
		batches, checked = append(batches, nightBatch{projects: checked[:b.Projects], alone: b.Alone}), checked[b.Projects:]
	}
	for chunk := range slices.Chunk(skipped, store.MaxCheckBatch) {
		batches = append(batches, nightBatch{projects: chunk})
	}
	return batches, nil
}

// checkBudget is the worker-months a batch of the check is cut at: 0 when
// tests cut batches by a number of projects (CheckBatchSize).
func (s *Service) checkBudget() int {
	switch {
	case s.CheckBatchSize > 0:
		return 0
	case s.CheckBatchWorkerMonths > 0:
		return s.CheckBatchWorkerMonths
	}
	return CheckBatchWorkerMonths
}

// checkWeights is each project's ledger.CheckWeight for the night, from
// the projects' headcounts (not read when the night's batches are cut by
// a number of projects, or for one project, which is a batch however it
// weighs, with no other beside it to share the workers: all zero then).
func (s *Service) checkWeights(ctx context.Context, n *night, projects []*ledger.Project) ([]int, error) {
	weights := make([]int, len(projects))
	if s.checkBudget() <= 0 || len(projects) < 2 {
		return weights, nil
	}
	var heads map[string]int
	if err := n.read("headcounts", func() (err error) { heads, err = store.Headcounts(s.DB.Reader(ctx)); return err }); err != nil {
		return nil, err
	}
	for i, p := range projects {
		weights[i] = ledger.CheckWeight(p.StartedOn, p.CompletedOn, heads[p.ID], n.asOf)
	}
	return weights, nil
}

func addCounts(total, add map[ledger.Rule]*ledger.RuleCounts) {
	for rule, c := range add {
		if total[rule] == nil {
			total[rule] = &ledger.RuleCounts{}
		}
		t := total[rule]
		t.Found, t.Opened, t.Updated, t.Resolved, t.Reopened = t.Found+c.Found, t.Opened+c.Opened, t.Updated+c.Updated,
			t.Resolved+c.Resolved, t.Reopened+c.Reopened
	}
}

// checkBatch checks a batch of projects, skipping those whose night was
// kept with the inputs they have now; when one of those changed meanwhile,
// the batch is checked again in full, in parts cut by the night's budget
// one after another (a batch of skipped projects is up to
// store.MaxCheckBatch of them, whatever their size).
func (s *Service) checkBatch(ctx context.Context, n *night, projects []*ledger.Project) (map[ledger.Rule]*ledger.RuleCounts, error) {
	counts, err := s.checkBatchOnce(ctx, n, projects, n.skip)
	if !errors.Is(err, errInputsMoved) {
		return counts, err
	}
	weights, err := s.checkWeights(ctx, n, projects)
	if err != nil {
		return nil, err
	}
	counts = map[ledger.Rule]*ledger.RuleCounts{}
	for _, part := range ledger.CheckBatches(weights, s.checkBudget(), store.MaxCheckBatch) {
		partCounts, err := s.checkBatchOnce(ctx, n, projects[:part.Projects], nil)
		if err != nil {
			return nil, err
		}
		addCounts(counts, partCounts)
		projects = projects[part.Projects:]
	}
	return counts, nil
}

// projectNight is one checked project's night: its plan, and what it was
// decided from (its findings, what clears an alert, the orders to pay).
type projectNight struct {
	plan     *ledger.AlertPlan
	findings []ledger.Finding
	cleared  ledger.Clearance
	orders   []ledger.PayOrderFact
}

// checkBatchOnce reads the facts of a batch's projects but those in skip,
// then decides each read project's night and writes the batch's alerts,
// their history, the blacklist candidates it found, its part of the run
// and what each night keeps for a run of it again, in one transaction.
func (s *Service) checkBatchOnce(ctx context.Context, n *night, projects []*ledger.Project, skip map[string]bool) (map[ledger.Rule]*ledger.RuleCounts, error) {
	read := slices.DeleteFunc(slices.Clone(projects), func(p *ledger.Project) bool { return skip[p.ID] })
	facts, err := s.batchFacts(s.DB.Reader(ctx), read, n)
	if err != nil {
		return nil, err
	}
	factsOf := make(map[string]*ledger.CheckFacts, len(read))
	for i, p := range read {
		factsOf[p.ID] = facts[i]
	}
	ids := projectIDs(projects)
	var total map[ledger.Rule]*ledger.RuleCounts
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		var existing map[string][]ledger.Alert
		if err := n.read("alerts", func() (err error) { existing, err = store.BatchAlerts(tx, ids); return err }); err != nil {
			return err
		}
		nights, plans := make([]*projectNight, len(projects)), make([]*ledger.AlertPlan, len(projects))
		for i, p := range projects {
			if factsOf[p.ID] != nil {
				nights[i] = s.planProject(n, factsOf[p.ID], existing[p.ID])
				plans[i] = nights[i].plan
			} else if !slices.Equal(versionsOf(existing[p.ID]), n.inputs.alerts[p.ID]) {
				return errInputsMoved
			} else {
				plans[i] = &ledger.AlertPlan{Counts: skippedCounts(n.inputs.stored[p.ID])}
			}
		}
		start := time.Now()
		defer func() { n.spent(func(t *store.CheckTimings) { t.Write += time.Since(start) }) }()
		total = map[ledger.Rule]*ledger.RuleCounts{}
		for _, plan := range plans {
			addCounts(total, plan.Counts)
		}
		orders, err := reviewBatchOrders(tx, ids, n.asOf)
		if err != nil {
			return err
		}
		if err := s.proposeOrderCandidates(tx, projects, n.asOf, orders, existing, plans); err != nil {
			return err
		}
		if err := writeBatch(tx, n, ids, plans); err != nil {
			return err
		}
		return s.keepNights(tx, n, nights, projects, existing)
	})
	return total, err
}

// keepNights records, after the batch is written, what each checked
// project's night keeps for a run of it again (nights[i] is projects[i]'s,
// nil when skipped), decided on its alerts as its plan left them
// (ledger.AlertPlan.After over the alerts it was planned on, existing),
// rather than on the alerts read back, evidence and all, right after
// writing them: a first night writes every alert, and reading them back
// was half of what writing a batch cost (province benchmark at scale 0.2,
// summed over the workers: 1.10 s of 2.26 s; 0.19 s deciding from the plan).
// It also forgets what the batch's projects kept of nights long gone
// (store.PruneCheckInputs).
func (s *Service) keepNights(tx *store.Tx, n *night, nights []*projectNight, projects []*ledger.Project, existing map[string][]ledger.Alert) error {
	keep, drop, moved := map[string]store.CheckInput{}, []string{}, []string{}
	for i, p := range projects {
		if nights[i] == nil {
			continue
		}
		if len(nights[i].plan.Insert)+len(nights[i].plan.Update) > 0 {
			moved = append(moved, p.ID)
		}
		if kept, ok := s.keptNight(n, p, nights[i], nights[i].plan.After(existing[p.ID])); ok {
			keep[p.ID] = kept
		} else {
			drop = append(drop, p.ID)
		}
	}
	if err := store.KeepCheckInputs(tx, n.asOf, keep, drop, moved); err != nil {
		return err
	}
	// What the runs of nights the schedule no longer catches up kept is of
	// no use to the re-runs of the nights it does: forgotten per batch, on
	// its projects' shard on a Citus cluster.
	return store.PruneCheckInputs(tx, n.asOf.AddDays(-ledger.MaxCatchUpNights), projectIDs(projects))
}

// planProject decides one project's night from its facts and the alerts it
// has.
func (s *Service) planProject(n *night, facts *ledger.CheckFacts, existing []ledger.Alert) *projectNight {
	facts.Orders = ledger.PayOrders(existing)
	findings, cleared := ledger.EvaluateWith(facts, n.policy, n.cal, n.rule)
	start := time.Now()
	plan := ledger.PlanAlerts(facts.Project.ID, existing, findings, n.asOf, cleared, func() string { return ledger.NewIDIn(ledger.PrefixAlert, facts.Project.ID) })
	n.spent(func(t *store.CheckTimings) { t.Plan += time.Since(start) })
	return &projectNight{plan: &plan, findings: findings, cleared: cleared, orders: facts.Orders}
}

// writeBatch writes a batch's plans for the night (plans[i] is project
// ids[i]'s): the alerts of all of them together, each project's audit
// record of what changed.
func writeBatch(tx *store.Tx, n *night, ids []string, plans []*ledger.AlertPlan) error {
	var all ledger.AlertPlan
	counts := make([]map[ledger.Rule]*ledger.RuleCounts, len(plans))
	for i, plan := range plans {
		all.Insert, all.Update, all.Events = append(all.Insert, plan.Insert...), append(all.Update, plan.Update...), append(all.Events, plan.Events...)
		counts[i] = plan.Counts
	}
	if err := store.WriteAlertPlan(tx, &all); err != nil {
		return err
	}
	if err := store.ProposeCandidates(tx, ledger.CheckCandidates(&all)); err != nil {
		return err
	}
	if err := store.MarkProjectsChecked(tx, n.runID, ids, counts); err != nil {
		return err
	}
	// Each project whose alerts changed gets its audit record, all of them
	// queued in one statement.
	var records []store.AuditInput
	input := map[string]string{"run": n.runID, "as_of": n.asOf.String()}
	for i, plan := range plans {
		if len(plan.Insert)+len(plan.Update) == 0 {
			continue
		}
		records = append(records, store.AuditInput{Chain: ids[i], Actor: CallerFrom(tx.Ctx()).ActorName(), Action: store.CheckAuditAction,
			Subject: n.runID, RequestHash: requestHash(tx.Ctx(), input),
			Detail: ledger.M("as of %s: %d opened, %d changed", n.asOf, len(plan.Insert), len(plan.Update)).Encode()})
	}
	if len(records) == 0 {
		return nil
	}
	_, err := store.AppendAudits(tx, records)
	return err
}

// RunNightly is the scheduled job: it checks, in date order, the nights
// after the last one a run finished up to the night before today (only the
// night before when no run has finished yet), at most MaxCatchUpNights of
// them: after a longer outage the nights before those are recorded as
// skipped (a failed run naming the range, in GET /checks) and left to an
// operator (ledger.NightsOwed). An old night checked by hand is not a
// starting point. A night that fails is recorded as failed (GET /checks
// shows it with its error) and the later nights still run; the error is
// returned once they have. Each night is its own run, committed when it
// ends, so a catch-up stopped midway (shutdown, crash) goes on from the
// last night finished at the next tick. A night another process is
// checking is left to it, and so are the nights after it: the catch-up goes
// on from there at the next tick (a crashed run's night is redone once its
// heartbeat is stale).
func (s *Service) RunNightly(ctx context.Context) ([]*store.CheckRun, error) {
	// The deadlines counted on an older calendar are counted again first
	// (RecomputeDeadlines), so that the night reviews orders and flags
	// complaints by the deadlines of the calendar as loaded.
	if n, err := s.RecomputeDeadlines(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		s.Log.Info("deadlines counted again on the calendar as loaded", "deadlines", n)
	}
	last, err := store.LastCheckedDate(s.DB.Reader(ctx))
	if err != nil {
		return nil, err
	}
	nights, skippedFrom, skippedTo := ledger.NightsOwed(last, ledger.DateOf(s.DB.Now()), ledger.MaxCatchUpNights)
	if !skippedFrom.IsZero() {
		if err := s.recordSkipped(ctx, skippedFrom, skippedTo); err != nil {
			return nil, err
		}
	}
	if len(nights) > 1 {
		s.Log.Info("nightly check catching up", "nights", len(nights), "from", nights[0].String(), "to", nights[len(nights)-1].String())
	}
	var runs []*store.CheckRun
	var failed []error
	for _, d := range nights {
		if ctx.Err() != nil {
			return runs, ctx.Err()
		}
		run, err := s.runCheck(ctx, d)
		if ledger.ErrorCode(err) == ledger.EConflict {
			s.Log.Info("nightly check already running elsewhere; later nights wait for it", "as_of", d.String())
			return runs, errors.Join(failed...)
		}
		if run == nil && err != nil {
			return runs, errors.Join(append(failed, err)...) // the run could not be recorded: the database is away
		}
		if err != nil {
			failed = append(failed, fmt.Errorf("the check of %s failed: %w", d, err))
		}
		runs = append(runs, run)
	}
	return runs, errors.Join(failed...)
}

// recordSkipped records the nights the catch-up leaves unchecked as a
// failed run naming them, so that GET /checks shows the gap.
func (s *Service) recordSkipped(ctx context.Context, from, to ledger.Date) error {
	now := s.DB.Now()
	skipped := ledger.M("nights %s to %s were not checked: the schedule catches up at most %d {night|nights}; check them with wageguard check --as-of",
		from, to, ledger.MaxCatchUpNights)
	run := &store.CheckRun{ID: newRunID(now), AsOf: from, Status: store.RunFailed, StartedBy: CallerFrom(ctx).ActorName(),
		StartedAt: now, FinishedAt: now,
		Error: skipped.Encode()}
	s.Log.Warn("nightly check skipped nights", "from", from.String(), "to", to.String())
	return s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.RecordCheckRun(tx, run); err != nil {
			return err
		}
		return audit(tx, ledger.OrgChain, "check.skip", run.ID, skipped, map[string]string{"from": from.String(), "to": to.String()})
	})
}

// checkFacts reads one project's facts for the nightly rules: batchFacts
// of one.
func (s *Service) checkFacts(q store.Querier, p *ledger.Project, n *night) (*ledger.CheckFacts, error) {
	fs, err := s.batchFacts(q, []*ledger.Project{p}, n)
	if err != nil {
		return nil, err
	}
	return fs[0], nil
}

// batchFacts reads a batch of projects' facts for the nightly rules, with
// what sizing each one's guarantee needs: the contract and the contractor's
// record as the books know it on the night (contractorRecord, as
// GET /projects/{id}/guarantee sizes it). The rules size it under the
// policy they run with.
func (s *Service) batchFacts(q store.Querier, projects []*ledger.Project, n *night) ([]*ledger.CheckFacts, error) {
	fs, err := store.CheckBatch(q, projects, n.asOf, n.read)
	if err != nil {
		return nil, err
	}
	for i, p := range projects {
		if p.ContractAmount <= 0 {
			continue
		}
		var record ledger.ContractorRecord
		if err := n.read("contractor_record", func() (err error) { record, err = s.contractorRecord(q, p, n.asOf, n.gcs); return err }); err != nil {
			return nil, err
		}
		in := sizingInput(p, record)
		fs[i].Guarantees.Sizing = &in
	}
	return fs, nil
}

// proposeOrderCandidates proposes for the dishonesty list, per project of
// the batch (plans[i] is projects[i]'s night), each employer whose orders
// to pay on the project, as the night reviewed them (orders), lapsed unpaid
// with the criminal threshold reached (source order), unless the check's
// blacklist_candidate names it already (ledger.CheckedEmployers).
func (s *Service) proposeOrderCandidates(tx *store.Tx, projects []*ledger.Project, asOf ledger.Date, orders map[string][]ledger.PayOrder,
	existing map[string][]ledger.Alert, plans []*ledger.AlertPlan) error {
	var cs []ledger.BlacklistCandidate
	for i, p := range projects {
		if len(orders[p.ID]) == 0 {
			continue
		}
		t := ledger.CriminalThresholdOf(s.policy().CheckParams(p.RegionCode, asOf))
		cs = append(cs, ledger.OrderCandidates(orders[p.ID], t, asOf, ledger.CheckedEmployers(existing[p.ID], plans[i]))...)
	}
	return store.ProposeCandidates(tx, cs)
}
