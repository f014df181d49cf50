package ledger

import (
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
type InflowInput struct {
	AccountNo  string `json:"account_no"`
	Amount     Money  `json:"amount"`
	ReceivedOn Date   `json:"received_on"`
	BankRef    string `json:"bank_ref"`
	Payer      string `json:"payer"`
}

// Check validates an inflow as of today.
func (in *InflowInput) Check(today Date) error {
	var v Validation
	in.AccountNo = strings.ReplaceAll(strings.TrimSpace(in.AccountNo), " ", "")
	in.BankRef = strings.TrimSpace(in.BankRef)
	if in.AccountNo == "" {
		v.Add("account_no", string(RefuseRequired), "account_no (the wage account) is required")
	}
	if in.Amount <= 0 {
		v.Add("amount", string(RefuseNotPositive), "an allocation's amount must be more than zero")
	}
	checkDateRef(&v, in.ReceivedOn, "received_on", in.BankRef, today)
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
}

// Fingerprint is the hex SHA-256 of the item's content, which a retry of the
// same bank reference must repeat exactly (or be a conflict). Each field is
// written with its length first, in a fixed order, so no two different items
// can be written the same way.
func (c *ConfirmationItem) Fingerprint() string {
	b := make([]byte, 0, 128)
	for _, f := range []string{c.InstructionID, string(c.Status), c.Amount.String(), c.BankRef, c.SettledOn.String(), c.Reason} {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
	}
	return SHA256Hex(b)
}

// Check validates one item as of today, returning its field errors.
func (c *ConfirmationItem) Check(today Date) []FieldError {
	var v Validation
	c.BankRef = strings.TrimSpace(c.BankRef)
	c.Reason = strings.TrimSpace(c.Reason)
	if c.InstructionID == "" {
		v.Add("instruction_id", string(RefuseRequired), "instruction_id is required")
	}
	switch c.Status {
	case ConfirmPaid, ConfirmReturned:
		if c.Amount <= 0 {
			v.Add("amount", string(RefuseNotPositive), "a %s item carries the amount, more than zero", c.Status)
		}
	case ConfirmFailed:
		if c.Reason == "" {
			v.Add("reason", string(RefuseRequired), "a failed payment carries the bank's reason (closed card, name mismatch…)")
		}
		if c.Amount < 0 {
			v.Add("amount", string(RefuseNegative), "amount cannot be negative")
		}
	default:
		v.Add("status", string(RefuseUnknown), "status is paid, failed or returned")
	}
	checkDateRef(&v, c.SettledOn, "settled_on", c.BankRef, today)
	return v.Fields
}
