package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/wageguard/wageguard/ledger"
)

// Dialect holds everything that differs between PostgreSQL and SQLite. No
// other file in the project knows which database it talks to: SQL is written
// once with ? placeholders and rebound here.
type Dialect struct {
	// Name is "postgres" or "sqlite"; it names the migrations folder too.
	Name       string
	driverName string
	bindType   int
	// oneWriter serialises write transactions in this process: SQLite allows
	// one writer at a time, and waiting on a Go mutex is fairer and cheaper
	// than spinning on SQLITE_BUSY.
	oneWriter bool
	// citus marks a PostgreSQL coordinator of a Citus cluster (distribute):
	// the same SQL and migrations, and after migrating, every table
	// distributed by project or made a reference table.
	citus bool
	// pinsByID holds a read of a row found by its own ID (or a complaint's
	// receipt code) to the shards of the project the ID names
	// (onShardsOfIDs): on a Citus cluster. DB.WithIDPins turns it off there,
	// or on elsewhere, to see that the pinned read finds what the unpinned
	// one does.
	pinsByID bool
}

var (
	Postgres = &Dialect{Name: "postgres", driverName: "postgres", bindType: sqlx.DOLLAR}
	SQLite   = &Dialect{Name: "sqlite", driverName: "sqlite", bindType: sqlx.QUESTION, oneWriter: true}
	// Citus is PostgreSQL with the citus extension in the database: Open
	// chooses it (detect), never the URL.
	Citus = &Dialect{Name: "citus", driverName: "postgres", bindType: sqlx.DOLLAR, citus: true, pinsByID: true}
)

// Rebind turns ? placeholders into the dialect's own.
func (d *Dialect) Rebind(q string) string { return sqlx.Rebind(d.bindType, q) }

// IsPostgres reports whether this is PostgreSQL (a Citus coordinator is
// too); callers use it only to choose a faster bulk path (COPY), never for
// different results.
func (d *Dialect) IsPostgres() bool { return d.driverName == Postgres.driverName }

// IsCitus reports whether the database is a Citus cluster's coordinator.
func (d *Dialect) IsCitus() bool { return d.citus }

// detect is the one place that tells a Citus coordinator from a plain
// PostgreSQL server: the citus extension created in the database. The
// database, not the URL or a flag, chooses the mode, so `wageguard migrate`
// on a fresh cluster database distributes the tables with no setting to
// forget.
func (d *Dialect) detect(ctx context.Context, x *sqlx.DB) (*Dialect, error) {
	if d != Postgres {
		return d, nil
	}
	var n int
	if err := x.GetContext(ctx, &n, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'"); err != nil {
		return nil, fmt.Errorf("store: unable to read the database's extensions: %w", err)
	}
	if n > 0 {
		return Citus, nil
	}
	return d, nil
}

// SQLiteFile returns the file an sqlite:// URL names, and false for any
// other URL: commands that need an existing database check it is there
// before Open would create an empty one.
func SQLiteFile(raw string) (string, bool) {
	path, ok := strings.CutPrefix(raw, "sqlite://")
	if !ok {
		return "", false
	}
	path, _, _ = strings.Cut(path, "?")
	return path, path != ""
}

// parseURL picks the dialect for a database URL and returns the driver DSN.
// sqlite://PATH (relative or absolute: sqlite:///var/lib/wg.db) and
// postgres://… or postgresql://… are understood.
func parseURL(raw string) (*Dialect, string, error) {
	switch {
	case strings.HasPrefix(raw, "sqlite://"):
		path := strings.TrimPrefix(raw, "sqlite://")
		query := ""
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path, query = path[:i], path[i+1:]
		}
		if path == "" {
			return nil, "", ledger.Errorf(ledger.EInvalid, "database URL %q names no file: write sqlite://./wageguard.db", redactURL(raw))
		}
		if _, err := url.ParseQuery(query); err != nil {
			return nil, "", ledger.Errorf(ledger.EInvalid, "database URL %q has a bad query string", redactURL(raw))
		}
		// WAL lets readers run beside the writer; immediate transactions take
		// the write lock at BEGIN so two writers never deadlock on upgrade.
		// cache_size: each connection keeps up to 64 MiB of pages (taken as
		// used, SQLite's default is 2 MiB). A payroll's lookups and writes
		// touch a few tens of MiB of identities, enrolments and lines: with
		// 2 MiB, pages were read back from the file again and again (a pread
		// each), and a big transaction spilled its dirty pages to the WAL
		// before its commit. The cache holds copies only; what is durable
		// and when is journal_mode and synchronous's alone.
		// synchronous=FULL: WAL syncs at every commit, so a commit the
		// service answered (a bank's confirmation, an approval) survives a
		// power loss or an operating-system crash, as PostgreSQL's default
		// does; NORMAL would keep the file whole but could lose the last
		// answered commits, and a bank does not send a fact again.
		dsn := "file:" + sqliteURIPath(path) + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=cache_size(-65536)&_txlock=immediate&_time_format=sqlite"
		if query != "" {
			dsn += "&" + query
		}
		// The embedded database needs no set-up: make its folder if missing.
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, "", ledger.Errorf(ledger.EInvalid, "cannot create the folder of the database file %q: %v", path, err)
			}
		}
		return SQLite, dsn, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return nil, "", ledger.Errorf(ledger.EInvalid, "database URL %q is not a valid postgres:// URL", redactURL(raw))
		}
		q := u.Query()
		if q.Get("connect_timeout") == "" {
			// An unreachable server must fail start-up within seconds, not hang.
			q.Set("connect_timeout", "5")
		}
		if q.Get("sslmode") == "" && (strings.HasPrefix(u.Hostname(), "127.") || u.Hostname() == "localhost" || u.Hostname() == "::1") {
			q.Set("sslmode", "disable")
		}
		if q.Get("jit") == "" {
			// No JIT compilation: every statement here is a short lookup or a
			// batch by key, and an inflated cost estimate (a correlated
			// subquery on a view) made PostgreSQL compile one that runs in
			// 0.2 ms, for 131 ms, on every single confirmation: p99 went from
			// 35 ms to 430 ms. lib/pq sends unknown keys as run-time settings.
			q.Set("jit", "off")
		}
		if q.Get("binary_parameters") == "" {
			// One round trip per statement instead of two: lib/pq otherwise
			// asks the server to describe every parameterised statement before
			// binding it. (Only []byte arguments change format, to binary.)
			q.Set("binary_parameters", "yes")
		}
		u.RawQuery = q.Encode()
		return Postgres, u.String(), nil
	default:
		return nil, "", ledger.Errorf(ledger.EInvalid, "database URL %q is not understood: use sqlite://PATH or postgres://USER@HOST/DB", redactURL(raw))
	}
}

