package httpapi_test

import (
	"bufio"
	"bytes"
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
