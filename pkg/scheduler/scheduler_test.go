package scheduler_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/scheduler"
)

// The job runs at once (the catch-up), then on its schedule; Stop cancels
// the running job and waits for it.
func TestSchedulerRunsAtOnceThenOnSchedule(t *testing.T) {
	var runs atomic.Int32
	stopped := make(chan struct{})
	s, err := scheduler.Start("@every 1s", func(ctx context.Context) error {
		if runs.Add(1) == 2 {
			<-ctx.Done() // the second run is still going when Stop comes
			close(stopped)
		}
		return nil
	}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for runs.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if runs.Load() < 2 {
		t.Fatalf("%d runs after 10 s, want the catch-up and a scheduled one", runs.Load())
	}
	s.Stop()
	select {
	case <-stopped:
	default:
		t.Fatal("Stop returned before the running job ended")
	}
}

func TestSchedulerRefusesABadSchedule(t *testing.T) {
	if _, err := scheduler.Start("every night", func(context.Context) error { return nil }, slog.New(slog.DiscardHandler)); err == nil {
		t.Fatal("a bad schedule was accepted")
	}
}
