package httpapi_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wageguard/wageguard/pkg/httpapi"
)

// notResources are the media types of answers that are not a resource's
// JSON, so have no golden: each is pinned by tests of its own.
var notResources = map[string]string{
	"application/yaml": "the OpenAPI document itself (openapi_test.go)",
	"text/plain":       "Prometheus metrics (api_test.go)",
	"text/csv":         "templates, bank files, the public list and statistics as CSV: their columns are the formats' (formats_test.go, bank_test.go, blacklist_test.go, stats_test.go)",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "workbooks of the same columns (formats_test.go, stats_test.go)",
	"application/zip": "signed evidence bundles (evidence_test.go)",
	"image/svg+xml":   "a payslip link's QR code (payslips_test.go)",
	"text/html":       "the worker's pages (payslips_test.go, receipts_test.go)",
}

// responseSchema names the schema of an answer in schemas/openapi.yaml: its
// component's name, or the operation and status for an inline one.
func responseSchema(op *openapi3.Operation, status string, s *openapi3.SchemaRef) string {
	if s.Ref != "" {
		return strings.TrimPrefix(s.Ref, "#/components/schemas/")
	}
	return op.OperationID + " " + status
}

// servedSchemas are the schemas of every JSON answer with a 2xx status of
// every route in the route table (an error is a Problem, pinned by the
// problem goldens), each with the operations answering with it.
func servedSchemas(t *testing.T, api *httpapi.Server) map[string][]string {
	t.Helper()
	doc, _, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range api.Routes() {
		parts := strings.Split(strings.TrimPrefix(r.Path, "/api/v1"), "/")
		for i, s := range parts {
			if strings.HasPrefix(s, ":") {
				parts[i] = "{" + s[1:] + "}"
			}
		}
		item := doc.Paths.Value(strings.Join(parts, "/"))
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Fatalf("%s %s is not in schemas/openapi.yaml", r.Method, r.Path)
		}
		op := item.GetOperation(r.Method)
		for status, resp := range op.Responses.Map() {
			if !strings.HasPrefix(status, "2") {
				continue
			}
			for mt, c := range resp.Value.Content {
				if _, ok := notResources[mt]; ok {
					continue
				}
				if mt != "application/json" {
					t.Errorf("%s %s answers %s %s, neither JSON nor a media type exempt from goldens (notResources)", r.Method, r.Path, status, mt)
					continue
				}
				name := responseSchema(op, status, c.Schema)
				out[name] = append(out[name], r.Method+" "+r.Path)
			}
		}
	}
	return out
}

// checkGoldenCoverage fails for every resource a route of the table serves
// with no golden, and for a golden file the fixture no longer writes: the
// schema a golden pins is the one schemas/openapi.yaml declares for its
// request and status.
func checkGoldenCoverage(t *testing.T, api *httpapi.Server, goldens []golden) {
	t.Helper()
	_, router, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	pinned, written := map[string]bool{}, map[string]bool{}
	for _, g := range goldens {
		written[g.name+".json"] = true
		probe := g.req.Clone(context.Background())
		probe.URL.Path = strings.TrimPrefix(probe.URL.Path, "/api/v1")
		route, _, err := router.FindRoute(probe)
		if err != nil {
			t.Errorf("golden %s: %s %s is no operation of schemas/openapi.yaml: %v", g.name, g.req.Method, g.req.URL.Path, err)
			continue
		}
		r := route.Operation.Responses.Status(g.status)
		if r == nil || r.Value.Content.Get("application/json") == nil {
			continue // a problem document: application/problem+json
		}
		pinned[responseSchema(route.Operation, fmt.Sprint(g.status), r.Value.Content.Get("application/json").Schema)] = true
	}
	var missing []string
	for name, routes := range servedSchemas(t, api) {
		if !pinned[name] {
			sort.Strings(routes)
			missing = append(missing, fmt.Sprintf("%s (%s)", name, strings.Join(routes, ", ")))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no golden pins the resource %s: add one to goldenFixture", m)
	}
	if len(pinned) < 20 {
		t.Errorf("the goldens pin only %d schemas", len(pinned))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	for _, f := range files {
		if !written[filepath.Base(f)] && !*update {
			t.Errorf("%s: no golden of the fixture writes it (remove it)", f)
		} else if !written[filepath.Base(f)] {
			os.Remove(f)
		}
	}
}
