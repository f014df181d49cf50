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
var bankStatuses = map[string]ledger.ConfirmationStatus{
	"paid": ledger.ConfirmPaid, "s": ledger.ConfirmPaid, "success": ledger.ConfirmPaid, "成功": ledger.ConfirmPaid, "已入账": ledger.ConfirmPaid, "7": ledger.ConfirmPaid,
	"failed": ledger.ConfirmFailed, "f": ledger.ConfirmFailed, "e": ledger.ConfirmFailed, "fail": ledger.ConfirmFailed, "失败": ledger.ConfirmFailed,
	"returned": ledger.ConfirmReturned, "r": ledger.ConfirmReturned, "退票": ledger.ConfirmReturned, "退汇": ledger.ConfirmReturned,
}

// FileResult is one row of a bank result file and what became of it.
type FileResult struct {
	Row int
	ItemResult
}

// RecordConfirmationFile applies a bank's result file (CSV, XLSX or JSON)
// in batches of 10,000 rows, each its own transaction, as RecordConfirmations
// applies a request. A row whose payee account is not the instruction's card
// is refused, never applied silently.
//
// The file is read while earlier batches are applied, and several batches
// may be applied at once (one transaction can use only one of the database's
// cores). Results are the ones a strictly sequential run gives: a batch that
// names an instruction of a batch still being applied waits for it, so the
// same instruction's facts always apply in file order. If a batch fails, the
// error is returned once the batches in flight have finished; those before
// it, and any that ran beside it, stay applied. Sending the file again is
// safe, since every row is idempotent on its bank reference.
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
				Result: ledger.Refused, Errors: []ledger.FieldError{{Row: rec.Row, Field: field, Code: code, Message: msg}}}})
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

// batchesInFlight is how many batches of one file are applied at once: one
// transaction keeps one database core busy, and the file's reading and
// checking overlaps them.
const batchesInFlight = 2

// batchRunner applies a file's batches, up to batchesInFlight at once, and
// appends their results to out in file order.
type batchRunner struct {
	ctx      context.Context
	s        *Service
	bankID   string
	out      *[]FileResult
	inFlight []*runningBatch // oldest first
}

type runningBatch struct {
	*fileBatch
	names map[string]bool // the instructions it names
	done  chan error
}

func newBatchRunner(ctx context.Context, s *Service, bankID string, out *[]FileResult) *batchRunner {
	return &batchRunner{ctx: ctx, s: s, bankID: bankID, out: out}
}

// start begins applying b. It first collects, oldest first, every batch in
// flight up to the last one that names an instruction b names (so that one
// instruction's facts apply in file order), and then as many more as keep
// the batches in flight within the limit.
func (r *batchRunner) start(b *fileBatch) error {
	last := -1
	for i, f := range r.inFlight {
		for _, it := range b.items {
			if f.names[it.InstructionID] {
				last = i
				break
			}
		}
	}
	for len(r.inFlight) > 0 && (last >= 0 || len(r.inFlight) >= batchesInFlight) {
		if err := r.collectOldest(); err != nil {
			r.stop()
			return err
		}
		last--
	}
	rb := &runningBatch{fileBatch: b, names: make(map[string]bool, len(b.items)), done: make(chan error, 1)}
	for _, it := range b.items {
		rb.names[it.InstructionID] = true
	}
	r.inFlight = append(r.inFlight, rb)
	go func() {
		if len(b.items) == 0 {
			rb.done <- nil
			return
		}
		res, err := r.s.applyConfirmationRequests(r.ctx, r.bankID, []*confirmRequest{{ctx: r.ctx, items: b.items, payees: b.payees}})
		if err == nil {
			b.results = res[0]
		}
		rb.done <- err
	}()
	return nil
}

// wait collects every batch in flight, in order.
func (r *batchRunner) wait() error {
	var first error
	for len(r.inFlight) > 0 {
		if err := r.collectOldest(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// stop waits for the batches in flight and drops their results (the file failed).
func (r *batchRunner) stop() { _ = r.wait() }

func (r *batchRunner) collectOldest() error {
	b := r.inFlight[0]
	r.inFlight = r.inFlight[1:]
	if err := <-b.done; err != nil {
		return err
	}
	*r.out = append(*r.out, b.refused...)
	for i, res := range b.results {
		res.Index = i
		*r.out = append(*r.out, FileResult{Row: b.rows[i], ItemResult: res})
	}
	return nil
}
