package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/bankfile"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/store"
)

// PayrollSubmission is the header of a payroll upload.
type PayrollSubmission struct {
	EmployerID string
	Period     string
	Kind       string // regular (default) or supplementary
	// Control totals from the file's sender; checked when given.
	ControlLines *int
	ControlNet   *ledger.Money
	DryRun       bool
}

// LineSource yields payroll lines: a file's rows or a JSON body's lines.
type LineSource interface {
	Next() (row int, in ledger.PayrollLineInput, err error)
}

// FileLines reads payroll lines from an uploaded file.
func FileLines(up Upload) (LineSource, func(), error) {
	rd, err := openFile(up, &payrollfile.Payroll)
	if err != nil {
		return nil, func() {}, err
	}
	return &fileLines{rd: rd}, func() { rd.Close() }, nil
}

type fileLines struct{ rd *payrollfile.Reader }

func (f *fileLines) Next() (int, ledger.PayrollLineInput, error) {
	rec, err := f.rd.Next()
	if err != nil {
		return 0, ledger.PayrollLineInput{}, err
	}
	p := &payrollfile.Payroll
	g := func(n string) string { return rec.Get(p.FieldIndex(n)) }
	return rec.Row, ledger.PayrollLineInput{IDNumber: g("id_number"), Name: g("name"), DaysWorked: g("days_worked"), GrossPay: g("gross_pay"),
		Deductions: g("deductions"), NetPay: g("net_pay"), BankCard: g("bank_card"), Confirmed: g("confirmed")}, nil
}

// SliceLines serves lines given in a JSON body; rows are 1-based line numbers.
type SliceLines struct {
	Lines []ledger.PayrollLineInput
	i     int
}

func (s *SliceLines) Next() (int, ledger.PayrollLineInput, error) {
	if s.i >= len(s.Lines) {
		return 0, ledger.PayrollLineInput{}, io.EOF
	}
	s.i++
	return s.i, s.Lines[s.i-1], nil
}

// PayrollResult is the answer to a payroll upload.
type PayrollResult struct {
	*ledger.Payroll
	DryRun     bool
	Replaces   string
	LineErrors []ledger.FieldError
}

// stageBatch is how many lines are staged per COPY while a payroll streams.
const stageBatch = 5000

