package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/wageguard/wageguard/schemas"
)

// contract is schemas/openapi.yaml, loaded once, with a router over its paths.
var contract struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// loadContract loads and validates the OpenAPI document. Its servers are
// dropped so that operations match paths with the /api/v1 prefix taken off
// (the health routes have none).
func loadContract() (*openapi3.T, routers.Router, error) {
	contract.once.Do(func() {
		// The bank file's records have different lengths (header, detail,
		// trailer): its body is checked as text, not as one CSV table.
		openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.PlainBodyDecoder)
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(schemas.OpenAPI)
		if err != nil {
			contract.err = err
			return
		}
		if err := doc.Validate(loader.Context); err != nil {
			contract.err = err
			return
		}
		doc.Servers = nil
		for _, item := range doc.Paths.Map() {
			item.Servers = nil
			for _, op := range item.Operations() {
				op.Servers = nil
			}
		}
		contract.doc = doc
		contract.router, contract.err = gorillamux.NewRouter(doc)
	})
	return contract.doc, contract.router, contract.err
}

// checkContract fails the test unless the response to req is one that
// schemas/openapi.yaml declares, and, when the server accepted the request
// (2xx), the request too (sent is its body).
func checkContract(t *testing.T, req *http.Request, sent []byte, status int, header http.Header, body []byte) {
	t.Helper()
	if status < 300 {
		if err := requestViolation(req, sent); err != nil {
			t.Fatalf("%s %s was accepted (%d) but is not a request schemas/openapi.yaml describes: %v\nrequest: %s", req.Method, req.URL.Path, status, err, clip(sent))
		}
	}
	if err := contractViolation(req, status, header, body); err != nil {
		t.Fatalf("%s %s answered %d, against schemas/openapi.yaml: %v\nbody: %s", req.Method, req.URL.Path, status, err, clip(body))
	}
}

// contractViolation says how an answer breaks schemas/openapi.yaml: its
// status must be among the operation's responses, its content type among
// that response's, its body valid against the schema. A request that no
// operation matches must be answered with a 404 or 405 problem document.
func contractViolation(req *http.Request, status int, header http.Header, body []byte) error {
	doc, router, err := loadContract()
	if err != nil {
		return err
	}
	probe := req.Clone(context.Background())
	probe.URL.Path = strings.TrimPrefix(probe.URL.Path, "/api/v1")
	probe.Body = http.NoBody
	route, params, err := router.FindRoute(probe)
	if errors.Is(err, routers.ErrPathNotFound) || errors.Is(err, routers.ErrMethodNotAllowed) {
		return unroutedViolation(doc, status, header, body)
	}
	if err != nil {
		return fmt.Errorf("finding its operation: %w", err)
	}
	resp := route.Operation.Responses.Status(status)
	if resp == nil || resp.Value == nil {
		return fmt.Errorf("%s declares no %d answer", route.Operation.OperationID, status)
	}
	if len(body) > 0 && len(resp.Value.Content) == 0 {
		return fmt.Errorf("%s declares no content for its %d answer, which has a body", route.Operation.OperationID, status)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("%s: %w", route.Operation.OperationID, err)
	}
	return nil
}

// requestViolation says how a request the server accepted differs from what
// schemas/openapi.yaml says the operation takes: parameters and body.
func requestViolation(req *http.Request, sent []byte) error {
	_, router, err := loadContract()
	if err != nil {
		return err
	}
	probe := req.Clone(context.Background())
	probe.URL.Path = strings.TrimPrefix(probe.URL.Path, "/api/v1")
	probe.Body = io.NopCloser(bytes.NewReader(sent))
	route, params, err := router.FindRoute(probe)
	if err != nil {
		return fmt.Errorf("finding its operation: %w", err)
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: probe, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	})
}

