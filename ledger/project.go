package ledger

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Organization is a party to the wage regime: owner, contractor, bank or authority.
type Organization struct {
	ID         string
	Name       string
	USCC       string
	Kind       OrgKind
	RegionCode string
	// BankCode is a bank's PBOC bank category code (102 ICBC, 308 CMB):
	// its result files are read by that bank's status table. Only a bank
	// has one; "" when not given.
	BankCode  string `json:",omitempty"`
	CreatedAt time.Time
}

// Validate checks and normalises an organisation, naming every bad field.
func (o *Organization) Validate() error {
	var v Validation
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" {
		v.Add("name", "required", "name is required")
	} else if utf8.RuneCountInString(o.Name) > 200 {
		v.Add("name", "too_long", "name is longer than 200 characters")
	}
	if code, err := CheckUSCC(o.USCC); err != nil {
		v.Add("uscc", "checksum", "%s", ErrorMsg(err))
	} else {
		o.USCC = code
	}
	if !o.Kind.Valid() {
		v.Add("kind", "unknown", "kind must be one of owner, general_contractor, subcontractor, bank, authority, insurer")
	}
	if err := CheckRegionCode(o.RegionCode); err != nil {
		v.Add("region_code", "invalid", "%s", ErrorMsg(err))
	}
	o.BankCode = strings.TrimSpace(o.BankCode)
	switch {
	case o.BankCode == "":
	case o.Kind != OrgBank:
		v.Add("bank_code", "not_a_bank", "only a bank has a bank_code")
	case len(o.BankCode) != 3 || strings.Trim(o.BankCode, "0123456789") != "":
		v.Add("bank_code", "format", "bank_code is the bank's 3-digit PBOC bank category code (102 ICBC, 308 CMB)")
	}
	return v.Err("organization is not valid")
}

// Project statuses.
const (
	ProjectActive    = "active"
	ProjectCompleted = "completed"
)

// CheckRecordsOpen refuses a change to a completed project's records (a
// party, a certificate, an injury): once completed, they are closed. An
// active project's records are open (nil).
func CheckRecordsOpen(p *Project) error {
	if p.Status == ProjectCompleted {
		return Errorf(EConflict, "project %s was completed on %s: its records are closed", p.Code, p.CompletedOn)
	}
	return nil
}

// MaxLabourCostCycleDays is the longest labour-cost cycle a project may
// count in days; the law's longest is one calendar month (CycleMonthly),
// which a days cycle never outlasts (AllocationDueBy).
const MaxLabourCostCycleDays = 30

// WageAccount is the project's dedicated wage account at a bank.
type WageAccountRef struct {
	BankID    string
	AccountNo string
}

// Project is one construction project: the tenant of every other record.
type Project struct {
	ID                  string
	Code                string
	Name                string
	RegionCode          string
	OwnerID             string
	GeneralContractorID string
	ContractAmount      Money
	StartedOn           Date
	PlannedCompletionOn Date
	CompletedOn         *Date
	PayDay              int
	PayMonth            PayMonth // in which month PayDay falls; "" reads as next (次期)
	LabourCostCycle     LabourCostCycle
	WageAccount         WageAccountRef
	Status              string
	// Category is the project's category on the national list (项目分类),
	// "" when not given; the workforce statistics group by it.
	Category         ProjectCategory
	SubcontractorIDs []string
	CreatedAt        time.Time
}

// Validate checks the project's own fields (the parties' kinds are checked
// against the database by the service), naming every bad field.
func (p *Project) Validate() error {
	var v Validation
	p.Code = strings.TrimSpace(p.Code)
	p.Name = strings.TrimSpace(p.Name)
	if p.Code == "" {
		v.Add("code", "required", "code is required")
	} else if len(p.Code) > 64 {
		v.Add("code", "too_long", "code is longer than 64 characters")
	} else if !ValidCode(p.Code) {
		v.Add("code", string(RefuseFormat), "code is letters and digits, with - _ . / between them (like BJ-2026-001)")
	}
	if p.Name == "" {
		v.Add("name", "required", "name is required")
	} else if utf8.RuneCountInString(p.Name) > 200 {
		v.Add("name", "too_long", "name is longer than 200 characters")
	}
	if err := CheckRegionCode(p.RegionCode); err != nil {
		v.Add("region_code", "invalid", "%s", ErrorMsg(err))
	}
	if p.OwnerID == "" {
		v.Add("owner_id", "required", "owner_id is required")
	}
	if p.GeneralContractorID == "" {
		v.Add("general_contractor_id", "required", "general_contractor_id is required")
	}
	if p.ContractAmount <= 0 {
		v.Add("contract_amount", "not_positive", "contract_amount must be more than zero")
	}
	if p.StartedOn.IsZero() {
		v.Add("started_on", "required", "started_on is required (YYYY-MM-DD)")
	}
	if p.PlannedCompletionOn.IsZero() {
		v.Add("planned_completion_on", "required", "planned_completion_on is required (YYYY-MM-DD)")
	} else if !p.StartedOn.IsZero() && p.PlannedCompletionOn.Before(p.StartedOn) {
		v.Add("planned_completion_on", "before_start", "planned completion %s is before the start %s", p.PlannedCompletionOn, p.StartedOn)
	}
	if m, ok := CheckPayMonth(string(p.PayMonth)); !ok {
		v.Add("pay_rule.month", "unknown", "pay_rule.month is current (当期: paid in the period's own month) or next (次期: in the month after)")
	} else {
		p.PayMonth = m
	}
	if p.PayDay < 1 || p.PayDay > 31 {
		v.Add("pay_day", "out_of_range", "pay_day must be a day of the month, 1 to 31, got %d", p.PayDay)
	}
	p.LabourCostCycle.check(&v)
	if c, ok := CheckProjectCategory(string(p.Category)); !ok {
		v.Add("category", "unknown", "category %q is not on the national list of project categories (01 房屋建筑 … 12 通信, 99 其他)", string(p.Category))
	} else {
		p.Category = c
	}
	if p.WageAccount.BankID == "" {
		v.Add("wage_account.bank_id", "required", "wage_account.bank_id is required")
	}
	if strings.TrimSpace(p.WageAccount.AccountNo) == "" {
		v.Add("wage_account.account_no", "required", "wage_account.account_no is required")
	} else if n, ok := NormaliseWageAccountNo(p.WageAccount.AccountNo); !ok {
		v.Add("wage_account.account_no", "invalid", "wage_account.account_no must be 8 to 34 digits, grouped by single hyphens or spaces if at all")
	} else {
		p.WageAccount.AccountNo = n
	}
	return v.Err("project is not valid")
}

// ValidCode reports whether s is a code by its grammar (a project's code):
// letters (any script) and digits, with - _ . / between them, starting with
// a letter or a digit. A code is an identifier, never a formula: "@SUM(1+1)"
// and "=HYPERLINK(…)" are refused (issue 16, item 7).
func ValidCode(s string) bool {
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case i > 0 && (r == '-' || r == '_' || r == '.' || r == '/'):
		default:
			return false
		}
	}
	return s != ""
}
