package httpapi_test

import (
	"encoding/base64"
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
// 100, with no cursor to the rest).
func TestLargestPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		before := len(s.must(200, "GET", "/api/v1/organizations?limit=1000", s.admin, nil).json(t)["items"].([]any))
		for n := range 101 {
			s.must(201, "POST", "/api/v1/organizations", s.admin, map[string]any{"name": fmt.Sprintf("分包 %d", n),
				"uscc": uscc(t, 9000+n), "kind": "subcontractor", "region_code": "110105"})
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

// A project's payrolls come newest month first, a page at a time, the
// cursor naming the last payroll of a page; a cursor naming no payroll of
// the project is refused rather than read as the start.
func TestPayrollListPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.subKey, workerBody(nextSeq(), s.sub, s.bank))
		for _, period := range []string{"2026-08", "2026-10", "2026-09"} {
			s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": period,
				"lines": []map[string]string{payLine(enr, "3000.00", "0", "3000.00")}})
		}
		var got []string
		cursor := ""
		for len(got) <= 3 {
			page := s.must(200, "GET", s.path("/payrolls?limit=1"+cursor), s.gcKey, nil).json(t)
			for _, it := range page["items"].([]any) {
				got = append(got, it.(map[string]any)["period"].(string))
			}
			next, more := page["next_cursor"].(string)
			if !more {
				break
			}
			cursor = "&cursor=" + next
		}
		if fmt.Sprint(got) != "[2026-10 2026-09 2026-08]" {
			t.Errorf("pages of one: %v", got)
		}
		if all := s.must(200, "GET", s.path("/payrolls?limit=3"), s.gcKey, nil).json(t); all["next_cursor"] != nil {
			t.Errorf("a page of all three gives a cursor: %v", all["next_cursor"])
		}
		forged := base64.RawURLEncoding.EncodeToString([]byte("v1:pay_none"))
		s.must(422, "GET", s.path("/payrolls?cursor="+forged), s.gcKey, nil)
	})
}
