package ledger

import (
	"strings"
	"time"
)

// A wage guarantee (工资保证金, DOMAIN.md "Wage-guarantee size") is lodged by
// the general contractor per project: cash held in a bank, a bank letter of
// guarantee (银行保函) or a guarantee insurance policy (工程担保保险).

// GuaranteeForm is how a guarantee is given.
type GuaranteeForm string

const (
	FormCash       GuaranteeForm = "cash"        // money in the books: guarantee_funding → guarantee/<id>
	FormBankLetter GuaranteeForm = "bank_letter" // an instrument: counts while valid, moves no money
	FormInsurance  GuaranteeForm = "insurance"   // likewise, issued by an insurer
)

// GuaranteeForms lists every form.
var GuaranteeForms = []GuaranteeForm{FormCash, FormBankLetter, FormInsurance}

// Valid reports whether f is a known form.
func (f GuaranteeForm) Valid() bool {
	return f == FormCash || f == FormBankLetter || f == FormInsurance
}

// IsInstrument reports whether the form is a promise to pay rather than cash.
func (f GuaranteeForm) IsInstrument() bool { return f == FormBankLetter || f == FormInsurance }

// IssuerKind is the kind of organisation that holds or issues the form: a
// bank holds cash and issues letters, an insurer issues policies.
func (f GuaranteeForm) IssuerKind() OrgKind {
	if f == FormInsurance {
		return OrgInsurer
	}
	return OrgBank
}

// GuaranteeState is where a guarantee stands on a date.
type GuaranteeState string

const (
	GuaranteeNotYetValid GuaranteeState = "not_yet_valid" // an instrument whose validity has not begun
	GuaranteeActive      GuaranteeState = "active"
	GuaranteeExpiring    GuaranteeState = "expiring" // an instrument ending within the policy's reminder days
	GuaranteeExpired     GuaranteeState = "expired"
	GuaranteeDrawn       GuaranteeState = "drawn" // drawn down and not topped up: it covers less than its amount
	GuaranteeReleased    GuaranteeState = "released"
)

// GuaranteeWarningCode names a compliance fact kept with a lodged guarantee.
type GuaranteeWarningCode string

const (
	// WarnShorterThanYear: an instrument valid for less than the law's year.
	WarnShorterThanYear GuaranteeWarningCode = "shorter_than_a_year"
	// WarnShorterThanContract: an instrument that ends before the project's
	// planned completion (a renewal may begin after the project's start).
	WarnShorterThanContract GuaranteeWarningCode = "shorter_than_contract"
)

// GuaranteeWarning is a compliance fact about a lodged guarantee: it is
// accepted, kept, and shown.
type GuaranteeWarning struct {
	Code    GuaranteeWarningCode
	Message Msg
}

// word names the form in a sentence, in the reader's language.
func (f GuaranteeForm) word() Msg {
	switch f {
	case FormCash:
		return M("cash deposit")
	case FormBankLetter:
		return M("bank letter of guarantee")
	case FormInsurance:
		return M("guarantee insurance")
	}
	return Verbatim(string(f))
}

// WageGuarantee is one guarantee lodged for one project.
type WageGuarantee struct {
	ID          string
	ProjectID   string
	Form        GuaranteeForm
	Amount      Money
	IssuerID    string
	Reference   string
	ValidFrom   Date
	ValidUntil  *Date // nil for cash, which does not expire
	Warnings    []GuaranteeWarning
	EntryID     string // the deposit's entry, for cash
	Drawn       Money  // what its drawdowns take from its cover (DrawnOf)
	TopUpBy     *Date  // the latest drawdown's top-up deadline, if it was drawn on
	LastDrawnOn *Date  // the date of the latest drawdown, from which TopUpBy was counted
	ToppedUp    Money  // the sum of its top-ups (guarantee_topup.go)
	LastTopUpOn *Date  // the date of its latest top-up
	ReleasedOn  *Date
	ContentHash string
	CreatedAt   time.Time
}

// GuaranteeInput is a guarantee as lodged.
type GuaranteeInput struct {
	ProjectID  string
	Form       GuaranteeForm
	Amount     Money
	IssuerID   string
	Reference  string
	ValidFrom  Date
	ValidUntil *Date
}

// Normalize trims the free-text fields.
func (in *GuaranteeInput) Normalize() {
	in.ProjectID = strings.TrimSpace(in.ProjectID)
	in.IssuerID = strings.TrimSpace(in.IssuerID)
	in.Reference = strings.TrimSpace(in.Reference)
}

