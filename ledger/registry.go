package ledger

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Contract kinds: the law requires a labour contract or a written agreement
// before anyone works on site.
const (
	LabourContract   = "labour_contract"
	WrittenAgreement = "written_agreement"
)

// Enrolment statuses.
const (
	EnrolmentActive = "active"
	EnrolmentExited = "exited"
)

// Enrolment is one period of one person on one project: who employs them,
// since when, paid to which card. Identity and card numbers appear here only
// masked.
type Enrolment struct {
	ID               string
	ProjectID        string
	WorkerID         string
	Name             string
	IDNumber         string // masked
	Gender           string
	BirthDate        Date
	EmployerID       string
	Team             string
	Trade            string
	ContractKind     string
	ContractSignedOn Date
	EnteredOn        Date
	ExitedOn         *Date
	Status           string
	BankCard         string // masked
	BankID           string
	Phone            string // masked
	CreatedAt        time.Time
	Warnings         []string
}

// WorkerInput is what a clerk sends to register and enrol one worker.
type WorkerInput struct {
	Name             string
	IDNumber         string
	Phone            string
	EmployerID       string
	Team             string
	Trade            string
	BankCard         string
	BankID           string
	ContractKind     string
	ContractSignedOn string
	EnteredOn        string
}

// CheckedWorker is a WorkerInput that passed every rule that needs no database.
type CheckedWorker struct {
	Name             string
	ID               ResidentID
	Phone            string // normalised, or ""
	EmployerID       string
	Team, Trade      string
	BankCard         string
	BankID           string
	ContractKind     string
	ContractSignedOn Date
	EnteredOn        Date
}

// CheckWorker validates a worker input as of today and returns every bad
// field (with row set by the caller for files). A worker under 16 on the
// entry date is refused: that is child labour.
func CheckWorker(in WorkerInput, today Date) (CheckedWorker, []FieldError) {
	var out CheckedWorker
	var errs []FieldError
	add := func(f *FieldError) {
		if f != nil {
			errs = append(errs, *f)
		}
	}
	add2 := func(field, code, msg string) { errs = append(errs, FieldError{Field: field, Code: code, Message: msg}) }
	var ferr *FieldError
	out.Name, ferr = CheckName(in.Name)
	add(ferr)
	out.ID, ferr = CheckResidentID(in.IDNumber, today)
	add(ferr)
	if strings.TrimSpace(in.Phone) != "" {
		out.Phone, ferr = CheckMobile(in.Phone)
		add(ferr)
	}
	out.BankCard, ferr = CheckBankCard(in.BankCard)
	add(ferr)
	out.EmployerID = strings.TrimSpace(in.EmployerID)
	out.BankID = strings.TrimSpace(in.BankID)
	if out.BankID == "" {
		add2("bank_id", "required", "bank_id (the bank of the worker's card) is required")
	}
	out.Team = strings.TrimSpace(in.Team)
	out.Trade = strings.TrimSpace(in.Trade)
	if out.Trade == "" {
		add2("trade", "required", "trade (工种) is required")
	}
	if utf8.RuneCountInString(out.Team) > 100 || utf8.RuneCountInString(out.Trade) > 100 {
		add2("team", "too_long", "team and trade are at most 100 characters")
	}
	switch k := strings.TrimSpace(in.ContractKind); k {
	case "", LabourContract, "劳动合同":
		out.ContractKind = LabourContract
	case WrittenAgreement, "书面协议", "用工协议":
		out.ContractKind = WrittenAgreement
	default:
		add2("contract_kind", "unknown", "contract_kind must be labour_contract (劳动合同) or written_agreement (书面协议)")
	}
	signed, err := parseDateField(in.ContractSignedOn)
	if err != "" {
		add2("contract_signed_on", "date", "contract_signed_on "+err)
	}
	entered, err := parseDateField(in.EnteredOn)
	if err != "" {
		add2("entered_on", "date", "entered_on "+err)
	}
	out.ContractSignedOn, out.EnteredOn = signed, entered
	if !signed.IsZero() && !entered.IsZero() && entered.Before(signed) {
		add2("entered_on", "before_contract", "the worker entered the site on "+entered.String()+", before the contract was signed on "+signed.String()+": nobody works without a contract")
	}
	if !entered.IsZero() && entered.After(today) {
		add2("entered_on", "future", "entered_on "+entered.String()+" is in the future")
	}
	if out.ID.Number != "" && !entered.IsZero() && out.ID.AgeOn(entered) < ChildLabourAge {
		add2("id_number", "child_labour", "the worker was "+itoa(out.ID.AgeOn(entered))+" on the entry date: employing anyone under 16 is child labour and is refused")
	}
	return out, errs
}

// parseDateField reads YYYY-MM-DD, also YYYY/MM/DD and YYYYMMDD as
// spreadsheets write them; it returns a message on failure.
func parseDateField(s string) (Date, string) {
	s = strings.TrimSpace(NormaliseDigits(s))
	if s == "" {
		return Date{}, "is required (YYYY-MM-DD)"
	}
	for _, layout := range []string{"2006-01-02", "2006/01/02", "2006/1/2", "2006-1-2", "20060102", "2006.01.02", "2006年1月2日"} {
		if t, err := time.Parse(layout, s); err == nil {
			return NewDate(t.Year(), t.Month(), t.Day()), ""
		}
	}
	return Date{}, "\"" + clip(s) + "\" is not a date written YYYY-MM-DD"
}

// ParseDateLoose reads a date as parseDateField does, for file imports.
func ParseDateLoose(s string) (Date, string) { return parseDateField(s) }

// ParseHours reads hours worked in a day, 0 to 24 with at most two decimals,
// as hundredths of an hour.
func ParseHours(s string) (int, string) {
	s = strings.TrimSpace(NormaliseDigits(s))
	m, err := ParseMoney(s) // the same fixed-point rules: digits, at most 2 decimals
	if err != nil {
		return 0, "hours \"" + clip(s) + "\" is not a number with at most 2 decimals"
	}
	if m < 0 || m > 2400 {
		return 0, "hours must be between 0 and 24"
	}
	return int(m), ""
}

// FormatHours writes hundredths of an hour as "8.50".
func FormatHours(c int) string { return Money(c).String() }
