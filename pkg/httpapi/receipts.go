package httpapi

import (
	"context"
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// ReceiptHeader carries a complaint's receipt code on the one answer that
// shows it: the answer that filed the complaint, or an inspector's
// re-issue. It is never in a body, so the copy of the answer kept for its
// Idempotency-Key holds no code (a replay answers the body without it), and
// the database keeps only the code's HMAC.
const ReceiptHeader = "Complaint-Receipt"

const ctxReceipt = "wageguard.receipt"

// ReissueRequest is an inspector's re-issue of a receipt code or a payslip
// link, with why (kept in the audit trail; optional).
type ReissueRequest struct {
	Note string `json:"note"`
}

// ComplaintReceipt is what a receipt code shows: the complaint's state and
// its deadlines, nothing else (no ID, project, words or names).
type ComplaintReceipt struct {
	Status       string       `json:"status"`
	ReceivedOn   ledger.Date  `json:"received_on"`
	AcceptBy     ledger.Date  `json:"accept_by"`
	DecidedOn    *ledger.Date `json:"decided_on,omitempty"`
	ConcludeBy   *ledger.Date `json:"conclude_by,omitempty"`
	Extended     bool         `json:"extended"`
	ConcludedOn  *ledger.Date `json:"concluded_on,omitempty"`
	NextDeadline *ledger.Date `json:"next_deadline,omitempty"`
	Overdue      bool         `json:"overdue"`
	// DeadlineProvisional: next_deadline was counted across a year whose
	// State Council notice the calendar lacks, and may move.
	DeadlineProvisional bool `json:"deadline_provisional,omitempty"`
}

// ledger is the receipt a kept answer holds (fileFromPage).
func (r ComplaintReceipt) ledger() ledger.ComplaintReceipt {
	d := func(p *ledger.Date) ledger.Date {
		if p == nil {
			return ledger.Date{}
		}
		return *p
	}
	return ledger.ComplaintReceipt{Status: ledger.ComplaintStatus(r.Status), ReceivedOn: r.ReceivedOn, AcceptBy: r.AcceptBy, DecidedOn: d(r.DecidedOn),
		ConcludeBy: d(r.ConcludeBy), Extended: r.Extended, ConcludedOn: d(r.ConcludedOn), NextDeadline: d(r.NextDeadline), Overdue: r.Overdue,
		DeadlineProvisional: r.DeadlineProvisional}
}

func receiptOf(r *ledger.ComplaintReceipt) ComplaintReceipt {
	return ComplaintReceipt{Status: string(r.Status), ReceivedOn: r.ReceivedOn, AcceptBy: r.AcceptBy, DecidedOn: dateOrNil(r.DecidedOn),
		ConcludeBy: dateOrNil(r.ConcludeBy), Extended: r.Extended, ConcludedOn: dateOrNil(r.ConcludedOn), NextDeadline: dateOrNil(r.NextDeadline), Overdue: r.Overdue,
		DeadlineProvisional: r.DeadlineProvisional}
}

// holdReceipt is the access rule of a receipt route, the payslip links'
// (holdPayslip) with the same counters: the client's address within its
// limits, a code that opens nothing counted against the address, and one
// complaint's code within its own limit.
func (s *Server) holdReceipt(c *gin.Context) {
	ip := c.ClientIP()
	many := func(wait string) error {
		c.Header("Retry-After", wait)
		return &statusError{http.StatusTooManyRequests, ledger.M("too many requests for receipt codes from here; wait and try again")}
	}
	if s.guard.badPerIP.spent(ip) {
		s.refuseReceipt(c, many("3600"))
		return
	}
	if !s.guard.perIP.take(ip) {
		s.refuseReceipt(c, many("60"))
		return
	}
	r, id, err := s.svc.ComplaintReceipt(c.Request.Context(), c.Param("code"))
	if err != nil {
		if ledger.ErrorCode(err) == ledger.ENotFound {
			s.guard.badPerIP.take(ip)
		}
		s.refuseReceipt(c, err)
		return
	}
	if !s.guard.perToken.take("receipt/" + id) {
		s.refuseReceipt(c, many("60"))
		return
	}
	c.Set(ctxReceipt, r)
	c.Next()
}

func (s *Server) refuseReceipt(c *gin.Context, err error) {
	if !strings.HasPrefix(c.FullPath(), "/w/") {
		writeError(c, err)
		return
	}
	_ = c.Error(err)
	l := pageLang(c)
	status, msg := http.StatusNotFound, i18n.T(l, "receipt.error.not_found")
	if ledger.ErrorCode(err) != ledger.ENotFound {
		status, msg = http.StatusTooManyRequests, i18n.T(l, "worker.error.too_many")
		if isInternal(err) {
			status, msg = http.StatusInternalServerError, i18n.T(l, "worker.error.other", http.StatusText(http.StatusInternalServerError))
		}
	}
	renderReceiptPage(c, status, receiptPageData{Lang: l, Error: msg})
	c.Abort()
}

// getReceipt serves GET /complaints/receipts/{code}.
func (s *Server) getReceipt(c *gin.Context) {
	r, _ := c.Get(ctxReceipt)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, receiptOf(r.(*ledger.ComplaintReceipt)))
}

