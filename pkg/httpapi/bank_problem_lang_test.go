package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Why a kept bank fact could not be applied reads in the reader's language,
// in the bank's list and inside the reconciliation's exception that names
// it; a problem an older build stored in English still reads as it is.
func TestUnmatchedProblemInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		if r := s.confirm(item(s.ins[0], "paid", "9999.00", "U-1"))[0]; r["kept"] != true {
			t.Fatalf("not kept: %v", r)
		}
		problem := func(lang string) string {
			t.Helper()
			list := s.must(200, "GET", "/api/v1/bank/unmatched", s.bankKey, nil, "Accept-Language", lang).json(t)["items"].([]any)
			return list[0].(map[string]any)["problem"].(string)
		}
		if zh, en := problem("zh-CN"), problem("en"); !han.MatchString(zh) || strings.Contains(zh, "{") || han.MatchString(en) || en == "" {
			t.Fatalf("problem in Chinese %q, in English %q", zh, en)
		}
		detail := func(lang string) string {
			t.Helper()
			rec := s.must(200, "GET", s.path("/reconciliation?period=2026-10"), s.gcKey, nil, "Accept-Language", lang).json(t)
			for _, e := range rec["exceptions"].([]any) {
				if m := e.(map[string]any); m["kind"] == "unmatched_confirmation" {
					return m["detail"].(string)
				}
			}
			t.Fatalf("no unmatched exception: %v", rec)
			return ""
		}
		zh, en := detail("zh-CN"), detail("en")
		if !strings.Contains(zh, "一笔付款成功") || strings.ContainsAny(zh, "{}") || strings.Contains(zh, "exceeds") || strings.Contains(zh, "paid") {
			t.Errorf("the exception in Chinese: %q", zh)
		}
		if !strings.Contains(en, "the bank reported a payment of 9999.00") || han.MatchString(en) {
			t.Errorf("the exception in English: %q", en)
		}
		if err := db.ExecRaw(t.Context(), `UPDATE unmatched_confirmations SET problem = ?`, "an older build's words"); err != nil {
			t.Fatal(err)
		}
		if p := problem("zh-CN"); p != "an older build's words" {
			t.Errorf("an older build's problem reads %q", p)
		}
	})
}

// Why a pay day may still move (a year without its holiday notice) reads
// in the reader's language.
func TestDueNoteInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		note := func(lang string) string {
			t.Helper()
			n, _ := s.must(200, "GET", s.path("/reconciliation?period=2030-06"), s.gcKey, nil, "Accept-Language", lang).json(t)["due_note"].(string)
			return n
		}
		if zh, en := note("zh-CN"), note("en"); !strings.Contains(zh, "2030 年的国务院放假安排通知尚未发布") || !strings.Contains(en, "2030 has no State Council holiday notice") {
			t.Fatalf("due note in Chinese %q, in English %q", zh, en)
		}
	})
}
