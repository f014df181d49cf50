package service

import (
	"io"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/store"
)

// stageBatch is how many lines are staged per COPY while a payroll streams.
const stageBatch = 5000

// payrollCheck streams a payroll's lines: each is checked on its own, then
// in batches against the registry (a few queries per batch, never one per
// line), and written to payroll_lines with COPY while no line has failed.
// Memory holds one batch and one entry per worker seen (for duplicates).
type payrollCheck struct {
	s        *Service
	tx       *store.Tx
	pay      *ledger.Payroll
	rules    ledger.PayrollRules // the decisions, with the workers already paid
	bad      *rowErrors
	warnings []ledger.FieldError
	history  store.PayrollHistory
	batch    []pendingLine
}

type pendingLine struct {
	row  int
	line ledger.CheckedLine
	idx  string // identity blind index
	card string // card blind index
}

// checkedBatch is a batch of lines read and checked on their own.
type checkedBatch struct {
	lines []pendingLine
	errs  []ledger.FieldError
	read  int
	err   error
}

// run is a three-stage pipeline: one goroutine reads and checks lines, a
// second looks each batch up in the registry on a connection of its own
// (reads of committed data, outside the transaction), and the calling one
// writes the previous batch in the transaction meanwhile.
func (pc *payrollCheck) run(lines LineSource) (int, error) {
	checked := make(chan checkedBatch, 2)
	stop := make(chan struct{})
	defer close(stop)
	go pc.read(lines, checked, stop)
	type resolved struct {
		checkedBatch
		view *registryView
	}
	ready := make(chan resolved, 1)
	reader := pc.s.DB.Reader(pc.tx.Ctx())
	go func() {
		defer close(ready)
		for b := range checked {
			r := resolved{checkedBatch: b}
			if b.err == nil && len(b.lines) > 0 {
				r.view, r.err = pc.lookup(reader, b.lines)
			}
			select {
			case ready <- r:
			case <-stop:
				return
			}
		}
	}()
	read := 0
	for r := range ready {
		read += r.read
		for _, f := range r.errs {
			pc.bad.add(f.Row, f)
		}
		if r.err != nil {
			return read, r.err
		}
		pc.batch = r.lines
		if err := pc.flush(r.view); err != nil {
			return read, err
		}
	}
	return read, nil
}

func (pc *payrollCheck) read(lines LineSource, out chan<- checkedBatch, stop <-chan struct{}) {
	defer close(out)
	b := checkedBatch{lines: make([]pendingLine, 0, stageBatch)}
	send := func() bool {
		select {
		case out <- b:
			b = checkedBatch{lines: make([]pendingLine, 0, stageBatch)}
			return true
		case <-stop:
			return false
		}
	}
	for {
		row, in, err := lines.Next()
		if err == io.EOF {
			send()
			return
		}
		if err != nil {
			b.err = err
			send()
			return
		}
		b.read++
		l, errs := ledger.CheckPayrollLine(in, pc.pay.Period)
		for _, f := range errs {
			if f.Field == "id_number" || f.Field == "bank_card" {
				raw := in.IDNumber
				if f.Field == "bank_card" {
					raw = in.BankCard
				}
				if d := payrollfile.Damage(f.Field, raw); d != nil {
					f = *d
				}
			}
			f.Row = row
			b.errs = append(b.errs, f)
		}
		if len(errs) > 0 {
			continue
		}
		if l.NotACard != nil {
			// Not a card: explain spreadsheet damage now, in case it is not
			// the worker's registered account either.
			if d := payrollfile.Damage("bank_card", in.BankCard); d != nil {
				l.NotACard = d
			}
		}
		b.lines = append(b.lines, pendingLine{row: row, line: l,
			idx: pc.s.Identity.Index("id_number", l.ID), card: pc.s.Identity.Index("bank_card", l.BankCard)})
		if len(b.lines) == stageBatch && !send() {
			return
		}
	}
}

// registryView is what the registry says about one batch's payees, by
// identity blind index.
type registryView struct {
	people map[string]ledger.Payee
	// owed is, for an advance, what the books still owe each payee's
	// enrolment for the period, by enrolment.
	owed map[string]ledger.Outstanding
}

