package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/bankfile"
	"github.com/wageguard/wageguard/pkg/service"
)

// submitPayroll takes a payroll as a file (multipart "file" with employer_id,
// period, kind, line_count and net_total as form fields or query parameters;
// or the file as the body) or as JSON with its lines.
func (s *Server) submitPayroll(c *gin.Context) {
	dry, err := dryRun(c)
	if err != nil {
		writeError(c, err)
		return
	}
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt == "application/json" && c.Query("filename") == "" {
		s.submitPayrollJSON(c, dry)
		return
	}
	up, cleanup, err := s.receiveUpload(c)
	defer cleanup()
	if err != nil {
		writeError(c, err)
		return
	}
	sub := service.PayrollSubmission{EmployerID: formValue(c, "employer_id"), Period: formValue(c, "period"), Kind: formValue(c, "kind"), DryRun: dry}
	if err := controlTotals(&sub, formValue(c, "line_count"), formValue(c, "net_total")); err != nil {
		writeError(c, err)
		return
	}
	lines, closeLines, err := service.FileLines(up)
	if err != nil {
		writeError(c, err)
		return
	}
	defer closeLines()
	ctx := service.WithRequestHash(c.Request.Context(), up.SHA256)
	res, replayed, err := s.svc.SubmitPayroll(ctx, c.Param("id"), sub, up.SHA256, up.Name, lines)
	if err != nil {
		writeError(c, err)
		return
	}
	out := PayrollSubmittedOf(res)
	out.ColumnWarnings = columnWarnings(up)
	answerUpload(c, out, replayed, dry)
}

func controlTotals(sub *service.PayrollSubmission, lines, net string) error {
	if lines != "" {
		n, err := strconv.Atoi(lines)
		if err != nil || n < 0 {
			return &ledger.Error{Code: ledger.EInvalid, Message: "payroll is not valid", Fields: []ledger.FieldError{{Field: "line_count", Code: "format", Message: "line_count is a whole number"}}}
		}
		sub.ControlLines = &n
	}
	if net != "" {
		m, err := ledger.ParseMoney(net)
		if err != nil {
			return &ledger.Error{Code: ledger.EInvalid, Message: "payroll is not valid", Fields: []ledger.FieldError{ledger.FieldErrorf(0, "net_total", "amount", "%s", err)}}
		}
		sub.ControlNet = &m
	}
	return nil
}

// submitPayrollJSON takes a payroll as JSON, read as it streams: the body
// is spooled (it is received once, as a file is), read once for its header
// and to count its lines, refused past the row limit before any line is
// checked, and read again line by line into the payroll's checks, so that
// memory follows one line, not the body (issue 16, item 1).
func (s *Server) submitPayrollJSON(c *gin.Context, dry bool) {
	r := s.received(c)
	defer r.cleanup()
	if r.err != nil {
		writeError(c, r.err)
		return
	}
	var in PayrollRequest
	if err := s.payrollJSONHead(r, &in); err != nil {
		writeError(c, err)
		return
	}
	sub := service.PayrollSubmission{EmployerID: in.EmployerID, Period: in.Period, Kind: in.Kind, DryRun: dry}
	if in.Control != nil {
		sub.ControlLines, sub.ControlNet = in.Control.LineCount, in.Control.NetTotal
	}
	body, err := r.body()
	if err != nil {
		writeError(c, err)
		return
	}
	l, err := openJSONList(body, "lines", func(string, json.RawMessage) error { return nil })
	if err != nil {
		writeError(c, err)
		return
	}
	// A JSON payroll is idempotent on its body's hash, as a file is on its
	// own, and answers as a file does (answerUpload); an Idempotency-Key is
	// the route's wrapper's business, as for every write.
	ctx := service.WithRequestHash(c.Request.Context(), r.jsonRequestHash)
	res, replayed, err := s.svc.SubmitPayroll(ctx, c.Param("id"), sub, r.up.SHA256, "json", &jsonLines{l})
	if err != nil {
		writeError(c, err)
		return
	}
	answerUpload(c, PayrollSubmittedOf(res), replayed, dry)
}

// payrollJSONHead reads a spooled JSON payroll's members other than its
// lines into in, and reads its lines by the wire's rules without keeping
// them, refusing the body at the line past the row limit or at a line the
// wire refuses, before any line is checked against the books.
func (s *Server) payrollJSONHead(r *received, in *PayrollRequest) error {
	body, err := r.body()
	if err != nil {
		return err
	}
	member := func(k string, raw json.RawMessage) error { return decodeMember(k, raw, in) }
	l, err := openJSONList(body, "lines", member)
	if err != nil {
		return err
	}
	limit := s.opts.FileLimits.RowLimit()
	for {
		i, raw, err := l.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if i >= limit {
			return tooManyItems("lines", limit)
		}
		var line PayrollLineRequest
		if err := l.decodeElement(i, raw, &line); err != nil {
			return err
		}
	}
	return l.finish(member)
}

// jsonLines serves a JSON payroll's lines as they are read; rows are
// 1-based line numbers.
type jsonLines struct{ l *jsonList }

func (j *jsonLines) Next() (int, ledger.PayrollLineInput, error) {
	i, raw, err := j.l.next()
	if err != nil {
		return 0, ledger.PayrollLineInput{}, err
	}
	var line PayrollLineRequest
	if err := j.l.decodeElement(i, raw, &line); err != nil {
		return 0, ledger.PayrollLineInput{}, err
	}
	return i + 1, line.input(), nil
}

func (s *Server) listPayrolls(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ps, err := s.svc.ListPayrolls(c.Request.Context(), c.Param("id"), p.after, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(ps, p.limit, func(p *ledger.Payroll) string { return p.ID }, payrollOf)))
}

func (s *Server) getPayroll(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	after := 0
	if p.after != "" {
		if after, err = strconv.Atoi(p.after); err != nil {
			writeError(c, ledger.Errorf(ledger.EInvalid, "cursor is not one this server gave out"))
			return
		}
	}
	d, err := s.svc.GetPayroll(c.Request.Context(), c.Param("id"), after, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	more := len(d.Lines) > p.limit
	if more {
		d.Lines = d.Lines[:p.limit]
	}
	out := payrollDetailOf(d)
	if more {
		out.NextCursor = encodeCursor(strconv.Itoa(d.Lines[p.limit-1].LineNo))
	}
	c.JSON(http.StatusOK, localized(c, out))
}

func (s *Server) approvePayroll(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(payrollOf)(s.svc.ApprovePayroll(ctx, c.Param("id")))
	})
}

func (s *Server) rejectPayroll(c *gin.Context) {
	var in RejectRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(payrollOf)(s.svc.RejectPayroll(ctx, c.Param("id"), in.Reason))
	})
}

// payrollInstructions answers JSON (cards masked) or, with Accept: text/csv,
// the bank file with full card numbers, whose export is audited: the
// payroll's own batch, or with ?batch= a day's re-issues.
func (s *Server) payrollInstructions(c *gin.Context) {
	if !strings.Contains(c.GetHeader("Accept"), "text/csv") {
		_, _, ins, err := s.svc.PayrollInstructions(c.Request.Context(), c.Param("id"))
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, localized(c, Instructions{Items: mapEach(ins, instructionOf)}))
		return
	}
	batch, err := s.svc.ExportInstructionBatch(c.Request.Context(), c.Param("id"), c.Query("batch"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, batch.Ref))
	c.Status(http.StatusOK)
	if err := bankfile.Write(c.Writer, batch); err != nil {
		loggerFrom(c).Error("writing instruction file", "error", err.Error())
	}
}
