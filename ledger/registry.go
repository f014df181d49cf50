package ledger

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ContractKind is how a worker is engaged: the law requires a labour
// contract or a written agreement before anyone works on site.
type ContractKind string

// Contract kinds.
const (
	LabourContract   ContractKind = "labour_contract"
	WrittenAgreement ContractKind = "written_agreement"
)

// EnrolmentStatus says whether a worker is on site.
type EnrolmentStatus string

// Enrolment statuses: active until the exit is recorded.
const (
	EnrolmentActive EnrolmentStatus = "active"
	EnrolmentExited EnrolmentStatus = "exited"
)

// Enrolment is one period of one person on one project: who employs them,
// since when, paid to which card. Identity and card numbers appear here only
// masked.
type Enrolment struct {
	ID        string
	ProjectID string
	WorkerID  string
	Name      string
	IDNumber  string // masked
	// Gender and BirthDate are shown only to the worker's own employers and
	// inspectors (SeesBirthDate): "" and zero for anyone else, who sees
	// AgeBand alone.
	Gender           string
	BirthDate        Date
	AgeBand          string
	EmployerID       string
	Team             string
	Trade            string    // as the clerk wrote it
	TradeCode        TradeCode // its dictionary code; "" when the dictionary does not know it
	ContractKind     ContractKind
	ContractSignedOn Date
	EnteredOn        Date
	ExitedOn         *Date
	Status           EnrolmentStatus
	BankCard         string // masked
	AccountKind      BankAccountKind
	BankID           string
	Phone            string // masked
	CreatedAt        time.Time
	Warnings         []Msg
	// Certificate is the current special-operations certificate, where the
	// answer reads it (a registration, one worker); nil otherwise.
	Certificate *Certificate
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
	AccountKind      string // card (the default) or account
	BankID           string
	ContractKind     string
	ContractSignedOn string
	EnteredOn        string
	// Certificate is the special-operations certificate (特种作业操作证)
	// given with the registration, if any (the certificate_* fields).
	Certificate CertificateInput
}

// CheckedWorker is a WorkerInput that passed every rule that needs no database.
type CheckedWorker struct {
	Name             string
	ID               ResidentID
	Phone            string // normalised, or ""
	EmployerID       string
	Team, Trade      string
	TradeCode        TradeCode // "" for a trade the dictionary does not know
	BankCard         string
	AccountKind      BankAccountKind
	BankID           string
	ContractKind     ContractKind
	ContractSignedOn Date
	EnteredOn        Date
	Certificate      *CheckedCertificate // nil when none was given
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
	add2 := func(field string, code Refusal, format string, args ...any) {
		errs = append(errs, code.Atf(0, field, format, args...))
	}
	var ferr *FieldError
	out.Name, ferr = CheckName(in.Name)
	add(ferr)
	out.ID, ferr = CheckResidentID(in.IDNumber, today)
	add(ferr)
	if strings.TrimSpace(in.Phone) != "" {
		out.Phone, ferr = CheckMobile(in.Phone)
		add(ferr)
	}
	out.AccountKind, ferr = CheckBankAccountKind(in.AccountKind)
	add(ferr)
	if ferr == nil {
		out.BankCard, ferr = CheckBankAccount(in.BankCard, out.AccountKind)
		add(ferr)
	}
	out.EmployerID = strings.TrimSpace(in.EmployerID)
	out.BankID = strings.TrimSpace(in.BankID)
	if out.BankID == "" {
		add2("bank_id", RefuseRequired, "bank_id (the bank of the worker's card) is required")
	}
	out.Team = strings.TrimSpace(in.Team)
	out.Trade = strings.TrimSpace(in.Trade)
	if out.Trade == "" {
		add2("trade", RefuseRequired, "trade (工种) is required")
	} else if t, ok := LookupTrade(out.Trade); ok {
		out.TradeCode = t.Code
	}
	if utf8.RuneCountInString(out.Team) > 100 || utf8.RuneCountInString(out.Trade) > 100 {
		add2("team", RefuseTooLong, "team and trade are at most 100 characters")
	}
	switch k := strings.TrimSpace(in.ContractKind); k {
	case "", string(LabourContract), "劳动合同":
		out.ContractKind = LabourContract
	case string(WrittenAgreement), "书面协议", "用工协议":
		out.ContractKind = WrittenAgreement
	default:
		add2("contract_kind", RefuseUnknown, "contract_kind must be labour_contract (劳动合同) or written_agreement (书面协议)")
	}
	signed, err := ParseDateLoose(in.ContractSignedOn)
	if err.Key != "" {
		add2("contract_signed_on", RefuseDate, "%s %s", Column("contract_signed_on"), err)
	}
	entered, err := ParseDateLoose(in.EnteredOn)
	if err.Key != "" {
		add2("entered_on", RefuseDate, "%s %s", Column("entered_on"), err)
	}
	out.ContractSignedOn, out.EnteredOn = signed, entered
	if !signed.IsZero() && !entered.IsZero() && entered.Before(signed) {
		add2("entered_on", RefuseBeforeContract, "the worker entered the site on %s, before the contract was signed on %s: nobody works without a contract", entered, signed)
	}
	if !entered.IsZero() && entered.After(today) {
		add2("entered_on", RefuseFuture, "%s %s is in the future", Column("entered_on"), entered)
	}
	if out.ID.Number != "" && !entered.IsZero() && out.ID.AgeOn(entered) < ChildLabourAge {
		add2("id_number", RefuseChildLabour, "the worker was %d on the entry date: employing anyone under 16 is child labour and is refused", out.ID.AgeOn(entered))
	}
	if !in.Certificate.Empty() {
		cert, cerrs := CheckCertificate(in.Certificate, "certificate_")
		out.Certificate, errs = &cert, append(errs, cerrs...)
	}
	return out, errs
}

