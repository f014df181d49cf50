// Command wageguard is the one binary: the HTTP API and its administrative
// commands. Main is a struct so that tests run the real commands end to end.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zone database

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/config"
	"github.com/wageguard/wageguard/pkg/i18n"
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
	// KeyRetryInterval is how long serve waits before it tries again to key
	// earlier request hashes after an error (a minute when zero).
	KeyRetryInterval time.Duration
	// lang is the language of what the commands print: --lang, else
	// LC_ALL, LC_MESSAGES or LANG; Chinese when none names English.
	lang i18n.Lang
}

// say prints a message in the command's language; format is its
// catalogue key (the English text, see pkg/i18n).
func (m *Main) say(w io.Writer, format string, args ...any) {
	fmt.Fprint(w, i18n.Render(m.lang, format, args...))
}

// language picks the language of the output, and takes --lang out of args.
func (m *Main) language(args []string) []string {
	m.lang = i18n.Default
	for _, v := range []string{"LANG", "LC_MESSAGES", "LC_ALL"} { // the last set wins, as POSIX orders them
		if s := m.Getenv(v); s != "" {
			m.lang = i18n.FromEnv(s)
		}
	}
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		v, ok := strings.CutPrefix(strings.TrimPrefix(a, "-"), "-lang=")
		if !ok && (a == "--lang" || a == "-lang") && i+1 < len(args) {
			v, ok = args[i+1], true
			i++
		}
		if !ok {
			out = append(out, a)
			continue
		}
		if l, known := i18n.Parse(v); known {
			m.lang = l
		}
	}
	return out
}