// unroutedViolation checks the answer to a request no operation matches.
func unroutedViolation(doc *openapi3.T, status int, header http.Header, body []byte) error {
	if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
		return fmt.Errorf("no operation matches the request, yet it was answered %d", status)
	}
	if ct := header.Get("Content-Type"); ct != "application/problem+json" {
		return fmt.Errorf("content type %q, want application/problem+json", ct)
	}
	v, err := decodeJSON(body)
	if err != nil {
		return fmt.Errorf("the problem is not JSON: %w", err)
	}
	if err := doc.Components.Schemas["Problem"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
		return fmt.Errorf("not a problem document: %w", err)
	}
	return nil
}

// TestContractCheckRefusesWhatIsNotDeclared shows the check that every HTTP
// test applies to every answer can fail: an undeclared status, a field
// missing, one too many, money as a number, a wrong content type.
func TestContractCheckRefusesWhatIsNotDeclared(t *testing.T) {
	jsonCT := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	problem := http.Header{"Content-Type": {"application/problem+json"}}
	org := `{"id":"org_1","name":"n","uscc":"u","kind":"owner","region_code":"110105","created_at":"2026-11-30T07:42:54Z"}`
	get := httptest.NewRequest("GET", "/api/v1/organizations/org_1", nil)
	inflow := httptest.NewRequest("POST", "/api/v1/bank/inflows", nil)
	inflowBody := `{"id":"inf_1","project_id":"prj_1","bank_ref":"B","account_no":"1","amount":%s,"received_on":"2026-10-30","payer":"p","entry_id":"ent_1","result":"applied"}`
	for _, c := range []struct {
		name   string
		req    *http.Request
		status int
		header http.Header
		body   string
		ok     bool
	}{
		{"as declared", get, 200, jsonCT, org, true},
		{"a problem as declared", get, 404, problem, `{"type":"t","title":"Not Found","status":404,"detail":"d","code":"not_found"}`, true},
		{"an undeclared status", get, 202, jsonCT, org, false},
		{"a field missing", get, 200, jsonCT, strings.Replace(org, `"uscc":"u",`, "", 1), false},
		{"a field not in the schema", get, 200, jsonCT, strings.Replace(org, `{`, `{"extra":1,`, 1), false},
		{"a problem as JSON", get, 404, jsonCT, `{"type":"t","title":"Not Found","status":404,"detail":"d","code":"not_found"}`, false},
		{"money as a string", inflow, 201, jsonCT, fmt.Sprintf(inflowBody, `"20000.00"`), true},
		{"money as a number", inflow, 201, jsonCT, fmt.Sprintf(inflowBody, `20000`), false},
		{"money with three places", inflow, 201, jsonCT, fmt.Sprintf(inflowBody, `"1.005"`), false},
		{"an unknown route with a problem", httptest.NewRequest("GET", "/api/v1/nothing", nil), 404, problem, `{"type":"t","title":"Not Found","status":404,"detail":"d","code":"not_found"}`, true},
		{"an unknown route answered 200", httptest.NewRequest("GET", "/api/v1/nothing", nil), 200, jsonCT, `{}`, false},
	} {
		err := contractViolation(c.req, c.status, c.header, []byte(c.body))
		if (err == nil) != c.ok {
			t.Errorf("%s: violation %v, want ok %v", c.name, err, c.ok)
		}
	}
	// A request the server accepted must be one the document describes.
	post := func(body string) *http.Request {
		r := httptest.NewRequest("POST", "/api/v1/organizations", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	good := `{"name":"n","uscc":"u","kind":"owner","region_code":"110105"}`
	if err := requestViolation(post(good), []byte(good)); err != nil {
		t.Errorf("a described request: %v", err)
	}
	for _, bad := range []string{`{"name":"n","kind":"owner","region_code":"110105"}`, `{"name":"n","uscc":"u","kind":"owner","region_code":"110105","extra":1}`} {
		if requestViolation(post(bad), []byte(bad)) == nil {
			t.Errorf("%s: not refused", bad)
		}
	}
}

func decodeJSON(b []byte) (any, error) {
	var v any
	err := json.Unmarshal(b, &v)
	return v, err
}

func clip(b []byte) []byte {
	if len(b) > 2000 {
		return append(b[:2000:2000], "…"...)
	}
	return b
}
