package ledger

import (
	"math/bits"
	"strconv"
)

// CheckFacts are the facts of one project that the nightly rules read, as
// of AsOf. The service reads them with set-based queries per project; facts
// dated after AsOf (a payment settled later, an allocation received later)
// may be included: the rules take every fact by its business date, so a
// late bank report is still the truth about its day.
type CheckFacts struct {
	AsOf       Date
	Project    CheckProject
	Enrolments []EnrolmentFact
	Attendance []AttendanceFact
	Payrolls   []PayrollFact
	Lines      []LineFact
	Payments   []PaymentFact
	// Allocations are the owner's labour-cost allocations into the wage
	// account (bank inflows).
	Allocations []AllocationFact
	Guarantees  GuaranteeFacts
	// Orders are inspectors' orders to pay (rectification orders on arrears
	// alerts), for the blacklist rule.
	Orders []PayOrderFact
	// Complaints are the project's complaints, which raise the arrears
	// alerts they name (RaiseForComplaints).
	Complaints []ComplaintFact
	// Safety are the work-injury policies and operation certificates.
	Safety SafetyFacts
}

// CheckProject is what the rules need of the project itself.
type CheckProject struct {
	ID          string
	RegionCode  string
	StartedOn   Date
	CompletedOn Date // zero while the project runs
	// PayRule is the project's agreed pay day and pay month (当期/次期).
	PayRule PayRule
	// LabourCostCycle is the owner's allocation cycle (monthly when zero).
	LabourCostCycle LabourCostCycle
}

// ActiveOn reports whether the project has started and not completed on d.
func (p CheckProject) ActiveOn(d Date) bool {
	return !p.StartedOn.After(d) && (p.CompletedOn.IsZero() || p.CompletedOn.After(d))
}

// EnrolmentFact is one worker's enrolment on the project.
type EnrolmentFact struct {
	ID         string
	WorkerID   string // the person: two enrolments of one person are one worker
	EmployerID string
	EnteredOn  Date
	ExitedOn   Date   // zero while on the project
	CardIndex  string // the blind index of the current bank card
	TradeCode  TradeCode
}

// onProjectIn reports whether the enrolment overlaps period p.
func (e EnrolmentFact) onProjectIn(p Period) bool {
	return !e.EnteredOn.After(p.Last()) && (e.ExitedOn.IsZero() || !e.ExitedOn.Before(p.First()))
}

// wholeMonth reports whether the enrolment covers every day of p.
func (e EnrolmentFact) wholeMonth(p Period) bool {
	return !e.EnteredOn.After(p.First()) && (e.ExitedOn.IsZero() || !e.ExitedOn.Before(p.Last()))
}

// AttendanceFact is one enrolment's attendance in one period: a rollup of
// its days (the raw days stay the evidence).
type AttendanceFact struct {
	EnrolmentID string
	Period      Period
	Days        int
	// LastOn is the month's last day worked up to the check's date; zero
	// when not read (the safety rules then judge the check's date).
	LastOn Date
	// Worked are the days worked, bit d-1 for day d; zero when not read
	// (the safety rules then judge LastOn alone).
	Worked uint32
}

func (a AttendanceFact) ref() string { return a.EnrolmentID + "@" + a.Period.String() }

// AttendanceOfDays is an enrolment's month of attendance as the days
// worked (bit d-1 for day d): how many, and the last. The rollup
// (attendance_months) keeps both besides, counted from the same days; the
// nightly check reads the days alone, as the server writing the other two
// as text cost a quarter of the read.
func AttendanceOfDays(enrolmentID string, period Period, worked uint32) AttendanceFact {
	a := AttendanceFact{EnrolmentID: enrolmentID, Period: period, Days: bits.OnesCount32(worked), Worked: worked}
	if worked != 0 {
		a.LastOn = period.First().AddDays(31 - bits.LeadingZeros32(worked)) // the highest bit set, d-1
	}
	return a
}

// PayrollFact is one payroll of the project.
type PayrollFact struct {
	ID          string
	EmployerID  string
	Period      Period
	Kind        PayrollKind
	Status      PayrollStatus
	SubmittedOn Date
	ApprovedOn  Date // the business date of approval; zero when not approved
}

// live reports whether the payroll exists as of d: submitted by then and
// not rejected or replaced. (A payroll rejected after d counts as never
// submitted: the rejection's date is not among the facts.)
func (p PayrollFact) live(d Date) bool {
	return (p.Status == PayrollSubmitted || p.Status == PayrollApproved) && !p.SubmittedOn.After(d)
}

func (p PayrollFact) approvedBy(d Date) bool {
	return p.Status == PayrollApproved && !p.ApprovedOn.IsZero() && !p.ApprovedOn.After(d)
}

