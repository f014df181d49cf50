package ledger

import (
	"slices"
	"strings"
)

// What follows a lapsed order to pay: the steps the law allows, each an
// inspector's decision (DOMAIN.md "Complaints, orders to pay, and what
// follows"). The service proposes them with what the books prefill; the
// inspector decides, and the decision is kept with the order.

// OrderStep is one step the law allows after an order to pay lapsed.
type OrderStep string

// The steps, in the order they are proposed.
const (
	// StepGuaranteeDrawdown pays the workers from the wage guarantee
	// (人社部发〔2021〕65号 第十二条: after an order to pay has lapsed).
	StepGuaranteeDrawdown OrderStep = "guarantee_drawdown"
	// StepExtraCompensation orders the employer to pay the workers extra
	// compensation of 50% to 100% of what was unpaid (LSIR Art. 26).
	StepExtraCompensation OrderStep = "extra_compensation"
	// StepCourtEnforcement applies to the people's court to enforce the
	// decision (REG Art. 42; 行政强制法 第五十三条).
	StepCourtEnforcement OrderStep = "court_enforcement"
	// StepCriminalReferral refers refusal to pay to the public security
	// organs (拒不支付劳动报酬罪, Criminal Law Art. 276-1; REG Art. 41).
	StepCriminalReferral OrderStep = "criminal_referral"
)

// OrderSteps are the steps in the order they are proposed.
var OrderSteps = []OrderStep{StepGuaranteeDrawdown, StepExtraCompensation, StepCourtEnforcement, StepCriminalReferral}

// Law is the legal basis of a step, as cited to the inspector.
func (s OrderStep) Law() string {
	return map[OrderStep]string{
		StepGuaranteeDrawdown: "人社部发〔2021〕65号 第十二条",
		StepExtraCompensation: "劳动保障监察条例 第二十六条",
		StepCourtEnforcement:  "保障农民工工资支付条例 第四十二条",
		StepCriminalReferral:  "刑法 第二百七十六条之一；保障农民工工资支付条例 第四十一条",
	}[s]
}

// Extra compensation is 50% to 100% of what was unpaid (LSIR Art. 26):
// national law, so constants rather than policy parameters.
const (
	ExtraCompensationMinPercent = 50
	ExtraCompensationMaxPercent = 100
)

// CriminalThreshold is the province's threshold for refusing to pay wages
// (法释〔2013〕3号 第三条; the blacklist.* policy parameters).
type CriminalThreshold struct {
	Months    int   // one worker owed this many months or more …
	OneWorker Money // … and this much or more
	Workers   int   // or this many workers …
	Total     Money // … owed this much or more in all
}

// StepFacts are what proposing the steps reads besides the order: the
// project's guarantees that can be drawn on (held, best first) and the
// criminal threshold in force.
type StepFacts struct {
	Guarantees []string
	Threshold  CriminalThreshold
}

// CriminalThresholdOf is the threshold the check parameters hold.
func CriminalThresholdOf(p CheckParams) CriminalThreshold {
	return CriminalThreshold{Months: p.CriminalMonths, OneWorker: p.CriminalOneWorker, Workers: p.CriminalWorkers, Total: p.CriminalTotal}
}

// DrawableGuarantees are the IDs of the guarantees among gs that can be
// drawn on today: not released, valid today, in the order given.
func DrawableGuarantees(gs []*WageGuarantee, today Date) []string {
	var out []string
	for _, g := range gs {
		if g.ReleasedOn != nil || g.ValidFrom.After(today) || (g.ValidUntil != nil && g.ValidUntil.Before(today)) {
			continue
		}
		out = append(out, g.ID)
	}
	return out
}

