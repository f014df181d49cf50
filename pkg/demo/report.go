package demo

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/store"
)

// The sign-in keys printed, in this order: one per organisation a person
// would sign in as.
var signIns = []struct{ key, as string }{
	{"admin", "administrator"},
	{"gc1", "general contractor"},
	{"sub4", "subcontractor"},
	{"bank1", "bank"},
	{"district", "district inspector"},
	{"city", "city inspector"},
}

// summarise counts the alerts left open and lists the sign-in keys.
func (s *sim) summarise(ctx context.Context) error {
	s.res.OpenAlerts = map[ledger.Rule]int{}
	alerts, err := s.Alerts(ctx)
	if err != nil {
		return err
	}
	for _, a := range alerts {
		if a.Status != ledger.AlertResolved {
			s.res.OpenAlerts[a.Key.Rule]++
		}
	}
	for _, si := range signIns {
		o := s.orgs[si.key]
		role := ledger.RoleAdmin
		if si.key != "admin" {
			role = roleOf(o.plan.kind)
		}
		s.res.Keys = append(s.res.Keys, SignIn{Role: role, As: si.as, Org: o.plan.name, Key: o.key})
	}
	return nil
}

// Alerts are every alert of the demo's projects.
func (s *sim) Alerts(ctx context.Context) ([]ledger.Alert, error) {
	return ProjectAlerts(ctx, s.svc.DB, s.res.ProjectIDs)
}

// ProjectAlerts reads every alert of the projects, project by project in
// their plan order.
func ProjectAlerts(ctx context.Context, db *store.DB, projects map[string]string) ([]ledger.Alert, error) {
	keys := make([]string, 0, len(projects))
	for k := range projects {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []ledger.Alert
	for _, k := range keys {
		as, err := store.ProjectAlerts(db.Reader(ctx), projects[k])
		if err != nil {
			return nil, err
		}
		out = append(out, as...)
	}
	return out, nil
}

// Print writes what the demo made and how to sign in to it, in lang;
// console is the console's address.
func (r *Result) Print(w io.Writer, console string, lang i18n.Lang) {
	f := r.Figures
	fmt.Fprint(w, i18n.Render(lang, "wageguard demo (seed %d): %s to %s, simulated day by day, the nightly check run %d {time|times}.\n",
		r.Seed, r.From, r.AsOf.AddDays(-1), f.Nights))
	fmt.Fprint(w, i18n.Render(lang, "Every person, identity number, bank card and phone number in it is generated (fictitious); every organisation is marked 演示.\n\n"))
	fmt.Fprint(w, i18n.Render(lang, "  %d {project|projects}, %d {worker|workers}, %d attendance {day|days}, %d {payroll|payrolls}\n", f.Projects, f.Workers, f.AttendanceDays, f.Payrolls))
	fmt.Fprint(w, i18n.Render(lang, "  ¥%s allocated by owners; %d {wage|wages} paid (¥%s), %d failed\n", f.Allocated, f.Paid, f.NetPaid, f.Failed))
	fmt.Fprint(w, i18n.Render(lang, "  open alerts: %s\n", r.AlertLine(lang)))
	fmt.Fprint(w, i18n.Render(lang, "  loaded in %s (nightly checks %s)\n\n", r.Took.Round(1e7), r.NightsIn.Round(1e7)))
	fmt.Fprint(w, i18n.Render(lang, "Sign in with these keys (Authorization: Bearer KEY, or paste one into the console):\n"))
	for _, k := range r.Keys {
		org := k.Org
		if k.Role == ledger.RoleAdmin {
			org = i18n.Render(lang, "(whoever runs the service)")
		}
		fmt.Fprintf(w, "  %s %s %s  %s\n", pad(i18n.Render(lang, "demo sign-in: "+k.As), 19), pad(i18n.Of(lang, k.Role.Label()), 10), k.Key, org)
	}
	fmt.Fprint(w, i18n.Render(lang, "\nConsole: %s\n", console))
}

// AlertLine lists the open alerts per rule, by the rule's name in lang (the
// console's), rules in the order of their codes.
func (r *Result) AlertLine(lang i18n.Lang) string {
	codes := make([]string, 0, len(r.OpenAlerts))
	for rule := range r.OpenAlerts {
		codes = append(codes, string(rule))
	}
	sort.Strings(codes)
	if len(codes) == 0 {
		return i18n.T(lang, "console.none")
	}
	rules := make([]string, len(codes))
	for i, c := range codes {
		rules[i] = fmt.Sprintf("%s %d", i18n.T(lang, "console.rule."+c), r.OpenAlerts[ledger.Rule(c)])
	}
	sep := "、"
	if lang == i18n.EN {
		sep = ", "
	}
	return strings.Join(rules, sep)
}

// pad fills s with spaces to width terminal columns, a Chinese character
// taking two.
func pad(s string, width int) string {
	cols := 0
	for _, r := range s {
		cols++
		if r >= 0x2e80 {
			cols++
		}
	}
	return s + strings.Repeat(" ", max(0, width-cols))
}
