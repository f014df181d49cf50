package console_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/service"
)

// fileComplaint enters a complaint on project through the API as role's inspector.
func (f *fixture) fileComplaint(t *testing.T, role, project, name string) string {
	t.Helper()
	status, out := f.apiPost(t, role, "/api/v1/complaints", map[string]any{"project_id": project, "complainant_name": name, "consent": true,
		"summary": "二月工资未发", "periods": []string{"2026-02"}, "workers": 2, "amount_claimed": "12000.00"})
	if status != http.StatusCreated {
		t.Fatalf("filing a complaint: %d %v", status, out)
	}
	return out["id"].(string)
}

// act posts a form to path with the CSRF token of the page at from.
func (b *browser) act(from, path string, form url.Values) page {
	b.t.Helper()
	form.Set("csrf", hidden(b.get(from).body, "csrf"))
	return b.post(path, form)
}

// The complaint queue: the inspector's region only, overdue complaints
// flagged and filtered, the complainant shown to the inspector; accept,
// refuse and conclude through forms with CSRF, a step the status does not
// allow refused with 409 and a missing note with 422, in Chinese.
func TestComplaintQueuePage(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		late := f.fileComplaint(t, "inspA", f.projectA, "王五")
		f.clock.Advance(8 * 24 * time.Hour) // 28 March: past the 5 working days to accept
		fresh := f.fileComplaint(t, "inspA", f.projectA, "赵六")
		b := f.signIn("inspA")
		q := b.get("/console/complaints")
		if q.status != http.StatusOK || strings.Count(q.body, `class="complaint-link"`) != 2 || strings.Count(q.body, `class="row-critical overdue"`) != 1 ||
			!strings.Contains(q.body, "逾期") || !strings.Contains(q.body, "长阳镇安置房二期") {
			t.Fatalf("queue: %d\n%s", q.status, q.body)
		}
		if o := b.get("/console/complaints?overdue=1"); strings.Count(o.body, `class="complaint-link"`) != 1 || !strings.Contains(o.body, late) {
			t.Fatalf("overdue only:\n%s", o.body)
		}
		if other := f.signIn("inspB").get("/console/complaints"); strings.Contains(other.body, late) || strings.Contains(other.body, fresh) {
			t.Fatal("another district's inspector sees the complaints")
		}
		if g := f.signIn("gcA").get("/console/complaints"); g.status != http.StatusForbidden {
			t.Fatalf("a contractor opens the complaint queue: %d", g.status)
		}
		page := "/console/complaints/" + late
		if p := b.get(page); !strings.Contains(p.body, "王五") || !strings.Contains(p.body, `id="cmp-action-accept"`) {
			t.Fatalf("complaint page:\n%s", p.body)
		}
		complaintBundle(t, f, b, page, late)
		if p := b.act(page, page+"/actions", url.Values{"action": {"accept"}}); p.status != http.StatusOK || !strings.Contains(p.body, "已受理。") ||
			!strings.Contains(p.body, `id="complaint-conclude-by"`) {
			t.Fatalf("accepting: %d\n%s", p.status, p.body)
		}
		if p := b.act(page, page+"/actions", url.Values{"action": {"refuse"}, "note": {"不属于管辖范围"}}); p.status != http.StatusConflict {
			t.Fatalf("refusing an accepted complaint: %d", p.status)
		}
		if p := b.act(page, page+"/actions", url.Values{"action": {"conclude"}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "note") {
			t.Fatalf("concluding without a note: %d", p.status)
		}
		if p := b.act(page, page+"/actions", url.Values{"action": {"conclude"}, "note": {"用人单位已补发工资"}}); p.status != http.StatusOK ||
			!strings.Contains(p.body, "用人单位已补发工资") || strings.Contains(p.body, `id="cmp-action-`) {
			t.Fatalf("concluding: %d", p.status)
		}
		if p := b.post(page+"/actions", url.Values{"action": {"accept"}}); p.status != http.StatusForbidden {
			t.Fatalf("a form without its CSRF token: %d", p.status)
		}
	})
}

