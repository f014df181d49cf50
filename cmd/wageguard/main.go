// Command wageguard is the one binary: the HTTP API and its administrative
// commands. Main is a struct so that tests run the real commands end to end.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zone database

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/config"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

func main() {
	// gin's mode is a process-wide setting: the program sets it once, here,
	// rather than the API's constructor (test binaries set their own).
	gin.SetMode(gin.ReleaseMode)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Main runs one wageguard command.
type Main struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Clock fixes "now" for tests; time.Now when nil.
	Clock func() time.Time
	// OnListen is told the address serve listens on (tests listen on :0).
	OnListen func(addr string)
	// KeyWatchInterval is how often serve checks that its secret key is
	// still the database's current one; keyWatchInterval when 0.
	KeyWatchInterval time.Duration
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

const usage = `wageguard: the wage ledger for construction sites

usage: wageguard <command> [flags]

commands:
  serve                      run the HTTP API (migrates the database first)
  migrate                    apply pending schema migrations and exit
  keys create --role ROLE [--org ID] [--label TEXT]
                             print a new API key once (--org may be left out for an admin key)
  keys revoke --id KEY_ID    revoke an API key
  keys init-secret FILE      create a secret key file for identity numbers (mode 0600)
  keys rotate-secret [--batch-rows N] [--max-batches N]
                             move every identity number and card to a new secret key version
                             (resumable; stop the servers first)
  keys check FILE            print a key file's versions and check values
  import payroll FILE --project ID --employer ID --period YYYY-MM [--kind supplementary] [--dry-run]
                             submit a payroll file from the shell, with a progress bar
  check --as-of YYYY-MM-DD   run the nightly arrears check for that night and print a summary per rule
  check --from D --to D --policy FILE --dry-run
                             replay those nights under another policy: which alerts would open or close
  ledger verify              prove every entry balances and every cached balance
  audit verify               check the audit trail's hash chains
  healthcheck                ask a running server's /healthz (for container health checks)

Every command takes --database-url (env WAGEGUARD_DATABASE_URL); run
"wageguard <command> -h" for its flags.
`

// Run executes args and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if m.Getenv == nil {
		m.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	sub := ""
	if len(rest) > 0 && (cmd == "keys" || cmd == "ledger" || cmd == "audit" || cmd == "import") {
		sub, rest = rest[0], rest[1:]
	}
	var err error
	switch cmd + " " + sub {
	case "serve ":
		err = m.serve(ctx, rest)
	case "migrate ":
		err = m.migrate(ctx, rest)
	case "keys create":
		err = m.keysCreate(ctx, rest)
	case "keys revoke":
		err = m.keysRevoke(ctx, rest)
	case "keys init-secret":
		err = m.keysInitSecret(rest)
	case "check ":
		err = m.check(ctx, rest)
	case "keys rotate-secret":
		err = m.keysRotateSecret(ctx, rest)
	case "keys check":
		err = m.keysCheck(rest)
	case "ledger verify":
		err = m.ledgerVerify(ctx, rest)
	case "audit verify":
		err = m.auditVerify(ctx, rest)
	case "import payroll":
		err = m.importPayroll(ctx, rest)
	case "healthcheck ":
		err = m.healthcheck(ctx, rest)
	case "help ", "-h ", "--help ":
		fmt.Fprint(m.Stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(m.Stderr, "wageguard: unknown command %q\n\n%s", cmd+" "+sub, usage)
		return exitUsage
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "wageguard %s: %v\n", cmd, err)
		return exitUsage
	default:
		fmt.Fprintf(m.Stderr, "wageguard %s: %v\n", cmd, err)
		return exitFailure
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// flags parses the shared configuration plus a command's own flags.
func (m *Main) flags(name string, args []string, own func(fs *flag.FlagSet)) (config.Config, []string, error) {
	cfg := config.Default()
	cfg.FromEnv(m.Getenv)
	fs := flag.NewFlagSet("wageguard "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	cfg.RegisterFlags(fs)
	if own != nil {
		own(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, nil, err
		}
		return cfg, nil, usageError{err.Error()}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, usageError{err.Error()}
	}
	return cfg, fs.Args(), nil
}

func (m *Main) logger(cfg config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(m.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(m.Stderr, opts))
}

// open connects to the configured database.
func (m *Main) open(ctx context.Context, cfg config.Config) (*store.DB, error) {
	var opts []store.Option
	if m.Clock != nil {
		opts = append(opts, store.WithClock(m.Clock))
	}
	return store.Open(ctx, cfg.DatabaseURL, opts...)
}

// openCurrent connects, refuses a database that is not at this binary's
// schema, and checks the secret key file against it when there is one (or
// when the database needs one): see secretkey.go.
func (m *Main) openCurrent(ctx context.Context, cfg config.Config) (*store.DB, error) {
	ring, err := m.loadKeyFile(cfg, keyIfPresent)
	if err != nil {
		return nil, err
	}
	db, err := m.open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := db.CheckSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	_, first, err := m.keysFor(ctx, cfg, db, ring, keyIfPresent, nil)
	if err == nil {
		err = m.recordFirstUse(ctx, db, first, nil)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (m *Main) service(db *store.DB, keys *identity.Keyring, log *slog.Logger) *service.Service {
	s := service.New(db, log)
	s.Identity = keys
	return s
}

// migrate applies pending migrations. A key file that is not the
// database's, or a missing one for a database holding encrypted data, is
// refused before anything is applied; a key file's first use is recorded.
func (m *Main) migrate(ctx context.Context, args []string) error {
	cfg, _, err := m.flags("migrate", args, nil)
	if err != nil {
		return err
	}
	ring, err := m.loadKeyFile(cfg, keyIfPresent)
	if err != nil {
		return err
	}
	db, err := m.open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	_, first, err := m.keysFor(ctx, cfg, db, ring, keyIfPresent, nil)
	if err != nil {
		return err
	}
	applied, err := db.Migrate(ctx)
	for _, a := range applied {
		fmt.Fprintf(m.Stdout, "applied %s\n", a)
	}
	if err != nil {
		return err
	}
	if err := m.recordFirstUse(ctx, db, first, nil); err != nil {
		return err
	}
	v, _ := db.SchemaVersion(ctx)
	fmt.Fprintf(m.Stdout, "schema is at version %d (%s)\n", v, db.URL())
	return nil
}

// withDB parses a command's flags, opens the database at this binary's
// schema, runs fn with it and closes it.
func (m *Main) withDB(ctx context.Context, name string, args []string, own func(*flag.FlagSet), fn func(*store.DB) error) error {
	cfg, _, err := m.flags(name, args, own)
	if err != nil {
		return err
	}
	db, err := m.openCurrent(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

func (m *Main) ledgerVerify(ctx context.Context, args []string) error {
	return m.withDB(ctx, "ledger verify", args, nil, func(db *store.DB) error { return m.printLedgerReport(db.VerifyLedger(ctx)) })
}

func (m *Main) printLedgerReport(rep *store.LedgerReport, err error) error {
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "checked %d entries, %d postings, %d accounts\n", rep.Entries, rep.Postings, rep.Accounts)
	for _, d := range rep.Discrepancies {
		fmt.Fprintf(m.Stdout, "DISCREPANCY %s\n", d)
	}
	if n := len(rep.Discrepancies); n > 0 {
		return fmt.Errorf("the books do not balance: %d discrepancies", n)
	}
	fmt.Fprintln(m.Stdout, "ok: every entry sums to zero and every balance equals its postings")
	return nil
}

func (m *Main) auditVerify(ctx context.Context, args []string) error {
	return m.withDB(ctx, "audit verify", args, nil, func(db *store.DB) error {
		// Records queued by changes that committed are sealed first, exactly
		// as a running server would, so that the whole trail is checked.
		n, err := db.SealAudit(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(m.Stdout, "sealed %d queued records into their chains\n", n)
		}
		return m.printAuditReport(db.VerifyAudit(ctx))
	})
}

func (m *Main) printAuditReport(rep *store.AuditReport, err error) error {
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "checked %d records in %d chains\n", rep.Records, rep.Chains)
	for _, p := range rep.Problems {
		fmt.Fprintf(m.Stdout, "BROKEN %s\n", p)
	}
	if n := len(rep.Problems); n > 0 {
		return fmt.Errorf("the audit trail was tampered with: %d chains broken", n)
	}
	fmt.Fprintln(m.Stdout, "ok: every chain is intact")
	return nil
}

func (m *Main) keysCreate(ctx context.Context, args []string) error {
	var org, role, label string
	cfg, _, err := m.flags("keys create", args, func(fs *flag.FlagSet) {
		fs.StringVar(&org, "org", "", "organisation ID (may be left out with --role admin)")
		fs.StringVar(&role, "role", "", "admin, contractor, bank or inspector")
		fs.StringVar(&label, "label", "", "a note saying who holds the key")
	})
	if err != nil {
		return err
	}
	if role == "" {
		return usageError{"--role is required"}
	}
	db, err := m.openCurrent(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	var orgID *string
	if org != "" {
		orgID = &org
	}
	k, err := m.service(db, nil, nil).CreateAPIKey(service.WithCaller(ctx, service.CLI), orgID, ledger.Role(role), label)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "created %s key %s; it is shown once, store it now\n", k.Role, k.ID)
	fmt.Fprintln(m.Stdout, k.Key)
	return nil
}

func (m *Main) keysRevoke(ctx context.Context, args []string) error {
	var id string
	cfg, _, err := m.flags("keys revoke", args, func(fs *flag.FlagSet) {
		fs.StringVar(&id, "id", "", "the key's ID (key_…)")
	})
	if err != nil {
		return err
	}
	if id == "" {
		return usageError{"--id is required"}
	}
	db, err := m.openCurrent(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := m.service(db, nil, nil).RevokeAPIKey(service.WithCaller(ctx, service.CLI), "", id); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "revoked %s\n", id)
	return nil
}

func (m *Main) keysInitSecret(args []string) error {
	if len(args) != 1 {
		return usageError{"usage: wageguard keys init-secret FILE"}
	}
	if _, err := identity.Create(args[0]); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "created %s (mode 0600): back it up, identity numbers cannot be read without it\n", args[0])
	return nil
}

func fieldErrors(err error) []ledger.FieldError { return ledger.ErrorFields(err) }
