package ledger

import (
	"strings"
	"time"
)

// PayrollKind says whether a payroll is an employer's month or a later
// correction of it.
type PayrollKind string

// Payroll kinds.
const (
	PayrollRegular       PayrollKind = "regular"       // the month's payroll of one employer
	PayrollSupplementary PayrollKind = "supplementary" // 补发: a later correction that adds to what is owed
	// PayrollAdvance is the general contractor's payroll for a defaulting
	// subcontractor's workers (先行清偿, REG Art. 30): its employer is the
	// subcontractor, its payer the general contractor.
	PayrollAdvance PayrollKind = "advance"
)

// PayrollStatus is where a payroll stands.
type PayrollStatus string

// Payroll statuses: submitted, then approved or rejected by the wage
// officer, or superseded by a new upload of the same month before that.
const (
	PayrollSubmitted  PayrollStatus = "submitted"
	PayrollApproved   PayrollStatus = "approved"
	PayrollRejected   PayrollStatus = "rejected"
	PayrollSuperseded PayrollStatus = "superseded" // a submitted payroll replaced by a new upload
)

// LinePaymentStatus is where the payment of a payroll line stands: its
// instruction's status, or why it has none.
type LinePaymentStatus string

// Payment statuses of a payroll line without a payment instruction; a line
// with one has its instruction's status.
const (
	LineNothingToPay LinePaymentStatus = "nothing_to_pay" // its net pay is zero
	LineNotApproved  LinePaymentStatus = "not_approved"   // its payroll is not approved (yet)
)

// LinePaymentStatusOf decides a line's payment status from its net pay and
// the status of its live (not re-issued) instruction, "" when it has none.
// Approval makes an instruction for every line with something to pay, so a
// line with net pay and no instruction is one whose payroll is not approved:
// submitted, rejected or superseded.
func LinePaymentStatusOf(net Money, instruction InstructionStatus) LinePaymentStatus {
	switch {
	case instruction != "":
		return LinePaymentStatus(instruction)
	case net == 0:
		return LineNothingToPay
	}
	return LineNotApproved
}

// Payroll is one employer's wage sheet (工资支付表) for one month of a project.
type Payroll struct {
	ID           string
	ProjectID    string
	EmployerID   string
	PayerID      string // who pays: the employer, or the general contractor for an advance
	Period       Period
	Kind         PayrollKind
	Status       PayrollStatus
	FileSHA256   string
	Source       string
	Totals       Totals
	Warnings     int
	SubmittedAt  time.Time
	SubmittedBy  string
	DecidedAt    *time.Time
	DecidedBy    string
	RejectReason string
	// Confirmations are its lines by their workers' answers (REG Art. 31),
	// and ConfirmationWarnings what ApprovalGate said of them; set when the
	// payroll is read whole or approved, nil otherwise.
	Confirmations        *ConfirmationCounts
	ConfirmationWarnings []string
}

// Totals are a payroll's control figures.
type Totals struct {
	Lines      int
	Gross      Money
	Deductions Money
	Net        Money
}

// PayrollLineInput is one line as a clerk writes it.
type PayrollLineInput struct {
	IDNumber   string
	Name       string
	DaysWorked string
	GrossPay   string
	Deductions string
	NetPay     string
	BankCard   string
	Confirmed  string
	// WorkHours and Items are optional (REG Art. 15): the hours worked, and
	// the parts of gross pay and deductions, indexed by PayItem.
	WorkHours string
	Items     [NumPayItems]string
}

// CheckedLine is a payroll line that passed every rule needing no database.
type CheckedLine struct {
	ID         string // normalised identity number
	Name       string
	Centidays  int
	Gross      Money
	Deductions Money
	Net        Money
	BankCard   string
	Confirmed  bool
	Centihours *int     // hours worked, in hundredths; nil when not given
	Items      PayItems // the itemised amounts given
	// NotACard is the refusal of BankCard as a card (its Luhn check digit is
	// wrong) when it is still a possible account number: it stands unless
	// the number is the account registered for the worker (PayrollRules).
	NotACard *FieldError
}

// ref is f as a pointer, for the checks that return one.
func ref(f FieldError) *FieldError { return &f }

// ParseMoneyIn reads an amount as a file writes it, in yuan (ParseMoney's
// grammar), or, when inFen, in fen: a whole number of fen (ICBC's PayAmt,
// where "580050" is 5800.50 yuan).
func ParseMoneyIn(s string, inFen bool) (Money, error) {
	if !inFen {
		return ParseMoney(s)
	}
	v := strings.TrimSpace(NormaliseDigits(s))
	if strings.ContainsAny(v, ".．") {
		return 0, Errorf(EInvalid, "amount %q is in fen, a whole number (580050 is 5800.50 yuan)", clip(v))
	}
	m, err := ParseMoney(v)
	return m / 100, err
}

