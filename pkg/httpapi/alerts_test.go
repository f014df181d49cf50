package httpapi_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// today is the business date now: the test payrolls are approved today, so
// the check runs as of today.
func today() string { return ledger.DateOf(time.Now()).String() }

// inAMonth is a deadline 30 days from today: within any policy's latest
// deadline for an order to pay (order.deadline.max_working_days, 60).
func inAMonth() string { return ledger.DateOf(time.Now()).AddDays(30).String() }

// runCheck runs the nightly check as of today through the API and returns the run.
// On the shared database an env with a city of its own (rg) runs the
// administrator's night as its city's inspector: the administrator's would
// check every test's projects, and wait on those another test's run holds.
func (e *env) runCheck(key string) map[string]any {
	e.t.Helper()
	if key == e.admin && e.city != "" {
		if e.cityInspector == "" {
			e.cityInspector = e.key(e.org(ledger.OrgAuthority, e.rg("110000")), ledger.RoleInspector)
		}
		key = e.cityInspector
	}
	return e.must(201, "POST", "/api/v1/checks", key, map[string]string{"as_of": today()}).json(e.t)
}

// alertIDs lists the IDs of the alerts the key sees, after filters (a query string).
func (e *env) alertIDs(key, query string) []string {
	e.t.Helper()
	var ids []string
	for _, it := range e.must(200, "GET", "/api/v1/alerts?"+query, key, nil).json(e.t)["items"].([]any) {
		ids = append(ids, it.(map[string]any)["id"].(string))
	}
	sort.Strings(ids)
	return ids
}

// alertOf is the one alert of rule on project, as the admin sees it.
func (e *env) alertOf(project string, rule ledger.Rule) string {
	e.t.Helper()
	ids := e.alertIDs(e.admin, "project_id="+project+"&rule="+string(rule))
	if len(ids) != 1 {
		e.t.Fatalf("%d %s alerts on %s, want 1", len(ids), rule, project)
	}
	return ids[0]
}

