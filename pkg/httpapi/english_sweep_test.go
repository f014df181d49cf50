package httpapi_test

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/payrollfile"
)

// asciiWord is a run of four or more ASCII letters: in a Chinese message,
// English that should have been translated, unless it is a name a program
// or a person types as it is (sweepAllowed).
var asciiWord = regexp.MustCompile(`[A-Za-z]{4,}`)

// sweepAllowed are the ASCII words a Chinese message may hold: formats,
// file kinds and products named as they are written, and the wire values a
// request must spell as they are (an enumeration a message lists).
var sweepAllowed = map[string]bool{
	"JSON": true, "CSV": true, "XLSX": true, "UTF": true, "YYYY": true, "Excel": true, "Bearer": true,
	"Idempotency": true, "Authorization": true, "Accept": true, "Language": true, "Content": true, "Type": true,
	"multipart": true, "form": true, "data": true, "application": true, "json": true, "file": true,
	"true": true, "false": true, "null": true, "cursor": true, "limit": true,
}

// sweepEnumerations are wire values a message lists for a field that takes
// one of them: a program sends them as they are, in either language.
var sweepEnumerations = strings.Fields(`owner general contractor subcontractor bank authority insurer
	proposed notified replied listed declined removed active exited completed issued complied lapsed settled
	open acknowledged rectification ordered escalated resolved received accepted refused concluded
	pending paid partly failed returned reissued superseded acknowledge order resolve escalate reopen`)

func init() {
	for _, w := range sweepEnumerations {
		sweepAllowed[w] = true
	}
	// A file's columns are named by field and heading: "name (姓名)".
	for _, sc := range payrollfile.Schemas {
		for _, f := range sc.Fields {
			sweepAllowed[f.Name] = true
		}
	}
	// The labels the tests give their keys, shown as written in the audit
	// trail's details ("test admin").
	sweepAllowed["test"], sweepAllowed["admin"] = true, true
	// The projects' names, as the tests give them ("Project CY-001"), which
	// the worker's page shows as written.
	sweepAllowed["Project"] = true
}

// sweepNotYetReached are the mutating routes the sweep does not bring to
// validation. Every other mutating route must be refused (400, 409 or 422)
// at least once, or its messages were never read; a route here that starts
// being refused fails the sweep until it is taken off. The payslip routes
// and the worker's page are reached with a real link the sweep issues.
var sweepNotYetReached = map[string]bool{
	// Issuing links takes no body and refuses only a payroll in a state
	// that has none; revoking a key or a link takes no body either.
	"POST /api/v1/payrolls/:id/payslips":                  true,
	"POST /api/v1/organizations/:id/keys/:key_id/revoke":  true,
	"POST /api/v1/payrolls/:id/payslips/:token_id/revoke": true,
}

// sweepForms are bad forms the worker's page (POST /w/:token) gets.
var sweepForms = []string{
	"action=confirm&payroll_id=pay_x&line_no=abc",
	"action=dispute&line_no=1&reason=",
	"action=complaint&summary=&workers=abc&amount_claimed=8,80.00",
	"action=complaint&summary=x&workers=0&amount_claimed=-5",
	"action=explode",
	"",
}

// tagOrScript is markup, which the words of a page are read without.
var tagOrScript = regexp.MustCompile(`(?s)<style.*?</style>|<script.*?</script>|<[^>]*>|&[a-z]+;`)

// pageWords are the words a person reads on an HTML page.
func pageWords(body []byte) string { return tagOrScript.ReplaceAllString(string(body), " ") }

// quoted are the parts of a message that repeat what the request said
// ("…", “…”, '…'), and identifiers (snake_case, with digits, indexed
// paths, file extensions ".xlsx"); a word before a full stop is a word,
// not an identifier.
var quoted = regexp.MustCompile(`"[^"]*"|“[^”]*”|'[^']*'|[A-Za-z0-9]*[_0-9\[\]][A-Za-z0-9_.\[\]]*|\.[a-z]+\b`)

// englishIn returns the English words of a Chinese message: its runs of
// four or more ASCII letters that are not quoted input, an identifier, a
// field name the request used, or an allowed word.
func englishIn(msg string, fields map[string]bool) []string {
	var out []string
	for _, w := range asciiWord.FindAllString(quoted.ReplaceAllString(msg, " "), -1) {
		if !sweepAllowed[w] && !fields[w] {
			out = append(out, w)
		}
	}
	return out
}

