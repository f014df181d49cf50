package httpapi

import (
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// Totals are a payroll's control figures.
type Totals struct {
	Lines      int          `json:"lines"`
	Gross      ledger.Money `json:"gross"`
	Deductions ledger.Money `json:"deductions"`
	Net        ledger.Money `json:"net"`
}

// Payroll is a payroll's header: who, which month, where it stands, totals.
type Payroll struct {
	ID           string        `json:"id"`
	ProjectID    string        `json:"project_id"`
	EmployerID   string        `json:"employer_id"`
	PayerID      string        `json:"payer_id"`
	Period       ledger.Period `json:"period"`
	Kind         string        `json:"kind"`
	Status       string        `json:"status"`
	FileSHA256   string        `json:"file_sha256,omitempty"`
	Source       string        `json:"source,omitempty"`
	Totals       Totals        `json:"totals"`
	Warnings     int           `json:"warnings"`
	SubmittedAt  time.Time     `json:"submitted_at"`
	SubmittedBy  string        `json:"submitted_by"`
	DecidedAt    *time.Time    `json:"decided_at,omitempty"`
	DecidedBy    string        `json:"decided_by,omitempty"`
	RejectReason string        `json:"reject_reason,omitempty"`
	// WorkerConfirmations count the lines by their workers' answers (REG
	// Art. 31): given with a payroll read whole and with its approval.
	WorkerConfirmations *WorkerConfirmations `json:"worker_confirmations,omitempty"`
}

func payrollOf(p *ledger.Payroll) Payroll {
	return Payroll{ID: p.ID, ProjectID: p.ProjectID, EmployerID: p.EmployerID, PayerID: p.PayerID, Period: p.Period, Kind: string(p.Kind), Status: string(p.Status),
		FileSHA256: p.FileSHA256, Source: p.Source, Warnings: p.Warnings, SubmittedAt: p.SubmittedAt, SubmittedBy: p.SubmittedBy,
		DecidedAt: p.DecidedAt, DecidedBy: p.DecidedBy, RejectReason: p.RejectReason, WorkerConfirmations: workerConfirmationsOf(p),
		Totals: Totals{Lines: p.Totals.Lines, Gross: p.Totals.Gross, Deductions: p.Totals.Deductions, Net: p.Totals.Net}}
}

// PayrollSubmitted is the answer to a payroll upload: the payroll, the one
// it replaces, and the warnings of its lines (stored, not blocking).
type PayrollSubmitted struct {
	Payroll
	DryRun       bool         `json:"dry_run"`
	Replaces     string       `json:"replaces,omitempty"`
	LineWarnings []FieldError `json:"line_warnings"`
	// Notice, on a dry run, says that nothing was stored and the IDs in
	// the answer are provisional.
	Notice *Text `json:"notice,omitempty"`
	// ColumnWarnings name the columns of an uploaded file that were ignored
	// or read as a near-miss heading (a file upload only).
	ColumnWarnings []FieldError `json:"column_warnings,omitempty"`
}

// PayrollSubmittedOf maps a payroll upload's result; the command line's
// import prints the same answer as the API.
func PayrollSubmittedOf(r *service.PayrollResult) PayrollSubmitted {
	warnings := fieldErrorsOf(r.LineErrors)
	if warnings == nil {
		warnings = []FieldError{}
	}
	return PayrollSubmitted{Payroll: payrollOf(r.Payroll), DryRun: r.DryRun, Replaces: r.Replaces, LineWarnings: warnings, Notice: dryRunNotice(r.DryRun)}
}

// PayrollDetail is a payroll with its payment counts by status and a page
// of its lines.
type PayrollDetail struct {
	Payroll
	Payments   map[string]int `json:"payments"`
	Lines      []PayrollLine  `json:"lines"`
	NextCursor string         `json:"next_cursor,omitempty"`
}

// PayrollLine is one line with its payment status, identity and card masked.
type PayrollLine struct {
	LineNo        int          `json:"line_no"`
	SourceRow     int          `json:"source_row"`
	EnrolmentID   string       `json:"enrolment_id"`
	Name          string       `json:"name"`
	IDNumber      string       `json:"id_number"`
	DaysWorked    string       `json:"days_worked"`
	GrossPay      ledger.Money `json:"gross_pay"`
	Deductions    ledger.Money `json:"deductions"`
	NetPay        ledger.Money `json:"net_pay"`
	BankCard      string       `json:"bank_card"`
	Confirmed     bool         `json:"confirmed"`
	Warnings      *Text        `json:"warnings,omitempty"`
	InstructionID *string      `json:"instruction_id,omitempty"`
	Paid          ledger.Money `json:"paid"`
	PaymentStatus string       `json:"payment_status"`
	AdvanceOf     string       `json:"advance_of,omitempty"` // on an advance: owed (approved wages unpaid) or new_work
	PayItems
}

// PayItems are what REG Art. 15 asks a wage sheet to show besides its
// totals, each present only when the payroll gave it.
type PayItems struct {
	WorkHours         string        `json:"work_hours,omitempty"`
	BasePay           *ledger.Money `json:"base_pay,omitempty"`
	OvertimePay       *ledger.Money `json:"overtime_pay,omitempty"`
	SpecialAllowances *ledger.Money `json:"special_allowances,omitempty"`
	OtherAllowances   *ledger.Money `json:"other_allowances,omitempty"`
	SocialInsurance   *ledger.Money `json:"social_insurance,omitempty"`
	HousingFund       *ledger.Money `json:"housing_fund,omitempty"`
	IncomeTax         *ledger.Money `json:"income_tax,omitempty"`
	OtherDeductions   *ledger.Money `json:"other_deductions,omitempty"`
}

func payrollLineOf(l store.PayrollLine) PayrollLine {
	return PayrollLine{LineNo: l.LineNo, SourceRow: l.Row, EnrolmentID: l.EnrolmentID, Name: l.Name, IDNumber: l.IDNumber, DaysWorked: l.DaysWorked,
		GrossPay: l.Gross, Deductions: l.Deductions, NetPay: l.Net, BankCard: l.BankCard, Confirmed: l.Confirmed, Warnings: storedText(l.Warnings),
		InstructionID: l.InstructionID, Paid: l.Paid, PaymentStatus: string(l.PaymentStatus), AdvanceOf: l.AdvanceOf,
		PayItems: PayItems{WorkHours: l.WorkHours, BasePay: l.BasePay, OvertimePay: l.OvertimePay, SpecialAllowances: l.SpecialAllowances,
			OtherAllowances: l.OtherAllowances, SocialInsurance: l.SocialInsurance, HousingFund: l.HousingFund, IncomeTax: l.IncomeTax,
			OtherDeductions: l.OtherDeductions}}
}

func payrollDetailOf(d *service.PayrollDetail) PayrollDetail {
	payments := make(map[string]int, len(d.Payments))
	for status, n := range d.Payments {
		payments[string(status)] = n
	}
	return PayrollDetail{Payroll: payrollOf(d.Payroll), Payments: payments, Lines: mapEach(d.Lines, payrollLineOf), NextCursor: d.NextCursor}
}

// PayrollRequest is a payroll sent as JSON, with optional control totals
// that the lines must add up to.
type PayrollRequest struct {
	EmployerID string               `json:"employer_id"`
	Period     string               `json:"period"`
	Kind       string               `json:"kind"`
	Lines      []PayrollLineRequest `json:"lines"`
	Control    *struct {
		LineCount *int          `json:"line_count"`
		NetTotal  *ledger.Money `json:"net_total"`
	} `json:"control"`
}

// PayrollLineRequest is one line as a clerk writes it: every value text, as
// in a spreadsheet, checked by the payroll rules.
type PayrollLineRequest struct {
	IDNumber   string `json:"id_number"`
	Name       string `json:"name"`
	DaysWorked string `json:"days_worked"`
	GrossPay   string `json:"gross_pay"`
	Deductions string `json:"deductions"`
	NetPay     string `json:"net_pay"`
	BankCard   string `json:"bank_card"`
	Confirmed  string `json:"confirmed"`
	// Optional (REG Art. 15): hours, and the parts of gross pay and of
	// deductions, which must add up to gross_pay and deductions.
	WorkHours         string `json:"work_hours"`
	BasePay           string `json:"base_pay"`
	OvertimePay       string `json:"overtime_pay"`
	SpecialAllowances string `json:"special_allowances"`
	OtherAllowances   string `json:"other_allowances"`
	SocialInsurance   string `json:"social_insurance"`
	HousingFund       string `json:"housing_fund"`
	IncomeTax         string `json:"income_tax"`
	OtherDeductions   string `json:"other_deductions"`
}

func (r PayrollLineRequest) input() ledger.PayrollLineInput {
	return ledger.PayrollLineInput{IDNumber: r.IDNumber, Name: r.Name, DaysWorked: r.DaysWorked, GrossPay: r.GrossPay,
		Deductions: r.Deductions, NetPay: r.NetPay, BankCard: r.BankCard, Confirmed: r.Confirmed, WorkHours: r.WorkHours,
		Items: [ledger.NumPayItems]string{ledger.ItemBase: r.BasePay, ledger.ItemOvertime: r.OvertimePay, ledger.ItemSpecialAllowances: r.SpecialAllowances,
			ledger.ItemOtherAllowances: r.OtherAllowances, ledger.ItemSocialInsurance: r.SocialInsurance, ledger.ItemHousingFund: r.HousingFund,
			ledger.ItemIncomeTax: r.IncomeTax, ledger.ItemOtherDeductions: r.OtherDeductions}}
}

// RejectRequest sends a payroll back.
type RejectRequest struct {
	Reason string `json:"reason"`
}

// Instruction is a payment instruction, the payee's card masked.
type Instruction struct {
	ID               string        `json:"id"`
	ProjectID        string        `json:"project_id"`
	PayrollID        string        `json:"payroll_id"`
	LineNo           int           `json:"line_no"`
	EnrolmentID      string        `json:"enrolment_id"`
	Period           ledger.Period `json:"period"`
	Amount           ledger.Money  `json:"amount"`
	PayeeName        string        `json:"payee_name"`
	PayeeCard        string        `json:"payee_card"`
	PayeeAccountKind string        `json:"payee_account_kind"`
	PayeeBankID      string        `json:"payee_bank_id"`
	WageBankID       string        `json:"wage_bank_id"`
	WageAccountNo    string        `json:"wage_account_no"`
	Status           string        `json:"status"`
	PaidAmount       ledger.Money  `json:"paid_amount"`
	// SupersededAmount is the part a guarantee drawdown pays instead: the
	// bank pays only amount − paid_amount − superseded_amount. Absent when 0.
	SupersededAmount ledger.Money `json:"superseded_amount,omitempty"`
	// A guarantee drawdown's instruction: the guarantee account it pays
	// from and the inspector's decision; absent for wages from the wage account.
	PaidFrom    string    `json:"paid_from,omitempty"`
	DecisionRef string    `json:"decision_ref,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// Warnings, on a re-issue's answer, say what to look at before the bank
	// pays it (the card the payment failed on, a name mismatch).
	Warnings []Text `json:"warnings,omitempty"`
}

func instructionOf(i store.Instruction) Instruction {
	return Instruction{ID: i.ID, ProjectID: i.ProjectID, PayrollID: i.PayrollID, LineNo: i.LineNo, EnrolmentID: i.EnrolmentID, Period: i.Period,
		Amount: i.Amount, PayeeName: i.PayeeName, PayeeCard: i.PayeeCard, PayeeAccountKind: string(i.PayeeAccountKind), PayeeBankID: i.PayeeBankID, WageBankID: i.WageBankID,
		WageAccountNo: i.WageAccountNo, Status: string(i.Status), PaidAmount: i.PaidAmount, SupersededAmount: i.SupersededAmount, PaidFrom: i.PaidFrom, DecisionRef: i.DecisionRef,
		CreatedAt: i.CreatedAt}
}

// reissuedOf maps the instruction a re-issue created.
func reissuedOf(r *service.Reissued) Instruction {
	w := instructionOf(r.Instruction)
	w.Warnings = textsOf(r.Warnings)
	return w
}

// Instructions is a payroll's payment instructions.
type Instructions struct {
	Items []Instruction `json:"items"`
}
