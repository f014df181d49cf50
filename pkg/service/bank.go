package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// InflowResult answers an allocation report.
type InflowResult struct {
	*store.Inflow
	Result ledger.FactOutcome // applied, or already_applied for a retry
	// Warnings name what the region's policy requires of an allocation that
	// this one lacks (Beijing: its allocation date and labour-cost share).
	Warnings []ledger.FieldError
}

// RecordInflow records a labour-cost allocation into a wage account held at
// the calling bank: owner_funding → wage_account. Where the project's region
// requires it (Beijing), an allocation states its allocation date and the
// labour-cost share of its progress payment; one that does not is recorded
// with a warning, never refused: the money is in the wage account. The same bank reference
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
		rec := &store.Inflow{ID: ledger.NewID("inf"), ProjectID: p.ID, BankRef: in.BankRef, ContentHash: in.ContentHash(), AccountNo: in.AccountNo,
			Amount: in.Amount, ReceivedOn: in.ReceivedOn, Payer: in.Payer, EntryID: ledger.NewEntryBatch().ID(0),
			AllocatedOn: in.AllocatedOn, LabourCostShare: in.LabourCostShare}
		inserted, err := store.InsertInflow(tx, bankID, rec)
		if err != nil {
			return err
		}
		if !inserted {
			prev, err := store.InflowByRef(tx, p.ID, bankID, in.BankRef)
			if err != nil {
				return err
			}
			if err := in.CheckReplay(prev.ContentHash); err != nil {
				return err
			}
			out = &InflowResult{Inflow: prev, Result: ledger.AlreadyApplied, Warnings: s.policy().LabourCostRuleFor(p.RegionCode, in.Effective()).AllocationWarnings(&in)}
			return nil
		}
		e := ledger.Transfer(p.ID, ledger.EntryAllocation, in.ReceivedOn, in.ReceivedOn.Period(),
			ledger.Account{ProjectID: p.ID, Kind: ledger.WageAccount}, ledger.Account{ProjectID: p.ID, Kind: ledger.OwnerFunding}, in.Amount)
		e.ID, e.Memo = rec.EntryID, "allocation "+in.BankRef
		if err := store.PostEntry(tx, &e); err != nil {
			return err
		}
		out = &InflowResult{Inflow: rec, Result: ledger.Applied, Warnings: s.policy().LabourCostRuleFor(p.RegionCode, in.Effective()).AllocationWarnings(&in)}
		return audit(tx, p.ID, "bank.inflow", rec.ID, ledger.M("%s into %s (%s)", in.Amount, in.AccountNo, in.BankRef), in)
	})
	return out, err
}

// WageAccountProject is the ID of the project whose wage account accountNo
// at bank bankID is, "" when there is none (the allocation then answers its
// own not found).
func (s *Service) WageAccountProject(ctx context.Context, bankID, accountNo string) (string, error) {
	return store.ProjectIDOfWageAccount(s.DB.Reader(ctx), bankID, accountNo)
}

// ItemResult is the outcome of one confirmation item.
type ItemResult struct {
	Index         int
	InstructionID string
	BankRef       string
	Result        ledger.FactOutcome // applied, already_applied, refused
	Status        ledger.InstructionStatus
	Exception     string
	Errors        []ledger.FieldError
	// Kept says a refused fact was kept as an unmatched confirmation: the
	// reconciliation of its instruction's project lists it (or, for an
	// unknown instruction, GET /bank/unmatched).
	Kept    bool
	project string // the project whose books an applied item changed, or that keeps a refused one
}

// MaxConfirmationItems bounds one batch.
const MaxConfirmationItems = 10000

// RecordConfirmations applies a bank's results for its instructions in one
// transaction, set-based: the batch's instructions are read with one query
// per 5,000, the batch is decided in memory (ledger.ConfirmationBatch), its
// confirmations written with multi-row inserts and the instructions updated
// in bulk. A batch applies its good items and reports its bad ones. paid
// posts wages_payable → wage_account for the line's period (below the
// instruction it is a partial payment, above it is refused); failed keeps
// the line owed and records the reason; returned (退票) reverses a payment.
// A payment that takes the wage account below zero in the books is recorded
// and flagged, never refused: a bank fact is never thrown away.
func (s *Service) RecordConfirmations(ctx context.Context, bankID string, items []ledger.ConfirmationItem) ([]ItemResult, error) {
	if len(items) == 0 || len(items) > MaxConfirmationItems {
		return nil, ledger.Errorf(ledger.EInvalid, "a confirmation batch has 1 to %d {item|items}, this one has %d", MaxConfirmationItems, len(items))
	}
	req := &confirmRequest{ctx: ctx, items: items}
	// A request under an Idempotency-Key runs in the transaction that stores
	// its response, and a big one is a batch already: neither is grouped.
	if store.InTx(ctx) || len(items) > coalescedItems {
		results, err := s.applyConfirmationRequests(ctx, bankID, []*confirmRequest{req})
		if err != nil {
			return nil, err
		}
		return results[0], nil
	}
	return s.confirms.submit(s, bankID, req)
}

// applyConfirmationRequests applies one or more requests of one bank, in
// order, and returns each request's results: in one transaction, or one
// project per transaction on a Citus cluster (applyPerProject) unless the
// caller's transaction holds them all.
func (s *Service) applyConfirmationRequests(ctx context.Context, bankID string, reqs []*confirmRequest) ([][]ItemResult, error) {
	if s.DB.OneProjectPerTransaction() && !store.InTx(ctx) {
		return s.applyPerProject(ctx, bankID, reqs)
	}
	return s.applyInOneTransaction(ctx, bankID, reqs)
}

