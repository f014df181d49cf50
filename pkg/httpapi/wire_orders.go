package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// OrderRequest is an inspector's order to pay on an alert: a deadline
// (the policy's default in working days when absent) and a note.
type OrderRequest struct {
	Deadline *ledger.Date `json:"deadline"`
	Note     string       `json:"note"`
}

func (r OrderRequest) input() ledger.PayOrderInput {
	in := ledger.PayOrderInput{Note: r.Note}
	if r.Deadline != nil {
		in.Deadline = *r.Deadline
	}
	return in
}

// OrderLine is what an order tells the employer to pay one worker for one
// month, and what of it is still unpaid.
type OrderLine struct {
	EnrolmentID string        `json:"enrolment_id"`
	Name        string        `json:"name"`
	Period      ledger.Period `json:"period"`
	Amount      ledger.Money  `json:"amount"`
	Unpaid      ledger.Money  `json:"unpaid"`
}

// Order is an order to pay (限期支付令).
type Order struct {
	ID         string `json:"id"`
	ProjectID  string `json:"project_id"`
	AlertID    string `json:"alert_id"`
	EmployerID string `json:"employer_id"`
	// GeneralContractorID is bound to pay first (先行清偿, REG Art. 30)
	// when the employer is its subcontractor.
	GeneralContractorID string      `json:"general_contractor_id,omitempty"`
	Status              string      `json:"status"`
	IssuedOn            ledger.Date `json:"issued_on"`
	Deadline            ledger.Date `json:"deadline"`
	// DeadlineProvisional: the deadline was counted across a year whose
	// State Council notice the calendar lacks; it is counted again when
	// the notice is loaded (service.RecomputeDeadlines).
	DeadlineProvisional bool         `json:"deadline_provisional,omitempty"`
	Amount              ledger.Money `json:"amount"`
	Unpaid              ledger.Money `json:"unpaid"`
	LapsedOn            *ledger.Date `json:"lapsed_on,omitempty"`
	UnpaidAtLapse       ledger.Money `json:"unpaid_at_lapse"`
	ClosedOn            *ledger.Date `json:"closed_on,omitempty"`
	Note                string       `json:"note,omitempty"`
	Lines               []OrderLine  `json:"lines"`
}

// OrderDetail is an order with the decisions taken on it.
type OrderDetail struct {
	Order
	Decisions []OrderDecision `json:"decisions"`
}

// OrderDecision is an inspector's decision to take a step after a lapsed order.
type OrderDecision struct {
	ID          string       `json:"id"`
	Step        string       `json:"step"`
	Percent     int          `json:"percent,omitempty"`
	Amount      ledger.Money `json:"amount"`
	DecisionRef string       `json:"decision_ref,omitempty"`
	GuaranteeID string       `json:"guarantee_id,omitempty"`
	DrawdownID  string       `json:"drawdown_id,omitempty"`
	Note        string       `json:"note"`
	DecidedOn   ledger.Date  `json:"decided_on"`
	DecidedBy   string       `json:"decided_by"`
}

// OrderPayee is one worker a drawdown would pay, and how much.
type OrderPayee struct {
	EnrolmentID string       `json:"enrolment_id"`
	Amount      ledger.Money `json:"amount"`
}

// NextStep is one step the law allows after an order, proposed with what
// the books prefill.
type NextStep struct {
	Step        string           `json:"step"`
	Available   bool             `json:"available"`
	Reason      Text             `json:"reason"`
	Law         string           `json:"law"`
	Amount      ledger.Money     `json:"amount"`
	MinAmount   *ledger.Money    `json:"min_amount,omitempty"`
	MaxAmount   *ledger.Money    `json:"max_amount,omitempty"`
	Payees      []OrderPayee     `json:"payees,omitempty"`
	GuaranteeID string           `json:"guarantee_id,omitempty"`
	Cover       *ledger.Money    `json:"guarantee_cover,omitempty"`
	Guarantees  []OrderGuarantee `json:"guarantees,omitempty"`
	Decision    *OrderDecision   `json:"decision,omitempty"`
}

// OrderGuarantee is a guarantee a drawdown could draw on and what it still
// covers.
type OrderGuarantee struct {
	ID    string       `json:"id"`
	Cover ledger.Money `json:"cover"`
}

