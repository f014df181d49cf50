package console

import (
	"net/http"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// payslipLine is one of a payroll's payslip links as an inspector sees it:
// whose, where it stands, and whether it may be re-issued. The token itself
// is never on the page: a link the contractor prints is theirs to print,
// and a re-issued one is shown once, in Reissued.
type payslipLine struct {
	ID          string
	EnrolmentID string
	WorkerName  string
	State       ledger.TokenState
	ExpiresOn   ledger.Date
	Direct      bool
	Misused     bool
	CanReissue  bool
	// CanRevoke: an inspector may revoke this link, one the inspectors
	// gave the worker straight, or mark it misused once revoked.
	CanRevoke bool
	// Answers are the payroll's lines answered through this link: which
	// grant answered (the printed copy, which the employer may hold, or
	// the worker's own link).
	Answers []payslipAnswer
}

// payslipAnswer is one line's answer given through a link.
type payslipAnswer struct {
	LineNo int
	State  string // confirmed or disputed
}

// reissuedLink is a link an inspector has just re-issued, shown this once.
type reissuedLink struct {
	WorkerName string
	URL        string
}

// payslipLines reads a payroll's payslip links for an inspector (and an
// administrator, who sees them but does not act): the contractor's links
// and the ones inspectors gave the workers straight (Direct), which the
// contractor never reads. A worker's link may be re-issued unless the
// worker holds a live direct link other than it: that one is the link to
// re-issue (ledger.CheckPayslipReissue refuses the others).
func (c *Console) payslipLines(q *req, payrollID string) ([]payslipLine, error) {
	links, err := c.svc.ListPayslips(q.ctx, payrollID)
	if err != nil {
		return nil, err
	}
	direct := map[string]string{} // enrolment → its live direct link
	for _, l := range links {
		if l.Direct && l.State == ledger.TokenLive {
			direct[l.EnrolmentID] = l.ID
		}
	}
	out := make([]payslipLine, len(links))
	for i, l := range links {
		held, ok := direct[l.EnrolmentID]
		inspector := q.caller.Role == ledger.RoleInspector
		out[i] = payslipLine{ID: l.ID, EnrolmentID: l.EnrolmentID, WorkerName: l.WorkerName, State: l.State, ExpiresOn: l.ExpiresOn, Direct: l.Direct,
			Misused: l.Misused, CanReissue: inspector && (!ok || held == l.ID), CanRevoke: inspector && l.Direct && !l.Misused}
		for _, a := range l.Answers {
			out[i].Answers = append(out[i].Answers, payslipAnswer{LineNo: a.LineNo, State: a.State})
		}
	}
	return out, nil
}

// reissuePayslip gives the worker of one of the payroll's links a new link
// straight from the inspector (service.ReissuePayslip: a grant of the
// worker's own; the contractor's link is left as it is and the contractor
// never reads the new one) and shows it on the payroll's page this once;
// the page is not redirected to, so the link is in no address and no
// history. The same form sent again re-issues nothing: the worker now holds
// a live direct link, the one to re-issue, which the page says (409).
func (c *Console) reissuePayslip(q *req) error {
	id := q.r.PathValue("id")
	if err := c.inspectorActs(q, store.KindPayroll, id, ledger.M("only an inspector of the project's region may re-issue a payslip link to the worker")); err != nil {
		return err
	}
	l, err := c.svc.ReissuePayslip(q.ctx, id, q.r.PathValue("token"), q.r.PostForm.Get("note"))
	if err != nil {
		return c.payrollRefused(q, err)
	}
	q.w.Header().Set("Cache-Control", "no-store")
	return c.showPayroll(q, http.StatusOK, "", &reissuedLink{WorkerName: l.WorkerName, URL: c.linkBase(q.r) + "/w/" + l.Token})
}

// payrollRefused shows the payroll's page again with a refusal of a link
// action the person can act on (409, 422), or returns any other error as
// it is.
func (c *Console) payrollRefused(q *req, err error) error {
	switch ledger.ErrorCode(err) {
	case ledger.EConflict:
		return c.showPayroll(q, http.StatusConflict, refusalOf(q.lang, err), nil)
	case ledger.EInvalid:
		return c.showPayroll(q, http.StatusUnprocessableEntity, refusalOf(q.lang, err), nil)
	}
	return err
}

// revokeDirectPayslip revokes a link the inspectors gave a worker straight
// (service.RevokeDirectPayslip), saying whether it was misused, and shows
// the payroll's page again; the contractor's link and what the contractor
// reads are left as they are, unless the link was misused (a confirmation
// through it then no longer counts as the worker's).
func (c *Console) revokeDirectPayslip(q *req) error {
	id := q.r.PathValue("id")
	if err := c.inspectorActs(q, store.KindPayroll, id, ledger.M("only an inspector of the project's region may revoke a link the inspectors gave a worker")); err != nil {
		return err
	}
	_, err := c.svc.RevokeDirectPayslip(q.ctx, id, q.r.PathValue("token"), q.r.PostForm.Get("note"), q.r.PostForm.Get("misused") != "")
	if err != nil {
		return c.payrollRefused(q, err)
	}
	return c.showPayroll(q, http.StatusOK, "", nil)
}

// linkBase is where a worker's link points: Options.PublicURL, else this
// request's scheme and host (as the API's payslip links).
func (c *Console) linkBase(r *http.Request) string {
	if c.opts.PublicURL != "" {
		return strings.TrimSuffix(c.opts.PublicURL, "/")
	}
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
