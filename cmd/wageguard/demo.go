package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/config"
	"github.com/wageguard/wageguard/pkg/demo"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// demoFlags are the flags of `demo` and of `serve --demo`.
type demoFlags struct {
	on         bool // serve --demo
	seed       int64
	asOf       string
	workers    int
	everyNight bool
}

func (d *demoFlags) register(fs *flag.FlagSet) {
	fs.Int64Var(&d.seed, "seed", 1, "the demo's seed: the same seed and --as-of give the same people, money and alerts")
	fs.StringVar(&d.asOf, "as-of", "", "the demo's today, YYYY-MM-DD: its six months end the day before (default: today, Asia/Shanghai)")
	fs.IntVar(&d.workers, "workers", 300, "about how many workers the demo's projects employ")
	fs.BoolVar(&d.everyNight, "every-night", true, "check every night of the six months, so that every alert has its history (--every-night=false: every night of the last eight weeks, one a week before, which loads faster)")
}

func (d *demoFlags) registerServe(fs *flag.FlagSet) {
	fs.BoolVar(&d.on, "demo", false, "load the demo first, into a fresh embedded database in a temporary directory unless --database-url names one")
	d.register(fs)
}

// demo loads the demonstration data and prints its sign-in keys: into the
// database --database-url names, which must be empty, or else into a fresh
// embedded one in a temporary directory, which it keeps and names.
func (m *Main) demo(ctx context.Context, args []string) error {
	var df demoFlags
	cfg, _, err := m.flags("demo", args, df.register)
	if err != nil {
		return err
	}
	if _, err := m.demoDatabase(&cfg, args); err != nil {
		return err
	}
	res, err := m.loadDemo(ctx, cfg, df)
	if err != nil {
		return err
	}
	res.Print(m.Stdout, consoleURL(cfg.Addr), m.lang)
	m.say(m.Stdout, "\nThe database is %s; serve it with:\n  wageguard serve --database-url %s --secret-key-file %s\n", cfg.DatabaseURL, cfg.DatabaseURL, cfg.KeyFile())
	return nil
}

// demoDatabase points cfg at a fresh embedded database in a new temporary
// directory, which it returns, unless the command line or the environment
// names a database: the demo never lands in ./wageguard.db by default.
func (m *Main) demoDatabase(cfg *config.Config, args []string) (string, error) {
	if m.Getenv("WAGEGUARD_DATABASE_URL") != "" || namesFlag(args, "database-url") {
		return "", nil
	}
	dir, err := os.MkdirTemp("", "wageguard-demo-")
	if err != nil {
		return "", err
	}
	cfg.DatabaseURL = "sqlite://" + filepath.Join(dir, "wageguard.db")
	cfg.SecretKeyFile = filepath.Join(dir, "wageguard.key")
	return dir, nil
}

// namesFlag says whether args set the flag name (-name, --name, with or
// without =value).
func namesFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		a = strings.TrimLeft(a, "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

// loadDemo migrates cfg's database and loads the demo into it, the
// database's clock moved through the six months by the simulation.
func (m *Main) loadDemo(ctx context.Context, cfg config.Config, df demoFlags) (*demo.Result, error) {
	asOf := ledger.DateOf(m.now())
	if df.asOf != "" {
		d, err := ledger.ParseDate(df.asOf)
		if err != nil {
			return nil, usageError{"--as-of: " + ledger.ErrorMessage(err)}
		}
		if d.After(asOf) {
			return nil, usageError{fmt.Sprintf("--as-of %s is after today, %s: the demo's six months end before its today", d, asOf)}
		}
		asOf = d
	}
	policy, err := loadPolicy(cfg.PolicyFile)
	if err != nil {
		return nil, err
	}
	ring, err := m.loadKeyFile(cfg, keyRequired)
	if err != nil {
		return nil, err
	}
	clock := demo.NewClock(m.now())
	db, err := store.Open(ctx, cfg.DatabaseURL, store.WithClock(clock.Now))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	log := slog.New(slog.DiscardHandler)
	keys, first, err := m.keysFor(ctx, cfg, db, ring, keyRequired, m.logger(cfg))
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if err := m.recordFirstUse(ctx, db, first, log); err != nil {
		return nil, err
	}
	svc := m.service(db, keys, log)
	svc.Policy = policy
	m.say(m.Stderr, "loading the demo into %s (six months, day by day)…\n", db.URL())
	res, err := demo.Load(ctx, svc, clock, demo.Options{Seed: df.seed, AsOf: asOf, Workers: df.workers, EveryNight: df.everyNight})
	if err != nil {
		return nil, err
	}
	_, err = svc.SealAudit(service.WithCaller(ctx, service.CLI))
	return res, err
}

func (m *Main) now() time.Time {
	if m.Clock != nil {
		return m.Clock()
	}
	return time.Now()
}

// consoleURL is the console's address on a server listening on addr.
func consoleURL(addr string) string {
	if strings.HasPrefix(addr, ":") {
		addr = "127.0.0.1" + addr
	}
	return "http://" + addr + "/console/"
}
