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
	DryRun     bool                `json:"dry_run"`
	Replaces   string              `json:"replaces,omitempty"`
	LineErrors []ledger.FieldError `json:"line_warnings"`
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
		if err := store.StartPayroll(tx); err != nil {
			return err
		}
		var bad rowErrors
		read, err := s.stagePayrollLines(tx, lines, period, &bad)
		if err != nil {
			return err
		}
		if read == 0 {
			return ledger.Errorf(ledger.EInvalid, "the payroll has no lines")
		}
		pc := store.PayrollContext{ProjectID: projectID, EmployerID: employer, Period: period, FullMonthCentidays: 2175}
		if mw, ok := s.policy().MinimumWageFor(p.RegionCode, period.Last()); ok {
			pc.MinimumWage = mw.Monthly
		}
		if err := store.ResolvePayrollLines(tx, pc); err != nil {
			return err
		}
		problems, err := store.PayrollProblems(tx, employer, period, maxReportedErrors-len(bad.fields)+1)
		if err != nil {
			return err
		}
		for _, f := range problems {
			bad.add(f.Row, f)
		}
		totals, err := store.PayrollStagedTotals(tx)
		if err != nil {
			return err
		}
		if sub.ControlLines != nil && *sub.ControlLines != read {
			bad.add(0, ledger.FieldError{Field: "line_count", Code: "control_total", Message: fmt.Sprintf("the control total says %d lines but the payroll has %d", *sub.ControlLines, read)})
		}
		if sub.ControlNet != nil && len(bad.fields) == 0 && *sub.ControlNet != ledger.Money(totals.Net) {
			bad.add(0, ledger.FieldError{Field: "net_total", Code: "control_total", Message: fmt.Sprintf("the control total says net %s but the lines add up to %s", *sub.ControlNet, ledger.Money(totals.Net))})
		}
		sort.SliceStable(bad.fields, func(i, j int) bool { return bad.fields[i].Row < bad.fields[j].Row })
		if err := bad.err("payroll"); err != nil {
			return err
		}
		warnings, err := store.StagedWarnings(tx, 1000)
		if err != nil {
			return err
		}
		pay := &ledger.Payroll{ID: ledger.NewID("pay"), ProjectID: projectID, EmployerID: employer, Period: period, Kind: kind,
			Status: ledger.PayrollSubmitted, FileSHA256: sha, Source: clipName(source), Warnings: totals.Warnings, SubmittedAt: tx.Now,
			SubmittedBy: caller.ActorName(), Totals: ledger.Totals{Lines: totals.Lines, Gross: ledger.Money(totals.Gross),
				Deductions: ledger.Money(totals.Deductions), Net: ledger.Money(totals.Net)}}
		res = &PayrollResult{Payroll: pay, DryRun: sub.DryRun, LineErrors: warnings}
		if res.LineErrors == nil {
			res.LineErrors = []ledger.FieldError{}
		}
		if sub.DryRun {
			return errDryRun
		}
		if live != nil {
			if err := store.SetPayrollStatus(tx, projectID, live.ID, ledger.PayrollSubmitted, ledger.PayrollSuperseded, "", ""); err != nil {
				return err
			}
			res.Replaces = live.ID
			if err := audit(tx, projectID, "payroll.supersede", live.ID, "replaced by "+pay.ID, map[string]string{"by": pay.ID}); err != nil {
				return err
			}
		}
		if err := store.CreatePayroll(tx, pay); err != nil {
			return err
		}
		return audit(tx, projectID, "payroll.submit", pay.ID, fmt.Sprintf("%s %s %s: %d lines, net %s", kind, employer, period, totals.Lines, pay.Totals.Net),
			map[string]string{"sha256": sha})
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, false, err
	}
	return res, replayed, nil
}

// stagePayrollLines checks each line as it streams and stages the good ones
// in batches; it returns how many lines it read.
func (s *Service) stagePayrollLines(tx *store.Tx, lines LineSource, period ledger.Period, bad *rowErrors) (int, error) {
	read := 0
	batch := make([]store.StagedLine, 0, stageBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := store.StagePayrollLines(tx, batch)
		batch = batch[:0]
		return err
	}
	for {
		row, in, err := lines.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return read, err
		}
		read++
		l, errs := ledger.CheckPayrollLine(in, period)
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
			bad.add(row, f)
		}
		if len(errs) > 0 {
			continue
		}
		batch = append(batch, store.StagedLine{Row: row, IDIndex: s.Identity.Index("id_number", l.ID), IDMasked: identity.MaskID(l.ID), Name: l.Name,
			CardIndex: s.Identity.Index("bank_card", l.BankCard), CardMasked: identity.MaskCard(l.BankCard), Centidays: l.Centidays,
			Gross: l.Gross, Deductions: l.Deductions, Net: l.Net, Confirmed: l.Confirmed})
		if len(batch) == stageBatch {
			if err := flush(); err != nil {
				return read, err
			}
		}
	}
	return read, flush()
}

func fieldErr(field, code, msg string) error {
	return &ledger.Error{Code: ledger.EInvalid, Message: "payroll is not valid", Fields: []ledger.FieldError{{Field: field, Code: code, Message: msg}}}
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

// PayrollProject tells the authorizer which project a payroll belongs to
// and which employer wrote it.
func (s *Service) PayrollProject(ctx context.Context, id string) (project, employer string, err error) {
	pay, err := store.GetPayroll(s.DB.Reader(ctx), id)
	if err != nil {
		return "", "", err
	}
	return pay.ProjectID, pay.EmployerID, nil
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
	Payments   map[string]int      `json:"payments"`
	Lines      []store.PayrollLine `json:"lines"`
	NextCursor string              `json:"next_cursor,omitempty"`
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
