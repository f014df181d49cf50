package ledger

import "time"

// EntryKind says which business event an entry records.
type EntryKind string

const (
	EntryAllocation EntryKind = "allocation"       // owner_funding → wage_account
	EntryApproval   EntryKind = "payroll_approval" // labour_cost → wages_payable
	EntryAdvance    EntryKind = "gc_advance"       // advances/<subcontractor> → labour_cost/<general contractor>
	EntryPayment    EntryKind = "payment"          // wages_payable → wage_account
	EntryReturn     EntryKind = "payment_return"   // a paid wage came back (退票)
	EntryDeposit    EntryKind = "guarantee_deposit"
	EntryDrawdown   EntryKind = "guarantee_drawdown"
	EntryRelease    EntryKind = "guarantee_release" // cash returned: guarantee/<id> → guarantee_funding
	EntryReversal   EntryKind = "reversal"
	EntryAdjustment EntryKind = "adjustment"
)

// Posting is one line of an entry: a signed amount on one account (debits
// positive, credits negative) for the wage period it concerns.
type Posting struct {
	Account Account `json:"account"`
	Period  Period  `json:"period"`
	Amount  Money   `json:"amount"`
}

// Entry is one money movement. Entries are append-only: nothing updates or
// deletes one; a correction is a new entry that Reverses the original.
type Entry struct {
	ID          string    `json:"id"`
	ProjectID   string    `json:"project_id"`
	Kind        EntryKind `json:"kind"`
	Memo        string    `json:"memo,omitempty"`
	Reverses    string    `json:"reverses,omitempty"`
	EffectiveOn Date      `json:"effective_on"`
	CreatedAt   time.Time `json:"created_at"`
	Postings    []Posting `json:"postings"`
}

// Validate checks the double-entry rules: at least two postings, none zero,
// all on accounts of the entry's own project, each with its wage period, and
// the amounts summing to exactly zero.
func (e *Entry) Validate() error {
	var v Validation
	if e.ProjectID == "" {
		v.Add("project_id", "required", "an entry belongs to one project")
	}
	if e.Kind == "" {
		v.Add("kind", "required", "an entry says which event it records")
	}
	if e.EffectiveOn.IsZero() {
		v.Add("effective_on", "required", "an entry has the business date it takes effect")
	}
	if len(e.Postings) < 2 {
		v.Add("postings", "too_few", "an entry has at least two postings, got %d", len(e.Postings))
	}
	var sum Money
	overflow := false
	for i, p := range e.Postings {
		field := "postings[" + itoa(i) + "]"
		if err := p.Account.Validate(); err != nil {
			v.Add(field+".account", "invalid", "%s", ErrorMsg(err))
		} else if p.Account.ProjectID != e.ProjectID {
			v.Add(field+".account", "cross_project", "account %s belongs to project %s, not the entry's project %s", p.Account, p.Account.ProjectID, e.ProjectID)
		}
		if p.Period.IsZero() {
			v.Add(field+".period", "required", "a posting carries the wage period it concerns")
		}
		if p.Amount == 0 {
			v.Add(field+".amount", "zero", "a posting moves a non-zero amount")
		}
		s, err := sum.Add(p.Amount)
		if err != nil {
			overflow = true
		}
		sum = s
	}
	if overflow {
		v.Add("postings", "overflow", "posting amounts overflow")
	} else if sum != 0 {
		v.Add("postings", "unbalanced", "postings sum to %s, not zero", sum)
	}
	return v.Err("entry is not balanced double-entry")
}

// Transfer builds the common two-posting entry that debits `debit` and credits
// `credit` with amount for period.
func Transfer(projectID string, kind EntryKind, on Date, period Period, debit, credit Account, amount Money) Entry {
	return Entry{
		ProjectID:   projectID,
		Kind:        kind,
		EffectiveOn: on,
		Postings: []Posting{
			{Account: debit, Period: period, Amount: amount},
			{Account: credit, Period: period, Amount: -amount},
		},
	}
}

// Reversal returns the entry that undoes e: the same postings with opposite
// signs, naming e as the entry it reverses.
func Reversal(e Entry, on Date, memo string) Entry {
	r := Entry{ProjectID: e.ProjectID, Kind: EntryReversal, Memo: memo, Reverses: e.ID, EffectiveOn: on}
	for _, p := range e.Postings {
		r.Postings = append(r.Postings, Posting{Account: p.Account, Period: p.Period, Amount: -p.Amount})
	}
	return r
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
