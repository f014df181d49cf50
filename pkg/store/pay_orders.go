package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// Orders to pay (限期支付令), their lines and the decisions that follow a
// lapsed one (schemas/*/0017_pay_orders.sql).

type payOrderRow struct {
	ProjectID     string      `db:"project_id"`
	ID            string      `db:"id"`
	AlertID       string      `db:"alert_id"`
	EmployerID    string      `db:"employer_id"`
	Status        string      `db:"status"`
	IssuedOn      ledger.Date `db:"issued_on"`
	Deadline      ledger.Date `db:"deadline"`
	Amount        int64       `db:"amount"`
	Unpaid        int64       `db:"unpaid"`
	LapsedOn      ledger.Date `db:"lapsed_on"`
	UnpaidAtLapse int64       `db:"unpaid_at_lapse"`
	ClosedOn      ledger.Date `db:"closed_on"`
	Note          string      `db:"note"`
	IssuedBy      string      `db:"issued_by"`
	GC            string      `db:"general_contractor_id"`
	Days          int         `db:"deadline_working_days"`
}

const payOrderColumns = `project_id, id, alert_id, employer_id, status, issued_on, deadline, amount, unpaid, lapsed_on, unpaid_at_lapse, closed_on, note, issued_by, general_contractor_id, deadline_working_days`

func (r payOrderRow) order() ledger.PayOrder {
	return ledger.PayOrder{ID: r.ID, ProjectID: r.ProjectID, AlertID: r.AlertID, EmployerID: r.EmployerID, Status: ledger.PayOrderStatus(r.Status),
		IssuedOn: r.IssuedOn, Deadline: r.Deadline, Amount: ledger.Money(r.Amount), Unpaid: ledger.Money(r.Unpaid), LapsedOn: r.LapsedOn,
		UnpaidAtLapse: ledger.Money(r.UnpaidAtLapse), ClosedOn: r.ClosedOn, Note: r.Note, IssuedBy: r.IssuedBy,
		GeneralContractorID: r.GC, DeadlineWorkingDays: r.Days}
}

// InsertPayOrder records a new order with its lines. A second live order
// on one alert is a conflict.
func InsertPayOrder(tx *Tx, o *ledger.PayOrder) error {
	_, err := tx.Exec(`INSERT INTO pay_orders (`+payOrderColumns+`, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ProjectID, o.ID, o.AlertID, o.EmployerID, string(o.Status), o.IssuedOn, o.Deadline, int64(o.Amount), int64(o.Unpaid), o.LapsedOn,
		int64(o.UnpaidAtLapse), o.ClosedOn, o.Note, o.IssuedBy, o.GeneralContractorID, o.DeadlineWorkingDays, tx.Now, tx.Now)
	if err != nil {
		return fmt.Errorf("store: unable to record order to pay: %w", err)
	}
	for _, l := range o.Lines {
		if _, err := tx.Exec(`INSERT INTO pay_order_lines (project_id, order_id, enrolment_id, period, name, amount, unpaid) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			o.ProjectID, o.ID, l.EnrolmentID, l.Period, l.Name, int64(l.Amount), int64(l.Unpaid)); err != nil {
			return fmt.Errorf("store: unable to record an order's line: %w", err)
		}
	}
	return nil
}

// RunningCountedOrders lists the orders still running whose deadline was
// counted in working days, on every project (ledger.RecomputeOrderDeadline
// reads them at start-up and each night).
func RunningCountedOrders(q Querier) ([]ledger.PayOrder, error) {
	return selectOrders(q, `SELECT `+payOrderColumns+` FROM pay_orders WHERE status = ? AND deadline_working_days > 0 ORDER BY project_id, id`,
		string(ledger.OrderIssued))
}

