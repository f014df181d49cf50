package ledger

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
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
	// (人社部发〔2021〕65号 第十九条, the drawdown article Art. 14 refers to:
	// after an order to clear the arrears, or to pay first, has lapsed).
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

// Label is the step as a person reads it (catalogued as
// order.step.<step>).
func (s OrderStep) Label() Msg {
	if !slices.Contains(OrderSteps, s) {
		return Verbatim(string(s)) // an unknown value reads as it is
	}
	return Msg{Key: "order.step." + string(s)}
}

// Law is the legal basis of a step, as cited to the inspector.
func (s OrderStep) Law() string {
	return map[OrderStep]string{
		StepGuaranteeDrawdown: "人社部发〔2021〕65号 第十九条；保障农民工工资支付条例 第三十条",
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

// DrawableGuarantee is a guarantee that can be drawn on today and what it
// still covers.
type DrawableGuarantee struct {
	ID    string
	Cover Money
}

// StepFacts are what proposing the steps reads besides the order.
type StepFacts struct {
	// Guarantees are the project's guarantees that can be drawn on today
	// with cover left, best first (DrawableGuarantees).
	Guarantees []DrawableGuarantee
	// GeneralContractorID is the project's general contractor, whose
	// guarantee a drawdown takes.
	GeneralContractorID string
	// Candidate is the nightly check's open blacklist_candidate alert naming
	// the order's employer on the project ("" when none): the employer's
	// overdue arrears reach the criminal threshold, measured as the rule
	// measures them, so that the referral and the rule never disagree.
	Candidate string
}

// DrawableGuarantees are the guarantees among covers that can be drawn on
// today, with what each still covers: not released, expired or not yet
// valid, and covering something, in the order given.
func DrawableGuarantees(covers []Cover) []DrawableGuarantee {
	var out []DrawableGuarantee
	for _, c := range covers {
		switch c.State {
		case GuaranteeReleased, GuaranteeExpired, GuaranteeNotYetValid:
			continue
		}
		if c.Counts > 0 {
			out = append(out, DrawableGuarantee{ID: c.Guarantee.ID, Cover: c.Counts})
		}
	}
	return out
}

// CandidateAlert is the open blacklist_candidate alert among a project's
// alerts naming employer ("" when none).
func CandidateAlert(alerts []Alert, employer string) string {
	for _, a := range alerts {
		if a.Key.Rule == RuleBlacklistCandidate && a.Key.Subject == (Subject{SubjectEmployer, employer}).String() && a.Status != AlertResolved {
			return a.ID
		}
	}
	return ""
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
	// A drawdown's payees, the guarantee it would draw on and what that
	// still covers, and every guarantee that could be drawn on.
	Payees      []DrawdownPayee
	GuaranteeID string
	Cover       Money
	Guarantees  []DrawableGuarantee
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
			n.Reason = M("the order has not lapsed: its deadline is %s and it is %s", o.Deadline, o.Status.Label())
		case s == StepExtraCompensation:
			n.proposeCompensation(o)
		case !unpaid:
			n.Reason = M("the wages under the order were paid after it lapsed")
		case s == StepGuaranteeDrawdown:
			n.proposeDrawdown(o, f)
		case s == StepCriminalReferral:
			n.Available = f.Candidate != ""
			n.Reason = M("the nightly check does not find the employer's overdue arrears on the project reaching the criminal threshold")
			if n.Available {
				n.Reason = M("the order lapsed and the nightly check finds the employer's overdue arrears on the project reach the criminal threshold (alert %s)", f.Candidate)
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

// proposeDrawdown fills the drawdown: only an order binding the general
// contractor, whose guarantee it is, opens it (REG Art. 30); its amount is
// what the order leaves unpaid, at most what the first guarantee still
// covers, shared among the order's workers.
func (n *NextStep) proposeDrawdown(o PayOrder, f StepFacts) {
	switch {
	case !o.Binds(f.GeneralContractorID):
		n.Reason = M("the order names neither the general contractor nor it as bound to pay first: its guarantee is drawn only after an order binding it lapsed (REG Art. 30)")
		return
	case len(f.Guarantees) == 0:
		n.Reason = M("the project holds no guarantee that can be drawn on")
		return
	}
	g := f.Guarantees[0]
	n.Available, n.GuaranteeID, n.Cover, n.Guarantees = true, g.ID, g.Cover, f.Guarantees
	n.Amount = min(o.Unpaid, g.Cover)
	n.Payees = o.PayeesFor(n.Amount)
	n.Reason = M("the order lapsed on %s with %s unpaid to %d {worker|workers}: the guarantee may pay them", o.LapsedOn, o.Unpaid, len(n.Payees))
	if n.Amount < o.Unpaid {
		n.Reason = M("the order lapsed on %s with %s unpaid; the guarantee covers %s: it may pay that much of it", o.LapsedOn, o.Unpaid, g.Cover)
	}
}

// percentOf is pct% of m, rounded half up to the fen: money times a rate,
// exact in decimal (MulRate). pct is a percent the law allows (at most 100,
// checked before), so the product never exceeds m and cannot overflow.
func percentOf(m Money, pct int) Money {
	a, err := m.MulRate(decimal.New(int64(pct), -2), RoundHalfUp)
	if err != nil {
		panic("ledger: " + err.Error()) // unreachable for 0 ≤ pct ≤ 100
	}
	return a
}

// OrderDecisionInput is an inspector's decision as asked for.
type OrderDecisionInput struct {
	Step        OrderStep
	Percent     int   // extra compensation
	Amount      Money // drawdown: zero for what is proposed (the unpaid rest, at most the guarantee's cover)
	DecisionRef string
	GuaranteeID string // drawdown: another of the project's guarantees than the one proposed
	Note        string
	On          Date
	Actor       string
}

// MaxDecisionRef bounds the reference of an inspector's written decision
// (文号), on an order's step as on a drawdown.
const MaxDecisionRef = 100

// DecideOrderStep decides an inspector's decision on order o, whose steps
// are as proposed (ProposeNextSteps): the step must be one the order allows
// now; every decision has a written note, a drawdown the reference of its
// written decision, an extra compensation its percentage (50–100). A
// drawdown draws the amount given (the proposed one when none): more than
// zero, at most what the order leaves unpaid and what the guarantee still
// covers. A bad input is EInvalid naming its field; a step not open now is
// EConflict.
func DecideOrderStep(o PayOrder, steps []NextStep, f StepFacts, in OrderDecisionInput) (OrderDecision, error) {
	var v Validation
	i := slices.IndexFunc(steps, func(n NextStep) bool { return n.Step == in.Step })
	if i < 0 {
		v.Add("step", "unknown", "step %q is not one of guarantee_drawdown, extra_compensation, court_enforcement, criminal_referral", clip(string(in.Step)))
		return OrderDecision{}, v.Err("the decision is not valid")
	}
	n := steps[i]
	in.Note, in.DecisionRef, in.GuaranteeID = strings.TrimSpace(in.Note), strings.TrimSpace(in.DecisionRef), strings.TrimSpace(in.GuaranteeID)
	for _, err := range []error{CheckNote("note", in.Note, MaxOrderNote, true),
		CheckNote("decision_ref", in.DecisionRef, MaxDecisionRef, in.Step == StepGuaranteeDrawdown)} {
		v.Fields = append(v.Fields, ErrorFields(err)...)
	}
	if in.Step == StepExtraCompensation && (in.Percent < ExtraCompensationMinPercent || in.Percent > ExtraCompensationMaxPercent) {
		v.Add("percent", string(RefuseRange), "percent must be %d to %d (LSIR Art. 26)", ExtraCompensationMinPercent, ExtraCompensationMaxPercent)
	}
	amount := n.Amount
	if in.Step == StepGuaranteeDrawdown {
		amount = decideDrawdownAmount(o, n, f, &in, &v)
	} else if in.Amount != 0 {
		v.Add("amount", "not_allowed", "an amount is given only for a guarantee drawdown")
	}
	if err := v.Err("the decision is not valid"); err != nil {
		return OrderDecision{}, err
	}
	if n.Decided != nil {
		return OrderDecision{}, Errorf(EConflict, "%s was decided on this order already, on %s", in.Step.Label(), n.Decided.DecidedOn)
	}
	if !n.Available {
		return OrderDecision{}, Errorf(EConflict, "%s cannot be decided now: %s", in.Step.Label(), n.Reason)
	}
	d := OrderDecision{ProjectID: o.ProjectID, OrderID: o.ID, Step: in.Step, Amount: amount, DecisionRef: in.DecisionRef, Note: in.Note,
		DecidedOn: in.On, DecidedBy: in.Actor}
	switch in.Step {
	case StepExtraCompensation:
		d.Percent, d.Amount = in.Percent, percentOf(n.Amount, in.Percent)
	case StepGuaranteeDrawdown:
		d.GuaranteeID = in.GuaranteeID
	}
	return d, nil
}

// decideDrawdownAmount checks a drawdown's guarantee and amount against
// what the step proposed, naming the request's fields: the guarantee given
// (the proposed one when none) must be one that can be drawn on, the
// amount (the unpaid rest, at most its cover, when none) more than zero and
// at most both. It sets in.GuaranteeID to the guarantee drawn.
func decideDrawdownAmount(o PayOrder, n NextStep, f StepFacts, in *OrderDecisionInput, v *Validation) Money {
	if in.GuaranteeID == "" {
		in.GuaranteeID = n.GuaranteeID
	}
	gi := slices.IndexFunc(f.Guarantees, func(g DrawableGuarantee) bool { return g.ID == in.GuaranteeID })
	if in.GuaranteeID != "" && gi < 0 {
		v.Add("guarantee_id", string(RefuseNotFound), "guarantee %s is not one of the project's that can be drawn on", clip(in.GuaranteeID))
		return 0
	}
	if gi < 0 {
		return 0 // nothing to draw on: the step is not available
	}
	cover := f.Guarantees[gi].Cover
	amount := in.Amount
	if amount == 0 {
		amount = min(o.Unpaid, cover)
	}
	switch {
	case amount < 0:
		v.Add("amount", "not_positive", "a drawdown's amount must be more than zero")
	case amount > o.Unpaid:
		v.Add("amount", "exceeds_unpaid", "¥%s is more than the order leaves unpaid, ¥%s", amount, o.Unpaid)
	case amount > cover:
		v.Add("amount", "exceeds_cover", "¥%s is more than guarantee %s still covers, ¥%s", amount, in.GuaranteeID, cover)
	}
	return amount
}
