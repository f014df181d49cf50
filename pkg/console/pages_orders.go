package console

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

var allOrderStatuses = []ledger.PayOrderStatus{ledger.OrderIssued, ledger.OrderLapsed, ledger.OrderComplied, ledger.OrderSettled}

// ordersData is the list of orders to pay (限期支付令) the person may read:
// an inspector their region's, a contractor those of its projects and
// those naming it (service.ListOrders scopes them), filtered by status.
type ordersData struct {
	Status   string
	Statuses []ledger.PayOrderStatus
	Lines    []orderLine
	Next     template.URL // the next page's query (pageQuery), "" on the last
}

type orderLine struct {
	ledger.PayOrder
	ProjectName  string
	EmployerName string
}

var orderPage = 100 // a variable: a test pages through a few (SetOrdersPerPage)

// orderList lists the orders to pay, a lapsed one flagged.
func (c *Console) orderList(q *req) error {
	v := q.r.URL.Query()
	f := store.PayOrderFilter{Limit: orderPage + 1, After: v.Get("after")} // one more: is there a next page
	d := ordersData{Statuses: allOrderStatuses}
	for _, s := range allOrderStatuses {
		if string(s) == v.Get("status") {
			f.Status, d.Status = s, string(s)
		}
	}
	os, err := c.svc.ListOrders(q.ctx, f)
	if err != nil {
		return err
	}
	os, more := onePage(os, orderPage)
	_, names, err := c.projectNames(q)
	if err != nil {
		return err
	}
	employers := map[string]string{}
	for _, o := range os {
		if _, ok := employers[o.EmployerID]; !ok {
			employers[o.EmployerID] = c.orgName(q, o.EmployerID)
		}
		d.Lines = append(d.Lines, orderLine{PayOrder: o, ProjectName: names[o.ProjectID], EmployerName: employers[o.EmployerID]})
	}
	if more {
		next := url.Values{"after": {os[len(os)-1].ID}}
		if d.Status != "" {
			next.Set("status", d.Status)
		}
		d.Next = pageQuery(next)
	}
	c.render(q, http.StatusOK, "orders", "console.orders.title", &view{Nav: "orders", Data: d})
	return nil
}

// orderData is one order to pay as its page shows it: the employer and the
// general contractor bound to pay first by name, the workers' lines (names
// only, as the payroll pages show them, each linked to the worker's page),
// the decisions taken, and for an inspector of its region the next steps
// the law allows today.
type orderData struct {
	Order        ledger.PayOrder
	Decisions    []ledger.OrderDecision
	Project      *ledger.Project
	EmployerName string
	GCName       string
	Steps        []ledger.NextStep
	Inspector    bool
}

// orderPage shows one order to pay to whoever may read it, as the list
// scopes them (service.ListOrders: an inspector of its region, the
// project's general contractor, the employer it names, an administrator);
// anyone else is told it does not exist. Only the region's inspectors read
// the next steps, which are theirs to decide (as GET
// /orders/{id}/next-steps).
func (c *Console) orderPage(q *req) error {
	id := q.r.PathValue("id")
	if q.caller.Role == ledger.RoleBank {
		return ledger.Errorf(ledger.ENotFound, "not found")
	}
	if _, err := c.visible(q, store.KindOrder, id); err != nil {
		return err
	}
	o, err := c.svc.GetOrder(q.ctx, id)
	if err != nil {
		return err
	}
	p, err := c.svc.GetProject(q.ctx, o.ProjectID)
	if err != nil {
		return err
	}
	d := orderData{Order: o.PayOrder, Decisions: o.Decisions, Project: p, EmployerName: c.orgName(q, o.EmployerID),
		Inspector: q.caller.Role == ledger.RoleInspector}
	if o.GeneralContractorID != "" {
		d.GCName = c.orgName(q, o.GeneralContractorID)
	}
	if d.Inspector {
		if d.Steps, err = c.svc.OrderNextSteps(q.ctx, id); err != nil {
			return err
		}
	}
	c.render(q, http.StatusOK, "order", "console.order.title", &view{Nav: "orders", Data: d})
	return nil
}
