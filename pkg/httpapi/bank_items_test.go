package httpapi_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A confirmation batch is judged item by item: an item with an amount or a
// date out of the grammar, a value of the wrong JSON type, an unknown field
// or no object at all is refused in its own result, with its index and every
// bad field at once, and kept as sent; the well-formed items are applied.
// Only a body that is not JSON refuses the batch.
func TestConfirmationBatchJudgedItemByItem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 3)
		badAmountAndDate := item(s.ins[1], "paid", "abc", "B-2")
		badAmountAndDate["settled_on"] = "2026/13/45"
		wrongTypes := item(s.ins[2], "paid", "5002.00", "B-3")
		wrongTypes["amount"], wrongTypes["status"], wrongTypes["note"] = 5002, 1, "x"
		// "5,000.00" is the grammar's own: that item is well-formed.
		items := []any{item(s.ins[0], "paid", "5,000.00", "B-1"), badAmountAndDate, wrongTypes, "not an item"}
		r := s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": items})
		var got []string
		for _, it := range r.json(t)["results"].([]any) {
			m := it.(map[string]any)
			var errs []string
			for _, e := range asList(m["errors"]) {
				f := e.(map[string]any)
				errs = append(errs, fmt.Sprintf("%s:%s", f["field"], f["code"]))
			}
			sort.Strings(errs)
			got = append(got, fmt.Sprintf("%v %s %v [%s]", m["index"], m["result"], m["kept"], strings.Join(errs, " ")))
		}
		want := []string{
			"0 applied <nil> []",
			"1 refused true [amount:amount settled_on:date]",
			"2 refused true [amount:amount note:unknown_field status:type]",
			"3 refused <nil> [item:type]", // nothing to keep it under: no reference
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("results:\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), r.Body)
		}
		ins := s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/instructions", s.gcKey, nil).json(t)["items"].([]any)
		if st := ins[0].(map[string]any)["status"]; st != "paid" {
			t.Errorf("the well-formed item was not applied: %v", st)
		}
		// What was sent is kept with the refusal, for the bank to correct.
		un := s.must(200, "GET", "/api/v1/bank/unmatched", s.bankKey, nil).json(t)["items"].([]any)
		if len(un) != 2 || !strings.Contains(fmt.Sprint(un), "2026/13/45") {
			t.Errorf("kept: %v", un)
		}
		// A body that does not parse is refused whole, and applies nothing.
		s.must(400, "POST", "/api/v1/bank/confirmations", s.bankKey, `{"items": [`)
	})
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// An inflow and a project name every bad value at once — amounts and dates
// out of the grammar, values of the wrong JSON type, unknown fields — not
// the first the decoder met.
func TestEveryBadValueNamedAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		inflow := map[string]any{"account_no": s.account, "amount": "abc", "received_on": "2026/13/45", "bank_ref": 7,
			"payer": "owner", "labour_cost_share": "25.5", "memo": "x"}
		r := s.must(422, "POST", "/api/v1/bank/inflows", s.bankKey, inflow)
		if got := strings.Join(sorted(errorsOf(t, r)), " "); got != "0:amount:amount 0:bank_ref:type 0:memo:unknown_field 0:received_on:date" {
			t.Errorf("inflow: %s\n%s", got, r.Body)
		}
		p := projectBody("BAD-1", "110105", s.gc, s.gc, s.bank)
		p["contract_amount"], p["started_on"], p["pay_day"], p["name"] = "1,2,3", "someday", "15", 5
		r = s.must(422, "POST", "/api/v1/projects", s.admin, p)
		if got := strings.Join(sorted(errorsOf(t, r)), " "); got != "0:contract_amount:amount 0:name:type 0:pay_day:type 0:started_on:date" {
			t.Errorf("project: %s\n%s", got, r.Body)
		}
	})
}

func sorted(s []string) []string {
	sort.Strings(s)
	return s
}
