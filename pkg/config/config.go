// Package config is wageguard's configuration: defaults that run as they
// are, the environment variables and flags of API.md, and validation. There
// is no package-level state: each command builds its own Config.
package config

import (
	"flag"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/wageguard/wageguard/ledger"
)

// Config is everything a wageguard process is configured with.
type Config struct {
	DatabaseURL   string
	Addr          string
	CheckSchedule string
	PolicyFile    string
	SecretKeyFile string
	// SpoolDir is the private directory uploads are spooled to while they
	// are checked, encrypted; "" for the default (SpoolPath).
	SpoolDir string
	// PublicURL is the service's address as people reach it, behind any
	// proxy ("https://wages.example.gov.cn"): payslip links print it, and
	// when it is https the console's cookies are Secure even though the
	// proxy speaks plain HTTP to the service.
	PublicURL string
	// TrustedProxies lists, comma-separated, the reverse proxies (IPs or
	// CIDRs) whose X-Forwarded-For names the client; empty: none.
	TrustedProxies string
	LogFormat      string // json (default) or text
	LogLevel       string // debug, info (default), warn, error
	// ShutdownTimeout bounds how long in-flight requests may take to finish.
	ShutdownTimeout time.Duration
}

// Default returns the configuration that runs with no set-up: an embedded
// SQLite file in the working directory, listening on loopback.
func Default() Config {
	return Config{
		DatabaseURL:     "sqlite://./wageguard.db",
		Addr:            "127.0.0.1:8080",
		CheckSchedule:   "0 2 * * *",
		LogFormat:       "json",
		LogLevel:        "info",
		ShutdownTimeout: 30 * time.Second,
	}
}

// vars maps each setting to its environment variable and flag.
func (c *Config) vars() []struct {
	flag, env, help string
	dst             *string
} {
	return []struct {
		flag, env, help string
		dst             *string
	}{
		{"database-url", "WAGEGUARD_DATABASE_URL", "sqlite://PATH (embedded) or postgres://USER@HOST/DB", &c.DatabaseURL},
		{"addr", "WAGEGUARD_ADDR", "address the HTTP API listens on", &c.Addr},
		{"check-schedule", "WAGEGUARD_CHECK_SCHEDULE", "cron schedule of the nightly check, Asia/Shanghai", &c.CheckSchedule},
		{"policy", "WAGEGUARD_POLICY", "policy file overriding the built-in national defaults", &c.PolicyFile},
		{"secret-key-file", "WAGEGUARD_SECRET_KEY_FILE", "the secret key file for identity numbers at rest (made beside an SQLite file that holds nothing encrypted yet; required with PostgreSQL; the database refuses any other)", &c.SecretKeyFile},
		{"spool-dir", "WAGEGUARD_SPOOL_DIR", "private directory (0700) where uploads wait, encrypted, while they are checked (default: wageguard-spool beside an SQLite file, else under the system's temporary directory); leftovers are removed at start", &c.SpoolDir},
		{"public-url", "WAGEGUARD_PUBLIC_URL", "the service's address as people reach it (https://… behind a TLS proxy): printed in payslip links; https makes the console's cookies Secure", &c.PublicURL},
		{"trusted-proxies", "WAGEGUARD_TRUSTED_PROXIES", "comma-separated IPs or CIDRs of the reverse proxies whose X-Forwarded-For names the client (default none: the connection's address is the client's, for the rate limits)", &c.TrustedProxies},
		{"log-format", "WAGEGUARD_LOG_FORMAT", "json or text", &c.LogFormat},
		{"log-level", "WAGEGUARD_LOG_LEVEL", "debug, info, warn or error", &c.LogLevel},
	}
}

// FromEnv overrides settings from the environment (getenv is os.Getenv in
// production, a map in tests).
func (c *Config) FromEnv(getenv func(string) string) {
	for _, v := range c.vars() {
		if s := getenv(v.env); s != "" {
			*v.dst = s
		}
	}
}

// RegisterFlags adds the settings to fs; flags win over the environment
// because they are parsed after FromEnv has set the defaults they show.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	for _, v := range c.vars() {
		fs.StringVar(v.dst, v.flag, *v.dst, v.help+" (env "+v.env+")")
	}
}

// IsEmbedded reports whether the database is the embedded SQLite file.
func (c Config) IsEmbedded() bool { return strings.HasPrefix(c.DatabaseURL, "sqlite://") }

// SQLitePath is the file of an embedded database.
func (c Config) SQLitePath() string {
	p := strings.TrimPrefix(c.DatabaseURL, "sqlite://")
	p, _, _ = strings.Cut(p, "?")
	return p
}

// KeyFile is the secret key file to use: the configured one, or for the
// embedded database "wageguard.key" beside the SQLite file.
func (c Config) KeyFile() string {
	if c.SecretKeyFile != "" || !c.IsEmbedded() {
		return c.SecretKeyFile
	}
	return filepath.Join(filepath.Dir(c.SQLitePath()), "wageguard.key")
}

// SpoolPath is the spool directory to use: the configured one, or
// "wageguard-spool" beside an embedded database's file, or one under the
// system's temporary directory.
func (c Config) SpoolPath() string {
	if c.SpoolDir != "" {
		return c.SpoolDir
	}
	if c.IsEmbedded() {
		return filepath.Join(filepath.Dir(c.SQLitePath()), "wageguard-spool")
	}
	return ""
}

// TrustedProxyList is TrustedProxies split at its commas, blanks dropped.
func (c Config) TrustedProxyList() []string {
	var out []string
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Validate checks every setting and names each bad one.
func (c Config) Validate() error {
	var v ledger.Validation
	switch {
	case c.DatabaseURL == "":
		v.Add("database-url", "required", "a database URL is required")
	case !c.IsEmbedded() && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://"):
		v.Add("database-url", "scheme", "the database URL must start with sqlite:// or postgres://")
	case c.IsEmbedded() && c.SQLitePath() == "":
		v.Add("database-url", "path", "sqlite:// needs a file path, e.g. sqlite://./wageguard.db")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		v.Add("addr", "invalid", "address %q is not host:port", c.Addr)
	}
	if _, err := cron.ParseStandard(c.CheckSchedule); err != nil {
		v.Add("check-schedule", "invalid", "schedule %q is not a 5-field cron expression: %v", c.CheckSchedule, err)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		v.Add("log-format", "invalid", "log format must be json or text")
	}
	for _, p := range c.TrustedProxyList() {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				v.Add("trusted-proxies", "invalid", "trusted proxy %q is neither an IP address nor a CIDR", p)
			}
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		v.Add("log-level", "invalid", "log level must be debug, info, warn or error")
	}
	if err := v.Err("configuration is not valid"); err != nil {
		return fmt.Errorf("%w", err)
	}
	return nil
}
