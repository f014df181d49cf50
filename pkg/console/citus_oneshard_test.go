package console_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/console"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The console's forms that write a reference table, which every node
// holds whole: such a transaction commits in two phases by Citus's design
// (README, "Citus"), as the API's referenceWriters do.
var consoleReferenceWriters = map[string]string{
	"POST /console/signin":  "a new console session (console_sessions)",
	"POST /console/signout": "a console session ended (console_sessions)",
}

// consoleForm is one console form: ready runs before the measure (the
// pages a browser reads first, the form's CSRF token) and gives the post.
type consoleForm struct {
	route string
	ready func() func() page
}

// TestConsoleFormsStayOnOneShard is the API's one-shard test
// (pkg/httpapi, TestKeyedWritesStayOnOneShard) for the console's forms: on
// a Citus database of its own (two shards a table, one on each worker),
// each POST route of the console is submitted once from a signed-in
// browser with its CSRF token, on project A, and Citus's own statistics
// are read around the post: the tenants (distribution values) its
// statements wrote, at most one (project A), and the transactions
// committed in two phases (a write on two workers, or a statement on many
// shards), none; signing in or out writes a console session, a reference
// table (consoleReferenceWriters): one transaction. A console POST route
// without a form here fails the test.
func TestConsoleFormsStayOnOneShard(t *testing.T) {
	clock := storetest.NewClock(built)
	db := storetest.OwnCitusDatabase(t, []string{"citus.stat_tenants_track = 'all'"}, store.WithClock(clock.Now))
	f := newFixture(t, db, clock)
	subA := f.alertOf(t, f.projectA, "employer:"+f.orgs["subA"])
	f.lapsedOrder(t, subA) // two days on: signed in after it
	insp := f.signIn("inspA")
	var complaint, proposal, direct string
	forms := []consoleForm{
		{"POST /console/signin", func() func() page {
			b := f.browser()
			csrf := hidden(b.get("/console/signin").body, "csrf")
			return func() page {
				return b.post("/console/signin", url.Values{"csrf": {csrf}, "key": {f.keys["gcA"]}, "next": {"/console/"}})
			}
		}},
		{"POST /console/signout", func() func() page {
			b := f.signIn("gcA")
			csrf := hidden(b.get("/console/projects").body, "csrf")
			return func() page { return b.post("/console/signout", url.Values{"csrf": {csrf}}) }
		}},
		{"POST /console/alerts/{id}/actions", func() func() page {
			return insp.ready("/console/alerts/"+subA, "/console/alerts/"+subA+"/actions", url.Values{"action": {"escalate"}, "note": {"限期支付令逾期未履行"}})
		}},
		{"POST /console/projects/{id}/upload", func() func() page {
			b := f.signIn("subA")
			path := "/console/projects/" + f.projectA + "/upload"
			csrf := hidden(b.get(path).body, "csrf")
			return func() page {
				var body bytes.Buffer
				w := multipart.NewWriter(&body)
				_ = w.WriteField("csrf", csrf)
				_ = w.WriteField("period", "2026-01")
				_ = w.WriteField("employer_id", f.orgs["subA"])
				fw, _ := w.CreateFormFile("file", "payroll.csv")
				_, _ = fmt.Fprintf(fw, "姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资,本人签字确认\n%s,%s,%s,20,5100.00,100.00,5000.00,是\n", workerName(2), workerID(2), workerCard(2))
				_ = w.Close()
				return b.do(http.MethodPost, path, w.FormDataContentType(), &body)
			}
		}},
		{"POST /console/payrolls/{id}/payslips/{token}/reissue", func() func() page {
			links := f.issuePayslips(t, "gcA")
			page := "/console/payrolls/" + f.payrolls["gcA"]
			return insp.ready(page, page+"/payslips/"+links[0].ID+"/reissue", url.Values{"note": {"工资条被班组长扣留"}})
		}},
		{"POST /console/payrolls/{id}/payslips/{token}/revoke-direct", func() func() page {
			page := "/console/payrolls/" + f.payrolls["gcA"]
			m := regexp.MustCompile(`action="(` + regexp.QuoteMeta(page) + `/payslips/pst_[a-z0-9]+/revoke-direct)"`).FindStringSubmatch(insp.get(page).body)
			if m == nil {
				t.Fatal("the payroll's page offers no revocation of the direct link")
			}
			direct = m[1]
			return insp.ready(page, direct, url.Values{})
		}},
		{"POST /console/complaints", func() func() page {
			return insp.ready("/console/complaints", "/console/complaints", url.Values{"project_id": {f.projectA}, "complainant_name": {"孙七"},
				"summary": {"二月工资未发，电话投诉"}, "periods": {"2026-02"}, "workers": {"3"}, "amount_claimed": {"9000.00"}, "consent": {"1"}})
		}},
		{"POST /console/complaints/{id}/actions", func() func() page {
			complaint = f.fileComplaint(t, "inspA", f.projectA, "王五")
			page := "/console/complaints/" + complaint
			return insp.ready(page, page+"/actions", url.Values{"action": {"accept"}})
		}},
		{"POST /console/complaints/{id}/receipt", func() func() page {
			page := "/console/complaints/" + complaint
			return insp.ready(page, page+"/receipt", url.Values{"note": {"工人遗失回执码"}})
		}},
		{"POST /console/blacklist/proposals", func() func() page {
			c := insp.get("/console/blacklist/candidates")
			form := fill(t, c.body, "propose-"+f.orgs["subA"], url.Values{"reason": {"拖欠工资，限期支付令逾期未履行"}, "person_name_1": {"钱七"},
				"person_role_1": {"principal"}, "person_id_1": {"11010519491231002X"}})
			send := insp.ready("/console/blacklist/candidates", "/console/blacklist/proposals", form)
			return func() page {
				p := send()
				proposal = p.url
				return p
			}
		}},
		{"POST /console/blacklist/proposals/{id}/actions", func() func() page {
			form := fill(t, insp.get(proposal).body, "bl-action-notify", url.Values{"on": {"2026-03-22"}, "served_on": {"2026-03-22"}, "text": {"拟列入告知书"}})
			return insp.ready(proposal, proposal+"/actions", form)
		}},
	}
	routes := map[string]bool{} // the console's POST routes, as it registers them
	for _, pattern := range console.Routes() {
		if strings.HasPrefix(pattern, "POST ") {
			routes[pattern] = true
		}
	}
	twoPhase := storetest.WatchTwoPhaseCommits(t, db)
	for _, fm := range forms {
		if !routes[fm.route] {
			t.Errorf("a form for %s, which the console does not serve", fm.route)
		}
		delete(routes, fm.route)
		send := fm.ready()
		storetest.ResetTenantStats(t, db)
		twoPhase()
		p := send()
		tenants, commits := storetest.TenantsWritten(t, db), twoPhase()
		if p.status < 200 || p.status > 299 {
			t.Errorf("%s: %d at %s\n%s", fm.route, p.status, p.url, p.body)
			continue
		}
		t.Logf("%s: tenants %v, %d two-phase commits", fm.route, tenants, commits)
		why, reference := consoleReferenceWriters[fm.route]
		switch {
		case reference && (commits > 1 || len(tenants) > 1):
			t.Errorf("%s: writes %s, and tenants %v with %d two-phase commits: want one transaction and its audit chain at most", fm.route, why, tenants, commits)
		case !reference && (commits > 0 || len(tenants) > 1 || len(tenants) == 1 && !slices.Contains(tenants, f.projectA)):
			t.Errorf("%s: wrote tenants %v with %d two-phase commits: want project A's at most, and none", fm.route, tenants, commits)
		}
	}
	for r := range routes {
		t.Errorf("console route %s is not submitted here: every console form's shards are read", r)
	}
}

// ready reads the page at from (as a browser does before it posts) and
// gives the post of form to path with that page's CSRF token.
func (b *browser) ready(from, path string, form url.Values) func() page {
	form.Set("csrf", hidden(b.get(from).body, "csrf"))
	return func() page { return b.post(path, form) }
}
