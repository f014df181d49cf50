package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/wageguard/wageguard/pkg/demo"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/scheduler"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/spool"
)

// openSpool makes the private spool directory and removes what a process
// that died left in it: uploads encrypted under keys that died with it.
func openSpool(path string, log *slog.Logger) (*spool.Dir, error) {
	d, err := spool.Open(spool.Default(path))
	if err != nil {
		return nil, err
	}
	n, err := d.RemoveLeftovers()
	if err != nil {
		return nil, fmt.Errorf("spool: unable to read %s: %w", d.Path(), err)
	}
	if n > 0 {
		log.Info("removed uploads left in the spool directory by an earlier run", "files", n, "dir", d.Path())
	}
	return d, nil
}

// serve migrates, then runs the HTTP API and the audit sealer until ctx is
// cancelled (SIGINT or SIGTERM): in-flight requests finish, the sealer seals
// what they queued, then the database closes.
func (m *Main) serve(ctx context.Context, args []string) error {
	var df demoFlags
	cfg, _, err := m.flags("serve", args, df.registerServe)
	if err != nil {
		return err
	}
	var shown *demo.Result // the demo's keys, printed once the server listens
	if df.on {
		dir, err := m.demoDatabase(&cfg, args)
		if err != nil {
			return err
		}
		if dir != "" {
			defer os.RemoveAll(dir)
		}
		if shown, err = m.loadDemo(ctx, cfg, df); err != nil {
			return err
		}
	}
	log := m.logger(cfg)
	// The policy file and the key file are read, and the key checked against
	// the database, before the database is migrated: a bad policy, or a
	// missing or wrong key, changes nothing.
	policy, err := loadPolicy(cfg.PolicyFile)
	if err != nil {
		return err
	}
	ring, err := m.loadKeyFile(cfg, keyRequired)
	if err != nil {
		return err
	}
	db, err := m.open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, first, err := m.keysFor(ctx, cfg, db, ring, keyRequired, log)
	if err != nil {
		return err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	for _, a := range applied {
		log.Info("applied migration", "migration", a)
	}
	if err := m.attestOnUpgrade(ctx, db, keys, applied, log); err != nil {
		return err
	}
	if err := m.recordFirstUse(ctx, db, first, log); err != nil {
		return err
	}
	spooled, err := openSpool(cfg.SpoolPath(), log)
	if err != nil {
		return err
	}
	svc := m.service(db, keys, log)
	svc.Policy = policy
	if w := svc.CalendarWarning(); w.Key != "" {
		log.Warn(w.String())
	}
	// The policy file may bring a State Council notice that provisional
	// deadlines (complaints', orders to pay's, blacklist reply periods')
	// were waiting for: they are counted again (and each night).
	if n, err := svc.RecomputeDeadlines(service.WithCaller(ctx, service.CLI)); err != nil {
		return err
	} else if n > 0 {
		log.Info("deadlines counted again on the calendar as loaded", "deadlines", n)
	}
	nightly, err := startNightly(cfg.CheckSchedule, svc, log)
	if err != nil {
		return err
	}
	defer nightly.Stop() // before the database closes: a running check is cancelled
	api := httpapi.New(svc, httpapi.Options{
		Log:            log,
		PublicURL:      cfg.PublicURL,
		TrustedProxies: cfg.TrustedProxyList(),
		Ready:          db.Ping,
		Spool:          spooled,
		Pool: func() httpapi.PoolStats {
			s := db.Stats()
			return httpapi.PoolStats{Open: s.OpenConnections, InUse: s.InUse, Idle: s.Idle, WaitCount: s.WaitCount, WaitDuration: s.WaitDuration}
		},
	})
	srv := &http.Server{
		Handler:           api.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // payroll files can be large on a slow line
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return listenError(cfg.Addr, err)
	}
	log.Info("wageguard is serving", "addr", ln.Addr().String(), "database", db.URL(), "dialect", db.Dialect.Name)
	if shown != nil {
		shown.Print(m.Stdout, consoleURL(ln.Addr().String()), m.lang)
	}
	if m.OnListen != nil {
		m.OnListen(ln.Addr().String())
	}
	// Request hashes an earlier build kept bare go under the secret key, once
	// serve listens (a bare one replays meanwhile, as it did): a large table
	// does not hold the start up, and an error is retried, not fatal.
	keyCtx, stopKeying := context.WithCancel(context.Background())
	keyingDone := make(chan struct{})
	go func() { keyBareHashes(keyCtx, svc, log, m.keyRetry()); close(keyingDone) }()
	defer func() { stopKeying(); <-keyingDone }()
	sealCtx, stopSealer := context.WithCancel(context.Background())
	sealerDone := make(chan struct{})
	go func() { svc.RunAuditSealer(sealCtx, service.AuditSealInterval); close(sealerDone) }()
	defer func() { stopSealer(); <-sealerDone }()
	keyChanged := make(chan error, 1)
	watchCtx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	go watchSecretKey(watchCtx, db, keys.Active(), cmp.Or(m.KeyWatchInterval, keyWatchInterval), keyChanged)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var stopped error
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	case stopped = <-keyChanged:
		log.Error("stopping: " + stopped.Error())
	}
	log.Info("shutting down: waiting for in-flight requests", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return stopped
}

// keyBareHashes runs svc.KeyBareRequestHashes until it succeeds (once per
// database: it records itself done) or ctx ends, waiting retry between
// attempts.
func keyBareHashes(ctx context.Context, svc *service.Service, log *slog.Logger, retry time.Duration) {
	for {
		n, err := svc.KeyBareRequestHashes(ctx)
		if n > 0 {
			log.Info("put the request hashes of earlier Idempotency-Keys under the secret key", "keys", n)
		}
		if err == nil || ctx.Err() != nil {
			return
		}
		log.Warn("unable to put earlier request hashes under the secret key; retrying", "error", err.Error(), "retry", retry.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(retry):
		}
	}
}

// keyRetry is how long keyBareHashes waits after an error.
func (m *Main) keyRetry() time.Duration { return cmp.Or(m.KeyRetryInterval, time.Minute) }

// startNightly schedules the nightly check: the nights missed while the
// server was down at once, then on the schedule (Asia/Shanghai).
func startNightly(spec string, svc *service.Service, log *slog.Logger) (*scheduler.Scheduler, error) {
	return scheduler.Start(spec, func(ctx context.Context) error {
		runs, err := svc.RunNightly(service.WithCaller(ctx, service.System))
		for _, r := range runs {
			log.Info("nightly check", "run", r.ID, "as_of", r.AsOf.String(), "status", r.Status, "projects", r.Projects, "duration", r.Duration.String())
		}
		return err
	}, log)
}
