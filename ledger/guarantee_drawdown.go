package ledger

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Drawdown (DOMAIN.md "Wage-guarantee size", 65号 第十三、十四条): after an
// order to pay has lapsed, an inspector draws on the guarantee to pay named
// workers what they are owed. The issuer pays each worker's card within the
// policy's working days, and confirms it like any other instruction; the
// general contractor tops the guarantee up within its own working days.

// DrawdownPayee is one worker a drawdown pays, and how much.
type DrawdownPayee struct {
	EnrolmentID string
	Amount      Money
}

// DrawdownInput is an inspector's drawdown order.
type DrawdownInput struct {
	Amount      Money
	DecisionRef string // the inspector's written decision
	AlertID     string // the arrears alert it answers, once alerts exist
	Payees      []DrawdownPayee
	// Within, when given, are the only workers' months the drawdown may
	// pay, each at most its amount: an order to pay's unpaid lines, so that
	// a drawdown through the order pays the order and not older arrears.
	Within []DrawdownLine
}

// Normalize trims the references.
func (in *DrawdownInput) Normalize() {
	in.DecisionRef = strings.TrimSpace(in.DecisionRef)
	in.AlertID = strings.TrimSpace(in.AlertID)
	for i := range in.Payees {
		in.Payees[i].EnrolmentID = strings.TrimSpace(in.Payees[i].EnrolmentID)
	}
}

// Fingerprint is what a retry under the same decision reference must repeat.
func (in DrawdownInput) Fingerprint() string {
	parts := []string{in.Amount.String(), in.DecisionRef, in.AlertID}
	for _, p := range in.Payees {
		parts = append(parts, p.EnrolmentID, p.Amount.String())
	}
	for _, l := range in.Within {
		parts = append(parts, "within", l.EnrolmentID, l.Period.String(), l.Amount.String())
	}
	return SHA256Hex([]byte(strings.Join(parts, "\x1f")))
}

// DrawdownFacts is what deciding a drawdown reads from the records.
type DrawdownFacts struct {
	Cover Cover // the guarantee as it stands today
	// Owed is every worker and period of the project with wages unpaid in
	// the books; InFlight what earlier drawdowns' unconfirmed instructions
	// will pay, by enrolment and period. Only the periods whose pay day
	// under PayRule is before Today are arrears a drawdown may pay.
	Owed     []OwedWages
	InFlight map[string]map[Period]Money
	PayRule  PayRule // the project's pay rule (Project.PayRuleOf)
	Today    Date
	Calendar *Calendar
	PayDays  int // the policy's working days for the issuer to pay
	TopUp    int // the policy's working days for the contractor to top up
}

// DrawdownLine is one payment instruction a drawdown issues: what one
// worker is paid for one period.
type DrawdownLine struct {
	EnrolmentID string
	Period      Period
	Amount      Money
}

// DrawdownPlan is what a drawdown does.
type DrawdownPlan struct {
	Lines    []DrawdownLine // oldest unpaid periods first, worker by worker
	PaidFrom Account        // guarantee/<id> for cash, guarantee_claims/<id> for an instrument
	PayBy    Deadline       // the issuer pays by then
	TopUpBy  Deadline       // the contractor tops the guarantee up by then
}

// DecideDrawdown checks a drawdown against the guarantee and the arrears and
// plans its instructions: each payee at most what the worker is owed for
// periods whose pay day has passed (arrears, 65号 第十三条: the guarantee
// answers for wages not paid when due, not for wages not yet due), less
// what earlier drawdowns are paying, the payees
// summing to the amount, the amount at most what the guarantee still
// covers. Every bad field is named; a guarantee that cannot be drawn is a
// conflict.
func DecideDrawdown(g *WageGuarantee, in DrawdownInput, f DrawdownFacts) (DrawdownPlan, error) {
	switch f.Cover.State {
	case GuaranteeReleased, GuaranteeExpired, GuaranteeNotYetValid:
		return DrawdownPlan{}, Errorf(EConflict, "guarantee %s is %s: it cannot be drawn on", g.Reference, f.Cover.State.Label())
	}
	arrears, notDue := f.arrears()
	owed := owedByWorker(arrears, f.InFlight)
	if in.Within != nil {
		owed = owedWithin(owed, in.Within)
	}
	names := workerNames(f.Owed)
	var v Validation
	if in.DecisionRef == "" {
		v.Add("decision_ref", "required", "decision_ref (the inspector's written decision) is required")
	} else if utf8.RuneCountInString(in.DecisionRef) > MaxDecisionRef {
		v.Add("decision_ref", "too_long", "decision_ref is at most 100 characters")
	}
	if in.Amount <= 0 {
		v.Add("amount", "not_positive", "a drawdown's amount must be more than zero")
	} else if in.Amount > f.Cover.Counts {
		v.Add("amount", "exceeds_cover", "¥%s is more than the guarantee still covers, ¥%s", in.Amount, f.Cover.Counts)
	}
	if len(in.Payees) == 0 {
		v.Add("payees", "required", "a drawdown names the workers it pays")
	}
	var sum Money
	var lines []DrawdownLine
	seen := map[string]bool{}
	for i, p := range in.Payees {
		field := fmt.Sprintf("payees[%d]", i)
		sum += p.Amount
		total, who := owed[p.EnrolmentID].total(), names.of(p.EnrolmentID)
		switch {
		case seen[p.EnrolmentID]:
			v.Add(field+".enrolment_id", "duplicate", "%s is named twice: give one amount per worker", who)
		case p.Amount <= 0:
			v.Add(field+".amount", "not_positive", "a payee's amount must be more than zero")
		case total == 0 && notDue[p.EnrolmentID].Amount > 0:
			nd := notDue[p.EnrolmentID]
			v.Add(field+".enrolment_id", "not_due", "%s is owed nothing past its pay day: the ¥%s unpaid falls due on %s at the earliest, and a drawdown pays arrears only", who, nd.Amount, nd.Due)
		case total == 0:
			v.Add(field+".enrolment_id", "not_owed", "%s is owed nothing unpaid on this project", who)
		case p.Amount > total:
			v.Add(field+".amount", "exceeds_owed", "¥%s is more than %s is owed for periods past their pay day, ¥%s", p.Amount, who, total)
		default:
			lines = append(lines, owed[p.EnrolmentID].oldestFirst(p.EnrolmentID, p.Amount)...)
		}
		seen[p.EnrolmentID] = true
	}
	if len(in.Payees) > 0 && in.Amount > 0 && sum != in.Amount {
		v.Add("amount", "sum_mismatch", "the payees' amounts sum to ¥%s, not the drawdown's ¥%s", sum, in.Amount)
	}
	if err := v.Err("drawdown is not valid"); err != nil {
		return DrawdownPlan{}, err
	}
	kind := Guarantee
	if g.Form.IsInstrument() {
		kind = GuaranteeClaims
	}
	return DrawdownPlan{Lines: lines, PaidFrom: Account{ProjectID: g.ProjectID, Kind: kind, Ref: g.ID},
		PayBy:   f.Calendar.Explain(f.Today, f.Calendar.AddWorkingDays(f.Today, f.PayDays)),
		TopUpBy: f.Calendar.Explain(f.Today, f.Calendar.AddWorkingDays(f.Today, f.TopUp))}, nil
}

