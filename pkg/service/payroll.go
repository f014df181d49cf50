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
//
// The lines keep the file's column warnings (complete once every line is
// read), and SubmitPayroll counts them with its lines' warnings: every way
// a file arrives — the API, the console, the command line — counts alike.
func FileLines(up Upload) (LineSource, func(), error) {
	if up.ColumnWarnings == nil {
		up.ColumnWarnings = new([]ledger.FieldError)
	}
	rd, err := openFile(up, &payrollfile.Payroll)
	if err != nil {
		return nil, func() {}, err
	}
	p := &payrollfile.Payroll
	c := lineColumns{id: p.FieldIndex("id_number"), name: p.FieldIndex("name"), days: p.FieldIndex("days_worked"), gross: p.FieldIndex("gross_pay"),
		deductions: p.FieldIndex("deductions"), net: p.FieldIndex("net_pay"), card: p.FieldIndex("bank_card"), confirmed: p.FieldIndex("confirmed"),
		hours: p.FieldIndex("work_hours")}
	for i := range ledger.NumPayItems {
		c.items[i] = p.FieldIndex(i.Field())
	}
	return &fileLines{rd: rd, col: c, warns: up.ColumnWarnings}, func() { rd.Close() }, nil
}

// lineColumns are the positions of a line's fields in the payroll schema,
// looked up once per file rather than once per row.
type lineColumns struct {
	id, name, days, gross, deductions, net, card, confirmed, hours int
	items                                                          [ledger.NumPayItems]int
}

type fileLines struct {
	rd    *payrollfile.Reader
	col   lineColumns
	warns *[]ledger.FieldError
}

// columnWarnings are the warnings about the lines' columns: a file's.
type columnWarnings interface{ columnWarnings() int }

func (f *fileLines) columnWarnings() int { return len(*f.warns) }

func (f *fileLines) Next() (int, ledger.PayrollLineInput, error) {
	rec, err := f.rd.Next()
	if err != nil {
		return 0, ledger.PayrollLineInput{}, err
	}
	c := &f.col
	in := ledger.PayrollLineInput{IDNumber: rec.Get(c.id), Name: rec.Get(c.name), DaysWorked: rec.Get(c.days), GrossPay: rec.Get(c.gross),
		Deductions: rec.Get(c.deductions), NetPay: rec.Get(c.net), BankCard: rec.Get(c.card), Confirmed: rec.Get(c.confirmed), WorkHours: rec.Get(c.hours)}
	for i, at := range c.items {
		in.Items[i] = rec.Get(at)
	}
	return rec.Row, in, nil
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

// SubmitPayroll validates a payroll whole and stores it as submitted, or
// stores nothing and reports every bad line. A new regular payroll replaces
// a submitted one for the same employer and month and is refused after
// approval; the same file again returns the payroll it created.
func (s *Service) SubmitPayroll(ctx context.Context, projectID string, sub PayrollSubmission, sha, source string, lines LineSource) (*PayrollResult, bool, error) {
	kind, employer, err := payrollHeader(CallerFrom(ctx), sub)
	if err != nil {
		return nil, false, err
	}
	var res *PayrollResult
	replayed := false
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		p, period, err := payrollScope(tx, CallerFrom(ctx), projectID, kind, employer, sub.Period)
		if err != nil {
			return err
		}
		if !sub.DryRun {
			prev, err := store.PayrollByFile(tx, projectID, employer, period, kind, sha)
			if err != nil {
				return err
			}
			if prev != nil {
				if err := ledger.CheckResent(prev); err != nil {
					return err
				}
				res, replayed = &PayrollResult{Payroll: prev, LineErrors: []ledger.FieldError{}}, true
				return nil
			}
		}
		pay := &ledger.Payroll{ID: ledger.NewIDIn("pay", projectID), ProjectID: projectID, EmployerID: employer, PayerID: ledger.PayerOf(p, kind, employer), Period: period, Kind: kind,
			Status: ledger.PayrollSubmitted, FileSHA256: sha, Source: clipName(source), SubmittedAt: tx.Now, SubmittedBy: CallerFrom(ctx).ActorName()}
		res, err = s.submitPayroll(tx, p, pay, sub, lines)
		return err
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, false, err
	}
	return res, replayed, nil
}

