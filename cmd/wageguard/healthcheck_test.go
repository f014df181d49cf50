package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
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

// A server that is not there, and an address another program holds, are
// said in the user's language, not in the network's English
// ("connect: connection refused", "bind: address already in use").
func TestListenAndHealthErrorsInTheUsersLanguage(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	free := closed.Addr().String()
	closed.Close()
	zh := map[string]string{"LANG": ""}
	if code, _, stderr := run(t, zh, "healthcheck", "--addr", free); code != exitFailure || stderr != "wageguard healthcheck: 不健康："+free+" 上没有程序在监听：服务器是否在运行，地址是否为此 --addr？\n" {
		t.Errorf("healthcheck of nothing: %d %q", code, stderr)
	}
	if code, _, stderr := run(t, nil, "healthcheck", "--addr", free); code != exitFailure || !strings.Contains(stderr, "not healthy: "+free+" has nothing listening") {
		t.Errorf("healthcheck of nothing, in English: %d %q", code, stderr)
	}
	dir := t.TempDir()
	env := map[string]string{"LANG": "", "WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "wageguard.db")}
	code, _, stderr := run(t, env, "serve", "--addr", held.Addr().String())
	if code != exitFailure || !strings.Contains(stderr, "无法在 "+held.Addr().String()+" 上监听：已有其他程序在该地址监听") || strings.Contains(stderr, "bind") {
		t.Errorf("serve on a held address: %d %q", code, stderr)
	}
}