// The check through the API: a run with counts per rule, alerts in each
// caller's scope, one alert's evidence and history, and the inspector's
// actions on the state machine, each refused transition a 409.
func TestAlertsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		run := w.runCheck(w.keys["district"])
		counts := run["counts"].(map[string]any)
		if len(counts) != len(ledger.Rules) || counts["wages_unpaid"].(map[string]any)["opened"].(float64) != 2 || run["status"] != "finished" {
			t.Fatalf("run: %v", run)
		}
		got := w.must(200, "GET", "/api/v1/checks/"+run["id"].(string), w.keys["city"], nil).json(t)
		if got["id"] != run["id"] || got["as_of"] != today() {
			t.Fatalf("GET /checks/{id}: %v", got)
		}
		if l := w.must(200, "GET", "/api/v1/checks?limit=1000", w.admin, nil).json(t)["items"].([]any); !db.Dialect.IsCitus() && len(l) != 1 || !slices.ContainsFunc(l, func(it any) bool { return it.(map[string]any)["id"] == run["id"] }) {
			// (On the shared database every test's runs are listed.)
			t.Fatalf("GET /checks: %v", l)
		}
		// A night before any project started checks nothing: refused, naming as_of.
		if p := w.must(422, "POST", "/api/v1/checks", w.keys["district"], map[string]string{"as_of": "2000-01-03"}).json(t); !strings.Contains(fmt.Sprint(p), "as_of 2000-01-03") {
			t.Fatalf("a night before the first project: %v", p)
		}
		a1, a2 := w.alertOf(w.p1, ledger.RuleWagesUnpaid), w.alertOf(w.p2, ledger.RuleWagesUnpaid)
		sees := func(who string, want ...string) {
			t.Helper()
			ids := w.alertIDs(w.keys[who], "rule=wages_unpaid")
			sort.Strings(want)
			if strings.Join(ids, ",") != strings.Join(want, ",") {
				t.Errorf("%s sees %v, want %v", who, ids, want)
			}
		}
		sees("district", a1)
		sees("city", a1, a2)
		sees("gc1", a1)
		sees("gc2", a2)
		sees("sub1", a1) // the alert names the subcontractor: its order to pay
		if ids := w.alertIDs(w.keys["city"], "rule=wages_unpaid&region_code="+w.rg("110108")); len(ids) != 1 || ids[0] != a2 {
			t.Errorf("region filter: %v", ids)
		}
		w.must(422, "GET", "/api/v1/alerts?stream=money", w.keys["city"], nil)
		w.must(422, "GET", "/api/v1/alerts?sort=colour", w.keys["city"], nil)
		w.pagesInOrder(t)

		d := w.must(200, "GET", "/api/v1/alerts/"+a1, w.keys["gc1"], nil).json(t)
		if d["subject"] != "employer:"+w.sub1 || d["period"] != "2026-10" || d["status"] != "open" || d["stream"] != "arrears" ||
			len(d["evidence"].([]any)) == 0 || len(d["history"].([]any)) != 1 {
			t.Fatalf("alert detail: %v", d)
		}
		w.must(404, "GET", "/api/v1/alerts/"+a1, w.keys["gc2"], nil)

		act := func(key string, status int, body map[string]string) map[string]any {
			t.Helper()
			return w.must(status, "POST", "/api/v1/alerts/"+a1+"/actions", key, body).json(t)
		}
		act(w.keys["gc1"], 403, map[string]string{"action": "acknowledge"})
		act(w.keys["district"], 200, map[string]string{"action": "acknowledge"})
		act(w.keys["district"], 409, map[string]string{"action": "acknowledge"})
		act(w.keys["district"], 422, map[string]string{"action": "order_rectification"})
		ordered := act(w.keys["district"], 200, map[string]string{"action": "order_rectification", "deadline": inAMonth(), "note": "pay by then"})
		if ordered["status"] != "rectification_ordered" || ordered["deadline"] != inAMonth() {
			t.Fatalf("ordered: %v", ordered)
		}
		act(w.keys["district"], 422, map[string]string{"action": "resolve"})
		resolved := act(w.keys["city"], 200, map[string]string{"action": "resolve", "note": "paid in cash before witnesses"})
		if resolved["status"] != "resolved" || resolved["resolved_by"] == "" || len(resolved["history"].([]any)) != 4 {
			t.Fatalf("resolved: %v", resolved)
		}
		for _, e := range resolved["history"].([]any) { // the order's entry states its deadline, no other does
			if e := e.(map[string]any); e["deadline"] != map[bool]any{true: inAMonth()}[e["kind"] == "order_rectification"] {
				t.Errorf("the %s entry states deadline %v", e["kind"], e["deadline"])
			}
		}
		// An arrears alert resolved by hand is reopened by a later night
		// that still finds the workers unpaid; today's night has run, so
		// running it again keeps it resolved. (By the city's inspector: the
		// administrator's night would check every test's projects on the
		// shared database.)
		w.runCheck(w.keys["city"])
		if again := w.must(200, "GET", "/api/v1/alerts/"+a1, w.keys["city"], nil).json(t); again["status"] != "resolved" {
			t.Fatalf("the same night reopened a resolution made that day: %v", again)
		}
		var actions []string
		if err := db.Select(t.Context(), &actions, `SELECT action FROM audit_queue WHERE subject = ? UNION ALL SELECT action FROM audit_log WHERE subject = ?`, a1, a1); err != nil {
			t.Fatal(err)
		}
		sort.Strings(actions)
		// The order_rectification on an employer's arrears is an order to
		// pay, audited once, as the order (its details name the alert).
		if strings.Join(actions, ",") != "alert.acknowledge,alert.resolve" {
			t.Fatalf("audited actions: %v", actions)
		}
		w.auditHas(t, ordered["order_id"].(string), "order.issue")
	})
}

