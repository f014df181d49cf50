package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// CalendarWarning says what an operator must do about the working-day
// calendar today, in words (a message, read in each reader's language), or
// the zero Msg when nothing: this year's State Council holiday
// notice, and from 1 December next year's, must be in it, or deadlines in
// that year count the statutory holidays but miss its bridging days off and
// make-up working days. /readyz carries it, and serve logs it at start-up.
func (s *Service) CalendarWarning() ledger.Msg {
	year, missing := s.calendar().MissingNotice(ledger.DateOf(s.DB.Now()))
	if !missing {
		return ledger.Msg{}
	}
	return ledger.M("the working-day calendar lacks the State Council holiday notice for %d: deadlines in %d count its statutory holidays but not its bridging days off or make-up working days until the notice is added", year, year)
}

// RecomputeComplaintDeadlines counts the deadlines in force of every open
// complaint again on the calendar as now loaded, and writes those that
// moved (ledger.RecomputeComplaintDeadlines decides; a lapsed deadline is
// left as it was), each in its own transaction on its project, audited as
// complaint.deadlines with the dates before and after. serve runs it at
// start-up, when the policy file may have brought a State Council notice a
// provisional deadline was waiting for; run again, it moves nothing. It
// returns how many complaints' deadlines moved.
func (s *Service) RecomputeComplaintDeadlines(ctx context.Context) (int, error) {
	open, err := store.OpenComplaints(s.DB.Reader(ctx))
	if err != nil {
		return 0, err
	}
	// Decided before any transaction: at start-up nearly every complaint's
	// deadlines stand, and those need no transaction of their own.
	cal, today, moved := s.calendar(), ledger.DateOf(s.DB.Now()), 0
	for _, was := range open {
		c, changed := ledger.RecomputeComplaintDeadlines(was, cal, today)
		if !changed {
			continue
		}
		err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
			written, err := store.UpdateComplaintDeadlines(tx, &c, was)
			if err != nil || !written {
				return err // changed meanwhile: decided on the calendar as loaded
			}
			moved++
			return audit(tx, c.ProjectID, "complaint.deadlines", c.ID,
				ledger.M("the deadline in force counted again on the working-day calendar as loaded: %s, was %s", c.NextDeadline(), was.NextDeadline()),
				map[string]any{"accept_by": [2]ledger.Date{was.AcceptBy, c.AcceptBy}, "conclude_by": [2]ledger.Date{was.ConcludeBy, c.ConcludeBy}})
		})
		if err != nil {
			return moved, err
		}
	}
	return moved, nil
}
