package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A project's labour-cost cycle is monthly (the default, by the region's
// policy) or a shorter number of days; where projects are read they show
// the day the next allocation is due (issue 11, item 8; on main a project
// had to name days, at most 30, and no cycle was monthly).
func TestLabourCostCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, gc, bank := e.org(ledger.OrgOwner, "310115"), e.org(ledger.OrgGeneralContractor, "310115"), e.org(ledger.OrgBank, "310115")
		body := func(cycle any, days any) map[string]any {
			b := projectBody("C-"+itoa(nextSeq()), "310115", owner, gc, bank)
			delete(b, "labour_cost_cycle_days")
			b["started_on"] = "2026-01-31"
			if cycle != nil {
				b["labour_cost_cycle"] = cycle
			}
			if days != nil {
				b["labour_cost_cycle_days"] = days
			}
			return b
		}
		cycleOf := func(p map[string]any) string {
			if d, ok := p["labour_cost_cycle_days"].(float64); ok {
				return p["labour_cost_cycle"].(string) + " " + itoa(int(d))
			}
			return p["labour_cost_cycle"].(string)
		}
		// Neither named: the region's default, monthly; due by the same day
		// of the next month, the month's end when it has none.
		named := e.must(201, "POST", "/api/v1/projects", e.admin, body(nil, nil)).json(t)
		if cycleOf(named) != "monthly" || named["labour_cost_cycle_days"] != nil {
			t.Fatalf("default cycle: %v", named)
		}
		got := e.must(200, "GET", "/api/v1/projects/"+named["id"].(string), e.admin, nil).json(t)
		if got["next_allocation_due_on"] != "2026-02-28" {
			t.Errorf("due from the start on 31 January: %v", got["next_allocation_due_on"])
		}
		monthly := e.must(201, "POST", "/api/v1/projects", e.admin, body("monthly", nil)).json(t)
		days := e.must(201, "POST", "/api/v1/projects", e.admin, body(nil, 10)).json(t)
		if cycleOf(monthly) != "monthly" || cycleOf(days) != "days 10" {
			t.Fatalf("named cycles: %v %v", monthly, days)
		}
		for _, bad := range []map[string]any{body("monthly", 10), body("weekly", nil), body("days", nil), body(nil, 31)} {
			r := e.do("POST", "/api/v1/projects", e.admin, bad)
			if r.Status != 422 || !strings.Contains(string(r.Body), "labour_cost_cycle") {
				t.Errorf("%v %v: %d %s", bad["labour_cost_cycle"], bad["labour_cost_cycle_days"], r.Status, r.Body)
			}
		}
		list := e.must(200, "GET", "/api/v1/projects?region_code=310000", e.admin, nil).json(t)["items"].([]any)
		due := map[string]any{}
		for _, p := range list {
			due[p.(map[string]any)["id"].(string)] = p.(map[string]any)["next_allocation_due_on"]
		}
		if due[days["id"].(string)] != "2026-02-10" || due[monthly["id"].(string)] != "2026-02-28" {
			t.Errorf("listed due days: %v", due)
		}
	})
}

// An allocation carries the day the owner allocated it and the labour-cost
// share of the progress payment; in Beijing, whose policy requires both, one
// without them is recorded with warnings. The allocation date counts for
// the cycle. A retry without the new fields is the same fact as before.
func TestAllocationDateAndShare(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1) // Beijing
		in := map[string]any{"account_no": s.account, "amount": "20000.00", "received_on": "2026-10-30", "bank_ref": "AL-1",
			"allocated_on": "2026-10-28", "labour_cost_share": "25.5"}
		r := s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, in).json(t)
		if r["allocated_on"] != "2026-10-28" || r["labour_cost_share"] != "25.50" || r["warnings"] != nil || r["result"] != "applied" {
			t.Fatalf("allocation: %v", r)
		}
		if again := s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, in).json(t); again["result"] != "already_applied" || again["labour_cost_share"] != "25.50" {
			t.Fatalf("retry: %v", again)
		}
		in["labour_cost_share"] = "30"
		s.must(409, "POST", "/api/v1/bank/inflows", s.bankKey, in)
		// Without them: recorded, with a warning for each.
		bare := map[string]any{"account_no": s.account, "amount": "100.00", "received_on": "2026-10-01", "bank_ref": "AL-2"}
		r = s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, bare).json(t)
		var warned []string
		for _, w := range r["warnings"].([]any) {
			warned = append(warned, w.(map[string]any)["field"].(string)+":"+w.(map[string]any)["code"].(string))
		}
		if strings.Join(warned, " ") != "allocated_on:warning labour_cost_share:warning" || r["allocated_on"] != nil {
			t.Fatalf("warnings: %v", r)
		}
		if again := s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, bare).json(t); again["result"] != "already_applied" {
			t.Fatalf("retry without the new fields: %v", again)
		}
		// The cycle runs from the latest allocation date, 28 October (not the
		// 30th it was credited, nor 1 October of the later report): the
		// site's project has a 30-day cycle.
		if p := s.must(200, "GET", "/api/v1/projects/"+s.project, s.admin, nil).json(t); p["next_allocation_due_on"] != "2026-11-27" {
			t.Errorf("due: %v", p["next_allocation_due_on"])
		}
		for _, bad := range []map[string]any{
			{"account_no": s.account, "amount": "1.00", "received_on": "2026-10-30", "bank_ref": "AL-3", "allocated_on": "2026-10-31"},
			{"account_no": s.account, "amount": "1.00", "received_on": "2026-10-30", "bank_ref": "AL-4", "labour_cost_share": "101"},
			{"account_no": s.account, "amount": "1.00", "received_on": "2026-10-30", "bank_ref": "AL-5", "labour_cost_share": 25.5},
		} {
			if r := s.do("POST", "/api/v1/bank/inflows", s.bankKey, bad); r.Status != 422 {
				t.Errorf("%v: %d %s", bad, r.Status, r.Body)
			}
		}
	})
}
