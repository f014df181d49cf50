package ledger

import (
	"cmp"
	"math/big"
	"slices"
	"strings"
)

// Orders to pay (限期支付令, DOMAIN.md "Complaints, orders to pay, and what
// follows"): an inspector's order_rectification on an arrears alert about an
// employer becomes a dated order naming the employer, the workers and what
// each is owed, prefilled from the books. The books pay it down: an order
// whose lines are paid is complied; one whose deadline passes with wages
// unpaid has lapsed, and the law's next steps open (ProposeNextSteps).

// PrefixPayOrder names an order to pay; PrefixOrderDecision an inspector's
// decision on a lapsed one.
const (
	PrefixPayOrder      = "ord"
	PrefixOrderDecision = "odc"
)

// PayOrderStatus is where an order to pay stands.
type PayOrderStatus string

// Order statuses. Issued orders are live; complied and settled are paid
// (by the deadline, or after it lapsed); a lapsed order is past its
// deadline with wages still unpaid.
const (
	OrderIssued   PayOrderStatus = "issued"
	OrderComplied PayOrderStatus = "complied"
	OrderLapsed   PayOrderStatus = "lapsed"
	OrderSettled  PayOrderStatus = "settled"
)

// Label is the status as a person reads it (catalogued as
// order.status.<status>).
func (s PayOrderStatus) Label() Msg {
	switch s {
	case OrderIssued, OrderComplied, OrderLapsed, OrderSettled:
		return Msg{Key: "order.status." + string(s)}
	}
	return Verbatim(string(s)) // an unknown value reads as it is
}

// PayOrderLine is what the order tells the employer to pay one worker for
// one month, and what of it the books still show unpaid.
type PayOrderLine struct {
	EnrolmentID string
	Name        string
	Period      Period
	Amount      Money // ordered
	Unpaid      Money // of Amount, still owed in the books when last reviewed
}

// PayOrder is one order to pay.
type PayOrder struct {
	ID         string
	ProjectID  string
	AlertID    string
	EmployerID string
	Status     PayOrderStatus
	IssuedOn   Date
	Deadline   Date
	Lines      []PayOrderLine
	Amount     Money // the sum ordered
	Unpaid     Money // the sum still unpaid when last reviewed
	// LapsedOn is the day after the deadline when wages were unpaid at its
	// end, with what was unpaid then (the basis of the extra compensation,
	// LSIR Art. 26).
	LapsedOn      Date
	UnpaidAtLapse Money
	ClosedOn      Date // complied or settled on
	// GeneralContractorID is the project's general contractor when the
	// order is issued to its subcontractor: the order binds it to pay
	// first (先行清偿, REG Art. 30), which opens its guarantee to a
	// drawdown once the order lapsed. "" when the employer is the general
	// contractor itself.
	GeneralContractorID string
	Note                string
	IssuedBy            string
	// DeadlineWorkingDays are the working days the deadline was counted
	// from IssuedOn (the policy's default); 0 when the inspector gave the
	// date, which is a date and is never counted again (nor provisional).
	DeadlineWorkingDays int
	// DeadlineProvisional is set on reading, under the calendar as loaded
	// (PayOrder.ProvisionalUnder): not stored.
	DeadlineProvisional bool
}

// ProvisionalUnder says whether the order's deadline is provisional under
// cal: it was counted in working days across a year whose State Council
// holiday notice is not in the calendar (its statutory holidays counted,
// its bridging days off and make-up working days not), and the order is
// still running. A date the inspector gave is not counted, and an order no
// longer issued has no deadline in force.
func (o PayOrder) ProvisionalUnder(cal *Calendar) bool {
	return o.Status == OrderIssued && o.DeadlineWorkingDays > 0 && cal.Explain(o.IssuedOn, o.Deadline).Provisional
}

// RecomputeOrderDeadline counts o's deadline again under cal, from its
// issue, and reports whether it moved: only a running order's counted
// deadline that has not lapsed (today is not after it). It never moves the
// deadline before today: an employer told a date keeps at least until
// today to pay, and an order lapses only by the nightly review. A count
// that is itself provisional under cal is no better than the one kept, and
// moves nothing: a process whose calendar lacks a notice (an older binary,
// a serve started without the policy file a wageguard check was run with)
// would otherwise count back a deadline a better-informed one had counted.
func RecomputeOrderDeadline(o PayOrder, cal *Calendar, today Date) (PayOrder, bool) {
	if o.Status != OrderIssued || o.DeadlineWorkingDays <= 0 || today.After(o.Deadline) {
		return o, false
	}
	d := cal.AddWorkingDays(o.IssuedOn, o.DeadlineWorkingDays)
	if cal.Explain(o.IssuedOn, d).Provisional {
		return o, false
	}
	if d.Before(today) {
		d = today
	}
	moved := d != o.Deadline
	o.Deadline = d
	return o, moved
}

