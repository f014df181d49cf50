// Package service holds wageguard's use cases. Each public method is one use
// case and opens one transaction; it writes its audit record inside that
// transaction, so a change and its record are committed together or not at all.
package service

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// Service is the set of use cases over one database.
type Service struct {
	DB  *store.DB
	Log *slog.Logger
	// Identity encrypts identity and card numbers; nil in commands that
	// never touch them.
	Identity *identity.Keyring
	// Policy holds the regional rules; the built-in defaults when nil.
	Policy *ledger.Policy
	// Calendar is the working-day calendar; when nil, the built-in one with
	// the notices the policy file adds.
	Calendar *ledger.Calendar

	// EvidenceFont is the TrueType font with Chinese glyphs the evidence
	// bundle's PDF embeds; evidence.DefaultFont when empty.
	EvidenceFont string

	// FileBatchRows is how many rows of a bank result file go in one
	// transaction; MaxConfirmationItems when 0 (tests set it small).
	FileBatchRows int

	// CheckBatchSize, when more than 0 (tests set it), is how many
	// projects the nightly check reads and writes at once, whatever their
	// size, and CheckBatchWorkerMonths is not used; when 0, batches are cut
	// by the facts their projects are expected to read.
	CheckBatchSize int

	// CheckBatchWorkerMonths, when more than 0 (the province benchmark sets
	// it), is the worker-months a batch is cut at instead of the constant
	// service.CheckBatchWorkerMonths.
	CheckBatchWorkerMonths int

	// BeforeCheckBatch, when set, is called by a run of the nightly check
	// before it starts each batch of projects after the first (batch ≥ 1,
	// in order), and the run waits for it to return. A test hook: nil in
	// every build but the test build of the binary (cmd/wageguard's
	// testhooks.go, build tag wageguard_testhooks), whose process tests hold
	// a run partway with it, to kill it there or to run a second process
	// beside it.
	BeforeCheckBatch func(runID string, batch int)

	confirms confirmQueues // small confirmation requests waiting to commit together

	// failNight, when set (tests only), fails the check of the nights it
	// returns an error for, as a database fault would.
	failNight func(ledger.Date) error

	// duringBatch, when set (tests only), is called as each batch of the
	// nightly check starts, and what it returns as the batch ends.
	duringBatch func() (done func())
}

// New returns a Service over db.
func New(db *store.DB, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: db, Log: log}
}

// Caller is who is acting: an API key's organisation and role, or the system
// itself (the scheduler, the command line).
type Caller struct {
	KeyID string
	OrgID string
	Role  ledger.Role
	// RegionCode is the caller's organisation's division code; an
	// inspector sees the projects under it.
	RegionCode string
}

// System is the caller for work the service does on its own and for the
// command line's administrative commands.
var System = Caller{KeyID: ledger.SystemActor, Role: ledger.RoleAdmin}

// CLI is the caller for an operator's command on the server's shell.
var CLI = Caller{KeyID: "cli", Role: ledger.RoleAdmin}

// ActorName is how the caller is named in the audit trail.
func (c Caller) ActorName() string {
	if c.KeyID == "" {
		return "anonymous"
	}
	return c.KeyID
}

type callerKey struct{}
type requestHashKey struct{}

// WithCaller returns ctx carrying the caller.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller in ctx; System when there is none.
func CallerFrom(ctx context.Context) Caller {
	if c, ok := ctx.Value(callerKey{}).(Caller); ok {
		return c
	}
	return System
}

// WithRequestHash returns ctx carrying the SHA-256 of the request that caused
// the work, which audit records keep.
func WithRequestHash(ctx context.Context, h string) context.Context {
	return context.WithValue(ctx, requestHashKey{}, h)
}

func requestHash(ctx context.Context, input any) string {
	if h, ok := ctx.Value(requestHashKey{}).(string); ok && h != "" {
		return h
	}
	b, _ := json.Marshal(input)
	return ledger.SHA256Hex(b)
}

// audit writes the audit record of a change made in tx by the transaction's caller.
//
// detail is a message, never a string: text a person typed reaches the
// column only wrapped (ledger.Verbatim), so a stored detail that reads as a
// message was always written as one — a typed body shaped like a message
// stays the text it was. The zero Msg records no detail.
func audit(tx *store.Tx, chain, action, subject string, detail ledger.Msg, input any) error {
	return auditAs(tx.Ctx(), tx, chain, action, subject, detail, input)
}

// auditAs writes the audit record of a change made in tx for the request in
// ctx: a transaction that applies several requests records each one's caller.
func auditAs(ctx context.Context, tx *store.Tx, chain, action, subject string, detail ledger.Msg, input any) error {
	stored := ""
	if detail.Key != "" && detail.String() != "" {
		stored = detail.Encode()
	}
	_, err := store.AppendAudit(tx, store.AuditInput{
		Chain: chain, Actor: CallerFrom(ctx).ActorName(), Action: action, Subject: subject,
		RequestHash: requestHash(ctx, input), Detail: stored,
	})
	return err
}

// ListAudit returns the audit records the caller may read. Records still
// queued are sealed first, so a reader sees every change that has committed.
func (s *Service) ListAudit(ctx context.Context, chain, subject, afterChain string, afterSeq int64, limit int) ([]ledger.AuditRecord, error) {
	if _, err := s.SealAudit(ctx); err != nil {
		return nil, err
	}
	return s.DB.ListAudit(ctx, store.AuditFilter{Scope: CallerFrom(ctx).Scope(), Chain: chain, Subject: subject,
		AfterChain: afterChain, AfterSeq: afterSeq, Limit: limit})
}