// CheckedUpdate is a checked change of a worker's card or phone; empty
// fields stay as they are.
type CheckedUpdate struct {
	BankCard    string
	AccountKind BankAccountKind // of the new BankCard
	BankID      string
	Phone       string
}

// CheckWorkerUpdate checks a change of card or account (which needs the bank
// that issued it; kind says which, a card when empty) and/or phone; at least
// one is needed.
func CheckWorkerUpdate(card, kind, bankID, phone string) (CheckedUpdate, error) {
	var v Validation
	var out CheckedUpdate
	if strings.TrimSpace(card) != "" {
		k, ferr := CheckBankAccountKind(kind)
		c := ""
		if ferr == nil {
			c, ferr = CheckBankAccount(card, k)
		}
		if ferr != nil {
			v.Fields = append(v.Fields, *ferr)
		}
		out.AccountKind = k
		out.BankCard, out.BankID = c, strings.TrimSpace(bankID)
		if out.BankID == "" {
			v.Fields = append(v.Fields, RefuseRequired.At(0, "bank_id", "a new card needs the bank_id of its bank"))
		}
	}
	if strings.TrimSpace(phone) != "" {
		ph, ferr := CheckMobile(phone)
		if ferr != nil {
			v.Fields = append(v.Fields, *ferr)
		}
		out.Phone = ph
	}
	if strings.TrimSpace(card) == "" && strings.TrimSpace(kind) != "" {
		v.Fields = append(v.Fields, RefuseRequired.At(0, "bank_card", "account_kind says what a new bank_card is: send the bank_card with it"))
	} else if strings.TrimSpace(card) == "" && strings.TrimSpace(phone) == "" {
		v.Fields = append(v.Fields, RefuseRequired.At(0, "bank_card", "send a new bank_card (with bank_id) or phone"))
	}
	return out, v.Err("update is not valid")
}

// ParseHours reads hours worked in a day, 0 to 24 with at most two decimals,
// as hundredths of an hour.
// On failure it returns the message (its Key is empty on success).
func ParseHours(s string) (int, Msg) {
	s = strings.TrimSpace(NormaliseDigits(s))
	m, err := parseFixed2(s, s) // the same fixed-point rules as amounts: digits, at most 2 decimals
	if err != nil {
		return 0, M("hours %q is not a number with at most 2 decimals", clip(s))
	}
	if m < 0 || m > 2400 {
		return 0, M("hours must be between 0 and 24")
	}
	return int(m), Msg{}
}

// FormatHours writes hundredths of an hour as "8.50".
func FormatHours(c int) string { return Money(c).String() }
