package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"rsc.io/qr"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// baseURL is where payslip links point: Options.PublicURL, else the
// request's own scheme and host.
func (s *Server) baseURL(c *gin.Context) string {
	if s.opts.PublicURL != "" {
		return strings.TrimSuffix(s.opts.PublicURL, "/")
	}
	scheme := "http"
	if c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

func (s *Server) payslipLinkOf(c *gin.Context, payrollID string) func(service.PayslipLink) PayslipLink {
	base := s.baseURL(c)
	return func(l service.PayslipLink) PayslipLink {
		out := PayslipLink{ID: l.ID, EnrolmentID: l.EnrolmentID, WorkerName: l.WorkerName, Period: l.Period, State: string(l.State),
			ExpiresOn: l.ExpiresOn, IssuedAt: l.IssuedAt, RevokedAt: l.RevokedAt, Direct: l.Direct, Misused: l.Misused, Answers: payslipLinkAnswersOf(l.Answers)}
		if l.Token != "" {
			out.URL = base + "/w/" + l.Token
			if !l.Direct {
				out.QRURL = "/api/v1/payrolls/" + payrollID + "/payslips/" + l.ID + "/qr.svg"
			}
		}
		return out
	}
}

// issuePayslips serves POST /payrolls/{id}/payslips: a live link for every
// worker on the payroll.
func (s *Server) issuePayslips(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		writeError(c, err)
		return
	}
	id := c.Param("id")
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		links, err := s.svc.IssuePayslips(ctx, id)
		return PayslipLinks{Items: mapEach(links, s.payslipLinkOf(c, id))}, err
	})
}

func (s *Server) listPayslips(c *gin.Context) {
	id := c.Param("id")
	links, err := s.svc.ListPayslips(c.Request.Context(), id)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, PayslipLinks{Items: mapEach(links, s.payslipLinkOf(c, id))})
}

func (s *Server) revokePayslip(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		writeError(c, err)
		return
	}
	id := c.Param("id")
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		l, err := s.svc.RevokePayslip(ctx, id, c.Param("token_id"))
		if err != nil {
			return nil, err
		}
		return s.payslipLinkOf(c, id)(*l), nil
	})
}

// reissuePayslip serves POST /payrolls/{id}/payslips/{token_id}/reissue:
// an inspector gets a new link to hand straight to the worker, which the
// contractor is never given; the contractor's printed link stays live.
func (s *Server) reissuePayslip(c *gin.Context) {
	var in ReissueRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	id := c.Param("id")
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		l, err := s.svc.ReissuePayslip(ctx, id, c.Param("token_id"), in.Note)
		if err != nil {
			return nil, err
		}
		c.Header("Cache-Control", "no-store")
		return s.payslipLinkOf(c, id)(*l), nil
	})
}

// revokeDirectPayslip serves POST
// /payrolls/{id}/payslips/{token_id}/revoke-direct: an inspector or an
// administrator revokes a link the inspectors gave a worker straight,
// without giving another, saying whether it was misused.
func (s *Server) revokeDirectPayslip(c *gin.Context) {
	var in RevokeDirectRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	id := c.Param("id")
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		l, err := s.svc.RevokeDirectPayslip(ctx, id, c.Param("token_id"), in.Note, in.Misused)
		if err != nil {
			return nil, err
		}
		return s.payslipLinkOf(c, id)(*l), nil
	})
}

// payslipQR serves a live link as a QR code (SVG) to print on the paper
// payslip.
func (s *Server) payslipQR(c *gin.Context) {
	id := c.Param("id")
	l, err := s.svc.PayslipOfPayroll(c.Request.Context(), id, c.Param("token_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	if l.Token == "" {
		writeError(c, ledger.Errorf(ledger.EConflict, "payslip link %s is %s: issue a new one", l.ID, l.State.Label()))
		return
	}
	code, err := qr.Encode(s.payslipLinkOf(c, id)(*l).URL, qr.M)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "image/svg+xml", qrSVG(code))
}

// qrSVG draws a QR code as SVG: one unit per module, a four-module quiet zone.
func qrSVG(code *qr.Code) []byte {
	const quiet = 4
	n := code.Size + 2*quiet
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`, n, n, n*4, n*4)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			if code.Black(x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String())
}

// getPayslip serves GET /payslips/{token}: the worker's own page as JSON.
func (s *Server) getPayslip(c *gin.Context) {
	p, err := s.svc.Payslip(c.Request.Context(), payslipOf(c))
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, payslipOfService(p))
}

// answerLine serves POST /payslips/{token}/confirm and …/dispute.
func (s *Server) answerLine(action ledger.ConfirmAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		var in LineAnswerRequest
		body, err := bind(c, &in)
		if err != nil {
			writeError(c, err)
			return
		}
		s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
			a, err := s.svc.AnswerLine(ctx, payslipOf(c), in.PayrollID, in.LineNo, action, in.Reason)
			if err != nil {
				return nil, err
			}
			return LineAnswer{PayrollID: a.PayrollID, LineNo: a.LineNo, State: string(a.State), Reason: a.Reason, Changed: a.Changed}, nil
		})
	}
}

// fileWorkerComplaint serves POST /payslips/{token}/complaints.
func (s *Server) fileWorkerComplaint(c *gin.Context) {
	var in WorkerComplaintRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	t := payslipOf(c)
	if len(in.Periods) == 0 {
		in.Periods = []string{t.Period.String()}
	}
	if in.Workers == 0 {
		in.Workers = 1
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		v, err := s.svc.FileWorkerComplaint(ctx, t, ledger.ComplaintInput{Summary: in.Summary, Periods: in.Periods, Workers: in.Workers, AmountClaimed: in.AmountClaimed})
		if err != nil {
			return nil, err
		}
		if v.Receipt != "" {
			c.Header(ReceiptHeader, v.Receipt)
			c.Header("Cache-Control", "no-store")
		}
		return WorkerComplaint{ID: v.ID, Status: string(v.Status), ReceivedOn: v.ReceivedOn, AcceptBy: v.AcceptBy, Overdue: v.Overdue}, nil
	})
}
