package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// TopUpOutcome is what a top-up request did.
type TopUpOutcome string

// Results of a top-up.
const (
	TopUpRecorded       TopUpOutcome = "topped_up"
	TopUpAlreadyApplied TopUpOutcome = "already_topped_up" // a retry under the same reference
)

// TopUpResult answers a top-up: the top-up, the guarantee as it now stands
// (its state and its top-up deadline met, missed or due), and whether this
// request made it.
type TopUpResult struct {
	TopUp  *store.TopUp
	Cover  ledger.Cover
	Result TopUpOutcome
}

// TopUpGuarantee restores what drawdowns took from a guarantee: cash posts
// guarantee_funding → guarantee/<id>; a letter or policy is amended to a
// higher amount under the amendment's reference. Topped up to its amount,
// the guarantee is active again. Idempotent on the reference: the same
// content again is already_topped_up, other content a conflict. A bank
// tops up only what it holds or issues (the route's scope shows it no other).
func (s *Service) TopUpGuarantee(ctx context.Context, guaranteeID string, in ledger.TopUpInput) (*TopUpResult, error) {
	in.Normalize()
	var out *TopUpResult
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.LockProjectGuarantees(tx, guaranteeID); err != nil {
			return err
		}
		g, err := store.GetGuarantee(tx, guaranteeID)
		if err != nil {
			return err
		}
		today := ledger.DateOf(tx.Now)
		if prev, err := store.TopUpByRef(tx, g.ProjectID, g.ID, in.Reference); err == nil {
			if err := in.CheckReplay(prev.ContentHash, g.Reference); err != nil {
				return err
			}
			out, err = s.toppedUp(tx, prev, today, TopUpAlreadyApplied)
			return err
		} else if ledger.ErrorCode(err) != ledger.ENotFound {
			return err
		}
		covers, err := s.coversOf(tx, []*ledger.WageGuarantee{g}, today)
		if err != nil {
			return err
		}
		plan, err := ledger.DecideTopUp(g, covers[0], in, today)
		if err != nil {
			return err
		}
		t := &store.TopUp{ProjectID: g.ProjectID, ID: ledger.NewID(ledger.PrefixTopUp), GuaranteeID: g.ID, Reference: in.Reference,
			ContentHash: in.Fingerprint(), Amount: in.Amount, ToppedUpOn: plan.On}
		if plan.MovesCash {
			e := ledger.Transfer(g.ProjectID, ledger.EntryDeposit, plan.On, plan.On.Period(),
				ledger.Account{ProjectID: g.ProjectID, Kind: ledger.Guarantee, Ref: g.ID}, ledger.Account{ProjectID: g.ProjectID, Kind: ledger.GuaranteeFunding}, in.Amount)
			e.ID, e.Memo = ledger.NewEntryBatch().ID(0), "guarantee top-up "+in.Reference
			t.EntryID = &e.ID
			if err := store.PostEntry(tx, &e); err != nil {
				return err
			}
		}
		inserted, err := store.InsertTopUp(tx, t)
		if err != nil {
			return err
		}
		if !inserted { // another request recorded the reference since it was read
			return ledger.Errorf(ledger.EConflict, "top-up %q is being applied by another request: retry", in.Reference)
		}
		if out, err = s.toppedUp(tx, t, today, TopUpRecorded); err != nil {
			return err
		}
		return audit(tx, g.ProjectID, "guarantee.topup", g.ID, plan.Note, in)
	})
	return out, err
}

// toppedUp answers a top-up with its guarantee as it now stands.
func (s *Service) toppedUp(q store.Querier, t *store.TopUp, today ledger.Date, result TopUpOutcome) (*TopUpResult, error) {
	g, err := store.GetGuarantee(q, t.GuaranteeID)
	if err != nil {
		return nil, err
	}
	covers, err := s.coversOf(q, []*ledger.WageGuarantee{g}, today)
	if err != nil {
		return nil, err
	}
	return &TopUpResult{TopUp: t, Cover: covers[0], Result: result}, nil
}