// SubmitPayroll validates a payroll whole and stores it as submitted, or
// stores nothing and reports every bad line. A new regular payroll replaces
// a submitted one for the same employer and month and is refused after
// approval; the same file again returns the payroll it created.
func (s *Service) SubmitPayroll(ctx context.Context, projectID string, sub PayrollSubmission, sha, source string, lines LineSource) (*PayrollResult, bool, error) {
	caller := CallerFrom(ctx)
	var v ledger.Validation
	kind := strings.TrimSpace(sub.Kind)
	if kind == "" {
		kind = ledger.PayrollRegular
	}
	if kind != ledger.PayrollRegular && kind != ledger.PayrollSupplementary {
		v.Add("kind", "unknown", "kind is regular or supplementary (补发)")
	}
	employer := strings.TrimSpace(sub.EmployerID)
	if employer == "" && caller.Role == ledger.RoleContractor {
		employer = caller.OrgID
	}
	if employer == "" {
		v.Add("employer_id", "required", "employer_id is required")
	}
	if err := v.Err("payroll is not valid"); err != nil {
		return nil, false, err
	}
	var res *PayrollResult
	replayed := false
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		p, only, err := projectFor(tx, ctx, projectID)
		if err != nil {
			return err
		}
		if only != "" && employer != only {
			return ledger.Errorf(ledger.EForbidden, "a subcontractor submits only its own payroll")
		}
		if !isEmployer(p, employer) {
			return fieldErr("employer_id", "not_on_project", fmt.Sprintf("%s is neither the general contractor nor a subcontractor of project %s", employer, p.Code))
		}
		period, ferr := ledger.CheckPayrollPeriod(sub.Period, p.StartedOn, ledger.DateOf(tx.Now))
		if ferr != nil {
			return &ledger.Error{Code: ledger.EInvalid, Message: "payroll is not valid", Fields: []ledger.FieldError{*ferr}}
		}
		if !sub.DryRun {
			prev, err := store.PayrollByFile(tx, projectID, employer, period, kind, sha)
			if err != nil {
				return err
			}
			if prev != nil {
				res, replayed = &PayrollResult{Payroll: prev, LineErrors: []ledger.FieldError{}}, true
				return nil
			}
		}
		var live *ledger.Payroll
		if kind == ledger.PayrollRegular {
			if live, err = store.LivePayroll(tx, projectID, employer, period); err != nil {
				return err
			}
			if live != nil && live.Status == ledger.PayrollApproved {
				return ledger.Errorf(ledger.EConflict, "the %s payroll of this employer was approved (%s): correct it with a supplementary payroll", period, live.ID)
			}
		}
		pay := &ledger.Payroll{ID: ledger.NewID("pay"), ProjectID: projectID, EmployerID: employer, Period: period, Kind: kind,
			Status: ledger.PayrollSubmitted, FileSHA256: sha, Source: clipName(source), SubmittedAt: tx.Now, SubmittedBy: caller.ActorName()}
		if live != nil {
			// The new upload replaces the submitted one; if it is refused,
			// the transaction rolls back and the old one stands.
			if err := store.SetPayrollStatus(tx, projectID, live.ID, ledger.PayrollSubmitted, ledger.PayrollSuperseded, "", ""); err != nil {
				return err
			}
		}
		if err := store.CreatePayroll(tx, pay); err != nil {
			return err
		}
		pc := payrollCheck{s: s, tx: tx, pay: pay, minimumWage: -1, bad: &rowErrors{}, firstRow: map[string]int{}}
		if mw, ok := s.policy().MinimumWageFor(p.RegionCode, period.Last()); ok {
			pc.minimumWage = mw.Monthly
		}
		if pc.history, err = store.HistoryOf(tx, projectID, period); err != nil {
			return err
		}
		read, err := pc.run(lines)
		if err != nil {
			return err
		}
		if read == 0 {
			return ledger.Errorf(ledger.EInvalid, "the payroll has no lines")
		}
		bad := pc.bad
		if sub.ControlLines != nil && *sub.ControlLines != read {
			bad.add(0, ledger.FieldError{Field: "line_count", Code: "control_total", Message: fmt.Sprintf("the control total says %d lines but the payroll has %d", *sub.ControlLines, read)})
		}
		if sub.ControlNet != nil && len(bad.fields) == 0 && *sub.ControlNet != pay.Totals.Net {
			bad.add(0, ledger.FieldError{Field: "net_total", Code: "control_total", Message: fmt.Sprintf("the control total says net %s but the lines add up to %s", *sub.ControlNet, pay.Totals.Net)})
		}
		sort.SliceStable(bad.fields, func(i, j int) bool { return bad.fields[i].Row < bad.fields[j].Row })
		if err := bad.err("payroll"); err != nil {
			return err
		}
		res = &PayrollResult{Payroll: pay, DryRun: sub.DryRun, LineErrors: pc.warnings}
		if res.LineErrors == nil {
			res.LineErrors = []ledger.FieldError{}
		}
		if sub.DryRun {
			return errDryRun
		}
		if err := store.SetPayrollTotals(tx, pay); err != nil {
			return err
		}
		if live != nil {
			res.Replaces = live.ID
			if err := audit(tx, projectID, "payroll.supersede", live.ID, "replaced by "+pay.ID, map[string]string{"by": pay.ID}); err != nil {
				return err
			}
		}
		totals := pay.Totals
		return audit(tx, projectID, "payroll.submit", pay.ID, fmt.Sprintf("%s %s %s: %d lines, net %s", kind, employer, period, totals.Lines, totals.Net),
			map[string]string{"sha256": sha})
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, false, err
	}
	return res, replayed, nil
}

