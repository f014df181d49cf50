package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/wageguard/wageguard/ledger"
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
		return ledger.Errorf(ledger.EUnavailable, "not healthy: %s %s", req.URL.Host, unreachable(err))
	}
	defer r.Body.Close()
	if r.StatusCode != http.StatusOK {
		return ledger.Errorf(ledger.EUnavailable, "not healthy: /readyz answered %d", r.StatusCode)
	}
	m.say(m.Stdout, "healthy\n")
	return nil
}

// unreachable says in words why a server did not answer (the network's
// own error is English and names system calls).
func unreachable(err error) ledger.Msg {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return ledger.M("has nothing listening: is the server running, on this --addr?")
	case errors.Is(err, context.DeadlineExceeded) || os.IsTimeout(err):
		return ledger.M("did not answer within 3 seconds")
	}
	return ledger.M("cannot be reached: check --addr (host:port)")
}

// listenError says in words why serve cannot listen on addr.
func listenError(addr string, err error) error {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return ledger.Errorf(ledger.EUnavailable, "cannot listen on %s: another program is listening there; stop it, or choose another --addr", addr)
	case errors.Is(err, syscall.EACCES):
		return ledger.Errorf(ledger.EForbidden, "cannot listen on %s: not permitted (a port below 1024 needs privileges); choose another --addr", addr)
	}
	return ledger.Errorf(ledger.EInvalid, "cannot listen on %s: check --addr (host:port, and the host is one of this machine's addresses)", addr)
}