// NextSteps are an order's proposed steps.
type NextSteps struct {
	OrderID string     `json:"order_id"`
	Items   []NextStep `json:"items"`
}

// OrderDecisionRequest is an inspector's decision on a lapsed order.
type OrderDecisionRequest struct {
	Step        string        `json:"step"`
	Percent     int           `json:"percent"`
	Amount      *ledger.Money `json:"amount"`
	DecisionRef string        `json:"decision_ref"`
	GuaranteeID string        `json:"guarantee_id"`
	Note        string        `json:"note"`
}

func (r OrderDecisionRequest) input() ledger.OrderDecisionInput {
	in := ledger.OrderDecisionInput{Step: ledger.OrderStep(r.Step), Percent: r.Percent, DecisionRef: r.DecisionRef, GuaranteeID: r.GuaranteeID, Note: r.Note}
	if r.Amount != nil {
		in.Amount = *r.Amount
		if in.Amount == 0 { // given as zero: refused, not read as the default
			in.Amount = -1
		}
	}
	return in
}

// OrderDecisionResult is a decision with the order after it and, for a
// guarantee drawdown, the drawdown it made.
type OrderDecisionResult struct {
	Decision OrderDecision `json:"decision"`
	Order    OrderDetail   `json:"order"`
	Drawdown *DrawdownView `json:"drawdown,omitempty"`
}

func orderOf(o ledger.PayOrder) Order {
	return Order{ID: o.ID, ProjectID: o.ProjectID, AlertID: o.AlertID, EmployerID: o.EmployerID, GeneralContractorID: o.GeneralContractorID, Status: string(o.Status), IssuedOn: o.IssuedOn,
		Deadline: o.Deadline, DeadlineProvisional: o.DeadlineProvisional, Amount: o.Amount, Unpaid: o.Unpaid, LapsedOn: datePtr(o.LapsedOn), UnpaidAtLapse: o.UnpaidAtLapse,
		ClosedOn: datePtr(o.ClosedOn), Note: o.Note, Lines: mapEach(o.Lines, func(l ledger.PayOrderLine) OrderLine {
			return OrderLine{EnrolmentID: l.EnrolmentID, Name: l.Name, Period: l.Period, Amount: l.Amount, Unpaid: l.Unpaid}
		})}
}

func orderDetailOf(d *service.OrderDetail) OrderDetail {
	return OrderDetail{Order: orderOf(d.PayOrder), Decisions: mapEach(d.Decisions, orderDecisionOf)}
}

func orderDecisionOf(d ledger.OrderDecision) OrderDecision {
	return OrderDecision{ID: d.ID, Step: string(d.Step), Percent: d.Percent, Amount: d.Amount, DecisionRef: d.DecisionRef, GuaranteeID: d.GuaranteeID,
		DrawdownID: d.DrawdownID, Note: d.Note, DecidedOn: d.DecidedOn, DecidedBy: d.DecidedBy}
}

func nextStepOf(n ledger.NextStep) NextStep {
	out := NextStep{Step: string(n.Step), Available: n.Available, Reason: textOf(n.Reason), Law: n.Law, Amount: n.Amount, GuaranteeID: n.GuaranteeID}
	if n.Step == ledger.StepExtraCompensation && n.MaxAmount > 0 { // a range only once there is something to compensate
		out.MinAmount, out.MaxAmount = &n.MinAmount, &n.MaxAmount
	}
	if n.GuaranteeID != "" {
		out.Cover = &n.Cover
		out.Guarantees = mapEach(n.Guarantees, func(g ledger.DrawableGuarantee) OrderGuarantee { return OrderGuarantee{ID: g.ID, Cover: g.Cover} })
	}
	if len(n.Payees) > 0 {
		out.Payees = mapEach(n.Payees, func(p ledger.DrawdownPayee) OrderPayee {
			return OrderPayee{EnrolmentID: p.EnrolmentID, Amount: p.Amount}
		})
	}
	if n.Decided != nil {
		d := orderDecisionOf(*n.Decided)
		out.Decision = &d
	}
	return out
}

func orderDecisionResultOf(r *service.OrderDecisionResult) OrderDecisionResult {
	out := OrderDecisionResult{Decision: orderDecisionOf(r.Decision), Order: orderDetailOf(r.Order)}
	if r.Drawdown != nil {
		d := drawdownOf(r.Drawdown)
		out.Drawdown = &d
	}
	return out
}