// jsonKey is a key of a JSON body: a message may name the field as the
// request spelled it, in either language.
var jsonKey = regexp.MustCompile(`"([a-z_]+)"\s*:`)

// sweepBodies are bad bodies every JSON route gets: a body cut short, a
// syntax error, a list for an object, an unknown field, a key given twice,
// and values of the wrong type or grammar for common fields.
var sweepBodies = []string{
	`{"note": `,
	`{"note" "x"}`,
	`{"note": "x",}`,
	`[1, 2]`,
	`{"nonsense_field": 1}`,
	`{"note": "a", "note": "b"}`,
	`{"amount": 5}`,
	`{"amount": "12.345", "date": "2026-13-45"}`,
	`{"amount": "8,80.00", "on": "abc"}`,
	`{"lines": "x", "items": 7, "period": 2026}`,
	`{"deadline": "someday", "action": "explode"}`,
	`{"valid_from": "x", "valid_until": 5, "amount": "abc"}`,
	`{"role": 5, "expires_on": "never"}`,
	"{\"note\": \"a\u0000b\"}",
	`{"items": [{"instruction_id": "ins_x", "status": "paid", "amount": "8,80.00", "settled_on": "2026/13/45"}, 5, {"status": "bogus"}]}`,
	`{"items": [{"instruction_id": 5}]}`,
	`{"lines": [{"enrolment_id": "x", "gross_pay": "12.345", "net_pay": 5, "days_worked": "abc"}], "employer_id": "org_x", "period": "2026-13"}`,
	`{"name": "", "uscc": "x", "kind": "ghost", "region_code": "999999"}`,
	`{"code": "", "name": "x", "region_code": "1", "owner_id": 5, "contract_amount": "abc", "start_date": "x"}`,
	`{"form": "cheque", "amount": "0", "valid_from": "2027-01-01", "valid_until": "2026-01-01", "reference": ""}`,
	`{"action": "bogus", "note": "x", "deadline": "2020-01-01"}`,
	`{"account": "12", "payer": "", "amount": "-5", "received_on": "tomorrow"}`,
}

// sweepFiles are bad files every upload route gets (as multipart), each
// with the form fields a payroll would carry.
var sweepFiles = []struct{ name, content string }{
	{"bad.csv", "姓名,身份证号码,银行卡号,出勤天数,应发金额,扣款,实发金额,日期,工时,指令编号,银行流水号,状态,金额,备注栏\n" +
		"张三,110105199001011234,6222,abc,12.345,8,80.00,x,2026/13/45,xx,ins_x,,bogus,abc,\n"},
	{"old.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"},
	{"rows.json", `[{"name": "a", "name": "b"}, 5, {"gross_pay": 12.5}]`},
	{"broken.json", `[{"name": }`},
	{"empty.csv", ""},
	{"noheader.csv", "a,b,c\n1,2,3\n"},
}

// sweepQueries are bad query parameters every GET route gets.
var sweepQueries = []string{
	"?limit=abc", "?limit=0", "?cursor=%25%25zz", "?from=someday&to=never", "?period=2026-13", "?status=bogus",
	"?region=99", "?on=x&as_of=y", "?month=x&year=y", "?kind=ghost",
}