// payrollCheck streams a payroll's lines: each is checked on its own, then
// in batches against the registry (a few queries per batch, never one per
// line), and written to payroll_lines with COPY while no line has failed.
// Memory holds one batch and one entry per worker seen (for duplicates).
type payrollCheck struct {
	s           *Service
	tx          *store.Tx
	pay         *ledger.Payroll
	minimumWage ledger.Money // -1: unknown in the region
	bad         *rowErrors
	warnings    []ledger.FieldError
	firstRow    map[string]int // worker ID → the first row paying them
	history     store.PayrollHistory
	batch       []pendingLine
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
		b.lines = append(b.lines, pendingLine{row: row, line: l,
			idx: pc.s.Identity.Index("id_number", l.ID), card: pc.s.Identity.Index("bank_card", l.BankCard)})
		if len(b.lines) == stageBatch && !send() {
			return
		}
	}
}

// registryView is what the registry says about one batch's payees.
type registryView struct {
	people map[string]store.PayeeMatch
	days   map[string]int
	usual  map[string]ledger.Money
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
	people, err := store.MatchPayees(q, pc.s.DB.Dialect, pay.ProjectID, pay.EmployerID, idx, pay.Period, pc.history)
	if err != nil {
		return nil, err
	}
	v := &registryView{people: people, days: map[string]int{}, usual: map[string]ledger.Money{}}
	for _, m := range people {
		if m.EnrolmentID != nil {
			v.days[*m.EnrolmentID] = m.AttendedDays
			v.usual[*m.EnrolmentID] = ledger.Money(m.UsualNet)
		}
	}
	return v, nil
}

// flush checks a batch against its registry view and writes its lines.
func (pc *payrollCheck) flush(v *registryView) error {
	if len(pc.batch) == 0 {
		return nil
	}
	tx, pay := pc.tx, pc.pay
	people, days, usual := v.people, v.days, v.usual
	rows := make([]store.PayrollLineRow, 0, len(pc.batch))
	for _, p := range pc.batch {
		l := p.line
		w, ok := people[p.idx]
		if !ok {
			pc.bad.add(p.row, ledger.FieldError{Field: "id_number", Code: "not_registered",
				Message: "nobody with identity number " + identity.MaskID(l.ID) + " is registered: register the worker before paying them"})
			continue
		}
		if first, dup := pc.firstRow[w.WorkerID]; dup {
			pc.bad.add(p.row, ledger.FieldError{Field: "id_number", Code: "duplicate", Message: fmt.Sprintf("the worker is on row %d too: each worker appears at most once per payroll", first)})
			continue
		}
		pc.firstRow[w.WorkerID] = p.row
		if w.Name != l.Name {
			pc.bad.add(p.row, ledger.FieldError{Field: "name", Code: "name_mismatch", Message: "the name " + l.Name + " does not match the registered name of " + identity.MaskID(l.ID)})
		}
		if w.EnrolmentID == nil {
			pc.bad.add(p.row, ledger.FieldError{Field: "id_number", Code: "not_enrolled",
				Message: fmt.Sprintf("%s is not enrolled on this project with employer %s at any time in %s", identity.MaskID(l.ID), pay.EmployerID, pay.Period)})
			continue
		}
		enr := *w.EnrolmentID
		if *w.CardIndex != p.card {
			pc.bad.add(p.row, ledger.FieldError{Field: "bank_card", Code: "not_registered_card",
				Message: "this is not the worker's registered bank card: wages go only to the card registered in the worker's own name"})
		}
		if len(pc.bad.fields) > 0 {
			continue // nothing will be stored: keep checking, stop building rows
		}
		var warn []string
		if d := days[enr]; l.Centidays > d*100 {
			warn = append(warn, fmt.Sprintf("days worked exceed the %d days of attendance on record", d))
		}
		if u := usual[enr]; u > 0 && l.Net > 3*u {
			warn = append(warn, "net pay is more than three times the worker's usual pay on this project ("+u.String()+")")
		}
		if !l.Confirmed {
			warn = append(warn, "the worker has not confirmed this line (本人签字确认)")
		}
		if pc.minimumWage > 0 && l.Centidays >= fullMonthCentidays && l.Gross < pc.minimumWage {
			warn = append(warn, "a full month's gross pay is below the local minimum wage of "+pc.minimumWage.String())
		}
		if len(warn) > 0 {
			pay.Warnings++
			for _, w := range warn {
				if len(pc.warnings) < maxReportedErrors {
					pc.warnings = append(pc.warnings, ledger.FieldError{Row: p.row, Field: "line", Code: "warning", Message: w})
				}
			}
		}
		pay.Totals.Lines++
		pay.Totals.Gross += l.Gross
		pay.Totals.Deductions += l.Deductions
		pay.Totals.Net += l.Net
		rows = append(rows, store.PayrollLineRow{LineNo: pay.Totals.Lines, Row: p.row, EnrolmentID: enr, WorkerID: w.WorkerID, Name: l.Name,
			IDMasked: identity.MaskID(l.ID), Centidays: l.Centidays, Gross: l.Gross, Deductions: l.Deductions, Net: l.Net,
			CardMasked: identity.MaskCard(l.BankCard), Confirmed: l.Confirmed, Warnings: strings.Join(warn, "; ")})
	}
	pc.batch = pc.batch[:0]
	if len(pc.bad.fields) > 0 {
		return nil
	}
	return store.WritePayrollLines(tx, pay.ProjectID, pay.ID, rows)
}