// lookup reads the registry for a batch: the payees, their attendance in
// the period and their usual pay.
func (pc *payrollCheck) lookup(q store.Querier, batch []pendingLine) (*registryView, error) {
	pay := pc.pay
	idx := make([]string, len(batch))
	for i, p := range batch {
		idx[i] = p.idx
	}
	// One statement per batch: payees, their enrolment, attendance and usual pay.
	matches, err := store.MatchPayees(q, pc.s.DB.Dialect, pay.ProjectID, pay.EmployerID, idx, pay.Period, pc.history)
	if err != nil {
		return nil, err
	}
	v := &registryView{people: make(map[string]ledger.Payee, len(matches))}
	var enrolments []string
	for k, m := range matches {
		v.people[k] = m.Payee()
		if m.EnrolmentID != nil {
			enrolments = append(enrolments, *m.EnrolmentID)
		}
	}
	if pay.Kind == ledger.PayrollAdvance {
		v.owed, err = store.AdvanceOutstanding(q, pc.s.DB.Dialect, pay.ProjectID, pay.Period, enrolments)
	}
	return v, err
}

// flush decides each line of a batch against its registry view and writes
// the batch's lines; once any line is refused nothing will be stored, so it
// keeps checking but stops building rows.
func (pc *payrollCheck) flush(v *registryView) error {
	if len(pc.batch) == 0 {
		return nil
	}
	rows := make([]store.PayrollLineRow, 0, len(pc.batch))
	for _, p := range pc.batch {
		line := ledger.PayeeLine{Row: p.row, Line: p.line, IDMasked: identity.MaskID(p.line.ID), CardIndex: p.card}
		payee, found := v.people[p.idx]
		var refusals []ledger.FieldError
		if found {
			refusals = pc.rules.Refusals(line, &payee)
		} else {
			refusals = pc.rules.Refusals(line, nil)
		}
		var advance ledger.AdvanceOf
		if pc.pay.Kind == ledger.PayrollAdvance && len(refusals) == 0 {
			var f *ledger.FieldError
			if advance, f = ledger.AdvanceLine(p.row, p.line.Net, v.owed[payee.EnrolmentID]); f != nil {
				refusals = append(refusals, *f)
			}
		}
		for _, f := range refusals {
			pc.bad.add(f.Row, f)
		}
		if len(pc.bad.fields) > 0 {
			continue
		}
		row := pc.stored(line, payee, pc.rules.Warnings(p.line, payee))
		row.AdvanceOf = advance
		rows = append(rows, row)
	}
	pc.batch = pc.batch[:0]
	if len(pc.bad.fields) > 0 {
		return nil
	}
	return store.WritePayrollLines(pc.tx, pc.pay.ProjectID, pc.pay.ID, rows)
}

// stored counts an accepted line into the payroll's totals and warnings and
// returns it as it is written.
func (pc *payrollCheck) stored(line ledger.PayeeLine, payee ledger.Payee, warn []ledger.Msg) store.PayrollLineRow {
	pay, l := pc.pay, line.Line
	if len(warn) > 0 {
		pay.Warnings += len(warn) // every warning, as line_warnings lists them
		for _, w := range warn {
			if len(pc.warnings) < maxReportedErrors {
				pc.warnings = append(pc.warnings, ledger.Warning.Atf(line.Row, "line", "%s", w))
			}
		}
	}
	pay.Totals.Lines++
	pay.Totals.Gross += l.Gross
	pay.Totals.Deductions += l.Deductions
	pay.Totals.Net += l.Net
	return store.PayrollLineRow{LineNo: pay.Totals.Lines, Row: line.Row, EnrolmentID: payee.EnrolmentID, WorkerID: payee.WorkerID, Name: l.Name,
		IDMasked: line.IDMasked, Centidays: l.Centidays, Gross: l.Gross, Deductions: l.Deductions, Net: l.Net,
		CardMasked: identity.MaskCard(l.BankCard), Confirmed: l.Confirmed, Warnings: storedMsgs(warn), Centihours: l.Centihours, Items: l.Items}
}

// storedMsgs is how a payroll line keeps its warnings: as messages (JSON),
// so that they are read later in the reader's language; "" for none.
func storedMsgs(ms []ledger.Msg) string {
	if len(ms) == 0 {
		return ""
	}
	b := make([]byte, 0, 96*len(ms))
	b = append(b, '[')
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = m.AppendJSON(b)
	}
	return string(append(b, ']'))
}