// MoveOrderedDeadline moves alert a's rectification deadline with its
// order's (orderID), counted again from was to now (RecomputeOrderDeadline)
// on day on, and reports whether it moved, with the alert's history entry
// saying so (EventDeadlineMoved, the system's, the deadline before and
// after): the nightly check reads the alert's deadline, not the order's
// (the lapse that raises the alert's severity, the lapsed order that makes
// a blacklist candidate), so a stale one would fire a night early or late,
// and an inspector reading the alert sees when and why its date changed.
// Only an alert still under the order's rectification deadline moves: one
// reopened, escalated or given another date since is no longer the
// order's to move.
func MoveOrderedDeadline(a Alert, orderID string, was, now, on Date) (Alert, AlertEvent, bool) {
	if a.Status != AlertRectificationOrdered || a.Deadline != was || was == now {
		return a, AlertEvent{}, false
	}
	a.Deadline = now
	note := M("the rectification deadline moved with order %s's, counted again on the working-day calendar as loaded: %s, was %s", orderID, now, was)
	return a, AlertEvent{AlertID: a.ID, On: on, Kind: EventDeadlineMoved, Actor: SystemActor, Note: note.Encode(),
		Severity: a.Severity, RuleSeverity: a.RuleSeverity, Amount: a.AmountAtRisk, Deadline: now, PreviousDeadline: was}, true
}

// PayOrderInput is an inspector's order as asked for: a deadline (zero: the
// policy's default number of working days from today) and a note.
type PayOrderInput struct {
	// GeneralContractorID is the project's general contractor: bound to
	// pay first when the employer is its subcontractor.
	GeneralContractorID string
	Deadline            Date
	Note                string
	On                  Date // today, Asia/Shanghai
	Actor               string
}

// MaxOrderNote bounds an order's and a decision's note.
const MaxOrderNote = 2000

// accountRef parses an EvidenceAccount ref, "wages_payable/<enrolment>@<period>".
func accountRef(ref string) (string, Period, bool) {
	rest, ok := strings.CutPrefix(ref, string(WagesPayable)+"/")
	if !ok {
		return "", Period{}, false
	}
	enr, p, ok := strings.Cut(rest, "@")
	if !ok {
		return "", Period{}, false
	}
	period, err := ParsePeriod(p)
	return enr, period, err == nil && enr != ""
}

// Orderable reports whether an order_rectification on alert a is an order
// to pay: an arrears alert about an employer with workers' accounts behind
// it. Other rectifications (a payroll to submit, a card to correct) order
// no money.
func Orderable(a Alert) bool {
	s, ok := ParseSubject(a.Key.Subject)
	if !ok || s.Kind != SubjectEmployer || a.Stream() != StreamArrears {
		return false
	}
	for _, e := range a.Evidence {
		if _, _, ok := accountRef(e.Ref); ok && e.Kind == EvidenceAccount {
			return true
		}
	}
	return false
}

