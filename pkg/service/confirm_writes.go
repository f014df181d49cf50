package service

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// The writes of a decided confirmation batch. Each is one statement per
// chunk of the batch (or per project), never one per item.

// recordConfirmations decides the batch and records its applied facts.
//
// Whether the record already holds an item's bank reference is learnt while
// recording, without reading every reference first: the batch is decided as
// if every reference were new, its applied facts are inserted skipping any
// reference on record, and the references that were skipped, with those of
// the facts refused by their instruction's state (a retry of a recorded fact
// may be refused now that its instruction is paid), are read back. If any
// was on record, the batch is decided again knowing it, and the record is
// brought in line with the new decision. A new batch thus costs its inserts
// alone, a batch sent again one read more, and a refused fact is never
// written.
func recordConfirmations(tx *store.Tx, b *ledger.ConfirmationBatch, ins map[string]*ledger.PaymentInstruction, entryIDs ledger.EntryBatch) (*ledger.ConfirmationDecision, error) {
	onRecord := map[ledger.RecordKey]ledger.RecordedConfirmation{}
	probed := make(map[ledger.RecordKey]bool, len(b.Items))  // references whose presence on record is known
	written := make(map[ledger.RecordKey]bool, len(b.Items)) // references this transaction recorded
	for {
		d := b.Decide(ins, onRecord)
		var fresh []*store.Confirmation
		var keys []ledger.RecordKey
		for i := range d.Items {
			if key := b.Key(d, i); d.Items[i].Outcome == ledger.Applied && !written[key] {
				fresh = append(fresh, newConfirmation(b, d, i, entryIDs))
				keys = append(keys, key)
			}
		}
		inserted, err := store.InsertConfirmations(tx, b.BankID, fresh)
		if err != nil {
			return nil, err
		}
		var unknown []ledger.RecordKey // references to look up
		for j, c := range fresh {
			probed[keys[j]] = true
			if inserted[c.ID] {
				written[keys[j]] = true
			} else {
				unknown = append(unknown, keys[j])
			}
		}
		for i := range d.Items {
			if key := b.Key(d, i); d.Items[i].Matched && d.Items[i].Outcome == ledger.Refused && !probed[key] && !written[key] {
				probed[key] = true
				unknown = append(unknown, key)
			}
		}
		found, err := readRecord(tx, b.BankID, unknown)
		if err != nil {
			return nil, err
		}
		for j, c := range fresh {
			if _, ok := found[keys[j]]; !inserted[c.ID] && !ok {
				return nil, fmt.Errorf("service: confirmation %s was neither recorded nor found", c.BankRef)
			}
		}
		if len(found) == 0 {
			return d, discardUnapplied(tx, b, d, written)
		}
		for k, c := range found {
			onRecord[k] = c
		}
	}
}

// newConfirmation is the record of applied item i.
func newConfirmation(b *ledger.ConfirmationBatch, d *ledger.ConfirmationDecision, i int, entryIDs ledger.EntryBatch) *store.Confirmation {
	it := &b.Items[i]
	c := &store.Confirmation{ID: ledger.NewID("cnf"), ProjectID: d.Items[i].ProjectID, BankRef: it.BankRef, ContentHash: b.Hash(i),
		InstructionID: it.InstructionID, Status: it.Status, Amount: it.Amount, SettledOn: it.SettledOn, Reason: it.Reason, BankErrorCode: it.BankErrorCode}
	if id := b.EntryID(entryIDs, i); id != "" {
		c.EntryID = &id
	}
	return c
}

