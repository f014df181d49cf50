package httpapi_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

var han = regexp.MustCompile(`\p{Han}`)

// problemText is what a person reads of a problem (its detail and each
// message) and what a program matches (status, code, and row/field/code of
// each error).
type problemText struct {
	status   int
	lang     string
	detail   string
	title    string
	messages []string
	machine  string
}

func readProblem(t *testing.T, r resp) problemText {
	t.Helper()
	var p struct {
		Detail string `json:"detail"`
		Title  string `json:"title"`
		Code   string `json:"code"`
		Errors []struct {
			Row     int    `json:"row"`
			Field   string `json:"field"`
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
		ColumnWarnings []struct {
			Row     int    `json:"row"`
			Field   string `json:"field"`
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"column_warnings"`
	}
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("%d %s: %v", r.Status, r.Body, err)
	}
	out := problemText{status: r.Status, lang: r.Header.Get("Content-Language"), detail: p.Detail, title: p.Title, machine: p.Code}
	for _, e := range append(p.Errors, p.ColumnWarnings...) {
		out.messages = append(out.messages, e.Message)
		out.machine += fmt.Sprintf(" %d:%s:%s", e.Row, e.Field, e.Code)
	}
	return out
}

// The same bad payroll file, bad worker file and bad JSON, sent asking for
// Chinese (and asking for nothing) and asking for English: the detail and
// every row and field message are Chinese, or English; status, code, rows
// and fields are the same in both, and Content-Language says which.
func TestMessagesInChineseAndEnglish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		v, _ := enrolled.Load(enr)
		w := v.(map[string]any)
		payroll := "姓名,身份证号码,银行卡号,出勤天数,应发金额,扣款,实发金额,本人确认,备注栏\n" +
			w["name"].(string) + "," + w["id_number"].(string) + "," + w["bank_card"].(string) + ",22,6000,500,5400,已签,x\n" + // net is not gross less deductions
			"陌生人," + ledger.CompleteResidentID("11010519900101999") + ",6222020000000000999,40,abc,0,1,否,\n" + // unregistered, bad amount, 40 days
			"张三,110105199001011234,6222,22,6000,0,6000,是,\n" // bad ID check digit, short card
		roster := rosterHeader +
			"李四,110105199001011234,13900000001,钢筋班,钢筋工,6222,工商银行,2026-03-01,2099-01-01\n" +
			"王,11010519900101,139,钢筋班,,6222020000000000001,工商银行,2026/13/01,2026-03-02\n"
		sends := []struct {
			name string
			send func(lang string) resp
		}{
			{"payroll file", func(lang string) resp {
				return s.uploadForm(s.path("/payrolls"), s.gcKey, "十月.csv", []byte(payroll),
					map[string]string{"period": "2026-10", "employer_id": s.gc}, "Accept-Language", lang)
			}},
			{"worker file", func(lang string) resp {
				return s.uploadForm(s.path("/workers/import"), s.subKey, "花名册.csv", []byte(roster), nil, "Accept-Language", lang)
			}},
			{"JSON of a wrong type", func(lang string) resp {
				return s.do("POST", s.path("/payrolls"), s.gcKey, `{"employer_id": 5, "period": "2026-10", "lines": []}`, "Accept-Language", lang)
			}},
			{"JSON with an unknown field", func(lang string) resp {
				return s.do("POST", s.path("/payrolls"), s.gcKey, `{"employer": "x", "period": "2026-10", "lines": []}`, "Accept-Language", lang)
			}},
			{"JSON that does not parse", func(lang string) resp {
				return s.do("POST", s.path("/payrolls"), s.gcKey, `{"period": `, "Accept-Language", lang)
			}},
			{"a bad JSON payroll", func(lang string) resp {
				line := payLine(enr, "6000.00", "500.00", "5400.00")
				line["days_worked"] = "45"
				return s.do("POST", s.path("/payrolls"), s.gcKey, map[string]any{"employer_id": s.gc, "period": "2026-10",
					"lines": []map[string]string{line}}, "Accept-Language", lang)
			}},
			{"no key", func(lang string) resp { return s.do("GET", s.path(""), "", nil, "Accept-Language", lang) }},
		}
		for _, c := range sends {
			zh, deflt, en := readProblem(t, c.send("zh-CN,zh;q=0.9")), readProblem(t, c.send("")), readProblem(t, c.send("en-GB,en;q=0.8"))
			if zh.status < 400 || zh.status != en.status || zh.machine != en.machine || !reflect.DeepEqual(zh, deflt) {
				t.Errorf("%s: the machine-readable parts differ:\n  zh %d %s\n  en %d %s\n  default %d %s", c.name, zh.status, zh.machine, en.status, en.machine, deflt.status, deflt.machine)
			}
			if zh.lang != "zh-CN" || en.lang != "en" {
				t.Errorf("%s: Content-Language %q and %q", c.name, zh.lang, en.lang)
			}
			if !han.MatchString(zh.detail) || han.MatchString(en.detail) {
				t.Errorf("%s: detail in Chinese %q, in English %q", c.name, zh.detail, en.detail)
			}
			if !han.MatchString(zh.title) || han.MatchString(en.title) || en.title == "" {
				t.Errorf("%s: title in Chinese %q, in English %q", c.name, zh.title, en.title)
			}
			for i := range zh.messages {
				if !han.MatchString(zh.messages[i]) || zh.messages[i] == en.messages[i] {
					t.Errorf("%s: message %d in Chinese %q, in English %q", c.name, i, zh.messages[i], en.messages[i])
				}
			}
			t.Logf("%s:\n  %s %q\n  %s %q", c.name, zh.detail, zh.messages, en.detail, en.messages)
			// A file's row message names the column by the file's own heading.
			if c.name == "payroll file" && !strings.Contains(strings.Join(zh.messages, " "), "应发金额：金额 \"abc\"") {
				t.Errorf("the bad amount is not named by its heading 应发金额: %q", zh.messages)
			}
			// A JSON body is no file: its refusal says what was sent.
			if c.name == "a bad JSON payroll" && (!strings.Contains(zh.detail, "提交的工资表有 2 处错误") || strings.Contains(zh.detail, "文件") ||
				!strings.Contains(en.detail, "the payroll sent has 2 bad values;") || strings.Contains(en.detail, "file")) {
				t.Errorf("a JSON payroll's refusal reads %q and %q", zh.detail, en.detail)
			}
			// The field error keeps the machine's field and gives the file's
			// heading as column, in both languages.
			if c.name == "payroll file" {
				for _, lang := range []string{"zh-CN", "en"} {
					var doc struct {
						Errors []struct{ Field, Column string } `json:"errors"`
					}
					if err := json.Unmarshal(c.send(lang).Body, &doc); err != nil {
						t.Fatal(err)
					}
					named := false
					for _, f := range doc.Errors {
						named = named || f.Field == "gross_pay" && f.Column == "应发金额"
					}
					if !named {
						t.Errorf("%s: no error with field gross_pay and column 应发金额: %+v", lang, doc.Errors)
					}
				}
			}
		}
	})
}