// notYetDue is what a worker is owed for periods whose pay day has not
// passed, and the earliest of those pay days.
type notYetDue struct {
	Amount Money
	Due    Date
}

// arrears splits what is owed into the periods whose pay day (moved to the
// working day before a rest day) is before today — the arrears a drawdown
// may pay — and, by worker, what is not yet due.
func (f DrawdownFacts) arrears() ([]OwedWages, map[string]notYetDue) {
	var due []OwedWages
	notDue := map[string]notYetDue{}
	for _, o := range f.Owed {
		payDay := f.Calendar.PayDay(o.Period, f.PayRule)
		if payDay.Before(f.Today) {
			due = append(due, o)
			continue
		}
		n := notDue[o.EnrolmentID]
		if n.Due.IsZero() || payDay.Before(n.Due) {
			n.Due = payDay
		}
		n.Amount += o.Amount
		notDue[o.EnrolmentID] = n
	}
	return due, notDue
}

// workerNamesOf names the workers of owed for a refusal.
type workerNamesOf map[string]string

func workerNames(owed []OwedWages) workerNamesOf {
	out := workerNamesOf{}
	for _, o := range owed {
		if o.Name != "" {
			out[o.EnrolmentID] = o.Name
		}
	}
	return out
}

// of is the worker as a refusal names them: their name and enrolment, as
// the release does, or the enrolment alone when the books know no name
// for it (a payee who is owed nothing).
func (n workerNamesOf) of(enrolmentID string) Msg {
	if name, ok := n[enrolmentID]; ok {
		return M("%s (%s)", Verbatim(name), Verbatim(enrolmentID))
	}
	return Verbatim(clip(enrolmentID))
}

// workerArrears is one worker's unpaid periods, oldest first.
type workerArrears []OwedWages

func (w workerArrears) total() Money {
	var t Money
	for _, o := range w {
		t += o.Amount
	}
	return t
}

// oldestFirst spends amount on the worker's oldest unpaid periods first.
func (w workerArrears) oldestFirst(enrolmentID string, amount Money) []DrawdownLine {
	var out []DrawdownLine
	for _, o := range w {
		if amount == 0 {
			break
		}
		take := min(amount, o.Amount)
		out = append(out, DrawdownLine{EnrolmentID: enrolmentID, Period: o.Period, Amount: take})
		amount -= take
	}
	return out
}

// owedWithin keeps of each worker's arrears only the months within names,
// each at most its amount there.
func owedWithin(owed map[string]workerArrears, within []DrawdownLine) map[string]workerArrears {
	limit := map[string]map[Period]Money{}
	for _, l := range within {
		if limit[l.EnrolmentID] == nil {
			limit[l.EnrolmentID] = map[Period]Money{}
		}
		limit[l.EnrolmentID][l.Period] += l.Amount
	}
	out := map[string]workerArrears{}
	for enr, w := range owed {
		for _, o := range w {
			if o.Amount = min(o.Amount, limit[enr][o.Period]); o.Amount > 0 {
				out[enr] = append(out[enr], o)
			}
		}
	}
	return out
}

// owedByWorker groups what is owed by worker, oldest period first, less
// what earlier drawdowns are already paying.
func owedByWorker(owed []OwedWages, inFlight map[string]map[Period]Money) map[string]workerArrears {
	out := map[string]workerArrears{}
	for _, o := range owed {
		o.Amount -= inFlight[o.EnrolmentID][o.Period]
		if o.Amount > 0 {
			out[o.EnrolmentID] = append(out[o.EnrolmentID], o)
		}
	}
	for _, w := range out {
		sort.Slice(w, func(i, j int) bool { return w[i].Period.String() < w[j].Period.String() })
	}
	return out
}

// CheckReplay decides a drawdown whose decision reference is already on
// record on the guarantee with content of prevContentHash: the same content
// is a retry, already drawn (nil); other content a conflict.
func (in DrawdownInput) CheckReplay(prevContentHash string) error {
	if prevContentHash != in.Fingerprint() {
		return Errorf(EConflict, "decision %q was already drawn on this guarantee with different content", in.DecisionRef)
	}
	return nil
}