// pagesInOrder pages through every alert one at a time in each sort order:
// each order lists the same alerts as the ID order, each once, in its order.
func (w *world) pagesInOrder(t *testing.T) {
	t.Helper()
	all := w.alertIDs(w.admin, "limit=1000")
	if len(all) < 3 {
		t.Fatalf("only %d alerts to sort", len(all))
	}
	rank := map[string]int{"low": 1, "medium": 2, "high": 3, "critical": 4}
	for _, order := range []string{"severity", "amount_at_risk", "age"} {
		var ids []string
		var prev map[string]any
		cursor := ""
		for range len(all) + 1 {
			page := w.must(200, "GET", "/api/v1/alerts?limit=1&sort="+order+cursor, w.admin, nil).json(t)
			for _, it := range page["items"].([]any) {
				a := it.(map[string]any)
				if prev != nil {
					bad := false
					switch order {
					case "severity":
						bad = rank[a["severity"].(string)] > rank[prev["severity"].(string)]
					case "amount_at_risk":
						bad = ledger.MustMoney(a["amount_at_risk"].(string)) > ledger.MustMoney(prev["amount_at_risk"].(string))
					case "age":
						bad = a["first_seen_on"].(string) < prev["first_seen_on"].(string)
					}
					if bad {
						t.Errorf("sort=%s: %v after %v", order, a, prev)
					}
				}
				prev = a
				ids = append(ids, a["id"].(string))
			}
			next, _ := page["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = "&cursor=" + next
		}
		sort.Strings(ids)
		if strings.Join(ids, ",") != strings.Join(all, ",") {
			t.Errorf("sort=%s listed %v, want %v", order, ids, all)
		}
	}
}

// Escalating an alert puts the employer it names on the blacklist-candidate
// list with the inspector's note; inspectors see their region's candidates,
// the administrator all, a contractor or a bank none (403).
func TestBlacklistCandidatesThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.runCheck(w.keys["district"])
		a1, a2 := w.alertOf(w.p1, ledger.RuleWagesUnpaid), w.alertOf(w.p2, ledger.RuleWagesUnpaid)
		w.must(422, "POST", "/api/v1/alerts/"+a1+"/actions", w.keys["district"], map[string]string{"action": "escalate"})
		w.must(200, "POST", "/api/v1/alerts/"+a1+"/actions", w.keys["district"], map[string]string{"action": "escalate", "note": "refuses to pay"})
		w.must(200, "POST", "/api/v1/alerts/"+a2+"/actions", w.keys["city"], map[string]string{"action": "escalate", "note": "gone abroad"})
		sees := func(who string, want ...string) []any {
			t.Helper()
			items := w.must(200, "GET", "/api/v1/blacklist/candidates", w.keys[who], nil).json(t)["items"].([]any)
			var got []string
			for _, it := range items {
				got = append(got, it.(map[string]any)["employer_id"].(string))
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s sees candidates %v, want %v", who, got, want)
			}
			return items
		}
		items := sees("district", w.sub1)
		p := items[0].(map[string]any)["proposals"].([]any)[0].(map[string]any)
		if p["alert_id"] != a1 || p["source"] != "escalation" || p["project_id"] != w.p1 || !strings.Contains(p["reason"].(string), "refuses to pay") {
			t.Fatalf("proposal %v", p)
		}
		sees("city", w.sub1, w.gc2)
		sees("admin", w.sub1, w.gc2)
		for _, who := range []string{"gc1", "sub1", "bank1"} {
			w.must(403, "GET", "/api/v1/blacklist/candidates", w.keys[who], nil)
		}
		if page := w.must(200, "GET", "/api/v1/blacklist/candidates?limit=1", w.admin, nil).json(t); page["next_cursor"] == nil {
			t.Fatalf("a page of one of two has no cursor: %v", page)
		}
	})
}
