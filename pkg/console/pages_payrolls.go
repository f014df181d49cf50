package console

import (
	"net/http"
	"strconv"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

const linesShown = 200

// payrollData is one payroll with a page of its lines, and for the
// region's inspectors its payslip links.
type payrollData struct {
	Payroll  *service.PayrollDetail
	Project  *ledger.Project
	Employer string
	Next     int // the line to continue after, 0 on the last page
	// Payslips are the payroll's payslip links, shown to inspectors and
	// administrators (Links says so); Reissued is a link an inspector has
	// just re-issued, shown this once.
	Links    bool
	Payslips []payslipLine
	Reissued *reissuedLink
}

// payrollPage shows a payroll: who submitted it for which month, where it
// stands, how its payments stand, and its lines (identity and card numbers
// masked), a page at a time.
func (c *Console) payrollPage(q *req) error { return c.showPayroll(q, http.StatusOK, "", nil) }

func (c *Console) showPayroll(q *req, status int, problem string, reissued *reissuedLink) error {
	id := q.r.PathValue("id")
	st, err := c.visible(q, store.KindPayroll, id)
	if err != nil {
		return err
	}
	after, _ := strconv.Atoi(q.r.URL.Query().Get("after"))
	pay, err := c.svc.GetPayroll(q.ctx, id, max(after, 0), linesShown)
	if err != nil {
		return err
	}
	p, err := c.svc.GetProject(q.ctx, st.ProjectID)
	if err != nil {
		return err
	}
	d := payrollData{Payroll: pay, Project: p, Employer: c.orgName(q, pay.EmployerID), Links: inspectors(q.caller), Reissued: reissued}
	if len(pay.Lines) == linesShown {
		d.Next = pay.Lines[len(pay.Lines)-1].LineNo
	}
	if d.Links {
		if d.Payslips, err = c.payslipLines(q, id); err != nil {
			return err
		}
	}
	c.render(q, status, "payroll", "console.payroll.title", &view{Nav: "projects", Data: d, Error: problem})
	return nil
}