// sqliteURIPath escapes a file path for SQLite's file: URI, where '?' starts
// the query, '#' the fragment and '%' an escape: a folder named "sqlite#01"
// (Go names test folders after their subtests) otherwise opened the file of
// the path cut at the '#', another test's database.
func sqliteURIPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
}

// redactURL removes the password from a URL before it goes into a message.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		if len(raw) > 80 {
			return raw[:80] + "…"
		}
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// preferKeyLookups tells PostgreSQL, for the rest of the transaction, to
// find rows through their keys' indexes rather than by reading whole tables.
// A transaction that looks up a batch of rows by key (key = ANY(…), or a join
// to rowsSource) otherwise often gets a plan that reads every row: right
// after a payroll's approval its new instructions have no statistics yet, and
// the planner guesses that 5,000 IDs match the whole table. Measured on
// 200,000 instructions: a 10,000-row update took 360 ms by hash join and
// 230 ms by probing, a 5,000-ID read 41 ms scanning and 29 ms probing, and
// scanning grows with the table while probing does not.
func (d *Dialect) preferKeyLookups(tx *Tx) error {
	if !d.IsPostgres() {
		return nil
	}
	_, err := tx.Exec("SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off")
	return err
}

// compressCheaply tells PostgreSQL, for the rest of the transaction, to
// compress the long values it writes with lz4 where the server was built
// with it (every packaged PostgreSQL since 14 is), rather than pglz: a
// column declares no compression of its own (none of ours does), so each
// value is compressed with the setting in force when it is written, and
// read back the same either way. An alert's evidence names every record
// behind it (an uninsured month names each worker's attendance: 5 kB of
// JSON), and a first night writes every alert: compressing them with pglz
// was most of what inserting them cost the server (province benchmark,
// 193 alerts of 25 projects, EXPLAIN ANALYZE on a loaded machine: 17.7 ms
// with pglz, 3.5 ms with lz4). SQLite compresses nothing.
func (d *Dialect) compressCheaply(tx *Tx) error {
	if !d.IsPostgres() {
		return nil
	}
	_, err := tx.Exec(`SELECT set_config('default_toast_compression', CASE WHEN 'lz4' = ANY (enumvals) THEN 'lz4' ELSE setting END, true)
		FROM pg_settings WHERE name = 'default_toast_compression'`)
	return err
}

// groupingSettings are what a read transaction that groups a whole
// region's rows at once (the workforce statistics: one group per person)
// sets first, or nil when the dialect reads such a statement outside any
// transaction. PostgreSQL gives each sort and hash 4 MB by default
// (work_mem; a hash twice that, hash_mem_multiplier), and the statistics'
// groups by person spilled to disk at province size; with 64 MB the
// province's month (100,000 people) groups in one batch (EXPLAIN ANALYZE:
// 73 MB for the people's hash, 27 MB for the enrolments' wages owed). The
// setting ends with the transaction. Nor do its reads run in parallel
// (max_parallel_workers_per_gather 0): with the month's postings among
// three reads grouped at once, the planner read all the province's
// postings (1.8 million rows) in parallel, 210-250 ms, rather than the
// month's by the account index alone, 130-180 ms, on a machine whose other
// core reads the months' wages meanwhile. SQLite's every transaction takes
// the write lock (_txlock=immediate), and its reads need no setting.
func (d *Dialect) groupingSettings() []string {
	if !d.IsPostgres() {
		return nil
	}
	return append([]string{"SET LOCAL work_mem = '64MB'", "SET LOCAL max_parallel_workers_per_gather = 0"}, d.fanOutSettings()...)
}

// fanOutSettings are what a read that visits every shard (the statistics)
// sets first on a Citus coordinator: one connection a worker
// (citus.max_adaptive_executor_pool_size, 16 by default). Citus's executor
// opens connections to a worker as long as its tasks queue (one more every
// citus.executor_slow_start_interval, 10 ms) and keeps one a worker after
// the statement (citus.max_cached_conns_per_worker): at 32 shards every
// statement of the statistics opened up to a dozen new connections and
// closed them again, each a new worker backend with cold caches (40 for
// three statistics at 32 shards, 7 at 4: make bench-citus). With one,
// each worker runs its shards' tasks one after the other over the
// connection it keeps: none opened after the first, at the cost of the
// parallelism within a worker, which the statistics forgo on one server
// too (max_parallel_workers_per_gather above). Nothing elsewhere.
func (d *Dialect) fanOutSettings() []string {
	if !d.citus {
		return nil
	}
	return []string{"SET LOCAL citus.max_adaptive_executor_pool_size = 1"}
}

// lockRows is the clause that locks the rows a SELECT reads until the
// transaction ends: PostgreSQL's FOR NO KEY UPDATE (which does not block
// rows of other tables that merely reference them). SQLite needs none: a
// write transaction holds the database's one write lock from its BEGIN
// (_txlock=immediate), so nothing else writes meanwhile.
func (d *Dialect) lockRows() string {
	if d.IsPostgres() {
		return " FOR NO KEY UPDATE"
	}
	return ""
}

// indexedBy names the index SQLite must use for the table just named in a
// FROM or JOIN clause; PostgreSQL plans from its statistics and gets nothing.
// SQLite has no statistics until ANALYZE runs, and without them it guessed
// that enrolments are best reached through (project_id, employer_id) rather
// than (project_id, worker_id) when a payroll matches its payees: one
// 5,000-line payroll against 5,000 enrolments took 30–70 s that way and
// 0.2 s through the worker index.
func (d *Dialect) indexedBy(index string) string {
	if d.IsPostgres() {
		return ""
	}
	return " INDEXED BY " + index
}

// migrationsDir is the folder of schemas/ that holds the dialect's
// migrations, named after it.
func (d *Dialect) migrationsDir() string {
	if d.citus {
		return Postgres.Name // the same SQL; distributing is a step after it
	}
	return d.Name
}

// open opens a pool on the dialect's driver; PostgreSQL's connections are
// read through a read-ahead (readAheadDialer), and one cut while it starts
// is a lost connection (startupConnector).
func (d *Dialect) open(dsn string) (*sqlx.DB, error) {
	if !d.IsPostgres() {
		return sqlx.Open(d.driverName, dsn)
	}
	c, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	c.Dialer(readAheadDialer{})
	return sqlx.NewDb(sql.OpenDB(startupConnector{c}), d.driverName), nil
}

