package ledger

import (
	"strings"
)

// Refusal codes of payroll submissions and lines.
const (
	RefuseNotRegistered     Refusal = "not_registered"
	RefuseNotRegisteredCard Refusal = "not_registered_card"
	RefuseControlTotal      Refusal = "control_total"
)

// FullMonthCentidays is the standard working month (21.75 days) that makes a
// line "a full month" for the minimum-wage warning.
const FullMonthCentidays = 2175

// FullMonth is the attendance, in hundredths of a day, that makes period a
// full month for the minimum wage: the standard month (21.75 days), or every
// working day of the period when it has fewer. The 21.75 days of 劳社部发
// 〔2008〕3号 are (365 − 104) / 12 and count the statutory holidays as paid
// days, so a worker present on every working day of a month with holidays
// (May, October: 19–20 days) worked a full month too.
func FullMonth(cal *Calendar, period Period, standard int) int {
	if cal == nil {
		return standard
	}
	return min(standard, 100*cal.WorkingDaysBetween(period.First().AddDays(-1), period.Last()))
}

// CheckPayrollKind reads a payroll's kind: regular when not given.
func CheckPayrollKind(s string) (PayrollKind, *FieldError) {
	switch k := PayrollKind(strings.TrimSpace(s)); k {
	case "":
		return PayrollRegular, nil
	case PayrollRegular, PayrollSupplementary, PayrollAdvance:
		return k, nil
	}
	f := RefuseUnknown.At(0, "kind", "kind is regular, supplementary (补发) or advance (the general contractor's 先行清偿)")
	return "", &f
}

// CheckReplacement decides whether a new payroll of kind may be submitted for
// period while live is the employer's submitted or approved regular payroll
// of that month (nil when none): a regular payroll replaces a submitted one
// and is refused after approval, which only a supplementary one corrects.
// It returns the payroll the new one supersedes, if any.
func CheckReplacement(kind PayrollKind, period Period, live *Payroll) (*Payroll, error) {
	if kind != PayrollRegular || live == nil {
		return nil, nil
	}
	if live.Status == PayrollApproved {
		return nil, Errorf(EConflict, "the %s payroll of this employer was approved (%s): correct it with a supplementary payroll", period, live.ID)
	}
	return live, nil
}

// CheckDecision decides whether a payroll may be decided, that is moved to
// status to (approved or rejected): only a submitted one may.
func CheckDecision(p *Payroll, to PayrollStatus) error {
	if p.Status != PayrollSubmitted {
		return Errorf(EConflict, "payroll %s is %s: only a submitted payroll can be %s", p.ID, p.Status.Label(), to.Label())
	}
	return nil
}

// CheckHasInstructions refuses to read or export the payment instructions of
// a payroll that is not approved: they are made by its approval.
func CheckHasInstructions(p *Payroll) error {
	if p.Status != PayrollApproved {
		return Errorf(EConflict, "payroll %s is %s: instructions exist only once it is approved", p.ID, p.Status.Label())
	}
	return nil
}

// Payee is what the registry says about the person a payroll line pays.
type Payee struct {
	WorkerID string
	Name     string // the registered name
	// EnrolmentID is the person's enrolment with the payroll's employer in
	// its period, "" when there is none; CardIndex is that enrolment's card.
	EnrolmentID  string
	CardIndex    string
	AttendedDays int   // days with attendance in the period
	UsualNet     Money // usual net pay on earlier approved payrolls, 0 when none
}

// PayeeLine is a line that passed CheckPayrollLine, with the service's masks
// and blind index of its identity and card numbers.
type PayeeLine struct {
	Row       int
	Line      CheckedLine
	IDMasked  string
	CardIndex string
}

// PayrollRules checks a payroll's lines against the registry, one after
// another, remembering which workers earlier lines paid.
type PayrollRules struct {
	EmployerID string
	// EmployerName names the employer in a refusal, as its clerk knows it.
	EmployerName string
	Period       Period
	MinimumWage  Money // the region's monthly minimum wage; 0 when unknown
	// FullMonth is the attendance (hundredths of a day) that makes a line a
	// full month (see FullMonth); 0 reads as the standard 21.75 days.
	FullMonth int
	firstRow  map[string]int
}

