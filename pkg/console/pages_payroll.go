package console

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sort"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// uploadData is the payroll upload page: the form, and after a file was
// sent, either the payroll it made or its refusal, row by row.
type uploadData struct {
	Project   *ledger.Project
	Employers []party
	Periods   []string
	Chosen    map[string]string
	Result    *service.PayrollResult
	Warnings  []problemLine
	FileWide  []problemLine // refusals of the whole file (row 0)
	Rows      []fileRow     // the refused rows as the file has them, with their problems
	Columns   []string      // the schema fields shown for a row
	Refused   int           // how many problems in all
}

type party struct{ ID, Name string }

// problemLine is one refusal or warning, in the person's language.
type problemLine struct {
	Row     int
	Field   string
	Message string
}

// fileRow is one row of the uploaded file beside what was wrong with it.
type fileRow struct {
	Row      int
	Cells    []cell
	Problems []problemLine
}

type cell struct {
	Field string
	Value string
	Bad   bool
}

// The fields shown beside a refused row: who, how much, where to.
var shownFields = []string{"name", "id_number", "bank_card", "days_worked", "gross_pay", "deductions", "net_pay"}

const rowsShown = 200

// uploadForm shows the payroll upload form to the project's contractors.
func (c *Console) uploadForm(q *req) error {
	d, err := c.uploadPage(q)
	if err != nil {
		return err
	}
	c.render(q, http.StatusOK, "upload", "console.upload.title", &view{Nav: "projects", Data: d})
	return nil
}

func (c *Console) uploadPage(q *req) (*uploadData, error) {
	id := q.r.PathValue("id")
	st, err := c.visible(q, store.KindProject, id)
	if err != nil {
		return nil, err
	}
	if q.caller.Role != ledger.RoleAdmin && !st.GeneralContractor && !st.Subcontractor {
		return nil, ledger.Errorf(ledger.EForbidden, "only the project's contractors submit its payrolls")
	}
	p, err := c.svc.GetProject(q.ctx, id)
	if err != nil {
		return nil, err
	}
	d := &uploadData{Project: p, Columns: shownFields, Chosen: map[string]string{}}
	if only := ledger.EmployerLimit(q.caller.Role, q.caller.OrgID, st.GeneralContractor); only == "" {
		d.Employers = append(d.Employers, party{p.GeneralContractorID, c.orgName(q, p.GeneralContractorID)})
		for _, s := range p.SubcontractorIDs {
			d.Employers = append(d.Employers, party{s, c.orgName(q, s)})
		}
	} else {
		d.Employers = []party{{only, c.orgName(q, only)}}
	}
	month := ledger.DateOf(c.svc.DB.Now()).Period()
	for range 6 {
		month = month.First().AddDays(-1).Period()
		d.Periods = append(d.Periods, month.String())
	}
	return d, nil
}

// upload submits a payroll file through the service, as the API does, and
// shows what became of it.
func (c *Console) upload(q *req) error {
	d, err := c.uploadPage(q)
	if err != nil {
		return err
	}
	form := q.r.MultipartForm
	for _, k := range []string{"employer_id", "period", "kind"} {
		d.Chosen[k] = q.r.PostFormValue(k)
	}
	if form == nil || len(form.File["file"]) == 0 {
		return c.uploadRefused(q, d, ledger.Errorf(ledger.EInvalid, "no file"), nil)
	}
	fh := form.File["file"][0]
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, c.opts.MaxUploadBytes+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > c.opts.MaxUploadBytes {
		return ledger.Errorf(ledger.ETooLarge, "the file is too large")
	}
	if f := ledger.CheckText(0, "filename", fh.Filename); f != nil {
		return ledger.NewError(ledger.EInvalid, ledger.M("the form cannot be read"), *f)
	}
	sum := sha256.Sum256(data)
	up := service.Upload{Body: bytes.NewReader(data), Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"),
		SHA256: hex.EncodeToString(sum[:]), Head: data[:min(512, len(data))], Limits: c.opts.FileLimits}
	res, err := c.submit(q, up)
	if err != nil {
		return c.uploadRefused(q, d, err, data)
	}
	d.Result = res
	for _, w := range res.LineErrors {
		d.Warnings = append(d.Warnings, problemOf(q.lang, w))
	}
	c.render(q, http.StatusCreated, "upload", "console.upload.title", &view{Nav: "projects", Data: d,
		Flash: i18n.T(q.lang, "console.upload.accepted")})
	return nil
}