// NextStep is one step proposed for an order: whether it may be decided
// now and why (or why not), its legal basis, and what the books prefill.
type NextStep struct {
	Step      OrderStep
	Available bool
	Reason    Msg
	Law       string
	// Amount is what the step is about: the unpaid rest (drawdown, court,
	// referral) or the basis of the extra compensation (unpaid at lapse).
	Amount Money
	// The extra compensation's range, 50% and 100% of Amount.
	MinAmount, MaxAmount Money
	// A drawdown's payees and the guarantee it would draw on.
	Payees      []DrawdownPayee
	GuaranteeID string
	Decided     *OrderDecision
}

// OrderDecision is an inspector's decision to take a step.
type OrderDecision struct {
	ID          string
	ProjectID   string
	OrderID     string
	Step        OrderStep
	Percent     int // extra compensation: of the amount unpaid at lapse
	Amount      Money
	DecisionRef string // the written decision's reference (文号)
	GuaranteeID string
	DrawdownID  string
	Note        string
	DecidedOn   Date
	DecidedBy   string
}

// ProposeNextSteps proposes every step for order o given the decisions
// already taken on it: each says whether it may be decided now. Nothing is
// available before the order lapsed; a settled order (paid after it
// lapsed) still owes the extra compensation; a step is decided once.
func ProposeNextSteps(o PayOrder, done []OrderDecision, f StepFacts) []NextStep {
	unpaid := o.Status == OrderLapsed && o.Unpaid > 0
	out := make([]NextStep, 0, len(OrderSteps))
	for _, s := range OrderSteps {
		n := NextStep{Step: s, Law: s.Law(), Amount: o.Unpaid}
		if i := slices.IndexFunc(done, func(d OrderDecision) bool { return d.Step == s }); i >= 0 {
			d := done[i]
			n.Decided, n.Reason = &d, M("decided on %s", d.DecidedOn)
			out = append(out, n)
			continue
		}
		switch {
		case o.Status == OrderIssued || o.Status == OrderComplied:
			n.Reason = M("the order has not lapsed: its deadline is %s and it is %s", o.Deadline, o.Status)
		case s == StepExtraCompensation:
			n.proposeCompensation(o)
		case !unpaid:
			n.Reason = M("the wages under the order were paid after it lapsed")
		case s == StepGuaranteeDrawdown:
			n.Payees = o.Payees()
			if len(f.Guarantees) == 0 {
				n.Reason = M("the project holds no guarantee that can be drawn on")
				break
			}
			n.Available, n.GuaranteeID = true, f.Guarantees[0]
			n.Reason = M("the order lapsed on %s with %s unpaid to %d workers: the guarantee may pay them", o.LapsedOn, o.Unpaid, len(n.Payees))
		case s == StepCriminalReferral:
			n.Available = f.Threshold.reached(o.Lines)
			n.Reason = M("the unpaid wages are below the criminal threshold")
			if n.Available {
				n.Reason = M("the order lapsed and the unpaid wages reach the criminal threshold")
			}
		default:
			n.Available, n.Reason = true, M("the order lapsed on %s with %s unpaid", o.LapsedOn, o.Unpaid)
		}
		out = append(out, n)
	}
	return out
}

// proposeCompensation fills the extra compensation's basis and range.
func (n *NextStep) proposeCompensation(o PayOrder) {
	n.Amount = o.UnpaidAtLapse
	n.MinAmount, n.MaxAmount = percentOf(n.Amount, ExtraCompensationMinPercent), percentOf(n.Amount, ExtraCompensationMaxPercent)
	n.Available = n.Amount > 0
	n.Reason = M("%s was unpaid when the order lapsed on %s: extra compensation of %d%% to %d%% of it may be ordered", n.Amount, o.LapsedOn,
		ExtraCompensationMinPercent, ExtraCompensationMaxPercent)
}

// percentOf is pct% of m, rounded half up to the fen.
func percentOf(m Money, pct int) Money { return (m*Money(pct) + 50) / 100 }

