package console_test

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/console"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// A line a worker disputes through the link the inspectors gave them
// straight shows on the region's complaint queue (their page tells them it
// goes to the labour inspectors): when, the project, the worker, the
// period, the line, its net pay and the reason, to the district's and the
// city's inspectors and the administrator. An inspector of another
// district does not see it, nor does the contractor (no complaint queue);
// a dispute through the contractor's printed link is not listed (the
// employer's review sees that one). Once the link is revoked as misused the
// dispute still stands, flagged; once the worker confirms the line through
// their own link, the dispute is withdrawn and gone from the queue.
func TestDirectDisputesOnTheComplaintQueue(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		const reason = "加班三天没有算进去"
		links := f.issuePayslips(t, "gcA")
		page := "/console/payrolls/" + f.payrolls["gcA"]
		b := f.signIn("inspA")
		if q := b.get("/console/complaints"); q.status != http.StatusOK || !strings.Contains(q.body, "目前没有通过工人本人链接提出的异议") {
			t.Fatalf("the queue before any dispute: %d\n%s", q.status, q.body)
		}
		m := reissuedLink.FindStringSubmatch(b.act(page, page+"/payslips/"+links[0].ID+"/reissue", url.Values{"note": {"工资条被班组长扣留"}}).body)
		if m == nil {
			t.Fatal("no direct link re-issued")
		}
		token := strings.TrimPrefix(m[1], f.srv.URL+"/w/")
		var slip workerSlip
		f.workerPost(t, http.MethodGet, token, "", nil, &slip)
		if len(slip.Lines) == 0 {
			t.Fatal("the worker's page has no line")
		}
		line := slip.Lines[0]
		answer := map[string]any{"payroll_id": line.PayrollID, "line_no": line.LineNo}
		// Another worker disputes through the contractor's printed link.
		printed := links[1].Token
		var other workerSlip
		f.workerPost(t, http.MethodGet, printed, "", nil, &other)
		f.workerPost(t, http.MethodPost, printed, "/dispute", map[string]any{"payroll_id": other.Lines[0].PayrollID, "line_no": other.Lines[0].LineNo, "reason": "打印的工资条不对"}, nil)
		f.workerPost(t, http.MethodPost, token, "/dispute", map[string]any{"payroll_id": line.PayrollID, "line_no": line.LineNo, "reason": reason}, nil)

		for _, who := range []string{"inspA", "city", "admin"} {
			q := f.signIn(who).get("/console/complaints")
			if strings.Count(q.body, `class="direct-dispute"`) != 1 || !strings.Contains(q.body, reason) || !strings.Contains(q.body, "/console/payrolls/"+line.PayrollID) ||
				!strings.Contains(q.body, "第 "+strconv.Itoa(line.LineNo)+" 行") || !strings.Contains(q.body, "2026-02") ||
				!strings.Contains(q.body, links[0].WorkerName) || !strings.Contains(q.body, "/console/projects/"+links[0].ProjectID+"/workers/"+links[0].EnrolmentID) ||
				strings.Contains(q.body, "打印的工资条不对") || strings.Contains(q.body, "dispute-misused") {
				t.Fatalf("%s's queue after the disputes:\n%s", who, q.body)
			}
		}
		if other := f.signIn("inspB").get("/console/complaints"); strings.Contains(other.body, reason) || strings.Contains(other.body, `class="direct-dispute"`) {
			t.Errorf("another district's inspector sees the dispute:\n%s", other.body)
		}
		if gc := f.signIn("gcA").get("/console/complaints"); gc.status != http.StatusForbidden || strings.Contains(gc.body, reason) {
			t.Errorf("the contractor reads the complaint queue: %d", gc.status)
		}
		b.get("/console/lang?to=en&back=/console/")
		if en := b.get("/console/complaints"); !strings.Contains(en.body, "Disputes through workers&#39; own links") || !strings.Contains(en.body, "line "+strconv.Itoa(line.LineNo)) {
			t.Errorf("the queue in English:\n%s", en.body)
		}

		direct := regexp.MustCompile(`action="(` + regexp.QuoteMeta(page) + `/payslips/pst_[a-z0-9]+/revoke-direct)"`).FindStringSubmatch(b.get(page).body)
		if direct == nil {
			t.Fatal("no revocation form for the direct link")
		}
		b.act(page, direct[1], url.Values{"note": {"工人手机丢失"}})
		b.act(page, direct[1], url.Values{"misused": {"1"}, "note": {"班组长拿着工人的手机"}})
		if q := b.get("/console/complaints"); !strings.Contains(q.body, reason) || !strings.Contains(q.body, `dispute-misused`) {
			t.Fatalf("the dispute through a link marked misused:\n%s", q.body)
		}

		// A dispute on a payroll superseded or rejected since is no longer
		// one: that payroll's lines are answered afresh on the one that
		// replaced it. (The status is set by hand: the fixture's payroll is
		// approved, which neither a rejection nor an upload replaces.)
		for _, status := range []string{"superseded", "approved"} {
			if err := f.db.ExecRaw(t.Context(), "UPDATE payrolls SET status = '"+status+"' WHERE id = '"+line.PayrollID+"'"); err != nil {
				t.Fatal(err)
			}
			if q := b.get("/console/complaints"); strings.Contains(q.body, reason) != (status == "approved") {
				t.Fatalf("the dispute on a payroll %s:\n%s", status, q.body)
			}
		}

		// The worker withdraws it through a new link of their own.
		m = reissuedLink.FindStringSubmatch(b.act(page, page+"/payslips/"+links[0].ID+"/reissue", url.Values{"note": {"重新发给工人本人"}}).body)
		if m == nil {
			t.Fatal("no new direct link")
		}
		f.workerPost(t, http.MethodPost, strings.TrimPrefix(m[1], f.srv.URL+"/w/"), "/confirm", answer, nil)
		if q := b.get("/console/complaints"); strings.Contains(q.body, reason) || strings.Contains(q.body, `class="direct-dispute"`) {
			t.Errorf("a dispute the worker withdrew still shows:\n%s", q.body)
		}
	})
}

