package console_test

import (
	"github.com/wageguard/wageguard/pkg/i18n"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var hrefs = regexp.MustCompile(`href="(/console/[^"]*)"`)

// crawl reads every console page reachable by links from the starts (no
// form is sent), up to limit pages, and returns their bodies by path.
func (b *browser) crawl(limit int, starts ...string) map[string]page {
	seen := map[string]page{}
	queue := append([]string{}, starts...)
	for len(queue) > 0 && len(seen) < limit {
		path := queue[0]
		queue = queue[1:]
		if _, done := seen[path]; done || strings.HasPrefix(path, "/console/lang") || strings.HasPrefix(path, "/console/static/") {
			continue
		}
		p := b.get(path)
		seen[path] = p
		for _, m := range hrefs.FindAllStringSubmatch(p.body, -1) {
			queue = append(queue, html.UnescapeString(m[1]))
		}
	}
	return seen
}

// No page leaks another organisation's or region's data: for each role,
// every page its links reach shows nothing of what its scope excludes, no
// full identity number, and the pages of what it may not see are "not
// found" when asked for directly.
func TestNoPageLeaksAcrossScope(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		projectA := []string{"长阳镇安置房二期", f.names["gcA"], f.names["subA"]}
		projectB := []string{"望京商务楼", f.names["gcB"]}
		gcWorkers := []string{workerName(0), workerName(1)}
		subWorkers := []string{workerName(2)}
		alertB := f.alertID(t, "wages_unpaid", f.projectB)
		alertGCA := f.alertOf(t, f.projectA, "employer:"+f.orgs["gcA"])
		alertSubA := f.alertOf(t, f.projectA, "employer:"+f.orgs["subA"])
		workerB := "/console/projects/" + f.projectB + "/workers/" + f.enrB[0]
		workerGCA := "/console/projects/" + f.projectA + "/workers/" + f.enrA[0]
		workerSubA := "/console/projects/" + f.projectA + "/workers/" + f.enrA[2]
		cases := []struct {
			role     string
			sees     []string // names some page must show
			hidden   []string // names no page may show
			notFound []string // pages that must be "not found"
		}{
			{"inspA", append(projectA, gcWorkers...), projectB, []string{"/console/projects/" + f.projectB, "/console/alerts/" + alertB, workerB, "/console/payrolls/" + f.payrolls["gcB"]}},
			{"inspB", projectB, append(projectA, gcWorkers...), []string{"/console/projects/" + f.projectA, "/console/alerts/" + alertGCA, workerGCA}},
			{"city", append(projectA, projectB...), nil, nil},
			{"gcA", append(projectA, gcWorkers...), projectB, []string{"/console/projects/" + f.projectB, "/console/alerts/" + alertB, workerB}},
			{"subA", append([]string{"长阳镇安置房二期"}, subWorkers...), append(projectB, gcWorkers...),
				[]string{"/console/projects/" + f.projectB, "/console/alerts/" + alertGCA, workerGCA, "/console/checks", "/console/payrolls/" + f.payrolls["gcA"]}},
			{"subA2", []string{"长阳镇安置房二期"}, append(append(projectB, gcWorkers...), subWorkers...),
				[]string{"/console/alerts/" + alertSubA, "/console/alerts/" + alertGCA, workerSubA, workerGCA, "/console/payrolls/" + f.payrolls["subA"]}},
			{"gcB", projectB, append(projectA, gcWorkers...), []string{"/console/projects/" + f.projectA, "/console/alerts/" + alertGCA, workerGCA,
				"/console/projects/" + f.projectA + "/upload", "/console/payrolls/" + f.payrolls["gcA"]}},
			{"bank", append(projectA, projectB...), nil, []string{"/console/checks", "/console/projects/" + f.projectA + "/upload"}},
		}
		// A run's counts sum every region's projects: an inspector sees when
		// each night ran, not the province's findings.
		found := i18n.T(i18n.ZH, "console.checks.found")
		if p := f.signIn("inspA").get("/console/checks"); p.status != http.StatusOK || strings.Contains(p.body, found) {
			t.Errorf("a district inspector's check runs page: %d, shows the province-wide counts: %v", p.status, strings.Contains(p.body, found))
		}
		if p := f.signIn("admin").get("/console/checks"); p.status != http.StatusOK || !strings.Contains(p.body, found) {
			t.Errorf("the administrator's check runs page: %d, shows no counts", p.status)
		}
		for _, c := range cases {
			b := f.signIn(c.role)
			pages := b.crawl(80, "/console/alerts", "/console/projects", "/console/checks")
			var all strings.Builder
			for path, p := range pages {
				if p.status >= 500 {
					t.Errorf("%s: %s answered %d", c.role, path, p.status)
				}
				all.WriteString(p.body)
			}
			text := all.String()
			for _, name := range c.sees {
				if !strings.Contains(text, name) {
					t.Errorf("%s: no page shows %q (%d pages)", c.role, name, len(pages))
				}
			}
			for _, name := range c.hidden {
				if strings.Contains(text, name) {
					t.Errorf("%s: a page shows %q, outside its scope", c.role, name)
				}
			}
			for i := range 12 {
				if strings.Contains(text, workerID(i)) {
					t.Errorf("%s: a page shows worker %d's full identity number", c.role, i)
				}
			}
			for _, path := range c.notFound {
				p := b.get(path)
				if p.status != http.StatusNotFound && p.status != http.StatusForbidden {
					t.Errorf("%s: %s answered %d, want not found or forbidden", c.role, path, p.status)
				}
				for _, name := range append(append([]string{}, c.hidden...), projectB...) {
					if strings.Contains(c.role, "B") || c.role == "city" || c.role == "bank" {
						break
					}
					if strings.Contains(p.body, name) {
						t.Errorf("%s: the refusal of %s shows %q", c.role, path, name)
					}
				}
			}
		}
	})
}

// Only an inspector of the alert's region acts on it: a contractor, a bank
// and an administrator are refused, and another district's inspector does
// not find it.
func TestOnlyTheRegionsInspectorActs(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		id := f.alertID(t, "wages_unpaid", f.projectA)
		for role, want := range map[string]int{"gcA": http.StatusForbidden, "subA": http.StatusForbidden, "bank": http.StatusForbidden,
			"admin": http.StatusForbidden, "inspB": http.StatusNotFound} {
			b := f.signIn(role)
			csrf := hidden(b.get("/console/projects").body, "csrf")
			p := b.post("/console/alerts/"+id+"/actions", map[string][]string{"action": {"acknowledge"}, "csrf": {csrf}})
			if p.status != want {
				t.Errorf("%s acting: %d, want %d", role, p.status, want)
			}
			if strings.Contains(b.get("/console/alerts/"+id).body, `id="action-acknowledge"`) {
				t.Errorf("%s is offered the action forms", role)
			}
		}
		b := f.signIn("city") // the city's inspectors act on their districts' alerts
		csrf := hidden(b.get("/console/alerts/"+id).body, "csrf")
		if p := b.post("/console/alerts/"+id+"/actions", map[string][]string{"action": {"acknowledge"}, "csrf": {csrf}}); p.status != http.StatusOK || !strings.Contains(p.body, "已签收") {
			t.Fatalf("the city inspector acting: %d", p.status)
		}
	})
}
