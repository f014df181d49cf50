// Package storetest gives each test a fresh, migrated database of its own:
// a temporary SQLite file always, and a new PostgreSQL database (cloned from
// a migrated template, dropped afterwards) when WAGEGUARD_TEST_DATABASE_URL
// names a server. No database is ever mocked.
//
// On a Citus cluster (WAGEGUARD_TEST_CITUS_URL, which then takes the place
// of WAGEGUARD_TEST_DATABASE_URL) the PostgreSQL tests share one database,
// migrated once: Citus does not propagate CREATE DATABASE or a template's
// clone to its workers, and a database or schema per test would place
// thousands of shards for each. Isolation there is by tenant: a test names
// its projects (and anything else unique across the database) through
// Unique, which gives each test its own; a test that needs a database of its
// own (migrating, counting the whole database, tampering with its guards)
// skips on the cluster with SkipOnShared, saying why.
//
// This package, unlike the rest of the project, knows the dialects by name:
// creating a database (a new file, or a database cloned from a template on
// a server) is a server administrator's job, which the store's Dialect,
// talking to a database that exists, has no part in. It names them by
// store.SQLite.Name and store.Postgres.Name, and the store's
// TestOnlyDialectKnowsTheDatabase exempts it.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/wageguard/wageguard/pkg/store"
)

// Environment variables that steer the harness.
const (
	EnvDatabaseURL     = "WAGEGUARD_TEST_DATABASE_URL"     // postgres://… of a server where tests may create databases
	EnvRequirePostgres = "WAGEGUARD_TEST_REQUIRE_POSTGRES" // "1": fail, not skip, when PostgreSQL is unavailable
	EnvCitusURL        = "WAGEGUARD_TEST_CITUS_URL"        // postgres://… of a Citus coordinator's database, shared by the tests
)

// Dialects are the subtest names Each runs.
var Dialects = []string{store.SQLite.Name, store.Postgres.Name}

// Each runs fn once per database as parallel subtests named "sqlite" and
// "postgres", each with a fresh migrated database, so the test output shows
// both. The postgres subtest is skipped when no server is configured, and
// fails instead when WAGEGUARD_TEST_REQUIRE_POSTGRES=1.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB), opts ...store.Option) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, New(t, d, opts...))
		})
	}
}

// New returns a fresh migrated database of the named dialect.
func New(t testing.TB, dialect string, opts ...store.Option) *store.DB {
	t.Helper()
	switch dialect {
	case store.SQLite.Name:
		return newSQLite(t, opts)
	case store.Postgres.Name:
		return newPostgres(t, opts)
	}
	t.Fatalf("storetest: unknown dialect %q", dialect)
	return nil
}

// NewEmpty returns a fresh database of the named dialect with no schema at
// all, for tests of migrating itself.
func NewEmpty(t testing.TB, dialect string) *store.DB {
	t.Helper()
	switch dialect {
	case store.SQLite.Name:
		return openSQLite(t, nil)
	case store.Postgres.Name:
		SkipOnShared(t, "migrates a database from empty")
		return createPostgres(t, "", nil)
	}
	t.Fatalf("storetest: unknown dialect %q", dialect)
	return nil
}

// Shared reports whether the PostgreSQL tests share one database, a Citus
// cluster's (WAGEGUARD_TEST_CITUS_URL).
func Shared() bool { return os.Getenv(EnvCitusURL) != "" }

// SkipOnShared skips a PostgreSQL test on the shared cluster database,
// naming why it needs a database of its own.
func SkipOnShared(t testing.TB, why string) {
	t.Helper()
	if Shared() {
		t.Skipf("storetest: skipped on the shared Citus database (%s): the test %s", EnvCitusURL, why)
	}
}

// SkipOnSharedDB is SkipOnShared for a test that has db in hand: it skips
// only when db is the shared one (not a test's SQLite file).
func SkipOnSharedDB(t testing.TB, db *store.DB, why string) {
	t.Helper()
	if db.Dialect.IsCitus() {
		SkipOnShared(t, why)
	}
}

var shared struct {
	once sync.Once
	err  error
}

