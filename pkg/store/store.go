// Package store keeps wageguard's data in PostgreSQL or SQLite through sqlx.
// One file per table; dialect.go holds every difference between the two
// databases. Store helpers take a *Tx opened by a service method, so each use
// case is exactly one transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"  // PostgreSQL driver
	_ "modernc.org/sqlite" // SQLite driver, pure Go

	"github.com/wageguard/wageguard/ledger"
)

// Clock returns the current instant. It is injected so tests can fix "now".
type Clock func() time.Time

// DB is an open database of either dialect.
type DB struct {
	x       *sqlx.DB
	Dialect *Dialect
	clock   Clock
	writeMu sync.Mutex
	url     string
	// audit keys the audit trail (UseAuditKeys); nil until a key file is
	// known, when records are written and linked as before keys existed.
	audit AuditSecrets
	// perProject applies writes that touch many projects one project per
	// transaction on any database (ForceOneProjectPerTransaction).
	perProject bool
	// writes records every write, for tests (WithWriteLog); nil records none.
	writes *WriteLog
}

// OneProjectPerTransaction reports whether a write that touches many
// projects at once (a bank's confirmation batch, the nightly check) is
// applied one project per transaction, its results joined in order, rather
// than in batches across projects. On a Citus cluster it is (issue 19): a
// project's rows are on one shard, so each such transaction stays on one
// node and commits without a two-phase commit across workers. On one server
// batching is cheaper (fewer commits), and the results are the same.
func (db *DB) OneProjectPerTransaction() bool {
	return db.Dialect.oneProjectPerTransaction() || db.perProject
}

// ForceOneProjectPerTransaction makes OneProjectPerTransaction true on any
// database: tests compare both ways on one server, and benchmarks measure
// what the cluster's way costs there.
func (db *DB) ForceOneProjectPerTransaction(on bool) { db.perProject = on }

// WithIDPins is db (the same pool, clock and audit keys) with reads of a
// row by its own ID, or of a complaint by its receipt code, held to the
// shards of the project the ID or code names (on), or found by the ID
// alone (off), whatever the database: tests compare the two on one server
// (the pinned SQL) and on a Citus cluster (the unpinned reads), so that a
// wrong pin cannot find nothing unseen. Serve never calls it.
func (db *DB) WithIDPins(on bool) *DB {
	return &DB{x: db.x, Dialect: db.Dialect.withPinsByID(on), clock: db.clock, url: db.url, audit: db.audit, perProject: db.perProject, writes: db.writes}
}

// Option configures Open.
type Option func(*options)

type options struct {
	clock    Clock
	maxConns int
	writes   *WriteLog
}

// WithClock sets the clock that fixes each transaction's "now".
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithMaxConns sizes the PostgreSQL pool (default 20).
func WithMaxConns(n int) Option { return func(o *options) { o.maxConns = n } }

// Open connects to the database named by rawURL (sqlite://PATH or
// postgres://…) and checks that it answers. It does not migrate.
func Open(ctx context.Context, rawURL string, opts ...Option) (*DB, error) {
	o := options{clock: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	d, dsn, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	x, err := d.open(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", redactURL(rawURL), err)
	}
	d.configurePool(x, o.maxConns)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := x.PingContext(pingCtx); err != nil {
		x.Close()
		return nil, fmt.Errorf("store: unable to reach database %s: %w", redactURL(rawURL), err)
	}
	if d, err = d.detect(pingCtx, x); err != nil {
		x.Close()
		return nil, err
	}
	return &DB{x: x, Dialect: d, clock: o.clock, url: redactURL(rawURL), writes: o.writes}, nil
}

// Close closes the pool; in-flight queries finish first.
func (db *DB) Close() error { return db.x.Close() }

// Ping checks that the database answers (used by /readyz).
func (db *DB) Ping(ctx context.Context) error { return db.x.PingContext(ctx) }

// Stats reports the pool's figures for /metrics.
func (db *DB) Stats() sql.DBStats { return db.x.Stats() }

// URL is the database URL with any password removed.
func (db *DB) URL() string { return db.url }

// Now is the clock's current instant, truncated to what both databases keep.
func (db *DB) Now() time.Time { return db.clock().UTC().Truncate(time.Microsecond) }

// Get runs a read query outside a transaction and scans one row into dest.
func (db *DB) Get(ctx context.Context, dest any, q string, args ...any) error {
	db.writes.outside(q)
	return db.Dialect.classify(db.x.GetContext(ctx, dest, db.Dialect.Rebind(q), dbArgs(args)...))
}

// Select runs a read query outside a transaction and scans all rows into dest.
func (db *DB) Select(ctx context.Context, dest any, q string, args ...any) error {
	db.writes.outside(q)
	return db.Dialect.classify(db.x.SelectContext(ctx, dest, db.Dialect.Rebind(q), dbArgs(args)...))
}

// RetryAfter is the seconds an answer to a request the database could not
// serve (store.Unavailable) asks the client to wait, as Retry-After: long
// enough for a fail-over or restart to be noticed, short enough that a
// bank's retry loop does not give up. The API and the console both send it.
const RetryAfter = "5"

// ExecRaw runs a statement outside any transaction. Only tests and
// administrative tools use it; services write through WithTx.
func (db *DB) ExecRaw(ctx context.Context, q string, args ...any) error {
	if db.writes != nil {
		db.writes.begin("ExecRaw: " + statementHead(q))
	}
	_, err := db.x.ExecContext(ctx, db.Dialect.Rebind(q), dbArgs(args)...)
	return err
}

// Tx is one transaction with its fixed "now": every row it writes carries the
// same timestamp, and a test can replay any instant.
type Tx struct {
	tx  *sqlx.Tx
	ctx context.Context
	d   *Dialect
	// Now is the instant the transaction started, UTC, microsecond precision.
	Now time.Time
	// audits counts the audit records queued so far, to keep their order.
	audits int
	audit  AuditSecrets
	// writes and write are the DB's WriteLog and this transaction's entry
	// in it, where its statements are noted.
	writes *WriteLog
	write  int
}

// Ctx is the context the transaction runs under.
func (tx *Tx) Ctx() context.Context { return tx.ctx }

// Exec runs a statement, rebinding ? placeholders and classifying errors.
func (tx *Tx) Exec(q string, args ...any) (sql.Result, error) {
	tx.writes.note(tx.write, q)
	r, err := tx.tx.ExecContext(tx.ctx, tx.d.Rebind(q), dbArgs(args)...)
	return r, tx.d.classify(err)
}

// Get scans one row into dest.
func (tx *Tx) Get(dest any, q string, args ...any) error {
	tx.writes.note(tx.write, q) // an INSERT or UPDATE … RETURNING
	return tx.d.classify(tx.tx.GetContext(tx.ctx, dest, tx.d.Rebind(q), dbArgs(args)...))
}

// Select scans all rows into dest.
func (tx *Tx) Select(dest any, q string, args ...any) error {
	tx.writes.note(tx.write, q)
	return tx.d.classify(tx.tx.SelectContext(tx.ctx, dest, tx.d.Rebind(q), dbArgs(args)...))
}

type txKey struct{}

// ContextWithTx returns ctx carrying tx, so that a service method called with
// it joins tx instead of opening its own. The idempotency wrapper uses this to
// store the response in the same transaction as the change.
func ContextWithTx(ctx context.Context, tx *Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// PreferKeyLookups makes the rest of tx find rows by their keys' indexes:
// for a use case whose every statement looks rows up by key, in batches.
func (tx *Tx) PreferKeyLookups() error { return tx.d.preferKeyLookups(tx) }

// InTx reports whether ctx carries a transaction that a use case would join.
func InTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*Tx)
	return ok
}

