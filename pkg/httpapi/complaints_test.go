package httpapi_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// complaintOn files a complaint for the project's worker as the inspector
// named in the world's keys.
func (w *world) complaintOn(project, inspector string) string {
	w.t.Helper()
	enr := w.enr1
	if project == w.p2 {
		enr = w.enr2
	}
	return w.must(201, "POST", "/api/v1/complaints", w.keys[inspector], map[string]any{"project_id": project, "enrolment_id": enr, "consent": true,
		"summary": "十月工资未发 " + itoa(nextSeq()), "periods": []string{"2026-10"}, "workers": 3, "amount_claimed": "16500.00"}).str(w.t, "id")
}

// TestComplaintsPerRole: an inspector enters a complaint with consent; it
// is matched to the open alerts and the worker's unpaid month; the general
// contractor sees it without the complainant; a subcontractor, a bank and
// another region do not know it exists; only the region's inspectors act on
// it, through a state machine that refuses illegal steps with 409.
func TestComplaintsPerRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.runCheck(w.admin)
		body := map[string]any{"project_id": w.p1, "enrolment_id": w.enr1, "complainant_name": "王五", "consent": false, "summary": "十月工资未发",
			"periods": []string{"2026-10"}, "workers": 3, "amount_claimed": "16500.00"}
		if r := w.must(422, "POST", "/api/v1/complaints", w.keys["district"], body); !strings.Contains(strings.Join(errorsOf(t, r), " "), "consent") {
			t.Fatalf("without consent: %s", r.Body)
		}
		body["consent"] = true
		body["project_id"] = w.p2 // not the district's
		w.must(422, "POST", "/api/v1/complaints", w.keys["district"], body)
		body["project_id"] = w.p1
		w.must(403, "POST", "/api/v1/complaints", w.keys["gc1"], body)
		w.must(403, "POST", "/api/v1/complaints", w.admin, body)
		c := w.must(201, "POST", "/api/v1/complaints", w.keys["district"], body).json(t)
		id := c["id"].(string)
		if c["status"] != "received" || c["amount_claimed"] != "16500.00" || c["complainant"].(map[string]any)["name"] != "王五" || c["overdue"] != false {
			t.Fatalf("filed: %v", c)
		}
		if m := c["matched_alerts"].([]any); len(m) == 0 || m[0].(map[string]any)["rule"] != "wages_unpaid" {
			t.Fatalf("matched alerts: %v", c["matched_alerts"])
		}
		if u := c["unpaid_months"].([]any); len(u) != 1 || u[0].(map[string]any)["period"] != "2026-10" {
			t.Fatalf("unpaid months: %v", c["unpaid_months"])
		}
		// The general contractor sees it, redacted; nobody else of the employers does.
		gc := w.must(200, "GET", "/api/v1/complaints/"+id, w.keys["gc1"], nil)
		if g := gc.json(t); g["redacted"] != true || g["complainant"] != nil || g["summary"] != nil || g["unpaid_months"] != nil ||
			strings.Contains(string(gc.Body), w.enr1) || strings.Contains(string(gc.Body), "王五") {
			t.Fatalf("the GC's view: %s", gc.Body)
		}
		// Nor anything else that can name the complainant: how many workers,
		// what they claim, how it was filed; what it acts on stays.
		if g := gc.json(t); g["workers"] != nil || g["amount_claimed"] != nil || g["source"] != nil || g["consent"] != nil ||
			strings.Contains(string(gc.Body), "16500") || len(g["matched_alerts"].([]any)) == 0 || g["matched_orders"] == nil ||
			g["periods"].([]any)[0] != "2026-10" || g["project_id"] != w.p1 {
			t.Fatalf("the GC's view shows what can name the complainant, or lacks what it acts on: %s", gc.Body)
		}
		for _, who := range []string{"sub1", "bank1", "gc2", "bank2"} {
			w.must(404, "GET", "/api/v1/complaints/"+id, w.keys[who], nil)
			if n := len(w.must(200, "GET", "/api/v1/complaints", w.keys[who], nil).json(t)["items"].([]any)); n != 0 {
				t.Errorf("%s lists %d complaints", who, n)
			}
		}
		list := w.must(200, "GET", "/api/v1/complaints", w.keys["gc1"], nil)
		if strings.Contains(string(list.Body), "王五") || strings.Contains(string(list.Body), "16500") || strings.Contains(string(list.Body), `"workers"`) ||
			len(list.json(t)["items"].([]any)) != 1 {
			t.Fatalf("the GC's list: %s", list.Body)
		}
		w.must(200, "GET", "/api/v1/complaints/"+id, w.keys["city"], nil)
		// Actions: only the region's inspectors.
		accept := map[string]string{"action": "accept"}
		w.must(403, "POST", "/api/v1/complaints/"+id+"/actions", w.keys["gc1"], accept)
		w.must(404, "POST", "/api/v1/complaints/"+id+"/actions", w.keys["sub1"], accept)
		w.must(403, "POST", "/api/v1/complaints/"+id+"/actions", w.admin, accept)
		w.must(409, "POST", "/api/v1/complaints/"+id+"/actions", w.keys["district"], map[string]string{"action": "conclude", "note": "x"})
		a := w.must(200, "POST", "/api/v1/complaints/"+id+"/actions", w.keys["district"], accept).json(t)
		if a["status"] != "accepted" || a["conclude_by"] == nil || a["next_deadline"] != a["conclude_by"] {
			t.Fatalf("accepted: %v", a)
		}
		w.must(409, "POST", "/api/v1/complaints/"+id+"/actions", w.keys["city"], accept)
		w.must(422, "POST", "/api/v1/complaints/"+id+"/actions", w.keys["district"], map[string]string{"action": "extend"})
		ext := w.must(200, "POST", "/api/v1/complaints/"+id+"/actions", w.keys["district"], map[string]string{"action": "extend", "note": "需调取银行流水"}).json(t)
		if ext["extended"] != true || ext["conclude_by"] == a["conclude_by"] {
			t.Fatalf("extended: %v", ext)
		}
		w.must(409, "POST", "/api/v1/complaints/"+id+"/actions", w.keys["district"], map[string]string{"action": "extend", "note": "again"})
		done := w.must(200, "POST", "/api/v1/complaints/"+id+"/actions", w.keys["city"], map[string]string{"action": "conclude", "note": "已责令限期支付"}).json(t)
		if done["status"] != "concluded" || done["next_deadline"] != nil {
			t.Fatalf("concluded: %v", done)
		}
		// The inspectors' notes are theirs: the GC reads the status and dates.
		gc = w.must(200, "GET", "/api/v1/complaints/"+id, w.keys["gc1"], nil)
		if g := gc.json(t); g["status"] != "concluded" || g["extended"] != true || strings.Contains(string(gc.Body), "银行流水") || strings.Contains(string(gc.Body), "已责令") {
			t.Fatalf("the GC's view of the concluded complaint: %s", gc.Body)
		}
		audit := string(w.must(200, "GET", "/api/v1/audit?subject="+id, w.admin, nil).Body)
		for _, a := range []string{"complaint.file", "complaint.accept", "complaint.extend", "complaint.conclude"} {
			if !strings.Contains(audit, a) {
				t.Errorf("audit lacks %s", a)
			}
		}
		if strings.Contains(audit, "王五") {
			t.Error("the audit trail names the complainant")
		}
	})
}