// openShared opens the shared cluster database, migrating it the first time
// in this process (Migrate takes a lock; another test binary may be at it).
func openShared(t testing.TB, opts []store.Option) *store.DB {
	t.Helper()
	raw := os.Getenv(EnvCitusURL)
	shared.once.Do(func() {
		db, err := store.Open(context.Background(), raw, store.WithMaxConns(2))
		if err != nil {
			shared.err = err
			return
		}
		defer db.Close()
		if !db.Dialect.IsCitus() {
			shared.err = fmt.Errorf("%s names a database without the citus extension", EnvCitusURL)
			return
		}
		_, shared.err = db.Migrate(context.Background())
	})
	if shared.err != nil {
		t.Fatalf("storetest: the Citus database: %v", shared.err)
	}
	opts = append([]store.Option{store.WithMaxConns(8)}, opts...)
	db, err := store.Open(context.Background(), raw, opts...)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Unique returns name made unique to this test run: name and a random
// suffix. Tests name their projects, chains, organisations' codes and other
// database-wide keys with it, so that tests sharing a database (on Citus)
// never meet; on a database of the test's own it changes nothing but the
// name.
func Unique(name string) string { return name + "_" + randomHex(4) }

func openSQLite(t testing.TB, opts []store.Option) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wageguard.db")
	db, err := store.Open(context.Background(), "sqlite://"+path, opts...)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newSQLite(t testing.TB, opts []store.Option) *store.DB {
	db := openSQLite(t, opts)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	return db
}

// RequirePostgres reports whether a missing PostgreSQL must fail the run.
func RequirePostgres() bool { return os.Getenv(EnvRequirePostgres) == "1" }

func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if RequirePostgres() {
		t.Fatalf("storetest: "+format+" (and %s=1)", append(args, EnvRequirePostgres)...)
	}
	t.Skipf("storetest: "+format, args...)
}

var template struct {
	once sync.Once
	name string
	err  error
}

func newPostgres(t testing.TB, opts []store.Option) *store.DB {
	t.Helper()
	if Shared() {
		return openShared(t, opts)
	}
	admin := os.Getenv(EnvDatabaseURL)
	if admin == "" {
		skipOrFail(t, "PostgreSQL tests need %s", EnvDatabaseURL)
	}
	template.once.Do(func() { template.name, template.err = buildTemplate(admin) })
	if template.err != nil {
		skipOrFail(t, "PostgreSQL is unavailable: %v", template.err)
	}
	return createPostgres(t, template.name, opts)
}

// createPostgres creates a database for the test, cloned from the template
// database from (an empty one when from is ""), and drops it when the test ends.
func createPostgres(t testing.TB, from string, opts []store.Option) *store.DB {
	t.Helper()
	admin := os.Getenv(EnvDatabaseURL)
	if admin == "" {
		skipOrFail(t, "PostgreSQL tests need %s", EnvDatabaseURL)
	}
	create := "CREATE DATABASE %s"
	if from != "" {
		create += " TEMPLATE " + from
	}
	name := "wgt_" + randomHex(8)
	adb, err := sqlx.Open("postgres", withTimeout(admin))
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	defer adb.Close()
	// CREATE DATABASE … TEMPLATE fails while another session is still
	// connected to the template (the builder's connection may take a moment
	// to go away), so retry briefly.
	for attempt := 0; ; attempt++ {
		_, err = adb.Exec(fmt.Sprintf(create, name))
		if err == nil || attempt == 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("storetest: unable to create test database: %v", err)
	}
	t.Cleanup(func() {
		adb, err := sqlx.Open("postgres", withTimeout(admin))
		if err != nil {
			return
		}
		defer adb.Close()
		if _, err := adb.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)); err != nil {
			t.Logf("storetest: unable to drop %s: %v", name, err)
		}
	})
	opts = append([]store.Option{store.WithMaxConns(8)}, opts...)
	db, err := store.Open(context.Background(), dbURL(admin, name), opts...)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dbURL is the admin URL pointed at database name.
func dbURL(admin, name string) string {
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	return u.String()
}

