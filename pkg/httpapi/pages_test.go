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