// TestComplaintsOverdue: a complaint past its acceptance deadline is flagged
// and found with ?overdue=true.
func TestComplaintsOverdue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		late, fresh := w.complaintOn(w.p1, "district"), w.complaintOn(w.p1, "district")
		if err := db.ExecRaw(t.Context(), "UPDATE complaints SET received_on = ?, accept_by = ? WHERE id = ?", "2026-01-05", "2026-01-12", late); err != nil {
			t.Fatal(err)
		}
		items := w.must(200, "GET", "/api/v1/complaints?overdue=true", w.keys["district"], nil).json(t)["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["id"] != late || items[0].(map[string]any)["overdue"] != true {
			t.Fatalf("overdue: %v", items)
		}
		if c := w.must(200, "GET", "/api/v1/complaints/"+fresh, w.keys["district"], nil).json(t); c["overdue"] != false {
			t.Fatalf("fresh: %v", c)
		}
		w.must(422, "GET", "/api/v1/complaints?status=closed", w.keys["district"], nil)
	})
}

// The overdue filter is the query's, not a filter of the page it read: of
// 101 complaints the one overdue, past the first page of 100, is listed on
// the first page of overdue complaints.
func TestOverdueComplaintsPastTheFirstPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		var ids []string
		for range 101 {
			ids = append(ids, w.complaintOn(w.p1, "district"))
		}
		sort.Strings(ids)
		last := ids[len(ids)-1]
		if err := db.ExecRaw(t.Context(), `UPDATE complaints SET accept_by = ? WHERE id = ?`, mustDate(t, today()).AddDays(-10), last); err != nil {
			t.Fatal(err)
		}
		got := w.must(200, "GET", "/api/v1/complaints?overdue=true", w.keys["district"], nil).json(t)["items"].([]any)
		if len(got) != 1 || got[0].(map[string]any)["id"] != last {
			t.Fatalf("overdue complaints: %d, want %s", len(got), last)
		}
	})
}

