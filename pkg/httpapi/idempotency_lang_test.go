package httpapi_test

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A replay answers in the language the replaying request asks for, not in
// the first request's: the same status, the same IDs and counts, with its
// words in the replay's language, whichever language came first. Another
// request under the key is still a conflict (issue 12).
func TestReplayAnswersInItsOwnLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		bankName := s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name")
		// A column the worker file does not have: its warning is a sentence.
		file := func() []byte {
			return []byte(strings.TrimSuffix(rosterHeader, "\n") + ",车牌号\n" + strings.TrimSuffix(rosterRow(nextSeq(), bankName), "\n") + ",京A12345\n")
		}
		words := map[string]string{"zh-CN": "不是花名册文件的列", "en": "is not a column of the workers file"}
		for _, langs := range [][2]string{{"zh-CN", "en"}, {"en", "zh-CN"}} {
			first, then := langs[0], langs[1]
			key, sent := "roster-"+first, file()
			send := func(lang string, content []byte) resp {
				return s.sendFile(s.path("/workers/import"), s.subKey, "a.csv", content, nil, "Idempotency-Key", key, "Accept-Language", lang)
			}
			r := send(first, sent)
			if r.Status != 201 || r.Header.Get("Idempotency-Hit") != "false" || !strings.Contains(columnWarning(t, r), words[first]) {
				t.Fatalf("first request in %s: %d hit=%q %s", first, r.Status, r.Header.Get("Idempotency-Hit"), r.Body)
			}
			again := send(then, sent)
			if again.Status != r.Status || again.Header.Get("Idempotency-Hit") != "true" || again.Header.Get("Content-Language") != then ||
				!strings.Contains(columnWarning(t, again), words[then]) {
				t.Errorf("replay in %s of a request in %s: %d hit=%q language %q %s", then, first, again.Status,
					again.Header.Get("Idempotency-Hit"), again.Header.Get("Content-Language"), again.Body)
			}
			if d := differentButWords(r.Body, again.Body); d != "" {
				t.Errorf("replay in %s of a request in %s differs in more than its words: %s", then, first, d)
			}
			if back := send(first, sent); string(back.Body) != string(r.Body) {
				t.Errorf("replay in %s again: %s, want %s", first, back.Body, r.Body)
			}
			if other := send(then, file()); other.Status != 409 || other.str(t, "code") != "conflict" {
				t.Errorf("another file under the key, in %s: %d %s", then, other.Status, other.Body)
			}
		}
		if n := s.count("enrolments"); n != 2 {
			t.Errorf("%d enrolments, want 2: a replay or a conflict enrolled someone", n)
		}
	})
}

// A replay that cannot be answered in its own language says the language it
// is answered in: an answer larger than the bound (kept in its first
// language alone, not a copy per language) is the Chinese answer labelled
// zh-CN, while one within it replays in English; an answer an earlier build
// stored, in no known language, carries no Content-Language.
func TestReplayLabelsTheLanguageItServes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		bankName := s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name")
		file := func() []byte {
			return []byte(strings.TrimSuffix(rosterHeader, "\n") + ",车牌号\n" + strings.TrimSuffix(rosterRow(nextSeq(), bankName), "\n") + ",京A12345\n")
		}
		within := s.api
		// One byte under the answer: every roster answer is over the bound.
		over := httpapi.New(s.svc, httpapi.Options{MaxBodyBytes: 64 << 10, PayslipLimits: unlimitedPayslips, MaxAnswerInEveryLanguage: 1})
		for _, tc := range []struct {
			label string
			api   *httpapi.Server
			lang  string // the replay's Content-Language
		}{{"within the bound", within, "en"}, {"over the bound", over, "zh-CN"}, {"stored by an earlier build", within, ""}} {
			s.api = tc.api
			key, sent := "label-"+itoa(nextSeq()), file()
			send := func(lang string) resp {
				return s.sendFile(s.path("/workers/import"), s.subKey, "a.csv", sent, nil, "Idempotency-Key", key, "Accept-Language", lang)
			}
			first := send("zh-CN")
			if first.Status != 201 || !strings.Contains(columnWarning(t, first), "不是花名册文件的列") {
				t.Fatalf("%s: first request: %d %s", tc.label, first.Status, first.Body)
			}
			if tc.lang == "" {
				// The import names its project: its key is kept beside the project.
				if err := db.ExecRaw(t.Context(), `UPDATE project_idempotency_keys SET response = ? WHERE key = ?`, string(first.Body), key); err != nil {
					t.Fatal(err)
				}
			}
			en := send("en")
			got, has := en.Header["Content-Language"]
			if en.Header.Get("Idempotency-Hit") != "true" || en.Header.Get("Content-Language") != tc.lang || (tc.lang == "" && has) {
				t.Errorf("%s: replay in English: hit=%q Content-Language %q", tc.label, en.Header.Get("Idempotency-Hit"), got)
			}
			if english := tc.lang == "en"; english == (string(en.Body) == string(first.Body)) || english != strings.Contains(columnWarning(t, en), "is not a column") {
				t.Errorf("%s: replay in English (%q): %s, first %s", tc.label, tc.lang, en.Body, first.Body)
			}
		}
		s.api = within
	})
}

func columnWarning(t *testing.T, r resp) string {
	t.Helper()
	cw, _ := r.json(t)["column_warnings"].([]any)
	if len(cw) != 1 {
		return ""
	}
	m, _ := cw[0].(map[string]any)["message"].(string)
	return m
}

// wordy is text a person reads: it has words in Chinese or spaces between
// words. An ID, a code, an amount or a date has neither.
var wordy = regexp.MustCompile(`\p{Han}|\s`)

// differentButWords says where two JSON answers differ other than in text a
// person reads ("" when nowhere): the same answer in two languages has the
// same shape, IDs, codes, numbers and dates.
func differentButWords(a, b []byte) string {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return "not JSON: " + string(a) + " / " + string(b)
	}
	return diffWords("", x, y)
}

func diffWords(at string, x, y any) string {
	switch xv := x.(type) {
	case map[string]any:
		yv, ok := y.(map[string]any)
		if !ok || len(xv) != len(yv) {
			return at + ": " + jsonText(x) + " / " + jsonText(y)
		}
		for k, v := range xv {
			if d := diffWords(at+"."+k, v, yv[k]); d != "" {
				return d
			}
		}
		return ""
	case []any:
		yv, ok := y.([]any)
		if !ok || len(xv) != len(yv) {
			return at + ": " + jsonText(x) + " / " + jsonText(y)
		}
		for i := range xv {
			if d := diffWords(at+"["+itoa(i)+"]", xv[i], yv[i]); d != "" {
				return d
			}
		}
		return ""
	case string:
		if ys, ok := y.(string); ok && (ys == xv || (wordy.MatchString(xv) || wordy.MatchString(ys))) {
			return ""
		}
	default:
		if reflect.DeepEqual(x, y) {
			return ""
		}
	}
	return at + ": " + jsonText(x) + " / " + jsonText(y)
}

// chineseSentences is the first sentence of a JSON answer (sentencesIn)
// with words in Chinese, other than those a request typed (typed): "" when
// the answer says nothing in Chinese of its own.
func chineseSentences(body []byte, typed ...string) string {
	var doc any
	_ = json.Unmarshal(body, &doc)
	for _, s := range sentencesIn(doc) {
		if han.MatchString(s) && !slices.Contains(typed, s) {
			return s
		}
	}
	return ""
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
