package httpapi_test

import (
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// proposeOn escalates the project's wages_unpaid alert as the inspector and
// proposes its employer for the list; it returns the proposal.
func (w *world) proposeOn(project, inspector string) map[string]any {
	w.t.Helper()
	alert := w.alertOf(project, ledger.RuleWagesUnpaid)
	w.must(200, "POST", "/api/v1/alerts/"+alert+"/actions", w.keys[inspector], map[string]string{"action": "escalate", "note": "逾期仍未支付"})
	return w.must(201, "POST", "/api/v1/blacklist/proposals", w.keys[inspector], map[string]any{"project_id": project, "alert_id": alert,
		"reason":              "限期支付令逾期未履行，拖欠工资达到数额较大标准",
		"responsible_persons": []map[string]string{{"name": "王五", "role": "legal_representative", "id_number": "11010519491231002X"}}}).json(w.t)
}

// act takes one step on a proposal.
func (w *world) act(want int, id, inspector string, body map[string]any) map[string]any {
	w.t.Helper()
	return w.must(want, "POST", "/api/v1/blacklist/proposals/"+id+"/actions", w.keys[inspector], body).json(w.t)
}

// The listing workflow through the API: a candidate from an escalation is
// proposed (twice: one proposal), notified, its reply kept, listed with
// reasons; each step audited. The public list, without a key, names the unit,
// its persons and the period, and nothing else; as CSV its cells are
// neutralised. Early removal before six months is refused naming why.
func TestBlacklistWorkflowThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.runCheck(w.admin)
		p := w.proposeOn(w.p2, "city")
		id := p["id"].(string)
		if p["status"] != "proposed" || p["employer_id"] != w.gc2 || p["source"] != "escalation" ||
			p["responsible_persons"].([]any)[0].(map[string]any)["id_masked"] != "1101**********002X" {
			t.Fatalf("proposed: %v", p)
		}
		alert := p["alert_id"].(string)
		again := w.must(200, "POST", "/api/v1/blacklist/proposals", w.keys["city"], map[string]any{"project_id": w.p2, "alert_id": alert, "reason": "again"}).json(t)
		if again["id"] != id {
			t.Fatalf("a second proposal for the same unit opened %v", again["id"])
		}
		// The district does not see p2: it cannot propose there nor act on the proposal.
		w.must(422, "POST", "/api/v1/blacklist/proposals", w.keys["district"], map[string]any{"project_id": w.p2, "alert_id": alert, "reason": "x"})
		w.must(404, "POST", "/api/v1/blacklist/proposals/"+id+"/actions", w.keys["district"], map[string]any{"action": "notify", "on": today(), "text": "x"})
		w.must(403, "POST", "/api/v1/blacklist/proposals", w.keys["gc1"], map[string]any{"project_id": w.p1, "alert_id": alert, "reason": "x"})
		// Not a candidate: an alert nobody escalated.
		other := w.alertOf(w.p1, ledger.RuleWagesUnpaid)
		if r := w.must(422, "POST", "/api/v1/blacklist/proposals", w.keys["district"], map[string]any{"project_id": w.p1, "alert_id": other, "reason": "x"}); !strings.Contains(string(r.Body), "alert_id") {
			t.Fatalf("a proposal without a candidate: %s", r.Body)
		}

		w.act(409, id, "city", map[string]any{"action": "list", "text": "列入"})
		n := w.act(200, id, "city", map[string]any{"action": "notify", "on": today(), "text": "拟列入失信联合惩戒对象名单告知书"})
		if n["status"] != "notified" || n["notice"].(map[string]any)["reply_by"] == nil {
			t.Fatalf("notified: %v", n)
		}
		audits := w.count("audit_log") + w.count("audit_queue")
		w.act(200, id, "city", map[string]any{"action": "notify", "on": today(), "text": "拟列入失信联合惩戒对象名单告知书"})
		if got := w.count("audit_log") + w.count("audit_queue"); got != audits {
			t.Errorf("the same notice again wrote %d audit records", got-audits)
		}
		if r := w.act(409, id, "city", map[string]any{"action": "list", "text": "列入"}); !strings.Contains(r["detail"].(string), n["notice"].(map[string]any)["reply_by"].(string)) {
			t.Fatalf("listing inside the reply period: %v", r)
		}
		w.act(200, id, "city", map[string]any{"action": "reply", "on": today(), "text": "我司资金困难，请求宽限"})
		l := w.act(200, id, "city", map[string]any{"action": "list", "text": "陈述申辩理由不成立，决定列入"})
		end := ledger.ListingEnd(mustDate(t, today()), 3).String()
		if l["status"] != "listed" || l["start_on"] != today() || l["end_on"] != end || l["reply"].(map[string]any)["text"] != "我司资金困难，请求宽限" ||
			l["decision"].(map[string]any)["reasons"] != "陈述申辩理由不成立，决定列入" {
			t.Fatalf("listed: %v", l)
		}
		r := w.act(409, id, "city", map[string]any{"action": "remove", "text": "已整改", "corrected_on": today(), "pledge_on": today()})
		if !strings.Contains(fmt.Sprint(r), "too_soon") {
			t.Fatalf("early removal the day it was listed: %v", r)
		}
		var actions []string
		for _, it := range w.must(200, "GET", "/api/v1/audit?subject="+id+"&limit=100", w.keys["city"], nil).json(t)["items"].([]any) {
			actions = append(actions, it.(map[string]any)["action"].(string))
		}
		sort.Strings(actions)
		if strings.Join(actions, ",") != "blacklist.list,blacklist.notify,blacklist.propose,blacklist.reply" {
			t.Fatalf("audit of %s: %v", id, actions)
		}

		// The public list, without a key.
		pub := w.must(200, "GET", "/api/v1/blacklist", "", nil)
		items := pub.json(t)["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("public list: %s", pub.Body)
		}
		e := items[0].(map[string]any)
		if e["start_on"] != today() || e["end_on"] != end || e["uscc"] == "" || e["responsible_persons"].([]any)[0].(map[string]any)["name"] != "王五" {
			t.Fatalf("public entry: %v", e)
		}
		for _, secret := range []string{"1101**********002X", "11010519491231002X", "资金困难", "数额较大", "id_masked", "reason", w.enr2} {
			if strings.Contains(string(pub.Body), secret) {
				t.Errorf("the public list shows %q: %s", secret, pub.Body)
			}
		}
		c := w.must(200, "GET", "/api/v1/blacklist?format=csv", "", nil)
		rows, err := csv.NewReader(strings.NewReader(string(c.Body))).ReadAll()
		if err != nil || len(rows) != 2 || rows[0][0] != "单位名称" || rows[1][2] != "王五（法定代表人）" || rows[1][3] != today() {
			t.Fatalf("csv: %v %q", err, c.Body)
		}
		w.must(422, "GET", "/api/v1/blacklist?format=xml", "", nil)

		// Inspectors list their region's proposals.
		if got := w.must(200, "GET", "/api/v1/blacklist/proposals?status=listed", w.keys["city"], nil).json(t)["items"].([]any); len(got) != 1 {
			t.Fatalf("city's listed proposals: %v", got)
		}
		if got := w.must(200, "GET", "/api/v1/blacklist/proposals", w.keys["district"], nil).json(t)["items"].([]any); len(got) != 0 {
			t.Fatalf("the district sees another region's proposal: %v", got)
		}
	})
}

