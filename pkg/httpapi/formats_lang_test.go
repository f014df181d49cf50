package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// GET /formats reads in the request's language: each kind's title and
// each column's description in Chinese by default, in English when asked;
// names, headings and value codes (what programs read) are the same.
func TestFormatsInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		read := func(lang string) map[string]any {
			return s.must(200, "GET", "/api/v1/formats", s.gcKey, nil, "Accept-Language", lang).json(t)
		}
		zh, en := read("zh-CN"), read("en")
		if !han.MatchString(zh["amounts"].(string)) || han.MatchString(strings.ReplaceAll(en["amounts"].(string), "8800元", "")) {
			t.Errorf("amounts: %q / %q", zh["amounts"], en["amounts"])
		}
		for i, k := range zh["kinds"].([]any) {
			zk, ek := k.(map[string]any), en["kinds"].([]any)[i].(map[string]any)
			if title := zk["title"].(string); !han.MatchString(title) || len(englishIn(title, nil)) > 0 {
				t.Errorf("%s title in Chinese: %q", zk["kind"], title)
			}
			if !strings.Contains(ek["title"].(string), " ") {
				t.Errorf("%s title in English: %q", ek["kind"], ek["title"])
			}
			for j, c := range zk["columns"].([]any) {
				zc, ec := c.(map[string]any), ek["columns"].([]any)[j].(map[string]any)
				zd, _ := zc["description"].(string)
				ed, _ := ec["description"].(string)
				if !han.MatchString(zd) || len(englishIn(zd, map[string]bool{"formats": true})) > 0 || strings.Contains(zd, "formats.") {
					t.Errorf("%s.%s in Chinese: %q", zk["kind"], zc["name"], zd)
				}
				if ed == "" || ed == zd || strings.Contains(ed, "formats.") || zc["name"] != ec["name"] || zc["heading"] != ec["heading"] || zc["value"] != ec["value"] {
					t.Errorf("%s.%s in English: %q (%v / %v)", zk["kind"], zc["name"], ed, zc, ec)
				}
			}
		}
	})
}