// Fingerprint is what a retry under the same reference must repeat.
func (in GuaranteeInput) Fingerprint() string {
	until := ""
	if in.ValidUntil != nil {
		until = in.ValidUntil.String()
	}
	return SHA256Hex([]byte(strings.Join([]string{in.ProjectID, string(in.Form), in.Amount.String(), in.IssuerID, in.Reference, in.ValidFrom.String(), until}, "\x1f")))
}

// LodgingFacts is what deciding a lodging reads from the records.
//
// Who may lodge for a project: any bank, for cash it holds or a letter it
// issued, and any insurer for its policy — not only the bank of the
// project's wage account. DOMAIN.md: the guarantee is a deposit at a bank, a
// bank letter or an insurance policy, and the contractor chooses its issuer,
// who may have no other relation to the project yet. So a bank key's
// lodging must be able to name a project it cannot otherwise see, and
// whether a project ID exists is told to it (project_id not_found, or its
// completion). That is acceptable because a project ID is not guessable
// (prj_ and 80 random bits, ledger.NewID): a bank learns of a project only
// from the contractor that asks it for the guarantee, and the project's
// code (which is guessable) is never accepted in its place nor told back.
type LodgingFacts struct {
	Project    *Project
	IssuerKind OrgKind // "" when the issuer does not exist
	MinMonths  int     // the policy's shortest validity of an instrument
	Today      Date
}

// DecideLodging checks a guarantee before it is lodged: every bad field is
// named at once. An instrument shorter than a year or than the contract is
// accepted with a warning (a compliance fact the nightly check reads), not
// refused: the bank has issued it already.
func DecideLodging(in GuaranteeInput, f LodgingFacts) ([]GuaranteeWarning, error) {
	var v Validation
	if !in.Form.Valid() {
		v.Add("form", "unknown", "form must be cash, bank_letter or insurance")
	}
	if in.Amount <= 0 {
		v.Add("amount", "not_positive", "a guarantee's amount must be more than zero")
	}
	switch {
	case in.IssuerID == "":
		v.Add("bank_id", "required", "bank_id (the bank that holds it, or the insurer of a policy) is required")
	case f.IssuerKind == "":
		v.Add("bank_id", "not_found", "organization %q does not exist", clip(in.IssuerID))
	case in.Form.Valid() && f.IssuerKind != in.Form.IssuerKind():
		v.Add("bank_id", "wrong_kind", "a %s is issued by an organisation of kind %s, and %s is of kind %s", in.Form.word(), in.Form.IssuerKind().Label(), clip(in.IssuerID), f.IssuerKind.Label())
	}
	if in.Reference == "" {
		v.Add("reference", "required", "reference (the issuer's own number for it) is required: it makes a retry safe")
	} else if len(in.Reference) > 100 {
		v.Add("reference", "too_long", "reference is at most 100 characters")
	}
	if in.ValidFrom.IsZero() {
		v.Add("valid_from", "required", "valid_from is required (YYYY-MM-DD)")
	} else if in.Form == FormCash && in.ValidFrom.After(f.Today) {
		v.Add("valid_from", "future", "cash is lodged when it is paid in: %s is in the future", in.ValidFrom)
	}
	switch {
	case in.Form.IsInstrument() && in.ValidUntil == nil:
		v.Add("valid_until", "required", "a %s has an end of validity: valid_until is required", in.Form.word())
	case in.ValidUntil != nil && !in.ValidFrom.IsZero() && !in.ValidUntil.After(in.ValidFrom):
		v.Add("valid_until", "before_start", "valid_until %s is not after valid_from %s", in.ValidUntil, in.ValidFrom)
	case in.ValidUntil != nil && in.Form == FormCash:
		v.Add("valid_until", "not_allowed", "cash does not expire: leave valid_until out")
	}
	if f.Project != nil && f.Project.Status == ProjectCompleted {
		// Named by the ID the caller gave: any bank or insurer may issue a
		// guarantee for a project (LodgingFacts), so the refusal tells it no
		// more of the project than that it is completed.
		v.Add("project_id", "completed", "project %s is completed: a guarantee is lodged while it runs", clip(in.ProjectID))
	}
	if err := v.Err("guarantee is not valid"); err != nil {
		return nil, err
	}
	if !in.Form.IsInstrument() {
		return nil, nil
	}
	return shortInstrumentWarnings(in, f), nil
}

