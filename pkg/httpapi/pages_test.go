package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A payroll's lines come a page at a time: next_cursor only when more lines
// follow, so that a client walking the pages never asks for an empty one
// (a full last page used to give a cursor to nothing).
func TestPayrollLinePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		var lines []map[string]string
		for range 3 {
			lines = append(lines, payLine(s.enrol(s.project, s.subKey, workerBody(nextSeq(), s.sub, s.bank)), "3000.00", "0", "3000.00"))
		}
		id := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": lines}).str(t, "id")
		for _, c := range []struct {
			limit int
			pages []int // lines on each page
		}{{1, []int{1, 1, 1}}, {2, []int{2, 1}}, {3, []int{3}}, {4, []int{3}}} {
			var got []int
			cursor := ""
			for len(got) <= len(c.pages) {
				page := s.must(200, "GET", fmt.Sprintf("/api/v1/payrolls/%s?limit=%d%s", id, c.limit, cursor), s.gcKey, nil).json(t)
				got = append(got, len(page["lines"].([]any)))
				next, more := page["next_cursor"].(string)
				if !more {
					break
				}
				cursor = "&cursor=" + next
			}
			if fmt.Sprint(got) != fmt.Sprint(c.pages) {
				t.Errorf("limit %d: pages of %v lines, want %v", c.limit, got, c.pages)
			}
		}
	})
}

// The largest page is the page asked for: 1,000 items when there are more
// than the default 100 (the extra item a list asks for, to know whether
// another page follows, must not push it past the store's bound back to
// 100, with no cursor to the rest). On a database of its own: it counts
// every organisation there.
func TestLargestPage(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			s := newSite(t, storetest.NewOwn(t, d), "110105")
			before := len(s.must(200, "GET", "/api/v1/organizations?limit=1000", s.admin, nil).json(t)["items"].([]any))
			for n := range 101 {
				s.must(201, "POST", "/api/v1/organizations", s.admin, map[string]any{"name": fmt.Sprintf("分包 %d", n),
					"uscc": uscc(t, nextSeq()), "kind": "subcontractor", "region_code": "110105"})
			}
			all := s.must(200, "GET", "/api/v1/organizations?limit=1000", s.admin, nil).json(t)
			total := len(all["items"].([]any))
			if total != before+101 || all["next_cursor"] != nil {
				t.Fatalf("limit=1000 gave %d organisations, want %d; next_cursor %v", total, before+101, all["next_cursor"])
			}
			first := s.must(200, "GET", "/api/v1/organizations", s.admin, nil).json(t)
			if len(first["items"].([]any)) != 100 || first["next_cursor"] == nil {
				t.Fatalf("the default page: %d organisations, next_cursor %v", len(first["items"].([]any)), first["next_cursor"])
			}
			rest := s.must(200, "GET", "/api/v1/organizations?limit=1000&cursor="+first["next_cursor"].(string), s.admin, nil).json(t)
			if n := len(rest["items"].([]any)); n != total-100 || rest["next_cursor"] != nil {
				t.Errorf("the rest: %d organisations, want %d; next_cursor %v", n, total-100, rest["next_cursor"])
			}
		})
	}
}

// A project's payrolls come newest month first (in a month, the later
// submitted first), a page at a time, the cursor naming the last payroll
// of a page; a cursor naming no payroll of the project, or one the caller
// may not see (another employer's, for a subcontractor), is refused alike
// rather than read as the start.
func TestPayrollListPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.subKey, workerBody(nextSeq(), s.sub, s.bank))
		own := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		ids := map[string]string{}
		for _, p := range []struct{ who, period string }{{"sub", "2026-08"}, {"sub", "2026-10"}, {"gc", "2026-09"}, {"sub", "2026-09"}} {
			key, employer, worker := s.subKey, s.sub, enr
			if p.who == "gc" {
				key, employer, worker = s.gcKey, s.gc, own
			}
			ids[p.who+" "+p.period] = s.must(201, "POST", s.path("/payrolls"), key, map[string]any{"employer_id": employer, "period": p.period,
				"lines": []map[string]string{payLine(worker, "3000.00", "0", "3000.00")}}).str(t, "id")
		}
		walk := func(key string) []string {
			var got []string
			cursor := ""
			for len(got) <= len(ids) {
				page := s.must(200, "GET", s.path("/payrolls?limit=1"+cursor), key, nil).json(t)
				for _, it := range page["items"].([]any) {
					got = append(got, it.(map[string]any)["id"].(string))
				}
				next, more := page["next_cursor"].(string)
				if !more {
					break
				}
				cursor = "&cursor=" + next
			}
			return got
		}
		want := []string{ids["sub 2026-10"], ids["sub 2026-09"], ids["gc 2026-09"], ids["sub 2026-08"]} // September's: the later submitted first
		if got := walk(s.gcKey); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the general contractor's pages of one: %v, want %v", got, want)
		}
		if got, want := walk(s.subKey), []string{ids["sub 2026-10"], ids["sub 2026-09"], ids["sub 2026-08"]}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the subcontractor's pages of one: %v, want %v", got, want)
		}
		if all := s.must(200, "GET", s.path("/payrolls?limit=4"), s.gcKey, nil).json(t); all["next_cursor"] != nil {
			t.Errorf("a page of all four gives a cursor: %v", all["next_cursor"])
		}
		none := s.must(422, "GET", s.path("/payrolls?cursor="+payrollCursor("pay_none")), s.subKey, nil).json(t)
		other := s.must(422, "GET", s.path("/payrolls?cursor="+payrollCursor(ids["gc 2026-09"])), s.subKey, nil).json(t)
		delete(none, "request_id")
		delete(other, "request_id")
		if fmt.Sprint(none) != fmt.Sprint(other) {
			t.Errorf("another employer's payroll as a cursor is told apart from none: %v against %v", other, none)
		}
		elsewhere := newSite(t, db, "110105")
		s.must(422, "GET", elsewhere.path("/payrolls?cursor="+payrollCursor(ids["sub 2026-10"])), elsewhere.gcKey, nil)
	})
}
