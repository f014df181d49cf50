package httpapi_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Each filter of GET /alerts (API.md: status, rule, stream, severity,
// project_id, region_code) returns exactly the alerts that match it: for
// every value present among the alerts, and one that matches none, the
// filtered list equals the full list filtered here, and the data holds
// alerts that do not match, so a filter that let everything through fails.
// The alerts: both projects' (two regions) after a night, one acknowledged
// and one resolved by the inspectors, the rest open; arrears and
// compliance; several rules and severities.
func TestAlertFiltersExcludeWhatDoesNotMatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.runCheck(w.keys["district"])
		a1, a2 := w.alertOf(w.p1, "wages_unpaid"), w.alertOf(w.p2, "wages_unpaid")
		w.must(200, "POST", "/api/v1/alerts/"+a1+"/actions", w.keys["district"], map[string]string{"action": "acknowledge"})
		w.must(200, "POST", "/api/v1/alerts/"+a2+"/actions", w.keys["city"], map[string]string{"action": "resolve", "note": "paid in cash before witnesses"})
		region := map[string]string{w.p1: w.rg("110105"), w.p2: w.rg("110108")}
		all := w.listAlerts(t, "")
		field := func(name string) func(a map[string]any) []string {
			return func(a map[string]any) []string { return []string{a[name].(string)} }
		}
		filters := []struct {
			name  string
			of    func(a map[string]any) []string // the values of the filter the alert matches
			extra []string                        // values to try besides those present
		}{
			{"status", field("status"), []string{"escalated"}},
			{"rule", field("rule"), []string{"topup_overdue"}},
			{"stream", field("stream"), nil},
			{"severity", field("severity"), nil},
			{"project_id", field("project_id"), []string{"prj_doesnotexist0000"}},
			// A division's filter takes in its sub-divisions: Beijing both
			// projects, each district its own, Shanghai none.
			{"region_code", func(a map[string]any) []string {
				code := region[a["project_id"].(string)]
				return []string{code, code[:4] + "00", code[:2] + "0000"}
			}, []string{"310000"}},
		}
		for _, f := range filters {
			var values []string
			for _, a := range all {
				for _, v := range f.of(a) {
					if !slices.Contains(values, v) {
						values = append(values, v)
					}
				}
			}
			excluded := false
			for _, v := range append(values, f.extra...) {
				var want []string
				for _, a := range all {
					if slices.Contains(f.of(a), v) {
						want = append(want, a["id"].(string))
					}
				}
				excluded = excluded || len(want) < len(all)
				slices.Sort(want)
				got := idsIn(w.listAlerts(t, f.name+"="+url.QueryEscape(v)))
				if strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("%s=%s lists %v, want %v", f.name, v, got, want)
				}
			}
			if len(values) < 2 && f.name != "region_code" || !excluded {
				t.Fatalf("the alerts have %s %v: too few to show the filter excluding any", f.name, values)
			}
		}
		// Filters combine: each narrows the others.
		both := w.listAlerts(t, "stream=arrears&status=open&project_id="+w.p1)
		for _, a := range both {
			if a["stream"] != "arrears" || a["status"] != "open" || a["project_id"] != w.p1 {
				t.Errorf("stream=arrears&status=open&project_id=%s lists %v", w.p1, a)
			}
		}
		if len(both) == 0 {
			t.Fatalf("no open arrears alert on %s to combine filters on", w.p1)
		}
	})
}

// listAlerts is every alert the administrator sees through GET /alerts with
// the query, all pages.
func (w *world) listAlerts(t *testing.T, query string) []map[string]any {
	t.Helper()
	var out []map[string]any
	cursor := ""
	// The administrator sees every alert: on the shared database every
	// test's. The world's city inspector sees both its projects' alone.
	key := w.admin
	if w.db.Dialect.IsCitus() {
		key = w.keys["city"]
	}
	for range 100 {
		page := w.must(200, "GET", "/api/v1/alerts?limit=5&"+query+cursor, key, nil).json(t)
		for _, it := range page["items"].([]any) {
			out = append(out, it.(map[string]any))
		}
		next, _ := page["next_cursor"].(string)
		if next == "" {
			return out
		}
		cursor = "&cursor=" + url.QueryEscape(next)
	}
	t.Fatalf("GET /alerts?%s: more than 100 pages", query)
	return nil
}

func idsIn(alerts []map[string]any) []string {
	ids := make([]string, 0, len(alerts))
	for _, a := range alerts {
		ids = append(ids, a["id"].(string))
	}
	slices.Sort(ids)
	return ids
}
