package console_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// fileComplaint enters a complaint on project through the API as role's inspector.
func (f *fixture) fileComplaint(t *testing.T, role, project, name string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"project_id": project, "complainant_name": name, "consent": true, "summary": "二月工资未发",
		"periods": []string{"2026-02"}, "workers": 2, "amount_claimed": "12000.00"})
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/api/v1/complaints", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+f.keys[role])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("filing a complaint: %d %v", resp.StatusCode, out)
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

// The blacklist pages: an inspector escalates an alert, proposes its
// employer from the candidate page, records the notice, is refused a
// listing inside the reply period, records the reply, lists; the public list
// then names the unit for anyone signed in, without the masked ID number.
func TestBlacklistPages(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		alert := "/console/alerts/" + f.alertOf(t, f.projectA, "employer:"+f.orgs["subA"])
		if p := b.act(alert, alert+"/actions", url.Values{"action": {"escalate"}, "note": {"限期支付令逾期未履行"}}); p.status != http.StatusOK {
			t.Fatalf("escalating: %d", p.status)
		}
		c := b.get("/console/blacklist/candidates")
		if c.status != http.StatusOK || !strings.Contains(c.body, f.names["subA"]) || !strings.Contains(c.body, `id="propose-`+f.orgs["subA"]+`"`) {
			t.Fatalf("candidates: %d\n%s", c.status, c.body)
		}
		alertID := strings.TrimPrefix(alert, "/console/alerts/")
		form := url.Values{"project_id": {f.projectA}, "alert_id": {alertID}, "reason": {"拖欠工资达到数额较大标准"}, "person_name_1": {"钱七"},
			"person_role_1": {"principal"}, "person_id_1": {"11010519491231002X"}}
		p := b.act("/console/blacklist/candidates", "/console/blacklist/proposals", form)
		if p.status != http.StatusOK || !strings.Contains(p.body, "已启动列入程序") || !strings.Contains(p.body, "1101**********002X") ||
			strings.Contains(p.body, "11010519491231002X") || !strings.HasPrefix(p.url, "/console/blacklist/proposals/bls_") {
			t.Fatalf("proposing: %d at %s\n%s", p.status, p.url, p.body)
		}
		page := p.url
		if p := b.act(page, page+"/actions", url.Values{"action": {"notify"}, "on": {"2026-03-20"}, "text": {"拟列入告知书"}}); p.status != http.StatusOK ||
			!strings.Contains(p.body, "已记录书面告知") || !strings.Contains(p.body, "2026-03-27") {
			t.Fatalf("notice: %d\n%s", p.status, p.body)
		}
		if p := b.act(page, page+"/actions", url.Values{"action": {"list"}, "text": {"决定列入"}}); p.status != http.StatusConflict || !strings.Contains(p.body, "2026-03-27") {
			t.Fatalf("listing inside the reply period: %d", p.status)
		}
		b.act(page, page+"/actions", url.Values{"action": {"reply"}, "on": {"2026-03-20"}, "text": {"我司资金困难"}})
		// Only a principal was named: a listing names the legal representative.
		if p := b.act(page, page+"/actions", url.Values{"action": {"list"}, "text": {"决定列入"}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "法定代表人") {
			t.Fatalf("listing without a legal representative: %d", p.status)
		}
		p = b.act(page, page+"/actions", url.Values{"action": {"list"}, "text": {"决定列入"}, "person_name_1": {"孙八"}, "person_role_1": {"legal_representative"}})
		if p.status != http.StatusOK || !strings.Contains(p.body, "已决定列入") || !strings.Contains(p.body, "2029-03-19") || !strings.Contains(p.body, `id="bl-action-remove"`) {
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
