package ledger

import (
	"sort"
)

// A bank reports its results for payment instructions in batches (a request,
// or 10,000 rows of a result file). Deciding a batch is pure: given the
// instructions its items name, as read, and what the record already holds
// under their bank references, it says what becomes of every item and of
// every instruction. The service reads, decides here, and writes in bulk.

// FactOutcome is what became of a bank's fact: an item of a batch, or an
// allocation reported into a wage account.
type FactOutcome string

// Confirmation outcomes.
const (
	Applied        FactOutcome = "applied"
	AlreadyApplied FactOutcome = "already_applied" // a retry of a fact on record
	Refused        FactOutcome = "refused"
)

// PaymentInstruction is what deciding a bank's result needs of an instruction.
type PaymentInstruction struct {
	ID             string
	ProjectID      string
	EnrolmentID    string
	Period         Period
	WageBankID     string // the bank holding the project's wage account: the only one that may confirm it
	PayeeCardIndex string // blind index of the card it pays
	// PaidFrom is the account a guarantee drawdown pays from (guarantee/<id>
	// or guarantee_claims/<id>); the zero Account is the project's wage account.
	PaidFrom Account
	InstructionState
}

// payer is the account the instruction's payments come out of.
func (in *PaymentInstruction) payer() Account {
	if in.PaidFrom.Kind == "" {
		return Account{ProjectID: in.ProjectID, Kind: WageAccount}
	}
	return in.PaidFrom
}

// RecordKey is where the record keeps a confirmation: a bank's reference is
// unique within a project.
type RecordKey struct {
	ProjectID string
	BankRef   string
}

// RecordedConfirmation is what the record holds under a bank reference.
type RecordedConfirmation struct {
	ContentHash string // the Fingerprint of the fact recorded
	Exception   string // its flag, if any
}

// InstructionChange moves one instruction from the state it was read in to a new one.
type InstructionChange struct {
	ProjectID string
	ID        string
	From, To  InstructionState
}

// ConfirmationBatch is a bank's batch of results, checked.
type ConfirmationBatch struct {
	BankID string
	Items  []ConfirmationItem
	// Payees holds, when not nil, the blind index of the payee account the
	// bank's file names for each item ("" for none): an item paid to another
	// account than its instruction's card is refused.
	Payees []string
	checks [][]FieldError // each item's field errors (nil when well formed)
	hashes []string       // each well-formed item's Fingerprint
}

// NewConfirmationBatch checks every item as of today (normalising it in place).
func NewConfirmationBatch(bankID string, items []ConfirmationItem, payees []string, today Date) *ConfirmationBatch {
	b := &ConfirmationBatch{BankID: bankID, Items: items, Payees: payees, checks: make([][]FieldError, len(items)), hashes: make([]string, len(items))}
	for i := range items {
		if errs := items[i].Check(today); len(errs) > 0 {
			b.checks[i] = errs
		}
		b.hashes[i] = items[i].Fingerprint()
	}
	return b
}

