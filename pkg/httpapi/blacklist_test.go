package httpapi_test

import (
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// lapsedOrderOn orders payment on the project's wage_unpaid alert as the
// inspector, due tomorrow, and lets it lapse as it does in service: the
// world's clock moves past the deadline and the nightly check runs the
// night after it, which finds the wages unpaid and marks the order lapsed.
// An alert ordered already keeps its order, which lapses the same way. It
// returns the alert and the order.
func (w *world) lapsedOrderOn(project, inspector string) (string, string) {
	w.t.Helper()
	if w.clock == nil {
		w.t.Fatal("lapsedOrderOn moves the world's clock: make the world with clockedWorlds")
	}
	alert := w.alertOf(project, ledger.RuleWagesUnpaid)
	tomorrow := ledger.DateOf(w.clock.Now()).AddDays(1)
	if r := w.do("POST", "/api/v1/alerts/"+alert+"/orders", w.keys[inspector], map[string]any{"note": "责令限期支付", "deadline": tomorrow}); r.Status != 201 && r.Status != 409 {
		w.t.Fatalf("ordering payment: %d %s", r.Status, r.Body)
	}
	var live map[string]any
	for _, it := range w.must(200, "GET", "/api/v1/orders?alert_id="+alert, w.keys[inspector], nil).json(w.t)["items"].([]any) {
		if o := it.(map[string]any); o["status"] == "issued" || o["status"] == "lapsed" {
			live = o
		}
	}
	if live == nil {
		w.t.Fatalf("alert %s has no live order", alert)
	}
	if live["status"] == "issued" {
		night := mustDate(w.t, live["deadline"].(string)).AddDays(1)
		if today := ledger.DateOf(w.clock.Now()); night.After(today) {
			w.clock.Advance(night.Time().Sub(today.Time()))
		}
		w.must(201, "POST", "/api/v1/checks", w.keys[inspector], map[string]string{"as_of": night.String()})
	}
	id := live["id"].(string)
	if o := w.must(200, "GET", "/api/v1/orders/"+id, w.keys[inspector], nil).json(w.t); o["status"] != "lapsed" {
		w.t.Fatalf("the night after its deadline the order is %v", o["status"])
	}
	return alert, id
}

// today is the world's today: its clock's, or the machine's.
func (w *world) today() string {
	if w.clock == nil {
		return today()
	}
	return ledger.DateOf(w.clock.Now()).String()
}

// clockedWorlds runs fn on a world of each database kind, each with a clock
// of its own starting now, which the test moves (lapsedOrderOn).
func clockedWorlds(t *testing.T, fn func(t *testing.T, w *world)) {
	clockedWorldsOn(t, storetest.New, fn)
}

// clockedOwnWorlds is clockedWorlds on a database of the test's own on the
// Citus cluster (storetest.NewOwn), for a test whose work spans every
// project of its database.
func clockedOwnWorlds(t *testing.T, fn func(t *testing.T, w *world)) {
	clockedWorldsOn(t, storetest.NewOwn, fn)
}

func clockedWorldsOn(t *testing.T, open func(testing.TB, string, ...store.Option) *store.DB, fn func(t *testing.T, w *world)) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			clock := storetest.NewClock(time.Now())
			w := newWorld(t, open(t, dialect, store.WithClock(clock.Now)))
			w.clock = clock
			fn(t, w)
		})
	}
}

// oneMonthThreshold is a policy under which one worker owed one month of
// ¥5,000 reaches the criminal threshold in Beijing (the world's one unpaid
// month of ¥5,500 then does); the lowest values the policy accepts.
func (w *world) oneMonthThreshold() {
	w.t.Helper()
	var err error
	w.svc.Policy, err = ledger.ParsePolicy([]byte(`{"minimum_wages":[{"region":"110000","from":"2025-09-01","source":"京人社 2025","monthly":"2540.00"}],
		"params":[{"region":"110000","from":"2020-01-01","source":"test","values":{"blacklist.one_worker.months":1,"blacklist.one_worker.amount":"5000.00"}}]}`))
	if err != nil {
		w.t.Fatal(err)
	}
}

