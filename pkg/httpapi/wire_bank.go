package httpapi

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// InflowRequest is a labour-cost allocation a bank reports into a wage account.
type InflowRequest struct {
	AccountNo  string       `json:"account_no"`
	Amount     ledger.Money `json:"amount"`
	ReceivedOn ledger.Date  `json:"received_on"`
	BankRef    string       `json:"bank_ref"`
	Payer      string       `json:"payer"`
	// AllocatedOn is the day the owner allocated it; LabourCostShare the
	// labour-cost share of the progress payment ("25.5", a percentage).
	// Optional, except where the region asks for them (Beijing).
	AllocatedOn     ledger.Date  `json:"allocated_on"`
	LabourCostShare ledger.Share `json:"labour_cost_share"`
}

func (r InflowRequest) input() ledger.InflowInput {
	return ledger.InflowInput{AccountNo: r.AccountNo, Amount: r.Amount, ReceivedOn: r.ReceivedOn, BankRef: r.BankRef, Payer: r.Payer,
		AllocatedOn: r.AllocatedOn, LabourCostShare: r.LabourCostShare}
}

// InflowRecorded is a recorded allocation with what this request did:
// applied, or already_applied for a retry.
type InflowRecorded struct {
	ID         string       `json:"id"`
	ProjectID  string       `json:"project_id"`
	BankRef    string       `json:"bank_ref"`
	AccountNo  string       `json:"account_no"`
	Amount     ledger.Money `json:"amount"`
	ReceivedOn ledger.Date  `json:"received_on"`
	Payer      string       `json:"payer"`
	EntryID    string       `json:"entry_id"`
	Result     string       `json:"result"`
	// The allocation's own date and labour-cost share, when given.
	AllocatedOn     ledger.Date  `json:"allocated_on,omitzero"`
	LabourCostShare ledger.Share `json:"labour_cost_share,omitzero"`
	Warnings        []FieldError `json:"warnings,omitempty"` // what the region requires that it lacks
}

func inflowOf(r *service.InflowResult) InflowRecorded {
	return InflowRecorded{ID: r.ID, ProjectID: r.ProjectID, BankRef: r.BankRef, AccountNo: r.AccountNo, Amount: r.Amount,
		ReceivedOn: r.ReceivedOn, Payer: r.Payer, EntryID: r.EntryID, Result: string(r.Result),
		AllocatedOn: r.AllocatedOn, LabourCostShare: r.LabourCostShare, Warnings: fieldErrorsOf(r.Warnings)}
}

// ConfirmationsRequest is a bank's results for instructions. Each item is
// read on its own (confirmationItemOf): one that is not well-formed is
// refused in its own result, and the rest are applied.
type ConfirmationsRequest struct {
	Items []json.RawMessage `json:"items"`
}

// confirmationItemOf reads one item of a batch. An item with a value out of
// the grammar (an amount "abc", a date "2026/13/45"), of the wrong JSON type
// or with a field no item has is malformed: every bad field is one of its
// ReadErrors, what could be read is kept, and Raw keeps it as sent.
func confirmationItemOf(raw json.RawMessage) ledger.ConfirmationItem {
	var in ConfirmationItemRequest
	if decodeChecked(raw, &in) == nil { // confirmationItems checked it
		return in.item()
	}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return ledger.ConfirmationItem{Raw: `{"item":` + strconv.Quote(string(raw)) + `}`,
			ReadErrors: []ledger.FieldError{ledger.FieldErrorf(0, "item", "type", "an item is a JSON object: one fact of the bank")}}
	}
	text := func(k string) string { s, _ := obj[k].(string); return s }
	it := ledger.ConfirmationItem{InstructionID: text("instruction_id"), Status: ledger.ConfirmationStatus(text("status")),
		BankRef: text("bank_ref"), Reason: text("reason"), ReadErrors: badValues(raw, &in)}
	it.Amount, _ = ledger.ParseMoney(text("amount"))
	it.SettledOn, _ = ledger.ParseDateLoose(text("settled_on"))
	cells := make(map[string]string, len(obj))
	for k, v := range obj {
		if s, ok := v.(string); ok {
			cells[k] = s
		} else {
			b, _ := json.Marshal(v)
			cells[k] = string(b)
		}
	}
	b, _ := json.Marshal(cells)
	it.Raw = string(b)
	return it
}

// ConfirmationItemRequest is the bank's result for one instruction.
type ConfirmationItemRequest struct {
	InstructionID string       `json:"instruction_id"`
	Status        string       `json:"status"`
	Amount        ledger.Money `json:"amount"`
	BankRef       string       `json:"bank_ref"`
	SettledOn     ledger.Date  `json:"settled_on"`
	Reason        string       `json:"reason"`
}

