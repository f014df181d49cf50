package httpapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

func day(s string) ledger.Date {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// A failed check run's error is kept as a message and read in the reader's
// language (GET /checks, GET /checks/{id}); a run an older build stored with
// an English sentence still shows that sentence.
func TestCheckRunErrorInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		now := time.Now().UTC()
		skipped := ledger.M("nights %s to %s were not checked: the schedule catches up at most %d {night|nights}; check them with wageguard check --as-of",
			day("2025-07-17"), day("2025-08-19"), 1)
		runs := []*store.CheckRun{
			{ID: "chk_zz_skipped", AsOf: day("2025-07-17"), Status: store.RunFailed, StartedBy: "system", StartedAt: now, FinishedAt: now, Error: skipped.Encode()},
			{ID: "chk_zz_legacy", AsOf: day("2025-07-16"), Status: store.RunFailed, StartedBy: "system", StartedAt: now, FinishedAt: now, Error: "an old English error"},
		}
		if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
			for _, r := range runs {
				if err := store.RecordCheckRun(tx, r); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		errorOf := func(id, lang string) string {
			t.Helper()
			s, _ := w.must(200, "GET", "/api/v1/checks/"+id, w.admin, nil, "Accept-Language", lang).json(t)["error"].(string)
			return s
		}
		if zh := errorOf("chk_zz_skipped", "zh-CN"); !strings.Contains(zh, "2025-07-17 至 2025-08-19 的夜间检查未执行") || strings.Contains(zh, "nights") || strings.Contains(zh, "key") {
			t.Errorf("Chinese error: %q", zh)
		}
		if en := errorOf("chk_zz_skipped", "en"); en != "nights 2025-07-17 to 2025-08-19 were not checked: the schedule catches up at most 1 night; check them with wageguard check --as-of" {
			t.Errorf("English error: %q", en)
		}
		if old := errorOf("chk_zz_legacy", "zh-CN"); old != "an old English error" {
			t.Errorf("a run stored in English reads %q", old)
		}
		for _, it := range w.must(200, "GET", "/api/v1/checks", w.admin, nil, "Accept-Language", "zh-CN").json(t)["items"].([]any) {
			if r := it.(map[string]any); r["id"] == "chk_zz_skipped" && !strings.Contains(r["error"].(string), "夜间检查未执行") {
				t.Errorf("GET /checks lists the error as %q", r["error"])
			}
		}
	})
}