// proposeOn orders payment on the project's wages_unpaid alert, lets the
// order lapse unpaid, escalates the alert as the inspector and proposes its
// employer for the list, under a threshold the unpaid month reaches; it
// returns the proposal.
func (w *world) proposeOn(project, inspector string) map[string]any {
	w.t.Helper()
	w.oneMonthThreshold()
	alert, _ := w.lapsedOrderOn(project, inspector)
	w.must(200, "POST", "/api/v1/alerts/"+alert+"/actions", w.keys[inspector], map[string]string{"action": "escalate", "note": "逾期仍未支付"})
	return w.must(201, "POST", "/api/v1/blacklist/proposals", w.keys[inspector], map[string]any{"project_id": project, "alert_id": alert,
		"reason":              "限期支付令逾期未履行，拖欠工资达到数额较大标准",
		"responsible_persons": []map[string]string{{"name": "王五", "role": "legal_representative", "id_number": "11010519491231002X"}}}).json(w.t)
}

// listOn proposes the project's employer as proposeOn does and lists it
// today: notice, the unit's reply, the decision. It returns the proposal's ID.
func (w *world) listOn(project, inspector string) string {
	w.t.Helper()
	id := w.proposeOn(project, inspector)["id"].(string)
	w.act(200, id, inspector, map[string]any{"action": "notify", "on": w.today(), "text": "告知"})
	w.act(200, id, inspector, map[string]any{"action": "reply", "on": w.today(), "text": "无异议"})
	w.act(200, id, inspector, map[string]any{"action": "list", "text": "列入"})
	return id
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
	clockedWorlds(t, func(t *testing.T, w *world) {
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
		// API.md's POST /blacklist is the same proposal: it answers with the
		// unit's open one, refuses a contractor and, unlike the public GET,
		// wants a key.
		body := map[string]any{"project_id": w.p2, "alert_id": alert, "reason": "again"}
		if viaList := w.must(200, "POST", "/api/v1/blacklist", w.keys["city"], body).json(t); viaList["id"] != id {
			t.Fatalf("POST /blacklist opened %v beside the unit's proposal %s", viaList["id"], id)
		}
		w.must(403, "POST", "/api/v1/blacklist", w.keys["gc1"], body)
		w.must(401, "POST", "/api/v1/blacklist", "", body)
		// The district does not see p2: it cannot propose there nor act on the proposal.
		w.must(422, "POST", "/api/v1/blacklist/proposals", w.keys["district"], map[string]any{"project_id": w.p2, "alert_id": alert, "reason": "x"})
		w.must(404, "POST", "/api/v1/blacklist/proposals/"+id+"/actions", w.keys["district"], map[string]any{"action": "notify", "on": w.today(), "text": "x"})
		w.must(403, "POST", "/api/v1/blacklist/proposals", w.keys["gc1"], map[string]any{"project_id": w.p1, "alert_id": alert, "reason": "x"})
		// Not a candidate: an alert nobody escalated.
		other := w.alertOf(w.p1, ledger.RuleWagesUnpaid)
		if r := w.must(422, "POST", "/api/v1/blacklist/proposals", w.keys["district"], map[string]any{"project_id": w.p1, "alert_id": other, "reason": "x"}); !strings.Contains(string(r.Body), "alert_id") {
			t.Fatalf("a proposal without a candidate: %s", r.Body)
		}

		w.act(409, id, "city", map[string]any{"action": "list", "text": "列入"})
		n := w.act(200, id, "city", map[string]any{"action": "notify", "on": w.today(), "text": "拟列入失信联合惩戒对象名单告知书"})
		if n["status"] != "notified" || n["notice"].(map[string]any)["reply_by"] == nil {
			t.Fatalf("notified: %v", n)
		}
		audits := w.count("audit_log") + w.count("audit_queue")
		w.act(200, id, "city", map[string]any{"action": "notify", "on": w.today(), "text": "拟列入失信联合惩戒对象名单告知书"})
		if got := w.count("audit_log") + w.count("audit_queue"); got != audits {
			t.Errorf("the same notice again wrote %d audit records", got-audits)
		}
		if r := w.act(409, id, "city", map[string]any{"action": "list", "text": "列入"}); !strings.Contains(r["detail"].(string), n["notice"].(map[string]any)["reply_by"].(string)) {
			t.Fatalf("listing inside the reply period: %v", r)
		}
		w.act(200, id, "city", map[string]any{"action": "reply", "on": w.today(), "text": "我司资金困难，请求宽限"})
		l := w.act(200, id, "city", map[string]any{"action": "list", "text": "陈述申辩理由不成立，决定列入"})
		end := ledger.ListingEnd(mustDate(t, w.today()), 3).String()
		if l["status"] != "listed" || l["start_on"] != w.today() || l["end_on"] != end || l["reply"].(map[string]any)["text"] != "我司资金困难，请求宽限" ||
			l["decision"].(map[string]any)["reasons"] != "陈述申辩理由不成立，决定列入" {
			t.Fatalf("listed: %v", l)
		}
		r := w.act(409, id, "city", map[string]any{"action": "remove", "text": "已整改", "corrected_on": w.today(), "pledge_on": w.today()})
		if !strings.Contains(fmt.Sprint(r), "too_soon") || !strings.Contains(fmt.Sprint(r), "violation_recent") {
			t.Fatalf("early removal the day it was listed (and weeks after the arrears were found): %v", r)
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
		if e["start_on"] != w.today() || e["end_on"] != end || e["uscc"] == "" || e["responsible_persons"].([]any)[0].(map[string]any)["name"] != "王五" {
			t.Fatalf("public entry: %v", e)
		}
		for _, secret := range []string{"1101**********002X", "11010519491231002X", "资金困难", "数额较大", "id_masked", "reason", w.enr2} {
			if strings.Contains(string(pub.Body), secret) {
				t.Errorf("the public list shows %q: %s", secret, pub.Body)
			}
		}
		c := w.must(200, "GET", "/api/v1/blacklist?format=csv", "", nil)
		rows, err := csv.NewReader(strings.NewReader(string(c.Body))).ReadAll()
		if err != nil || len(rows) != 2 || rows[0][0] != "单位名称" || rows[1][2] != "王五（法定代表人）" || rows[1][3] != w.today() {
			t.Fatalf("csv: %v %q", err, c.Body)
		}
		// Accept: text/csv asks for the same file; ?format= wins when given.
		byHeader := w.must(200, "GET", "/api/v1/blacklist", "", nil, "Accept", "text/csv")
		if ct := byHeader.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || string(byHeader.Body) != string(c.Body) {
			t.Fatalf("Accept: text/csv gave %s: %q, want the CSV %q", ct, byHeader.Body, c.Body)
		}
		if j := w.must(200, "GET", "/api/v1/blacklist?format=json", "", nil, "Accept", "text/csv").json(t); len(j["items"].([]any)) != 1 {
			t.Fatalf("?format=json with Accept: text/csv: %v", j)
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
	clockedWorlds(t, func(t *testing.T, w *world) {
		db := w.db
		w.runCheck(w.admin)
		w.listOn(w.p2, "city")
		if err := db.ExecRaw(t.Context(), `UPDATE organizations SET name = ? WHERE id = ?`, "=HYPERLINK(\"http://x\")", w.gc2); err != nil {
			t.Fatal(err)
		}
		code := w.must(200, "GET", "/api/v1/organizations/"+w.gc2, w.admin, nil).str(t, "uscc")
		c := w.must(200, "GET", "/api/v1/blacklist?format=csv", "", nil)
		rows, err := csv.NewReader(strings.NewReader(string(c.Body))).ReadAll()
		if err != nil || len(rows) == 0 {
			t.Fatalf("csv: %v %q", err, c.Body)
		}
		// The list is nationwide: on a shared database it holds every
		// test's listings, so this test reads the rows of its own unit (by
		// its credit code), and no cell of any row may start a formula.
		var own [][]string
		for _, r := range rows[1:] {
			if r[1] == code {
				own = append(own, r)
			}
			for _, cell := range r {
				if strings.HasPrefix(cell, "=") {
					t.Errorf("a cell runs as a formula: %q", r)
				}
			}
		}
		if len(own) != 1 || own[0][0] != ledger.NeutraliseCell("=HYPERLINK(\"http://x\")") {
			t.Fatalf("csv: own rows %q of %q", own, c.Body)
		}
	})
}

// A listed general contractor's guarantee for a contract signed while it is
// listed is raised by the policy's blacklist raise, and its small contract is
// not exempt, saying why; a contract signed the day before the listing is
// sized as before. The dishonesty list is now read, so no sizing names it as
// unavailable.
func TestListedContractorGuarantee(t *testing.T) {
	clockedWorlds(t, func(t *testing.T, w *world) {
		w.runCheck(w.admin)
		id := w.proposeOn(w.p2, "city")["id"].(string)
		project := func(started string, amount string) string {
			body := projectBody("BL-"+itoa(nextSeq()), "310115", w.owner, w.gc2, w.bank2)
			body["started_on"], body["contract_amount"] = started, amount
			return w.must(201, "POST", "/api/v1/projects", w.admin, body).str(t, "id")
		}
		yesterday := mustDate(t, w.today()).AddDays(-1).String()
		before, small, large := project(yesterday, "2000000.00"), project(w.today(), "2000000.00"), project(w.today(), "12000000.00")
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
		w.act(200, id, "city", map[string]any{"action": "notify", "on": w.today(), "text": "告知"})
		w.act(200, id, "city", map[string]any{"action": "reply", "on": w.today(), "text": "无异议"})
		w.act(200, id, "city", map[string]any{"action": "list", "text": "列入"})

		req, s := steps(large)
		// Listed, the rate is twice the base (the contractor's lapsed order
		// raised it less before: the listing's raise replaces that one).
		if s["blacklist_raise/100%"] == "" || ledger.MustMoney(req) != 2*ledger.MustMoney(s["base/1%"]) || ledger.MustMoney(req) <= ledger.MustMoney(reqLarge) {
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

// Order No. 45's precondition through the API: a unit with no order to pay
// lapsed unpaid is not proposed (409 naming order); one whose lapsed order
// leaves less than the criminal threshold is not listed on that ground (409
// naming ground), and is listed when the inspector records a mass incident.
func TestBlacklistNeedsOrder45Ground(t *testing.T) {
	clockedWorlds(t, func(t *testing.T, w *world) {
		w.runCheck(w.admin)
		alert := w.alertOf(w.p2, ledger.RuleWagesUnpaid)
		ord := w.must(201, "POST", "/api/v1/alerts/"+alert+"/orders", w.keys["city"], map[string]any{"note": "责令限期支付"}).str(t, "id")
		w.must(200, "POST", "/api/v1/alerts/"+alert+"/actions", w.keys["city"], map[string]string{"action": "escalate", "note": "逾期仍未支付"})
		body := map[string]any{"project_id": w.p2, "alert_id": alert, "reason": "拖欠工资",
			"responsible_persons": []map[string]string{{"name": "王五", "role": "principal"}}}
		// Escalated, its order to pay still running: not yet.
		if r := w.must(409, "POST", "/api/v1/blacklist/proposals", w.keys["city"], body).json(t); !strings.Contains(fmt.Sprint(r["errors"]), "order") {
			t.Fatalf("a proposal before the order lapsed: %v", r)
		}
		// The order lapses unpaid: one month of ¥5,500, below the national threshold of three months.
		if _, lapsed := w.lapsedOrderOn(w.p2, "city"); lapsed != ord {
			t.Fatalf("the order that lapsed is %s, not %s", lapsed, ord)
		}
		id := w.must(201, "POST", "/api/v1/blacklist/proposals", w.keys["city"], body).str(t, "id")
		w.act(200, id, "city", map[string]any{"action": "notify", "on": w.today(), "text": "告知"})
		w.act(200, id, "city", map[string]any{"action": "reply", "on": w.today(), "text": "无异议"})
		r := w.act(409, id, "city", map[string]any{"action": "list", "text": "列入"})
		if fmt.Sprint(r["errors"]) == "" || !strings.Contains(fmt.Sprint(r["errors"]), "ground") {
			t.Fatalf("listed below the threshold: %v", r)
		}
		w.act(422, id, "city", map[string]any{"action": "list", "text": "列入", "ground": "riot"})
		persons := []map[string]string{{"name": "王五", "role": "principal"}, {"name": "孙八", "role": "directly_responsible"}}
		l := w.act(200, id, "city", map[string]any{"action": "list", "text": "欠薪引发群体性事件，决定列入", "ground": "mass_incident", "responsible_persons": persons})
		if l["status"] != "listed" || l["decision"].(map[string]any)["ground"] != "mass_incident" || l["responsible_persons"].([]any)[0].(map[string]any)["role"] != "principal" {
			t.Fatalf("listed on a mass incident, naming the principal: %v", l)
		}
		// The decision's audit record keeps the persons before and after, and the ground.
		listed := ""
		for _, it := range w.must(200, "GET", "/api/v1/audit?subject="+id+"&limit=100", w.keys["city"], nil).json(t)["items"].([]any) {
			if m := it.(map[string]any); m["action"] == "blacklist.list" {
				listed = fmt.Sprint(m["detail"])
			}
		}
		if !strings.Contains(listed, "persons before: 王五 principal person in charge)") || !strings.Contains(listed, "孙八 person directly responsible") ||
			!strings.Contains(listed, "ground: arrears causing a mass incident") {
			t.Fatalf("the listing's audit record: %q", listed)
		}
		// The same decision with other persons is not the same decision.
		w.act(409, id, "city", map[string]any{"action": "list", "text": "欠薪引发群体性事件，决定列入", "ground": "mass_incident",
			"responsible_persons": []map[string]string{{"name": "赵六", "role": "legal_representative"}}})
		// A step the status does not allow says so in Chinese, the status and the step named in words.
		r = w.do("POST", "/api/v1/blacklist/proposals/"+id+"/actions", w.keys["city"], map[string]any{"action": "reply", "on": w.today(), "text": "x"}, "Accept-Language", "zh").json(t)
		if d := r["detail"].(string); !strings.Contains(d, "已列入") || !strings.Contains(d, "陈述申辩") || strings.Contains(d, "listed") {
			t.Fatalf("the refusal in Chinese: %v", r)
		}
	})
}

// An order to pay that lapsed unpaid makes its employer a candidate on the
// first night the criminal threshold is reached, with nothing escalated:
// once, though both the check's rule and the order's lapse name it (one
// candidacy per lapse). The order lapses as it does in service, so the
// night of the lapse, under the national threshold, proposes nobody.
func TestBlacklistCandidateFromALapsedOrder(t *testing.T) {
	clockedWorlds(t, func(t *testing.T, w *world) {
		w.runCheck(w.admin)
		alert, ord := w.lapsedOrderOn(w.p2, "city")
		if got := w.must(200, "GET", "/api/v1/blacklist/candidates", w.keys["city"], nil).json(t)["items"].([]any); len(got) != 0 {
			t.Fatalf("candidates under the national threshold: %v", got)
		}
		w.oneMonthThreshold()
		w.runCheck(w.admin)
		got := w.must(200, "GET", "/api/v1/blacklist/candidates", w.keys["city"], nil).json(t)["items"].([]any)
		if len(got) != 1 || got[0].(map[string]any)["employer_id"] != w.gc2 {
			t.Fatalf("candidates after the night: %v", got)
		}
		ps := got[0].(map[string]any)["proposals"].([]any)
		p := ps[0].(map[string]any)
		if len(ps) != 1 || p["amount"] != "5500.00" || !strings.Contains(fmt.Sprint(p["reason"]), "lapsed") {
			t.Fatalf("the lapsed order's candidacy: %v", ps)
		}
		if o := w.must(200, "GET", "/api/v1/orders/"+ord, w.keys["city"], nil).json(t); o["status"] != "lapsed" {
			t.Fatalf("the order: %v", o)
		}
		// It is proposed as any candidate is.
		w.must(201, "POST", "/api/v1/blacklist/proposals", w.keys["city"], map[string]any{"project_id": w.p2, "alert_id": alert, "reason": "逾期未支付",
			"responsible_persons": []map[string]string{{"name": "王五", "role": "legal_representative"}}})
	})
}

// The same general contractor builds in two regions: the district, which
// does not see the city's proposal on the other project, gets a bare 409 when
// it proposes the unit, nothing of the proposal in it.
func TestProposeOutOfRegionSaysNothing(t *testing.T) {
	clockedWorlds(t, func(t *testing.T, w *world) {
		w.runCheck(w.admin)
		p := w.proposeOn(w.p2, "city")
		body := projectBody("CY-"+itoa(nextSeq()), w.rg("110105"), w.owner, w.gc2, w.bank1)
		body["started_on"] = "2025-01-02" // no guarantee since: guarantee_missing names the GC
		p3 := w.must(201, "POST", "/api/v1/projects", w.admin, body).str(t, "id")
		w.runCheck(w.admin)
		alert := w.alertOf(p3, ledger.RuleGuaranteeMissing)
		w.must(200, "POST", "/api/v1/alerts/"+alert+"/actions", w.keys["district"], map[string]string{"action": "escalate", "note": "未存储保证金"})
		r := w.must(409, "POST", "/api/v1/blacklist/proposals", w.keys["district"], map[string]any{"project_id": p3, "alert_id": alert, "reason": "x"})
		for _, leak := range []string{p["id"].(string), w.p2, "数额较大", "王五", "proposed"} {
			if strings.Contains(string(r.Body), leak) {
				t.Errorf("the refusal shows %q: %s", leak, r.Body)
			}
		}
		// The city sees both projects: it gets its proposal back.
		if again := w.must(200, "POST", "/api/v1/blacklist/proposals", w.keys["city"], map[string]any{"project_id": p3, "alert_id": alert, "reason": "x"}).json(t); again["id"] != p["id"] {
			t.Fatalf("the city's second proposal: %v", again)
		}
	})
}

// Early removal counts the wages owed past their pay day: a payroll not yet
// due on another project of the unit does not block it, the month paid
// late does until the bank confirms it.
func TestRemovalCountsOnlyOverdueWages(t *testing.T) {
	clockedWorlds(t, func(t *testing.T, w *world) {
		w.runCheck(w.admin)
		id := w.listOn(w.p2, "city")
		blocks := func() string {
			r := w.act(409, id, "city", map[string]any{"action": "remove", "text": "已整改", "corrected_on": w.today(), "pledge_on": w.today()})
			var codes []string
			for _, f := range r["errors"].([]any) {
				codes = append(codes, f.(map[string]any)["code"].(string))
			}
			return strings.Join(codes, ",")
		}
		// (The arrears found weeks ago are a violation within six months.)
		if got := blocks(); got != "wages_owed,too_soon,violation_recent" {
			t.Fatalf("blocks with October unpaid: %s", got)
		}
		w.must(200, "POST", "/api/v1/bank/confirmations", w.keys["bank2"], map[string]any{"items": []any{paidOn(w.ins2, "5500.00", "RB-"+itoa(nextSeq()), w.today())}})
		// This month's wages on another project, due next month.
		body := projectBody("HD-"+itoa(nextSeq()), "110108", w.owner, w.gc2, w.bank2)
		body["pay_day"], body["pay_rule"] = 28, map[string]any{"month": "next"}
		p3 := w.must(201, "POST", "/api/v1/projects", w.admin, body).str(t, "id")
		enr := w.enrol(p3, w.admin, workerBody(nextSeq(), w.gc2, w.bank2))
		pay := w.must(201, "POST", "/api/v1/projects/"+p3+"/payrolls", w.admin, payrollBody(w.gc2, mustDate(t, w.today()).Period().String(), p3, w.env, enr)).str(t, "id")
		w.must(200, "POST", "/api/v1/payrolls/"+pay+"/approve", w.keys["gc2"], nil)
		if got := blocks(); got != "too_soon,violation_recent" {
			t.Fatalf("blocks with only wages not yet due: %s", got)
		}
	})
}

// The public list needs no key, so one address is held to its minute's
// requests: the one past them is 429 with Retry-After.
func TestPublicBlacklistIsRateLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for i := range httpapi.DefaultPublicListPerMinute {
			if r := e.do("GET", "/api/v1/blacklist", "", nil); r.Status != 200 {
				t.Fatalf("request %d: %d", i+1, r.Status)
			}
		}
		r := e.do("GET", "/api/v1/blacklist?format=csv", "", nil)
		if r.Status != 429 || r.Header.Get("Retry-After") == "" {
			t.Fatalf("past the limit: %d %v", r.Status, r.Header)
		}
	})
}
