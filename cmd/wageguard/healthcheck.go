package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// healthcheck asks the server at --addr for /readyz: the container is
// healthy when the service can serve, which needs its database (issue 16,
// item 15: /healthz, "the process is up", stayed 200 while the database was
// down, and the orchestrator kept routing to a server that answered every
// request with an error). The container image has no curl, so the binary
// checks itself.
func (m *Main) healthcheck(ctx context.Context, args []string) error {
	cfg, _, err := m.flags("healthcheck", args, nil)
	if err != nil {
		return err
	}
	host, port, _ := net.SplitHostPort(cfg.Addr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		return err
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("not healthy: %w", err)
	}
	defer r.Body.Close()
	if r.StatusCode != http.StatusOK {
		return fmt.Errorf("not healthy: /readyz answered %d", r.StatusCode)
	}
	fmt.Fprintln(m.Stdout, "healthy")
	return nil
}