// UpdatePayOrderDeadline writes an order's deadline counted again; it
// reports false, writing nothing, when the order changed since it was read
// with the deadline was (reviewed, or counted again by another process).
func UpdatePayOrderDeadline(tx *Tx, o *ledger.PayOrder, was ledger.Date) (bool, error) {
	res, err := tx.Exec(`UPDATE pay_orders SET deadline = ?, updated_at = ? WHERE project_id = ? AND id = ? AND status = ? AND deadline = ?`,
		o.Deadline, tx.Now, o.ProjectID, o.ID, string(ledger.OrderIssued), was)
	if err != nil {
		return false, fmt.Errorf("store: unable to update an order's deadline: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// UpdatePayOrder writes what a review changed: the status, the unpaid
// rests and the dates. It fails as a conflict when the order's status moved
// since it was read as was.
func UpdatePayOrder(tx *Tx, o *ledger.PayOrder, was ledger.PayOrderStatus) error {
	res, err := tx.Exec(`UPDATE pay_orders SET status = ?, unpaid = ?, lapsed_on = ?, unpaid_at_lapse = ?, closed_on = ?, updated_at = ?
		WHERE project_id = ? AND id = ? AND status = ?`, string(o.Status), int64(o.Unpaid), o.LapsedOn, int64(o.UnpaidAtLapse), o.ClosedOn, tx.Now,
		o.ProjectID, o.ID, string(was))
	if err != nil {
		return fmt.Errorf("store: unable to update order to pay: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrConcurrentChange
	}
	for _, l := range o.Lines {
		if _, err := tx.Exec(`UPDATE pay_order_lines SET unpaid = ? WHERE project_id = ? AND order_id = ? AND enrolment_id = ? AND period = ?`,
			int64(l.Unpaid), o.ProjectID, o.ID, l.EnrolmentID, l.Period); err != nil {
			return fmt.Errorf("store: unable to update an order's line: %w", err)
		}
	}
	return nil
}

// PayOrderFilter selects orders.
type PayOrderFilter struct {
	Scope      Scope
	Status     ledger.PayOrderStatus
	ProjectID  string
	EmployerID string
	AlertID    string
	After      string
	Limit      int
}

// ordersScope is the condition on order o of project p the scope allows:
// inspectors their region's, a contractor its projects' as general
// contractor and the orders naming it as employer, a bank none.
func ordersScope(s Scope) (string, []any) { return ordersScopeOf(s, "o") }

// ordersScopeOf is ordersScope for orders alias o.
func ordersScopeOf(s Scope, o string) (string, []any) {
	switch s.Role {
	case ledger.RoleContractor:
		return "(p.general_contractor_id = ? OR " + o + ".employer_id = ?)", []any{s.OrgID, s.OrgID}
	case ledger.RoleBank:
		return "1 = 0", nil
	}
	return s.projectsWhere("p")
}

// ListPayOrders lists the orders the filter selects, by ID, with their lines.
func ListPayOrders(q Querier, f PayOrderFilter) ([]ledger.PayOrder, error) {
	where, args := ordersScope(f.Scope)
	qs := `SELECT ` + prefixed("o", payOrderColumns) + ` FROM pay_orders o JOIN projects p ON p.id = o.project_id WHERE ` + where
	for _, c := range []struct{ cond, v string }{{"o.status = ?", string(f.Status)}, {"o.project_id = ?", f.ProjectID},
		{"o.employer_id = ?", f.EmployerID}, {"o.alert_id = ?", f.AlertID}, {"o.id > ?", f.After}} {
		if c.v != "" {
			qs += " AND " + c.cond
			args = append(args, c.v)
		}
	}
	qs += fmt.Sprintf(" ORDER BY o.id LIMIT %d", clampLimit(f.Limit))
	return selectOrders(q, qs, args...)
}

func selectOrders(q Querier, qs string, args ...any) ([]ledger.PayOrder, error) {
	var rows []payOrderRow
	if err := q.Select(&rows, qs, args...); err != nil {
		return nil, fmt.Errorf("store: unable to list orders to pay: %w", err)
	}
	out := make([]ledger.PayOrder, len(rows))
	ids := make([]any, len(rows))
	at := map[string]int{}
	var projects []string
	for i, r := range rows {
		out[i], ids[i], at[r.ID] = r.order(), r.ID, i
		if !slices.Contains(projects, r.ProjectID) {
			projects = append(projects, r.ProjectID)
		}
	}
	if len(rows) == 0 {
		return out, nil
	}
	// The lines on the orders' projects' shards alone on a Citus cluster.
	pin, pinArgs := dialectOf(q).onShardsOf("project_id", projects)
	var lines []struct {
		OrderID     string        `db:"order_id"`
		EnrolmentID string        `db:"enrolment_id"`
		Period      ledger.Period `db:"period"`
		Name        string        `db:"name"`
		Amount      int64         `db:"amount"`
		Unpaid      int64         `db:"unpaid"`
	}
	if err := q.Select(&lines, `SELECT order_id, enrolment_id, period, name, amount, unpaid FROM pay_order_lines
		WHERE order_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`+pin+` ORDER BY order_id, enrolment_id, period`, append(ids, pinArgs...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read the lines of orders to pay: %w", err)
	}
	for _, l := range lines {
		o := &out[at[l.OrderID]]
		o.Lines = append(o.Lines, ledger.PayOrderLine{EnrolmentID: l.EnrolmentID, Name: l.Name, Period: l.Period,
			Amount: ledger.Money(l.Amount), Unpaid: ledger.Money(l.Unpaid)})
	}
	return out, nil
}

// GetPayOrder reads one order by its ID, with its lines (on a Citus cluster
// on its project's shard when the ID names its project: onShardsOfIDs).
func GetPayOrder(q Querier, id string) (*ledger.PayOrder, error) {
	pin, pinArgs := dialectOf(q).onShardsOfIDs("project_id", []string{id})
	os, err := selectOrders(q, `SELECT `+payOrderColumns+` FROM pay_orders WHERE id = ?`+pin, append([]any{id}, pinArgs...)...)
	if err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return nil, notFound("resource.order", id)
	}
	return &os[0], nil
}

// OrdersForMonths are a project's orders with a line for one of months (a
// complaint's), every one, in ID order: the filter is in SQL, with no page
// limit, so a project with many orders drops none of them.
func OrdersForMonths(q Querier, projectID string, months []ledger.Period) ([]ledger.PayOrder, error) {
	if len(months) == 0 {
		return []ledger.PayOrder{}, nil
	}
	args := []any{projectID, projectID}
	for _, m := range months {
		args = append(args, m.String())
	}
	return selectOrders(q, `SELECT `+payOrderColumns+` FROM pay_orders WHERE project_id = ? AND id IN (
		SELECT order_id FROM pay_order_lines WHERE project_id = ? AND period IN (`+placeholders(len(months))+`)) ORDER BY id`, args...)
}

// OrdersOn are the orders the nightly check reviews on a batch of projects
// (at most MaxCheckBatch): every one, whatever its status (a paid one
// reopens when the bank returns a payment), by project in ID order: one
// statement for the orders, one for their lines, each held to the batch by
// its own IN list.
func OrdersOn(q Querier, projectIDs []string) (map[string][]ledger.PayOrder, error) {
	out := map[string][]ledger.PayOrder{}
	if len(projectIDs) == 0 {
		return out, nil
	}
	if len(projectIDs) > MaxCheckBatch {
		return nil, fmt.Errorf("store: a batch of %d projects is more than %d", len(projectIDs), MaxCheckBatch)
	}
	in := `project_id IN (` + placeholders(len(projectIDs)) + `)`
	var rows []payOrderRow
	if err := q.Select(&rows, `SELECT `+payOrderColumns+` FROM pay_orders WHERE `+in+` ORDER BY project_id, id`,
		anys(projectIDs)...); err != nil {
		return nil, fmt.Errorf("store: unable to list orders to pay: %w", err)
	}
	if len(rows) == 0 {
		return out, nil
	}
	type key struct{ project, order string }
	at := map[key]*ledger.PayOrder{}
	orders := make([]ledger.PayOrder, len(rows))
	ids := make([]string, len(rows))
	for i, r := range rows {
		orders[i], ids[i] = r.order(), r.ID
		at[key{r.ProjectID, r.ID}] = &orders[i]
	}
	var lines []struct {
		ProjectID   string        `db:"project_id"`
		OrderID     string        `db:"order_id"`
		EnrolmentID string        `db:"enrolment_id"`
		Period      ledger.Period `db:"period"`
		Name        string        `db:"name"`
		Amount      int64         `db:"amount"`
		Unpaid      int64         `db:"unpaid"`
	}
	if err := q.Select(&lines, `SELECT project_id, order_id, enrolment_id, period, name, amount, unpaid FROM pay_order_lines
		WHERE `+in+` AND order_id IN (`+placeholders(len(ids))+`) ORDER BY project_id, order_id, enrolment_id, period`,
		append(anys(projectIDs), anys(ids)...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read the lines of orders to pay: %w", err)
	}
	for _, l := range lines {
		if o := at[key{l.ProjectID, l.OrderID}]; o != nil {
			o.Lines = append(o.Lines, ledger.PayOrderLine{EnrolmentID: l.EnrolmentID, Name: l.Name, Period: l.Period,
				Amount: ledger.Money(l.Amount), Unpaid: ledger.Money(l.Unpaid)})
		}
	}
	for _, o := range orders {
		out[o.ProjectID] = append(out[o.ProjectID], o)
	}
	return out, nil
}

// LapsedOrdersOf are the orders to pay naming employer employerID that
// lapsed and are still unpaid, on every project, oldest deadline first:
// the facts the blacklist's candidate rule starts from (DOMAIN.md: listed
// only after an order to pay has lapsed).
func LapsedOrdersOf(q Querier, employerID string) ([]ledger.PayOrder, error) {
	os, err := selectOrders(q, `SELECT `+payOrderColumns+` FROM pay_orders WHERE employer_id = ? AND status = ? AND unpaid > 0 ORDER BY id`,
		employerID, string(ledger.OrderLapsed))
	if err != nil {
		return nil, err
	}
	return ledger.LapsedUnpaid(os), nil
}

type orderDecisionRow struct {
	ProjectID   string      `db:"project_id"`
	ID          string      `db:"id"`
	OrderID     string      `db:"order_id"`
	Step        string      `db:"step"`
	Percent     int         `db:"percent"`
	Amount      int64       `db:"amount"`
	DecisionRef string      `db:"decision_ref"`
	GuaranteeID string      `db:"guarantee_id"`
	DrawdownID  string      `db:"drawdown_id"`
	Note        string      `db:"note"`
	DecidedOn   ledger.Date `db:"decided_on"`
	DecidedBy   string      `db:"decided_by"`
}

const orderDecisionColumns = `project_id, id, order_id, step, percent, amount, decision_ref, guarantee_id, drawdown_id, note, decided_on, decided_by`

// InsertOrderDecision records an inspector's decision on an order; a second
// decision of one step is a conflict.
func InsertOrderDecision(tx *Tx, d *ledger.OrderDecision) error {
	_, err := tx.Exec(`INSERT INTO pay_order_decisions (`+orderDecisionColumns+`, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ProjectID, d.ID, d.OrderID, string(d.Step), d.Percent, int64(d.Amount), d.DecisionRef, d.GuaranteeID, d.DrawdownID, d.Note,
		d.DecidedOn, d.DecidedBy, tx.Now)
	if err != nil {
		return fmt.Errorf("store: unable to record the decision: %w", err)
	}
	return nil
}

// OrderDecisions lists the decisions taken on an order, by ID.
func OrderDecisions(q Querier, projectID, orderID string) ([]ledger.OrderDecision, error) {
	var rows []orderDecisionRow
	if err := q.Select(&rows, `SELECT `+orderDecisionColumns+` FROM pay_order_decisions WHERE project_id = ? AND order_id = ? ORDER BY id`,
		projectID, orderID); err != nil {
		return nil, fmt.Errorf("store: unable to read the decisions on order %s: %w", orderID, err)
	}
	out := make([]ledger.OrderDecision, len(rows))
	for i, r := range rows {
		out[i] = ledger.OrderDecision{ID: r.ID, ProjectID: r.ProjectID, OrderID: r.OrderID, Step: ledger.OrderStep(r.Step), Percent: r.Percent,
			Amount: ledger.Money(r.Amount), DecisionRef: r.DecisionRef, GuaranteeID: r.GuaranteeID, DrawdownID: r.DrawdownID, Note: r.Note,
			DecidedOn: r.DecidedOn, DecidedBy: r.DecidedBy}
	}
	return out, nil
}