// ErrConcurrentChange is returned by a use case that found, at the end of
// its transaction, that a row it read was changed by another transaction;
// WithTx runs the whole transaction again.
var ErrConcurrentChange = errors.New("store: a row changed under the transaction")

// WithTx runs fn in one transaction and commits if fn returns nil. If ctx
// already carries a transaction of this database, fn joins it. A deadlock or
// busy database is retried a few times; any other error rolls back.
func (db *DB) WithTx(ctx context.Context, fn func(*Tx) error) error {
	if outer, ok := ctx.Value(txKey{}).(*Tx); ok && outer.d == db.Dialect {
		return fn(outer)
	}
	var err error
	for attempt := 0; attempt < 8; attempt++ {
		err = db.runTx(ctx, fn)
		if err == nil || (!db.Dialect.isRetryable(err) && !errors.Is(err, ErrConcurrentChange)) || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
	}
	return db.Dialect.classify(err)
}

func (db *DB) runTx(ctx context.Context, fn func(*Tx) error) (err error) {
	defer db.Dialect.holdWriter(&db.writeMu)()
	x, err := db.x.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin transaction: %w", err)
	}
	tx := &Tx{tx: x, d: db.Dialect, Now: db.Now(), audit: db.audit, writes: db.writes, write: db.writes.begin("WithTx")}
	tx.ctx = ContextWithTx(ctx, tx)
	defer func() {
		if p := recover(); p != nil {
			_ = x.Rollback()
			panic(p)
		}
	}()
	if err := db.Dialect.beginWrite(tx); err != nil {
		_ = x.Rollback()
		return err
	}
	if err := fn(tx); err != nil {
		_ = x.Rollback()
		return err
	}
	if err := x.Commit(); err != nil {
		return fmt.Errorf("store: unable to commit: %w", err)
	}
	return nil
}

// ReadGrouped runs fn's reads, statements that group many rows at once
// (the workforce statistics), in one read-only transaction whose groups
// stay in memory (Dialect.groupingSettings); where the dialect needs no
// setting, fn reads outside any transaction, as Reader does, and takes no
// lock. A report never holds up the writers either way.
func (db *DB) ReadGrouped(ctx context.Context, fn func(Querier) error) error {
	return db.readWith(ctx, db.Dialect.groupingSettings(), fn)
}

// ReadAcrossShards runs fn's reads, statements that visit every project of
// a region at once (the statistics' projects and months), with the
// settings of such a read (Dialect.fanOutSettings) in one read-only
// transaction; where the dialect needs none, outside any transaction, as
// Reader does.
func (db *DB) ReadAcrossShards(ctx context.Context, fn func(Querier) error) error {
	return db.readWith(ctx, db.Dialect.fanOutSettings(), fn)
}

func (db *DB) readWith(ctx context.Context, settings []string, fn func(Querier) error) error {
	if len(settings) == 0 {
		return fn(db.Reader(ctx))
	}
	x, err := db.x.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return db.Dialect.classify(fmt.Errorf("store: unable to begin a read: %w", err))
	}
	defer func() { _ = x.Rollback() }() // read only: nothing to keep
	tx := &Tx{tx: x, ctx: ctx, d: db.Dialect, Now: db.Now(), audit: db.audit, write: -1}
	for _, s := range settings {
		if _, err := tx.Exec(s); err != nil {
			return err
		}
	}
	return fn(tx)
}

// notFound returns a not_found error naming what was looked for: what is
// the catalogue key of its name (resource.project, "check run").
func notFound(what, id string) error {
	return ledger.Errorf(ledger.ENotFound, "%s %q not found", ledger.M(what), id)
}