// startupConnector is lib/pq's connector, but for the end of stream met
// while a new connection starts its session: a server that accepts a
// connection and closes it before the session starts (one stopping, or
// starting again after a crash) makes lib/pq return the bare io.EOF, which
// database/sql neither retries nor marks as a lost connection, and which
// read as an internal error (500) where the database was only unreachable
// (503). It is driver.ErrBadConn here: database/sql tries a new connection,
// and if the server is still away the request is answered as an outage
// (unreachable), without taking every io.EOF, a reader's end among them,
// for one.
type startupConnector struct{ *pq.Connector }

func (c startupConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if errors.Is(err, io.EOF) {
		return nil, driver.ErrBadConn
	}
	return conn, err
}

func (c startupConnector) Driver() driver.Driver { return c.Connector.Driver() }

// holdWriter takes the process's write lock mu when the database admits one
// writer at a time, and returns what releases it: every write transaction
// (a use case's, a migration's) runs between the two.
func (d *Dialect) holdWriter(mu *sync.Mutex) (release func()) {
	if !d.oneWriter {
		return func() {}
	}
	mu.Lock()
	return mu.Unlock
}

// configurePool sizes the connection pool for the dialect.
func (d *Dialect) configurePool(db *sqlx.DB, maxConns int) {
	if d.oneWriter {
		// Readers share the file through WAL; writers queue on writeMu.
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		return
	}
	if maxConns <= 0 {
		maxConns = 20
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
}

// lockMigrations keeps two processes from migrating the same database at once.
// PostgreSQL uses a session advisory lock on conn; SQLite's immediate
// transactions already admit one writer.
func (d *Dialect) lockMigrations(ctx context.Context, conn *sql.Conn) (unlock func(), err error) {
	if !d.IsPostgres() {
		return func() {}, nil
	}
	const key = 7274827 // "wageguard migrations"
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		return nil, err
	}
	return func() { _, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key) }, nil
}

// tableExistsQuery counts the tables of a name (one argument) in the current schema.
func (d *Dialect) tableExistsQuery() string {
	if d.IsPostgres() {
		return "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
	}
	return "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
}

// tablesQuery lists the names of the tables in the current schema, in order.
func (d *Dialect) tablesQuery() string {
	if d.IsPostgres() {
		return "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
	}
	return "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
}

// copyMinRows is the batch size from which PostgreSQL's COPY beats a
// multi-row INSERT: below it, starting the COPY costs more than it saves.
const copyMinRows = 200

// copyPays reports whether n new rows go faster through copyIn than through
// multi-row INSERTs: on PostgreSQL from copyMinRows on; SQLite has no COPY.
func (d *Dialect) copyPays(n int) bool { return d.IsPostgres() && n >= copyMinRows }

// copyIn writes rows known to be new with PostgreSQL's COPY protocol; SQLite
// has none and gets multi-row INSERTs.
func (d *Dialect) copyIn(tx *Tx, table string, columns []string, rows [][]any) error {
	if !d.IsPostgres() {
		return bulkInsert(tx, table, columns, rows)
	}
	tx.writes.note(tx.write, "COPY "+table)
	stmt, err := tx.tx.PrepareContext(tx.ctx, pq.CopyIn(table, columns...))
	if err != nil {
		return fmt.Errorf("store: unable to start COPY into %s: %w", table, d.classify(err))
	}
	// One buffer for every row: the driver has encoded a row by the time
	// ExecContext returns, and the caller's rows stay as they were.
	buf := make([]any, len(columns))
	for _, r := range rows {
		copy(buf, r)
		toDBValues(buf)
		if _, err := stmt.ExecContext(tx.ctx, buf...); err != nil {
			stmt.Close()
			return fmt.Errorf("store: COPY into %s: %w", table, d.classify(err))
		}
	}
	if _, err := stmt.ExecContext(tx.ctx); err != nil {
		stmt.Close()
		return fmt.Errorf("store: COPY into %s: %w", table, d.classify(err))
	}
	return stmt.Close()
}

// copiesUnlessConflict reports whether n rows believed new, among which one
// may still be on record already (a bank sending a fact again), go by COPY
// inside a savepoint (copyOrRollBack) before a conflict-skipping INSERT:
// on single-node PostgreSQL from copyMinRows on. SQLite has no COPY; a
// Citus cluster sends a project's rows straight to its shard as a VALUES
// list (insertsAsValues).
func (d *Dialect) copiesUnlessConflict(n int) bool { return d.copyPays(n) && !d.citus }

// copyOrRollBack writes rows with COPY inside a savepoint and reports
// whether it did. A COPY the database refuses (a row already on record
// fails the whole COPY, which has no ON CONFLICT) is undone back to the
// savepoint, and the transaction goes on as if it had never been tried:
// the caller then writes the rows its slower way, which skips or refuses
// them as it always did. A database that cannot be reached, a deadlock or
// a serialization failure is returned, not undone: the transaction is
// over (or runs again) either way.
func (d *Dialect) copyOrRollBack(tx *Tx, table string, columns []string, rows [][]any) (bool, error) {
	if !d.IsPostgres() {
		return false, nil
	}
	if _, err := tx.Exec("SAVEPOINT copy_or_roll_back"); err != nil {
		return false, fmt.Errorf("store: unable to start COPY into %s: %w", table, err)
	}
	err := d.copyIn(tx, table, columns, rows)
	if err == nil {
		if _, err := tx.Exec("RELEASE SAVEPOINT copy_or_roll_back"); err != nil {
			return false, fmt.Errorf("store: unable to finish COPY into %s: %w", table, err)
		}
		return true, nil
	}
	if d.isRetryable(err) || ledger.ErrorCode(err) == ledger.EUnavailable || tx.ctx.Err() != nil {
		return false, err
	}
	if _, rerr := tx.Exec("ROLLBACK TO SAVEPOINT copy_or_roll_back"); rerr != nil {
		return false, fmt.Errorf("store: unable to undo a failed COPY into %s (%v): %w", table, err, rerr)
	}
	if _, rerr := tx.Exec("RELEASE SAVEPOINT copy_or_roll_back"); rerr != nil {
		return false, fmt.Errorf("store: unable to undo a failed COPY into %s (%v): %w", table, err, rerr)
	}
	return false, nil
}

