package service

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

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