// payrollHeader checks the header of a submission before any reading: its
// kind, and its employer (a contractor's own organisation when not named).
func payrollHeader(caller Caller, sub PayrollSubmission) (ledger.PayrollKind, string, error) {
	var v ledger.Validation
	kind, ferr := ledger.CheckPayrollKind(sub.Kind)
	if ferr != nil {
		v.Fields = append(v.Fields, *ferr)
	}
	employer := strings.TrimSpace(sub.EmployerID)
	if employer == "" && caller.Role == ledger.RoleContractor {
		employer = caller.OrgID
	}
	if employer == "" {
		v.Fields = append(v.Fields, ledger.RefuseRequired.At(0, "employer_id", "employer_id is required"))
	}
	return kind, employer, v.Err("payroll is not valid")
}

// payrollScope reads the project of a submission and decides whether the
// caller may submit the employer's payroll of kind for the period (an
// advance only the general contractor, for a subcontractor).
func payrollScope(tx *store.Tx, caller Caller, projectID string, kind ledger.PayrollKind, employer, periodText string) (*ledger.Project, ledger.Period, error) {
	p, only, err := projectFor(tx, tx.Ctx(), projectID)
	if err != nil {
		return nil, ledger.Period{}, err
	}
	if kind == ledger.PayrollAdvance {
		if err := ledger.CheckAdvance(p, caller.Role == ledger.RoleContractor, caller.OrgID, employer); err != nil {
			return nil, ledger.Period{}, err
		}
	}
	forbidden, ferr := ledger.CheckEmployer(p, only, employer)
	if forbidden {
		return nil, ledger.Period{}, ledger.Errorf(ledger.EForbidden, "a subcontractor submits only its own payroll")
	}
	if ferr != nil {
		return nil, ledger.Period{}, &ledger.Error{Code: ledger.EInvalid, Message: "request is not valid", Fields: []ledger.FieldError{*ferr}}
	}
	period, ferr := ledger.CheckPayrollPeriod(periodText, p.StartedOn, ledger.DateOf(tx.Now))
	if ferr != nil {
		return nil, ledger.Period{}, &ledger.Error{Code: ledger.EInvalid, Message: "payroll is not valid", Fields: []ledger.FieldError{*ferr}}
	}
	return p, period, nil
}

// submitPayroll stores a new payroll pay in tx: it supersedes the month's
// submitted regular payroll, checks and writes the lines, and records the
// totals and the audit trail (a dry run rolls back after the checks).
func (s *Service) submitPayroll(tx *store.Tx, p *ledger.Project, pay *ledger.Payroll, sub PayrollSubmission, lines LineSource) (*PayrollResult, error) {
	var live *ledger.Payroll
	var err error
	if pay.Kind == ledger.PayrollRegular {
		if live, err = store.LivePayroll(tx, pay.ProjectID, pay.EmployerID, pay.Period); err != nil {
			return nil, err
		}
	}
	replaced, err := ledger.CheckReplacement(pay.Kind, pay.Period, live)
	if err != nil {
		return nil, err
	}
	if replaced != nil {
		// The new upload replaces the submitted one; if it is refused,
		// the transaction rolls back and the old one stands.
		if err := store.SetPayrollStatus(tx, pay.ProjectID, replaced.ID, ledger.PayrollSubmitted, ledger.PayrollSuperseded, "", ""); err != nil {
			return nil, err
		}
	}
	if err := store.CreatePayroll(tx, pay); err != nil {
		return nil, err
	}
	warnings, err := s.checkLines(tx, p, pay, ledger.ControlTotals{Lines: sub.ControlLines, Net: sub.ControlNet}, lines)
	if err != nil {
		return nil, err
	}
	if cw, ok := lines.(columnWarnings); ok {
		pay.Warnings += cw.columnWarnings()
	}
	res := &PayrollResult{Payroll: pay, DryRun: sub.DryRun, LineErrors: append([]ledger.FieldError{}, warnings...)}
	if sub.DryRun {
		return res, errDryRun
	}
	if err := store.SetPayrollTotals(tx, pay); err != nil {
		return nil, err
	}
	if replaced != nil {
		res.Replaces = replaced.ID
		if err := audit(tx, pay.ProjectID, "payroll.supersede", replaced.ID, ledger.M("replaced by %s", pay.ID), map[string]string{"by": pay.ID}); err != nil {
			return nil, err
		}
	}
	t := pay.Totals
	return res, audit(tx, pay.ProjectID, "payroll.submit", pay.ID, ledger.M("%s %s %s: %d {line|lines}, net %s", pay.Kind.Label(), pay.EmployerID, pay.Period, t.Lines, t.Net),
		map[string]string{"sha256": pay.FileSHA256})
}

