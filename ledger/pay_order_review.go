package ledger

// StatusChange is a change of an order's status as it is audited: the day it
// happened and what was unpaid then.
type StatusChange struct {
	Status PayOrderStatus
	On     Date
	Unpaid Money
}

// ReviewSteps are the changes of status a review on night asOf makes of an
// order that was was and is now now, each audited: a lapse found together
// with the payment that settled it is a step of its own, dated the day it
// lapsed with what was unpaid then, before the settlement; so is a lapse
// found when a returned payment reopens a paid order. No change, no step.
func ReviewSteps(was, now *PayOrder, asOf Date) []StatusChange {
	if now.Status == was.Status {
		return nil
	}
	var steps []StatusChange
	if (now.Status == OrderSettled || now.Status == OrderLapsed) && was.Status != OrderLapsed {
		steps = append(steps, StatusChange{Status: OrderLapsed, On: now.LapsedOn, Unpaid: now.UnpaidAtLapse})
	}
	if now.Status != OrderLapsed {
		steps = append(steps, StatusChange{Status: now.Status, On: asOf, Unpaid: now.Unpaid})
	}
	return steps
}

// live reports whether an order in this status still asks for its wages.
func (s PayOrderStatus) live() bool { return s == OrderIssued || s == OrderLapsed }

// LiveOrders maps each alert to its live (issued or lapsed) order among a
// project's orders, the last in their order when there are several.
func LiveOrders(orders []PayOrder) map[string]string {
	live := map[string]string{}
	for _, o := range orders {
		if o.Status.live() {
			live[o.AlertID] = o.ID
		}
	}
	return live
}

// ReviewAmong is ReviewPayOrder of an order among its project's (live:
// LiveOrders of them, before the review), and the steps to audit
// (ReviewSteps). An order the books would make live again (a returned
// payment reopening it) stays as it is while another order on its alert is
// live: that one asks for the alert's wages now. write says whether the
// order changed and is written.
func ReviewAmong(o PayOrder, books OrderBooks, asOf Date, live map[string]string) (PayOrder, []StatusChange, bool) {
	now, changed := ReviewPayOrder(o, books, asOf)
	if !changed {
		return o, nil, false
	}
	if other := live[o.AlertID]; now.Status.live() && other != "" && other != o.ID {
		return o, nil, false
	}
	return now, ReviewSteps(&o, &now, asOf), true
}