func withTimeout(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", "5")
	}
	if q.Get("sslmode") == "" {
		q.Set("sslmode", "disable")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// buildTemplate makes (once per schema, shared by every test process) a
// database migrated to the current schema, named after a hash of the
// migrations so a changed schema gets a new template.
func buildTemplate(admin string) (string, error) {
	ms, err := store.Postgres.Migrations()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range ms {
		fmt.Fprintf(h, "%d %s\n%s\n", m.Version, m.Name, m.SQL)
	}
	name := "wgtpl_" + hex.EncodeToString(h.Sum(nil))[:16]

	adb, err := sqlx.Open("postgres", withTimeout(admin))
	if err != nil {
		return "", err
	}
	defer adb.Close()
	ctx := context.Background()
	conn, err := adb.Connx(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	// Test binaries of several packages run at once: one builds, the rest wait.
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock(727274)")
	var n int
	if err := conn.GetContext(ctx, &n, "SELECT count(*) FROM pg_database WHERE datname = $1", name); err != nil {
		return "", err
	}
	if n == 1 {
		markUsed(ctx, conn, name)
		return name, nil
	}
	building := name + "_building"
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", building)); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("CREATE DATABASE %s", building)); err != nil {
		return "", err
	}
	db, err := store.Open(ctx, dbURL(admin, building), store.WithMaxConns(1))
	if err != nil {
		return "", err
	}
	_, err = db.Migrate(ctx)
	db.Close()
	if err != nil {
		return "", err
	}
	for attempt := 0; ; attempt++ {
		_, err = conn.ExecContext(ctx, fmt.Sprintf("ALTER DATABASE %s RENAME TO %s", building, name))
		if err == nil || attempt == 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return "", err
	}
	markUsed(ctx, conn, name)
	dropStaleTemplates(ctx, conn, name)
	return name, nil
}

// templateIdle is how long a template of another migration set must have
// gone unused before a run that builds a new one drops it. Test runs of
// other branches (other schemas) use theirs at the same time on the same
// server: dropping a template that is in use would break them.
const templateIdle = 2 * time.Hour

// usedPrefix starts a template's database comment, followed by the time a
// test process last cloned from it.
const usedPrefix = "wageguard test template, last used "

// markUsed stamps the template with the time a test process started using
// it (once per process; a test binary runs well under templateIdle).
func markUsed(ctx context.Context, conn *sqlx.Conn, name string) {
	stamp := usedPrefix + time.Now().UTC().Format(time.RFC3339)
	_, _ = conn.ExecContext(ctx, fmt.Sprintf("COMMENT ON DATABASE %s IS '%s'", name, stamp))
}

// dropStaleTemplates drops templates of other migration sets that no test
// process has used for templateIdle. A template without a stamp (built
// before stamps existed) counts as used when it was created, which the
// modification time of its PG_VERSION file tells.
func dropStaleTemplates(ctx context.Context, conn *sqlx.Conn, current string) {
	var templates []struct {
		Name    string    `db:"datname"`
		Comment string    `db:"comment"`
		Created time.Time `db:"created"`
	}
	err := conn.SelectContext(ctx, &templates, `
		SELECT datname, COALESCE(shobj_description(oid, 'pg_database'), '') AS comment,
		       COALESCE((pg_stat_file('base/' || oid || '/PG_VERSION', true)).modification, now()) AS created
		FROM pg_database
		WHERE datname LIKE 'wgtpl\_%' AND datname NOT LIKE '%\_building' AND datname <> $1`, current)
	if err != nil {
		return
	}
	for _, tpl := range templates {
		lastUsed := tpl.Created
		if stamp, ok := strings.CutPrefix(tpl.Comment, usedPrefix); ok {
			if t, err := time.Parse(time.RFC3339, stamp); err == nil {
				lastUsed = t
			}
		}
		if time.Since(lastUsed) < templateIdle {
			continue
		}
		// Without FORCE: a template someone is cloning right now stays.
		_, _ = conn.ExecContext(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s", tpl.Name))
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Clock is a settable clock for tests: store.WithClock(c.Now).
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's instant.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Keep copies db, a test's own PostgreSQL database, to a database named
// name that outlives the test (replacing any of that name), and closes db:
// a data set a benchmark took minutes to build, kept for later runs to
// check copies of (CopyOf). Drop it by hand when done.
func Keep(t testing.TB, db *store.DB, name string) {
	t.Helper()
	var from string
	if err := db.Get(context.Background(), &from, `SELECT current_database()`); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	db.Close()
	adb, err := sqlx.Open("postgres", withTimeout(os.Getenv(EnvDatabaseURL)))
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	defer adb.Close()
	if _, err := adb.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	// A file copy: the default copy writes every page to the WAL as well.
	if _, err := adb.Exec(fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY`, name, from)); err != nil {
		t.Fatalf("storetest: unable to keep %s as %s: %v", from, name, err)
	}
}

// CopyOf returns a fresh database copied from the one Keep kept as name
// (dropped when the test ends), migrated to this build's schema, or nil
// when there is none.
func CopyOf(t testing.TB, name string) *store.DB {
	t.Helper()
	admin := os.Getenv(EnvDatabaseURL)
	adb, err := sqlx.Open("postgres", withTimeout(admin))
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	defer adb.Close()
	var n int
	if err := adb.Get(&n, `SELECT count(*) FROM pg_database WHERE datname = $1`, name); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	if n == 0 {
		return nil
	}
	db := createPostgres(t, name+" STRATEGY FILE_COPY", nil)
	// A database kept by an earlier build lacks the migrations made
	// since: the copy takes them (the kept one is left as it was).
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("storetest: migrating the copy of %s: %v", name, err)
	}
	return db
}