// checkLines checks and writes every line of pay and its control totals; it
// returns the lines' warnings, or every refusal of the payroll.
func (s *Service) checkLines(tx *store.Tx, p *ledger.Project, pay *ledger.Payroll, control ledger.ControlTotals, lines LineSource) ([]ledger.FieldError, error) {
	pc := payrollCheck{s: s, tx: tx, pay: pay, bad: &rowErrors{}, rules: ledger.PayrollRules{EmployerID: pay.EmployerID, Period: pay.Period}}
	if f, ok := lines.(*fileLines); ok {
		pc.bad.heading = f.rd.Heading
	} else {
		pc.bad.body = true
	}
	if o, err := store.GetOrganization(tx, pay.EmployerID); err == nil {
		pc.rules.EmployerName = o.Name
	}
	if mw, ok := s.policy().MinimumWageFor(p.RegionCode, pay.Period.Last()); ok {
		// The full month is the policy's in force for the region and the
		// period, as the nightly below_minimum_wage reads it.
		pc.rules.MinimumWage = mw.Monthly
		standard := s.policy().Param(ledger.MinimumWageFullMonthCentidays, p.RegionCode, pay.Period.Last()).Count()
		pc.rules.FullMonth = ledger.FullMonth(s.calendar(), pay.Period, standard)
	}
	var err error
	if pc.history, err = store.HistoryOf(tx, pay.ProjectID, pay.Period); err != nil {
		return nil, err
	}
	read, err := pc.run(lines)
	if err != nil {
		return nil, err
	}
	if read == 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "the payroll has no lines")
	}
	for _, f := range control.Check(read, pay.Totals.Net, len(pc.bad.fields) == 0) {
		pc.bad.add(0, f)
	}
	sort.SliceStable(pc.bad.fields, func(i, j int) bool { return pc.bad.fields[i].Row < pc.bad.fields[j].Row })
	return pc.warnings, pc.bad.err(payrollfile.Payroll.Kind)
}

func fieldErr(field string, code ledger.Refusal, format string, args ...any) error {
	return ledger.NewError(ledger.EInvalid, ledger.M("request is not valid"), code.Atf(0, field, format, args...))
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
	if !ledger.SeesEmployer(only, pay.EmployerID) {
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
		if err := ledger.CheckDecision(pay, ledger.PayrollApproved); err != nil {
			return err
		}
		// An advance is posted first: that takes the subcontractor's advances
		// balance, so a concurrent approval of another advance for it waits,
		// and the re-check below sees what that one committed.
		if err := postAdvance(tx, pay); err != nil {
			return err
		}
		if err := s.recheckAdvance(tx, pay); err != nil {
			return err
		}
		if err := checkNotAdvanced(tx, pay); err != nil {
			return err
		}
		if err := s.confirmationGate(ctx, tx, pay, p); err != nil {
			return err
		}
		by := CallerFrom(ctx).ActorName()
		if err := s.fourEyes(tx, ctx, pay, p); err != nil {
			return err
		}
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
		return audit(tx, pay.ProjectID, "payroll.approve", id, ledger.M("%d {instruction|instructions}, net %s", n, pay.Totals.Net), map[string]string{"payroll": id})
	})
	return out, err
}