func (c *Console) submit(q *req, up service.Upload) (*service.PayrollResult, error) {
	lines, closeLines, err := service.FileLines(up)
	if err != nil {
		return nil, err
	}
	defer closeLines()
	sub := service.PayrollSubmission{EmployerID: q.r.PostFormValue("employer_id"), Period: q.r.PostFormValue("period"), Kind: q.r.PostFormValue("kind")}
	ctx := service.WithRequestHash(q.ctx, up.SHA256)
	res, _, err := c.svc.SubmitPayroll(ctx, q.r.PathValue("id"), sub, up.SHA256, up.Name, lines)
	return res, err
}

// uploadRefused shows a refused file: its problems beside its own rows.
func (c *Console) uploadRefused(q *req, d *uploadData, err error, data []byte) error {
	if ledger.ErrorCode(err) != ledger.EInvalid {
		return err
	}
	fields := ledger.ErrorFields(err)
	d.Refused = max(len(fields), 1)
	byRow := map[int][]problemLine{}
	for _, f := range fields {
		pl := problemOf(q.lang, f)
		if f.Row == 0 {
			d.FileWide = append(d.FileWide, pl)
			continue
		}
		byRow[f.Row] = append(byRow[f.Row], pl)
	}
	if len(fields) == 0 {
		d.FileWide = append(d.FileWide, problemLine{Message: i18n.Of(q.lang, ledger.ErrorMsg(err))})
	}
	d.Rows = fileRows(data, byRow, c.opts.FileLimits)
	c.render(q, http.StatusUnprocessableEntity, "upload", "console.upload.title", &view{Nav: "projects", Data: d,
		Error: i18n.T(q.lang, "console.upload.refused")})
	return nil
}

// fileRows reads the refused rows back from the file, so that each problem
// is shown beside the row as the clerk wrote it (identity and card numbers
// masked, as everywhere).
func fileRows(data []byte, byRow map[int][]problemLine, lim payrollfile.Limits) []fileRow {
	var out []fileRow
	seen := map[int]bool{}
	if len(data) > 0 && len(byRow) > 0 {
		format := payrollfile.DetectFormat("", "", data[:min(512, len(data))])
		if rd, err := payrollfile.NewReader(bytes.NewReader(data), format, &payrollfile.Payroll, lim); err == nil {
			defer rd.Close()
			for len(out) < rowsShown {
				rec, err := rd.Next()
				if err != nil {
					break
				}
				if probs, ok := byRow[rec.Row]; ok {
					out = append(out, fileRow{Row: rec.Row, Cells: cellsOf(rec, probs), Problems: probs})
					seen[rec.Row] = true
				}
			}
		}
	}
	for row, probs := range byRow { // rows the reader could not give back
		if !seen[row] && len(out) < rowsShown {
			out = append(out, fileRow{Row: row, Problems: probs})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Row < out[j].Row })
	return out
}

func cellsOf(rec *payrollfile.Record, probs []problemLine) []cell {
	out := make([]cell, len(shownFields))
	for i, f := range shownFields {
		v := rec.Get(payrollfile.Payroll.FieldIndex(f))
		switch f {
		case "id_number":
			v = identity.MaskID(v)
		case "bank_card":
			v = identity.MaskCard(v)
		}
		out[i] = cell{Field: f, Value: v}
		for _, p := range probs {
			out[i].Bad = out[i].Bad || p.Field == fieldLabelKey(f)
		}
	}
	return out
}

// problemOf puts a field error in the person's language: the field's name
// and the refusal's meaning from the catalogue, the ledger's own sentence
// when the catalogue has no text for its code.
func problemOf(lang i18n.Lang, f ledger.FieldError) problemLine {
	// The sentence itself from the catalogue, which names what is wrong
	// with this value: a message by the code alone called a bad card
	// number an identity number's check digit.
	return problemLine{Row: f.Row, Field: fieldLabelKey(f.Field), Message: i18n.Of(lang, f.Msg())}
}

// fieldLabelKey is the catalogue key naming a field, or the field itself.
func fieldLabelKey(field string) string {
	if k := "console.field." + field; i18n.Has(k) {
		return k
	}
	return field
}
