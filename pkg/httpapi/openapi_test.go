package httpapi_test

import (
	"bufio"
	"bytes"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/schemas"
)

// TestOpenAPIDescribesEveryRoute keeps schemas/openapi.yaml and the router in
// step: every route is described, and nothing described is missing.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	described := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(schemas.OpenAPI))
	inPaths, path := false, ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "paths:":
			inPaths = true
		case inPaths && strings.HasPrefix(line, "  /") && strings.HasSuffix(line, ":"):
			path = strings.TrimSuffix(strings.TrimSpace(line), ":")
		case inPaths && path != "" && len(line) > 4 && line[:4] == "    " && line[4] != ' ' && strings.HasSuffix(line, ":"):
			method := strings.ToUpper(strings.TrimSuffix(strings.TrimSpace(line), ":"))
			described[method+" "+path] = true
		}
	}
	api := httpapi.New(service.New(nil, nil), httpapi.Options{})
	routed := map[string]bool{}
	for _, r := range api.Routes() {
		p := strings.TrimPrefix(r.Path, "/api/v1")
		parts := strings.Split(p, "/")
		for i, s := range parts {
			if strings.HasPrefix(s, ":") {
				parts[i] = "{" + s[1:] + "}"
			}
		}
		routed[r.Method+" "+strings.Join(parts, "/")] = true
	}
	var missing, extra []string
	for r := range routed {
		if !described[r] {
			missing = append(missing, r)
		}
	}
	for d := range described {
		if !routed[d] {
			extra = append(extra, d)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes not in schemas/openapi.yaml: %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("schemas/openapi.yaml describes routes that do not exist: %v", extra)
	}
	if len(described) < 10 {
		t.Fatalf("parsed only %d operations from openapi.yaml", len(described))
	}
}

// TestOpenAPIServesCodeGenerators holds schemas/openapi.yaml to what banks'
// code generators need: a valid document, a unique camelCase operationId on
// every operation, and a schema for every answer's content.
func TestOpenAPIServesCodeGenerators(t *testing.T) {
	doc, _, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	camel := regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)
	seen := map[string]string{}
	operations := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			operations++
			where := method + " " + path
			switch {
			case !camel.MatchString(op.OperationID):
				t.Errorf("%s: operationId %q is not camelCase", where, op.OperationID)
			case seen[op.OperationID] != "":
				t.Errorf("%s: operationId %q is also %s's", where, op.OperationID, seen[op.OperationID])
			}
			seen[op.OperationID] = where
			if op.Responses == nil || op.Responses.Len() == 0 {
				t.Errorf("%s: no responses", where)
				continue
			}
			for status, r := range op.Responses.Map() {
				if len(r.Value.Content) == 0 {
					t.Errorf("%s: the %s answer has no content", where, status)
				}
				for mt, c := range r.Value.Content {
					if c.Schema == nil {
						t.Errorf("%s: the %s answer's %s has no schema", where, status, mt)
					}
				}
			}
		}
	}
	if operations < 30 {
		t.Fatalf("found only %d operations", operations)
	}
}