// classify turns a driver error into a domain error once, for both drivers:
// unique → conflict, foreign key and check → invalid, no rows → not_found,
// append-only trigger → conflict. Anything else stays internal, wrapped.
func (d *Dialect) classify(err error) error {
	if err == nil {
		return nil
	}
	var le *ledger.Error
	if errors.As(err, &le) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.Errorf(ledger.ENotFound, "not found")
	}
	if unreachable(err) {
		return fmt.Errorf("%w (%v)", ledger.Errorf(ledger.EUnavailable, "the database is not reachable: send the request again shortly, with the same Idempotency-Key if it changes something"), err)
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		// A Citus worker names the shard's constraint and table, the
		// table's with the shard's number appended (ledger_entries_102008).
		constraint, message := d.unshard(d.constraintOf(pe)), d.unshard(pe.Message)
		switch pe.Code {
		case "23505":
			return constraintError(ledger.EConflict, constraint, "", pe)
		case "23503":
			return constraintError(ledger.EInvalid, constraint, "", pe)
		case "23514", "23502":
			return constraintError(ledger.EInvalid, constraint, pe.Column, pe)
		case "P0001":
			if strings.Contains(message, "append-only") {
				return &ledger.Error{Code: ledger.EConflict, Message: message}
			}
		}
		return fmt.Errorf("postgres: %w", err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		msg := se.Error()
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return constraintError(ledger.EConflict, "", sqliteConstraintTarget(msg), se)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return constraintError(ledger.EInvalid, "", "", se)
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return constraintError(ledger.EInvalid, sqliteConstraintTarget(msg), sqliteConstraintTarget(msg), se)
		case sqlite3.SQLITE_CONSTRAINT_TRIGGER, sqlite3.SQLITE_CONSTRAINT:
			if strings.Contains(msg, "append-only") {
				return &ledger.Error{Code: ledger.EConflict, Message: appendOnlyMessage(msg)}
			}
		}
		return fmt.Errorf("sqlite: %w", err)
	}
	return err
}

// shardSuffix is the shard number Citus appends to the names of a shard's
// table and constraints, at the end of a name.
var shardSuffix = regexp.MustCompile(`_[0-9]{4,}\b`)

// unshard turns a Citus shard's name back into its table's (or
// constraint's) in a name or message; other databases' names are left alone
// (no table or constraint of wageguard ends in _ and four digits).
func (d *Dialect) unshard(s string) string {
	if !d.citus {
		return s
	}
	return shardSuffix.ReplaceAllString(s, "")
}

// constraintOf is the constraint a PostgreSQL error names: its field, or on
// a Citus coordinator, which passes a worker's message on without the
// field, the name quoted in the message.
func (d *Dialect) constraintOf(pe *pq.Error) string {
	if pe.Constraint != "" || !d.citus {
		return pe.Constraint
	}
	if m := quotedConstraint.FindStringSubmatch(pe.Message); m != nil {
		return m[1]
	}
	return ""
}

var quotedConstraint = regexp.MustCompile(`constraint "([^"]+)"`)

// unreachable reports a database that does not answer, rather than one that
// refused a statement: a connection refused, reset or broken, a server
// shutting down or not yet accepting connections, or out of connection
// slots (issue 16, item 15: these answered 500 rather than 503). SQLite is
// a file in the process and has no such state. (A connection cut while it
// starts is driver.ErrBadConn by then: startupConnector.)
func unreachable(err error) bool {
	var ne net.Error
	var pe *pq.Error
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &pe):
		// 08P01 (protocol violation) is in the connection class but is the
		// statement's fault (say, more parameters than placeholders): a
		// retry meets it again, so it is no outage.
		return (pe.Code.Class() == "08" && pe.Code != "08P01") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" || pe.Code == "53300"
	case errors.As(err, &ne):
		return true
	}
	return false
}

// isRetryable reports a transient failure worth running the transaction again:
// a PostgreSQL deadlock or serialization failure, or SQLite busy.
func (d *Dialect) isRetryable(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.Code == "40P01" || pe.Code == "40001"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED
	}
	return false
}

// sqliteConstraintTarget pulls "table.column" out of "UNIQUE constraint failed: t.c (2067)".
func sqliteConstraintTarget(msg string) string {
	i := strings.LastIndex(msg, "constraint failed: ")
	if i < 0 {
		return ""
	}
	after := msg[i+len("constraint failed: "):]
	after, _, _ = strings.Cut(after, " (")
	after = strings.TrimSpace(after)
	// A partial or expression index is reported by name: "index 'name'".
	if name, ok := strings.CutPrefix(after, "index '"); ok {
		return strings.TrimSuffix(name, "'")
	}
	return after
}

func appendOnlyMessage(msg string) string {
	i := strings.Index(msg, "wageguard:")
	if i < 0 {
		return "records are append-only"
	}
	msg = msg[i:]
	msg, _, _ = strings.Cut(msg, " (")
	return msg
}

// constraintError maps a named constraint (PostgreSQL) or "table.column"
// (SQLite) to a message a user understands; constraintMessages is the one
// table of those names.
func constraintError(code, constraint, target string, cause error) error {
	for _, c := range constraintMessages {
		if (constraint != "" && constraint == c.pg) || (target != "" && (target == c.sqlite || target == c.pg)) {
			return &ledger.Error{Code: code, Message: c.message}
		}
	}
	switch code {
	case ledger.EConflict:
		return &ledger.Error{Code: code, Message: "this record already exists"}
	default:
		return &ledger.Error{Code: code, Message: "the record refers to something that does not exist or breaks a rule"}
	}
}

// createStaging makes an empty per-transaction staging table. PostgreSQL
// drops it at commit; SQLite keeps temporary tables per connection, so it is
// emptied first and dropped by dropStaging (both roll back with the transaction).
func (d *Dialect) createStaging(tx *Tx, name, columns string) error {
	if d.IsPostgres() {
		_, err := tx.Exec("CREATE TEMP TABLE " + name + " (" + columns + ") ON COMMIT DROP")
		return err
	}
	if _, err := tx.Exec("CREATE TEMP TABLE IF NOT EXISTS " + name + " (" + columns + ")"); err != nil {
		return err
	}
	_, err := tx.Exec("DELETE FROM " + name)
	return err
}

// dropStaging drops a staging table before the transaction ends, so that a
// second upload in the same transaction starts clean.
func (d *Dialect) dropStaging(tx *Tx, name string) error {
	_, err := tx.Exec("DROP TABLE " + name)
	return err
}

