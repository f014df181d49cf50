package ledger

import (
	"cmp"
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
	// LapsedOn is the night the order was found lapsed, with what was
	// unpaid then (the basis of the extra compensation, LSIR Art. 26).
	LapsedOn      Date
	UnpaidAtLapse Money
	ClosedOn      Date // complied or settled on
	Note          string
	IssuedBy      string
}

// PayOrderInput is an inspector's order as asked for: a deadline (zero: the
// policy's default number of working days from today) and a note.
type PayOrderInput struct {
	Deadline Date
	Note     string
	On       Date // today, Asia/Shanghai
	Actor    string
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
// after today, or defaultDays working days from today. An alert with
// nothing owed behind it is a conflict: there is nothing to order paid.
func NewPayOrder(a Alert, owed []OwedWages, in PayOrderInput, defaultDays int, cal *Calendar) (PayOrder, error) {
	s, ok := ParseSubject(a.Key.Subject)
	if !ok || s.Kind != SubjectEmployer || a.Stream() != StreamArrears {
		return PayOrder{}, Errorf(EConflict, "alert %s is not about an employer's unpaid wages: an order to pay names an employer", a.ID)
	}
	in.Note = strings.TrimSpace(in.Note)
	if err := CheckNote("note", in.Note, MaxOrderNote, false); err != nil {
		return PayOrder{}, err
	}
	deadline := in.Deadline
	if deadline.IsZero() {
		deadline = cal.AddWorkingDays(in.On, defaultDays)
	} else if !deadline.After(in.On) {
		var v Validation
		v.Add("deadline", "too_early", "the deadline %s must be after today, %s", deadline, in.On)
		return PayOrder{}, v.Err("the order is not valid")
	}
	o := PayOrder{ProjectID: a.ProjectID, AlertID: a.ID, EmployerID: s.ID, Status: OrderIssued, IssuedOn: in.On, Deadline: deadline,
		Note: in.Note, IssuedBy: in.Actor}
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

// ReviewPayOrder is what the books as of asOf make of an order: each line's
// unpaid rest is what the books still owe on it (never more than ordered);
// a live order with nothing unpaid is complied, one past its deadline with
// wages unpaid has lapsed; a lapsed order paid in full is settled. Complied
// and settled orders stay as they are. changed says whether anything moved.
func ReviewPayOrder(o PayOrder, owed []OwedWages, asOf Date) (PayOrder, bool) {
	if o.Status == OrderComplied || o.Status == OrderSettled || asOf.Before(o.IssuedOn) {
		return o, false // paid, or a night before it was issued
	}
	before := o
	books := owedIndex(owed)
	o.Lines = slices.Clone(o.Lines)
	o.Unpaid = 0
	for i := range o.Lines {
		l := &o.Lines[i]
		l.Unpaid = min(l.Amount, max(books[orderKey{l.EnrolmentID, l.Period}].Amount, 0))
		o.Unpaid += l.Unpaid
	}
	switch {
	case o.Unpaid == 0 && o.Status == OrderIssued:
		o.Status, o.ClosedOn = OrderComplied, asOf
	case o.Unpaid == 0 && o.Status == OrderLapsed:
		o.Status, o.ClosedOn = OrderSettled, asOf
	case o.Status == OrderIssued && asOf.After(o.Deadline):
		o.Status, o.LapsedOn, o.UnpaidAtLapse = OrderLapsed, asOf, o.Unpaid
	}
	return o, !slices.Equal(o.Lines, before.Lines) || o.Status != before.Status || o.Unpaid != before.Unpaid
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
