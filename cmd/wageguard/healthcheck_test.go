package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// Issue 16, item 15: the container's health check asked /healthz, which
// stays 200 while the database is down; it asks /readyz.
func TestHealthcheckNeedsReadiness(t *testing.T) {
	var ready atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/healthz", r.URL.Path == "/readyz" && ready.Load():
			w.Write([]byte(`{"status":"ok"}`))
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	if code, out, _ := run(t, nil, "healthcheck", "--addr", addr); code == 0 {
		t.Errorf("healthy while the database is down: %s", out)
	}
	ready.Store(true)
	if code, out, stderr := run(t, nil, "healthcheck", "--addr", addr); code != 0 || !strings.Contains(out, "healthy") {
		t.Errorf("not healthy when ready: %d %s %s", code, out, stderr)
	}
}
