package service

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/store"
)

// bankStatuses maps what banks write in a result file to our statuses.
var bankStatuses = map[string]string{
	"paid": ledger.ConfirmPaid, "s": ledger.ConfirmPaid, "success": ledger.ConfirmPaid, "成功": ledger.ConfirmPaid, "已入账": ledger.ConfirmPaid, "7": ledger.ConfirmPaid,
	"failed": ledger.ConfirmFailed, "f": ledger.ConfirmFailed, "e": ledger.ConfirmFailed, "fail": ledger.ConfirmFailed, "失败": ledger.ConfirmFailed,
	"returned": ledger.ConfirmReturned, "r": ledger.ConfirmReturned, "退票": ledger.ConfirmReturned, "退汇": ledger.ConfirmReturned,
}

// FileResult is one row of a bank result file and what became of it.
type FileResult struct {
	Row int `json:"row"`
	ItemResult
}

// RecordConfirmationFile applies a bank's result file (CSV, XLSX or JSON)
// in batches of 10,000 rows, each batch as RecordConfirmations applies a
// request. A row whose payee account is not the instruction's card is
// refused, never applied silently.
func (s *Service) RecordConfirmationFile(ctx context.Context, bankID string, up Upload) ([]FileResult, error) {
	rd, err := openFile(up, &payrollfile.BankResults)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	f := &payrollfile.BankResults
	get := func(r *payrollfile.Record, n string) string { return r.Get(f.FieldIndex(n)) }
	var out []FileResult
	var items []ledger.ConfirmationItem
	var rows []int
	var accounts []string
	apply := func() error {
		if len(items) == 0 {
			return nil
		}
		res, err := s.confirmWithAccounts(ctx, bankID, items, accounts)
		if err != nil {
			return err
		}
		for i, r := range res {
			out = append(out, FileResult{Row: rows[i], ItemResult: r})
		}
		items, rows, accounts = items[:0], rows[:0], accounts[:0]
		return nil
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		it := ledger.ConfirmationItem{InstructionID: get(rec, "instruction_id"), BankRef: get(rec, "bank_ref"), Reason: get(rec, "reason")}
		bad := func(field, code, msg string) {
			out = append(out, FileResult{Row: rec.Row, ItemResult: ItemResult{Index: -1, InstructionID: it.InstructionID, BankRef: it.BankRef,
				Result: "refused", Errors: []ledger.FieldError{{Row: rec.Row, Field: field, Code: code, Message: msg}}}})
		}
		status, ok := bankStatuses[strings.ToLower(strings.TrimSpace(get(rec, "status")))]
		if !ok {
			bad("status", "unknown", "status is paid (成功), failed (失败) or returned (退票)")
			continue
		}
		it.Status = status
		if a := strings.TrimSpace(get(rec, "amount")); a != "" {
			m, err := ledger.ParseMoney(a)
			if err != nil {
				bad("amount", "amount", ledger.ErrorMessage(err))
				continue
			}
			it.Amount = m
		}
		d, msg := ledger.ParseDateLoose(get(rec, "settled_on"))
		if msg != "" {
			bad("settled_on", "date", "settled_on "+msg)
			continue
		}
		it.SettledOn = d
		items, rows = append(items, it), append(rows, rec.Row)
		accounts = append(accounts, ledger.NormaliseDigits(get(rec, "payee_account")))
		if len(items) == MaxConfirmationItems {
			if err := apply(); err != nil {
				return nil, err
			}
		}
	}
	if err := apply(); err != nil {
		return nil, err
	}
	return out, nil
}

// confirmWithAccounts refuses the items whose payee account differs from
// their instruction's card (compared by blind index), then applies the rest.
func (s *Service) confirmWithAccounts(ctx context.Context, bankID string, items []ledger.ConfirmationItem, accounts []string) ([]ItemResult, error) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.InstructionID
	}
	ins, err := store.InstructionsByID(s.DB.Reader(ctx), s.DB.Dialect, ids)
	if err != nil {
		return nil, err
	}
	results := make([]ItemResult, len(items))
	var keep []ledger.ConfirmationItem
	var where []int
	for i, it := range items {
		in := ins[it.InstructionID]
		if in != nil && accounts[i] != "" && s.Identity.Index("bank_card", accounts[i]) != in.PayeeCardIndex {
			results[i] = ItemResult{Index: i, InstructionID: it.InstructionID, BankRef: it.BankRef, Result: "refused", Errors: []ledger.FieldError{{
				Field: "payee_account", Code: "payee_mismatch", Message: "the payee account is not the card this instruction pays: check the file against the instruction"}}}
			continue
		}
		keep, where = append(keep, it), append(where, i)
	}
	if len(keep) > 0 {
		res, err := s.RecordConfirmations(ctx, bankID, keep)
		if err != nil {
			return nil, err
		}
		for j, r := range res {
			r.Index = where[j]
			results[where[j]] = r
		}
	}
	return results, nil
}
