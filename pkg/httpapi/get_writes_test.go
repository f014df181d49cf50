package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/console"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// getWrites are the GET requests that write on purpose, each with why and
// the tables it may write; every other GET writes nothing. A request is a
// route's path pattern, with " as CSV" when sent with Accept: text/csv.
var getWrites = map[string]struct{ why, tables string }{
	"GET /api/v1/payrolls/:id/instructions as CSV": {"handing a bank its payment file is audited", "audit_queue"},
	"GET /api/v1/audit":                            {"reading the trail first seals the queued records into it", "audit_queue audit_log audit_heads"},
	"GET /api/v1/complaints/:id/evidence": {"handing out a complaint's evidence is audited, and sealed for the bundle to carry the chain's head",
		"audit_queue audit_log audit_heads"},
	"GET /api/v1/workers/:id/evidence": {"handing out a worker's evidence is audited, and sealed for the bundle to carry the chain's head",
		"audit_queue audit_log audit_heads"},
	"GET /console/complaints/{id}/evidence": {"handing out a complaint's evidence is audited, and sealed for the bundle to carry the chain's head",
		"audit_queue audit_log audit_heads"},
}

// getQueries is the query a GET route needs to answer.
var getQueries = map[string]string{
	"GET /api/v1/projects/:id/reconciliation": "period=2026-10",
	"GET /api/v1/policy":                      "region=110105",
	"GET /api/v1/workers/:id/evidence":        "from=2026-10&to=2026-10",
}

// getCallers names the caller who may read a GET route, where the
// administrator may not (the rest are read as the administrator); "anon"
// sends no key: the path's token or receipt code is the credential.
var getCallers = map[string]string{
	"GET /api/v1/bank/instructions":         "bank1",
	"GET /api/v1/bank/unmatched":            "bank1",
	"GET /api/v1/complaints/:id/evidence":   "district",
	"GET /api/v1/workers/:id/evidence":      "district",
	"GET /api/v1/orders/:id/next-steps":     "district",
	"GET /api/v1/payslips/:token":           "anon",
	"GET /w/:token":                         "anon",
	"GET /api/v1/complaints/receipts/:code": "anon",
	"GET /w/receipts/:code":                 "anon",
}

// TestGetRoutesDoNotWrite walks every GET route the router registers, and
// every GET page of the console behind its one route /console/*page (from
// console.Routes: a new route or page is covered with no change here),
// reads it on a world with something behind each path parameter as a
// caller allowed to, and reads the database's WriteLog around it: no write
// transaction, no writing statement, but for getWrites, which must write,
// and only their tables. A write costs SQLite its one writer and a Citus
// cluster a distributed transaction; a GET that wrote by accident would go
// unseen otherwise.
func TestGetRoutesDoNotWrite(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			writes := &store.WriteLog{}
			clock := storetest.NewClock(time.Now())
			w := newWorld(t, storetest.New(t, dialect, store.WithClock(clock.Now), store.WithWriteLog(writes)))
			w.clock = clock
			params, sessions := w.getParams(t)
			seen := map[string]bool{}
			for _, rt := range w.api.Handler().(*gin.Engine).Routes() {
				if rt.Method != "GET" {
					continue
				}
				seen["GET "+rt.Path] = true
				if rt.Path == console.Prefix+"*page" {
					walkConsole(t, w, writes, params, sessions, seen)
					continue
				}
				path, ok := fillParams(t, rt.Path, params)
				if !ok {
					continue
				}
				who := getCallers["GET "+rt.Path]
				if who == "" {
					who = "admin"
				}
				if q := getQueries["GET "+rt.Path]; q != "" {
					path += "?" + q
				}
				checkGet(t, w, writes, "GET "+rt.Path, path, w.keys[who], 0)
				checkHead(t, w, writes, "GET "+rt.Path, path, "Authorization", "Bearer "+w.keys[who])
				if rt.Path == "/api/v1/payrolls/:id/instructions" {
					seen["GET "+rt.Path+" as CSV"] = true
					checkGet(t, w, writes, "GET "+rt.Path+" as CSV", path, w.keys[who], 0, "Accept", "text/csv")
				}
			}
			for _, names := range []map[string]string{getCallers, getQueries, consoleCallers} {
				for name := range names {
					if !seen[name] {
						t.Errorf("%s is not a GET route", name)
					}
				}
			}
			for name := range consoleStatus {
				if !seen[name] {
					t.Errorf("consoleStatus names %s, which is not a GET page", name)
				}
			}
			for name := range getWrites {
				if !seen[name] {
					t.Errorf("getWrites names %s, which is not a GET route", name)
				}
			}
		})
	}
}

