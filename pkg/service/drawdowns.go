package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// DrawdownResult answers a drawdown: the drawdown with its deadlines, its
// payment instructions, and whether this request made it or repeated an
// earlier one under the same decision.
type DrawdownResult struct {
	Drawdown     *store.Drawdown
	Instructions []store.Instruction
	Result       DrawdownOutcome
}

// DrawdownOutcome is what a drawdown request did.
type DrawdownOutcome string

// Results of a drawdown.
const (
	DrawdownDrawn        DrawdownOutcome = "drawn"
	DrawdownAlreadyDrawn DrawdownOutcome = "already_drawn" // a retry of the same decision
)

// DrawGuarantee draws on a guarantee to pay named workers their arrears: it
// issues payment instructions to each worker's card, paid and confirmed by
// the guarantee's issuer, paid from the guarantee, oldest unpaid periods
// first. The wage account is untouched. The issuer's payment deadline and
// the contractor's top-up deadline are computed in working days and kept.
// The same decision again is a retry; other content under it a conflict.
// Drawdowns, top-ups and releases of one project's guarantees run one at
// a time (store.LockProjectGuarantees).
func (s *Service) DrawGuarantee(ctx context.Context, guaranteeID string, in ledger.DrawdownInput) (*DrawdownResult, error) {
	in.Normalize()
	var out *DrawdownResult
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.LockProjectGuarantees(tx, guaranteeID); err != nil {
			return err
		}
		g, err := store.GetGuarantee(tx, guaranteeID)
		if err != nil {
			return err
		}
		if prev, err := store.DrawdownByDecision(tx, g.ProjectID, g.ID, in.DecisionRef); err == nil {
			out, err = s.drawdownRetry(tx, prev, in)
			return err
		} else if ledger.ErrorCode(err) != ledger.ENotFound {
			return err
		}
		if err := checkDrawdownAlert(tx, g.ProjectID, in.AlertID); err != nil {
			return err
		}
		f, err := s.drawdownFacts(tx, g)
		if err != nil {
			return err
		}
		plan, err := ledger.DecideDrawdown(g, in, f)
		if err != nil {
			return err
		}
		d := &store.Drawdown{ProjectID: g.ProjectID, ID: ledger.NewIDIn(ledger.PrefixDrawdown, g.ProjectID), GuaranteeID: g.ID, DecisionRef: in.DecisionRef,
			AlertID: in.AlertID, ContentHash: in.Fingerprint(), Amount: in.Amount, DrawnOn: f.Today, PayBy: plan.PayBy.Date, TopUpBy: plan.TopUpBy.Date,
			DeadlineNote: deadlineNote(plan)}
		inserted, err := store.InsertDrawdown(tx, d)
		if err != nil {
			return err
		}
		if !inserted { // another request recorded the decision since it was read
			return ledger.Errorf(ledger.EConflict, "decision %q is being applied by another request: retry", in.DecisionRef)
		}
		if err := store.IssueDrawdownInstructions(tx, d, g.IssuerID, g.Reference, plan.PaidFrom, plan.Lines); err != nil {
			return err
		}
		if err := supersedeWageInstructions(tx, g.ProjectID, plan.Lines); err != nil {
			return err
		}
		ins, err := store.DrawdownInstructions(tx, d.ProjectID, d.ID)
		if err != nil {
			return err
		}
		out = &DrawdownResult{Drawdown: d, Instructions: ins, Result: DrawdownDrawn}
		return audit(tx, g.ProjectID, "guarantee.drawdown", d.ID, ledger.M("¥%s from %s %s under %s to %d {worker|workers}; pay by %s, top up by %s",
			in.Amount, g.Form.Label(), g.Reference, in.DecisionRef, len(in.Payees), d.PayBy, d.TopUpBy), in)
	})
	return out, err
}

// supersedeWageInstructions takes the arrears a drawdown pays out of the
// wage account's instructions for them, so that the wage account's bank
// can no longer pay them too (ledger.Supersede).
func supersedeWageInstructions(tx *store.Tx, projectID string, lines []ledger.DrawdownLine) error {
	var workers []string
	seen := map[string]bool{}
	for _, l := range lines {
		if !seen[l.EnrolmentID] {
			seen[l.EnrolmentID] = true
			workers = append(workers, l.EnrolmentID)
		}
	}
	wage, err := store.WageInstructionsOf(tx, projectID, workers)
	if err != nil {
		return err
	}
	changes := ledger.Supersede(wage, lines)
	n, err := store.ApplyInstructionChanges(tx, changes)
	if err != nil {
		return err
	}
	if n != len(changes) { // a bank's result changed one since it was read: decide again
		return store.ErrConcurrentChange
	}
	return nil
}

// drawdownFacts reads what deciding a drawdown needs.
func (s *Service) drawdownFacts(tx *store.Tx, g *ledger.WageGuarantee) (ledger.DrawdownFacts, error) {
	f := ledger.DrawdownFacts{Today: ledger.DateOf(tx.Now), Calendar: s.calendar()}
	p, err := store.GetProject(tx, g.ProjectID)
	if err != nil {
		return f, err
	}
	covers, err := s.coversOf(tx, []*ledger.WageGuarantee{g}, f.Today)
	if err != nil {
		return f, err
	}
	f.Cover, f.PayRule = covers[0], p.PayRuleOf()
	if f.Owed, err = store.WagesOwed(tx, g.ProjectID); err != nil {
		return f, err
	}
	if f.InFlight, err = store.DrawdownInFlight(tx, g.ProjectID); err != nil {
		return f, err
	}
	f.PayDays = s.policy().Param(ledger.GuaranteeDrawdownPayDays, p.RegionCode, f.Today).Count()
	f.TopUp = s.policy().Param(ledger.GuaranteeTopUpWorkingDays, p.RegionCode, f.Today).Count()
	return f, nil
}

// drawdownRetry answers a decision already on record: the same content is a
// retry, other content a conflict.
func (s *Service) drawdownRetry(q store.Querier, prev *store.Drawdown, in ledger.DrawdownInput) (*DrawdownResult, error) {
	if err := in.CheckReplay(prev.ContentHash); err != nil {
		return nil, err
	}
	ins, err := store.DrawdownInstructions(q, prev.ProjectID, prev.ID)
	if err != nil {
		return nil, err
	}
	return &DrawdownResult{Drawdown: prev, Instructions: ins, Result: DrawdownAlreadyDrawn}, nil
}

// deadlineNote says when a deadline may still move: a year it crosses has no
// State Council holiday notice yet.
func deadlineNote(p ledger.DrawdownPlan) string {
	for _, d := range []ledger.Deadline{p.PayBy, p.TopUpBy} {
		if d.Provisional {
			return d.Note.Encode()
		}
	}
	return ""
}

// checkDrawdownAlert makes sure the alert a drawdown answers, when it names
// one, is an alert about the guarantee's project: it is kept with the
// drawdown as the reason for it, and an ID from nowhere, or another
// project's, would make that record a false one.
func checkDrawdownAlert(tx *store.Tx, projectID, alertID string) error {
	if alertID == "" {
		return nil
	}
	a, err := store.GetAlert(tx, alertID)
	if ledger.ErrorCode(err) == ledger.ENotFound || err == nil && a.ProjectID != projectID {
		return ledger.NewError(ledger.EInvalid, ledger.M("drawdown is not valid"),
			ledger.RefuseNotFound.Atf(0, "alert_id", "alert %s is not an alert about this guarantee's project", alertID))
	}
	return err
}
