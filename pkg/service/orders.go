package service

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// Orders to pay (限期支付令) and what follows them: the decisions are
// ledger's (pay_orders.go, pay_order_steps.go); here they are read, decided
// and written, each in one transaction, audited.

// OrderDetail is an order with the decisions taken on it.
type OrderDetail struct {
	ledger.PayOrder
	Decisions []ledger.OrderDecision
}

// OrderDecisionResult is a decision with the order as it stands after it
// and, for a guarantee drawdown, the drawdown it made.
type OrderDecisionResult struct {
	Decision ledger.OrderDecision
	Order    *OrderDetail
	Drawdown *DrawdownResult
}

// IssueOrder turns an inspector's order_rectification on an arrears alert
// about an employer into an order to pay: the workers and amounts from the
// books behind the alert, the deadline given or the policy's default in
// working days. The alert moves to rectification_ordered with the order's
// deadline, in the same transaction.
func (s *Service) IssueOrder(ctx context.Context, alertID string, in ledger.PayOrderInput) (*OrderDetail, error) {
	var out *OrderDetail
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		a, err := store.GetAlert(tx, alertID)
		if err != nil {
			return err
		}
		o, err := s.issueOrder(tx, a, in)
		if err != nil {
			return err
		}
		out = &OrderDetail{PayOrder: *o, Decisions: []ledger.OrderDecision{}}
		return nil
	})
	return out, err
}

// issueOrder decides and writes an order on alert a with the alert's
// action and history, audited.
func (s *Service) issueOrder(tx *store.Tx, a *ledger.Alert, in ledger.PayOrderInput) (*ledger.PayOrder, error) {
	in.Actor, in.On = CallerFrom(tx.Ctx()).ActorName(), ledger.DateOf(tx.Now)
	p, err := store.GetProject(tx, a.ProjectID)
	if err != nil {
		return nil, err
	}
	owed, err := store.WagesOwed(tx, a.ProjectID)
	if err != nil {
		return nil, err
	}
	days := s.policy().Param(ledger.OrderDeadlineWorkingDays, p.RegionCode, in.On).Count()
	o, err := ledger.NewPayOrder(*a, owed, in, days, s.calendar())
	if err != nil {
		return nil, err
	}
	changed, event, err := ledger.DecideAlertAction(*a, ledger.AlertActionInput{Action: ledger.ActionOrderRectification, Note: in.Note,
		Deadline: o.Deadline, Actor: in.Actor, On: in.On})
	if err != nil {
		return nil, err
	}
	o.ID = ledger.NewID(ledger.PrefixPayOrder)
	event.Note = fmt.Sprintf("order to pay %s: %s to %d lines by %s. %s", o.ID, o.Amount, len(o.Lines), o.Deadline, in.Note)
	if err := store.UpdateAlert(tx, &changed); err != nil {
		return nil, err
	}
	if err := store.InsertAlertEvents(tx, []ledger.AlertEvent{event}); err != nil {
		return nil, err
	}
	if err := store.InsertPayOrder(tx, &o); err != nil {
		return nil, err
	}
	return &o, audit(tx, o.ProjectID, "order.issue", o.ID, fmt.Sprintf("order to pay ¥%s to %d lines by %s on alert %s", o.Amount, len(o.Lines), o.Deadline, a.ID),
		map[string]string{"alert_id": a.ID, "employer_id": o.EmployerID, "deadline": o.Deadline.String(), "amount": o.Amount.String(), "note": in.Note})
}

// ListOrders lists the orders the caller may see: an inspector its
// region's, a contractor those of its projects and those naming it.
func (s *Service) ListOrders(ctx context.Context, f store.PayOrderFilter) ([]ledger.PayOrder, error) {
	f.Scope = CallerFrom(ctx).Scope()
	return store.ListPayOrders(s.DB.Reader(ctx), f)
}

// GetOrder reads one order with its decisions. The caller's access to it
// is the router's to check (Standing).
func (s *Service) GetOrder(ctx context.Context, id string) (*OrderDetail, error) {
	return getOrder(s.DB.Reader(ctx), id)
}

func getOrder(q store.Querier, id string) (*OrderDetail, error) {
	o, err := store.GetPayOrder(q, id)
	if err != nil {
		return nil, err
	}
	ds, err := store.OrderDecisions(q, o.ProjectID, o.ID)
	if err != nil {
		return nil, err
	}
	return &OrderDetail{PayOrder: *o, Decisions: ds}, nil
}

// orderNow is an order as the books show it today (ledger.ReviewPayOrder),
// with its decisions and the facts its next steps are proposed from.
type orderNow struct {
	order     ledger.PayOrder
	was       ledger.PayOrderStatus
	changed   bool
	decisions []ledger.OrderDecision
	facts     ledger.StepFacts
	steps     []ledger.NextStep
}

