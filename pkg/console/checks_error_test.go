package console_test

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// The check runs page shows a failed run's error in the reader's language,
// never the stored message's JSON.
func TestCheckRunErrorInTheConsole(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		from, _ := ledger.ParseDate("2025-07-17")
		to, _ := ledger.ParseDate("2025-08-19")
		now := time.Now().UTC()
		run := &store.CheckRun{ID: "chk_zz_console", AsOf: from, Status: store.RunFailed, StartedBy: "system", StartedAt: now, FinishedAt: now,
			Error: ledger.M("nights %s to %s were not checked: the schedule catches up at most %d {night|nights}; check them with wageguard check --as-of", from, to, 31).Encode()}
		if err := f.db.WithTx(context.Background(), func(tx *store.Tx) error { return store.RecordCheckRun(tx, run) }); err != nil {
			t.Fatal(err)
		}
		body := html.UnescapeString(f.signIn("admin").get("/console/checks").body)
		if !strings.Contains(body, "2025-07-17 至 2025-08-19 的夜间检查未执行") || strings.Contains(body, `"key"`) || strings.Contains(body, "were not checked") {
			t.Errorf("the check runs page does not show the error in Chinese:\n%s", body)
		}
	})
}