// InstructionIDs are the instructions the items name, to be read (a
// malformed item's too: it is kept in its instruction's project).
func (b *ConfirmationBatch) InstructionIDs() []string {
	ids := make([]string, 0, len(b.Items))
	for i := range b.Items {
		if id := b.Items[i].InstructionID; id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// Hash is item i's Fingerprint, the key it is recorded or kept under.
func (b *ConfirmationBatch) Hash(i int) string { return b.hashes[i] }

// ItemDecision is what becomes of one item.
type ItemDecision struct {
	Outcome FactOutcome
	Errors  []FieldError // why it was refused: its field errors, or its refusal's
	Refusal Refusal      // why a well-formed fact was refused ("" otherwise)
	// Status is the instruction's status once an applied item is applied,
	// or, for an item already applied, once the batch is.
	Status    InstructionStatus
	Exception string // a flag on the applied fact, or the one on record
	// ProjectID is the project whose instruction the item names, when the
	// instruction is on a wage account at the batch's bank ("" otherwise).
	ProjectID string
	// Matched says the item names an instruction of the bank and its card:
	// the record may hold its bank reference, under Key.
	Matched bool
	// byGuarantee: the instruction is a guarantee drawdown's, which leaves
	// the wage account untouched.
	byGuarantee bool
}

// RefuseMalformed refuses a bank fact that names an instruction or carries
// a bank reference but cannot be read as a result (an amount that is not
// one, a paid row with no amount, no date …): it is kept unmatched with its
// problems, since a bank fact that names something is never dropped.
const RefuseMalformed Refusal = "malformed"

// Kept says a refused fact is kept as an unmatched confirmation.
func (r *ItemDecision) Kept() bool {
	return r.Outcome == Refused && (r.Refusal == RefuseMalformed || r.Refusal.KeptUnmatched())
}

func (r *ItemDecision) refuse(why *FieldError) {
	r.Outcome, r.Refusal, r.Errors = Refused, Refusal(why.Code), []FieldError{*why}
}

// ConfirmationDecision is what becomes of a batch.
type ConfirmationDecision struct {
	Items []ItemDecision
	// Changes are the instructions whose state the batch changes, by ID.
	Changes []InstructionChange
}

// Key is where the record keeps item i (meaningful when it is Matched).
func (b *ConfirmationBatch) Key(d *ConfirmationDecision, i int) RecordKey {
	return RecordKey{ProjectID: d.Items[i].ProjectID, BankRef: b.Items[i].BankRef}
}

// Decide applies the batch's items in order to the instructions they name
// (ins, by ID, as read), given what the record holds under the items' bank
// references as far as known (onRecord; a reference not in it is taken to be
// new). An item is refused when it is malformed (kept when it names an
// instruction or a bank reference: RefuseMalformed), names no instruction on a
// wage account at the batch's bank, pays another card than the
// instruction's, is a result file row whose status is not final (pending,
// uncertain or unknown: refused and kept, whatever its reference), repeats a recorded reference with other content, or cannot
// apply to its instruction's state (ApplyConfirmation). A reference on
// record with the same content is already applied. A reference repeated
// within the batch is judged against its first copy: other content is a
// conflict, a refused first copy refuses the repeat alike (it is never
// recorded), an applied one makes it already applied.
func (b *ConfirmationBatch) Decide(ins map[string]*PaymentInstruction, onRecord map[RecordKey]RecordedConfirmation) *ConfirmationDecision {
	d := &ConfirmationDecision{Items: make([]ItemDecision, len(b.Items))}
	states := make(map[string]InstructionState, len(ins)) // as the batch leaves them so far
	first := make(map[RecordKey]int, len(b.Items))        // the first copy of each new reference
	for i := range b.Items {
		it, r := &b.Items[i], &d.Items[i]
		in := ins[it.InstructionID]
		if b.checks[i] != nil {
			r.Outcome, r.Errors = Refused, b.checks[i]
			if it.InstructionID != "" || it.BankRef != "" {
				// It names something: kept, in its instruction's project
				// when that is at this bank. A fact naming nothing is not.
				r.Refusal = RefuseMalformed
				if in != nil && in.WageBankID == b.BankID {
					r.ProjectID = in.ProjectID
				}
			}
			continue
		}
		if in == nil || in.WageBankID != b.BankID {
			r.refuse(refuse(RefuseNotFound, "instruction_id", "no instruction %s on a wage account at this bank", it.InstructionID))
			continue
		}
		r.ProjectID, r.byGuarantee = in.ProjectID, in.PaidFrom.Kind != ""
		if b.Payees != nil && b.Payees[i] != "" && b.Payees[i] != in.PayeeCardIndex {
			r.refuse(refuse(RefusePayeeMismatch, "payee_account", "the payee account is not the card this instruction pays: check the file against the instruction"))
			continue
		}
		if !it.Status.Final() {
			// Refused before its reference is looked at: a pending row and
			// the final row the bank sends later under the same reference
			// are two facts, and the pending one, kept unmatched, never
			// makes the final one a conflict.
			r.Outcome, r.Refusal, r.Errors = Refused, RefuseNotFinal, []FieldError{*it.Status.notFinal(it.BankCode)}
			continue
		}
		r.Matched = true
		key := b.Key(d, i)
		if prev, ok := onRecord[key]; ok {
			if !b.conflicts(r, i, prev.ContentHash) {
				r.Outcome, r.Exception = AlreadyApplied, prev.Exception
			}
			continue
		}
		if f, ok := first[key]; ok {
			switch {
			case b.conflicts(r, i, b.hashes[f]):
			case d.Items[f].Outcome == Refused:
				r.Outcome, r.Refusal, r.Errors = Refused, d.Items[f].Refusal, d.Items[f].Errors
			default:
				r.Outcome = AlreadyApplied
			}
			continue
		}
		first[key] = i
		st, seen := states[in.ID]
		if !seen {
			st = in.InstructionState
		}
		next, why := ApplyConfirmation(st, it)
		if why != nil {
			r.refuse(why)
			continue
		}
		states[in.ID] = next
		r.Outcome, r.Status = Applied, next.Status
	}
	for i := range d.Items {
		if r := &d.Items[i]; r.Outcome == AlreadyApplied {
			in := ins[b.Items[i].InstructionID]
			r.Status = in.Status
			if st, seen := states[in.ID]; seen {
				r.Status = st.Status
			}
		}
	}
	for id, st := range states {
		if in := ins[id]; st.stored() != in.stored() {
			d.Changes = append(d.Changes, InstructionChange{ProjectID: in.ProjectID, ID: id, From: in.InstructionState, To: st})
		}
	}
	sort.Slice(d.Changes, func(a, c int) bool { return d.Changes[a].ID < d.Changes[c].ID })
	return d
}

// conflicts refuses item i, whose bank reference was seen before with
// content hash prev, if its content is other; it reports whether it did.
func (b *ConfirmationBatch) conflicts(r *ItemDecision, i int, prev string) bool {
	if prev == b.hashes[i] {
		return false
	}
	r.refuse(refuse(RefuseConflict, "bank_ref", "bank reference %s was already reported with different content", b.Items[i].BankRef))
	return true
}

// movesMoney says item i was applied and posts an entry.
func (b *ConfirmationBatch) movesMoney(d *ConfirmationDecision, i int) bool {
	return d.Items[i].Outcome == Applied && b.Items[i].Status.MovesMoney()
}

// movesWageAccount says item i was applied and moves the wage account.
func (b *ConfirmationBatch) movesWageAccount(d *ConfirmationDecision, i int) bool {
	return b.movesMoney(d, i) && !d.Items[i].byGuarantee
}

// WageAccountsMoved lists the projects whose wage account the batch's
// applied payments and returns move, in item order.
func (b *ConfirmationBatch) WageAccountsMoved(d *ConfirmationDecision) []string {
	var out []string
	seen := map[string]bool{}
	for i := range b.Items {
		if p := d.Items[i].ProjectID; b.movesWageAccount(d, i) && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// FlagOverdrafts walks the applied payments and returns in item order from
// each project's wage-account balance in the books before the batch, and
// flags every payment that leaves the balance below zero. A payment the
// bank made is never refused for it: the books lack an allocation that is
// missing or not yet reported, and the reconciliation shows the flag.
func (b *ConfirmationBatch) FlagOverdrafts(d *ConfirmationDecision, balances map[string]Money) {
	bal := make(map[string]Money, len(balances))
	for p, m := range balances {
		bal[p] = m
	}
	for i := range b.Items {
		if !b.movesWageAccount(d, i) {
			continue
		}
		it, r := &b.Items[i], &d.Items[i]
		if it.Status == ConfirmReturned {
			bal[r.ProjectID] += it.Amount
			continue
		}
		bal[r.ProjectID] -= it.Amount
		if m := bal[r.ProjectID]; m < 0 {
			r.Exception = "the wage account is overdrawn in the books (" + m.String() + "): an allocation is missing or not yet reported"
		}
	}
}

// EntryID is the ledger entry item i posts when applied (named in ids at
// the item's index), or "" for an item that moves no money.
func (b *ConfirmationBatch) EntryID(ids EntryBatch, i int) string {
	if !b.Items[i].Status.MovesMoney() {
		return ""
	}
	return ids.ID(i)
}

// Entries are the ledger entries of the applied payments and returns, named
// in ids: a payment moves wages_payable/<enrolment> → wage_account in the
// instruction's period, a return (退票) moves it back, so the wage is owed
// again. A guarantee drawdown's instruction pays from its guarantee instead
// (cash: guarantee/<id>; a letter or policy: guarantee_claims/<id>).
func (b *ConfirmationBatch) Entries(d *ConfirmationDecision, ins map[string]*PaymentInstruction, ids EntryBatch) []Entry {
	entries := make([]Entry, 0, len(b.Items))
	for i := range b.Items {
		if !b.movesMoney(d, i) {
			continue
		}
		it, in := &b.Items[i], ins[b.Items[i].InstructionID]
		owed := Account{ProjectID: in.ProjectID, Kind: WagesPayable, Ref: in.EnrolmentID}
		payer := in.payer()
		e := Transfer(in.ProjectID, EntryPayment, it.SettledOn, in.Period, owed, payer, it.Amount)
		if it.Status == ConfirmReturned {
			e = Transfer(in.ProjectID, EntryReturn, it.SettledOn, in.Period, payer, owed, it.Amount)
		}
		e.ID, e.Memo = ids.ID(i), string(it.Status)+" "+it.BankRef
		entries = append(entries, e)
	}
	return entries
}