// workerSlip is the lines of a worker's payslip page, as answered.
type workerSlip struct {
	Lines []struct {
		PayrollID string `json:"payroll_id"`
		LineNo    int    `json:"line_no"`
	} `json:"lines"`
}

// workerPost sends a worker's request on their payslip link (no key: the
// token is the credential) and decodes the answer into out, if any.
func (f *fixture) workerPost(t *testing.T, method, token, action string, body any, out any) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, f.srv.URL+"/api/v1/payslips/"+token+action, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: status %d", method, action, resp.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
}

// The disputes through workers' own links come a page at a time, newest
// first, with how many stand: three disputes of one district, two of them
// made at the same moment (ordered then by their line), one of those on a
// line also answered through the printed link, page through one at a time
// in order and end (seen to fail, on PostgreSQL with an error and on SQLite
// by skipping two, with the page's time read from either answer); the
// queue names the count and, two a page, links to the older page, which
// its link reaches (seen to fail with the link's query escaped as one
// value), keeping the queue's filters; a page resumed after the newest
// shows the older two, a link back to the newest and none further (it is
// the last); a key that is not one is refused, over the newest page. Another district's inspector, whose one
// dispute is older than all three, resuming after one of them sees
// nothing: the key of a line outside their district is no place to resume
// from (seen to fail with the key's time read unscoped).
func TestDirectDisputesComeAPageAtATime(t *testing.T) {
	t.Cleanup(console.SetDisputesPerPage(2))
	eachDB(t, func(t *testing.T, f *fixture) {
		dispute := func(inspector, payroll string, link service.PayslipLink, reason string) {
			t.Helper()
			page := "/console/payrolls/" + payroll
			m := reissuedLink.FindStringSubmatch(f.signIn(inspector).act(page, page+"/payslips/"+link.ID+"/reissue", url.Values{"note": {"发给工人本人"}}).body)
			if m == nil {
				t.Fatal("no direct link re-issued")
			}
			token := strings.TrimPrefix(m[1], f.srv.URL+"/w/")
			var slip workerSlip
			f.workerPost(t, http.MethodGet, token, "", nil, &slip)
			f.workerPost(t, http.MethodPost, token, "/dispute", map[string]any{"payroll_id": slip.Lines[0].PayrollID, "line_no": slip.Lines[0].LineNo,
				"reason": reason}, nil)
		}
		// The first of gcA's workers confirms their line through the
		// printed link first: the line has two answers (migration 0041),
		// and a page must resume from the one through the worker's own.
		gcA := f.issuePayslips(t, "gcA")
		var printed workerSlip
		f.workerPost(t, http.MethodGet, gcA[0].Token, "", nil, &printed)
		f.workerPost(t, http.MethodPost, gcA[0].Token, "/confirm", map[string]any{"payroll_id": printed.Lines[0].PayrollID, "line_no": printed.Lines[0].LineNo}, nil)
		f.clock.Advance(time.Hour)
		dispute("inspB", f.payrolls["gcB"], f.issuePayslips(t, "gcB")[0], "朝阳区的异议")
		f.clock.Advance(time.Hour)
		dispute("inspA", f.payrolls["subA"], f.issuePayslips(t, "subA")[0], "异议 0")
		f.clock.Advance(time.Hour) // the other two at one later moment
		for i, link := range gcA[:2] {
			dispute("inspA", f.payrolls["gcA"], link, "异议 "+strconv.Itoa(i+1))
		}

		scope := store.Scope{Role: ledger.RoleInspector, RegionCode: "110111"}
		var seen []store.DirectDispute
		var after *store.DisputeKey
		for range 4 {
			got, err := store.DirectDisputes(f.db.Reader(t.Context()), scope, 1, after)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				break
			}
			seen = append(seen, got...)
			key := got[0].Key()
			after = &key
		}
		if len(seen) != 3 || seen[2].Reason != "异议 0" || !seen[0].AnsweredAt.Equal(seen[1].AnsweredAt) || seen[0].LineNo >= seen[1].LineNo ||
			!seen[1].AnsweredAt.After(seen[2].AnsweredAt) {
			t.Fatalf("paged one at a time: %+v", seen)
		}
		if n, err := store.CountDirectDisputes(f.db.Reader(t.Context()), scope); err != nil || n != 3 {
			t.Fatalf("counted %d, %v", n, err)
		}

		// Two a page: the queue's first page links to the older one, which
		// the link reaches as written (the query as sent, not escaped
		// into one value).
		b := f.signIn("inspA")
		q := b.get("/console/complaints")
		older := regexp.MustCompile(`class="older-disputes" href="([^"]+)"`).FindStringSubmatch(q.body)
		if !strings.Contains(q.body, "共 3 条") || strings.Count(q.body, `class="direct-dispute"`) != 2 || older == nil ||
			strings.Contains(q.body, "朝阳区的异议") || strings.Contains(q.body, "异议 0") {
			t.Fatalf("the queue's disputes:\n%s", q.body)
		}
		// The queue's filters stay on the disputes' links.
		filtered := b.get("/console/complaints?status=received&overdue=1")
		if m := regexp.MustCompile(`class="older-disputes" href="([^"]+)"`).FindStringSubmatch(filtered.body); m == nil ||
			!strings.Contains(html.UnescapeString(m[1]), "status=received") || !strings.Contains(html.UnescapeString(m[1]), "overdue=1") {
			t.Fatalf("the older link of a filtered queue: %v", m)
		}
		next := b.get(html.UnescapeString(older[1]))
		if next.status != http.StatusOK || strings.Count(next.body, `class="direct-dispute"`) != 1 || !strings.Contains(next.body, "异议 0") ||
			strings.Contains(next.body, "older-disputes") || !strings.Contains(next.body, "最新的异议") {
			t.Fatalf("the older page, %s: %d\n%s", older[1], next.status, next.body)
		}
		resumed := b.get("/console/complaints?" + url.Values{"disputes_after": {seen[0].Key().String()}}.Encode())
		if resumed.status != http.StatusOK || strings.Count(resumed.body, `class="direct-dispute"`) != 2 || strings.Contains(resumed.body, seen[0].Reason) ||
			strings.Contains(resumed.body, "older-disputes") ||
			!strings.Contains(resumed.body, seen[1].Reason) || !strings.Contains(resumed.body, "最新的异议") {
			t.Fatalf("resumed after the newest: %d\n%s", resumed.status, resumed.body)
		}
		last := b.get("/console/complaints?" + url.Values{"disputes_after": {seen[2].Key().String()}}.Encode())
		if strings.Contains(last.body, `class="direct-dispute"`) || !strings.Contains(last.body, "没有更早的异议") {
			t.Fatalf("resumed after the oldest:\n%s", last.body)
		}
		if bad := b.get("/console/complaints?disputes_after=nonsense"); bad.status != http.StatusUnprocessableEntity ||
			!strings.Contains(bad.body, "disputes_after 须为项目、工资表和行号") || strings.Count(bad.body, `class="direct-dispute"`) != 2 {
			t.Fatalf("a key that is not one: %d\n%s", bad.status, bad.body)
		}
		other := store.Scope{Role: ledger.RoleInspector, RegionCode: "110105"}
		if own, err := store.DirectDisputes(f.db.Reader(t.Context()), other, 10, nil); err != nil || len(own) != 1 {
			t.Fatalf("the other district's own disputes: %+v %v", own, err)
		}
		if got, err := store.DirectDisputes(f.db.Reader(t.Context()), other, 10, after); err != nil || len(got) != 0 {
			t.Fatalf("another district resumed after this one's dispute: %+v %v", got, err)
		}
	})
}
