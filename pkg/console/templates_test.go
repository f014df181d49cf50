package console

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

var (
	literalKey = regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	printfKey  = regexp.MustCompile(`printf "(console\.[a-z_.]+)%s"`)
	action     = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	tag        = regexp.MustCompile(`(?s)<[^>]*>`)
)

// Every key a template names is in the catalogue; a key built from a kind
// (console.rule.%s, …) is there for every value of that kind.
func TestTemplateKeysAreInTheCatalogue(t *testing.T) {
	kinds := map[string][]string{
		"console.rule.": strs(ledger.Rules), "console.explain.": strs(ledger.Rules),
		"console.status.": strs(allStatuses), "console.severity.": strs(allSeverity), "console.stream.": {"arrears", "compliance"},
		"console.sort.": {"severity", "amount_at_risk", "age"}, "console.role.": {"admin", "contractor", "bank", "inspector"},
		"console.action.":        {"acknowledge", "order_rectification", "resolve", "escalate", "reopen"},
		"console.event.":         {"opened", "updated", "resolved", "reopened", "severity_raised", "complaint_raise", "deadline_moved", "acknowledge", "order_rectification", "resolve", "escalate", "reopen"},
		"console.subject.":       {"project", "employer", "enrolment", "guarantee", "card"},
		"console.evidence.":      {"payroll_line", "payroll", "instruction", "confirmation", "entry", "account", "attendance", "enrolment", "allocation", "guarantee", "drawdown", "order"},
		"console.series.":        {"owed", "paid", "allocated"},
		"console.payroll_state.": {"submitted", "approved", "paying", "paid", "failed", "rejected", "superseded"},
		"console.payroll_kind.":  {"regular", "supplementary", "advance"},
		"console.field.":         shownFields,
		"console.cmp_status.":    strs(allComplaintStatuses),
		"console.cmp_source.":    {"worker", "inspector"},
		"console.cmp.":           {"accept", "refuse", "extend", "conclude"},
		"console.bl_status.":     strs(allListingStatuses),
		"console.bl_role.":       strs(allPersonRoles),
		"console.bl_source.":     {"escalation", "check"},
		"console.bl.":            {"notify", "reply", "list", "decline", "remove"},
		"console.payslip_state.": strs([]ledger.TokenState{ledger.TokenLive, ledger.TokenExpired, ledger.TokenRevoked}),
	}
	names, _ := fs.Glob(assets, "templates/*.html")
	for _, n := range names {
		b, _ := fs.ReadFile(assets, n)
		for _, m := range literalKey.FindAllStringSubmatch(string(b), -1) {
			if !i18n.Has(m[1]) {
				t.Errorf("%s: key %q is not in the catalogue", n, m[1])
			}
		}
		for _, m := range printfKey.FindAllStringSubmatch(string(b), -1) {
			vals, ok := kinds[m[1]]
			if !ok && !strings.HasPrefix(m[1], "console.action.") {
				continue // a kind whose values the pages tests reach
			}
			for _, v := range vals {
				if !i18n.Has(m[1] + v) {
					t.Errorf("%s: key %q is not in the catalogue", n, m[1]+v)
				}
			}
		}
	}
}

// No template carries words of its own: outside actions and tags there is
// only white space and punctuation.
func TestTemplatesHaveNoWords(t *testing.T) {
	names, _ := fs.Glob(assets, "templates/*.html")
	for _, n := range names {
		b, _ := fs.ReadFile(assets, n)
		text := tag.ReplaceAllString(action.ReplaceAllString(string(b), " "), " ")
		for _, r := range text {
			if r > ' ' && !strings.ContainsRune("/·:,.()|-—&;@", r) {
				t.Errorf("%s: text %q outside the catalogue", n, strings.Join(strings.Fields(text), " "))
				break
			}
		}
	}
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
