package ledger

import (
	"strconv"
	"strings"
	"testing"
)

func TestCheckWeight(t *testing.T) {
	completed := mustDate("2026-03-10")
	for _, tc := range []struct {
		name            string
		started, asOf   string
		completed       *Date
		headcount, want int
	}{
		{"six months, both ends counted", "2026-01-20", "2026-06-01", nil, 100, 600},
		{"started this month", "2026-06-30", "2026-06-30", nil, 10, 10},
		{"across a year end", "2025-11-01", "2026-02-01", nil, 3, 12},
		{"completed before the night: to its month", "2026-01-01", "2026-07-20", &completed, 10, 30},
		{"completed after the night: to the night", "2026-01-01", "2026-02-20", &completed, 10, 20},
		{"not started by the night", "2026-08-01", "2026-07-20", nil, 50, 0},
		{"nobody enrolled", "2026-01-01", "2026-07-20", nil, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckWeight(mustDate(tc.started), tc.completed, tc.headcount, mustDate(tc.asOf)); got != tc.want {
				t.Fatalf("CheckWeight = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestCheckBatches(t *testing.T) {
	for _, tc := range []struct {
		name                string
		weights             []int
		budget, maxProjects int
		want                string // each batch's projects, "!" when it is checked alone
	}{
		{"none", nil, 100, 10, ""},
		{"all fit in one", []int{10, 20, 30}, 100, 10, "3"},
		{"the budget cuts", []int{40, 40, 40, 40, 40}, 100, 10, "2 2 1"},
		{"exactly the budget fits", []int{50, 50, 50, 50}, 100, 10, "2 2"},
		{"the project count cuts", []int{1, 1, 1, 1, 1}, 100, 2, "2 2 1"},
		{"a project over the budget alone, between others", []int{10, 500, 10, 10}, 100, 10, "1 1! 2"},
		{"one over the budget by one is alone", []int{101}, 100, 10, "1!"},
		{"one project a batch: the heavy ones alone", []int{500, 10, 500}, 100, 1, "1! 1 1!"},
		{"heavy projects first, light after", []int{90, 90, 5, 5, 5, 5}, 100, 10, "1 3 2"},
		{"weightless projects fill to the count", []int{0, 0, 0, 0, 0}, 100, 3, "3 2"},
		{"no budget: by count alone, none alone", []int{1000, 1000, 1000}, 0, 2, "2 1"},
		{"a count below one is one", []int{1, 1}, 100, 0, "1 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			sum := 0
			for _, b := range CheckBatches(tc.weights, tc.budget, tc.maxProjects) {
				s := strconv.Itoa(b.Projects)
				if b.Alone {
					s += "!"
				}
				got, sum = append(got, s), sum+b.Projects
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Fatalf("CheckBatches = %q, want %q", g, tc.want)
			}
			if sum != len(tc.weights) {
				t.Fatalf("the batches hold %d projects of %d", sum, len(tc.weights))
			}
		})
	}
}
