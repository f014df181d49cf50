// Package scheduler runs the nightly check on its cron schedule, in
// Asia/Shanghai. It is wiring only: the job is a service method, which the
// command line runs once the same way (DESIGN.md, after Miniflux).
package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/robfig/cron/v3"

	"github.com/wageguard/wageguard/ledger"
)

// Job is the scheduled work; it is given a context that Stop cancels.
type Job func(ctx context.Context) error

// Scheduler runs one job on a cron schedule, never two runs of it at once.
type Scheduler struct {
	cron   *cron.Cron
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Start runs job at once (to catch up on nights missed while the server was
// down) and then on spec, a 5-field cron expression in Asia/Shanghai. A tick
// that comes while the job is still running is skipped.
func Start(spec string, job Job, log *slog.Logger) (*Scheduler, error) {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{cancel: cancel}
	var busy sync.Mutex
	run := func() {
		if !busy.TryLock() {
			log.Warn("nightly check still running: this tick is skipped")
			return
		}
		defer busy.Unlock()
		if err := job(ctx); err != nil && ctx.Err() == nil {
			log.Error("nightly check failed", "err", err)
		}
	}
	s.cron = cron.New(cron.WithLocation(ledger.Shanghai))
	if _, err := s.cron.AddFunc(spec, run); err != nil {
		cancel()
		return nil, fmt.Errorf("scheduler: schedule %q: %w", spec, err)
	}
	s.cron.Start()
	s.wg.Add(1) // the catch-up run; the cron waits for its own in Stop
	go func() { defer s.wg.Done(); run() }()
	return s, nil
}

// Stop cancels a running job and waits for it to return.
func (s *Scheduler) Stop() {
	s.cancel()
	<-s.cron.Stop().Done()
	s.wg.Wait()
}