// fullMonthCentidays is the standard working month (21.75 days) that makes
// a line "a full month" for the minimum-wage check.
const fullMonthCentidays = 2175

func fieldErr(field, code, msg string) error {
	return &ledger.Error{Code: ledger.EInvalid, Message: "request is not valid", Fields: []ledger.FieldError{{Field: field, Code: code, Message: msg}}}
}

// payrollFor reads a payroll and checks the caller may see it: a
// subcontractor sees only its own payrolls.
func payrollFor(q store.Querier, ctx context.Context, id string) (*ledger.Payroll, *ledger.Project, error) {
	pay, err := store.GetPayroll(q, id)
	if err != nil {
		return nil, nil, err
	}
	p, only, err := projectFor(q, ctx, pay.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	if only != "" && pay.EmployerID != only {
		return nil, nil, ledger.Errorf(ledger.ENotFound, "payroll %q not found", id)
	}
	return pay, p, nil
}

// ApprovePayroll is the wage officer's approval: in one transaction it posts
// what each worker is owed and creates the payment instructions.
func (s *Service) ApprovePayroll(ctx context.Context, id string) (*ledger.Payroll, error) {
	var out *ledger.Payroll
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		pay, p, err := payrollFor(tx, ctx, id)
		if err != nil {
			return err
		}
		if pay.Status != ledger.PayrollSubmitted {
			return ledger.Errorf(ledger.EConflict, "payroll %s is %s: only a submitted payroll can be approved", id, pay.Status)
		}
		by := CallerFrom(ctx).ActorName()
		if err := store.SetPayrollStatus(tx, pay.ProjectID, id, ledger.PayrollSubmitted, ledger.PayrollApproved, by, ""); err != nil {
			return err
		}
		n, err := store.ApprovePayrollLines(tx, pay, p, ledger.DateOf(tx.Now))
		if err != nil {
			return err
		}
		now := tx.Now
		pay.Status, pay.DecidedAt, pay.DecidedBy = ledger.PayrollApproved, &now, by
		out = pay
		return audit(tx, pay.ProjectID, "payroll.approve", id, fmt.Sprintf("%d instructions, net %s", n, pay.Totals.Net), map[string]string{"payroll": id})
	})
	return out, err
}

// RejectPayroll sends a submitted payroll back with a reason.
func (s *Service) RejectPayroll(ctx context.Context, id, reason string) (*ledger.Payroll, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fieldErr("reason", "required", "a rejection needs a reason the employer can act on")
	}
	var out *ledger.Payroll
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		pay, _, err := payrollFor(tx, ctx, id)
		if err != nil {
			return err
		}
		if pay.Status != ledger.PayrollSubmitted {
			return ledger.Errorf(ledger.EConflict, "payroll %s is %s: only a submitted payroll can be rejected", id, pay.Status)
		}
		by := CallerFrom(ctx).ActorName()
		if err := store.SetPayrollStatus(tx, pay.ProjectID, id, ledger.PayrollSubmitted, ledger.PayrollRejected, by, reason); err != nil {
			return err
		}
		now := tx.Now
		pay.Status, pay.DecidedAt, pay.DecidedBy, pay.RejectReason = ledger.PayrollRejected, &now, by, reason
		out = pay
		return audit(tx, pay.ProjectID, "payroll.reject", id, reason, map[string]string{"reason": reason})
	})
	return out, err
}