// TestComplaintExtensionReplayed: an inspector's extension sent again with
// the same Idempotency-Key answers the first answer (even once a new
// extension would be refused), sent again without a key is a 409 that moves
// nothing, and an extension after the deadline to conclude lapsed is a 409
// that leaves the complaint overdue on its lapsed deadline.
func TestComplaintExtensionReplayed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		act := func(id string) string { return "/api/v1/complaints/" + id + "/actions" }
		extend := map[string]string{"action": "extend", "note": "需调取银行流水"}
		id := w.complaintOn(w.p1, "district")
		a := w.must(200, "POST", act(id), w.keys["district"], map[string]string{"action": "accept"}).json(t)
		first := w.must(200, "POST", act(id), w.keys["district"], extend, "Idempotency-Key", "extend-1")
		ext := first.json(t)
		if ext["extended"] != true || ext["conclude_by"] == a["conclude_by"] {
			t.Fatalf("extended: %v", ext)
		}
		again := w.must(200, "POST", act(id), w.keys["district"], extend, "Idempotency-Key", "extend-1")
		if again.Header.Get("Idempotency-Hit") != "true" || string(again.Body) != string(first.Body) {
			t.Fatalf("the replay: %s %s, want the first answer %s", again.Header.Get("Idempotency-Hit"), again.Body, first.Body)
		}
		w.must(409, "POST", act(id), w.keys["district"], extend)
		w.must(409, "POST", act(id), w.keys["district"], extend, "Idempotency-Key", "extend-2")
		if g := w.must(200, "GET", "/api/v1/complaints/"+id, w.keys["district"], nil).json(t); g["conclude_by"] != ext["conclude_by"] {
			t.Fatalf("after the repeats: conclude by %v, want %v", g["conclude_by"], ext["conclude_by"])
		}
		// Weeks later, the extended deadline lapsed too: the same key still
		// answers what it answered.
		if err := db.ExecRaw(t.Context(), "UPDATE complaints SET conclude_by = ? WHERE id = ?", mustDate(t, today()).AddDays(-3), id); err != nil {
			t.Fatal(err)
		}
		if late := w.must(200, "POST", act(id), w.keys["district"], extend, "Idempotency-Key", "extend-1"); string(late.Body) != string(first.Body) {
			t.Fatalf("the late replay: %s", late.Body)
		}

		// A complaint whose 60 working days lapsed unanswered is not
		// extended afterwards: it stays overdue on the deadline it missed.
		lapsed := w.complaintOn(w.p1, "district")
		w.must(200, "POST", act(lapsed), w.keys["district"], map[string]string{"action": "accept"})
		missed := mustDate(t, today()).AddDays(-1)
		if err := db.ExecRaw(t.Context(), "UPDATE complaints SET conclude_by = ? WHERE id = ?", missed, lapsed); err != nil {
			t.Fatal(err)
		}
		refused := w.must(409, "POST", act(lapsed), w.keys["district"], extend, "Idempotency-Key", "extend-late")
		if !strings.Contains(string(refused.Body), missed.String()) {
			t.Errorf("the refusal does not name the lapsed deadline: %s", refused.Body)
		}
		if g := w.must(200, "GET", "/api/v1/complaints/"+lapsed, w.keys["district"], nil).json(t); g["conclude_by"] != missed.String() || g["overdue"] != true || g["extended"] != false {
			t.Fatalf("after the late extension: %v", g)
		}
		w.must(200, "POST", act(lapsed), w.keys["district"], map[string]string{"action": "conclude", "note": "已责令限期支付"})
	})
}
