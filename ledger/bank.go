package ledger

import (
	"encoding/json"
	"strconv"
	"strings"
)

// RefuseNotPositive refuses an amount that must be more than zero.
const RefuseNotPositive Refusal = "not_positive"

// InflowInput is a labour-cost allocation a bank reports into a wage account.
//
// Its json tags are a storage format, not the wire's (pkg/httpapi has its
// own request type): the SHA-256 of this JSON is kept with each allocation
// as its content hash, and a retry under the same bank reference is
// compared with it. Renaming a tag would make every stored allocation's
// retry a conflict; TestInflowInputStoredShape pins the shape.
//
// A field added later is left out when not given (omitempty), so that an
// allocation that does not use it hashes as it always did.
type InflowInput struct {
	AccountNo  string `json:"account_no"`
	Amount     Money  `json:"amount"`
	ReceivedOn Date   `json:"received_on"`
	BankRef    string `json:"bank_ref"`
	Payer      string `json:"payer"`
	// AllocatedOn is the day the owner allocated it (received_on is the
	// day the bank credited it); some regions require it.
	AllocatedOn Date `json:"allocated_on,omitzero"`
	// LabourCostShare is the labour-cost share of the progress payment the
	// allocation comes from; some regions require it (Beijing).
	LabourCostShare Share `json:"labour_cost_share,omitzero"`
}

// ContentHash is the hex SHA-256 of the allocation's JSON.
func (in *InflowInput) ContentHash() string {
	b, _ := json.Marshal(in)
	return SHA256Hex(b)
}

// CheckReplay decides an inflow whose bank reference is already on record
// with content of prevContentHash: the same content is the same allocation,
// already applied (nil); other content is a conflict.
func (in *InflowInput) CheckReplay(prevContentHash string) error {
	if prevContentHash != in.ContentHash() {
		return Errorf(EConflict, "bank reference %q was already reported with different content", in.BankRef)
	}
	return nil
}

// Effective is the day the allocation counts from for the labour-cost cycle:
// the day the owner allocated it, or, when not given, the day it arrived.
func (in *InflowInput) Effective() Date {
	if in.AllocatedOn.IsZero() {
		return in.ReceivedOn
	}
	return in.AllocatedOn
}

// Check validates an inflow as of today.
func (in *InflowInput) Check(today Date) error {
	var v Validation
	in.BankRef = strings.TrimSpace(in.BankRef)
	if strings.TrimSpace(in.AccountNo) == "" {
		v.Add("account_no", string(RefuseRequired), "account_no (the wage account) is required")
	} else if n, ok := NormaliseWageAccountNo(in.AccountNo); !ok {
		v.Add("account_no", string(RefuseFormat), "account_no is 8 to 34 digits, grouped by single hyphens or spaces if at all")
	} else {
		in.AccountNo = n
	}
	if in.Amount <= 0 {
		v.Add("amount", string(RefuseNotPositive), "an allocation's amount must be more than zero")
	}
	checkDateRef(&v, in.ReceivedOn, "received_on", in.BankRef, today)
	if !in.AllocatedOn.IsZero() && !in.ReceivedOn.IsZero() && in.AllocatedOn.After(in.ReceivedOn) {
		v.Add("allocated_on", string(RefuseRange), "allocated_on %s is after received_on %s: the owner allocates before the bank credits", in.AllocatedOn, in.ReceivedOn)
	}
	if in.LabourCostShare < 0 || in.LabourCostShare > MaxShare {
		v.Add("labour_cost_share", string(RefuseRange), "labour_cost_share is a percentage more than 0 and at most 100")
	}
	return v.Err("inflow is not valid")
}

func checkDateRef(v *Validation, d Date, field, ref string, today Date) {
	switch {
	case d.IsZero():
		v.Add(field, string(RefuseRequired), "%s is required (YYYY-MM-DD)", field)
	case d.After(today):
		v.Add(field, string(RefuseFuture), "%s %s is in the future", field, d)
	}
	if ref == "" {
		v.Add("bank_ref", string(RefuseRequired), "bank_ref (the bank's own reference) is required: it makes a retry safe")
	} else if len(ref) > 100 {
		v.Add("bank_ref", string(RefuseTooLong), "bank_ref is at most 100 characters")
	}
}