// TestNoEnglishInChineseAnswers drives every JSON route with bad bodies,
// asking for Chinese, as every kind of caller: no problem's detail, title
// or field message may hold English words (runs of four or more ASCII
// letters) beyond identifiers, field names, quoted input and the allowed
// list. It caught, before the fixes of issue 12's final review, the JSON
// parser's own words ("invalid character … looking for beginning of value")
// and a repeated key's English message.
func TestNoEnglishInChineseAnswers(t *testing.T) {
	clockedWorlds(t, func(t *testing.T, w *world) {
		w.runCheck(w.admin)
		alert1 := w.alertOf(w.p1, ledger.RuleWagesUnpaid)
		cmp1 := w.complaintOn(w.p1, "city")
		ord1 := w.must(201, "POST", "/api/v1/alerts/"+alert1+"/orders", w.keys["district"], map[string]any{}).str(t, "id")
		bls1 := w.proposeOn(w.p1, "district")["id"].(string)
		// A worker's payslip link on the subcontractor's payroll, and a key
		// of the general contractor's, for the routes that name them.
		link := w.must(200, "POST", "/api/v1/payrolls/"+w.pay1+"/payslips", w.keys["gc1"], nil).json(t)["items"].([]any)[0].(map[string]any)
		token, tokenID := tokenOf(t, link["url"].(string)), link["id"].(string)
		keyID := w.must(201, "POST", "/api/v1/organizations/"+w.gc1+"/keys", w.admin, map[string]any{"role": "contractor", "label": "清查"}).str(t, "id")
		ids := map[string]string{"/payrolls/:id": w.pay1, "/instructions/:id": w.ins1, "/workers/:id": w.enr1, "/alerts/:id": alert1,
			"/complaints/:id": cmp1, "/orders/:id": ord1, "/blacklist/proposals/:id": bls1, "/guarantees/:id": w.gua1}
		callers := []struct{ name, key, org string }{
			{"admin", w.keys["admin"], w.gc1}, {"gc", w.keys["gc1"], w.gc1}, {"bank", w.keys["bank1"], w.bank1}, {"inspector", w.keys["district"], w.district},
		}
		found := map[string][]string{}
		validated := map[string]bool{} // mutating routes that refused a bad input (400, 409 or 422)
		// On the shared database the administrator's accepted answers hold
		// every test's free text (other tests' notes in English, quoted
		// input there), as does the list of check runs: only their
		// refusals are read, and the other answers, this world's alone
		// (its own city, rg), in full.
		othersText := false
		check := func(route, sent string, r resp, fields map[string]bool) {
			if r.Status == 400 || r.Status == 409 || r.Status == 422 {
				validated[route] = true
			}
			if !strings.Contains(r.Header.Get("Content-Type"), "json") {
				return
			}
			// A row is a file's row, counted from 1: "row 0" names none.
			if rowZero.Match(r.Body) {
				found["第 0 行 (row 0)"] = append(found["第 0 行 (row 0)"], sent)
			}
			if r.Status < 400 {
				if othersText {
					return
				}
				// An accepted answer's sentences: every message and detail in it.
				var doc any
				_ = json.Unmarshal(r.Body, &doc)
				for _, m := range sentencesIn(doc) {
					if eng := englishIn(m, fields); len(eng) > 0 {
						found[m] = append(found[m], sent)
					}
				}
				return
			}
			p := readProblem(t, r)
			for _, f := range strings.Fields(p.machine) {
				if parts := strings.Split(f, ":"); len(parts) == 3 {
					for _, word := range regexp.MustCompile(`[A-Za-z]+`).FindAllString(parts[1], -1) {
						fields[word] = true
					}
				}
			}
			for _, m := range append([]string{p.detail, p.title}, p.messages...) {
				if eng := englishIn(m, fields); len(eng) > 0 {
					found[m] = append(found[m], sent)
				}
			}
		}
		for _, rt := range w.api.Routes() {
			route := rt.Method + " " + rt.Path
			if strings.HasPrefix(rt.Path, "/w/") {
				// The worker's page: bad queries and bad forms, read as a
				// worker reads it, in words.
				path := strings.Replace(rt.Path, ":token", token, 1)
				reqs := map[string]resp{}
				if rt.Method == "GET" {
					for _, q := range append(sweepQueries, "", "?lang=zh", "?done=1") {
						reqs[route+q] = w.do("GET", path+q, "", nil, "Accept-Language", "zh-CN")
					}
				} else {
					for _, f := range sweepForms {
						reqs[route+" "+f] = w.do("POST", path, "", f, "Accept-Language", "zh-CN", "Content-Type", "application/x-www-form-urlencoded")
					}
				}
				for sent, r := range reqs {
					if r.Status == 400 || r.Status == 409 || r.Status == 422 {
						validated[route] = true
					}
					if eng := englishIn(pageWords(r.Body), map[string]bool{}); len(eng) > 0 {
						found[strings.Join(eng, " ")+" (on the worker's page)"] = append(found[strings.Join(eng, " ")+" (on the worker's page)"], sent)
					}
				}
				continue
			}
			for _, c := range callers {
				// (The check runs' list is every run's, whoever asks.)
				othersText = w.db.Dialect.IsCitus() && (c.name == "admin" || route == "GET /api/v1/checks")
				id := w.p1
				if strings.Contains(rt.Path, "/organizations/:id") {
					id = c.org
				}
				for p, v := range ids {
					if strings.Contains(rt.Path, p) {
						id = v
					}
				}
				linkID := tokenID
				if strings.HasSuffix(rt.Path, "/revoke") {
					linkID = "pst_notalink" // the one link stays live for the routes after
				}
				path := strings.Replace(strings.Replace(rt.Path, ":token_id", linkID, 1), ":token", token, 1)
				path = w.fillEnrolment(fill(path, id, id, keyID), id)
				if rt.Method == "GET" {
					for _, q := range sweepQueries {
						check(route, rt.Method+" "+rt.Path+q, w.do("GET", path+q, c.key, nil, "Accept-Language", "zh-CN"), queryFields(q))
					}
					continue
				}
				if rt.Body == httpapi.Upload || rt.Body == httpapi.BankResults {
					for _, f := range sweepFiles {
						form := map[string]string{"period": "2026-10", "employer_id": w.gc1}
						if rt.Body == httpapi.BankResults {
							form = nil
						}
						r := w.uploadForm(path, c.key, f.name, []byte(f.content), form, "Accept-Language", "zh-CN")
						fields := map[string]bool{"file": true}
						for k := range form {
							fields[k] = true
						}
						check(route, rt.Method+" "+rt.Path+" "+f.name, r, fields)
					}
				}
				for _, body := range sweepBodies {
					// Only the keys of the body sent may be named as they are.
					fields := map[string]bool{}
					for _, f := range jsonKey.FindAllStringSubmatch(body, -1) {
						fields[f[1]] = true
					}
					check(route, rt.Method+" "+rt.Path+" "+body, w.do(rt.Method, path, c.key, body, "Accept-Language", "zh-CN"), fields)
				}
			}
		}
		// A route that never refused a bad input was never swept: its
		// messages were not read.
		var unswept []string
		for _, rt := range w.api.Routes() {
			route := rt.Method + " " + rt.Path
			switch {
			case rt.Method == "GET":
			case sweepNotYetReached[route] && validated[route]:
				t.Errorf("%s now reaches validation: take it off sweepNotYetReached", route)
			case !sweepNotYetReached[route] && !validated[route]:
				unswept = append(unswept, route)
			}
		}
		if len(unswept) > 0 {
			t.Errorf("%d mutating routes never reached validation (no 400, 409 or 422):\n  %s", len(unswept), strings.Join(unswept, "\n  "))
		}
		var lines []string
		for m, where := range found {
			lines = append(lines, m+"\n      first sent by "+where[0])
		}
		sort.Strings(lines)
		if len(lines) > 0 {
			t.Errorf("%d Chinese answers hold English:\n  %s", len(lines), strings.Join(lines, "\n  "))
		}
	})
}

