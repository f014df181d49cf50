package console

import (
	"net/http"
	"strconv"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

const linesShown = 200

// payrollData is one payroll with a page of its lines.
type payrollData struct {
	Payroll  *service.PayrollDetail
	Project  *ledger.Project
	Employer string
	Next     int // the line to continue after, 0 on the last page
}

// payrollPage shows a payroll: who submitted it for which month, where it
// stands, how its payments stand, and its lines (identity and card numbers
// masked), a page at a time.
func (c *Console) payrollPage(q *req) error {
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
	d := payrollData{Payroll: pay, Project: p, Employer: c.orgName(q, pay.EmployerID)}
	if len(pay.Lines) == linesShown {
		d.Next = pay.Lines[len(pay.Lines)-1].LineNo
	}
	c.render(q, http.StatusOK, "payroll", "console.payroll.title", &view{Nav: "projects", Data: d})
	return nil
}