// ConfirmationItem is the bank's result for one instruction.
type ConfirmationItem struct {
	InstructionID string
	Status        ConfirmationStatus
	Amount        Money
	BankRef       string
	SettledOn     Date
	Reason        string
	// BankCode is the status as the bank wrote it, for a row of a result
	// file read by the bank's status table ("" for a request's item). Only
	// such a row may carry a status that is not final (ConfirmPending …).
	BankCode string
	// BankErrorCode is the bank's own error code, verbatim (CMB errcod,
	// ICBC instrRetCode); "" when the bank gives none.
	BankErrorCode string
	// Raw is a result file row's columns as the bank wrote them (a JSON
	// object, heading → text), kept with the fact when it cannot be applied.
	Raw string
	// ReadErrors are what could not be read of a result file row (an
	// amount or date that is not one): the item is malformed, and kept.
	ReadErrors []FieldError
}

// Fingerprint is the hex SHA-256 of the item's content, which a retry of the
// same bank reference must repeat exactly (or be a conflict). Each field is
// written with its length first, in a fixed order, so no two different items
// can be written the same way. The bank's own code counts only for a status
// that is not final (two pending codes are two facts); a result's is left
// out, so a result reads the same from a request and from a file (S or 成功).
func (c *ConfirmationItem) Fingerprint() string {
	b := make([]byte, 0, 128)
	fields := []string{c.InstructionID, string(c.Status), c.Amount.String(), c.BankRef, c.SettledOn.String(), c.Reason}
	if !c.Status.Final() {
		fields = append(fields, c.BankCode)
	}
	if c.BankErrorCode != "" { // added only when given: earlier facts hash as they did
		fields = append(fields, "errcode", c.BankErrorCode)
	}
	if len(c.ReadErrors) > 0 { // a malformed row is told apart by what the bank wrote
		fields = append(fields, "raw", c.Raw)
	}
	for _, f := range fields {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
	}
	return SHA256Hex(b)
}

// KeptStatus is the status and bank status a kept fact is listed with: a
// status that is none of ours (a request's "lost") is unknown, with the
// text as given in the bank status.
func (c *ConfirmationItem) KeptStatus() (ConfirmationStatus, string) {
	switch c.Status {
	case ConfirmPaid, ConfirmFailed, ConfirmReturned, ConfirmPending, ConfirmUncertain, ConfirmUnknown:
		return c.Status, c.BankCode
	}
	return ConfirmUnknown, string(c.Status)
}

// Check validates one item as of today, returning its field errors: what
// could not be read, then what breaks a rule of the fields that could.
func (c *ConfirmationItem) Check(today Date) []FieldError {
	checked := c.check(today)
	if len(c.ReadErrors) == 0 {
		return checked
	}
	unread := map[string]bool{}
	for _, f := range c.ReadErrors {
		unread[f.Field] = true
	}
	out := append([]FieldError(nil), c.ReadErrors...)
	if unread["item"] { // not an item at all: nothing else to say
		return out
	}
	for _, f := range checked {
		if !unread[f.Field] { // an amount that could not be read is not also "missing"
			out = append(out, f)
		}
	}
	return out
}

func (c *ConfirmationItem) check(today Date) []FieldError {
	var v Validation
	c.BankRef = strings.TrimSpace(c.BankRef)
	c.Reason = strings.TrimSpace(c.Reason)
	fromFile := c.BankCode != ""
	if c.InstructionID == "" {
		v.Add("instruction_id", string(RefuseRequired), "instruction_id is required")
	}
	switch c.Status {
	case ConfirmPaid, ConfirmReturned:
		if c.Amount <= 0 {
			v.Add("amount", string(RefuseNotPositive), "a %s item carries the amount, more than zero", c.Status.Label())
		}
	case ConfirmFailed:
		// A result file's failed row with no reason is still a failure: its
		// status code is what the bank says (a request's item must say why).
		if c.Reason == "" && !fromFile {
			v.Add("reason", string(RefuseRequired), "a failed payment carries the bank's reason (closed card, name mismatch…)")
		}
		if c.Amount < 0 {
			v.Add("amount", string(RefuseNegative), "amount cannot be negative")
		}
	case ConfirmPending, ConfirmUncertain, ConfirmUnknown:
		if c.BankCode == "" {
			v.Add("status", string(RefuseUnknown), "status is paid, failed or returned")
		}
		if c.Amount < 0 {
			v.Add("amount", string(RefuseNegative), "amount cannot be negative")
		}
	default:
		v.Add("status", string(RefuseUnknown), "status is paid, failed or returned")
	}
	if !c.Status.Final() && fromFile && c.SettledOn.IsZero() {
		// A pending or uncertain row normally carries no date: it is kept
		// unmatched as it is, and only its reference is checked.
		checkDateRef(&v, today, "settled_on", c.BankRef, today)
		return v.Fields
	}
	checkDateRef(&v, c.SettledOn, "settled_on", c.BankRef, today)
	return v.Fields
}
