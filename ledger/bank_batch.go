package ledger

import "strings"

// A payroll's bank file carries only what the bank still has to pay: its
// pending instructions. A re-issued instruction (to a corrected card, for
// what a failed or returned payment left owed) goes out in a batch of its
// own, never again under the payroll's batch reference: the bank has
// executed that batch already, and a re-issue cannot be paid on the
// payroll's pay day, which has passed. Re-issues of one day form one batch,
// <payroll id>-R<YYYYMMDD>, paid on the next working day after that day.

// BankBatch is one bank file of a payroll: its batch reference and the date
// the bank is asked to pay on.
type BankBatch struct {
	Ref       string
	ValueDate Date
}

// BankFileCandidate is what deciding an instruction's bank batch reads of it.
type BankFileCandidate struct {
	Status   InstructionStatus
	Reissue  bool // a re-issue of another instruction
	IssuedOn Date // the business day it was issued (re-issued)
}

// ReissueBatchRef is the batch reference of a payroll's re-issues of day d.
func ReissueBatchRef(payrollID string, d Date) string {
	return payrollID + "-R" + strings.ReplaceAll(d.String(), "-", "")
}

// BankBatchOf decides which bank file of payroll payrollID (whose own
// file pays on payDay) carries instruction c, and whether any does: only
// a pending instruction is still to be paid by the bank.
func (c *Calendar) BankBatchOf(payrollID string, payDay Date, in BankFileCandidate) (BankBatch, bool) {
	if in.Status != InstructionPending {
		return BankBatch{}, false
	}
	if !in.Reissue {
		return BankBatch{Ref: payrollID, ValueDate: payDay}, true
	}
	return BankBatch{Ref: ReissueBatchRef(payrollID, in.IssuedOn), ValueDate: c.NextWorkingDay(in.IssuedOn)}, true
}
