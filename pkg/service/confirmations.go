package service

import (
	"context"
	"fmt"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// ItemResult is the outcome of one confirmation item.
type ItemResult struct {
	Index         int                      `json:"index"`
	InstructionID string                   `json:"instruction_id"`
	BankRef       string                   `json:"bank_ref"`
	Result        ledger.FactOutcome       `json:"result"` // applied, already_applied, refused
	Status        ledger.InstructionStatus `json:"instruction_status,omitempty"`
	Exception     string                   `json:"exception,omitempty"`
	Errors        []ledger.FieldError      `json:"errors,omitempty"`
	// Kept says a refused fact was kept as an unmatched confirmation: the
	// reconciliation of its instruction's project lists it (or, for an
	// unknown instruction, GET /bank/unmatched).
	Kept    bool   `json:"kept,omitempty"`
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

// joinRequests makes one checked batch of the requests' items, and the
// results' first fields as each item was sent (before its check trims it).
func joinRequests(bankID string, reqs []*confirmRequest, today ledger.Date) (*ledger.ConfirmationBatch, []ItemResult) {
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
	sent := make([]ItemResult, len(all))
	for i := range all {
		sent[i] = ItemResult{Index: i, InstructionID: all[i].InstructionID, BankRef: all[i].BankRef}
	}
	return ledger.NewConfirmationBatch(bankID, all, payees, today), sent
}

// applyConfirmations reads the batch's instructions, decides the batch,
// and writes what it decided: the confirmations, their overdraft flags, the
// instructions' new states, the refused facts that are kept, the entries.
// sent holds the results' fields as the items were sent.
func applyConfirmations(tx *store.Tx, b *ledger.ConfirmationBatch, sent []ItemResult) ([]ItemResult, error) {
	// Every statement below finds rows by key, in batches.
	if err := tx.PreferKeyLookups(); err != nil {
		return nil, err
	}
	ins, err := store.PaymentInstructions(tx, b.InstructionIDs())
	if err != nil {
		return nil, err
	}
	entryIDs := ledger.NewEntryBatch()
	d, err := recordConfirmations(tx, b, ins, entryIDs)
	if err != nil {
		return nil, err
	}
	if err := flagOverdrafts(tx, b, d); err != nil {
		return nil, err
	}
	n, err := store.ApplyInstructionChanges(tx, d.Changes)
	if err != nil {
		return nil, err
	}
	if n != len(d.Changes) {
		// Another transaction changed one of these instructions after we
		// read it: run the batch again from the new state.
		return nil, store.ErrConcurrentChange
	}
	if err := keepUnmatched(tx, b, d); err != nil {
		return nil, err
	}
	if err := store.PostEntries(tx, b.Entries(d, ins, entryIDs)); err != nil {
		return nil, err
	}
	return itemResults(b, d, sent), nil
}

// itemResults tells the bank what became of each item.
func itemResults(b *ledger.ConfirmationBatch, d *ledger.ConfirmationDecision, sent []ItemResult) []ItemResult {
	out := make([]ItemResult, len(sent))
	copy(out, sent)
	for i := range out {
		r, res := &d.Items[i], &out[i]
		res.Result, res.Errors, res.Exception, res.Kept = r.Outcome, r.Errors, r.Exception, r.Kept()
		if r.Outcome != ledger.Refused {
			res.Status = r.Status
		}
		if r.Outcome == ledger.Applied || res.Kept {
			res.project = r.ProjectID
		}
	}
	return out
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
		if err := auditAs(ctx, tx, chain, "bank.confirmations", subject, fmt.Sprintf("%d applied, %d refused and kept unmatched", c.applied, c.kept),
			map[string]int{"items": len(results)}); err != nil {
			return err
		}
	}
	return nil
}
