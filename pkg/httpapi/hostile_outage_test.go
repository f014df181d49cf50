package httpapi_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Issue 16, item 15: with PostgreSQL down every request answered 500; it
// answers 503 with Retry-After and the code unavailable, while /healthz
// stays 200 (the process is up) and /readyz is 503.
func TestDatabaseOutageAnswers503(t *testing.T) {
	admin := os.Getenv(storetest.EnvDatabaseURL)
	if storetest.Shared() {
		// The shared Citus database (storetest.New gives it): the proxy
		// stands before its coordinator.
		admin = os.Getenv(storetest.EnvCitusURL)
	}
	if admin == "" {
		if storetest.RequirePostgres() {
			t.Fatal("PostgreSQL tests need " + storetest.EnvDatabaseURL)
		}
		t.Skip("no PostgreSQL")
	}
	t.Parallel()
	ctx := context.Background()
	direct := storetest.New(t, "postgres")
	var name string
	if err := direct.Get(ctx, &name, "SELECT current_database()"); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	p := storetest.StartProxy(t, u.Host)
	u.Host, u.Path = p.Addr(), "/"+name
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := newEnv(t, db)
	e.org(ledger.OrgOwner, "110105")
	session, _, err := e.svc.StartConsoleSession(ctx, e.admin, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	p.Close() // the server is gone: connections dropped, new ones refused
	for _, r := range []struct{ method, path string }{
		{"GET", "/api/v1/organizations"},
		{"POST", "/api/v1/organizations"},
	} {
		var body any
		if r.method == "POST" {
			body = map[string]any{"name": "o", "uscc": uscc(t, nextSeq()), "kind": "owner", "region_code": "110105"}
		}
		got := e.do(r.method, r.path, e.admin, body)
		if got.Status != 503 || got.Header.Get("Retry-After") == "" || got.str(t, "code") != "unavailable" {
			t.Errorf("%s %s with the database down: %d Retry-After %q %s", r.method, r.path, got.Status, got.Header.Get("Retry-After"), got.Body)
		}
	}
	// A console page too: 503 with Retry-After and a page that says to try
	// again, logged as a warning, not as a failure of the console.
	// (Not through e.do: the console's pages are not operations of the
	// OpenAPI document.)
	req := httptest.NewRequest("GET", "/console/alerts", nil)
	req.Header.Set("Cookie", "wg_session="+session)
	req.Header.Set("Accept-Language", "en")
	page := httptest.NewRecorder()
	e.api.Handler().ServeHTTP(page, req)
	if page.Code != 503 || page.Header().Get("Retry-After") == "" || !strings.Contains(page.Body.String(), "cannot be reached just now") {
		t.Errorf("a console page with the database down: %d Retry-After %q %s", page.Code, page.Header().Get("Retry-After"), page.Body)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "console request failed: database unavailable") || strings.Contains(logs, `"msg":"console request failed",`) {
		t.Errorf("a console page with the database down is not logged as a warning of an outage:\n%s", logs)
	}
	if got := e.do("GET", "/healthz", "", nil); got.Status != 200 {
		t.Errorf("/healthz with the database down: %d", got.Status)
	}
	if got := e.do("GET", "/readyz", "", nil); got.Status != 503 || got.Header.Get("Retry-After") == "" {
		t.Errorf("/readyz with the database down: %d %s", got.Status, got.Body)
	}
}

// Issue 16, item 15: two Authorization headers were accepted (the first
// one honoured), and an admin key could be made for a contractor.
func TestAuthorizationHeadersAndAdminKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gc := e.org(ledger.OrgGeneralContractor, "110105")
		key := e.key(gc, ledger.RoleContractor)
		r := e.doHeaders("GET", "/api/v1/organizations", [][2]string{{"Authorization", "Bearer " + e.admin}, {"Authorization", "Bearer " + key}})
		if r.Status != 401 {
			t.Errorf("two Authorization headers: %d %s", r.Status, r.Body)
		}
		if r := e.do("POST", "/api/v1/organizations/"+gc+"/keys", e.admin, map[string]any{"role": "admin", "label": "x"}); r.Status != 422 ||
			strings.Join(errorsOf(t, r), " ") != "0:role:wrong_kind" {
			t.Errorf("an admin key for a contractor: %d %s", r.Status, r.Body)
		}
	})
}

// doHeaders sends a bodiless request with headers added as given, so that
// a header may be sent twice.
func (e *env) doHeaders(method, path string, headers [][2]string) resp {
	e.t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for _, h := range headers {
		req.Header.Add(h[0], h[1])
	}
	w := httptest.NewRecorder()
	e.api.Handler().ServeHTTP(w, req)
	checkContract(e.t, req, nil, w.Code, w.Header(), w.Body.Bytes())
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}
