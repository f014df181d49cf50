package httpapi_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// documentNames are the Chinese an English source may hold: the proper
// names of the documents it cites, a document number or a law's title
// beside its English name, by which a clerk looks the document up.
var documentNames = []string{
	"人社部发〔2021〕65号", "法释〔2013〕3号", "人社部令第45号", "劳社部发〔2008〕3号", "沪建质安联〔2019〕346号",
	"保障农民工工资支付条例", "劳动保障监察条例", "劳动争议调解仲裁法",
	"国务院办公厅关于2025年部分节假日安排的通知", "国务院办公厅关于2026年部分节假日安排的通知",
}

var (
	// ruleCode is an alert rule's code (allocation_overdue), which a
	// Chinese source names as the API spells it.
	ruleCode = regexp.MustCompile(`[a-z]+(_[a-z]+)+`)
	// englishWord is a run of four or more ASCII letters.
	englishWord = regexp.MustCompile(`[A-Za-z]{4,}`)
)

// sourceProblem says what is wrong with a built-in source in lang: English
// in a Chinese one, Chinese other than a document's name in an English
// one, or a format's percent sign left doubled or unfilled.
func sourceProblem(lang, s string) string {
	if s == "" || strings.Contains(s, "%%") || strings.Contains(s, "%!") {
		return "empty or a broken format"
	}
	if lang == "en" {
		for _, name := range documentNames {
			s = strings.ReplaceAll(s, name, "")
		}
		if h := han.FindAllString(s, -1); len(h) > 0 {
			return "Chinese in English: " + strings.Join(h, "")
		}
		return ""
	}
	if w := englishWord.FindAllString(ruleCode.ReplaceAllString(s, ""), -1); len(w) > 0 {
		return "English in Chinese: " + strings.Join(w, " ")
	}
	return ""
}

// TestPolicySourcesInTheReadersLanguage: GET /policy says where each value
// came from in the language Accept-Language asks for, Chinese by default:
// every built-in source (the national defaults' rules, the built-in
// regional rules, the built-in holiday notices) is a catalogue message; a
// policy file's source is the operator's own words, the same in both.
func TestPolicySourcesInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.useExamplePolicy()
		bank := e.key(e.org(ledger.OrgBank, "130100"), ledger.RoleBank)
		for _, region := range []string{"130102", "110105", "440305", "310115"} {
			fileSources := map[string]any{}
			for _, lang := range []string{"", "en"} {
				// No language asked for (an empty Accept-Language): Chinese.
				r := e.must(200, "GET", "/api/v1/policy?region="+region+"&on=2026-01-01", bank, nil, "Accept-Language", lang).json(t)
				check := func(what string, source any) {
					t.Helper()
					s, _ := source.(string)
					if p := sourceProblem(lang, s); p != "" {
						t.Errorf("%s in %q, %s: %s: %q", region, lang, what, p, s)
					}
				}
				for _, v := range r["values"].([]any) {
					v := v.(map[string]any)
					if v["origin"] == "policy_file" {
						if was, ok := fileSources[v["key"].(string)]; ok && was != v["source"] {
							t.Errorf("%s %s: the file's source reads %q in Chinese, %q in English", region, v["key"], was, v["source"])
						}
						fileSources[v["key"].(string)] = v["source"]
						continue
					}
					check(v["key"].(string), v["source"])
				}
				check("labour_cost", r["labour_cost"].(map[string]any)["source"])
				if a, ok := r["age_limit"].(map[string]any); ok {
					check("age_limit", a["source"])
				}
				for _, n := range r["calendar"].([]any) {
					check("calendar", n.(map[string]any)["source"])
				}
			}
		}
		// Worked by hand: the base rate's rule, and Beijing's labour-cost rule.
		want := map[string][2]string{
			"guarantee.base_rate": {"人社部发〔2021〕65号 第五条：合同金额的 1%–3%；全国默认值取该范围的下限",
				"人社部发〔2021〕65号 Art. 5: 1%–3% of the contract amount; the national default is the floor of the range"},
			"payslip.unconfirmed.block_approval": {"《保障农民工工资支付条例》第三十一条：农民工确认工资表；0 表示审批时对未确认的行给出警告，1 表示所有行确认前拒绝审批",
				"the Regulations on Ensuring the Payment of Wages to Migrant Workers (保障农民工工资支付条例) Art. 31: the worker confirms the payroll; 0 warns of lines not confirmed at approval, 1 refuses the approval until every line is confirmed"},
		}
		for i, lang := range []string{"zh-CN", "en-GB,en;q=0.9"} {
			r := e.must(200, "GET", "/api/v1/policy?region=310115&on=2026-01-01", bank, nil, "Accept-Language", lang).json(t)
			for _, v := range r["values"].([]any) {
				v := v.(map[string]any)
				if w, ok := want[v["key"].(string)]; ok && v["source"] != w[i] {
					t.Errorf("%s in %s: %q, want %q", v["key"], lang, v["source"], w[i])
				}
			}
			if got, w := r["calendar"].([]any)[0].(map[string]any)["source"], [2]string{"国务院办公厅关于2025年部分节假日安排的通知（内置）", "国务院办公厅关于2025年部分节假日安排的通知 (built in)"}[i]; got != w {
				t.Errorf("2025 notice in %s: %q, want %q", lang, got, w)
			}
			if got, w := r["labour_cost"].(map[string]any)["source"], [2]string{"《保障农民工工资支付条例》第二十四条",
				"the Regulations on Ensuring the Payment of Wages to Migrant Workers (保障农民工工资支付条例) Art. 24"}[i]; got != w {
				t.Errorf("the national labour-cost rule in %s: %q, want %q", lang, got, w)
			}
		}
	})
}