// PayrollDetail is a payroll with a page of its lines and payment figures.
type PayrollDetail struct {
	*ledger.Payroll
	Payments   map[string]int
	Lines      []store.PayrollLine
	NextCursor string
}

// GetPayroll reads a payroll with a page of lines after line afterLine.
func (s *Service) GetPayroll(ctx context.Context, id string, afterLine, limit int) (*PayrollDetail, error) {
	r := s.DB.Reader(ctx)
	pay, _, err := payrollFor(r, ctx, id)
	if err != nil {
		return nil, err
	}
	lines, err := store.PayrollLines(r, pay.ProjectID, id, afterLine, limit)
	if err != nil {
		return nil, err
	}
	counts, err := store.PaymentStatusCounts(r, pay.ProjectID, id)
	if err != nil {
		return nil, err
	}
	if lines == nil {
		lines = []store.PayrollLine{}
	}
	return &PayrollDetail{Payroll: pay, Payments: counts, Lines: lines}, nil
}

// ListPayrolls lists a project's payrolls (a subcontractor's own only).
func (s *Service) ListPayrolls(ctx context.Context, projectID string, limit int) ([]*ledger.Payroll, error) {
	r := s.DB.Reader(ctx)
	_, only, err := projectFor(r, ctx, projectID)
	if err != nil {
		return nil, err
	}
	return store.ListPayrolls(r, projectID, only, limit)
}

// PayrollInstructions returns the payment instructions of an approved payroll.
func (s *Service) PayrollInstructions(ctx context.Context, id string) (*ledger.Payroll, *ledger.Project, []store.Instruction, error) {
	r := s.DB.Reader(ctx)
	pay, p, err := payrollFor(r, ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if pay.Status != ledger.PayrollApproved {
		return nil, nil, nil, ledger.Errorf(ledger.EConflict, "payroll %s is %s: instructions exist only once it is approved", id, pay.Status)
	}
	ins, err := store.PayrollInstructions(r, pay.ProjectID, id)
	return pay, p, ins, err
}

// ExportInstructions builds the bank file of an approved payroll, with the
// workers' full card numbers decrypted for the bank, and records the export
// in the audit trail.
func (s *Service) ExportInstructions(ctx context.Context, id string) (*bankfile.Batch, error) {
	var b *bankfile.Batch
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		pay, p, err := payrollFor(tx, ctx, id)
		if err != nil {
			return err
		}
		if pay.Status != ledger.PayrollApproved {
			return ledger.Errorf(ledger.EConflict, "payroll %s is %s: instructions exist only once it is approved", id, pay.Status)
		}
		ins, err := store.PayrollInstructions(tx, pay.ProjectID, id)
		if err != nil {
			return err
		}
		gc, err := store.GetOrganization(tx, p.GeneralContractorID)
		if err != nil {
			return err
		}
		b = &bankfile.Batch{Ref: id, ProjectCode: p.Code, PayerAccount: p.WageAccount.AccountNo, PayerName: gc.Name, Period: pay.Period,
			ValueDate: s.calendar().PayDay(pay.Period, p.PayDay)}
		for _, in := range ins {
			card, err := s.Identity.Decrypt(in.PayeeCardEnc, "bank_card")
			if err != nil {
				return fmt.Errorf("service: instruction %s: %w", in.ID, err)
			}
			b.Lines = append(b.Lines, bankfile.Line{Seq: in.LineNo, Ref: in.ID, PayeeAccount: card, PayeeName: in.PayeeName, Amount: in.Amount})
		}
		return audit(tx, pay.ProjectID, "instructions.export", id, fmt.Sprintf("%d lines with full card numbers", len(b.Lines)), map[string]string{"payroll": id})
	})
	return b, err
}

func (s *Service) calendar() *ledger.Calendar {
	if s.Calendar == nil {
		return ledger.DefaultCalendar()
	}
	return s.Calendar
}