// A unit's name that a spreadsheet would run as a formula is written as
// text in the public CSV.
func TestPublicBlacklistCSVNeutralisesCells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.runCheck(w.admin)
		id := w.proposeOn(w.p2, "city")["id"].(string)
		w.act(200, id, "city", map[string]any{"action": "notify", "on": today(), "text": "告知"})
		w.act(200, id, "city", map[string]any{"action": "reply", "on": today(), "text": "无异议"})
		w.act(200, id, "city", map[string]any{"action": "list", "text": "列入"})
		if err := db.ExecRaw(t.Context(), `UPDATE organizations SET name = ? WHERE id = ?`, "=HYPERLINK(\"http://x\")", w.gc2); err != nil {
			t.Fatal(err)
		}
		c := w.must(200, "GET", "/api/v1/blacklist?format=csv", "", nil)
		rows, err := csv.NewReader(strings.NewReader(string(c.Body))).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][0] != ledger.NeutraliseCell("=HYPERLINK(\"http://x\")") || strings.HasPrefix(rows[1][0], "=") {
			t.Fatalf("csv: %v %q", err, c.Body)
		}
	})
}

// A listed general contractor's guarantee for a contract signed while it is
// listed is raised by the policy's blacklist raise, and its small contract is
// not exempt, saying why; a contract signed the day before the listing is
// sized as before. The dishonesty list is now read, so no sizing names it as
// unavailable.
func TestListedContractorGuarantee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.runCheck(w.admin)
		id := w.proposeOn(w.p2, "city")["id"].(string)
		project := func(started string, amount string) string {
			body := projectBody("BL-"+itoa(nextSeq()), "310115", w.owner, w.gc2, w.bank2)
			body["started_on"], body["contract_amount"] = started, amount
			return w.must(201, "POST", "/api/v1/projects", w.admin, body).str(t, "id")
		}
		yesterday := mustDate(t, today()).AddDays(-1).String()
		before, small, large := project(yesterday, "2000000.00"), project(today(), "2000000.00"), project(today(), "12000000.00")
		steps := func(p string) (string, map[string]string) {
			g := w.must(200, "GET", "/api/v1/projects/"+p+"/guarantee", w.keys["gc2"], nil).json(t)
			out := map[string]string{}
			for _, s := range g["explanation"].([]any) {
				m := s.(map[string]any)
				out[m["rule"].(string)+"/"+strOf(m["value"])] = strOf(m["amount"])
			}
			return strOf(g["required"]), out
		}
		for _, p := range []string{before, small, large} {
			if _, s := steps(p); s["record_unavailable/blacklist"] != "" {
				t.Errorf("the blacklist is still named unavailable: %v", s)
			}
		}
		reqLarge, _ := steps(large)
		w.act(200, id, "city", map[string]any{"action": "notify", "on": today(), "text": "告知"})
		w.act(200, id, "city", map[string]any{"action": "reply", "on": today(), "text": "无异议"})
		w.act(200, id, "city", map[string]any{"action": "list", "text": "列入"})

		req, s := steps(large)
		if s["blacklist_raise/100%"] == "" || ledger.MustMoney(req) != 2*ledger.MustMoney(reqLarge) {
			t.Errorf("listed: required %s (was %s), steps %v", req, reqLarge, s)
		}
		req, s = steps(small)
		if req == "0.00" || s["exemption_withheld/¥3000000.00"] == "" || s["blacklist_raise/100%"] == "" {
			t.Errorf("small contract while listed: required %s, steps %v", req, s)
		}
		if _, s = steps(before); s["blacklist_raise/100%"] != "" {
			t.Errorf("a contract signed before the listing is raised: %v", s)
		}
	})
}

func strOf(v any) string {
	s, _ := v.(string)
	return s
}