// CheckPayrollPeriod checks the period of a payroll: a real month, not in
// the future, not before the project started.
func CheckPayrollPeriod(s string, projectStart, today Date) (Period, *FieldError) {
	p, err := ParsePeriod(strings.TrimSpace(s))
	if err != nil {
		return Period{}, ref(RefuseFormat.At(0, "period", "period must be a month written YYYY-MM"))
	}
	if p.First().After(today) {
		return Period{}, ref(RefuseFuture.Atf(0, "period", "period %s has not started yet", p))
	}
	if p.Last().Before(projectStart) {
		return Period{}, ref(RefuseBeforeProject.Atf(0, "period", "period %s is before the project started on %s", p, projectStart))
	}
	return p, nil
}

// CheckPayrollLine validates one line for period: amounts non-negative with at
// most two decimals, net = gross − deductions exactly, days between 0 and
// the days of the month.
func CheckPayrollLine(in PayrollLineInput, period Period) (CheckedLine, []FieldError) {
	var out CheckedLine
	var errs []FieldError
	add := func(f *FieldError) {
		if f != nil {
			errs = append(errs, *f)
		}
	}
	id := strings.ToUpper(NormaliseDigits(in.IDNumber))
	if id == "" {
		add(ref(RefuseRequired.At(0, "id_number", "id_number is required")))
	} else if rid, ferr := CheckResidentID(id, NewDate(9999, 12, 31)); ferr != nil {
		add(ferr)
	} else {
		out.ID = rid.Number
	}
	name, ferr := CheckName(in.Name)
	add(ferr)
	out.Name = name
	card, ferr := CheckBankCard(in.BankCard)
	cardAt := len(errs) // where a pending NotACard goes if the line has other errors
	// A number that is not a card (a wrong check digit, or a passbook or
	// settlement account's 10 to 30 digits, not a card's 16 to 19) may be
	// the worker's registered account: it is refused unless it is.
	if ferr != nil && (ferr.Code == string(RefuseChecksum) || ferr.Code == string(RefuseLength)) {
		if acct, aerr := CheckBankAccount(in.BankCard, PaidToAccount); aerr == nil {
			card, out.NotACard, ferr = acct, ferr, nil
		}
	}
	add(ferr)
	out.BankCard = card
	money := func(field, v string, required bool) Money {
		v = strings.TrimSpace(v) // ParseMoney reads separators, ¥ and full-width digits
		if v == "" {
			if required {
				add(ref(RefuseRequired.Atf(0, field, "%s is required", Column(field))))
			}
			return 0
		}
		m, err := ParseMoney(v)
		if err != nil {
			add(ref(RefuseAmount.Atf(0, field, "%s: %s", Column(field), ErrorMsg(err))))
			return 0
		}
		if m < 0 {
			add(ref(RefuseNegative.Atf(0, field, "%s cannot be negative", Column(field))))
		}
		return m
	}
	out.Gross = money("gross_pay", in.GrossPay, true)
	out.Deductions = money("deductions", in.Deductions, false)
	out.Net = money("net_pay", in.NetPay, true)
	readItems(in, &out, period, money, add)
	if strings.TrimSpace(in.Deductions) == "" {
		_, out.Deductions = out.Items.itemised(true) // deductions not given are the sum of their items
	}
	if len(errs) == 0 && out.Gross-out.Deductions != out.Net {
		add(ref(RefuseArithmetic.Atf(0, "net_pay", "net pay %s is not gross %s minus deductions %s (= %s)", out.Net, out.Gross, out.Deductions, (out.Gross - out.Deductions))))
	}
	if len(errs) == 0 {
		for _, f := range out.Items.checkSums(out.Gross, out.Deductions) {
			add(ref(f))
		}
	}
	days := strings.TrimSpace(NormaliseDigits(in.DaysWorked))
	if days == "" {
		add(ref(RefuseRequired.At(0, "days_worked", "days_worked is required")))
	} else if d, err := parseFixed2(days, days); err != nil || d < 0 {
		add(ref(RefuseFormat.At(0, "days_worked", "days_worked must be a number such as 22 or 21.5")))
	} else if int(d) > period.Days()*100 {
		add(ref(RefuseRange.Atf(0, "days_worked", "days_worked %s is more than the %d {day|days} of %s", days, period.Days(), period)))
	} else {
		out.Centidays = int(d)
	}
	switch strings.ToLower(strings.TrimSpace(in.Confirmed)) {
	case "", "0", "no", "false", "n", "否", "未签", "未确认":
		out.Confirmed = false
	case "1", "yes", "true", "y", "是", "已签", "已签字", "已确认", "signed", "√", "✓":
		out.Confirmed = true
	default:
		add(ref(RefuseFormat.At(0, "confirmed", "confirmed is yes or no (是/否, 已签/未签)")))
	}
	if out.NotACard != nil && len(errs) > 0 {
		// The line is refused anyway: its card is reported with the rest,
		// where it stands in the line, as every bad value is.
		errs = append(errs[:cardAt], append([]FieldError{*out.NotACard}, errs[cardAt:]...)...)
		out.NotACard = nil
	}
	return out, errs
}