// receiptPage serves GET /w/receipts/{code}: the same, as the worker's page.
func (s *Server) receiptPage(c *gin.Context) {
	r, _ := c.Get(ctxReceipt)
	renderReceiptPage(c, http.StatusOK, receiptPageData{Lang: pageLang(c), R: r.(*ledger.ComplaintReceipt)})
}

// reissueReceipt serves POST /complaints/{id}/receipt: an inspector's new
// code for the complaint, in the Complaint-Receipt header; the old code
// opens nothing from then on.
func (s *Server) reissueReceipt(c *gin.Context) {
	var in ReissueRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		code, r, err := s.svc.ReissueComplaintReceipt(ctx, c.Param("id"), in.Note)
		if err != nil {
			return nil, err
		}
		c.Header(ReceiptHeader, code)
		c.Header("Cache-Control", "no-store")
		return receiptOf(r), nil
	})
}

var receiptPageTemplate = template.Must(template.New("receipt").Funcs(template.FuncMap{
	"t": func(l i18n.Lang, key string, args ...any) string { return i18n.T(l, key, args...) },
}).Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{{t .Lang "receipt.title"}}</title>
<style>body{font-family:sans-serif;margin:0 auto;max-width:40em;padding:.5em;line-height:1.4}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.2em;text-align:left}.warn{color:#a00}.ok{color:#070}.code{font:bold 1.4em monospace;letter-spacing:.1em}</style></head><body>
{{$l := .Lang}}<h1>{{t $l "receipt.title"}}</h1>
{{if .Error}}<p class="warn">{{.Error}}</p>{{else}}
{{if .Again}}<p class="ok">{{t $l "receipt.again"}}</p>{{end}}{{if .Code}}<p class="ok">{{t $l "receipt.filed"}}</p><p>{{t $l "receipt.code"}}</p><p class="code">{{.Code}}</p>
<p class="warn">{{t $l "receipt.keep"}}</p><p><a href="/w/receipts/{{.Code}}">{{t $l "receipt.follow"}}</a></p>{{end}}
<table>
<tr><th>{{t $l "receipt.status"}}</th><td>{{t $l (printf "receipt.status.%s" .R.Status)}}{{if .R.Overdue}}<span class="warn">{{t $l "worker.complaint.overdue"}}</span>{{end}}</td></tr>
<tr><th>{{t $l "receipt.received_on"}}</th><td>{{.R.ReceivedOn}}</td></tr>
<tr><th>{{t $l "receipt.accept_by"}}</th><td>{{.R.AcceptBy}}{{if and .R.DeadlineProvisional (eq (print .R.Status) "received")}} <small class="provisional" id="receipt-provisional">{{t $l "receipt.provisional"}}</small>{{end}}</td></tr>
{{if not .R.DecidedOn.IsZero}}<tr><th>{{t $l "receipt.decided_on"}}</th><td>{{.R.DecidedOn}}</td></tr>{{end}}
{{if not .R.ConcludeBy.IsZero}}<tr><th>{{t $l "receipt.conclude_by"}}</th><td>{{.R.ConcludeBy}}{{if .R.Extended}} ({{t $l "receipt.extended"}}){{end}}{{if and .R.DeadlineProvisional (eq (print .R.Status) "accepted")}} <small class="provisional" id="receipt-provisional">{{t $l "receipt.provisional"}}</small>{{end}}</td></tr>{{end}}
{{if not .R.ConcludedOn.IsZero}}<tr><th>{{t $l "receipt.concluded_on"}}</th><td>{{.R.ConcludedOn}}</td></tr>{{end}}
</table>
<p><small>{{t $l "receipt.law"}}</small></p>{{end}}
</body></html>`))

type receiptPageData struct {
	Lang  i18n.Lang
	Code  string
	R     *ledger.ComplaintReceipt
	Error string
	// Again: the page's complaint form sent again under its nonce; the
	// complaint was filed once, and its code is not shown again.
	Again bool
}

// renderReceiptPage writes the receipt page with the payslip page's headers.
func renderReceiptPage(c *gin.Context, status int, d receiptPageData) {
	renderWorkerPage(c, status, receiptPageTemplate, d)
}
