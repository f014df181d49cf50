package service

import (
	"context"

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
		out = &OrderDetail{PayOrder: s.withProvisional(*o), Decisions: []ledger.OrderDecision{}}
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
	in.GeneralContractorID = p.GeneralContractorID
	latest := s.policy().Param(ledger.OrderDeadlineMaxWorkingDays, p.RegionCode, in.On).Count()
	o, err := ledger.NewPayOrder(*a, owed, in, days, latest, s.calendar())
	if err != nil {
		return nil, err
	}
	changed, event, err := ledger.DecideAlertAction(*a, ledger.AlertActionInput{Action: ledger.ActionOrderRectification, Note: in.Note,
		Deadline: o.Deadline, Actor: in.Actor, On: in.On})
	if err != nil {
		return nil, err
	}
	o.ID = ledger.NewIDIn(ledger.PrefixPayOrder, o.ProjectID)
	// The history note is a message, the inspector's words shown as typed.
	note := ledger.M("order to pay %s: %s to %d {line|lines} by %s.", o.ID, o.Amount, len(o.Lines), o.Deadline)
	if o.Note != "" {
		note = ledger.M("%s %s", note, ledger.Verbatim(o.Note))
	}
	event.Note = note.Encode()
	if err := store.UpdateAlert(tx, &changed); err != nil {
		return nil, err
	}
	if err := store.InsertAlertEvents(tx, []ledger.AlertEvent{event}, []string{a.ProjectID}); err != nil {
		return nil, err
	}
	if err := store.InsertPayOrder(tx, &o); err != nil {
		return nil, err
	}
	return &o, audit(tx, o.ProjectID, "order.issue", o.ID, ledger.M("order to pay ¥%s to %d {line|lines} by %s on alert %s", o.Amount, len(o.Lines), o.Deadline, a.ID),
		map[string]string{"alert_id": a.ID, "employer_id": o.EmployerID, "deadline": o.Deadline.String(), "amount": o.Amount.String(), "note": in.Note})
}

// ListOrders lists the orders the caller may see: an inspector its
// region's, a contractor those of its projects and those naming it.
func (s *Service) ListOrders(ctx context.Context, f store.PayOrderFilter) ([]ledger.PayOrder, error) {
	f.Scope = CallerFrom(ctx).Scope()
	os, err := store.ListPayOrders(s.DB.Reader(ctx), f)
	for i := range os {
		os[i] = s.withProvisional(os[i])
	}
	return os, err
}

// withProvisional marks o's deadline provisional under the calendar as
// loaded (ledger.PayOrder.ProvisionalUnder).
func (s *Service) withProvisional(o ledger.PayOrder) ledger.PayOrder {
	o.DeadlineProvisional = o.ProvisionalUnder(s.calendar())
	return o
}

// GetOrder reads one order with its decisions. The caller's access to it
// is the router's to check (Standing).
func (s *Service) GetOrder(ctx context.Context, id string) (*OrderDetail, error) {
	d, err := getOrder(s.DB.Reader(ctx), id)
	if err == nil {
		d.PayOrder = s.withProvisional(d.PayOrder)
	}
	return d, err
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
	books, err := orderBooks(q, d.PayOrder, today, map[ledger.Date][]ledger.OwedWages{})
	if err != nil {
		return nil, err
	}
	facts, err := s.stepFacts(q, p, d.EmployerID, today)
	if err != nil {
		return nil, err
	}
	n := &orderNow{was: d.Status, decisions: d.Decisions, facts: facts}
	n.order, n.changed = ledger.ReviewPayOrder(d.PayOrder, books, today)
	n.steps = ledger.ProposeNextSteps(n.order, n.decisions, n.facts)
	return n, nil
}