// apiPost posts body to the API as role and returns the status and the answer.
func (f *fixture) apiPost(t *testing.T, role, path string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+f.keys[role])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// lapsedOrder orders payment on alert as inspA through the API, due
// tomorrow, and lets it lapse as it does in service: the clock moves past
// the deadline and the nightly check of the night after it finds the wages
// unpaid and marks the order lapsed.
func (f *fixture) lapsedOrder(t *testing.T, alertID string) {
	t.Helper()
	tomorrow := ledger.DateOf(f.clock.Now()).AddDays(1)
	status, ord := f.apiPost(t, "inspA", "/api/v1/alerts/"+alertID+"/orders", map[string]string{"note": "责令限期支付二月工资", "deadline": tomorrow.String()})
	if status != http.StatusCreated {
		t.Fatalf("ordering payment: %d %v", status, ord)
	}
	f.clock.Advance(2 * 24 * time.Hour)
	if status, run := f.apiPost(t, "inspA", "/api/v1/checks", map[string]string{"as_of": tomorrow.AddDays(1).String()}); status != http.StatusCreated {
		t.Fatalf("the night after the deadline: %d %v", status, run)
	}
	o, err := f.svc.GetOrder(service.WithCaller(t.Context(), service.System), ord["id"].(string))
	if err != nil || o.Status != ledger.OrderLapsed {
		t.Fatalf("the night after its deadline the order is %+v %v", o, err)
	}
}

var formNames = regexp.MustCompile(`name="([^"]+)"`)

// fill answers the form with id on a page as a person would: every value
// given must be a field the form renders (the test fails otherwise), and
// the form's hidden fields keep their values.
func fill(t *testing.T, body, id string, values url.Values) url.Values {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("the page renders no form %s:\n%s", id, body)
	}
	form := body[i:]
	form = form[:strings.Index(form, "</form>")]
	fields := map[string]bool{}
	for _, m := range formNames.FindAllStringSubmatch(form, -1) {
		fields[m[1]] = true
	}
	out := url.Values{}
	for name := range fields {
		if v := hidden(form, name); v != "" && name != "csrf" {
			out.Set(name, v)
		}
	}
	for name, v := range values {
		if !fields[name] {
			t.Fatalf("form %s renders no field %s (it has %v)", id, name, fields)
		}
		out[name] = v
	}
	return out
}