// consoleCallers names the session a console page is read with, where the
// district inspector's may not (the page's need in pkg/console).
var consoleCallers = map[string]string{
	"GET /console/projects/{id}/upload":     "gc1",  // contractors alone upload
	"GET /console/blacklist/proposals/{id}": "city", // the city proposed it, on a project beyond the district
}

// consoleStatus is the status a console page answers with, where it is not
// a 2xx: both send the person on, and the page they land on is walked.
var consoleStatus = map[string]int{
	"GET /console/{$}":  303, // home is the person's queue
	"GET /console/lang": 303, // switching the language sets a cookie and goes back
}

// walkConsole reads every GET page of the console through the router, in
// the console's order, each with its parameters filled and a session
// allowed to read it, and the cookies earlier pages set, as a browser keeps
// them (evidence.sig serves the signature the evidence download left in
// one). The stylesheet and the sign-in and language pages are walked too:
// they must not touch the database, and this says so.
func walkConsole(t *testing.T, w *world, writes *store.WriteLog, params, sessions map[string]string, seen map[string]bool) {
	t.Helper()
	jar := map[string]string{}
	for _, pattern := range console.Routes() {
		path, ok := strings.CutPrefix(pattern, "GET ")
		if !ok {
			continue
		}
		seen[pattern] = true
		if strings.HasSuffix(path, "/static/") {
			path += "style.css" // a subtree: one file in it
		}
		path, ok = fillParams(t, strings.TrimSuffix(path, "{$}"), params)
		if !ok {
			continue
		}
		who := consoleCallers[pattern]
		if who == "" {
			who = "district"
		}
		cookies := "wg_session=" + sessions[who]
		for name, v := range jar {
			cookies += "; " + name + "=" + v
		}
		r := checkGet(t, w, writes, pattern, path, "", consoleStatus[pattern], "Cookie", cookies)
		checkHead(t, w, writes, pattern, path, "Cookie", cookies)
		for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
			jar[ck.Name] = ck.Value
		}
	}
}

// checkGet reads path (the request name) with key and headers, and holds
// what it wrote to getWrites; it must answer status, or any 2xx if 0.
func checkGet(t *testing.T, w *world, writes *store.WriteLog, name, path, key string, status int, headers ...string) resp {
	t.Helper()
	if _, ok := getWrites[name]; ok {
		w.org(ledger.OrgSubcontractor, "130100") // an audit record queued: something to seal
	}
	mark := writes.Len()
	r := w.get(path, key, headers...)
	if status != 0 && r.Status != status || status == 0 && (r.Status < 200 || r.Status > 299) {
		t.Errorf("%s (%s): status %d, want a successful read: %.300s", name, path, r.Status, r.Body)
	}
	checkGetWrites(t, name, writes.Since(mark))
	return r
}

// checkHead sends HEAD where the GET request name went (path, with
// headers): refused with 405 naming GET, and nothing written. Neither the
// API nor the console serves HEAD: the console's mux would otherwise run
// the GET handler, and a GET that writes on purpose (getWrites) would
// write for a response nobody receives.
func checkHead(t *testing.T, w *world, writes *store.WriteLog, name, path string, headers ...string) {
	t.Helper()
	mark := writes.Len()
	req := httptest.NewRequest(http.MethodHead, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	w.api.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed || !strings.Contains(rec.Header().Get("Allow"), "GET") {
		t.Errorf("HEAD of %s (%s): status %d, Allow %q; want 405 naming GET", name, path, rec.Code, rec.Header().Get("Allow"))
	}
	if got := writes.Since(mark); len(got) > 0 {
		t.Errorf("HEAD of %s wrote:\n\t%s", name, strings.Join(got, "\n\t"))
	}
}

// get sends a GET; the console's pages (HTML, its own router) are not the
// API's and are not checked against its contract.
func (w *world) get(path, key string, headers ...string) resp {
	if !strings.HasPrefix(path, console.Prefix) {
		return w.do("GET", path, key, nil, headers...)
	}
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	w.api.Handler().ServeHTTP(rec, req)
	return resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes(), Req: req}
}