// reached reports whether the unpaid lines reach the threshold: one worker
// owed enough months and money, or enough workers owed enough in all.
func (t CriminalThreshold) reached(lines []PayOrderLine) bool {
	type owed struct {
		amount Money
		months map[Period]bool
	}
	by := map[string]*owed{}
	var total Money
	for _, l := range lines {
		if l.Unpaid <= 0 {
			continue
		}
		if by[l.EnrolmentID] == nil {
			by[l.EnrolmentID] = &owed{months: map[Period]bool{}}
		}
		by[l.EnrolmentID].amount += l.Unpaid
		by[l.EnrolmentID].months[l.Period] = true
		total += l.Unpaid
	}
	for _, w := range by {
		if len(w.months) >= t.Months && w.amount >= t.OneWorker {
			return true
		}
	}
	return len(by) > 0 && len(by) >= t.Workers && total >= t.Total
}

// OrderDecisionInput is an inspector's decision as asked for.
type OrderDecisionInput struct {
	Step        OrderStep
	Percent     int // extra compensation
	DecisionRef string
	GuaranteeID string // drawdown: another of the project's guarantees than the one proposed
	Note        string
	On          Date
	Actor       string
}

// DecideOrderStep decides an inspector's decision on order o, whose steps
// are as proposed (ProposeNextSteps): the step must be one the order allows
// now; every decision has a written note, a drawdown the reference of its
// written decision, an extra compensation its percentage (50–100). A bad
// input is EInvalid naming its field; a step not open now is EConflict.
func DecideOrderStep(o PayOrder, steps []NextStep, f StepFacts, in OrderDecisionInput) (OrderDecision, error) {
	i := slices.IndexFunc(steps, func(n NextStep) bool { return n.Step == in.Step })
	if i < 0 {
		return OrderDecision{}, Errorf(EInvalid, "step %q is not one of guarantee_drawdown, extra_compensation, court_enforcement, criminal_referral", clip(string(in.Step)))
	}
	n := steps[i]
	in.Note, in.DecisionRef, in.GuaranteeID = strings.TrimSpace(in.Note), strings.TrimSpace(in.DecisionRef), strings.TrimSpace(in.GuaranteeID)
	var v Validation
	for _, err := range []error{CheckNote("note", in.Note, MaxOrderNote, true),
		CheckNote("decision_ref", in.DecisionRef, 200, in.Step == StepGuaranteeDrawdown)} {
		v.Fields = append(v.Fields, ErrorFields(err)...)
	}
	if in.Step == StepExtraCompensation && (in.Percent < ExtraCompensationMinPercent || in.Percent > ExtraCompensationMaxPercent) {
		v.Add("percent", string(RefuseRange), "percent must be %d to %d (LSIR Art. 26)", ExtraCompensationMinPercent, ExtraCompensationMaxPercent)
	}
	guarantee := n.GuaranteeID
	if in.Step == StepGuaranteeDrawdown && in.GuaranteeID != "" {
		if !slices.Contains(f.Guarantees, in.GuaranteeID) {
			v.Add("guarantee_id", string(RefuseNotFound), "guarantee %s is not one the project holds", clip(in.GuaranteeID))
		}
		guarantee = in.GuaranteeID
	}
	if err := v.Err("the decision is not valid"); err != nil {
		return OrderDecision{}, err
	}
	if n.Decided != nil {
		return OrderDecision{}, Errorf(EConflict, "%s was decided on this order already, on %s", in.Step, n.Decided.DecidedOn)
	}
	if !n.Available {
		return OrderDecision{}, Errorf(EConflict, "%s cannot be decided now: %s", in.Step, n.Reason)
	}
	d := OrderDecision{ProjectID: o.ProjectID, OrderID: o.ID, Step: in.Step, Amount: n.Amount, DecisionRef: in.DecisionRef, Note: in.Note,
		DecidedOn: in.On, DecidedBy: in.Actor}
	switch in.Step {
	case StepExtraCompensation:
		d.Percent, d.Amount = in.Percent, percentOf(n.Amount, in.Percent)
	case StepGuaranteeDrawdown:
		d.GuaranteeID = guarantee
	}
	return d, nil
}