// LineFact is one line of a payroll: what one worker is owed for a period.
type LineFact struct {
	PayrollID   string
	LineNo      int
	EnrolmentID string
	Gross       Money
	Net         Money
	EntryID     string // the approval entry that posted it to wages_payable/<enrolment>
	// AdvanceOf is what a line of an advance payroll pays: AdvanceOwed lines
	// pay wages other lines owe (what they pay counts towards those lines),
	// AdvanceNewWork lines are owed themselves; AdvanceNone elsewhere.
	AdvanceOf AdvanceOf
}

func (l LineFact) ref() string { return l.PayrollID + "#" + strconv.Itoa(l.LineNo) }

// PaymentFact is one bank result for a payment instruction of a line:
// paid, failed or returned (退票), on its settlement date.
type PaymentFact struct {
	PayrollID      string
	LineNo         int
	InstructionID  string
	ConfirmationID string
	EntryID        string // the entry that moved the money, when money moved
	Status         ConfirmationStatus
	Amount         Money
	SettledOn      Date
	// FromGuarantee: paid by a guarantee drawdown, not from the wage
	// account (a drawdown's payment is read once as itself and once per
	// line it took over; neither moves the wage account).
	FromGuarantee bool
}

// AllocationFact is one labour-cost allocation into the wage account.
type AllocationFact struct {
	ID         string
	Amount     Money
	ReceivedOn Date // the bank's credit date: the money is there from then
	// AllocatedOn is the owner's allocation date, when the bank reported
	// it; zero otherwise.
	AllocatedOn Date
}

// cycleDate is the date the allocation counts for the labour-cost cycle:
// the owner's allocation date when given, else the day it was received.
func (a AllocationFact) cycleDate() Date {
	if !a.AllocatedOn.IsZero() {
		return a.AllocatedOn
	}
	return a.ReceivedOn
}

// GuaranteeFacts are the project's wage guarantees (the guarantees table,
// its drawdowns) and what is required.
type GuaranteeFacts struct {
	// Known says the project's guarantees were read; false keeps the four
	// guarantee rules quiet rather than reporting the project unguaranteed.
	Known bool
	// Required is the amount the project must hold; zero when not known,
	// which keeps guarantee_short quiet.
	Required Money
	// Exempt is a valid exemption from the guarantee.
	Exempt bool
	// Sizing, when given, sizes Required and Exempt by the policy the rules
	// run under (Policy.RequiredGuarantee), so a back-test under another
	// policy sizes under that one.
	Sizing *SizingInput
	Held   []GuaranteeFact
}

// sizedBy is g with Required and Exempt sized by p when g has a sizing
// input. A contract the sizing refuses (no amount) leaves Required zero,
// which keeps guarantee_short quiet rather than guessing.
func (g GuaranteeFacts) sizedBy(p *Policy) GuaranteeFacts {
	if g.Sizing == nil || p == nil {
		return g
	}
	if r, err := p.RequiredGuarantee(*g.Sizing); err == nil {
		g.Required, g.Exempt = r.Amount, g.Exempt || r.Exempt
	}
	return g
}

// GuaranteeFact is one guarantee lodged for the project.
type GuaranteeFact struct {
	ID string
	// Letter marks an instrument (a bank letter, an insurance policy),
	// which expires; a cash deposit does not.
	Letter     bool
	Amount     Money
	ValidFrom  Date
	ValidUntil Date // zero: open-ended (a cash deposit)
	Released   bool // returned at completion: no longer held
	Movements  []GuaranteeMovement
}

// GuaranteeMovement is a drawdown (negative) or a top-up (positive) of a
// guarantee on a date.
type GuaranteeMovement struct {
	ID     string
	On     Date
	Amount Money
	// TopUpBy is the top-up deadline a drawdown recorded when it was
	// decided; zero: the policy's working days from On.
	TopUpBy Date
}

// validOn reports whether the guarantee counts on d.
func (g GuaranteeFact) validOn(d Date) bool {
	return !g.Released && !g.ValidFrom.After(d) && (g.ValidUntil.IsZero() || !g.ValidUntil.Before(d))
}

// heldOn is what the guarantee covers on d: its amount with every movement
// up to d, zero when it is not valid that day.
func (g GuaranteeFact) heldOn(d Date) Money {
	if !g.validOn(d) {
		return 0
	}
	held := g.Amount
	for _, m := range g.Movements {
		if !m.On.After(d) {
			held += m.Amount
		}
	}
	return max(held, 0)
}

// heldOn is what all the project's guarantees cover on d.
func (g GuaranteeFacts) heldOn(d Date) Money {
	var sum Money
	for _, x := range g.Held {
		sum += x.heldOn(d)
	}
	return sum
}

// PayOrderFact is an inspector's order to pay an employer's arrears by a
// deadline (an alert under rectification).
type PayOrderFact struct {
	AlertID    string
	EmployerID string
	Deadline   Date
}
