package service

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// InflowResult answers an allocation report.
type InflowResult struct {
	*store.Inflow
	Result string `json:"result"` // applied, or already_applied for a retry
}

// bankOf is the caller's bank (an administrator may act for any bank: then
// the wage account's bank is used).
func bankOf(ctx context.Context) string {
	c := CallerFrom(ctx)
	if c.Role == ledger.RoleBank {
		return c.OrgID
	}
	return ""
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
			Amount: in.Amount, ReceivedOn: in.ReceivedOn, Payer: in.Payer, EntryID: ledger.NewID(ledger.PrefixEntry)}
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
			out = &InflowResult{Inflow: prev, Result: "already_applied"}
			return nil
		}
		e := ledger.Transfer(p.ID, ledger.EntryAllocation, in.ReceivedOn, in.ReceivedOn.Period(),
			ledger.Account{ProjectID: p.ID, Kind: ledger.WageAccount}, ledger.Account{ProjectID: p.ID, Kind: ledger.OwnerFunding}, in.Amount)
		e.ID, e.Memo = rec.EntryID, "allocation "+in.BankRef
		if err := store.PostEntry(tx, &e); err != nil {
			return err
		}
		out = &InflowResult{Inflow: rec, Result: "applied"}
		return audit(tx, p.ID, "bank.inflow", rec.ID, fmt.Sprintf("%s into %s (%s)", in.Amount, in.AccountNo, in.BankRef), in)
	})
	return out, err
}

// ItemResult is the outcome of one confirmation item.
type ItemResult struct {
	Index         int                 `json:"index"`
	InstructionID string              `json:"instruction_id"`
	BankRef       string              `json:"bank_ref"`
	Result        string              `json:"result"` // applied, already_applied, refused
	Status        string              `json:"instruction_status,omitempty"`
	Exception     string              `json:"exception,omitempty"`
	Errors        []ledger.FieldError `json:"errors,omitempty"`
}

// MaxConfirmationItems bounds one batch.
const MaxConfirmationItems = 10000