// NewPayOrder decides the order an inspector's order_rectification on alert
// a makes: the alert must be an arrears alert about an employer; its lines
// are the workers' accounts behind the alert (its account evidence) with
// what the books still owe on each (owed). The deadline is the one given,
// after today and at most maxDays working days from today, or defaultDays
// working days from today. An alert with
// nothing owed behind it is a conflict: there is nothing to order paid.
func NewPayOrder(a Alert, owed []OwedWages, in PayOrderInput, defaultDays, maxDays int, cal *Calendar) (PayOrder, error) {
	s, ok := ParseSubject(a.Key.Subject)
	if !ok || s.Kind != SubjectEmployer || a.Stream() != StreamArrears {
		return PayOrder{}, Errorf(EConflict, "alert %s is not about an employer's unpaid wages: an order to pay names an employer", a.ID)
	}
	in.Note = strings.TrimSpace(in.Note)
	if err := CheckNote("note", in.Note, MaxOrderNote, false); err != nil {
		return PayOrder{}, err
	}
	deadline, counted := in.Deadline, 0
	if deadline.IsZero() {
		deadline, counted = cal.AddWorkingDays(in.On, defaultDays), defaultDays
	} else if !deadline.After(in.On) {
		var v Validation
		v.Add("deadline", "too_early", "the deadline %s must be after today, %s", deadline, in.On)
		return PayOrder{}, v.Err("the order is not valid")
	} else if latest := cal.AddWorkingDays(in.On, maxDays); deadline.After(latest) {
		var v Validation
		v.Add("deadline", "too_late", "the deadline %s is more than %d working {day|days} away: %s at the latest", deadline, maxDays, latest)
		return PayOrder{}, v.Err("the order is not valid")
	}
	o := PayOrder{ProjectID: a.ProjectID, AlertID: a.ID, EmployerID: s.ID, Status: OrderIssued, IssuedOn: in.On, Deadline: deadline,
		Note: in.Note, IssuedBy: in.Actor, DeadlineWorkingDays: counted}
	if in.GeneralContractorID != s.ID {
		o.GeneralContractorID = in.GeneralContractorID
	}
	books := owedIndex(owed)
	for _, e := range a.Evidence {
		enr, p, ok := accountRef(e.Ref)
		if e.Kind != EvidenceAccount || !ok {
			continue
		}
		if w, ok := books[orderKey{enr, p}]; ok && w.Amount > 0 {
			o.Lines = append(o.Lines, PayOrderLine{EnrolmentID: enr, Name: w.Name, Period: p, Amount: w.Amount, Unpaid: w.Amount})
			o.Amount += w.Amount
		}
	}
	if len(o.Lines) == 0 {
		return PayOrder{}, Errorf(EConflict, "the books owe nothing behind alert %s: there is nothing to order paid", a.ID)
	}
	slices.SortFunc(o.Lines, func(x, y PayOrderLine) int {
		return cmp.Or(cmp.Compare(x.EnrolmentID, y.EnrolmentID), cmp.Compare(x.Period.String(), y.Period.String()))
	})
	o.Unpaid = o.Amount
	return o, nil
}

type orderKey struct {
	enrolment string
	period    Period
}

func owedIndex(owed []OwedWages) map[orderKey]OwedWages {
	m := make(map[orderKey]OwedWages, len(owed))
	for _, w := range owed {
		m[orderKey{w.EnrolmentID, w.Period}] = w
	}
	return m
}

// OrderBooks are the books an order is reviewed against: what was owed as
// of its deadline and as of the night of the review, each counting the
// bank's payments and returns by the day they settled (their entries'
// effective date), never by the day they were recorded.
type OrderBooks struct {
	AtDeadline []OwedWages
	AsOf       []OwedWages
}

// unpaidUnder is each line's unpaid rest under owed (never more than
// ordered) and their sum.
func unpaidUnder(lines []PayOrderLine, owed []OwedWages) ([]PayOrderLine, Money) {
	books := owedIndex(owed)
	out := slices.Clone(lines)
	var sum Money
	for i := range out {
		l := &out[i]
		l.Unpaid = min(l.Amount, max(books[orderKey{l.EnrolmentID, l.Period}].Amount, 0))
		sum += l.Unpaid
	}
	return out, sum
}

