package service

import (
	"context"
	"time"
)

// AuditSealInterval is how often `serve` links queued audit records into
// their chains. A record is stored with its change at once; sealing gives it
// its place in the chain within about this long.
const AuditSealInterval = 200 * time.Millisecond

// SealAudit links every queued audit record into its chain now.
func (s *Service) SealAudit(ctx context.Context) (int, error) {
	return s.DB.SealAudit(ctx)
}

// RunAuditSealer seals queued audit records every interval until ctx ends,
// then once more, so that a clean shutdown leaves nothing queued. A failed
// round is logged and the next one tries again: the records wait in the
// queue, nothing is lost.
func (s *Service) RunAuditSealer(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if _, err := s.SealAudit(context.WithoutCancel(ctx)); err != nil {
				s.Log.Error("sealing the audit queue at shutdown failed", "err", err)
			}
			return
		case <-t.C:
			if _, err := s.SealAudit(ctx); err != nil && ctx.Err() == nil {
				s.Log.Error("sealing the audit queue failed; will retry", "err", err)
			}
		}
	}
}
