// Package evidence builds and checks the evidence bundle an arbitrator gets
// for a worker's wage claim (the seed's green channel): one ZIP holding a
// statement in Chinese as PDF, the same facts as CSV, and a manifest of the
// files' SHA-256 sums tied to the audit chains' heads, signed with Ed25519;
// the whole archive is signed too, in the ZIP's comment, so that changing
// any byte of the file breaks a signature. Verify checks a bundle offline,
// with nothing but the file and the public key.
package evidence

import (
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// Statement is everything the bundle says about one worker's enrolment over
// a span of months.
type Statement struct {
	GeneratedAt time.Time
	From, To    ledger.Period
	Project     Project
	Employer    string // the employer's name
	Worker      Worker
	Attendance  []Day
	Months      []Month
	Lines       []Line
	Payments    []Payment
	Alerts      []Alert
	Orders      []Order
	Complaints  []Complaint
}

// Project is the project the worker is enrolled on.
type Project struct {
	ID, Code, Name, RegionCode string
}

// Worker is the enrolment, its identity number masked.
type Worker struct {
	EnrolmentID, Name, IDNumber, Trade, Team, ContractKind string
	ContractSignedOn, EnteredOn, ExitedOn                  ledger.Date
}

// Day is one day of attendance.
type Day struct {
	Date  ledger.Date
	Hours string
}

// Month is what was owed, paid and unpaid for one month.
type Month struct {
	Period             ledger.Period
	DueOn              ledger.Date
	Owed, Paid, Unpaid ledger.Money
}

// Line is one payroll line of the worker.
type Line struct {
	Period                 ledger.Period
	PayrollID              string
	LineNo                 int
	PayrollStatus          string
	DaysWorked, WorkHours  string
	Gross, Deductions, Net ledger.Money
	Paid                   ledger.Money
	PaymentStatus, Answer  string
	AnswerReason           string
	// Answer is the line's standing in every bundle. For the inspectors
	// (false and nil in a contractor's bundle, which gives the printed
	// link's reason alone and names no grant, LSIR Art. 9): EmployerCopy
	// says a confirmation through the printed copy alone counts as silent,
	// and Grants holds each link's answer.
	EmployerCopy bool
	Grants       *Grants
}

// Grants are the answers to a line through each grant of the worker's
// payslip link: the printed one the contractor issued and, when the
// inspectors gave one (DirectLink), the worker's own.
type Grants struct {
	Printed, PrintedReason string
	Direct, DirectReason   string
	DirectLink             bool
}

// Payment is one bank fact about the worker's pay.
type Payment struct {
	Period        ledger.Period
	InstructionID string
	Status        string
	Amount        ledger.Money
	BankRef       string
	SettledOn     ledger.Date
	Reason        string
	FromGuarantee bool
}

// Alert is an alert of the nightly check about the worker's wages, with an
// inspector's rectification order's deadline when one was given.
type Alert struct {
	ID, Rule, Period, Severity, Status string
	Amount                             ledger.Money
	Deadline                           ledger.Date
	Resolution                         ledger.Msg // why it was resolved; none while it is not
}

// Order is an inspector's order to pay (限期支付令) naming the worker: the
// worker's part of it and the decisions taken after it lapsed.
type Order struct {
	ID                 string
	Status             ledger.Msg // the order's status in words
	IssuedOn, Deadline ledger.Date
	Amount, Unpaid     ledger.Money // the worker's lines
	Decisions          []ledger.Msg // each decision after the lapse, in words
}

// Complaint is one of the worker's complaints.
type Complaint struct {
	ID, Status           string
	ReceivedOn, AcceptBy ledger.Date
	ConcludeBy           ledger.Date
	Note                 string
}

// Head is one audit chain's last record when the bundle was made.
type Head struct {
	Chain string `json:"chain"`
	Seq   int64  `json:"seq,omitempty"` // none in a bundle made for the employer's side (service.headsFor)
	Hash  string `json:"hash"`
}

// HeadHeld reports whether a chain head a manifest records is the audit
// trail's record at that place: found there (ok), with the same hash.
func HeadHeld(h Head, hash string, ok bool) bool {
	return ok && hash == h.Hash
}