// ReviewPayOrder is what the books make of an order on night asOf. It is
// judged by the days the bank settled the payments, whenever the books
// are read: an order whose wages were paid by its deadline is complied;
// one with wages unpaid at the end of its deadline day lapsed the next day
// (LapsedOn), with what was unpaid then as the basis of the extra
// compensation (UnpaidAtLapse, LSIR Art. 26); a lapsed order paid since is
// settled. A payment returned by the bank (退票) reopens a complied or
// settled order: issued again before the deadline, lapsed after it.
// changed says whether anything moved.
func ReviewPayOrder(o PayOrder, books OrderBooks, asOf Date) (PayOrder, bool) {
	if asOf.Before(o.IssuedOn) || asOf.Before(o.ClosedOn) || (o.Status == OrderLapsed && !asOf.After(o.Deadline)) {
		return o, false // a night before it was issued, or an earlier night run again after it was closed or lapsed
	}
	before := o
	o.Lines, o.Unpaid = unpaidUnder(o.Lines, books.AsOf)
	status, lapsedOn, atLapse := OrderIssued, Date{}, Money(0)
	if asOf.After(o.Deadline) {
		if _, atLapse = unpaidUnder(o.Lines, books.AtDeadline); atLapse == 0 {
			// Paid by the deadline and returned by the bank after it:
			// the order's wages are owed again, past the deadline.
			atLapse = o.Unpaid
		}
		if atLapse > 0 {
			status, lapsedOn = OrderLapsed, o.Deadline.AddDays(1)
		}
	}
	switch {
	case status == OrderIssued && o.Unpaid == 0:
		status = OrderComplied
	case status == OrderLapsed && o.Unpaid == 0:
		status = OrderSettled
	}
	o.Status, o.LapsedOn, o.UnpaidAtLapse = status, lapsedOn, atLapse
	switch {
	case status != OrderComplied && status != OrderSettled:
		o.ClosedOn = Date{}
	case before.Status != status || o.ClosedOn.IsZero():
		o.ClosedOn = asOf
	}
	return o, !slices.Equal(o.Lines, before.Lines) || o.Status != before.Status || o.Unpaid != before.Unpaid ||
		o.LapsedOn != before.LapsedOn || o.UnpaidAtLapse != before.UnpaidAtLapse || o.ClosedOn != before.ClosedOn
}

// LapsedUnpaid are the orders among orders that lapsed and are still
// unpaid, by deadline: the facts the blacklist's candidate rule starts from
// (DOMAIN.md: listed only after an order to pay has lapsed).
func LapsedUnpaid(orders []PayOrder) []PayOrder {
	var out []PayOrder
	for _, o := range orders {
		if o.Status == OrderLapsed && o.Unpaid > 0 {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b PayOrder) int {
		return cmp.Or(a.Deadline.Time().Compare(b.Deadline.Time()), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Binds reports whether the order binds general contractor gc to pay: it
// is the employer ordered, or bound to pay first for its subcontractor.
func (o PayOrder) Binds(gc string) bool {
	return gc != "" && (o.EmployerID == gc || o.GeneralContractorID == gc)
}

// PayeesFor shares amount among the workers the order leaves unpaid, in
// proportion to what each is owed under it (Payees), to the fen: the
// shares are rounded down and the fen left over go one each to the first
// workers. An amount of at least the unpaid rest pays everyone in full.
func (o PayOrder) PayeesFor(amount Money) []DrawdownPayee {
	all := o.Payees()
	var total Money
	for _, p := range all {
		total += p.Amount
	}
	if amount >= total || amount <= 0 {
		return all
	}
	out := make([]DrawdownPayee, 0, len(all))
	var given Money
	for _, p := range all {
		share := new(big.Int).Mul(big.NewInt(int64(p.Amount)), big.NewInt(int64(amount)))
		share.Quo(share, big.NewInt(int64(total)))
		out = append(out, DrawdownPayee{EnrolmentID: p.EnrolmentID, Amount: Money(share.Int64())})
		given += Money(share.Int64())
	}
	for i := 0; given < amount; i = (i + 1) % len(out) {
		if out[i].Amount < all[i].Amount {
			out[i].Amount++
			given++
		}
	}
	return slices.DeleteFunc(out, func(p DrawdownPayee) bool { return p.Amount == 0 })
}

// DrawdownScope are the order's lines still unpaid, each at what it leaves
// unpaid: a drawdown through the order pays these months and no others.
func (o PayOrder) DrawdownScope() []DrawdownLine {
	var out []DrawdownLine
	for _, l := range o.Lines {
		if l.Unpaid > 0 {
			out = append(out, DrawdownLine{EnrolmentID: l.EnrolmentID, Period: l.Period, Amount: l.Unpaid})
		}
	}
	return out
}

// Payees are the workers the order still leaves unpaid and what each is
// owed under it, summed over their months: a guarantee drawdown's payees.
func (o PayOrder) Payees() []DrawdownPayee {
	var out []DrawdownPayee
	at := map[string]int{}
	for _, l := range o.Lines {
		if l.Unpaid <= 0 {
			continue
		}
		if i, ok := at[l.EnrolmentID]; ok {
			out[i].Amount += l.Unpaid
			continue
		}
		at[l.EnrolmentID] = len(out)
		out = append(out, DrawdownPayee{EnrolmentID: l.EnrolmentID, Amount: l.Unpaid})
	}
	return out
}
