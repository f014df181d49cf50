package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// JSON that does not parse, a key given twice (in a request or in a JSON
// file's row) and a date that is not one are answered in Chinese, naming
// the byte, the key or the field: never encoding/json's own English
// ("invalid character … after object key") nor a "date" left in English.
func TestJSONFaultsInChinese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		zh := func(r resp) string {
			p := readProblem(t, r)
			return p.detail + " | " + strings.Join(p.messages, " | ")
		}
		cases := []struct {
			name string
			r    resp
			want []string
		}{
			{"a colon missing", s.do("POST", "/api/v1/organizations", s.admin, `{"name" "x"}`, "Accept-Language", "zh-CN"),
				[]string{"请求体不是有效的 JSON（第 9 字节）：字段名之后应为冒号，却出现了 '\"'"}},
			{"a trailing comma", s.do("POST", "/api/v1/organizations", s.admin, `{"name": "x",}`, "Accept-Language", "zh-CN"),
				[]string{"（第 14 字节）：应为带双引号的字段名的位置出现了 '}'"}},
			{"a streamed payroll with a stray character", s.do("POST", s.path("/payrolls"), s.gcKey, `{"lines": [}`, "Accept-Language", "zh-CN"),
				[]string{"请求体不是有效的 JSON（第 12 字节）：应为一个值的位置出现了 '}'"}},
			{"a streamed payroll's lines not a list", s.do("POST", s.path("/payrolls"), s.gcKey, `{"lines": 5}`, "Accept-Language", "zh-CN"),
				[]string{"lines 须为列表"}},
			{"a key twice in a request", s.do("POST", "/api/v1/organizations", s.admin, `{"name": "a", "name": "b"}`, "Accept-Language", "zh-CN"),
				[]string{"\"name\" 在同一个对象中出现了两次：每个字段只能给出一次"}},
			{"a key twice in a JSON payroll file", s.uploadForm(s.path("/payrolls"), s.gcKey, "十月.json", []byte(`[{"name": "张三", "name": "李四"}]`),
				map[string]string{"period": "2026-10", "employer_id": s.gc}, "Accept-Language", "zh-CN"),
				[]string{"JSON 第 1 行两次给出了 \"name\"：每个字段只能给出一次"}},
			{"a date that is not one", s.do("POST", s.path("/complete"), s.gcKey, `{"completed_on": "someday"}`, "Accept-Language", "zh-CN"),
				[]string{"日期\"someday\" 不是日期：请写成 2026-11-13、2026/11/13 或 2026年11月13日"}},
		}
		// The date's refusal lists the forms it takes, in English too.
		if en := s.do("POST", s.path("/complete"), s.gcKey, `{"completed_on": "someday"}`, "Accept-Language", "en"); !strings.Contains(string(en.Body),
			`\"someday\" is not a date: write it as 2026-11-13, 2026/11/13 or 2026年11月13日`) {
			t.Errorf("a date that is not one, in English: %d %s", en.Status, en.Body)
		}
		for _, c := range cases {
			got := zh(c.r)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s: %d %q, want %q", c.name, c.r.Status, got, w)
				}
			}
			if strings.Contains(got, "invalid character") || strings.Contains(got, "twice") || strings.Contains(got, "date \"") {
				t.Errorf("%s: English in %q", c.name, got)
			}
		}
	})
}
