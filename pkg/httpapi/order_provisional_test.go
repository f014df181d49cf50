package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// TestOrderAndReplyDeadlinesAcrossTheYear: on a calendar without the next
// year's holiday notice (the test's own), an order to pay issued on the
// next 28 December with the policy's default deadline, and a blacklist
// notice served that day, count into the next year: the API marks the
// deadline and the reply-by date provisional. Once a (made-up) notice for
// that year taking 1-4 January off is
// loaded while the server runs, the next nightly run counts both again,
// each audited once, no longer provisional; counting again moves nothing.
// An order whose date the inspector gave is left as it was. The alert's
// history says, once, that its deadline moved with the order's, from what
// to what, to its inspector and to the contractor alike.
func TestOrderAndReplyDeadlinesAcrossTheYear(t *testing.T) {
	// A database of its own on the Citus cluster: the recount, under the test's calendar, is of every order and notice of its database.
	clockedOwnWorlds(t, func(t *testing.T, w *world) {
		clock := w.clock
		// The next 28 December on the test's clock, so that the test
		// keeps running after 2026's: its year's calendar without the
		// following year's notice is the test's own.
		year := clock.Now().Year()
		if !ledger.DateOf(clock.Now()).Before(ledger.NewDate(year, 12, 28)) {
			year++
		}
		next := year + 1
		old := ledger.CalendarBefore(next)
		w.svc.Calendar = old
		w.runCheck(w.admin)
		proposal := w.proposeOn(w.p1, "district")["id"].(string) // its order lapsed before, on a date the inspector gave

		issued := ledger.NewDate(year, 12, 28)
		clock.Advance(issued.Time().Sub(ledger.DateOf(clock.Now()).Time()))
		w.must(201, "POST", "/api/v1/checks", w.keys["city"], map[string]string{"as_of": issued.AddDays(-1).String()})
		ord := w.must(201, "POST", "/api/v1/alerts/"+w.alertOf(w.p2, ledger.RuleWagesUnpaid)+"/orders", w.keys["city"], map[string]any{"note": "责令限期支付"}).json(t)
		deadline := mustDate(t, ord["deadline"].(string))
		if ord["deadline_provisional"] != true || deadline.Time().Year() != next {
			t.Fatalf("the order issued on 28 December: %v", ord)
		}
		n := w.act(200, proposal, "district", map[string]any{"action": "notify", "on": issued.String(), "text": "告知"})["notice"].(map[string]any)
		replyBy := mustDate(t, n["reply_by"].(string))
		if n["reply_by_provisional"] != true || replyBy.Time().Year() != next {
			t.Fatalf("the notice served on 28 December: %v", n)
		}
		for _, key := range []string{"city", "gc2"} {
			if l := w.must(200, "GET", "/api/v1/orders?alert_id="+ord["alert_id"].(string), w.keys[key], nil).json(t)["items"].([]any); len(l) != 1 || l[0].(map[string]any)["deadline_provisional"] != true {
				t.Errorf("%s's list: %v", key, l)
			}
		}

		loaded := ledger.CalendarBefore(next)
		loaded.AddNotice(ledger.Notice{Year: next, Source: "test: a made-up notice", DaysOff: [][2]string{{fmt.Sprintf("%d-01-01", next), fmt.Sprintf("%d-01-04", next)}}})
		w.svc.Calendar = loaded
		ctx := service.WithCaller(t.Context(), service.System)
		if _, err := w.svc.RunNightly(ctx); err != nil {
			t.Fatal(err)
		}
		o := w.must(200, "GET", "/api/v1/orders/"+ord["id"].(string), w.keys["city"], nil).json(t)
		if want := loaded.AddWorkingDays(issued, old.WorkingDaysBetween(issued, deadline)); o["deadline"] != want.String() || want == deadline || o["deadline_provisional"] != nil {
			t.Errorf("the order with the next year's notice loaded: %v, want the deadline %s", o, want)
		}
		// The nightly check reads the alert's deadline (the lapse that
		// raises its severity, the order that makes a blacklist
		// candidate): it moves with the order's.
		if a := w.must(200, "GET", "/api/v1/alerts/"+ord["alert_id"].(string), w.keys["city"], nil).json(t); a["deadline"] != o["deadline"] {
			t.Errorf("the alert's deadline %v after the order's was counted again to %v", a["deadline"], o["deadline"])
		}
		moved := w.deadlineMoved(ord["alert_id"].(string), "city", "gc2")
		if note, _ := moved["note"].(string); moved["actor"] != "system" || moved["on"] != issued.String() ||
			!strings.Contains(note, ord["id"].(string)) || !strings.Contains(note, deadline.String()) || !strings.Contains(note, o["deadline"].(string)) {
			t.Errorf("the alert's history entry for its deadline counted again from %s to %v: %v", deadline, o["deadline"], moved)
		}
		// The entries state the dates as fields too: the order's the
		// deadline it set, the move's the new date and the one before.
		if moved["deadline"] != o["deadline"] || moved["previous_deadline"] != deadline.String() {
			t.Errorf("the deadline_moved entry states deadline %v (before %v), want %v (before %s)", moved["deadline"], moved["previous_deadline"], o["deadline"], deadline)
		}
		for _, e := range w.must(200, "GET", "/api/v1/alerts/"+ord["alert_id"].(string), w.keys["gc2"], nil).json(t)["history"].([]any) {
			e := e.(map[string]any)
			want := map[string]any{"order_rectification": deadline.String(), "deadline_moved": o["deadline"]}[e["kind"].(string)]
			if e["deadline"] != want || (e["kind"] != "deadline_moved" && e["previous_deadline"] != nil) {
				t.Errorf("the %s entry states deadline %v (before %v), want %v", e["kind"], e["deadline"], e["previous_deadline"], want)
			}
		}
		p := w.must(200, "GET", "/api/v1/blacklist/proposals/"+proposal, w.keys["district"], nil).json(t)["notice"].(map[string]any)
		if want := loaded.AddWorkingDays(issued, old.WorkingDaysBetween(issued, replyBy)); p["reply_by"] != want.String() || want == replyBy || p["reply_by_provisional"] != nil {
			t.Errorf("the notice with the next year's notice loaded: %v, want reply by %s", p, want)
		}
		if moved, err := w.svc.RecomputeDeadlines(ctx); err != nil || moved != 0 {
			t.Errorf("counted again: %d moved, %v", moved, err)
		}
		w.deadlineMoved(ord["alert_id"].(string), "city")
		for subject, action := range map[string]string{ord["id"].(string): "order.deadline", ord["alert_id"].(string): "alert.deadline", proposal: "blacklist.reply_by"} {
			var audited []string
			if err := w.db.Select(t.Context(), &audited, `SELECT action FROM audit_queue WHERE subject = ? AND action = ? UNION ALL SELECT action FROM audit_log WHERE subject = ? AND action = ?`,
				subject, action, subject, action); err != nil {
				t.Fatal(err)
			}
			if len(audited) != 1 {
				t.Errorf("%s audited %d times", action, len(audited))
			}
		}
	})
}

// deadlineMoved is alert id's one deadline_moved history entry as each of
// the keys reads it (the same for all), failing the test unless there is
// exactly one.
func (w *world) deadlineMoved(id string, keys ...string) map[string]any {
	w.t.Helper()
	var first map[string]any
	for _, key := range keys {
		var moved []map[string]any
		for _, e := range w.must(200, "GET", "/api/v1/alerts/"+id, w.keys[key], nil).json(w.t)["history"].([]any) {
			if e := e.(map[string]any); e["kind"] == "deadline_moved" {
				moved = append(moved, e)
			}
		}
		if len(moved) != 1 {
			w.t.Fatalf("%s reads %d deadline_moved entries in the history of alert %s: %v", key, len(moved), id, moved)
		}
		if first == nil {
			first = moved[0]
		} else if fmt.Sprint(moved[0]) != fmt.Sprint(first) {
			w.t.Errorf("%s reads %v, %s %v", key, moved[0], keys[0], first)
		}
	}
	return first
}
