package service

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/bankfile"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/store"
)

// FileResult is one row of a bank result file and what became of it.
type FileResult struct {
	Row int
	ItemResult
	// BankStatus is the row's status as the bank wrote it and what its
	// table (bank_code) says it means.
	BankStatus *bankfile.Status
}

// RecordConfirmationFile applies a bank's result file (CSV, XLSX or JSON)
// in batches of 10,000 rows, each its own transaction, as RecordConfirmations
// applies a request. A row whose payee account is not the instruction's card
// is refused, never applied silently. The status column is read by the
// status table of the sending bank: the bank_code of its organisation, or,
// when it has none, the upload's bankCode; with neither, by the generic
// words alone (bankfile.StatusTableFor), never another bank's codes;
// a row whose status is not a final result (pending, uncertain, unknown)
// goes into its batch like any other, where it is refused without applying
// and kept as an unmatched confirmation with the bank's code, audited with
// the batch: the bank's later row with the final result applies normally.
//
// The file is read while earlier batches are applied, and several batches
// may be applied at once (one transaction can use only one of the database's
// cores). Results are the ones a strictly sequential run gives: a batch that
// names an instruction of a batch still being applied waits for it, so the
// same instruction's facts always apply in file order. If a batch fails, the
// error is returned once the batches in flight have finished; those before
// it, and any that ran beside it, stay applied. Sending the file again is
// safe, since every row is idempotent on its bank reference.
func (s *Service) RecordConfirmationFile(ctx context.Context, bankID, bankCode string, up Upload) ([]FileResult, error) {
	statuses, err := s.statusTableOf(ctx, bankID, bankCode)
	if err != nil {
		return nil, err
	}
	rd, err := openFile(up, &payrollfile.BankResults)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
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
		s.readResultRow(b, rec, statuses)
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

// statusTableOf is the status table that reads the files of bank bankID:
// its own bank code's, or the upload's when the bank has none. An upload
// naming another bank's code than the bank's own is refused: the file
// would be read by the wrong bank's words.
func (s *Service) statusTableOf(ctx context.Context, bankID, uploaded string) (*bankfile.StatusTable, error) {
	bank, err := store.GetOrganization(s.DB.Reader(ctx), bankID)
	if err != nil {
		return nil, err
	}
	if bank.BankCode == "" {
		return bankfile.StatusTableFor(uploaded)
	}
	t, err := bankfile.StatusTableFor(bank.BankCode)
	if err != nil {
		return nil, err
	}
	if uploaded != "" {
		if u, err := bankfile.StatusTableFor(uploaded); err != nil || u.BankCode != t.BankCode {
			return nil, ledger.NewError(ledger.EInvalid, ledger.M("bank_code is not this bank's"),
				ledger.FieldErrorf(0, "bank_code", "bank_code", "bank_code is not the sending bank's own code %s: leave it out, the bank's own is used", t.BankCode))
		}
	}
	return t, nil
}

// readResultRow reads one row of a result file into the batch. A row that
// names nothing (no instruction, no bank reference) is refused here; every
// other goes into the batch, where what cannot be read of it (an amount or
// date that is not one) makes it malformed: refused and kept unmatched with
// its columns as written, never dropped.
func (s *Service) readResultRow(b *fileBatch, rec *payrollfile.Record, statuses *bankfile.StatusTable) {
	f, c := &payrollfile.BankResults, &resultFields
	get := func(i int) string { return strings.TrimSpace(rec.Get(i)) }
	raw := get(c.status)
	if raw == "" {
		raw = get(c.batchFlag) // CMB: the batch's rtnflg tells a line with no stscod
	}
	status := statuses.Read(raw)
	status.ErrorCode = get(c.errorCode)
	it := ledger.ConfirmationItem{InstructionID: get(c.instruction), BankRef: get(c.bankRef), Reason: get(c.reason),
		Status: ledger.ConfirmationStatus(status.Outcome), BankCode: status.Code, BankErrorCode: get(c.errorCode), Raw: rawColumns(f, rec)}
	if it.InstructionID == "" && it.BankRef == "" {
		b.refused = append(b.refused, FileResult{Row: rec.Row, BankStatus: &status, ItemResult: ItemResult{Index: -1, Result: ledger.Refused,
			Errors: []ledger.FieldError{ledger.RefuseRequired.At(rec.Row, "instruction_id", "the row names no instruction and no bank reference: nothing to keep it under")}}})
		return
	}
	if it.Reason == "" && status.Outcome == bankfile.OutcomeFailed && status.Meaning != "" {
		it.Reason = status.Meaning + " (" + status.Code + ")" // the bank's code is its reason: CMB R 否决
	}
	it.Amount = readAmount(&it, rec.Row, get(c.amount), get(c.amountFen))
	if d, msg := ledger.ParseDateLoose(get(c.settledOn)); msg.Key == "" {
		it.SettledOn = d
	} else if get(c.settledOn) != "" { // none at all is Check's to judge: a pending row needs none
		it.ReadErrors = append(it.ReadErrors, ledger.RefuseDate.Atf(rec.Row, "settled_on", "%s %s", ledger.Column("settled_on"), msg))
	}
	payee := ""
	if acct := ledger.NormaliseDigits(get(c.payeeAccount)); acct != "" {
		payee = s.Identity.Index("bank_card", acct)
	}
	b.items, b.rows, b.payees, b.statuses = append(b.items, it), append(b.rows, rec.Row), append(b.payees, payee), append(b.statuses, status)
}

// resultFields are the positions of a result file's fields in its schema,
// found once rather than by name for every row.
var resultFields = struct {
	instruction, bankRef, status, batchFlag, amount, amountFen, settledOn, reason, errorCode, payeeAccount int
}{
	instruction: payrollfile.BankResults.FieldIndex("instruction_id"), bankRef: payrollfile.BankResults.FieldIndex("bank_ref"),
	status: payrollfile.BankResults.FieldIndex("status"), batchFlag: payrollfile.BankResults.FieldIndex("batch_flag"),
	amount: payrollfile.BankResults.FieldIndex("amount"), amountFen: payrollfile.BankResults.FieldIndex("amount_fen"),
	settledOn: payrollfile.BankResults.FieldIndex("settled_on"), reason: payrollfile.BankResults.FieldIndex("reason"),
	errorCode: payrollfile.BankResults.FieldIndex("error_code"), payeeAccount: payrollfile.BankResults.FieldIndex("payee_account"),
}

// readAmount reads a row's amount, in yuan (CMB trsamt) or in fen (ICBC
// PayAmt); what cannot be read is one of the item's ReadErrors.
func readAmount(it *ledger.ConfirmationItem, row int, yuan, fen string) ledger.Money {
	field, text := "amount", yuan
	if yuan == "" {
		field, text = "amount_fen", fen
	}
	if text == "" {
		return 0
	}
	m, err := ledger.ParseMoneyIn(text, field == "amount_fen")
	if err != nil {
		it.ReadErrors = append(it.ReadErrors, ledger.RefuseAmount.Atf(row, field, "%s", ledger.ErrorMsg(err)))
	}
	return m
}

// rawColumns is a row's columns as the bank wrote them, heading → text
// (the schema's names), kept with a fact that cannot be applied: a JSON
// object written as json.Marshal writes a map[string]string (keys in
// order, the same escaping), without building and sorting a map per row
// of every file (TestRawColumnsIsTheMapsJSON holds the two equal).
func rawColumns(f *payrollfile.Schema, rec *payrollfile.Record) string {
	b := make([]byte, 0, 256)
	b = append(b, '{')
	for _, i := range fieldsByName(f) {
		v := rec.Get(i)
		if v == "" {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.Fields[i].Name)
		b = append(b, ':')
		b = appendJSONString(b, v)
	}
	return string(append(b, '}'))
}

var sortedFields sync.Map // *payrollfile.Schema → []int

// fieldsByName is the positions of f's fields in the order of their names.
func fieldsByName(f *payrollfile.Schema) []int {
	if v, ok := sortedFields.Load(f); ok {
		return v.([]int)
	}
	order := make([]int, len(f.Fields))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, c int) bool { return f.Fields[order[a]].Name < f.Fields[order[c]].Name })
	sortedFields.Store(f, order)
	return order
}

// appendJSONString appends s as encoding/json writes a string: quoted as
// it is when nothing in it needs escaping, by encoding/json otherwise.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == 0xe2 {
			// 0xe2 begins U+2028 and U+2029, which encoding/json escapes.
			e, _ := json.Marshal(s)
			return append(b, e...)
		}
	}
	if !utf8.ValidString(s) {
		e, _ := json.Marshal(s)
		return append(b, e...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// fileBatch is up to 10,000 rows of a bank file: the rows to apply and
// those refused while reading.
type fileBatch struct {
	items    []ledger.ConfirmationItem
	rows     []int
	payees   []string
	statuses []bankfile.Status
	refused  []FileResult
	results  []ItemResult // once applied
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
		res.Errors = atRow(res.Errors, b.rows[i])
		*r.out = append(*r.out, FileResult{Row: b.rows[i], ItemResult: res, BankStatus: &b.statuses[i]})
	}
	return nil
}

// atRow is a decided row's errors naming its row of the file.
func atRow(errs []ledger.FieldError, row int) []ledger.FieldError {
	if len(errs) == 0 {
		return errs
	}
	out := make([]ledger.FieldError, len(errs))
	for i, e := range errs {
		e.Row = row
		out[i] = e
	}
	return out
}
