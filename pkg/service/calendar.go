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

// RecomputeDeadlines counts again, on the calendar as now loaded, every
// deadline still running that was counted in working days: open
// complaints' (ledger.RecomputeComplaintDeadlines), running orders to
// pay's (ledger.RecomputeOrderDeadline) and the reply-by dates of
// blacklist notices awaiting the unit's reply (ledger.RecomputeReplyBy); a
// lapsed one is left as it was. Each that moved is written in its own
// transaction on its project, audited (complaint.deadlines,
// order.deadline, blacklist.reply_by) with the dates before and after; an
// order's alert whose deadline moved with it also says so in its history
// (ledger.EventDeadlineMoved).
//
// The calendar is the built-in notices and the policy file's, which the
// process reads when it starts: serve runs this at start-up, when the
// policy file may have brought a State Council notice a provisional
// deadline was waiting for, and each nightly run (service.RunNightly)
// runs it first, so that a calendar another process loaded (wageguard
// check with a newer policy file) or a default calendar updated by an
// upgrade is caught up with without waiting for a restart. Run again, it
// moves nothing. It returns how many deadlines moved.
func (s *Service) RecomputeDeadlines(ctx context.Context) (int, error) {
	cal, today := s.calendar(), ledger.DateOf(s.DB.Now())
	n, err := s.recomputeComplaints(ctx, cal, today)
	if err != nil {
		return n, err
	}
	m, err := s.recomputeOrders(ctx, cal, today)
	if n += m; err != nil {
		return n, err
	}
	m, err = s.recomputeReplies(ctx, cal, today)
	return n + m, err
}

// recount writes, each in a transaction of its own on its project, what
// decide moves of items, and records it; write reports false, writing
// nothing (and nothing is recorded), when the item changed since it was
// read. Decided before any transaction: nearly every deadline stands, and
// those need none. It returns how many moved.
func recount[T any](ctx context.Context, db *store.DB, items []T, decide func(T) (T, bool, error),
	write func(tx *store.Tx, was, now T) (bool, error), record func(tx *store.Tx, was, now T) error) (int, error) {
	moved := 0
	for _, was := range items {
		now, changed, err := decide(was)
		if err != nil {
			return moved, err
		}
		if !changed {
			continue
		}
		// Counted once it committed: WithTx runs the function again on a
		// conflict, which would count the same move twice.
		var written bool
		err = db.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			if written, err = write(tx, was, now); err != nil || !written {
				return err // changed meanwhile: decided on the calendar as loaded
			}
			return record(tx, was, now)
		})
		if err != nil {
			return moved, err
		}
		if written {
			moved++
		}
	}
	return moved, nil
}

// recomputeComplaints moves the open complaints' deadlines.
func (s *Service) recomputeComplaints(ctx context.Context, cal *ledger.Calendar, today ledger.Date) (int, error) {
	open, err := store.OpenComplaints(s.DB.Reader(ctx))
	if err != nil {
		return 0, err
	}
	return recount(ctx, s.DB, open, func(c ledger.Complaint) (ledger.Complaint, bool, error) {
		now, changed := ledger.RecomputeComplaintDeadlines(c, cal, today)
		return now, changed, nil
	}, func(tx *store.Tx, was, c ledger.Complaint) (bool, error) {
		return store.UpdateComplaintDeadlines(tx, &c, was)
	}, func(tx *store.Tx, was, c ledger.Complaint) error {
		return audit(tx, c.ProjectID, "complaint.deadlines", c.ID,
			ledger.M("the deadline in force counted again on the working-day calendar as loaded: %s, was %s", c.NextDeadline(), was.NextDeadline()),
			map[string]any{"accept_by": [2]ledger.Date{was.AcceptBy, c.AcceptBy}, "conclude_by": [2]ledger.Date{was.ConcludeBy, c.ConcludeBy}})
	})
}

// recomputeOrders moves the running orders' counted deadlines.
func (s *Service) recomputeOrders(ctx context.Context, cal *ledger.Calendar, today ledger.Date) (int, error) {
	running, err := store.RunningCountedOrders(s.DB.Reader(ctx))
	if err != nil {
		return 0, err
	}
	return recount(ctx, s.DB, running, func(o ledger.PayOrder) (ledger.PayOrder, bool, error) {
		now, changed := ledger.RecomputeOrderDeadline(o, cal, today)
		return now, changed, nil
	}, func(tx *store.Tx, was, o ledger.PayOrder) (bool, error) {
		return store.UpdatePayOrderDeadline(tx, &o, was.Deadline)
	}, func(tx *store.Tx, was, o ledger.PayOrder) error {
		if err := audit(tx, o.ProjectID, "order.deadline", o.ID,
			ledger.M("the order's deadline counted again on the working-day calendar as loaded: %s, was %s", o.Deadline, was.Deadline),
			map[string]any{"deadline": [2]ledger.Date{was.Deadline, o.Deadline}, "working_days": o.DeadlineWorkingDays}); err != nil {
			return err
		}
		return moveOrderedAlert(tx, was, o, today)
	})
}

// moveOrderedAlert moves the deadline of order o's alert with the order's,
// in the order's transaction (ledger.MoveOrderedDeadline), audited and
// entered in the alert's history on day today.
func moveOrderedAlert(tx *store.Tx, was, o ledger.PayOrder, today ledger.Date) error {
	a, err := store.GetAlert(tx, o.AlertID)
	if err != nil {
		return err
	}
	moved, event, changed := ledger.MoveOrderedDeadline(*a, o.ID, was.Deadline, o.Deadline, today)
	if !changed {
		return nil
	}
	if err := store.UpdateAlert(tx, &moved); err != nil {
		return err
	}
	if err := store.InsertAlertEvents(tx, []ledger.AlertEvent{event}, []string{moved.ProjectID}); err != nil {
		return err
	}
	return audit(tx, moved.ProjectID, "alert.deadline", moved.ID,
		ledger.M("the rectification deadline moved with order %s's, counted again: %s, was %s", o.ID, moved.Deadline, was.Deadline),
		map[string]any{"order_id": o.ID, "deadline": [2]ledger.Date{was.Deadline, moved.Deadline}})
}

// recomputeReplies moves the reply-by dates of the notices awaiting a
// reply, counted with the policy's reply period in force where and when
// the notice was served.
func (s *Service) recomputeReplies(ctx context.Context, cal *ledger.Calendar, today ledger.Date) (int, error) {
	r := s.DB.Reader(ctx)
	waiting, err := store.ListingsAwaitingReply(r)
	if err != nil {
		return 0, err
	}
	return recount(ctx, s.DB, waiting, func(v store.ListingView) (store.ListingView, bool, error) {
		p, err := store.GetProject(r, v.ProjectID)
		if err != nil {
			return v, false, err
		}
		var changed bool
		v.Listing, changed = ledger.RecomputeReplyBy(v.Listing, s.policy().TermsOf(p.RegionCode, v.ServedOn).ReplyWorkingDays, cal, today)
		return v, changed, nil
	}, func(tx *store.Tx, was, l store.ListingView) (bool, error) {
		return store.UpdateListingReplyBy(tx, &l.Listing, was.ReplyBy)
	}, func(tx *store.Tx, was, l store.ListingView) error {
		return audit(tx, l.ProjectID, "blacklist.reply_by", l.ID,
			ledger.M("the unit's reply-by date counted again on the working-day calendar as loaded: %s, was %s", l.ReplyBy, was.ReplyBy),
			map[string]any{"reply_by": [2]ledger.Date{was.ReplyBy, l.ReplyBy}})
	})
}
