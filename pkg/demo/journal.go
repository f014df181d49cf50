package demo

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// Journal records, night by night, every alert that opened, changed
// (severity, money at risk, headcount or status) or was resolved, one line
// each, subjects named by their plan labels (P2/sub3#04, gc1…) rather than
// by generated IDs: the same seed and dates give the same journal on either
// database. It is the scenario tests' golden file.
type Journal struct {
	Lines []string
	last  map[string]string // alert → its state after the previous night
	byKey map[string]ledger.Alert
}

// Subject is a's subject named by labels (the ID itself when unknown).
func Subject(a ledger.Alert, labels map[string]string) string {
	if l, ok := labels[a.Key.Subject]; ok {
		return l
	}
	return a.Key.Subject
}

// night adds the changes the night's check made.
func (j *Journal) night(n ledger.Date, alerts []ledger.Alert, labels map[string]string) {
	if j.last == nil {
		j.last, j.byKey = map[string]string{}, map[string]ledger.Alert{}
	}
	var lines []string
	for _, a := range alerts {
		period := a.Key.Period
		if period == "" {
			period = "-"
		}
		key := fmt.Sprintf("%s %s %s", a.Key.Rule, Subject(a, labels), period)
		state := fmt.Sprintf("%s ¥%s ×%d", a.Severity, a.AmountAtRisk, a.Headcount)
		if a.Status == ledger.AlertResolved {
			state = "resolved"
		}
		prev, seen := j.last[key]
		j.last[key], j.byKey[key] = state, a
		switch {
		case seen && prev == state:
		case !seen:
			lines = append(lines, fmt.Sprintf("%s open    %s %s", n, key, state))
		case state == "resolved":
			lines = append(lines, fmt.Sprintf("%s resolve %s (%s)", n, key, resolvedBy(a.ResolutionText().String())))
		case prev == "resolved":
			lines = append(lines, fmt.Sprintf("%s reopen  %s %s", n, key, state))
		default:
			lines = append(lines, fmt.Sprintf("%s update  %s %s", n, key, state))
		}
	}
	sort.Strings(lines)
	j.Lines = append(j.Lines, lines...)
}

// resolvedBy is why an alert was resolved, without the generated IDs its
// resolution may name after a colon (the confirmations that paid).
func resolvedBy(resolution string) string {
	why, _, _ := strings.Cut(resolution, ":")
	return why
}

// Alerts are the journal's alerts as they stood after the last night, by
// their line keys ("rule subject period").
func (j *Journal) Alerts() map[string]ledger.Alert { return j.byKey }

// String is the journal, a line per change.
func (j *Journal) String() string { return strings.Join(j.Lines, "\n") + "\n" }
