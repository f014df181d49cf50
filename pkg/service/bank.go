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
	Result string // applied, or already_applied for a retry
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
	Index         int
	InstructionID string
	BankRef       string
	Result        string // applied, already_applied, refused
	Status        string
	Exception     string
	Errors        []ledger.FieldError
	// Kept says a refused fact was kept as an unmatched confirmation: the
	// reconciliation of its instruction's project lists it (or, for an
	// unknown instruction, GET /bank/unmatched).
	Kept    bool
	project string // the project whose books an applied item changed
}

// unmatchedProblems are the refusals of a well-formed fact that is kept: the
// bank says something happened that the books cannot take as it is.
var unmatchedProblems = map[string]bool{"not_found": true, "payee_mismatch": true, "conflict": true,
	"exceeds_instruction": true, "not_paid": true, "not_payable": true}

// MaxConfirmationItems bounds one batch.
const MaxConfirmationItems = 10000

// RecordConfirmations applies a bank's results for its instructions in one
// transaction, set-based: the batch's instructions are read with one query
// per 5,000, its confirmations written with multi-row inserts that skip
// references already on record, and the instructions updated in bulk. A
// batch applies its good items and reports its bad ones. paid posts
// wages_payable → wage_account for the line's period (below the instruction
// it is a partial payment, above it is refused); failed keeps the line owed
// and records the reason; returned (退票) reverses a payment. A payment that
// takes the wage account below zero in the books is recorded and flagged,
// never refused: a bank fact is never thrown away.
func (s *Service) RecordConfirmations(ctx context.Context, bankID string, items []ledger.ConfirmationItem) ([]ItemResult, error) {
	if len(items) == 0 || len(items) > MaxConfirmationItems {
		return nil, ledger.Errorf(ledger.EInvalid, "a confirmation batch has 1 to %d items, this one has %d", MaxConfirmationItems, len(items))
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

// applyConfirmationRequests applies one or more requests of one bank in one
// transaction, in order, and returns each request's results. Each request
// gets an audit record per project it changed, naming its own caller.
func (s *Service) applyConfirmationRequests(ctx context.Context, bankID string, reqs []*confirmRequest) ([][]ItemResult, error) {
	var all []ledger.ConfirmationItem
	withPayees := false
	for _, r := range reqs {
		all = append(all, r.items...)
		withPayees = withPayees || r.payees != nil
	}
	var payees []string
	if withPayees {
		for _, r := range reqs {
			p := r.payees
			if p == nil {
				p = make([]string, len(r.items))
			}
			payees = append(payees, p...)
		}
	}
	today := ledger.DateOf(s.DB.Now())
	var out [][]ItemResult
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		// A retry after a concurrent change starts from scratch.
		results := make([]ItemResult, len(all))
		if err := s.applyConfirmations(tx, bankID, all, payees, today, results); err != nil {
			return err
		}
		out = make([][]ItemResult, len(reqs))
		from := 0
		for i, r := range reqs {
			mine := results[from : from+len(r.items) : from+len(r.items)]
			for j := range mine {
				mine[j].Index = j
			}
			if err := auditConfirmations(r.ctx, tx, bankID, mine); err != nil {
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
func auditConfirmations(ctx context.Context, tx *store.Tx, bankID string, results []ItemResult) error {
	type counts struct{ applied, kept int }
	per := map[string]*counts{}
	var projects []string
	for _, r := range results {
		if r.Result != "applied" && !r.Kept {
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
		if err := auditAs(ctx, tx, chain, "bank.confirmations", subject, fmt.Sprintf("%d applied, %d refused and kept unmatched", c.applied, c.kept),
			map[string]int{"items": len(results)}); err != nil {
			return err
		}
	}
	return nil
}

// payable are the instruction statuses a payment or a failure still applies to.
var payable = map[string]bool{ledger.InstructionPending: true, ledger.InstructionPartlyPaid: true, ledger.InstructionFailed: true, ledger.InstructionReturned: true}

// applyConfirmations applies items in tx. payees, when not nil, holds for
// each item the blind index of the payee account the bank's file names (or
// ""): an item paid to another account than its instruction's card is refused.
func (s *Service) applyConfirmations(tx *store.Tx, bankID string, items []ledger.ConfirmationItem, payees []string, today ledger.Date, results []ItemResult) error {
	refuse := func(r *ItemResult, field, code, msg string) {
		r.Result, r.Errors = "refused", []ledger.FieldError{{Field: field, Code: code, Message: msg}}
	}
	ids := make([]string, 0, len(items))
	for i := range items {
		it := &items[i]
		results[i] = ItemResult{Index: i, InstructionID: it.InstructionID, BankRef: it.BankRef}
		if errs := it.Check(today); len(errs) > 0 {
			results[i].Result, results[i].Errors = "refused", errs
			continue
		}
		ids = append(ids, it.InstructionID)
	}
	// Every statement below finds rows by key, in batches.
	if err := tx.PreferKeyLookups(); err != nil {
		return err
	}
	ins, err := store.InstructionStates(tx, ids)
	if err != nil {
		return err
	}
	entryPrefix := ledger.NewID(ledger.PrefixEntry)
	// The confirmations to record, by project, in item order.
	cs := make([]*store.Confirmation, 0, len(items))
	itemOf := make(map[string]int, len(items)) // confirmation ID → item index
	for i := range items {
		it, r := items[i], &results[i]
		if r.Result != "" {
			continue
		}
		in := ins[it.InstructionID]
		if in == nil || in.WageBankID != bankID {
			refuse(r, "instruction_id", "not_found", "no instruction "+it.InstructionID+" on a wage account at this bank")
			continue
		}
		if payees != nil && payees[i] != "" && payees[i] != in.PayeeCardIndex {
			refuse(r, "payee_account", "payee_mismatch", "the payee account is not the card this instruction pays: check the file against the instruction")
			continue
		}
		c := &store.Confirmation{ID: ledger.NewID("cnf"), ProjectID: in.ProjectID, BankRef: it.BankRef, ContentHash: it.Fingerprint(),
			InstructionID: in.ID, Status: it.Status, Amount: it.Amount, SettledOn: it.SettledOn, Reason: it.Reason}
		if it.Status != ledger.ConfirmFailed {
			// The batch's entries take consecutive IDs, as an approval's do:
			// inserted side by side, their postings' keys cost a third of
			// what random ones do (one leaf page after another, not 20,000
			// pages all over the index).
			id := fmt.Sprintf("%s_%05d", entryPrefix, i)
			c.EntryID = &id
		}
		cs = append(cs, c)
		itemOf[c.ID] = i
	}
	inserted, err := store.InsertConfirmations(tx, bankID, cs)
	if err != nil {
		return err
	}
	// References already on record: a retry with the same content, or a conflict.
	dupRefs := map[string][]string{}
	for _, c := range cs {
		if !inserted[c.ID] {
			dupRefs[c.ProjectID] = append(dupRefs[c.ProjectID], c.BankRef)
		}
	}
	existing := map[string]*store.Confirmation{}
	for project, refs := range dupRefs {
		found, err := store.ConfirmationsByRef(tx, project, bankID, refs)
		if err != nil {
			return err
		}
		for ref, c := range found {
			existing[project+"\x00"+ref] = c
		}
	}
	type state struct {
		paid   ledger.Money
		status string
	}
	now := make(map[string]*state, len(ins))
	entries := make([]ledger.Entry, 0, len(cs))
	refused := map[string][]string{} // project → bank references to discard
	var flagged []store.ConfirmationException
	balances := map[string]ledger.Money{}
	for _, c := range cs {
		i := itemOf[c.ID]
		it, r := items[i], &results[i]
		in := ins[c.InstructionID]
		if !inserted[c.ID] {
			prev := existing[c.ProjectID+"\x00"+c.BankRef]
			first, inBatch := -1, false
			if prev != nil {
				first, inBatch = itemOf[prev.ID]
			}
			switch {
			case prev == nil:
				return fmt.Errorf("service: confirmation %s was neither recorded nor found", c.BankRef)
			case prev.ContentHash != c.ContentHash:
				refuse(r, "bank_ref", "conflict", "bank reference "+it.BankRef+" was already reported with different content")
			case inBatch && results[first].Result == "refused":
				// The same fact twice in one batch, and the first was refused:
				// it is not recorded, so the repeat is refused alike.
				r.Result, r.Errors = "refused", results[first].Errors
			default:
				r.Result, r.Exception = "already_applied", prev.Exception
			}
			continue
		}
		st := now[in.ID]
		if st == nil {
			st = &state{paid: in.PaidAmount, status: in.Status}
			now[in.ID] = st
		}
		switch it.Status {
		case ledger.ConfirmPaid:
			if !payable[st.status] || st.paid+it.Amount > in.Amount {
				refuse(r, "instruction_id", "exceeds_instruction", fmt.Sprintf("paying %s would take instruction %s (%s, %s already paid) above its amount, or it is %s", it.Amount, in.ID, in.Amount, st.paid, st.status))
			} else {
				st.paid += it.Amount
				st.status = ledger.InstructionPartlyPaid
				if st.paid == in.Amount {
					st.status = ledger.InstructionPaid
				}
			}
		case ledger.ConfirmReturned:
			if (st.status != ledger.InstructionPaid && st.status != ledger.InstructionPartlyPaid) || st.paid < it.Amount {
				refuse(r, "instruction_id", "not_paid", fmt.Sprintf("instruction %s has not been paid %s that could come back", in.ID, it.Amount))
			} else {
				st.paid -= it.Amount
				st.status = ledger.InstructionPartlyPaid
				if st.paid == 0 {
					st.status = ledger.InstructionReturned
				}
			}
		case ledger.ConfirmFailed:
			if !payable[st.status] {
				refuse(r, "instruction_id", "not_payable", "instruction "+in.ID+" is "+st.status+": a failure no longer applies")
			} else {
				st.status = ledger.InstructionFailed
				if st.paid > 0 {
					st.status = ledger.InstructionPartlyPaid
				}
			}
		}
		if r.Result == "refused" {
			refused[c.ProjectID] = append(refused[c.ProjectID], c.BankRef)
			continue
		}
		r.Result, r.Status, r.project = "applied", st.status, c.ProjectID
		if c.EntryID == nil {
			continue
		}
		owed := ledger.Account{ProjectID: c.ProjectID, Kind: ledger.WagesPayable, Ref: in.EnrolmentID}
		wage := ledger.Account{ProjectID: c.ProjectID, Kind: ledger.WageAccount}
		e := ledger.Transfer(c.ProjectID, ledger.EntryPayment, it.SettledOn, in.Period, owed, wage, it.Amount)
		if it.Status == ledger.ConfirmReturned {
			e = ledger.Transfer(c.ProjectID, ledger.EntryReturn, it.SettledOn, in.Period, wage, owed, it.Amount)
		}
		e.ID, e.Memo = *c.EntryID, it.Status+" "+it.BankRef
		entries = append(entries, e)
		bal, seen := balances[c.ProjectID]
		if !seen {
			if bal, err = store.Balance(tx, wage); err != nil {
				return err
			}
		}
		if it.Status == ledger.ConfirmPaid {
			bal -= it.Amount
			if bal < 0 {
				r.Exception = "the wage account is overdrawn in the books (" + bal.String() + "): an allocation is missing or not yet reported"
				flagged = append(flagged, store.ConfirmationException{ProjectID: c.ProjectID, BankRef: c.BankRef, Exception: r.Exception})
			}
		} else {
			bal += it.Amount
		}
		balances[c.ProjectID] = bal
	}
	for project, list := range refused {
		if err := store.DiscardConfirmations(tx, project, bankID, list); err != nil {
			return err
		}
	}
	if err := store.SetConfirmationExceptions(tx, bankID, flagged); err != nil {
		return err
	}
	var changes []store.InstructionChange
	for id, st := range now {
		in := ins[id]
		if st.paid != in.PaidAmount || st.status != in.Status {
			changes = append(changes, store.InstructionChange{ProjectID: in.ProjectID, ID: id, OldPaid: in.PaidAmount, NewPaid: st.paid, OldStatus: in.Status, NewStatus: st.status})
		}
	}
	sort.Slice(changes, func(a, b int) bool { return changes[a].ID < changes[b].ID })
	n, err := store.ApplyInstructionChanges(tx, changes)
	if err != nil {
		return err
	}
	if n != len(changes) {
		// Another transaction changed one of these instructions after we
		// read it: run the batch again from the new state.
		return store.ErrConcurrentChange
	}
	for i := range results {
		if results[i].Result == "already_applied" {
			if in := ins[results[i].InstructionID]; in != nil {
				results[i].Status = in.Status
				if st := now[in.ID]; st != nil {
					results[i].Status = st.status
				}
			}
		}
	}
	if err := keepUnmatched(tx, bankID, items, ins, results); err != nil {
		return err
	}
	return store.PostEntries(tx, entries)
}

// keepUnmatched keeps the well-formed facts that were refused.
func keepUnmatched(tx *store.Tx, bankID string, items []ledger.ConfirmationItem, ins map[string]*store.InstructionState, results []ItemResult) error {
	var kept []store.Unmatched
	for i := range results {
		r := &results[i]
		if r.Result != "refused" || len(r.Errors) == 0 || !unmatchedProblems[r.Errors[0].Code] {
			continue
		}
		it := items[i]
		project := "" // an instruction of another bank's project is not filed under that project
		if in := ins[it.InstructionID]; in != nil && in.WageBankID == bankID {
			project = in.ProjectID
		}
		r.project = project
		kept = append(kept, store.Unmatched{ProjectID: project, BankRef: it.BankRef, ContentHash: it.Fingerprint(), InstructionID: it.InstructionID,
			Status: it.Status, Amount: it.Amount, SettledOn: it.SettledOn, Reason: it.Reason, ProblemCode: r.Errors[0].Code, Problem: r.Errors[0].Message})
		r.Kept = true
	}
	return store.KeepUnmatched(tx, bankID, kept)
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

// BankUnmatched lists the calling bank's confirmations that could not be
// applied and were kept, by bank reference.
func (s *Service) BankUnmatched(ctx context.Context, bankID, after string, limit int) ([]store.Unmatched, error) {
	return store.BankUnmatched(s.DB.Reader(ctx), bankID, after, limit)
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
