package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/service"
)

// The worker's page is server-rendered, small and script-free: it must open
// on a cheap phone over a poor connection. Its texts are the catalogue's
// (pkg/i18n), Chinese unless the browser asks for English or ?lang= says so.
var payslipPageTemplate = template.Must(template.New("payslip").Funcs(template.FuncMap{
	"t": func(l i18n.Lang, key string, args ...any) string { return i18n.T(l, key, args...) },
	"money": func(m *ledger.Money) string {
		if m == nil {
			return ""
		}
		return m.String()
	},
}).Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{{t .Lang "worker.title"}}</title>
<style>body{font-family:sans-serif;margin:0 auto;max-width:40em;padding:.5em;line-height:1.4}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.2em;text-align:left}.n{text-align:right}.warn{color:#a00}.ok{color:#070}
section{margin:1em 0}textarea,input{width:100%;box-sizing:border-box}button{padding:.5em 1em;margin:.2em 0}</style></head><body>
{{if .Error}}<h1>{{t .Lang "worker.error.title"}}</h1><p class="warn">{{.Error}}</p>{{else}}{{$l := .Lang}}{{$tok := .Token}}
<h1>{{t $l "worker.title"}} · {{.P.Token.Period}}</h1>
{{if .Done}}<p class="ok">{{t $l "worker.done"}}</p>{{end}}{{if .Problem}}<p class="warn">{{.Problem}}</p>{{end}}
<table>
<tr><th>{{t $l "worker.name"}}</th><td>{{.P.Enrolment.Name}}</td></tr>
<tr><th>{{t $l "worker.id_number"}}</th><td>{{.P.Enrolment.IDNumber}}</td></tr>
<tr><th>{{t $l "worker.project"}}</th><td>{{.P.ProjectName}}</td></tr>
<tr><th>{{t $l "worker.employer"}}</th><td>{{.P.EmployerName}}</td></tr>
<tr><th>{{t $l "worker.due"}}</th><td>{{.P.Due.Date}}</td></tr>
<tr><th>{{t $l "worker.owed"}}</th><td class="n">{{.P.Account.Owed}}</td></tr>
<tr><th>{{t $l "worker.paid"}}</th><td class="n">{{.P.Account.Paid}}</td></tr>
<tr><th>{{t $l "worker.unpaid"}}</th><td class="n{{if gt .P.Account.Unpaid 0}} warn{{end}}">{{.P.Account.Unpaid}}</td></tr>
</table>
<section><h2>{{t $l "worker.lines"}}</h2>{{if not .P.Lines}}<p>{{t $l "worker.lines.none"}}</p>{{end}}
{{range .P.Lines}}<table>
<tr><th>{{t $l "worker.payroll"}}</th><td>{{t $l (printf "worker.payroll.%s" .PayrollStatus)}}</td></tr>
<tr><th>{{t $l "worker.days"}}</th><td class="n">{{.DaysWorked}}</td></tr>
{{if .WorkHours}}<tr><th>{{t $l "worker.hours"}}</th><td class="n">{{.WorkHours}}</td></tr>{{end}}
{{if .BasePay}}<tr><th>{{t $l "worker.base_pay"}}</th><td class="n">{{money .BasePay}}</td></tr>{{end}}
{{if .OvertimePay}}<tr><th>{{t $l "worker.overtime_pay"}}</th><td class="n">{{money .OvertimePay}}</td></tr>{{end}}
{{if .SpecialAllowances}}<tr><th>{{t $l "worker.special_allowances"}}</th><td class="n">{{money .SpecialAllowances}}</td></tr>{{end}}
{{if .OtherAllowances}}<tr><th>{{t $l "worker.other_allowances"}}</th><td class="n">{{money .OtherAllowances}}</td></tr>{{end}}
<tr><th>{{t $l "worker.gross"}}</th><td class="n">{{.Gross}}</td></tr>
{{if .SocialInsurance}}<tr><th>{{t $l "worker.social_insurance"}}</th><td class="n">{{money .SocialInsurance}}</td></tr>{{end}}
{{if .HousingFund}}<tr><th>{{t $l "worker.housing_fund"}}</th><td class="n">{{money .HousingFund}}</td></tr>{{end}}
{{if .IncomeTax}}<tr><th>{{t $l "worker.income_tax"}}</th><td class="n">{{money .IncomeTax}}</td></tr>{{end}}
{{if .OtherDeductions}}<tr><th>{{t $l "worker.other_deductions"}}</th><td class="n">{{money .OtherDeductions}}</td></tr>{{end}}
<tr><th>{{t $l "worker.deductions"}}</th><td class="n">{{.Deductions}}</td></tr>
<tr><th>{{t $l "worker.net"}}</th><td class="n"><b>{{.Net}}</b></td></tr>
<tr><th>{{t $l "worker.payment_status"}}</th><td>{{t $l (printf "worker.payment.%s" .PaymentStatus)}}</td></tr>
<tr><th>{{t $l "worker.answer"}}</th><td>{{if eq .Answer "disputed"}}<span class="warn">{{t $l "worker.state.disputed" .AnswerReason}}</span><br><small class="warn">{{if $.P.Token.Direct}}{{t $l "worker.dispute.stands_own"}}{{else}}{{t $l "worker.dispute.stands"}}{{end}}</small>{{else if eq .Answer "confirmed"}}<span class="ok">{{t $l "worker.state.confirmed"}}</span>{{else}}{{t $l "worker.state.silent"}}{{end}}</td></tr>
</table>
<form method="post" action="/w/{{$tok}}"><input type="hidden" name="payroll_id" value="{{.PayrollID}}"><input type="hidden" name="line_no" value="{{.LineNo}}">
{{if or $.P.Token.Direct (ne .Answer "disputed")}}<button name="action" value="confirm">{{t $l "worker.confirm"}}</button>{{end}}
<label>{{t $l "worker.reason"}}<input name="reason" maxlength="500"></label><button name="action" value="dispute">{{t $l "worker.dispute"}}</button></form>
{{end}}</section>
<section><h2>{{t $l "worker.bank"}}</h2>{{if not .P.Payments}}<p>{{t $l "worker.bank.none"}}</p>{{else}}<table>
<tr><th>{{t $l "worker.settled_on"}}</th><th>{{t $l "worker.payment_status"}}</th><th class="n">{{t $l "worker.amount"}}</th><th>{{t $l "worker.bank_ref"}}</th></tr>
{{range .P.Payments}}<tr><td>{{.SettledOn}}</td><td>{{t $l (printf "worker.payment.%s" .Status)}}{{if .PaidFrom}} ({{t $l "worker.from_guarantee"}}){{end}}</td><td class="n">{{.Amount}}</td><td>{{.BankRef}}</td></tr>{{end}}
</table>{{end}}</section>
<section><h2>{{t $l "worker.complaints"}}</h2>
{{if not .P.Token.Direct}}<p id="complaints-where"><small>{{t $l "worker.complaints.where"}}</small></p>{{end}}
{{if .P.Complaints}}<table>
<tr><th>{{t $l "receipt.received_on"}}</th><th>{{t $l "receipt.status"}}</th><th>{{t $l "worker.complaints.deadline"}}</th></tr>
{{range .P.Complaints}}<tr><td>{{.ReceivedOn}}</td><td>{{t $l (printf "receipt.status.%s" .Status)}}{{if .Overdue}}<span class="warn">{{t $l "worker.complaint.overdue"}}</span>{{end}}</td>
<td>{{if not .ConcludedOn.IsZero}}{{t $l "receipt.concluded_on"}} {{.ConcludedOn}}{{else if not .NextDeadline.IsZero}}{{.NextDeadline}}{{if .Extended}} ({{t $l "receipt.extended"}}){{end}}{{if .DeadlineProvisional}} <small class="provisional">{{t $l "receipt.provisional"}}</small>{{end}}{{else if not .DecidedOn.IsZero}}{{t $l "receipt.decided_on"}} {{.DecidedOn}}{{end}}</td></tr>{{end}}
</table>{{end}}
<form method="post" action="/w/{{$tok}}"><input type="hidden" name="action" value="complaint"><input type="hidden" name="nonce" value="{{.Nonce}}">
<label>{{t $l "worker.complaint.summary"}}<textarea name="summary" maxlength="2000" rows="3" required></textarea></label>
<label>{{t $l "worker.complaint.amount"}}<input name="amount_claimed" inputmode="decimal"></label>
<label>{{t $l "worker.complaint.workers"}}<input name="workers" value="1" inputmode="numeric"></label>
<p>{{t $l "worker.complaint.privacy"}}</p><button>{{t $l "worker.complaint.send"}}</button></form></section>
<p><small>{{t $l "worker.valid_until" .P.Token.ExpiresOn}}</small></p>{{end}}
</body></html>`))

type payslipPageData struct {
	Lang    i18n.Lang
	Token   string
	P       *service.Payslip
	Done    bool
	Problem string
	Error   string
	// Nonce is the complaint form's, fresh at each render (formNonce).
	Nonce string
}

// formNonce is a fresh random nonce for the page's complaint form: the
// form's post is filed under it (fileFromPage), so a double tap or a
// browser's re-post files one complaint. It comes from the render the
// worker's own browser received; whoever else holds the link (the
// contractor) renders nonces of its own, which name nothing of the worker's.
func formNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail
	return hex.EncodeToString(b[:])
}

// validNonce reports whether n is a nonce formNonce makes.
func validNonce(n string) bool {
	if len(n) != 32 {
		return false
	}
	_, err := hex.DecodeString(n)
	return err == nil
}

// pageLang is the page's language: ?lang=, else Accept-Language, else Chinese.
func pageLang(c *gin.Context) i18n.Lang {
	if l, ok := i18n.Parse(c.Query("lang")); ok {
		return l
	}
	return i18n.Negotiate(c.GetHeader("Accept-Language"))
}

// renderPage writes the payslip page.
func renderPage(c *gin.Context, status int, d payslipPageData) {
	renderWorkerPage(c, status, payslipPageTemplate, d)
}

// renderWorkerPage writes a worker's page (payslip or receipt) with the
// headers a page carrying a credential in its address needs: never cached,
// never framed, no referrer, no script.
func renderWorkerPage(c *gin.Context, status int, t *template.Template, d any) {
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		writeError(c, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

func (s *Server) renderPayslipError(c *gin.Context, status int, err error) {
	l := pageLang(c)
	msg := i18n.T(l, "worker.error.not_found")
	switch {
	case status == http.StatusTooManyRequests:
		msg = i18n.T(l, "worker.error.too_many")
	case status != http.StatusNotFound:
		msg = i18n.T(l, "worker.error.other", http.StatusText(status))
	}
	renderPage(c, status, payslipPageData{Lang: l, Error: msg})
}

// payslipPage is the worker's page.
func (s *Server) payslipPage(c *gin.Context) {
	s.showPayslip(c, http.StatusOK, c.Query("done") == "1", "")
}

func (s *Server) showPayslip(c *gin.Context, status int, done bool, problem string) {
	p, err := s.svc.Payslip(c.Request.Context(), payslipOf(c))
	if err != nil {
		s.refusePayslip(c, err)
		return
	}
	renderPage(c, status, payslipPageData{Lang: pageLang(c), Token: c.Param("token"), P: p, Done: done, Problem: problem, Nonce: formNonce()})
}

// payslipPageAction takes the page's forms: confirm or dispute a line, file
// a complaint. Success redirects to the page (so a reload posts nothing
// again); a refusal shows the page with the reason.
func (s *Server) payslipPageAction(c *gin.Context) {
	t, ctx := payslipOf(c), c.Request.Context()
	var err error
	var receipt *receiptPageData
	switch action := c.PostForm("action"); action {
	case "confirm", "dispute":
		line, _ := strconv.Atoi(c.PostForm("line_no"))
		_, err = s.svc.AnswerLine(ctx, t, c.PostForm("payroll_id"), line, ledger.ConfirmAction(action), c.PostForm("reason"))
	case "complaint":
		receipt, err = s.fileFromPage(c, t)
	default:
		err = ledger.Errorf(ledger.EInvalid, "unknown action")
	}
	if err != nil {
		if isInternal(err) {
			s.refusePayslip(c, err)
			return
		}
		key := "worker.refused." + ledger.ErrorCode(err)
		if receipt != nil && ledger.ErrorCode(err) == ledger.EConflict {
			key = "worker.complaint.resent" // the form's nonce, sent before with other words
		}
		s.showPayslip(c, statusOf[ledger.ErrorCode(err)], false, i18n.T(pageLang(c), key))
		return
	}
	if receipt != nil {
		// The receipt code, shown this once, on a page of its own: the
		// payslip page itself never shows a complaint.
		renderReceiptPage(c, http.StatusOK, *receipt)
		return
	}
	to := "/w/" + c.Param("token") + "?done=1"
	if l, ok := i18n.Parse(c.Query("lang")); ok {
		to += "&lang=" + string(l)
	}
	c.Header("Location", to)
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer")
	c.Data(http.StatusSeeOther, "text/html; charset=utf-8", []byte(`<!doctype html><meta charset="utf-8"><a href="`+template.HTMLEscapeString(to)+`">`+
		template.HTMLEscapeString(i18n.T(pageLang(c), "worker.done"))+`</a>`))
}

// fileFromPage files the page form's complaint and returns the receipt page
// that answers it (non-nil also with an error). A form carrying its
// render's nonce is filed under it as the token's Idempotency-Key: a double
// tap or a browser's re-post files one complaint, and answers the receipt
// without its code, which only the first answer shows (the kept answer is
// the receipt alone: the database holds the code's HMAC only). The same
// nonce with other words is a conflict. A form without one (an older
// page) files a complaint a post.
func (s *Server) fileFromPage(c *gin.Context, t *ledger.PayslipToken) (*receiptPageData, error) {
	workers, _ := strconv.Atoi(strings.TrimSpace(c.DefaultPostForm("workers", "1")))
	in := ledger.ComplaintInput{Summary: c.PostForm("summary"), Periods: []string{t.Period.String()}, Workers: workers, AmountClaimed: c.PostForm("amount_claimed")}
	d := &receiptPageData{Lang: pageLang(c)}
	file := func(ctx context.Context) (service.Response, error) {
		v, err := s.svc.FileWorkerComplaint(ctx, t, in)
		if err != nil {
			return service.Response{}, err
		}
		r := ledger.ReceiptOf(v.Complaint, v.ReceivedOn, nil)
		r.DeadlineProvisional = v.DeadlineProvisional
		d.Code, d.R = v.Receipt, &r
		body, err := json.Marshal(receiptOf(&r))
		return service.Response{Status: http.StatusOK, Body: body, Lang: service.EveryLang}, err
	}
	nonce := c.PostForm("nonce")
	if !validNonce(nonce) {
		_, err := file(c.Request.Context())
		return d, err
	}
	ctx := service.WithKeyProject(c.Request.Context(), t.ProjectID)
	hash := service.RequestHash{Hash: requestHashOf(c, []byte(c.Request.PostForm.Encode()))}
	out, replayed, err := s.svc.Idempotent(ctx, "worker-form/"+t.ID+"/"+nonce, hash, file)
	if err != nil || !replayed {
		return d, err
	}
	var kept ComplaintReceipt
	if err := json.Unmarshal(out.Body, &kept); err != nil {
		return d, err
	}
	r := kept.ledger()
	d.Code, d.R, d.Again = "", &r, true
	return d, nil
}