// checkGetWrites holds one request's writes to getWrites.
func checkGetWrites(t *testing.T, name string, got []string) {
	t.Helper()
	allowed, ok := getWrites[name]
	switch {
	case !ok && len(got) > 0:
		t.Errorf("%s wrote, and a GET writes nothing unless getWrites says why:\n\t%s", name, strings.Join(got, "\n\t"))
	case ok && len(got) == 0:
		t.Errorf("%s wrote nothing, yet getWrites says it writes (%s): take it off the list", name, allowed.why)
	case ok:
		t.Logf("%s wrote, as getWrites says (%s):\n\t%s", name, allowed.why, strings.Join(got, "\n\t"))
		for _, wr := range got {
			// A write is "WithTx; STATEMENT; …" or "outside a transaction: STATEMENT".
			_, outside, _ := strings.Cut(wr, "outside a transaction: ")
			for _, stmt := range append(strings.Split(wr, "; ")[1:], outside) {
				if stmt == "" {
					continue
				}
				if !writesOneOf(stmt, strings.Fields(allowed.tables)) {
					t.Errorf("%s wrote %q, beyond its tables in getWrites (%s)", name, stmt, allowed.tables)
				}
			}
		}
	}
}

func writesOneOf(stmt string, tables []string) bool {
	for _, f := range strings.Fields(stmt) {
		for _, tb := range tables {
			if strings.Trim(f, "(,") == tb {
				return true
			}
		}
	}
	return false
}

// getParams is a value for each path parameter of the GET routes, on the
// world w: an ID after the segment it follows ("projects/:id"), a payslip
// link, its token's ID, a complaint's receipt code, the console's
// "alerts/{id}"-style ones; and the console's sessions, by caller.
func (w *world) getParams(t *testing.T) (params, sessions map[string]string) {
	t.Helper()
	w.keys["anon"] = ""
	run := w.runCheck(w.admin)["id"].(string)
	alert := w.alertOf(w.p1, ledger.RuleWagesUnpaid)
	ord := w.must(201, "POST", "/api/v1/alerts/"+alert+"/orders", w.keys["district"], map[string]any{}).str(t, "id")
	proposal := w.proposeOn(w.p2, "city")["id"].(string)
	var token, tokenID string
	for _, it := range w.must(200, "POST", "/api/v1/payrolls/"+w.pay1+"/payslips", w.keys["gc1"], nil).json(t)["items"].([]any) {
		if m := it.(map[string]any); m["enrolment_id"] == w.enr1 {
			token, tokenID = tokenOf(t, m["url"].(string)), m["id"].(string)
		}
	}
	code := w.must(201, "POST", "/api/v1/payslips/"+token+"/complaints", "", map[string]any{"summary": "十月工资未发"}).Header.Get(httpapi.ReceiptHeader)
	sessions = map[string]string{}
	for _, who := range []string{"district", "city", "gc1"} {
		s, _, err := w.svc.StartConsoleSession(context.Background(), w.keys[who], time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		sessions[who] = s
	}
	complaint := w.complaintOn(w.p1, "district")
	params = map[string]string{
		"organizations/:id": w.gc1, "projects/:id": w.p1, "payrolls/:id": w.pay1, "instructions/:id": w.ins1,
		"workers/:id": w.enr1, "alerts/:id": alert, "complaints/:id": complaint, "orders/:id": ord,
		"proposals/:id": proposal, "checks/:id": run, "guarantees/:id": w.gua1,
		":enrolment_id": w.enr1, ":token_id": tokenID, ":token": token, ":code": code, ":kind": "payroll",
		// the console's pages, behind its own router
		"alerts/{id}": alert, "projects/{id}": w.p1, "{enrolment}": w.enr1, "payrolls/{id}": w.pay1,
		"complaints/{id}": complaint, "orders/{id}": ord, "proposals/{id}": proposal, "{token}": token,
	}
	return params, sessions
}

// fillParams puts params' values in path's parameters; a parameter with
// none fails the test with the route, which a new kind of parameter needs.
func fillParams(t *testing.T, path string, params map[string]string) (string, bool) {
	t.Helper()
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, ":") && !strings.HasPrefix(s, "*") && !strings.HasPrefix(s, "{") {
			continue
		}
		v, ok := params[s]
		if !ok && i > 0 {
			v, ok = params[segs[i-1]+"/"+s]
		}
		if !ok {
			t.Errorf("GET %s: no value for its path parameter %s: give getParams one", path, s)
			return "", false
		}
		segs[i] = v
	}
	return strings.Join(segs, "/"), true
}
