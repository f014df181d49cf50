package ledger

import (
	"fmt"
	"strings"
	"testing"
)

// Every change of status a review makes, from each status to each other:
// what is audited, on which day, with what unpaid. A lapse found together
// with a settlement, or when a return reopens a paid order after its
// deadline, is audited on the day it lapsed.
func TestReviewSteps(t *testing.T) {
	const (
		i = OrderIssued
		c = OrderComplied
		l = OrderLapsed
		s = OrderSettled
	)
	asOf := MustDate("2026-11-25")
	want := map[[2]PayOrderStatus]string{
		{i, i}: "", {i, c}: "complied 2026-11-25 1.00", {i, l}: "lapsed 2026-11-17 5800.00", {i, s}: "lapsed 2026-11-17 5800.00, settled 2026-11-25 1.00",
		{c, i}: "issued 2026-11-25 1.00", {c, c}: "", {c, l}: "lapsed 2026-11-17 5800.00", {c, s}: "lapsed 2026-11-17 5800.00, settled 2026-11-25 1.00",
		{l, i}: "issued 2026-11-25 1.00", {l, c}: "complied 2026-11-25 1.00", {l, l}: "", {l, s}: "settled 2026-11-25 1.00",
		{s, i}: "issued 2026-11-25 1.00", {s, c}: "complied 2026-11-25 1.00", {s, l}: "lapsed 2026-11-17 5800.00", {s, s}: "",
	}
	all := []PayOrderStatus{i, c, l, s}
	if len(want) != len(all)*len(all) {
		t.Fatalf("%d pairs for %d statuses", len(want), len(all))
	}
	for _, from := range all {
		for _, to := range all {
			was, now := issuedOrder(), issuedOrder()
			was.Status, now.Status = from, to
			now.LapsedOn, now.UnpaidAtLapse, now.Unpaid = MustDate("2026-11-17"), MustMoney("5800.00"), MustMoney("1.00")
			var got []string
			for _, st := range ReviewSteps(&was, &now, asOf) {
				got = append(got, fmt.Sprintf("%s %s %s", st.Status, st.On, st.Unpaid))
			}
			if w := want[[2]PayOrderStatus{from, to}]; strings.Join(got, ", ") != w {
				t.Errorf("%s → %s: %q, want %q", from, to, strings.Join(got, ", "), w)
			}
		}
	}
}

// An order reopened by a returned payment stays as it is while another
// order on its alert is live; reviewed otherwise as ReviewPayOrder says.
func TestReviewAmong(t *testing.T) {
	unpaid := owedOf("enr_a", "2026-10", "5500.00", "enr_b", "2026-10", "300.00")
	complied := issuedOrder()
	complied.AlertID, complied.Status, complied.Unpaid, complied.ClosedOn = "alr_1", OrderComplied, 0, MustDate("2026-11-05")
	complied.Lines = []PayOrderLine{complied.Lines[0], complied.Lines[1]}
	complied.Lines[0].Unpaid, complied.Lines[1].Unpaid = 0, 0
	issued := issuedOrder()
	issued.AlertID = "alr_1"
	asOf := MustDate("2026-11-10")
	for _, c := range []struct {
		name  string
		order PayOrder
		owed  []OwedWages
		live  map[string]string
		want  string // status written and its steps, "" when not written
	}{
		{"reopened, no other live order", complied, unpaid, map[string]string{}, "issued: issued 2026-11-10 5800.00"},
		{"reopened, a later order live on its alert", complied, unpaid, map[string]string{"alr_1": "ord_2"}, ""},
		{"reopened, a later order live on another alert", complied, unpaid, map[string]string{"alr_2": "ord_2"}, "issued: issued 2026-11-10 5800.00"},
		{"paid, while another is live on its alert", issued, nil, map[string]string{"alr_1": "ord_2"}, "complied: complied 2026-11-10 0.00"},
		{"partly paid, itself the live order", issued, owedOf("enr_a", "2026-10", "5500.00"), map[string]string{"alr_1": "ord_1"}, "issued: "},
		{"unchanged", issued, unpaid, map[string]string{}, ""},
	} {
		now, steps, write := ReviewAmong(c.order, OrderBooks{AtDeadline: c.owed, AsOf: c.owed}, asOf, c.live)
		got := ""
		if write {
			var s []string
			for _, st := range steps {
				s = append(s, fmt.Sprintf("%s %s %s", st.Status, st.On, st.Unpaid))
			}
			got = fmt.Sprintf("%s: %s", now.Status, strings.Join(s, ", "))
		} else if now.Status != c.order.Status || now.Unpaid != c.order.Unpaid {
			t.Errorf("%s: not written, yet %s %s", c.name, now.Status, now.Unpaid)
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if live := LiveOrders([]PayOrder{complied, issued, {ID: "ord_3", AlertID: "alr_2", Status: OrderLapsed}, {ID: "ord_4", AlertID: "alr_3", Status: OrderSettled}}); fmt.Sprint(live) != "map[alr_1:ord_1 alr_2:ord_3]" {
		t.Errorf("live orders %v", live)
	}
}
