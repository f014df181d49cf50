package service

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"sort"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/store"
)

// Upload is a file a caller sent: its bytes, its name and content type as
// given, and its SHA-256 (computed while it was received), which makes the
// upload idempotent.
type Upload struct {
	Body        io.Reader
	Name        string
	ContentType string
	SHA256      string
	Head        []byte // the first bytes, for format detection
	Limits      payrollfile.Limits
	// ColumnWarnings, when not nil, receives the warnings about the file's
	// header (columns ignored or read as a near-miss heading), which every
	// kind of upload answers with.
	ColumnWarnings *[]ledger.FieldError
}

// maxReportedErrors bounds the error list of one file: enough for a clerk to
// see every kind of mistake, not so many that the answer is a second file.
const maxReportedErrors = 5000

// errDryRun rolls back a dry run after everything was checked.
var errDryRun = errors.New("dry run")

// rowErrors collects a file's bad rows.
type rowErrors struct {
	fields []ledger.FieldError
	more   int
	// heading names a field by the heading the file gave its column, so
	// that a message names the column as the clerk's spreadsheet does.
	heading func(field string) (string, bool)
	// body: the rows came in a JSON request body, not a file, and the
	// refusal says so ("the payroll sent", not "the payroll file").
	body bool
}

func (r *rowErrors) add(row int, f ledger.FieldError) {
	if len(r.fields) >= maxReportedErrors {
		r.more++
		return
	}
	f.Row = row
	if r.heading != nil {
		if h, ok := r.heading(f.Field); ok {
			f.Column = h
		}
	}
	r.fields = append(r.fields, f.NameColumns(r.heading))
}

func (r *rowErrors) err(kind string) error {
	if len(r.fields) == 0 {
		return nil
	}
	n := len(r.fields) + r.more
	msg := ledger.Plural(n, "the %s file has %d bad value; nothing was stored", "the %s file has %d bad values; nothing was stored", ledger.M(kind), n)
	if r.body {
		msg = ledger.M("the %s sent has %d bad {value|values}; nothing was stored", ledger.M(kind), n)
	}
	if r.more > 0 {
		msg = ledger.M("the %s file has %d bad {value|values}; nothing was stored (the first %d are listed)", ledger.M(kind), n, maxReportedErrors)
	}
	return ledger.NewError(ledger.EInvalid, msg, r.fields...)
}

// openFile opens an upload as a file of schema.
func openFile(up Upload, schema *payrollfile.Schema) (*payrollfile.Reader, error) {
	format := payrollfile.DetectFormat(up.Name, up.ContentType, up.Head)
	rd, err := payrollfile.NewReader(up.Body, format, schema, up.Limits)
	if err == nil && up.ColumnWarnings != nil {
		rd.WarnInto(up.ColumnWarnings)
	}
	return rd, err
}

// ImportResult is the answer to a worker import. Its json tags (and
// ImportedWorker's) are a storage format, not the wire's: the result is kept
// as JSON in the uploads table and decoded from there when the same file is
// sent again, so a renamed tag would silently empty the replay of every file
// stored before; TestStoredUploadResultsShape pins the shape.
type ImportResult struct {
	DryRun     bool                `json:"dry_run"`
	FileSHA256 string              `json:"file_sha256"`
	Encoding   string              `json:"encoding,omitempty"`
	Rows       int                 `json:"rows"`
	Enrolments []ImportedWorker    `json:"enrolments"`
	Warnings   []ledger.FieldError `json:"warnings"`
}

// ImportedWorker maps a file row to the enrolment it created.
type ImportedWorker struct {
	Row         int    `json:"row"`
	EnrolmentID string `json:"enrolment_id"`
	Name        string `json:"name"`
}