// readRecord reads what the record holds under the given references, one
// statement per project.
func readRecord(tx *store.Tx, bankID string, keys []ledger.RecordKey) (map[ledger.RecordKey]ledger.RecordedConfirmation, error) {
	refs := map[string][]string{}
	var projects []string
	for _, k := range keys {
		if refs[k.ProjectID] == nil {
			projects = append(projects, k.ProjectID)
		}
		refs[k.ProjectID] = append(refs[k.ProjectID], k.BankRef)
	}
	out := map[ledger.RecordKey]ledger.RecordedConfirmation{}
	for _, p := range projects {
		found, err := store.ConfirmationsByRef(tx, p, bankID, refs[p])
		if err != nil {
			return nil, err
		}
		for ref, c := range found {
			out[ledger.RecordKey{ProjectID: p, BankRef: ref}] = ledger.RecordedConfirmation{ContentHash: c.ContentHash, Exception: c.Exception}
		}
	}
	return out, nil
}

// discardUnapplied removes what this transaction recorded under references
// whose fact the final decision no longer applies: the rare batch where a
// fact found on record changes how a later fact of the same instruction is
// decided.
func discardUnapplied(tx *store.Tx, b *ledger.ConfirmationBatch, d *ledger.ConfirmationDecision, written map[ledger.RecordKey]bool) error {
	applied := make(map[ledger.RecordKey]bool, len(written))
	for i := range d.Items {
		if d.Items[i].Outcome == ledger.Applied {
			applied[b.Key(d, i)] = true
		}
	}
	refs := map[string][]string{}
	for k := range written {
		if !applied[k] {
			refs[k.ProjectID] = append(refs[k.ProjectID], k.BankRef)
		}
	}
	for project, list := range refs {
		if err := store.DiscardConfirmations(tx, project, b.BankID, list); err != nil {
			return err
		}
	}
	return nil
}

// flagOverdrafts reads the wage-account balance of each project the batch
// pays from, flags the payments that overdraw it in the books, and marks
// their records.
func flagOverdrafts(tx *store.Tx, b *ledger.ConfirmationBatch, d *ledger.ConfirmationDecision) error {
	balances := map[string]ledger.Money{}
	for _, p := range b.WageAccountsMoved(d) {
		bal, err := store.Balance(tx, ledger.Account{ProjectID: p, Kind: ledger.WageAccount})
		if err != nil {
			return err
		}
		balances[p] = bal
	}
	b.FlagOverdrafts(d, balances)
	var flagged []store.ConfirmationException
	for i := range d.Items {
		if r := &d.Items[i]; r.Outcome == ledger.Applied && r.Exception != "" {
			flagged = append(flagged, store.ConfirmationException{ProjectID: r.ProjectID, BankRef: b.Items[i].BankRef, Exception: r.Exception})
		}
	}
	return store.SetConfirmationExceptions(tx, b.BankID, flagged)
}

// keepUnmatched keeps the well-formed facts that were refused.
func keepUnmatched(tx *store.Tx, b *ledger.ConfirmationBatch, d *ledger.ConfirmationDecision) error {
	var kept []store.Unmatched
	for i := range d.Items {
		r := &d.Items[i]
		if !r.Kept() {
			continue
		}
		it := &b.Items[i]
		problem := ""
		if m := problemOf(r.Errors); m.Key != "" {
			problem = m.Encode()
		}
		status, bankStatus := it.KeptStatus()
		kept = append(kept, store.Unmatched{ProjectID: r.ProjectID, BankRef: it.BankRef, ContentHash: b.Hash(i), InstructionID: it.InstructionID,
			Status: status, Amount: it.Amount, SettledOn: it.SettledOn, Reason: it.Reason, ProblemCode: r.Refusal, Problem: problem,
			BankStatus: bankStatus, BankErrorCode: it.BankErrorCode, Raw: it.Raw})
	}
	return store.KeepUnmatched(tx, b.BankID, kept)
}

// problemOf is why a bank fact could not be applied, as one message kept
// with the fact (key and arguments), so that it reads in the reader's language.
func problemOf(errs []ledger.FieldError) ledger.Msg {
	var m ledger.Msg
	for i, e := range errs {
		one := ledger.Verbatim(e.Message)
		if e.Text != nil {
			one = *e.Text
		}
		if i == 0 {
			m = one
		} else {
			m = ledger.M("%s; %s", m, one)
		}
	}
	return m
}