// errorText is an error as the command prints it: a wageguard error in the
// command's language, with each bad field on a line of its own.
func (m *Main) errorText(err error) string {
	le, ok := err.(*ledger.Error) // one wrapped in another's words prints as it is
	if !ok {
		if msg, known := goErrorMsg(err); known {
			return i18n.Of(m.lang, msg)
		}
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(i18n.Of(m.lang, le.Msg()))
	for _, f := range le.Fields {
		b.WriteString("\n  ")
		name := fieldName(m.lang, f.Field, f.Column)
		if f.Row > 0 {
			b.WriteString(i18n.Render(m.lang, "row %d, %s: %s", f.Row, name, f.Msg()))
		} else {
			b.WriteString(i18n.Render(m.lang, "%s: %s", name, f.Msg()))
		}
	}
	return b.String()
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// command is one subcommand: its name, its arguments as usage shows them,
// what it does, and how it runs.
type command struct {
	name, args, what string
	run              func(m *Main, ctx context.Context, args []string) error
}

// commands are every subcommand, in the order usage lists them. (A function,
// not a variable: the commands' own flag sets look their usage up here.)
func commands() []command {
	return []command{
		{"serve", "[--demo [--seed N] [--as-of YYYY-MM-DD]]", "run the HTTP API (migrates the database first)", (*Main).serve},
		{"demo", "[--seed N] [--as-of YYYY-MM-DD] [--workers N] [--every-night=false]", "load six months of generated projects, workers, payrolls and planted\n" +
			"problems (an empty database, or a new one in a temporary directory) and print sign-in keys", (*Main).demo},
		{"migrate", "", "apply pending schema migrations and exit", (*Main).migrate},
		{"keys create", "--role ROLE [--org ID] [--label TEXT] [--expires DATE]", "print a new API key once (--org may be left out for an admin key);\n" +
			"--database-url must name the server's database", (*Main).keysCreate},
		{"keys revoke", "--id KEY_ID", "revoke an API key", (*Main).keysRevoke},
		{"keys init-secret", "FILE", "create a secret key file for identity numbers (mode 0600)", noCtx((*Main).keysInitSecret)},
		{"keys rotate-secret", "[--batch-rows N] [--max-batches N]", "move every identity number and card to a new secret key version\n" +
			"(resumable; stop the servers first)", (*Main).keysRotateSecret},
		{"keys check", "FILE", "print a key file's versions and check values", noCtx((*Main).keysCheck)},
		{"import payroll", "FILE --project ID --employer ID --period YYYY-MM [--kind supplementary|advance] [--dry-run] [--json]",
			"submit a payroll file from the shell, with a progress bar", (*Main).importPayroll},
		{"check", "--as-of YYYY-MM-DD | --from D --to D --policy FILE --dry-run", "run the nightly arrears check for that night and print a summary per rule;\n" +
			"or replay those nights under another policy: which alerts would open or close", (*Main).check},
		{"report", "--period YYYY-MM [--region CODE] --out FILE.xlsx|FILE.csv", "write a month's workforce statistics of a region (registered, on site,\n" +
			"paid; by age, sex, origin, trade, employer, project, category; wages) for a statistics bureau", (*Main).report},
		{"formats", "[--json] [--template KIND --out FILE.xlsx|FILE.csv]", "print the columns of every file kind, or write a kind's template", noCtx((*Main).formats)},
		{"evidence key", "--secret-key-file FILE", "print the public key that verifies evidence bundles", noCtx((*Main).evidenceKey)},
		{"evidence export", "(--project ID --worker ENR --from YYYY-MM --to YYYY-MM | --complaint ID) --out FILE", "write an evidence bundle and its detached signature FILE.sig",
			(*Main).evidenceExport},
		{"evidence verify", "FILE [--public-key KEY | --secret-key-file FILE] [--sig FILE.sig]", "check an evidence bundle offline: its signatures and every file's SHA-256, and that the service's key signed it", noCtx((*Main).evidenceVerify)},
		{"ledger verify", "", "prove every entry balances and every cached balance", (*Main).ledgerVerify},
		{"audit verify", "[--checkpoints FILE]", "check the audit trail's keyed hash chains, and that no chain was cut back or dropped\n" +
			"since the signed checkpoints in FILE", (*Main).auditVerify},
		{"audit checkpoint", "--out FILE", "append a signed checkpoint of every audit chain's head to FILE (keep it apart from the database)", (*Main).auditCheckpoint},
		{"healthcheck", "", "ask a running server's /healthz (for container health checks)", (*Main).healthcheck},
	}
}

func noCtx(fn func(*Main, []string) error) func(*Main, context.Context, []string) error {
	return func(m *Main, _ context.Context, args []string) error { return fn(m, args) }
}

// lookup finds a command by name.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usage lists the commands whose names start with prefix ("" for all).
func usage(lang i18n.Lang, prefix string) string {
	var b strings.Builder
	b.WriteString(i18n.Render(lang, "wageguard: the wage ledger for construction sites\n\nusage: wageguard <command> [flags]\n\ncommands:\n"))
	for _, c := range commands() {
		if !strings.HasPrefix(c.name+" ", prefix) {
			continue
		}
		line := c.name
		if c.args != "" {
			line += " " + c.args
		}
		what := strings.ReplaceAll(i18n.Render(lang, c.what), "\n", "\n"+strings.Repeat(" ", 29))
		if len(line) <= 26 {
			fmt.Fprintf(&b, "  %-26s %s\n", line, what)
		} else {
			fmt.Fprintf(&b, "  %s\n  %-26s %s\n", line, "", what)
		}
	}
	b.WriteString(i18n.Render(lang, "\nEvery command takes --database-url (env WAGEGUARD_DATABASE_URL) and --lang zh|en (env LANG); run\n\"wageguard <command> -h\" for its flags.\n"))
	return b.String()
}

// Run executes args and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if m.Getenv == nil {
		m.Getenv = func(string) string { return "" }
	}
	args = m.language(args)
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage(m.lang, ""))
		return exitUsage
	}
	if isHelp(args[0]) || args[0] == "help" {
		fmt.Fprint(m.Stdout, usage(m.lang, ""))
		return exitOK
	}
	name, rest := args[0], args[1:]
	if _, ok := lookup(name); !ok && len(rest) > 0 {
		name, rest = args[0]+" "+args[1], args[2:]
	}
	c, ok := lookup(name)
	if !ok {
		return m.unknown(args)
	}
	err := c.run(m, ctx, rest)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "wageguard %s: %s\n", c.name, i18n.Render(m.lang, ue.msg))
		return exitUsage
	case errors.As(err, new(configError)):
		var le *ledger.Error
		if errors.As(err, &le) {
			err = le
		}
		fmt.Fprintf(m.Stderr, "wageguard %s: %s\n", c.name, m.errorText(err))
		return exitUsage
	default:
		fmt.Fprintf(m.Stderr, "wageguard %s: %s\n", c.name, m.errorText(err))
		return exitFailure
	}
}