// applyInOneTransaction applies requests of one bank in one transaction, in
// order. Each request gets an audit record per project it changed, naming
// its own caller.
func (s *Service) applyInOneTransaction(ctx context.Context, bankID string, reqs []*confirmRequest) ([][]ItemResult, error) {
	batch, sent := joinRequests(bankID, reqs, ledger.DateOf(s.DB.Now()))
	var out [][]ItemResult
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		// A retry after a concurrent change starts from scratch.
		results, err := applyConfirmations(tx, batch, sent)
		if err != nil {
			return err
		}
		out = make([][]ItemResult, len(reqs))
		from := 0
		for i, r := range reqs {
			mine := results[from : from+len(r.items) : from+len(r.items)]
			for j := range mine {
				mine[j].Index = j
			}
			if err := auditConfirmations(r.ctx, tx, bankID, mine, max(r.whole, len(r.items))); err != nil {
				return err
			}
			out[i] = mine
			from += len(r.items)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// auditConfirmations writes one audit record per project whose books the
// request changed or that now keeps one of its refused facts as unmatched;
// facts naming no project of the bank are recorded on the organisations'
// chain, under the bank.
// sent is how many items the request had (results may be its part on one
// project).
func auditConfirmations(ctx context.Context, tx *store.Tx, bankID string, results []ItemResult, sent int) error {
	type counts struct{ applied, kept int }
	per := map[string]*counts{}
	var projects []string
	for _, r := range results {
		if r.Result != ledger.Applied && !r.Kept {
			continue
		}
		c := per[r.project]
		if c == nil {
			c = &counts{}
			per[r.project] = c
			projects = append(projects, r.project)
		}
		if r.Kept {
			c.kept++
		} else {
			c.applied++
		}
	}
	for _, p := range projects {
		chain, subject := p, p
		if p == "" {
			chain, subject = ledger.OrgChain, bankID
		}
		c := per[p]
		if err := auditAs(ctx, tx, chain, "bank.confirmations", subject, ledger.M("%d applied, %d refused and kept unmatched", c.applied, c.kept),
			map[string]int{"items": sent}); err != nil {
			return err
		}
	}
	return nil
}

// BankInstructions lists the instructions on the calling bank's wage accounts.
func (s *Service) BankInstructions(ctx context.Context, bankID, status, after string, limit int) ([]store.Instruction, error) {
	st := ledger.InstructionStatus(status)
	if status != "" && !st.Known() {
		return nil, fieldErr("status", ledger.RefuseUnknown, "status is one of %s", ledger.InstructionStatusList())
	}
	return store.BankInstructions(s.DB.Reader(ctx), bankID, st, after, limit)
}

// BankUnmatched lists the calling bank's confirmations that could not be
// applied and were kept, by bank reference.
func (s *Service) BankUnmatched(ctx context.Context, bankID, after string, limit int) ([]store.Unmatched, error) {
	return store.BankUnmatched(s.DB.Reader(ctx), bankID, after, limit)
}

// Reissued is a re-issued instruction, with what to look at before the
// bank pays it.
type Reissued struct {
	store.Instruction
	Warnings []ledger.Msg
}

// ReissueInstruction re-issues a failed, returned or partly failed
// instruction, for what is left unpaid of it and still owed (an advance or
// a drawdown may have paid the wages meanwhile: ledger.ReissueAmount), to the worker's current
// registered card (fixed in the registry first); the old one stays on
// record with what it paid. If the instruction changes meanwhile, the transaction
// runs again from what it has become. Re-issued to the card the payment
// failed on, it comes with a warning (ledger.ReissueWarnings).
func (s *Service) ReissueInstruction(ctx context.Context, id string) (*Reissued, error) {
	var out *Reissued
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		old, err := store.GetInstruction(tx, id)
		if err != nil {
			return err
		}
		rest, err := ledger.CheckReissue(id, ledger.InstructionState{Amount: old.Amount, Paid: old.PaidAmount, Superseded: old.SupersededAmount, Status: old.Status}, old.PaidFrom != "")
		if err != nil {
			return err
		}
		owed, inFlight, err := store.StillOwedFor(tx, old.ProjectID, old.EnrolmentID, old.Period, old.ID)
		if err != nil {
			return err
		}
		amount, err := ledger.ReissueAmount(id, rest, owed, inFlight)
		if err != nil {
			return err
		}
		newID := ledger.NewIDIn("ins", old.ProjectID)
		if err := store.ReissueInstruction(tx, old, newID, amount); err != nil {
			return err
		}
		ins, err := store.GetInstruction(tx, newID)
		if err != nil {
			return err
		}
		out = &Reissued{Instruction: *ins}
		if ins.PayeeCardIndex == old.PayeeCardIndex {
			reasons, err := store.FailureReasons(tx, old.ProjectID, old.ID)
			if err != nil {
				return err
			}
			out.Warnings = ledger.ReissueWarnings(id, ins.PayeeCard, reasons)
		}
		return audit(tx, old.ProjectID, "instruction.reissue", newID, ledger.M("re-issues %s to %s", id, ins.PayeeCard), map[string]string{"of": id})
	})
	return out, err
}
