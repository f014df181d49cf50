package console

import (
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
	Next     string
}

type orderLine struct {
	ledger.PayOrder
	ProjectName string
}

const orderPage = 100

// orderList lists the orders to pay, a lapsed one flagged.
func (c *Console) orderList(q *req) error {
	v := q.r.URL.Query()
	f := store.PayOrderFilter{Limit: orderPage, After: v.Get("after")}
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
	_, names, err := c.projectNames(q)
	if err != nil {
		return err
	}
	for _, o := range os {
		d.Lines = append(d.Lines, orderLine{PayOrder: o, ProjectName: names[o.ProjectID]})
	}
	if len(os) == orderPage {
		next := url.Values{"after": {os[len(os)-1].ID}}
		if d.Status != "" {
			next.Set("status", d.Status)
		}
		d.Next = next.Encode()
	}
	c.render(q, http.StatusOK, "orders", "console.orders.title", &view{Nav: "orders", Data: d})
	return nil
}