// unknown answers a command that is not one: a group asked for help or
// without its subcommand ("keys -h", "keys") lists the group's commands.
func (m *Main) unknown(args []string) int {
	group := usage(m.lang, args[0])
	isGroup := group != usage(m.lang, "\x00")
	switch {
	case isGroup && len(args) > 1 && isHelp(args[1]):
		fmt.Fprint(m.Stdout, group)
		return exitOK
	case isGroup && len(args) == 1:
		m.say(m.Stderr, "wageguard %s: which one? name a subcommand\n\n%s", args[0], group)
	case isGroup:
		m.say(m.Stderr, "wageguard: unknown command %q\n\n%s", args[0]+" "+args[1], group)
	default:
		m.say(m.Stderr, "wageguard: unknown command %q\n\n%s", args[0], usage(m.lang, ""))
	}
	return exitUsage
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func isHelp(a string) bool { return a == "-h" || a == "-help" || a == "--help" || a == "--h" }

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// configError is a configuration (flags, environment) that is not valid: a
// usage error whose message and fields are the catalogue's.
type configError struct{ err error }

func (e configError) Error() string { return e.err.Error() }
func (e configError) Unwrap() error { return e.err }

// newFlagSet is a command's flag set: errors go to stderr, and its usage
// shows the command's arguments, what it does and its own flags.
func (m *Main) newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("wageguard "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		c, _ := lookup(name)
		m.say(fs.Output(), "usage: wageguard %s %s\n\n%s\n", name, c.args, i18n.Render(m.lang, c.what))
		if hasFlags(fs) {
			m.say(fs.Output(), "\nflags:\n")
			m.printFlags(fs.Output(), fs)
		}
	}
	return fs
}

// parseFlags parses a command's flags. -h, -help and --help anywhere print
// the command's usage and flags to stdout, and nothing else happens (no
// file is created, no database opened); a bad flag is a usage error.
func (m *Main) parseFlags(fs *flag.FlagSet, args []string) error {
	for _, a := range args {
		if a == "--" {
			break
		}
		if isHelp(a) {
			fs.SetOutput(m.Stdout)
			fs.Usage()
			fs.SetOutput(m.Stderr)
			return flag.ErrHelp
		}
	}
	// The flag package's own words and usage are not printed: the error
	// is said once, in the command's language (flagError).
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = usage
	if err != nil {
		return m.flagError(err)
	}
	return nil
}

