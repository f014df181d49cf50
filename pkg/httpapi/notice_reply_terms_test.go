package httpapi_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// TestANoticeCountsItsReplyOnThePolicyOfItsServedDay: a notice recorded
// days after it was served counts the unit's reply period with the policy
// in force on the served day, as the recount on a newer calendar does
// (service.RecomputeDeadlines): counted on the day it was recorded, a
// policy change in between made the recount move it.
func TestANoticeCountsItsReplyOnThePolicyOfItsServedDay(t *testing.T) {
	// A database of its own on the Citus cluster: the recount, under the test's policy, is of every notice of its database.
	clockedOwnWorlds(t, func(t *testing.T, w *world) {
		clock := w.clock
		w.runCheck(w.admin)
		proposal := w.proposeOn(w.p1, "district")["id"].(string)
		served := ledger.DateOf(clock.Now())
		clock.Advance(3 * 24 * time.Hour)
		p, err := ledger.ParsePolicy(fmt.Appendf(nil, `{"params":[{"region":"national","from":"%s","source":"test","values":{"blacklist.reply.working_days":15}}]}`, served.AddDays(2)))
		if err != nil {
			t.Fatal(err)
		}
		w.svc.Policy = p
		n := w.act(200, proposal, "district", map[string]any{"action": "notify", "on": served.String(), "text": "告知"})["notice"].(map[string]any)
		if want := p.Calendar().AddWorkingDays(served, 5); n["reply_by"] != want.String() {
			t.Errorf("the notice served on %s: reply by %v, want %s (5 working days, the policy then)", served, n["reply_by"], want)
		}
		if moved, err := w.svc.RecomputeDeadlines(service.WithCaller(t.Context(), service.System)); err != nil || moved != 0 {
			t.Errorf("counted again: %d moved, %v", moved, err)
		}
	})
}