// inStrings is the condition "column is one of values" with its arguments.
// SQLite gets IN (?, ?, …); PostgreSQL gets = ANY(?) with one array
// argument, because it estimates an IN list element by element and, with
// thousands of elements, plans a hash join over the whole table instead of
// probing the index. (Arrays appear in the project's SQL from this file only:
// here and in rowsSource.)
func (d *Dialect) inStrings(column string, values []string) (string, []any) {
	if d.IsPostgres() {
		return column + " = ANY(?)", []any{pq.StringArray(values)}
	}
	return column + " IN (" + placeholders(len(values)) + ")", anys(values)
}

// inKeys is the condition "column is one of values" with its arguments,
// for a statement that restricts the same rows otherwise too (a join to
// the list as a row source): PostgreSQL gets = ANY(?) with one array
// argument, which it estimates as the list's length and answers by probing
// the index for each value (the workforce statistics of one district read
// a third of the province's month by joining the list, the planner guessing
// a third of its rows and reading every row of the tables); SQLite gets
// otherwise, the condition without the list, so that the statement's
// parameters do not grow with it (SQLite binds a bounded number).
func (d *Dialect) inKeys(column string, values []string, otherwise string) (string, []any) {
	if d.IsPostgres() {
		return column + " = ANY(?)", []any{pq.StringArray(values)}
	}
	return otherwise, nil
}