// shortInstrumentWarnings: a letter is valid at least a year and not shorter
// than the contract (65号 第十条). Both ends of a letter's validity are days
// it covers: 2026-03-01 to 2027-02-28 is one year. A renewal starts after the
// project did: it must cover what remains of the contract from its own
// start, so only its end is set against the planned completion.
func shortInstrumentWarnings(in GuaranteeInput, f LodgingFacts) []GuaranteeWarning {
	var out []GuaranteeWarning
	lastDayOfYear := in.ValidFrom.addDate(0, f.MinMonths, 0).AddDays(-1)
	if in.ValidUntil.Before(lastDayOfYear) {
		out = append(out, GuaranteeWarning{Code: WarnShorterThanYear, Message: M(
			"the %s is valid from %s to %s, less than the %d {month|months} the law asks (to %s)", in.Form.word(), in.ValidFrom, in.ValidUntil, f.MinMonths, lastDayOfYear)})
	}
	if p := f.Project; p != nil && in.ValidUntil.Before(p.PlannedCompletionOn) {
		from := p.StartedOn
		if in.ValidFrom.After(from) {
			from = in.ValidFrom
		}
		out = append(out, GuaranteeWarning{Code: WarnShorterThanContract, Message: M(
			"the %s is valid from %s to %s, shorter than the contract it must cover from %s to %s", in.Form.word(), in.ValidFrom, in.ValidUntil, from, p.PlannedCompletionOn)})
	}
	return out
}

// Cover is what one guarantee counts towards a project's coverage on a date.
type Cover struct {
	Guarantee *WageGuarantee
	State     GuaranteeState
	Counts    Money       // cash: what the books hold; an instrument: amount less drawn, while valid
	TopUp     TopUpStatus // against the latest drawdown's top-up deadline ("" when never drawn)
	// TopUpNote says why the top-up deadline may still move (a year it was
	// counted over has no State Council notice); empty when it may not.
	TopUpNote Msg
}

// TopUpDeadline is g's top-up deadline with its explanation over the
// working days counted from its latest drawdown; zero when never drawn.
func (c *Calendar) TopUpDeadline(g *WageGuarantee) Deadline {
	if g.TopUpBy == nil {
		return Deadline{}
	}
	from := *g.TopUpBy
	if g.LastDrawnOn != nil {
		from = *g.LastDrawnOn
	}
	return c.Explain(from, *g.TopUpBy)
}

// CoverOf judges one guarantee on a date. cashHeld is the balance of its
// guarantee/<id> account (cash only); expiringDays is the policy's reminder.
// It counts its amount and top-ups less what drawdowns take (DrawnOf) —
// for cash no more than the books hold — and is drawn while that is below
// the amount lodged: topped up to it, it is active again.
func CoverOf(g *WageGuarantee, cashHeld Money, on Date, expiringDays int) Cover {
	c := coverOf(g, cashHeld, on, expiringDays)
	if c.State != GuaranteeReleased {
		c.TopUp = TopUpStatusOf(g, c.Counts, on)
	}
	return c
}

func coverOf(g *WageGuarantee, cashHeld Money, on Date, expiringDays int) Cover {
	c := Cover{Guarantee: g, State: GuaranteeActive}
	left := max(g.Amount+g.ToppedUp-g.Drawn, 0)
	switch {
	case g.ReleasedOn != nil:
		c.State = GuaranteeReleased
		return c
	case g.Form == FormCash:
		c.Counts = max(min(cashHeld, left), 0)
		if c.Counts < g.Amount {
			c.State = GuaranteeDrawn
		}
		return c
	case g.ValidFrom.After(on):
		c.State = GuaranteeNotYetValid
		return c
	case g.ValidUntil != nil && g.ValidUntil.Before(on):
		c.State = GuaranteeExpired
		return c
	}
	c.Counts = left
	switch {
	case c.Counts < g.Amount:
		c.State = GuaranteeDrawn
	case g.ValidUntil != nil && !g.ValidUntil.After(on.AddDays(expiringDays)):
		c.State = GuaranteeExpiring
	}
	return c
}

// Coverage is a project's required guarantee against what it holds.
type Coverage struct {
	Required  RequiredGuarantee
	Held      Money
	Shortfall Money
	Covers    []Cover
}

// CoverageOf sums the covers against the required amount.
func CoverageOf(required RequiredGuarantee, covers []Cover) Coverage {
	c := Coverage{Required: required, Covers: covers}
	for _, cv := range covers {
		c.Held += cv.Counts
	}
	c.Shortfall = max(required.Amount-c.Held, 0)
	return c
}
