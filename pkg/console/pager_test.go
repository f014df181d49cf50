package console_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/console"
	"github.com/wageguard/wageguard/pkg/store"
)

// The alert queue's "next page" link keeps the queue's filter and cursor:
// one alert a page, the inspector's open alerts sorted by money at risk
// walk page by page through every one of them once, each page still
// filtered and sorted, and the last page links to none (a full last page
// linked to an empty one, seen to fail so). Before, html/template escaped the link's query as
// one value ("after%3d…%26status%3dopen"), and every "next" led back to
// an unfiltered first page (seen to fail so).
func TestAlertQueuePagesFollowTheirLinks(t *testing.T) {
	t.Cleanup(console.SetAlertsPerPage(1))
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		next := regexp.MustCompile(`<p class="pager"><a href="([^"]+)"`)
		alert := regexp.MustCompile(`class="alert-link" href="/console/alerts/([^"]+)"`)
		seen := map[string]bool{}
		path := "/console/alerts?status=open&sort=amount_at_risk"
		for range 50 {
			q := b.get(path)
			ids := alert.FindAllStringSubmatch(q.body, -1)
			if q.status != http.StatusOK || len(ids) != 1 {
				t.Fatalf("%s: %d, %d alerts\n%s", path, q.status, len(ids), q.body)
			}
			if seen[ids[0][1]] {
				t.Fatalf("%s shows %s again: the link lost its cursor", path, ids[0][1])
			}
			seen[ids[0][1]] = true
			m := next.FindStringSubmatch(q.body)
			if m == nil {
				break
			}
			path = html.UnescapeString(m[1])
			if !strings.Contains(path, "status=open") || !strings.Contains(path, "sort=amount_at_risk") || !strings.Contains(path, "after=") {
				t.Fatalf("the next page's link %q lost the queue's filter, order or cursor", path)
			}
		}
		open, err := store.ListAlerts(f.db.Reader(t.Context()), store.AlertFilter{Scope: store.Scope{Role: ledger.RoleInspector, RegionCode: "110111"},
			Status: ledger.AlertOpen, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(open) < 2 || len(seen) != len(open) {
			t.Fatalf("walked %d pages of one alert; the inspector has %d open alerts, and the test needs two", len(seen), len(open))
		}
	})
}

// The complaint queue's "next page" link keeps its filter and cursor, and
// its last page links to none: four complaints entered by the inspector,
// two a page, received ones only, come two then two, and the second page,
// full, links to no third (each seen to fail: the link escaped as one
// value, and a full page linking on).
func TestComplaintQueuePagesFollowTheirLinks(t *testing.T) {
	t.Cleanup(console.SetComplaintsPerPage(2))
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		for _, name := range []string{"孙七", "周八", "吴九", "郑十"} {
			form := url.Values{"project_id": {f.projectA}, "complainant_name": {name}, "summary": {"二月工资未发，电话投诉"}, "periods": {"2026-02"},
				"workers": {"1"}, "amount_claimed": {"3000.00"}, "consent": {"1"}}
			if p := b.act("/console/complaints", "/console/complaints", form); p.status != http.StatusOK {
				t.Fatalf("entering %s's complaint: %d", name, p.status)
			}
		}
		walkTwoPages(t, b, "/console/complaints?status=received", `class="complaint-link" href="/console/complaints/([^"]+)"`, 2)
	})
}

// The orders' "next page" link keeps its filter and cursor, and the full
// last page links to none: two orders to pay (one per employer in
// arrears), one a page, issued ones only, come one then one.
func TestOrderPagesFollowTheirLinks(t *testing.T) {
	t.Cleanup(console.SetOrdersPerPage(1))
	eachDB(t, func(t *testing.T, f *fixture) {
		deadline := ledger.DateOf(f.clock.Now()).AddDays(10).String()
		for _, employer := range []string{"subA", "gcA"} {
			alert := f.alertOf(t, f.projectA, "employer:"+f.orgs[employer])
			if status, o := f.apiPost(t, "inspA", "/api/v1/alerts/"+alert+"/orders", map[string]string{"note": "责令限期支付二月工资", "deadline": deadline}); status != http.StatusCreated {
				t.Fatalf("ordering %s to pay: %d %v", employer, status, o)
			}
		}
		b := f.signIn("inspA")
		walkTwoPages(t, b, "/console/orders?status=issued", `id="order-([^"]+)"`, 1)
	})
}

// walkTwoPages opens start (a list with a filter), whose items item
// matches (their ID its group), and follows its "next page" link: the
// first page holds perPage items and links on keeping start's query and
// adding a cursor; the second holds perPage more, none of the first's,
// and, as the last, links nowhere.
func walkTwoPages(t *testing.T, b *browser, start, item string, perPage int) {
	t.Helper()
	list, filter, _ := strings.Cut(start, "?")
	items := regexp.MustCompile(item)
	next := regexp.MustCompile(`<p class="pager"><a href="(` + regexp.QuoteMeta(list) + `\?[^"]+)"`)
	first := b.get(start)
	m := next.FindStringSubmatch(first.body)
	if len(items.FindAllString(first.body, -1)) != perPage || m == nil {
		t.Fatalf("the first page: %d\n%s", first.status, first.body)
	}
	path := html.UnescapeString(m[1])
	if !strings.Contains(path, filter) || !strings.Contains(path, "after=") {
		t.Fatalf("the next page's link %q lost the list's filter or cursor", path)
	}
	second := b.get(path)
	ids := map[string]bool{}
	for _, page := range []string{first.body, second.body} {
		for _, s := range items.FindAllStringSubmatch(page, -1) {
			ids[s[1]] = true
		}
	}
	if len(ids) != 2*perPage || next.MatchString(second.body) {
		t.Fatalf("the second page (%s): %d\n%s", path, second.status, second.body)
	}
}