// textArray is column c of rows as a PostgreSQL array literal, every element
// quoted: {"a","b\"c"}. Written into one buffer sized up front, where
// pq.StringArray grew its buffer element by element (a third of the bytes a
// 10,000-item confirmation batch allocated).
func textArray(rows [][]any, c int) string {
	elems := make([]string, len(rows))
	size := 2
	for r, row := range rows {
		elems[r] = arrayElement(row[c])
		size += len(elems[r]) + 3
	}
	var b strings.Builder
	b.Grow(size + 16)
	b.WriteByte('{')
	for r, e := range elems {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for {
			i := strings.IndexAny(e, `"\`)
			if i < 0 {
				break
			}
			b.WriteString(e[:i])
			b.WriteByte('\\')
			b.WriteByte(e[i])
			e = e[i+1:]
		}
		b.WriteString(e)
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// arrayElement is v as an element of a PostgreSQL text array.
func arrayElement(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case fmt.Stringer: // ledger.Date, ledger.Period
		return x.String()
	}
	return fmt.Sprint(v)
}

// keysPerStatement is how many of n keys one statement looks up through
// inStrings: all of them on PostgreSQL, where they are one array argument
// (a 10,000-item confirmation batch read its instructions in two
// statements, each planned and sent on its own), 5,000 on SQLite, whose
// IN list takes a parameter per key.
func (d *Dialect) keysPerStatement(n int) int {
	if d.IsPostgres() {
		return max(n, 1)
	}
	return 5000
}

// rowsPerSource is how many of n rows of the given number of columns one
// rowsSource carries: all of them on PostgreSQL (a parameter per column), as
// many as SQLite's limit on bound parameters allows there.
func (d *Dialect) rowsPerSource(columns, n int) int {
	if d.IsPostgres() {
		return max(n, 1)
	}
	return maxParams / columns
}

// rowsSource is a FROM item "(…) AS v" that yields rows of the named
// columns: one array per column, unnested, on PostgreSQL (one parameter per
// column, so ten thousand rows are one statement with a plan that knows its
// size); a VALUES list with the columns named on SQLite. types are the
// PostgreSQL array types of the columns ("text", "bigint").
func (d *Dialect) rowsSource(columns, types []string, rows [][]any) (string, []any) {
	if d.IsPostgres() {
		args := make([]any, len(columns))
		parts := make([]string, len(columns))
		for c := range columns {
			args[c] = textArray(rows, c)
			parts[c] = "CAST(? AS " + types[c] + "[])"
		}
		return "(SELECT * FROM unnest(" + strings.Join(parts, ", ") + ") AS t(" + strings.Join(columns, ", ") + ")) AS v", args
	}
	sel := make([]string, len(columns))
	for c, name := range columns {
		sel[c] = fmt.Sprintf("column%d AS %s", c+1, name)
	}
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"
	var b strings.Builder
	args := make([]any, 0, len(rows)*len(columns))
	for r, row := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
		args = append(args, row...)
	}
	toDBValues(args)
	return "(SELECT " + strings.Join(sel, ", ") + " FROM (VALUES " + b.String() + ")) AS v", args
}

// dateLiteral is date d written into a statement's text, typed as the
// dialect keeps dates: a DATE on PostgreSQL, ISO text on SQLite. (A
// placeholder in a CASE or compared with a column of a rowsSource would
// be text on PostgreSQL.) d is the program's, never a caller's string.
func (d *Dialect) dateLiteral(day ledger.Date) string {
	if d.IsPostgres() {
		return "DATE '" + day.String() + "'"
	}
	return "'" + day.String() + "'"
}

// Unavailable reports whether err says the database could not be reached or
// went away (refused or lost connection, a server shutting down or starting
// up, too many connections), rather than that the request was wrong: the
// caller may retry the same request later. For errors that did not pass
// through classify (a BEGIN or COMMIT that lost its connection).
func Unavailable(err error) bool {
	return err != nil && unreachable(err)
}

// onOneShard is, on a Citus cluster, the condition that names the one
// project every row of a statement belongs to (" AND column = ?"), when they
// all belong to one: Citus routes a statement that joins a list of rows
// (rowsSource) to one shard only when the distribution column is fixed, and
// otherwise sends it to every shard, and the transaction commits in two
// phases across the workers (issue 19). "" elsewhere, and when the rows
// span projects (a batch on one server).
func (d *Dialect) onOneShard(column string, projects []string) (string, []any) {
	if !d.citus || len(projects) == 0 {
		return "", nil
	}
	for _, p := range projects[1:] {
		if p != projects[0] {
			return "", nil
		}
	}
	return " AND " + column + " = ?", []any{projects[0]}
}

// beginWrite readies a write transaction. On a Citus cluster its
// statements that read many shards run over one connection per node
// (citus.multi_shard_modify_mode 'sequential'): a transaction that read
// many projects' shards over parallel connections (a new worker's identity
// checked against every project's enrolments) may not then write a
// reference table (the identity), which Citus refuses ("there was a
// parallel operation on a distributed table"). A write transaction's own
// statements name one project's shard (issue 19); only such checks read
// across shards, and they read few rows.
func (d *Dialect) beginWrite(tx *Tx) error {
	if !d.citus {
		return nil
	}
	_, err := tx.Exec("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'")
	return err
}

// withPinsByID is a copy of d with its pins by ID on or off (DB.WithIDPins).
func (d *Dialect) withPinsByID(on bool) *Dialect {
	c := *d
	c.pinsByID = on
	return &c
}

// onShardsOf is, on a Citus cluster, the condition " AND column = ANY(?)"
// that holds a read of many projects' rows to the shards of the projects
// named (the caller's list of every project, or of a contractor's): Citus
// sends a statement that names no project to every shard, empty or not, a
// task each, so a whole-table read cost as much more as the cluster had
// shards, for the same rows (issue 19, make bench-citus). "" elsewhere, and
// for a nil list (not known): one server reads the table as it always did.
func (d *Dialect) onShardsOf(column string, projects []string) (string, []any) {
	if !d.citus || projects == nil {
		return "", nil
	}
	cond, args := d.inStrings(column, projects)
	return " AND " + cond, args
}

// onShardsOfIDs is, on a Citus cluster, the condition " AND column = ANY(?)"
// over the projects that ids name (ledger.ProjectOfID: an ID made by
// ledger.NewIDIn carries its project): a row found by its own ID (a
// payroll, an instruction a bank confirms, an alert) is then read on its
// project's shard alone, not on every shard (issue 19). "" elsewhere, and
// when one of ids names no project (an ID made before NewIDIn): the rows
// are found by their IDs alone, on every shard, as they always were. One
// project is named by "column = ?": Citus carries an equality, not
// = ANY(…), across a join to the other tables of the statement (a view
// of two tables, a resource joined to its project), and plans it on one
// shard only so.
func (d *Dialect) onShardsOfIDs(column string, ids []string) (string, []any) {
	if !d.pinsByID || len(ids) == 0 {
		return "", nil
	}
	var projects []string
	for _, id := range ids {
		p, ok := ledger.ProjectOfID(id)
		if !ok {
			return "", nil
		}
		if !slices.Contains(projects, p) {
			projects = append(projects, p)
		}
	}
	if len(projects) == 1 {
		return " AND " + column + " = ?", []any{projects[0]}
	}
	cond, args := d.inStrings(column, projects)
	return " AND " + cond, args
}

// onShardsOfReceipt is, where reads by ID are pinned (a Citus cluster),
// onShardsOfIDs's condition over the projects whose ID starts with prefix
// (a receipt code's, ledger.ReceiptProjectPrefix), read from project_keys:
// a row per project, which every node holds whole, read on the
// coordinator. Usually one project, a few at most (20 bits of the ID), so
// the code's lookup goes to their shards, not to every shard. none is true
// when no project's ID starts so: the code opens nothing, and the caller
// answers so at once, without a statement on any shard (one naming no
// project would go to every shard). "" elsewhere, and for no prefix (a
// code made before ledger.ReceiptCodeIn): one server, or every shard,
// looks the code up as it always did.
func onShardsOfReceipt(q Querier, column, prefix string) (cond string, args []any, none bool, err error) {
	d := dialectOf(q)
	if !d.pinsByID || prefix == "" {
		return "", nil, false, nil
	}
	var projects []string
	if err := q.Select(&projects, `SELECT project_id FROM project_keys WHERE project_id >= ? AND project_id < ? ORDER BY project_id`,
		prefix, prefix+"~"); err != nil {
		return "", nil, false, fmt.Errorf("store: unable to list the projects of a receipt code: %w", err)
	}
	switch len(projects) {
	case 0:
		return "", nil, true, nil
	case 1:
		return " AND " + column + " = ?", []any{projects[0]}, false, nil
	}
	cond, args = d.inStrings(column, projects)
	return " AND " + cond, args, false, nil
}

// namedFirst orders ids, on a Citus cluster, so that those naming their
// project (ledger.ProjectOfID) come first, in their order, then the rest: a
// statement over a chunk of the first is held to their projects' shards
// (onShardsOfIDs), and only the rest, IDs made before ledger.NewIDIn, go to
// every shard. ids unchanged elsewhere.
func (d *Dialect) namedFirst(ids []string) []string {
	if !d.pinsByID {
		return ids
	}
	out := make([]string, 0, len(ids))
	var rest []string
	for _, id := range ids {
		if _, ok := ledger.ProjectOfID(id); ok {
			out = append(out, id)
		} else {
			rest = append(rest, id)
		}
	}
	return append(out, rest...)
}

// where is an onShardsOf condition as a statement's only one: " WHERE …",
// or "".
func where(shards string) string {
	if shards == "" {
		return ""
	}
	return " WHERE " + strings.TrimPrefix(shards, " AND ")
}

// everyProjectOnShards is onShardsOf over every project in the database,
// read from project_keys (a row per project, which every node of a Citus
// cluster holds whole: read on the coordinator, no task on a worker): for a
// read of every project that cannot be handed the list.
func everyProjectOnShards(q Querier, column string) (string, []any, error) {
	d := dialectOf(q)
	if !d.citus {
		return "", nil, nil
	}
	ids := []string{}
	if err := q.Select(&ids, `SELECT project_id FROM project_keys`); err != nil {
		return "", nil, fmt.Errorf("store: unable to list the projects: %w", err)
	}
	cond, args := d.onShardsOf(column, ids)
	return cond, args, nil
}

// oneProjectPerTransaction: on a Citus cluster a write touching many
// projects is applied one project per transaction (DB.OneProjectPerTransaction).
func (d *Dialect) oneProjectPerTransaction() bool { return d.citus }

// insertsAsValues reports whether a statement inserting a list of rows
// gives them as a VALUES list (valuesList) rather than selecting them from
// rowsSource: on a Citus cluster, whose INSERT … SELECT of a list of rows
// runs through the coordinator and commits in two phases (issue 19).
func (d *Dialect) insertsAsValues() bool { return d.citus }

// insertSelect inserts into table (columns) the rows query selects, with
// suffix after them (an ON CONFLICT clause). On a Citus cluster the rows
// are read first and inserted as VALUES lists: an INSERT … SELECT reading a
// table only the coordinator holds (a transaction's staging table) runs
// through the coordinator and commits in two phases, even when every row
// goes to one shard (issue 19); a VALUES list of one project's rows is
// routed to its shard.
func (d *Dialect) insertSelect(tx *Tx, table string, columns []string, query string, args []any, suffix string) error {
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") "
	if !d.citus {
		_, err := tx.Exec(head+query+suffix, args...)
		return err
	}
	rows, err := tx.queryRows(query, args...)
	if err != nil {
		return err
	}
	var selected [][]any
	for rows.Next() {
		row := make([]any, len(columns))
		ptrs := make([]any, len(columns))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return err
		}
		selected = append(selected, row)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for chunk := range slices.Chunk(selected, maxParams/len(columns)) {
		values, vargs := valuesList(chunk)
		if _, err := tx.Exec(head+"VALUES "+values+suffix, vargs...); err != nil {
			return err
		}
	}
	return nil
}

// valuesList is rows as an INSERT's VALUES list, "(?, ?), (?, ?)", with
// their arguments: on a Citus cluster an INSERT of a list of rows goes
// straight to the rows' shard only so; INSERT … SELECT FROM rowsSource runs
// through the coordinator and commits in two phases (issue 19).
func valuesList(rows [][]any) (string, []any) {
	var b strings.Builder
	var args []any
	for r, row := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + strings.TrimSuffix(strings.Repeat("?, ", len(row)), ", ") + ")")
		args = append(args, row...)
	}
	toDBValues(args)
	return b.String(), args
}

// How a Citus cluster holds each table (issue 19). A table not named here
// and without a project_id column has no rule, and distribute refuses to
// guess: a new table must be placed here when it is added.
var (
	// citusReference are the tables every node holds whole (Citus
	// reference tables): small, written rarely, read beside any project's
	// rows. project_keys holds the keys unique across all projects (0031).
	// There is no policy or calendar table: the policy is a file and the
	// calendar is compiled in.
	citusReference = []string{"organizations", "project_keys", "worker_identities", "api_keys", "console_sessions",
		"guarantee_refs", "check_runs", "secret_keys", "secret_key_rotation", "audit_keys", "service_tasks"}
	// citusByColumn are tables distributed by another column than
	// project_id, co-located with projects all the same: projects by its id;
	// the audit trail by its chain, which is a project's ID (or "org", the
	// one chain of changes that belong to no project), so a project's
	// records are on its project's node; idempotency_keys by scope, the
	// caller's: the keys of requests that name no project (a new
	// organisation, key or project, a bank's confirmations) and those kept
	// before 0038. A request on a project keeps its key beside the
	// project's rows, in project_idempotency_keys (0038): a tenant table,
	// by project_id, so the change and its key commit on one shard.
	citusByColumn = map[string]string{"projects": "id", "audit_log": "chain", "audit_heads": "chain", "audit_queue": "chain",
		"audit_quarantine": "chain", "audit_legacy": "chain", "idempotency_keys": "scope"}
	// citusLocal stay on the coordinator alone: schema_migrations is read and
	// written only by the migrator, through the coordinator, and joined with
	// nothing.
	citusLocal = []string{"schema_migrations"}
)

// CitusLayout is how a Citus cluster holds each table of db's schema, read
// from the rules above (not from the cluster): "reference", "local", or the
// distribution column. Tests compare it with Citus's own metadata, and the
// schema rules test reads the reference tables from it on every database.
func CitusLayout(ctx context.Context, db *DB) (map[string]string, error) {
	var tables []string
	if err := db.Select(ctx, &tables, db.Dialect.baseTablesQuery()); err != nil {
		return nil, err
	}
	var tenant []string
	if err := db.Select(ctx, &tenant, db.Dialect.tenantTablesQuery()); err != nil {
		return nil, err
	}
	return citusLayout(tables, tenant)
}

// baseTablesQuery lists the tables (not views) in the current schema.
func (d *Dialect) baseTablesQuery() string {
	if d.IsPostgres() {
		return "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
	}
	return "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
}

// tenantTablesQuery lists the tables (not views) with a project_id column.
func (d *Dialect) tenantTablesQuery() string {
	if d.IsPostgres() {
		return `SELECT c.table_name FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
			WHERE c.table_schema = current_schema() AND c.column_name = 'project_id' ORDER BY c.table_name`
	}
	return "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'project_id' ORDER BY m.name"
}

func citusLayout(tables, tenant []string) (map[string]string, error) {
	layout := map[string]string{}
	for _, t := range tenant {
		layout[t] = "project_id"
	}
	for _, t := range citusReference {
		layout[t] = "reference"
	}
	for t, col := range citusByColumn {
		layout[t] = col
	}
	for _, t := range citusLocal {
		layout[t] = "local"
	}
	out := make(map[string]string, len(tables))
	for _, t := range tables {
		if layout[t] == "" {
			return nil, fmt.Errorf("store: table %s has no place on a Citus cluster: give it a project_id column or name it in dialect.go's citusReference", t)
		}
		out[t] = layout[t]
	}
	return out, nil
}

// distribute places, on a Citus coordinator, every table that is still only
// on the coordinator as citusLayout says: reference tables first, then
// projects, then the rest co-located with projects. It runs after the SQL
// migrations (Migrate), which stay the same for plain PostgreSQL and Citus,
// and in one transaction; tables already placed are left alone, so it
// distributes a new migration's tables and finishes an interrupted run.
//
// Citus refuses to distribute a table that a table still on the coordinator
// refers to by foreign key, and a table that refers to one: the foreign
// keys touching the tables to place are dropped first and added back once
// every table is placed (on an empty schema this costs nothing; on a
// database with rows, adding them back checks every row, as a foreign key
// added by a migration does).
//
// The append-only guards (triggers on ledger_entries, ledger_postings and
// audit_log) stay, by Citus's trigger support: citus.enable_unsafe_triggers
// lets a distributed table keep its triggers, which then run on each shard.
// Citus calls them unsafe because a trigger that reads or writes other
// tables would see one shard rather than the table; wageguard_append_only
// reads nothing and only refuses, so it behaves on a shard as on a table.
// The other way, revoking UPDATE and DELETE from the service's role, binds
// neither a superuser nor the tables' owner, and the service migrates its
// own schema and so owns its tables: the guard would hold in no deployment
// that follows the README, and the behaviour would differ from PostgreSQL's.
func (d *Dialect) distribute(ctx context.Context, conn *sql.Conn) error {
	if !d.citus {
		return nil
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to distribute the tables: %w", err)
	}
	defer tx.Rollback()
	place, err := citusUnplaced(ctx, tx)
	if err != nil || len(place) == 0 {
		return err
	}
	fks, err := foreignKeysTouching(ctx, tx, place)
	if err != nil {
		return err
	}
	stmts := []string{"SET LOCAL citus.multi_shard_modify_mode TO 'sequential'", "SET LOCAL citus.enable_unsafe_triggers TO on"}
	for _, fk := range fks {
		stmts = append(stmts, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", fk.table, fk.name))
	}
	stmts = append(stmts, placeStatements(place)...)
	for _, fk := range fks {
		stmts = append(stmts, fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s %s", fk.table, fk.name, fk.def))
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: distributing the tables on Citus: %s: %w", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to distribute the tables: %w", err)
	}
	return nil
}

// checkPlaced refuses, on Citus, a schema with a table not yet placed (a
// migrate stopped between the migrations and the placing): its rows would
// stay on the coordinator alone.
func (d *Dialect) checkPlaced(ctx context.Context, x *sql.DB) error {
	if !d.citus {
		return nil
	}
	tx, err := x.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	place, err := citusUnplaced(ctx, tx)
	if err != nil {
		return err
	}
	for t := range place {
		return ledger.Errorf(ledger.EConflict, "table %s is not yet distributed on the Citus cluster: run `wageguard migrate`", t)
	}
	return nil
}

// prepareMigration readies a migration's transaction. On Citus, a table a
// migration creates stays a plain table on the coordinator until distribute
// places it, even with a foreign key to a reference table: Citus would
// otherwise make it a "Citus local table" at once, and then refuse its
// foreign key to a distributed table (a new tenant table refers to both
// projects and organizations).
func (d *Dialect) prepareMigration(ctx context.Context, tx *sql.Tx) error {
	if !d.citus {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL citus.enable_local_reference_table_foreign_keys TO off"); err != nil {
		return err
	}
	// A later migration that adds, drops or disables a trigger on a placed
	// table (the append-only guards) is refused by Citus without it, on the
	// cluster only: the same setting distribute keeps the guards by.
	_, err := tx.ExecContext(ctx, "SET LOCAL citus.enable_unsafe_triggers TO on")
	return err
}

// citusUnplaced is the layout of the tables not yet placed on the cluster:
// not in Citus's metadata, or added to it by Citus itself as a local table
// (which it does to a table that refers to a reference table).
func citusUnplaced(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.relname, EXISTS (SELECT 1 FROM citus_tables ct WHERE ct.table_name = c.oid::regclass AND ct.citus_table_type <> 'local')
		FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read Citus's tables: %w", err)
	}
	defer rows.Close()
	var tables []string
	placed := map[string]bool{}
	for rows.Next() {
		var name string
		var done bool
		if err := rows.Scan(&name, &done); err != nil {
			return nil, err
		}
		tables, placed[name] = append(tables, name), done
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var tenant []string
	if err := selectStrings(ctx, tx, Citus.tenantTablesQuery(), &tenant); err != nil {
		return nil, err
	}
	layout, err := citusLayout(tables, tenant)
	if err != nil {
		return nil, err
	}
	for t, how := range layout {
		if placed[t] || how == "local" {
			delete(layout, t)
		}
	}
	return layout, nil
}

func selectStrings(ctx context.Context, tx *sql.Tx, q string, out *[]string) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		*out = append(*out, s)
	}
	return rows.Err()
}

type foreignKey struct{ table, name, def string }

// foreignKeysTouching lists the foreign keys from or to the tables named.
func foreignKeysTouching(ctx context.Context, tx *sql.Tx, tables map[string]string) ([]foreignKey, error) {
	names := make([]string, 0, len(tables))
	for t := range tables {
		names = append(names, t)
	}
	rows, err := tx.QueryContext(ctx, `SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
		FROM pg_constraint c
		WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
		  AND (c.conrelid::regclass::text = ANY ($1) OR c.confrelid::regclass::text = ANY ($1))
		ORDER BY 1, 2`, pq.StringArray(names))
	if err != nil {
		return nil, fmt.Errorf("store: unable to read foreign keys: %w", err)
	}
	defer rows.Close()
	var out []foreignKey
	for rows.Next() {
		var fk foreignKey
		if err := rows.Scan(&fk.table, &fk.name, &fk.def); err != nil {
			return nil, err
		}
		out = append(out, fk)
	}
	return out, rows.Err()
}

// placeStatements are the Citus calls that place the tables, in the order
// Citus needs: reference tables, then projects, then the rest with projects.
func placeStatements(layout map[string]string) []string {
	var refs, rest []string
	for t, how := range layout {
		switch {
		case how == "reference":
			refs = append(refs, t)
		case t != "projects":
			rest = append(rest, t)
		}
	}
	sort.Strings(refs)
	sort.Strings(rest)
	var out []string
	for _, t := range refs {
		out = append(out, fmt.Sprintf("SELECT create_reference_table('%s')", t))
	}
	if col, ok := layout["projects"]; ok {
		out = append(out, fmt.Sprintf("SELECT create_distributed_table('projects', '%s')", col))
	}
	for _, t := range rest {
		out = append(out, fmt.Sprintf("SELECT create_distributed_table('%s', '%s', colocate_with => 'projects')", t, layout[t]))
	}
	return out
}

// packed is the one column a read of many rows selects in place of cols
// (SQL expressions): their text, NULL as empty, joined by the unit
// separator (0x1F, which no ID, amount or date contains), to be grouped
// (packedGroups). The nightly check's largest reads (attendance, lines, payments:
// 1.8 million rows at province size) cost the client more than the server,
// most of it the driver making a string or number value, boxed, per column
// of every row: one value per row is a fraction of that.
func (d *Dialect) packed(cols ...string) string {
	sep := "char(31)"
	if d.IsPostgres() {
		sep = `E'\x1F'`
	}
	var b strings.Builder
	b.WriteString("concat_ws(" + sep)
	for _, c := range cols {
		b.WriteString(", COALESCE(CAST(" + c + " AS TEXT), '')")
	}
	b.WriteString(")")
	return b.String()
}

// packedGroups is the one column a grouped read (GROUP BY key) selects:
// the group's key, then each of its rows packed (packed, in the order
// given by order, in none when it is empty), every one after the record
// separator (0x1E). scanPackedGroups splits it again. A row apiece cost
// both ends more than the rows' text: the server a message per row, the
// client the driver's reading and a string per row.
func (d *Dialect) packedGroups(key, order string, cols ...string) string {
	if order != "" {
		order = " ORDER BY " + order
	}
	if d.IsPostgres() {
		return key + ` || E'\x1E' || string_agg(` + d.packed(cols...) + `, E'\x1E'` + order + ")"
	}
	return key + " || char(30) || group_concat(" + d.packed(cols...) + ", char(30)" + order + ")"
}
