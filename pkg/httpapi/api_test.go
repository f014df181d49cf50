package httpapi_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

func TestHealthReadyMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r := e.must(200, "GET", "/healthz", "", nil)
		if r.Header.Get("X-Request-ID") == "" {
			t.Error("no request ID on the response")
		}
		e.must(200, "GET", "/readyz", "", nil)
		r = e.must(200, "GET", "/healthz", "", nil, "X-Request-ID", "abc-123")
		if r.Header.Get("X-Request-ID") != "abc-123" {
			t.Errorf("client request ID not kept: %q", r.Header.Get("X-Request-ID"))
		}
		e.must(401, "GET", "/api/v1/projects", "", nil)
		m := string(e.must(200, "GET", "/metrics", "", nil).Body)
		for _, want := range []string{
			`wageguard_http_requests_total{method="GET",route="/healthz",status="200"} 2`,
			`wageguard_http_requests_total{method="GET",route="/api/v1/projects",status="401"} 1`,
			`wageguard_http_request_duration_seconds_bucket{method="GET",route="/readyz"`,
			`wageguard_db_open_connections`,
			"wageguard_confirmation_requests_waiting 0",
		} {
			if !strings.Contains(m, want) {
				t.Errorf("metrics lack %q", want)
			}
		}
		// Every log line carries the request ID; none carries the key.
		logs := e.logs.String()
		if !strings.Contains(logs, `"request_id":"abc-123"`) {
			t.Errorf("access log lacks the request ID:\n%s", logs)
		}
		if strings.Contains(logs, e.admin) || strings.Contains(logs, "Bearer") {
			t.Error("a log line contains the API key")
		}
		db.Close()
		r = e.must(503, "GET", "/readyz", "", nil)
		if !strings.Contains(string(r.Body), "database is not reachable") {
			t.Errorf("readyz body: %s", r.Body)
		}
	})
}

func TestBadRequestsGetProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner := e.org(ledger.OrgOwner, "110105")
		gc := e.org(ledger.OrgGeneralContractor, "110105")
		bank := e.org(ledger.OrgBank, "110105")
		before := e.count("organizations")
		cases := []struct {
			name, path, body string
			status           int
			detail, field    string
		}{
			{"malformed JSON", "/api/v1/organizations", `{"name": "x",`, 400, "not valid JSON", ""},
			{"not an object", "/api/v1/organizations", `[1, 2]`, 422, "must be a", ""},
			{"trailing data", "/api/v1/organizations", `{"name":"x"} {"name":"y"}`, 400, "after the JSON object", ""},
			{"empty body", "/api/v1/organizations", ``, 400, "body is empty", ""},
			{"unknown field", "/api/v1/organizations", `{"nmae":"x"}`, 422, "", "nmae"},
			{"oversized body", "/api/v1/organizations", `{"name":"` + strings.Repeat("x", 70<<10) + `"}`, 413, "larger than the limit", ""},
			{"third decimal", "/api/v1/projects", strings.Replace(jsonOf(t, projectBody("P-1", "110105", owner, gc, bank)), `"12000000.00"`, `"1.005"`, 1), 422, "more than 2 decimal places", ""},
			{"exponent", "/api/v1/projects", strings.Replace(jsonOf(t, projectBody("P-2", "110105", owner, gc, bank)), `"12000000.00"`, `"1e3"`, 1), 422, "not a decimal number", ""},
			{"amount as number", "/api/v1/projects", strings.Replace(jsonOf(t, projectBody("P-3", "110105", owner, gc, bank)), `"12000000.00"`, `12000000`, 1), 422, "decimal string", ""},
		}
		for _, c := range cases {
			r := e.do("POST", c.path, e.admin, c.body)
			if r.Status != c.status {
				t.Errorf("%s: status %d, want %d: %s", c.name, r.Status, c.status, r.Body)
				continue
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("%s: content type %q", c.name, ct)
			}
			p := r.json(t)
			if p["status"].(float64) != float64(c.status) || p["type"] == "" || p["title"] == "" || p["request_id"] == "" {
				t.Errorf("%s: problem lacks fields: %s", c.name, r.Body)
			}
			if c.detail != "" && !strings.Contains(string(r.Body), c.detail) {
				t.Errorf("%s: body %s lacks %q", c.name, r.Body, c.detail)
			}
			if c.field != "" && !strings.Contains(string(r.Body), `"field":"`+c.field+`"`) {
				t.Errorf("%s: body %s does not name field %q", c.name, r.Body, c.field)
			}
		}
		if after := e.count("organizations"); after != before {
			t.Errorf("bad requests stored organisations: %d → %d", before, after)
		}
		if n := e.count("projects"); n != 0 {
			t.Errorf("bad requests stored %d projects", n)
		}
		e.must(404, "GET", "/api/v1/nothing-here", e.admin, nil)
		e.must(405, "DELETE", "/api/v1/projects", e.admin, nil)
	})
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := jsonMarshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestIdempotencyKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		body := map[string]any{"name": "上海建工", "uscc": uscc(t, 9001), "kind": "general_contractor", "region_code": "310115"}
		first := e.must(201, "POST", "/api/v1/organizations", e.admin, body, "Idempotency-Key", "create-sh-1")
		if first.Header.Get("Idempotency-Hit") != "false" {
			t.Errorf("first request Idempotency-Hit = %q", first.Header.Get("Idempotency-Hit"))
		}
		again := e.must(201, "POST", "/api/v1/organizations", e.admin, body, "Idempotency-Key", "create-sh-1")
		if again.Header.Get("Idempotency-Hit") != "true" || string(again.Body) != string(first.Body) {
			t.Errorf("replay: hit=%q body=%s, want the first body %s", again.Header.Get("Idempotency-Hit"), again.Body, first.Body)
		}
		body["name"] = "another"
		r := e.must(409, "POST", "/api/v1/organizations", e.admin, body, "Idempotency-Key", "create-sh-1")
		if !strings.Contains(string(r.Body), "different request") {
			t.Errorf("conflict body: %s", r.Body)
		}
		if n := e.count("organizations"); n != 1 {
			t.Fatalf("%d organisations, want 1", n)
		}
		// Without a key the same request is a new attempt: the duplicate credit code is a conflict.
		body["name"] = "上海建工"
		r = e.must(409, "POST", "/api/v1/organizations", e.admin, body)
		if !strings.Contains(string(r.Body), "credit code already exists") {
			t.Errorf("duplicate: %s", r.Body)
		}
		// A failed request stores nothing under its key: fixing it and retrying works.
		bad := map[string]any{"name": "x", "uscc": "bad", "kind": "bank", "region_code": "310115"}
		e.must(422, "POST", "/api/v1/organizations", e.admin, bad, "Idempotency-Key", "k-2")
		bad["uscc"] = uscc(t, 9002)
		e.must(201, "POST", "/api/v1/organizations", e.admin, bad, "Idempotency-Key", "k-2")

		// Twenty concurrent identical requests with one key create one organisation.
		same := map[string]any{"name": "并发", "uscc": uscc(t, 9003), "kind": "bank", "region_code": "310115"}
		var wg sync.WaitGroup
		bodies := make([]string, 20)
		for i := range bodies {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := e.do("POST", "/api/v1/organizations", e.admin, same, "Idempotency-Key", "k-3")
				if r.Status != 201 {
					t.Errorf("concurrent replay %d: %d %s", i, r.Status, r.Body)
				}
				bodies[i] = string(r.Body)
			}(i)
		}
		wg.Wait()
		for _, b := range bodies {
			if b != bodies[0] {
				t.Fatalf("concurrent replays differ: %s vs %s", b, bodies[0])
			}
		}
		if n := e.count("organizations"); n != 3 {
			t.Fatalf("%d organisations, want 3", n)
		}
		e.must(400, "POST", "/api/v1/organizations", e.admin, same, "Idempotency-Key", "has space")
	})
}