func (r ConfirmationItemRequest) item() ledger.ConfirmationItem {
	return ledger.ConfirmationItem{InstructionID: r.InstructionID, Status: ledger.ConfirmationStatus(r.Status), Amount: r.Amount, BankRef: r.BankRef, SettledOn: r.SettledOn, Reason: r.Reason}
}

// ConfirmationResults is a result per item (per row of a result file) and
// how many items had each result.
type ConfirmationResults struct {
	Counts  map[string]int       `json:"counts"`
	Results []ConfirmationResult `json:"results"`
	// ColumnWarnings name the columns of an uploaded file that were ignored
	// or read as a near-miss heading (a file upload only).
	ColumnWarnings []FieldError `json:"column_warnings,omitempty"`
}

// ConfirmationResult is what became of one item: applied, already_applied or
// refused with its errors; a refused fact may have been kept as unmatched.
// Row is the item's row in a result file.
type ConfirmationResult struct {
	Row               int          `json:"row,omitempty"`
	Index             int          `json:"index"`
	InstructionID     string       `json:"instruction_id"`
	BankRef           string       `json:"bank_ref"`
	Result            string       `json:"result"`
	InstructionStatus string       `json:"instruction_status,omitempty"`
	Exception         string       `json:"exception,omitempty"`
	Errors            []FieldError `json:"errors,omitempty"`
	Kept              bool         `json:"kept,omitempty"`
	BankStatus        *BankStatus  `json:"bank_status,omitempty"` // a result file's row
}

// BankStatus is a result file row's status as the bank wrote it and what the
// sending bank's code table says it means.
type BankStatus struct {
	Code    string `json:"code"`
	Outcome string `json:"outcome"`
	Meaning string `json:"meaning,omitempty"`
	// ErrorCode is the bank's own error code, verbatim (errcod, instrRetCode).
	ErrorCode string `json:"error_code,omitempty"`
}

func confirmationResultOf(r service.ItemResult) ConfirmationResult {
	return ConfirmationResult{Index: r.Index, InstructionID: r.InstructionID, BankRef: r.BankRef, Result: string(r.Result),
		InstructionStatus: string(r.Status), Exception: r.Exception, Errors: fieldErrorsOf(r.Errors), Kept: r.Kept}
}

func fileResultOf(r service.FileResult) ConfirmationResult {
	w := confirmationResultOf(r.ItemResult)
	w.Row = r.Row
	if st := r.BankStatus; st != nil {
		w.BankStatus = &BankStatus{Code: st.Code, Outcome: string(st.Outcome), Meaning: st.Meaning, ErrorCode: st.ErrorCode}
	}
	return w
}

// confirmationResults counts the results by outcome.
func confirmationResults(results []ConfirmationResult) ConfirmationResults {
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Result]++
	}
	return ConfirmationResults{Counts: counts, Results: results}
}

// Unmatched is a bank's fact that could not be applied, kept with why.
type Unmatched struct {
	ProjectID     string          `json:"project_id,omitempty"`
	BankRef       string          `json:"bank_ref"`
	InstructionID string          `json:"instruction_id"`
	Status        string          `json:"status"`
	Amount        ledger.Money    `json:"amount"`
	SettledOn     ledger.Date     `json:"settled_on,omitzero"` // a pending row may carry none
	Reason        string          `json:"reason,omitempty"`
	ProblemCode   string          `json:"problem_code"`
	Problem       Text            `json:"problem"`
	BankStatus    string          `json:"bank_status,omitempty"`     // a result file row's status verbatim
	BankErrorCode string          `json:"bank_error_code,omitempty"` // the bank's own error code verbatim
	Raw           json.RawMessage `json:"raw,omitempty"`             // a result file row's columns as written, heading → text
	ReceivedAt    time.Time       `json:"received_at"`
}

func unmatchedOf(u store.Unmatched) Unmatched {
	return Unmatched{ProjectID: u.ProjectID, BankRef: u.BankRef, InstructionID: u.InstructionID, Status: string(u.Status), Amount: u.Amount,
		SettledOn: u.SettledOn, Reason: u.Reason, ProblemCode: string(u.ProblemCode), Problem: textOf(ledger.StoredText(u.Problem)), BankStatus: u.BankStatus,
		BankErrorCode: u.BankErrorCode, Raw: rawRow(u.Raw), ReceivedAt: u.ReceivedAt}
}

// rawRow is a kept row's columns as an object (nil for a request's item).
func rawRow(raw string) json.RawMessage {
	if raw == "" {
		return nil
	}
	return json.RawMessage(raw)
}