// The blacklist pages: an inspector orders payment, the order lapses
// unpaid, the inspector escalates the alert, proposes its employer from the
// candidate page naming its principal and a directly responsible person,
// records the notice with the day it was served, is refused a listing inside
// the reply period, records the reply, is refused a listing on the threshold
// the unpaid month does not reach, and lists on the mass incident the
// inspector records, naming the persons again; every form is filled from
// the fields the page renders. The public list then names the unit for
// anyone signed in, without the masked ID number.
func TestBlacklistPages(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		alertID := f.alertOf(t, f.projectA, "employer:"+f.orgs["subA"])
		alert := "/console/alerts/" + alertID
		f.lapsedOrder(t, alertID) // two days on: signed in after it
		b := f.signIn("inspA")
		if p := b.act(alert, alert+"/actions", url.Values{"action": {"escalate"}, "note": {"限期支付令逾期未履行"}}); p.status != http.StatusOK {
			t.Fatalf("escalating: %d", p.status)
		}
		c := b.get("/console/blacklist/candidates")
		if c.status != http.StatusOK || !strings.Contains(c.body, f.names["subA"]) {
			t.Fatalf("candidates: %d\n%s", c.status, c.body)
		}
		form := fill(t, c.body, "propose-"+f.orgs["subA"], url.Values{"reason": {"拖欠工资，限期支付令逾期未履行"}, "person_name_1": {"钱七"},
			"person_role_1": {"principal"}, "person_id_1": {"11010519491231002X"}, "person_name_2": {"周九"}, "person_role_2": {"directly_responsible"}})
		p := b.act("/console/blacklist/candidates", "/console/blacklist/proposals", form)
		if p.status != http.StatusOK || !strings.Contains(p.body, "已启动列入程序") || !strings.Contains(p.body, "1101**********002X") ||
			!strings.Contains(p.body, "周九") || strings.Contains(p.body, "11010519491231002X") || !strings.HasPrefix(p.url, "/console/blacklist/proposals/bls_") {
			t.Fatalf("proposing: %d at %s\n%s", p.status, p.url, p.body)
		}
		page := p.url
		// The order lapsed on Saturday 21 March; the notice served on Sunday 22
		// March: the five working days count from Monday 23 March.
		p = b.act(page, page+"/actions", fill(t, p.body, "bl-action-notify", url.Values{"on": {"2026-03-22"}, "served_on": {"2026-03-22"}, "text": {"拟列入告知书"}}))
		if p.status != http.StatusOK || !strings.Contains(p.body, "已记录书面告知") || !strings.Contains(p.body, "2026-03-27") {
			t.Fatalf("notice: %d\n%s", p.status, p.body)
		}
		if p := b.act(page, page+"/actions", url.Values{"action": {"notify"}, "on": {"2026-03-22"}, "served_on": {"20 March"}, "text": {"拟列入告知书"}}); p.status != http.StatusUnprocessableEntity ||
			!strings.Contains(p.body, "送达日期应为年-月-日") {
			t.Fatalf("a date served that is no date: %d", p.status)
		}
		if p := b.act(page, page+"/actions", url.Values{"action": {"list"}, "text": {"决定列入"}, "ground": {"mass_incident"}}); p.status != http.StatusConflict || !strings.Contains(p.body, "2026-03-27") {
			t.Fatalf("listing inside the reply period: %d", p.status)
		}
		p = b.act(page, page+"/actions", fill(t, b.get(page).body, "bl-action-reply", url.Values{"on": {"2026-03-22"}, "text": {"我司资金困难"}}))
		// One month unpaid does not reach the criminal threshold.
		if p := b.act(page, page+"/actions", fill(t, p.body, "bl-action-list", url.Values{"text": {"决定列入"}, "ground": {"threshold"}})); p.status != http.StatusConflict ||
			!strings.Contains(p.body, "未达到拒不支付劳动报酬罪数额标准") {
			t.Fatalf("listing below the threshold: %d\n%s", p.status, p.body)
		}
		p = b.act(page, page+"/actions", fill(t, b.get(page).body, "bl-action-list", url.Values{"text": {"欠薪引发群体性事件，决定列入"}, "ground": {"mass_incident"},
			"person_name_1": {"孙八"}, "person_role_1": {"legal_representative"}, "person_name_2": {"周九"}, "person_role_2": {"directly_responsible"}}))
		if p.status != http.StatusOK || !strings.Contains(p.body, "已决定列入") || !strings.Contains(p.body, "2029-03-21") || !strings.Contains(p.body, `id="bl-action-remove"`) ||
			!strings.Contains(p.body, "欠薪引发群体性事件") || strings.Contains(p.body, "钱七") {
			t.Fatalf("listing: %d\n%s", p.status, p.body)
		}
		pub := f.signIn("gcB").get("/console/blacklist")
		if pub.status != http.StatusOK || !strings.Contains(pub.body, f.names["subA"]) || !strings.Contains(pub.body, "孙八") ||
			strings.Contains(pub.body, "1101**") || strings.Contains(pub.body, "proposal-link") {
			t.Fatalf("the public list for a contractor: %d\n%s", pub.status, pub.body)
		}
		if g := f.signIn("gcB").get(page); g.status != http.StatusForbidden {
			t.Fatalf("a contractor opens a proposal: %d", g.status)
		}
		if other := f.signIn("inspB").get(page); other.status != http.StatusNotFound {
			t.Fatalf("another district's inspector opens the proposal: %d", other.status)
		}
	})
}

// complaintBundle follows the complaint page's link to its evidence bundle,
// which verifies and names the complaint; another district's inspector
// gets none.
func complaintBundle(t *testing.T, f *fixture, b *browser, page, id string) {
	t.Helper()
	link := regexp.MustCompile(`id="complaint-evidence" href="([^"]+)"`).FindStringSubmatch(b.get(page).body)
	if link == nil {
		t.Fatalf("the complaint page offers no evidence bundle:\n%s", b.get(page).body)
	}
	href := strings.ReplaceAll(link[1], "&amp;", "&")
	z := b.get(href)
	// The bundle holds full ID numbers: no cache keeps it (as the API's).
	if cc := z.header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("the bundle's Cache-Control: %q", cc)
	}
	if _, err := os.Stat(evidence.DefaultFont); err != nil {
		t.Logf("no CJK font at %s: the bundle itself is not checked", evidence.DefaultFont)
		return
	}
	rep, err := evidence.Verify([]byte(z.body), nil)
	if z.status != http.StatusOK || err != nil || rep.Manifest.ComplaintID != id || len(rep.Manifest.EnrolmentIDs) == 0 {
		t.Fatalf("the complaint's bundle: %d %v %+v", z.status, err, rep)
	}
	if other := f.signIn("inspB").get(href); other.status != http.StatusNotFound {
		t.Fatalf("another district's inspector fetches the bundle: %d", other.status)
	}
}