// fourEyes checks that the caller may approve pay (ledger.CheckFourEyes):
// the organisation that holds the submitting key is read from the keys; a
// submitter that is no key (the command line, a key since deleted) has none.
func (s *Service) fourEyes(tx *store.Tx, ctx context.Context, pay *ledger.Payroll, p *ledger.Project) error {
	c := CallerFrom(ctx)
	submitter := ledger.KeyHolder{Key: pay.SubmittedBy}
	k, err := store.GetAPIKey(tx, pay.SubmittedBy)
	switch {
	case err == nil && k.OrganizationID != nil:
		submitter.Org = *k.OrganizationID
	case err != nil && ledger.ErrorCode(err) != ledger.ENotFound:
		return err
	}
	exempt := s.policy().Param(ledger.PayrollFourEyesExemptLines, p.RegionCode, ledger.DateOf(tx.Now)).Count()
	return ledger.CheckFourEyes(pay, submitter, ledger.KeyHolder{Key: c.ActorName(), Org: c.OrgID}, p.GeneralContractorID, exempt)
}

// RejectPayroll sends a submitted payroll back with a reason.
func (s *Service) RejectPayroll(ctx context.Context, id, reason string) (*ledger.Payroll, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fieldErr("reason", ledger.RefuseRequired, "a rejection needs a reason the employer can act on")
	}
	var out *ledger.Payroll
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		pay, _, err := payrollFor(tx, ctx, id)
		if err != nil {
			return err
		}
		if err := ledger.CheckDecision(pay, ledger.PayrollRejected); err != nil {
			return err
		}
		by := CallerFrom(ctx).ActorName()
		if err := store.SetPayrollStatus(tx, pay.ProjectID, id, ledger.PayrollSubmitted, ledger.PayrollRejected, by, reason); err != nil {
			return err
		}
		now := tx.Now
		pay.Status, pay.DecidedAt, pay.DecidedBy, pay.RejectReason = ledger.PayrollRejected, &now, by, reason
		out = pay
		return audit(tx, pay.ProjectID, "payroll.reject", id, ledger.Verbatim(reason), map[string]string{"reason": reason})
	})
	return out, err
}

// PayrollDetail is a payroll with a page of its lines and payment figures.
type PayrollDetail struct {
	*ledger.Payroll
	Payments   map[ledger.InstructionStatus]int
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
	if _, err := s.countConfirmations(ctx, r, pay); err != nil {
		return nil, err
	}
	return &PayrollDetail{Payroll: pay, Payments: counts, Lines: lines}, nil
}

// ListPayrolls lists a project's payrolls (a subcontractor's own only).
func (s *Service) ListPayrolls(ctx context.Context, projectID, after string, limit int) ([]*ledger.Payroll, error) {
	r := s.DB.Reader(ctx)
	_, only, err := projectFor(r, ctx, projectID)
	if err != nil {
		return nil, err
	}
	if after != "" {
		p, err := store.ProjectPayroll(r, projectID, after)
		if err != nil {
			return nil, err
		}
		if p == nil || (only != "" && p.EmployerID != only) { // another employer's is refused as one that is not there
			return nil, ledger.Errorf(ledger.EInvalid, "cursor is not one this server gave out")
		}
	}
	return store.ListPayrolls(r, projectID, only, after, limit)
}

