package httpapi

import (
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// Enrolment is one worker on one project, identity, card and phone masked.
type Enrolment struct {
	ID        string `json:"id"`
	ProjectID string `json:"project_id"`
	WorkerID  string `json:"worker_id"`
	Name      string `json:"name"`
	IDNumber  string `json:"id_number"`
	// Gender and BirthDate only for the worker's own employers and
	// inspectors; AgeBand for everyone.
	Gender           string       `json:"gender,omitempty"`
	BirthDate        *ledger.Date `json:"birth_date,omitempty"`
	AgeBand          string       `json:"age_band"`
	EmployerID       string       `json:"employer_id"`
	Team             string       `json:"team"`
	Trade            string       `json:"trade"`
	TradeCode        string       `json:"trade_code"`
	ContractKind     string       `json:"contract_kind"`
	ContractSignedOn ledger.Date  `json:"contract_signed_on"`
	EnteredOn        ledger.Date  `json:"entered_on"`
	ExitedOn         *ledger.Date `json:"exited_on,omitempty"`
	Status           string       `json:"status"`
	BankCard         string       `json:"bank_card"`
	AccountKind      string       `json:"account_kind"`
	BankID           string       `json:"bank_id"`
	Phone            string       `json:"phone,omitempty"`
	CreatedAt        time.Time    `json:"created_at"`
	Warnings         []Text       `json:"warnings,omitempty"`
	// Certificate is the current special-operations certificate, on a
	// registration that gave one.
	Certificate *CertificateView `json:"certificate,omitempty"`
}

func enrolmentOf(e *ledger.Enrolment) Enrolment {
	out := enrolmentFields(e)
	if e.Certificate != nil {
		c := certificateOf(e.Certificate)
		out.Certificate = &c
	}
	return out
}

func enrolmentFields(e *ledger.Enrolment) Enrolment {
	var birth *ledger.Date
	if !e.BirthDate.IsZero() {
		birth = &e.BirthDate
	}
	return Enrolment{ID: e.ID, ProjectID: e.ProjectID, WorkerID: e.WorkerID, Name: e.Name, IDNumber: e.IDNumber, Gender: e.Gender,
		BirthDate: birth, AgeBand: e.AgeBand, EmployerID: e.EmployerID, Team: e.Team, Trade: e.Trade, TradeCode: string(e.TradeCode), ContractKind: string(e.ContractKind),
		ContractSignedOn: e.ContractSignedOn, EnteredOn: e.EnteredOn, ExitedOn: e.ExitedOn, Status: string(e.Status),
		BankCard: e.BankCard, AccountKind: string(e.AccountKind), BankID: e.BankID, Phone: e.Phone, CreatedAt: e.CreatedAt, Warnings: textsOf(e.Warnings)}
}

// EnrolmentDetail is an enrolment with every card and phone it has had.
type EnrolmentDetail struct {
	Enrolment
	History []DetailHistory `json:"history"`
}

// DetailHistory is one card or phone of an enrolment, masked, with the time
// it took effect and, once replaced, the time it stopped.
type DetailHistory struct {
	Field       string  `json:"field"`
	Value       string  `json:"value"`
	AccountKind *string `json:"account_kind,omitempty"`
	BankID      *string `json:"bank_id,omitempty"`
	ValidFrom   string  `json:"valid_from"`
	ValidUntil  string  `json:"valid_until,omitempty"`
}

// historyTime is how history times are written: UTC, whole seconds.
const historyTime = "2006-01-02T15:04:05Z"

func detailHistoryOf(h store.DetailHistory) DetailHistory {
	w := DetailHistory{Field: h.Field, Value: h.Masked, AccountKind: h.AccountKind, BankID: h.BankID, ValidFrom: h.ValidFrom.UTC().Format(historyTime)}
	if h.ValidUntil != nil && !h.ValidUntil.IsZero() {
		w.ValidUntil = h.ValidUntil.UTC().Format(historyTime)
	}
	return w
}

// WorkerRequest registers and enrols one worker.
type WorkerRequest struct {
	Name             string `json:"name"`
	IDNumber         string `json:"id_number"`
	Phone            string `json:"phone"`
	EmployerID       string `json:"employer_id"`
	Team             string `json:"team"`
	Trade            string `json:"trade"`
	BankCard         string `json:"bank_card"`
	AccountKind      string `json:"account_kind"`
	BankID           string `json:"bank_id"`
	ContractKind     string `json:"contract_kind"`
	ContractSignedOn string `json:"contract_signed_on"`
	EnteredOn        string `json:"entered_on"`
	// The special-operations certificate (特种作业操作证), optional.
	CertificateNumber     string `json:"certificate_number"`
	CertificateKind       string `json:"certificate_kind"`
	CertificateValidFrom  string `json:"certificate_valid_from"`
	CertificateValidUntil string `json:"certificate_valid_until"`
}

func (r WorkerRequest) input() ledger.WorkerInput {
	return ledger.WorkerInput{Name: r.Name, IDNumber: r.IDNumber, Phone: r.Phone, EmployerID: r.EmployerID, Team: r.Team, Trade: r.Trade,
		BankCard: r.BankCard, AccountKind: r.AccountKind, BankID: r.BankID, ContractKind: r.ContractKind, ContractSignedOn: r.ContractSignedOn, EnteredOn: r.EnteredOn,
		Certificate: ledger.CertificateInput{Number: r.CertificateNumber, Kind: r.CertificateKind, ValidFrom: r.CertificateValidFrom, ValidUntil: r.CertificateValidUntil}}
}

// WorkerUpdateRequest changes a worker's card or phone; empty fields stay.
type WorkerUpdateRequest struct {
	BankCard    string `json:"bank_card"`
	AccountKind string `json:"account_kind"`
	BankID      string `json:"bank_id"`
	Phone       string `json:"phone"`
}

func (r WorkerUpdateRequest) update() service.WorkerUpdate {
	return service.WorkerUpdate{BankCard: r.BankCard, AccountKind: r.AccountKind, BankID: r.BankID, Phone: r.Phone}
}

// ExitRequest records a worker's exit.
type ExitRequest struct {
	ExitedOn ledger.Date `json:"exited_on"`
}

// WorkerImport is the answer to a worker file: the enrolment of each row.
type WorkerImport struct {
	DryRun     bool             `json:"dry_run"`
	FileSHA256 string           `json:"file_sha256"`
	Encoding   string           `json:"encoding,omitempty"`
	Rows       int              `json:"rows"`
	Enrolments []ImportedWorker `json:"enrolments"`
	Warnings   []FieldError     `json:"warnings"`
	// ColumnWarnings name the columns of an uploaded file that were ignored
	// or read as a near-miss heading (a file upload only).
	ColumnWarnings []FieldError `json:"column_warnings,omitempty"`
	// Notice, on a dry run, says its enrolment IDs are provisional.
	Notice *Text `json:"notice,omitempty"`
}

// ImportedWorker is a file row and the enrolment it created.
type ImportedWorker struct {
	Row         int    `json:"row"`
	EnrolmentID string `json:"enrolment_id"`
	Name        string `json:"name"`
}

func workerImportOf(r *service.ImportResult) WorkerImport {
	return WorkerImport{DryRun: r.DryRun, FileSHA256: r.FileSHA256, Encoding: r.Encoding, Rows: r.Rows,
		Enrolments: mapEach(r.Enrolments, func(w service.ImportedWorker) ImportedWorker {
			return ImportedWorker{Row: w.Row, EnrolmentID: w.EnrolmentID, Name: w.Name}
		}),
		Warnings: fieldErrorsOf(r.Warnings), Notice: dryRunNotice(r.DryRun)}
}

// AttendanceRecorded is the answer to an attendance upload: how many days
// were new, replaced an earlier record, or repeated it.
type AttendanceRecorded struct {
	DryRun     bool   `json:"dry_run"`
	FileSHA256 string `json:"file_sha256"`
	Rows       int    `json:"rows"`
	Created    int    `json:"created"`
	Replaced   int    `json:"replaced"`
	Unchanged  int    `json:"unchanged"`
	// ColumnWarnings name the columns of an uploaded file that were ignored
	// or read as a near-miss heading (a file upload only).
	ColumnWarnings []FieldError `json:"column_warnings,omitempty"`
}

func attendanceOf(r *service.AttendanceResult) AttendanceRecorded {
	return AttendanceRecorded{DryRun: r.DryRun, FileSHA256: r.FileSHA256, Rows: r.Rows, Created: r.Created, Replaced: r.Replaced, Unchanged: r.Unchanged}
}