// RecordConfirmations applies a bank's results for its instructions, item by
// item within one transaction: a batch applies its good items and reports
// its bad ones. paid posts wages_payable → wage_account for the line's
// period (below the instruction it is a partial payment, above it is
// refused); failed keeps the line owed and records the reason; returned (退票)
// reverses an earlier payment. A payment that takes the wage account below
// zero in the books is recorded and flagged, never refused: a bank fact is
// never thrown away.
func (s *Service) RecordConfirmations(ctx context.Context, bankID string, items []ledger.ConfirmationItem) ([]ItemResult, error) {
	if len(items) == 0 || len(items) > MaxConfirmationItems {
		return nil, ledger.Errorf(ledger.EInvalid, "a confirmation batch has 1 to %d items, this one has %d", MaxConfirmationItems, len(items))
	}
	today := ledger.DateOf(s.DB.Now())
	results := make([]ItemResult, len(items))
	// Apply in instruction order so that two batches touching the same
	// instructions take their row locks in the same order.
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return items[order[a]].InstructionID < items[order[b]].InstructionID })
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		var entries []ledger.Entry
		touched := map[string]int{}
		balances := map[string]ledger.Money{} // project → wage account balance as this batch moves it
		for _, i := range order {
			it := items[i]
			r := &results[i]
			*r = ItemResult{Index: i, InstructionID: it.InstructionID, BankRef: it.BankRef}
			if errs := it.Check(today); len(errs) > 0 {
				r.Result, r.Errors = "refused", errs
				continue
			}
			refuse := func(code, msg string) {
				r.Result, r.Errors = "refused", []ledger.FieldError{{Field: "instruction_id", Code: code, Message: msg}}
			}
			ins, err := store.GetInstruction(tx, it.InstructionID)
			if ledger.ErrorCode(err) == ledger.ENotFound || (err == nil && bankID != "" && ins.WageBankID != bankID) {
				refuse("not_found", "no instruction "+it.InstructionID+" on a wage account at this bank")
				continue
			}
			if err != nil {
				return err
			}
			bank := ins.WageBankID
			c := &store.Confirmation{ID: ledger.NewID("cnf"), ProjectID: ins.ProjectID, BankRef: it.BankRef, ContentHash: contentHash(it),
				InstructionID: ins.ID, Status: it.Status, Amount: it.Amount, SettledOn: it.SettledOn, Reason: it.Reason}
			if it.Status != ledger.ConfirmFailed {
				id := ledger.NewID(ledger.PrefixEntry)
				c.EntryID = &id
			}
			inserted, err := store.InsertConfirmation(tx, bank, c)
			if err != nil {
				return err
			}
			if !inserted {
				prev, err := store.ConfirmationByRef(tx, ins.ProjectID, bank, it.BankRef)
				if err != nil {
					return err
				}
				if prev.ContentHash != c.ContentHash {
					r.Result, r.Errors = "refused", []ledger.FieldError{{Field: "bank_ref", Code: "conflict", Message: "bank reference " + it.BankRef + " was already reported with different content"}}
				} else {
					r.Result, r.Exception = "already_applied", prev.Exception
				}
				continue
			}
			ok := true
			switch it.Status {
			case ledger.ConfirmPaid:
				ok, err = store.AddPayment(tx, ins.ProjectID, ins.ID, it.Amount)
				if err == nil && !ok {
					refuse("exceeds_instruction", fmt.Sprintf("paying %s would take instruction %s (%s, %s already paid) above its amount, or it is no longer payable", it.Amount, ins.ID, ins.Amount, ins.PaidAmount))
				}
			case ledger.ConfirmReturned:
				ok, err = store.ReturnPayment(tx, ins.ProjectID, ins.ID, it.Amount)
				if err == nil && !ok {
					refuse("not_paid", fmt.Sprintf("instruction %s has not been paid %s that could come back", ins.ID, it.Amount))
				}
			case ledger.ConfirmFailed:
				ok, err = store.FailInstruction(tx, ins.ProjectID, ins.ID)
				if err == nil && !ok {
					refuse("not_payable", "instruction "+ins.ID+" is "+ins.Status+": a failure no longer applies")
				}
			}
			if err != nil {
				return err
			}
			if !ok {
				if err := store.DiscardConfirmation(tx, ins.ProjectID, c.ID); err != nil {
					return err
				}
				continue
			}
			r.Result = "applied"
			touched[ins.ProjectID]++
			if c.EntryID == nil {
				continue
			}
			owed := ledger.Account{ProjectID: ins.ProjectID, Kind: ledger.WagesPayable, Ref: ins.EnrolmentID}
			wage := ledger.Account{ProjectID: ins.ProjectID, Kind: ledger.WageAccount}
			e := ledger.Transfer(ins.ProjectID, ledger.EntryPayment, it.SettledOn, ins.Period, owed, wage, it.Amount)
			if it.Status == ledger.ConfirmReturned {
				e = ledger.Transfer(ins.ProjectID, ledger.EntryReturn, it.SettledOn, ins.Period, wage, owed, it.Amount)
			}
			e.ID, e.Memo = *c.EntryID, it.Status+" "+it.BankRef
			entries = append(entries, e)
			bal, seen := balances[ins.ProjectID]
			if !seen {
				if bal, err = store.Balance(tx, wage); err != nil {
					return err
				}
			}
			if it.Status == ledger.ConfirmPaid {
				bal -= it.Amount
			} else {
				bal += it.Amount
			}
			balances[ins.ProjectID] = bal
			if bal < 0 && it.Status == ledger.ConfirmPaid {
				r.Exception = "the wage account is overdrawn in the books (" + bal.String() + "): an allocation is missing or not yet reported"
				if err := store.SetConfirmationException(tx, ins.ProjectID, c.ID, r.Exception); err != nil {
					return err
				}
			}
		}
		for i := range results {
			if results[i].Result == "applied" || results[i].Result == "already_applied" {
				if ins, err := store.GetInstruction(tx, results[i].InstructionID); err == nil {
					results[i].Status = ins.Status
				}
			}
		}
		if err := store.PostEntries(tx, entries); err != nil {
			return err
		}
		for project, n := range touched {
			if err := audit(tx, project, "bank.confirmations", project, fmt.Sprintf("%d results applied", n), map[string]int{"items": len(items)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// BankInstructions lists the instructions on the calling bank's wage accounts.
func (s *Service) BankInstructions(ctx context.Context, bankID, status, after string, limit int) ([]store.Instruction, error) {
	switch status {
	case "", ledger.InstructionPending, ledger.InstructionPaid, ledger.InstructionPartlyPaid, ledger.InstructionFailed, ledger.InstructionReturned, ledger.InstructionReissued:
	default:
		return nil, fieldErr("status", "unknown", "status is pending, paid, partly_paid, failed, returned or reissued")
	}
	return store.BankInstructions(s.DB.Reader(ctx), bankID, status, after, limit)
}

// InstructionProject tells the authorizer which project an instruction belongs to.
func (s *Service) InstructionProject(ctx context.Context, id string) (string, error) {
	ins, err := store.GetInstruction(s.DB.Reader(ctx), id)
	if err != nil {
		return "", err
	}
	return ins.ProjectID, nil
}

// ReissueInstruction re-issues a failed instruction to the worker's current
// registered card (fixed in the registry first); the failed one stays on record.
func (s *Service) ReissueInstruction(ctx context.Context, id string) (*store.Instruction, error) {
	var out *store.Instruction
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		old, err := store.GetInstruction(tx, id)
		if err != nil {
			return err
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