// rowZero is a message naming row 0, in Chinese.
var rowZero = regexp.MustCompile(`第\s*0\s*行`)

// queryFields are the parameter names of a query string.
func queryFields(q string) map[string]bool {
	out := map[string]bool{}
	for _, kv := range strings.Split(strings.TrimPrefix(q, "?"), "&") {
		k, _, _ := strings.Cut(kv, "=")
		out[k] = true
	}
	return out
}

// sentenceKeys are the keys whose text an accepted answer says to a person:
// its messages, details, notices, reasons, problems, notes and warnings.
var sentenceKeys = regexp.MustCompile(`^(message|detail|notice|title|reason|problem|note|warning|warnings|error|errors|summary|explanation)$|_(message|detail|notice|reason|problem|note|warning|text)s?$`)

// sentencesIn are the strings under every sentence key (sentenceKeys) of a
// JSON document, in lists too: the sentences an accepted answer says.
func sentencesIn(doc any) []string {
	var out []string
	switch x := doc.(type) {
	case map[string]any:
		for k, v := range x {
			if sentenceKeys.MatchString(k) {
				out = append(out, stringsIn(v)...)
			}
			out = append(out, sentencesIn(v)...)
		}
	case []any:
		for _, v := range x {
			out = append(out, sentencesIn(v)...)
		}
	}
	return out
}

// stringsIn are the strings of a JSON value: itself, or those in its lists.
func stringsIn(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, stringsIn(e)...)
		}
		return out
	}
	return nil
}