// ImportWorkers registers and enrols every worker of a file, or none: any
// bad row stores nothing and every bad row is reported. The same file sent
// again returns the first result (replayed = true).
func (s *Service) ImportWorkers(ctx context.Context, projectID string, up Upload, dryRun bool) (*ImportResult, bool, error) {
	if !dryRun {
		if r, ok, err := recordedUpload[ImportResult](s, ctx, projectID, "workers", up.SHA256); ok || err != nil {
			return r, ok, err
		}
	}
	rd, err := openFile(up, &payrollfile.Workers)
	if err != nil {
		return nil, false, err
	}
	defer rd.Close()
	pending, bad, err := readWorkers(rd, ledger.DateOf(s.DB.Now()), s.policy())
	if err != nil {
		return nil, false, err
	}
	if len(bad.fields) > 0 {
		return nil, false, s.refuseWorkers(ctx, projectID, pending, bad)
	}
	if len(pending) == 0 {
		return nil, false, ledger.Errorf(ledger.EInvalid, "the file has no worker rows")
	}
	res := &ImportResult{DryRun: dryRun, FileSHA256: up.SHA256, Encoding: rd.Encoding, Rows: len(pending), Enrolments: []ImportedWorker{}, Warnings: []ledger.FieldError{}}
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		out, err := s.enrolWorkers(tx, projectID, pending)
		if err != nil {
			return err
		}
		for i, e := range out {
			res.Enrolments = append(res.Enrolments, ImportedWorker{Row: pending[i].row, EnrolmentID: e.ID, Name: e.Name})
			res.Warnings = append(res.Warnings, pending[i].warnings...)
			for _, w := range e.Warnings {
				res.Warnings = append(res.Warnings, ledger.Warning.Atf(pending[i].row, "worker", "%s", w))
			}
		}
		if dryRun {
			return errDryRun
		}
		b, _ := json.Marshal(res)
		if err := store.SaveUpload(tx, projectID, "workers", up.SHA256, string(b)); err != nil {
			return err
		}
		return audit(tx, projectID, "worker.import", up.SHA256, ledger.M("%d {worker|workers} enrolled from %s", len(out), clipName(up.Name)), map[string]string{"sha256": up.SHA256})
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return replayOnConflict[ImportResult](s, ctx, projectID, "workers", up.SHA256, dryRun, err)
	}
	return res, false, nil
}

// readWorkers reads a worker file and checks each row on its own: the rows
// that pass, and the bad values of the others (with what a spreadsheet did
// to an identity or card number, when that explains it).
func readWorkers(rd *payrollfile.Reader, today ledger.Date, policy *ledger.Policy) ([]pendingWorker, *rowErrors, error) {
	bad := &rowErrors{heading: rd.Heading}
	var pending []pendingWorker
	get := func(rec *payrollfile.Record, name string) string {
		return rec.Get(payrollfile.Workers.FieldIndex(name))
	}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return pending, bad, nil
		}
		if err != nil {
			return nil, nil, err
		}
		in := ledger.WorkerInput{
			Name: get(rec, "name"), IDNumber: get(rec, "id_number"), Phone: get(rec, "phone"), EmployerID: get(rec, "employer_id"),
			Team: get(rec, "team"), Trade: get(rec, "trade"), BankCard: get(rec, "bank_card"), AccountKind: get(rec, "account_kind"), BankID: get(rec, "bank_id"),
			ContractKind: get(rec, "contract_kind"), ContractSignedOn: get(rec, "contract_signed_on"), EnteredOn: get(rec, "entered_on"),
			Certificate: ledger.CertificateInput{Number: get(rec, "certificate_number"), Kind: get(rec, "certificate_kind"),
				ValidFrom: get(rec, "certificate_valid_from"), ValidUntil: get(rec, "certificate_valid_until")},
		}
		var warns []ledger.FieldError
		if m := policy.CertificateOffTrade(in); m.Key != "" {
			in.Certificate = ledger.CertificateInput{}
			warns = append(warns, ledger.Warning.Atf(rec.Row, "certificate_number", "%s", m))
		}
		w, errs := ledger.CheckWorker(in, today)
		for _, f := range errs {
			if f.Field == "id_number" || f.Field == "bank_card" {
				if d := payrollfile.Damage(f.Field, get(rec, f.Field)); d != nil {
					f = *d
				}
			}
			bad.add(rec.Row, f)
		}
		if len(errs) == 0 {
			pending = append(pending, pendingWorker{row: rec.Row, w: w, warnings: warns})
		}
	}
}

// refuseWorkers refuses a file with bad rows. It checks the good rows
// against the database too, in a transaction that it rolls back, so that the
// clerk sees every problem of the file in one answer.
func (s *Service) refuseWorkers(ctx context.Context, projectID string, pending []pendingWorker, bad *rowErrors) error {
	if len(pending) > 0 {
		err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
			_, err := s.enrolWorkers(tx, projectID, pending)
			if fields := ledger.ErrorFields(err); len(fields) > 0 {
				for _, f := range fields {
					bad.add(f.Row, f)
				}
			} else if err != nil {
				return err // a refusal without rows (forbidden, a completed project) or a failure
			}
			return errDryRun
		})
		if err != nil && !errors.Is(err, errDryRun) {
			return err
		}
	}
	sort.SliceStable(bad.fields, func(i, j int) bool { return bad.fields[i].Row < bad.fields[j].Row })
	return bad.err(payrollfile.Workers.Kind)
}

func clipName(n string) string {
	if len([]rune(n)) > 80 {
		return string([]rune(n)[:80]) + "…"
	}
	if n == "" {
		return "an upload"
	}
	return n
}