func (s *Service) readOrderNow(q store.Querier, id string, today ledger.Date) (*orderNow, error) {
	d, err := getOrder(q, id)
	if err != nil {
		return nil, err
	}
	p, err := store.GetProject(q, d.ProjectID)
	if err != nil {
		return nil, err
	}
	owed, err := store.WagesOwed(q, d.ProjectID)
	if err != nil {
		return nil, err
	}
	gs, err := store.ProjectGuarantees(q, d.ProjectID)
	if err != nil {
		return nil, err
	}
	n := &orderNow{was: d.Status, decisions: d.Decisions, facts: ledger.StepFacts{Guarantees: ledger.DrawableGuarantees(gs, today),
		Threshold: ledger.CriminalThresholdOf(s.policy().CheckParams(p.RegionCode, today))}}
	n.order, n.changed = ledger.ReviewPayOrder(d.PayOrder, owed, today)
	n.steps = ledger.ProposeNextSteps(n.order, n.decisions, n.facts)
	return n, nil
}

// OrderNextSteps proposes the steps the law allows after the order, as the
// books show it today: each with whether it may be decided now, and what
// the books prefill (a drawdown's payees, the compensation's range).
func (s *Service) OrderNextSteps(ctx context.Context, id string) ([]ledger.NextStep, error) {
	n, err := s.readOrderNow(s.DB.Reader(ctx), id, ledger.DateOf(s.DB.Now()))
	if err != nil {
		return nil, err
	}
	return n.steps, nil
}

// DecideOnOrder records an inspector's decision to take a step after a
// lapsed order: the order is first brought up to date with the books, the
// step decided by ledger, and a guarantee drawdown made through
// DrawGuarantee with the order's unpaid workers as payees, all in one
// transaction.
func (s *Service) DecideOnOrder(ctx context.Context, id string, in ledger.OrderDecisionInput) (*OrderDecisionResult, error) {
	var out *OrderDecisionResult
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		in.Actor, in.On = CallerFrom(ctx).ActorName(), ledger.DateOf(tx.Now)
		n, err := s.readOrderNow(tx, id, in.On)
		if err != nil {
			return err
		}
		if n.changed {
			if err := store.UpdatePayOrder(tx, &n.order, n.was); err != nil {
				return err
			}
		}
		d, err := ledger.DecideOrderStep(n.order, n.steps, n.facts, in)
		if err != nil {
			return err
		}
		d.ID = ledger.NewID(ledger.PrefixOrderDecision)
		out = &OrderDecisionResult{}
		if d.Step == ledger.StepGuaranteeDrawdown {
			if out.Drawdown, err = s.DrawGuarantee(tx.Ctx(), d.GuaranteeID, ledger.DrawdownInput{Amount: d.Amount, DecisionRef: d.DecisionRef,
				AlertID: n.order.AlertID, Payees: n.order.Payees()}); err != nil {
				return err
			}
			d.DrawdownID = out.Drawdown.Drawdown.ID
		}
		if err := store.InsertOrderDecision(tx, &d); err != nil {
			return err
		}
		out.Decision = d
		if out.Order, err = getOrder(tx, id); err != nil {
			return err
		}
		return audit(tx, d.ProjectID, "order."+string(d.Step), n.order.ID, fmt.Sprintf("%s on order %s: ¥%s. %s", d.Step, n.order.ID, d.Amount, d.Note),
			map[string]any{"step": d.Step, "percent": d.Percent, "amount": d.Amount.String(), "decision_ref": d.DecisionRef,
				"guarantee_id": d.GuaranteeID, "drawdown_id": d.DrawdownID, "note": d.Note})
	})
	return out, err
}

// reviewBatchOrders brings a batch's live orders up to date with the books
// as of the night (ledger.ReviewPayOrder): paid orders are complied or
// settled, those past their deadline unpaid lapse. Each change is audited.
// One statement reads the batch's live orders (and one their lines), one
// the wages owed on the projects that have any.
func reviewBatchOrders(tx *store.Tx, projectIDs []string, asOf ledger.Date) error {
	live, err := store.LiveOrdersOn(tx, projectIDs)
	if err != nil || len(live) == 0 {
		return err
	}
	owed, err := store.WagesOwedOnEach(tx, slices.Sorted(maps.Keys(live)))
	if err != nil {
		return err
	}
	for _, id := range projectIDs {
		for _, o := range live[id] {
			if err := reviewOrder(tx, o, owed[id], asOf); err != nil {
				return err
			}
		}
	}
	return nil
}

// reviewOrder writes what the books make of one live order, audited when
// its status moves.
func reviewOrder(tx *store.Tx, o ledger.PayOrder, owed []ledger.OwedWages, asOf ledger.Date) error {
	now, changed := ledger.ReviewPayOrder(o, owed, asOf)
	if !changed {
		return nil
	}
	if err := store.UpdatePayOrder(tx, &now, o.Status); err != nil {
		return err
	}
	if now.Status == o.Status {
		return nil
	}
	return audit(tx, o.ProjectID, "order."+string(now.Status), now.ID, fmt.Sprintf("as of %s the order is %s: ¥%s of ¥%s unpaid", asOf, now.Status, now.Unpaid, now.Amount),
		map[string]string{"as_of": asOf.String(), "status": string(now.Status), "unpaid": now.Unpaid.String()})
}
