package console_test

import (
	"html"
	"net/http"
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
