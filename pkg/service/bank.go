package service

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// InflowResult answers an allocation report.
type InflowResult struct {
	*store.Inflow
	Result ledger.FactOutcome `json:"result"` // applied, or already_applied for a retry
}

func contentHash(v any) string {
	b, _ := json.Marshal(v)
	return ledger.SHA256Hex(b)
}

// RecordInflow records a labour-cost allocation into a wage account held at
// the calling bank: owner_funding → wage_account. The same bank reference
// with the same content is already applied; with other content, a conflict.
func (s *Service) RecordInflow(ctx context.Context, bankID string, in ledger.InflowInput) (*InflowResult, error) {
	if err := in.Check(ledger.DateOf(s.DB.Now())); err != nil {
		return nil, err
	}
	var out *InflowResult
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		p, err := store.ProjectByWageAccount(tx, bankID, in.AccountNo)
		if err != nil {
			return err
		}
		rec := &store.Inflow{ID: ledger.NewID("inf"), ProjectID: p.ID, BankRef: in.BankRef, ContentHash: contentHash(in), AccountNo: in.AccountNo,
			Amount: in.Amount, ReceivedOn: in.ReceivedOn, Payer: in.Payer, EntryID: ledger.NewEntryBatch().ID(0)}
		inserted, err := store.InsertInflow(tx, bankID, rec)
		if err != nil {
			return err
		}
		if !inserted {
			prev, err := store.InflowByRef(tx, p.ID, bankID, in.BankRef)
			if err != nil {
				return err
			}
			if prev.ContentHash != rec.ContentHash {
				return ledger.Errorf(ledger.EConflict, "bank reference %q was already reported with different content", in.BankRef)
			}
			out = &InflowResult{Inflow: prev, Result: ledger.AlreadyApplied}
			return nil
		}
		e := ledger.Transfer(p.ID, ledger.EntryAllocation, in.ReceivedOn, in.ReceivedOn.Period(),
			ledger.Account{ProjectID: p.ID, Kind: ledger.WageAccount}, ledger.Account{ProjectID: p.ID, Kind: ledger.OwnerFunding}, in.Amount)
		e.ID, e.Memo = rec.EntryID, "allocation "+in.BankRef
		if err := store.PostEntry(tx, &e); err != nil {
			return err
		}
		out = &InflowResult{Inflow: rec, Result: ledger.Applied}
		return audit(tx, p.ID, "bank.inflow", rec.ID, fmt.Sprintf("%s into %s (%s)", in.Amount, in.AccountNo, in.BankRef), in)
	})
	return out, err
}

// BankInstructions lists the instructions on the calling bank's wage accounts.
func (s *Service) BankInstructions(ctx context.Context, bankID, status, after string, limit int) ([]store.Instruction, error) {
	st := ledger.InstructionStatus(status)
	if status != "" && !st.Known() {
		return nil, fieldErr("status", "unknown", "status is pending, paid, partly_paid, failed, returned or reissued")
	}
	return store.BankInstructions(s.DB.Reader(ctx), bankID, st, after, limit)
}

// BankUnmatched lists the calling bank's confirmations that could not be
// applied and were kept, by bank reference.
func (s *Service) BankUnmatched(ctx context.Context, bankID, after string, limit int) ([]store.Unmatched, error) {
	return store.BankUnmatched(s.DB.Reader(ctx), bankID, after, limit)
}

// InstructionProject tells the authorizer which project an instruction belongs to.
func (s *Service) InstructionProject(ctx context.Context, id string) (string, error) {
	ins, err := store.GetInstruction(s.DB.Reader(ctx), id)
	if err != nil {
		return "", err
	}
	return ins.ProjectID, nil
}

// ReissueInstruction re-issues a failed (or returned) instruction to the
// worker's current registered card (fixed in the registry first); the failed
// one stays on record. If the instruction changes meanwhile, the transaction
// runs again from what it has become.
func (s *Service) ReissueInstruction(ctx context.Context, id string) (*store.Instruction, error) {
	var out *store.Instruction
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		old, err := store.GetInstruction(tx, id)
		if err != nil {
			return err
		}
		if !old.Status.Reissuable() {
			return ledger.Errorf(ledger.EConflict, "instruction %s is not failed or returned: only those are re-issued", id)
		}
		newID := ledger.NewID("ins")
		if err := store.ReissueInstruction(tx, old, newID); err != nil {
			return err
		}
		if out, err = store.GetInstruction(tx, newID); err != nil {
			return err
		}
		if out.PayeeCard == old.PayeeCard {
			s.Log.Warn("re-issued to the same card", "instruction", id)
		}
		return audit(tx, old.ProjectID, "instruction.reissue", newID, "re-issues "+id+" to "+out.PayeeCard, map[string]string{"of": id})
	})
	return out, err
}