// PayrollInstructions returns the payment instructions of an approved payroll.
func (s *Service) PayrollInstructions(ctx context.Context, id string) (*ledger.Payroll, *ledger.Project, []store.Instruction, error) {
	r := s.DB.Reader(ctx)
	pay, p, err := payrollFor(r, ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := ledger.CheckHasInstructions(pay); err != nil {
		return nil, nil, nil, err
	}
	ins, err := store.PayrollInstructions(r, pay.ProjectID, id)
	return pay, p, ins, err
}

// ExportInstructions builds the bank file of an approved payroll's own
// batch (ExportInstructionBatch).
func (s *Service) ExportInstructions(ctx context.Context, id string) (*bankfile.Batch, error) {
	return s.ExportInstructionBatch(ctx, id, "")
}

// ExportInstructionBatch builds one bank file of an approved payroll, with
// the workers' full card numbers decrypted for the bank, and records the
// export in the audit trail. A file carries only what the bank still has to
// pay (pending instructions): batch "" (or the payroll's ID) is the
// payroll's own, paid on its value date; a day's re-issues are a batch of
// their own, <payroll>-R<YYYYMMDD>, paid the next working day
// (ledger.Calendar.BankBatchOf). A re-issue batch with nothing to pay is not found.
func (s *Service) ExportInstructionBatch(ctx context.Context, id, batch string) (*bankfile.Batch, error) {
	if batch == "" {
		batch = id
	}
	var b *bankfile.Batch
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		pay, p, err := payrollFor(tx, ctx, id)
		if err != nil {
			return err
		}
		if err := ledger.CheckHasInstructions(pay); err != nil {
			return err
		}
		ins, err := store.PayrollInstructions(tx, pay.ProjectID, id)
		if err != nil {
			return err
		}
		gc, err := store.GetOrganization(tx, p.GeneralContractorID)
		if err != nil {
			return err
		}
		b = &bankfile.Batch{Ref: batch, ProjectCode: p.Code, PayerAccount: p.WageAccount.AccountNo, PayerName: gc.Name, Period: pay.Period,
			ValueDate: s.calendar().ValueDate(pay.Period, p.PayRuleOf(), approvedOn(pay))}
		if err := s.fillBankFile(b, id, ins); err != nil {
			return err
		}
		if batch != id && len(b.Lines) == 0 {
			return ledger.Errorf(ledger.ENotFound, "payroll %s has no batch %q with anything for the bank to pay", id, batch)
		}
		return audit(tx, pay.ProjectID, "instructions.export", id, ledger.M("batch %s: %d {line|lines} with full card numbers", batch, len(b.Lines)),
			map[string]string{"payroll": id, "batch": batch})
	})
	return b, err
}

// fillBankFile adds to b the instructions of payroll id that its batch
// carries, and sets its value date (b.ValueDate is the payroll's own).
func (s *Service) fillBankFile(b *bankfile.Batch, id string, ins []store.Instruction) error {
	payDay := b.ValueDate
	cal := s.calendar() // built once per file, not once per line: it holds every holiday to 2035
	for _, in := range ins {
		at, ok := cal.BankBatchOf(id, payDay, ledger.BankFileCandidate{Status: in.Status, Reissue: in.ReissueOf != "", IssuedOn: ledger.DateOf(in.CreatedAt)})
		if !ok || at.Ref != b.Ref {
			continue
		}
		b.ValueDate = at.ValueDate
		card, err := s.Identity.Decrypt(in.PayeeCardEnc, "bank_card")
		if err != nil {
			return fmt.Errorf("service: instruction %s: %w", in.ID, err)
		}
		b.Lines = append(b.Lines, bankfile.Line{Seq: in.LineNo, Ref: in.ID, PayeeAccount: card, PayeeAccountKind: in.PayeeAccountKind, PayeeName: in.PayeeName,
			Amount: in.Amount - in.SupersededAmount}) // a drawdown pays the superseded part: the bank is not asked for it
	}
	return nil
}

// approvedOn is the business date an approved payroll was approved.
func approvedOn(pay *ledger.Payroll) ledger.Date {
	if pay.DecidedAt == nil {
		return ledger.DateOf(pay.SubmittedAt)
	}
	return ledger.DateOf(*pay.DecidedAt)
}

func (s *Service) calendar() *ledger.Calendar {
	if s.Calendar == nil {
		return s.policy().Calendar() // the built-in notices and the policy file's
	}
	return s.Calendar
}