// flags parses the shared configuration plus a command's own flags.
func (m *Main) flags(name string, args []string, own func(fs *flag.FlagSet)) (config.Config, []string, error) {
	cfg := config.Default()
	cfg.FromEnv(m.Getenv)
	// The command's own flags and the configuration every command shares are
	// registered apart, so that -h shows the command's own first.
	fs, ownFS, shared := m.newFlagSet(name), flag.NewFlagSet(name, flag.ContinueOnError), flag.NewFlagSet("", flag.ContinueOnError)
	if own != nil {
		own(ownFS)
	}
	cfg.RegisterFlags(shared)
	for _, set := range []*flag.FlagSet{ownFS, shared} {
		set.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	}
	fs.Usage = func() {
		c, _ := lookup(name)
		m.say(fs.Output(), "usage: wageguard %s %s\n\n%s\n", name, c.args, i18n.Render(m.lang, c.what))
		for _, part := range []struct {
			title string
			set   *flag.FlagSet
		}{{"\nflags:\n", ownFS}, {"\nflags every command takes:\n", shared}} {
			if hasFlags(part.set) {
				m.say(fs.Output(), part.title)
				m.printFlags(fs.Output(), part.set)
			}
		}
	}
	if err := m.parseFlags(fs, args); err != nil {
		return cfg, nil, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, configError{err}
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
	db, err := store.Open(ctx, cfg.DatabaseURL, opts...)
	if msg, known := goErrorMsg(err); err != nil && known {
		// Said in the user's language, as the database that cannot be reached.
		return nil, ledger.NewError(ledger.EUnavailable, ledger.M("unable to reach database: %s", msg))
	}
	return db, err
}

// openCurrent connects, refuses a database that is not at this binary's
// schema, and checks the secret key file against it when there is one (or
// when the database needs one): see secretkey.go.
func (m *Main) openCurrent(ctx context.Context, cfg config.Config) (*store.DB, error) {
	if err := existingDatabase(cfg.DatabaseURL); err != nil {
		return nil, err
	}
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

// existingDatabase refuses an SQLite file that is not there, before
// opening it would leave an empty database behind: a command other than
// serve and migrate works on the server's database, which migrate made.
func existingDatabase(url string) error {
	path, ok := store.SQLiteFile(url)
	if !ok || path == ":memory:" {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return ledger.Errorf(ledger.EConflict, "there is no database at %s yet, so every migration is pending: run `wageguard migrate` (or `wageguard serve`) first, "+
			"or point --database-url (env WAGEGUARD_DATABASE_URL) at the server's database", path)
	}
	return nil
}

func (m *Main) service(db *store.DB, keys *identity.Keyring, log *slog.Logger) *service.Service {
	s := service.New(db, log)
	s.Identity = keys
	if keys != nil {
		db.UseAuditKeys(keys)
	}
	// The evidence bundle's PDF font: Debian's fonts-droid-fallback by
	// default; an image without it mounts one and names it here.
	if m.Getenv != nil {
		s.EvidenceFont = m.Getenv("WAGEGUARD_EVIDENCE_FONT")
	}
	if testHooks != nil && m.Getenv != nil {
		testHooks(s, m.Getenv)
	}
	return s
}

// testHooks is nil but in the binary built with the tag wageguard_testhooks
// for the process tests (testhooks.go): it sets the service's test hooks
// from WAGEGUARD_TESTHOOK_* variables.
var testHooks func(s *service.Service, getenv func(string) string)

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
	keys, first, err := m.keysFor(ctx, cfg, db, ring, keyIfPresent, nil)
	if err != nil {
		return err
	}
	applied, err := db.Migrate(ctx)
	for _, a := range applied {
		m.say(m.Stdout, "applied %s\n", a)
	}
	if err != nil {
		return err
	}
	if err := m.attestOnUpgrade(ctx, db, keys, applied, nil); err != nil {
		return err
	}
	if err := m.recordFirstUse(ctx, db, first, nil); err != nil {
		return err
	}
	v, _ := db.SchemaVersion(ctx)
	m.say(m.Stdout, "schema is at version %d (%s)\n", v, db.URL())
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
	m.say(m.Stdout, "checked %d {entry|entries}, %d {posting|postings}, %d {account|accounts}\n", rep.Entries, rep.Postings, rep.Accounts)
	for _, d := range rep.Discrepancies {
		m.say(m.Stdout, "DISCREPANCY %s\n", d.Msg())
	}
	if n := len(rep.Discrepancies); n > 0 {
		return ledger.NewError(ledger.EConflict, ledger.Plural(n, "the books do not balance: %d discrepancy", "the books do not balance: %d discrepancies", n))
	}
	m.say(m.Stdout, "ok: every entry sums to zero and every balance equals its postings\n")
	return nil
}

func (m *Main) keysCreate(ctx context.Context, args []string) error {
	var org, role, label, expires string
	cfg, _, err := m.flags("keys create", args, func(fs *flag.FlagSet) {
		fs.StringVar(&org, "org", "", "organisation ID (may be left out with --role admin)")
		fs.StringVar(&role, "role", "", "admin, contractor, bank or inspector")
		fs.StringVar(&label, "label", "", "a note saying who holds the key")
		fs.StringVar(&expires, "expires", "", "when the key stops working: YYYY-MM-DD (it works through that day) or an RFC 3339 time; never when left out")
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
	k, err := m.service(db, nil, nil).CreateAPIKey(service.WithCaller(ctx, service.CLI), orgID, ledger.Role(role), label, expires)
	if err != nil {
		return err
	}
	m.say(m.Stderr, "created %s key %s; it is shown once, store it now\n", k.Role, k.ID)
	if k.ExpiresAt != nil {
		m.say(m.Stderr, "it expires at %s\n", k.ExpiresAt.In(ledger.Shanghai).Format("2006-01-02 15:04 MST"))
	}
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
	m.say(m.Stdout, "revoked %s\n", id)
	return nil
}

func (m *Main) keysInitSecret(args []string) error {
	fs := m.newFlagSet("keys init-secret")
	if err := m.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || strings.HasPrefix(fs.Arg(0), "-") {
		return usageError{"usage: wageguard keys init-secret FILE"}
	}
	file := fs.Arg(0)
	if _, err := identity.Create(file); err != nil {
		return err
	}
	m.say(m.Stdout, "created %s (mode 0600): back it up, identity numbers cannot be read without it\n", file)
	return nil
}