// Refusals returns why line l cannot be paid to payee (nil: not registered
// at all): the person must be registered under the line's name, paid once
// per payroll, enrolled with the employer in the period, on their own card.
// A number that fails the card check is refused as such unless it is the
// worker's registered account: registration checks cards, so a registered
// number without a valid check digit is an account (REG Art. 31).
func (r *PayrollRules) Refusals(l PayeeLine, payee *Payee) []FieldError {
	if f := l.Line.NotACard; f != nil && (payee == nil || payee.EnrolmentID == "" || payee.CardIndex != l.CardIndex) {
		refused := *f
		refused.Row = l.Row
		return []FieldError{refused}
	}
	if payee == nil {
		return []FieldError{RefuseNotRegistered.Atf(l.Row, "id_number",
			"nobody with identity number %s is registered: register the worker before paying them", l.IDMasked)}
	}
	if r.firstRow == nil {
		r.firstRow = map[string]int{}
	}
	if first, dup := r.firstRow[payee.WorkerID]; dup {
		return []FieldError{RefuseDuplicate.Atf(l.Row, "id_number", "the worker is on row %d too: each worker appears at most once per payroll", first)}
	}
	r.firstRow[payee.WorkerID] = l.Row
	var out []FieldError
	if payee.Name != l.Line.Name {
		out = append(out, RefuseNameMismatch.Atf(l.Row, "name", "the name %s does not match the registered name of %s", l.Line.Name, l.IDMasked))
	}
	if payee.EnrolmentID == "" {
		return append(out, RefuseNotEnrolled.Atf(l.Row, "id_number",
			"%s %s is not enrolled on this project with employer %s (%s) at any time in %s", l.Line.Name, l.IDMasked, r.EmployerName, r.EmployerID, r.Period))
	}
	if payee.CardIndex != l.CardIndex {
		out = append(out, RefuseNotRegisteredCard.At(l.Row, "bank_card",
			"this is not the worker's registered bank card: wages go only to the card registered in the worker's own name"))
	}
	return out
}

// Warnings returns what is odd about a line that will be stored: more days
// than attendance, pay far above the usual, no signature, a full month below
// the minimum wage.
func (r *PayrollRules) Warnings(l CheckedLine, payee Payee) []Msg {
	var warn []Msg
	if d := payee.AttendedDays; l.Centidays > d*100 {
		warn = append(warn, M("days worked exceed the %d {day|days} of attendance on record", d))
	}
	if u := payee.UsualNet; u > 0 && l.Net > 3*u {
		warn = append(warn, M("net pay is more than three times the worker's usual pay on this project (%s)", u))
	}
	if !l.Confirmed {
		warn = append(warn, M("the worker has not confirmed this line (本人签字确认)"))
	}
	if pay := l.Items.MinimumWagePay(l.Gross); r.MinimumWage > 0 && l.Centidays >= r.fullMonth() && pay < r.MinimumWage {
		if pay != l.Gross {
			warn = append(warn, M("a full month's pay without overtime and special allowances (%s) is below the local minimum wage of %s", pay, r.MinimumWage))
		} else {
			warn = append(warn, M("a full month's gross pay is below the local minimum wage of %s", r.MinimumWage))
		}
	}
	return warn
}

// ControlTotals are the sender's own count of a payroll's lines and sum of
// its net pay; nil fields were not given.
type ControlTotals struct {
	Lines *int
	Net   *Money
}

// Check compares the control totals with what was read: read lines, and
// the net of the stored lines (compared only when no line was refused,
// clean, since refused lines are missing from it).
func (c ControlTotals) Check(read int, net Money, clean bool) []FieldError {
	var out []FieldError
	if c.Lines != nil && *c.Lines != read {
		out = append(out, RefuseControlTotal.Atf(0, "line_count", "the control total says %d {line|lines} but the payroll has %d", *c.Lines, read))
		clean = false
	}
	if c.Net != nil && clean && *c.Net != net {
		out = append(out, RefuseControlTotal.Atf(0, "net_total", "the control total says net %s but the lines add up to %s", *c.Net, net))
	}
	return out
}

// CheckResent decides a payroll sent again with the very content of prev:
// its answer is prev, replayed, unless prev was rejected — sending it again
// unchanged would only replay the rejection, so it is refused with the
// reason and what to do instead.
func CheckResent(prev *Payroll) error {
	if prev.Status != PayrollRejected {
		return nil
	}
	return Errorf(EConflict, "this is payroll %s again, unchanged, and it was rejected: %s. Correct what the rejection says and submit the corrected file or lines; the same content again is not a new payroll", prev.ID, prev.RejectReason)
}

func (r *PayrollRules) fullMonth() int {
	if r.FullMonth > 0 {
		return r.FullMonth
	}
	return FullMonthCentidays
}
