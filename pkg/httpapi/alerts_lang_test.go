package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// An alert's reason and the check's notes in its history are kept as
// messages and read in the reader's language: Chinese by default, English
// with Accept-Language: en. An inspector's note reads as it was typed in
// both, and an alert an older build stored with an English reason still
// shows that reason.
func TestAlertReasonsInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.runCheck(w.keys["district"])
		a1 := w.alertOf(w.p1, ledger.RuleWagesUnpaid)
		get := func(lang string) map[string]any {
			t.Helper()
			return w.must(200, "GET", "/api/v1/alerts/"+a1, w.keys["district"], nil, "Accept-Language", lang).json(t)
		}
		note := func(d map[string]any, i int) string {
			t.Helper()
			h := d["history"].([]any)
			s, _ := h[i].(map[string]any)["note"].(string)
			return s
		}
		zh, en := get("zh-CN"), get("en")
		if r := zh["reason"].(string); !strings.Contains(r, "名工人") || !strings.Contains(r, "未经银行确认足额支付") || strings.Contains(r, "workers") {
			t.Errorf("Chinese reason: %q", r)
		}
		if r := en["reason"].(string); !strings.Contains(r, "not confirmed paid in full") || strings.Contains(r, "{") {
			t.Errorf("English reason: %q", r)
		}
		if n := note(zh, 0); n != zh["reason"] {
			t.Errorf("Chinese opening note %q, want the reason %q", n, zh["reason"])
		}
		if n := note(en, 0); n != en["reason"] {
			t.Errorf("English opening note %q, want the reason %q", n, en["reason"])
		}
		// The list answers in the same language.
		items := w.must(200, "GET", "/api/v1/alerts?rule=wages_unpaid&project_id="+w.p1, w.keys["district"], nil, "Accept-Language", "zh").json(t)["items"].([]any)
		if r := items[0].(map[string]any)["reason"].(string); r != zh["reason"] {
			t.Errorf("listed reason %q, want %q", r, zh["reason"])
		}
		// An inspector's note is shown as typed, in every language.
		w.must(200, "POST", "/api/v1/alerts/"+a1+"/actions", w.keys["district"], map[string]string{"action": "acknowledge", "note": "已电话通知总包 %s"})
		for _, lang := range []string{"zh-CN", "en"} {
			if n := note(get(lang), 1); n != "已电话通知总包 %s" {
				t.Errorf("%s: inspector's note %q", lang, n)
			}
		}
		// A reason an older build stored as English text still reads.
		if err := db.ExecRaw(t.Context(), `UPDATE alerts SET reason = ? WHERE id = ?`, "3 workers' wages for 2026-10 are unpaid (old text)", a1); err != nil {
			t.Fatal(err)
		}
		if r := get("zh-CN")["reason"]; r != "3 workers' wages for 2026-10 are unpaid (old text)" {
			t.Errorf("an older build's reason reads %q", r)
		}
	})
}