// stepFacts reads what proposing an order's steps needs: the project's
// guarantees with cover left, its general contractor, and the nightly
// check's blacklist candidate naming the employer.
func (s *Service) stepFacts(q store.Querier, p *ledger.Project, employerID string, today ledger.Date) (ledger.StepFacts, error) {
	f := ledger.StepFacts{GeneralContractorID: p.GeneralContractorID}
	gs, err := store.ProjectGuarantees(q, p.ID)
	if err != nil {
		return f, err
	}
	covers, err := s.coversOf(q, gs, today)
	if err != nil {
		return f, err
	}
	f.Guarantees = ledger.DrawableGuarantees(covers)
	alerts, err := store.ProjectAlerts(q, p.ID)
	f.Candidate = ledger.CandidateAlert(alerts, employerID)
	return f, err
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
			was := n.order
			was.Status = n.was
			if err := writeReview(tx, &was, &n.order, ledger.ReviewSteps(&was, &n.order, in.On), in.On); err != nil {
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
				AlertID: n.order.AlertID, Payees: n.order.PayeesFor(d.Amount), Within: n.order.DrawdownScope()}); err != nil {
				return asDecisionError(err)
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
		out.Order.PayOrder = s.withProvisional(out.Order.PayOrder)
		return audit(tx, d.ProjectID, "order."+string(d.Step), n.order.ID, ledger.M("%s on order %s: ¥%s. %s", d.Step.Label(), n.order.ID, d.Amount, ledger.Verbatim(d.Note)),
			map[string]any{"step": d.Step, "percent": d.Percent, "amount": d.Amount.String(), "decision_ref": d.DecisionRef,
				"guarantee_id": d.GuaranteeID, "drawdown_id": d.DrawdownID, "note": d.Note})
	})
	return out, err
}

// orderBooks reads the books order o is reviewed against on night asOf
// (ledger.OrderBooks), each day's read once per call through seen.
func orderBooks(q store.Querier, o ledger.PayOrder, asOf ledger.Date, seen map[ledger.Date][]ledger.OwedWages) (ledger.OrderBooks, error) {
	read := func(d ledger.Date) ([]ledger.OwedWages, error) {
		if owed, ok := seen[d]; ok {
			return owed, nil
		}
		owed, err := store.WagesOwedAsOf(q, o.ProjectID, d)
		seen[d] = owed
		return owed, err
	}
	var b ledger.OrderBooks
	var err error
	if b.AsOf, err = read(asOf); err != nil || !asOf.After(o.Deadline) {
		return b, err
	}
	b.AtDeadline, err = read(o.Deadline)
	return b, err
}

// writeReview writes an order as reviewed (was: how it stood) and audits
// each change of status (ledger.ReviewSteps), a lapse found together with
// the payment that settled it included.
func writeReview(tx *store.Tx, was, now *ledger.PayOrder, steps []ledger.StatusChange, asOf ledger.Date) error {
	if err := store.UpdatePayOrder(tx, now, was.Status); err != nil {
		return err
	}
	for _, st := range steps {
		if err := audit(tx, now.ProjectID, "order."+string(st.Status), now.ID, ledger.M("as of %s the order is %s: ¥%s of ¥%s unpaid", st.On, st.Status.Label(), st.Unpaid, now.Amount),
			map[string]string{"as_of": st.On.String(), "reviewed_on": asOf.String(), "status": string(st.Status), "unpaid": st.Unpaid.String()}); err != nil {
			return err
		}
	}
	return nil
}

// asDecisionError names the decision's own field, amount, in a refusal of
// the drawdown it made: the request named no payees.
func asDecisionError(err error) error {
	fields := ledger.ErrorFields(err)
	if ledger.ErrorCode(err) != ledger.EInvalid || len(fields) == 0 {
		return err
	}
	var v ledger.Validation
	for _, f := range fields {
		v.Add("amount", f.Code, "%s", f.Msg())
	}
	return v.Err("the decision is not valid")
}

// reviewBatchOrders brings every order of a batch's projects up to date
// with the books as of the night (ledger.ReviewPayOrder): paid orders are
// complied or settled, those past their deadline unpaid lapse, paid ones
// whose payment the bank returned reopen. Each change of status is audited.
// An order does not reopen while a later order on its alert is live. One
// statement reads the batch's orders (and one their lines); the books are
// read only for projects with orders, once per project and day. It returns
// each project's orders as reviewed.
func reviewBatchOrders(tx *store.Tx, projectIDs []string, asOf ledger.Date) (map[string][]ledger.PayOrder, error) {
	all, err := store.OrdersOn(tx, projectIDs)
	if err != nil {
		return nil, err
	}
	for _, id := range projectIDs {
		if err := reviewProjectOrders(tx, all[id], asOf); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// reviewProjectOrders reviews one project's orders (all of them, in ID
// order), leaving each as written in orders.
func reviewProjectOrders(tx *store.Tx, orders []ledger.PayOrder, asOf ledger.Date) error {
	live := ledger.LiveOrders(orders)
	seen := map[ledger.Date][]ledger.OwedWages{}
	for i, o := range orders {
		books, err := orderBooks(tx, o, asOf, seen)
		if err != nil {
			return err
		}
		now, steps, write := ledger.ReviewAmong(o, books, asOf, live)
		if !write {
			continue
		}
		if err := writeReview(tx, &o, &now, steps, asOf); err != nil {
			return err
		}
		orders[i] = now
	}
	return nil
}
