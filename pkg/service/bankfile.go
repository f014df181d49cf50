package service

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/payrollfile"
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
// in batches of 10,000 rows, each its own transaction, as RecordConfirmations
// applies a request. A row whose payee account is not the instruction's card
// is refused, never applied silently.
//
// The file is read while earlier batches are applied, and two batches may be
// applied at once (one transaction can use only one of the database's
// cores). Results are the ones a strictly sequential run gives: a batch that
// names an instruction of the batch still being applied waits for it, so the
// same instruction's facts always apply in file order. If a batch fails, the
// batches before it stay applied and the error is returned; sending the file
// again is safe, since every row is idempotent on its bank reference.
func (s *Service) RecordConfirmationFile(ctx context.Context, bankID string, up Upload) ([]FileResult, error) {
	rd, err := openFile(up, &payrollfile.BankResults)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	f := &payrollfile.BankResults
	get := func(r *payrollfile.Record, n string) string { return r.Get(f.FieldIndex(n)) }
	var out []FileResult
	b := &fileBatch{}
	run := newBatchRunner(ctx, s, bankID, &out)
	per := s.FileBatchRows
	if per <= 0 || per > MaxConfirmationItems {
		per = MaxConfirmationItems
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			run.stop()
			return nil, err
		}
		it := ledger.ConfirmationItem{InstructionID: get(rec, "instruction_id"), BankRef: get(rec, "bank_ref"), Reason: get(rec, "reason")}
		bad := func(field, code, msg string) {
			b.refused = append(b.refused, FileResult{Row: rec.Row, ItemResult: ItemResult{Index: -1, InstructionID: it.InstructionID, BankRef: it.BankRef,
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
		payee := ""
		if acct := ledger.NormaliseDigits(get(rec, "payee_account")); acct != "" {
			payee = s.Identity.Index("bank_card", acct)
		}
		b.items, b.rows, b.payees = append(b.items, it), append(b.rows, rec.Row), append(b.payees, payee)
		if len(b.items) == per {
			if err := run.start(b); err != nil {
				return nil, err
			}
			b = &fileBatch{}
		}
	}
	if err := run.start(b); err != nil {
		return nil, err
	}
	if err := run.wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// fileBatch is up to 10,000 rows of a bank file: the rows to apply and
// those refused while reading.
type fileBatch struct {
	items   []ledger.ConfirmationItem
	rows    []int
	payees  []string
	refused []FileResult
	results []ItemResult // once applied
}

// batchRunner applies a file's batches, at most one in flight while the
// next is started, and appends their results to out in file order.
type batchRunner struct {
	ctx      context.Context
	s        *Service
	bankID   string
	out      *[]FileResult
	inFlight *fileBatch
	names    map[string]bool // the instructions the batch in flight names
	done     chan error
}

func newBatchRunner(ctx context.Context, s *Service, bankID string, out *[]FileResult) *batchRunner {
	return &batchRunner{ctx: ctx, s: s, bankID: bankID, out: out}
}

// start begins applying b. With a batch already in flight it first waits for
// that one if b names any of its instructions, and in any case before a third
// would be in flight; each batch's results land in out when it is collected.
func (r *batchRunner) start(b *fileBatch) error {
	overlaps := false
	if r.inFlight != nil {
		for _, it := range b.items {
			if r.names[it.InstructionID] {
				overlaps = true
				break
			}
		}
	}
	if overlaps {
		if err := r.wait(); err != nil {
			return err
		}
	}
	prev, prevDone := r.inFlight, r.done
	r.inFlight, r.done = b, make(chan error, 1)
	r.names = make(map[string]bool, len(b.items))
	for _, it := range b.items {
		r.names[it.InstructionID] = true
	}
	done := r.done
	go func() {
		if len(b.items) == 0 {
			done <- nil
			return
		}
		res, err := r.s.applyConfirmationRequests(r.ctx, r.bankID, []*confirmRequest{{ctx: r.ctx, items: b.items, payees: b.payees}})
		if err == nil {
			b.results = res[0]
		}
		done <- err
	}()
	if prev != nil {
		return r.collect(prev, prevDone)
	}
	return nil
}

// wait collects the batch in flight, if any.
func (r *batchRunner) wait() error {
	if r.inFlight == nil {
		return nil
	}
	b, done := r.inFlight, r.done
	r.inFlight = nil
	return r.collect(b, done)
}

// stop waits for the batch in flight and drops its results (the file failed).
func (r *batchRunner) stop() { _ = r.wait() }

func (r *batchRunner) collect(b *fileBatch, done chan error) error {
	if err := <-done; err != nil {
		return err
	}
	*r.out = append(*r.out, b.refused...)
	for i, res := range b.results {
		res.Index = i
		*r.out = append(*r.out, FileResult{Row: b.rows[i], ItemResult: res})
	}
	return nil
}
