package console_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// totalsOf is the statistics page's totals as "projects/registered/on site/paid".
func totalsOf(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `id="stats-totals"`)
	if i < 0 {
		t.Fatalf("no totals on the page:\n%s", body)
	}
	dd := regexp.MustCompile(`<dd class="big">([^<]*)</dd>`).FindAllStringSubmatch(body[i:], 4)
	var out []string
	for _, m := range dd {
		out = append(out, m[1])
	}
	return strings.Join(out, "/")
}

// February 2026 in Fangshan: gcA's two workers and subA's one on project A,
// all on site; one of gcA's paid 6,000.00, 12,000.00 owed past the pay day.
func TestStatsPage(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		insp := f.signIn("inspA")
		p := insp.get("/console/stats?period=2026-02")
		if p.status != http.StatusOK || totalsOf(t, p.body) != "1/3/3/1" {
			t.Fatalf("inspector: %d %s", p.status, totalsOf(t, p.body))
		}
		for _, want := range []string{`id="stats-pyramid"`, `id="stats-origins"`, `id="stats-trades"`, `id="stats-wages"`, "北京市", "钢筋工",
			"40–49岁", "¥12,000.00", `href="/console/stats/workforce.xlsx?period=2026-02"`, `id="stats-employer"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the inspector's page lacks %q", want)
			}
		}
		if strings.Contains(p.body, `id="stats-suppressed"`) {
			t.Error("an inspector's figures are marked suppressed")
		}
		// The general contractor's own projects: three people, so every
		// count is hidden, and the page says why.
		gc := f.signIn("gcA").get("/console/stats?period=2026-02")
		if gc.status != http.StatusOK || totalsOf(t, gc.body) != "1/*/*/*" || !strings.Contains(gc.body, `id="stats-suppressed"`) ||
			strings.Contains(gc.body, "¥12,000.00") {
			t.Errorf("contractor: %d %s", gc.status, totalsOf(t, gc.body))
		}
		// Not for banks; not another district; a bad month is refused.
		if p := f.signIn("bank").get("/console/stats"); p.status != http.StatusForbidden && p.status != http.StatusNotFound {
			t.Errorf("bank: %d", p.status)
		}
		if p := insp.get("/console/stats?period=2026-02&region=110105"); p.status != http.StatusForbidden {
			t.Errorf("another district: %d", p.status)
		}
		if p := insp.get("/console/stats?period=2026-13"); p.status != http.StatusUnprocessableEntity && p.status != http.StatusBadRequest {
			t.Errorf("a bad month: %d", p.status)
		}
		// The city filters by district.
		if p := f.signIn("city").get("/console/stats?period=2026-02&region=110105"); totalsOf(t, p.body) != "1/1/1/0" {
			t.Errorf("Chaoyang: %s", totalsOf(t, p.body))
		}
		// The download is the workbook of the same figures.
		x := insp.get("/console/stats/workforce.xlsx?period=2026-02")
		wb, err := excelize.OpenReader(strings.NewReader(x.body))
		if x.status != http.StatusOK || err != nil {
			t.Fatalf("download: %d %v", x.status, err)
		}
		defer wb.Close()
		rows, _ := wb.GetRows("性别")
		if len(rows) != 4 || rows[3][0] != "合计" || rows[3][2] != "3" {
			t.Errorf("性别: %q", rows)
		}
	})
}
