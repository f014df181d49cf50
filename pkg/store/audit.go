package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// AuditInput is what a service method says about the change it made.
type AuditInput struct {
	Chain       string // the project ID, or ledger.OrgChain
	Actor       string
	Action      string // e.g. "organization.create"
	Subject     string // the ID of what changed
	RequestHash string // SHA-256 of the request that caused it
	Detail      string // a short non-secret description
}

// AppendAudit queues one audit record in tx: it is stored if and only if
// the change it describes commits. SealAudit later links it into its chain.
// Queuing instead of appending to the chain in tx keeps the chain head out of
// every write transaction: two confirmations of one project no longer wait
// for each other's commit just to take the next sequence number.
func AppendAudit(tx *Tx, in AuditInput) (*ledger.AuditRecord, error) {
	if in.Chain == "" || in.Action == "" || in.Subject == "" {
		return nil, fmt.Errorf("store: audit record needs a chain, an action and a subject")
	}
	actor := in.Actor
	if actor == "" {
		actor = "system"
	}
	tx.audits++
	r := &ledger.AuditRecord{
		ID: ledger.NewID(ledger.PrefixAuditRecord), Chain: in.Chain, At: tx.Now,
		Actor: actor, Action: in.Action, Subject: in.Subject, RequestHash: in.RequestHash, Detail: in.Detail,
	}
	if _, err := tx.Exec(`INSERT INTO audit_queue (chain, id, at, ord, actor, action, subject, request_hash, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Chain, r.ID, r.At, tx.audits, r.Actor, r.Action, r.Subject, r.RequestHash, r.Detail); err != nil {
		return nil, fmt.Errorf("store: unable to queue audit record: %w", err)
	}
	return r, nil
}

// sealBatch bounds the records one sealing transaction links into a chain.
const sealBatch = 5000

// SealAudit links every queued audit record into its chain, oldest first:
// each gets the next sequence number, the previous record's hash and its own
// hash, and leaves the queue in the same transaction. One short transaction
// per chain (and per 5,000 records) holds the chain head, so sealers on
// several processes take turns and never fork a chain. It returns how many
// records it sealed.
func (db *DB) SealAudit(ctx context.Context) (int, error) {
	var chains []string
	if err := db.Select(ctx, &chains, "SELECT DISTINCT chain FROM audit_queue"); err != nil {
		return 0, fmt.Errorf("store: unable to read the audit queue: %w", err)
	}
	sealed := 0
	for _, chain := range chains {
		for {
			n := 0
			err := db.WithTx(ctx, func(tx *Tx) (err error) {
				n, err = sealChain(tx, chain)
				return err
			})
			if err != nil {
				return sealed, err
			}
			sealed += n
			if n < sealBatch {
				break
			}
		}
	}
	return sealed, nil
}

type queuedRow struct {
	ID          string     `db:"id"`
	At          timeColumn `db:"at"`
	Actor       string     `db:"actor"`
	Action      string     `db:"action"`
	Subject     string     `db:"subject"`
	RequestHash string     `db:"request_hash"`
	Detail      string     `db:"detail"`
}

// sealChain seals up to sealBatch queued records of one chain in tx.
func sealChain(tx *Tx, chain string) (int, error) {
	if _, err := tx.Exec(`INSERT INTO audit_heads (chain, seq, hash) VALUES (?, 0, '') ON CONFLICT (chain) DO NOTHING`, chain); err != nil {
		return 0, fmt.Errorf("store: unable to start audit chain %q: %w", chain, err)
	}
	// Taking the head's row lock first means the queue read below sees what
	// any sealer that held it before us has already removed.
	var head struct {
		Seq  int64  `db:"seq"`
		Hash string `db:"hash"`
	}
	if err := tx.Get(&head, `UPDATE audit_heads SET seq = seq WHERE chain = ? RETURNING seq, hash`, chain); err != nil {
		return 0, fmt.Errorf("store: unable to lock audit chain %q: %w", chain, err)
	}
	var queued []queuedRow
	if err := tx.Select(&queued, fmt.Sprintf(`SELECT id, at, actor, action, subject, request_hash, detail FROM audit_queue
		WHERE chain = ? ORDER BY at, ord, id LIMIT %d`, sealBatch), chain); err != nil {
		return 0, fmt.Errorf("store: unable to read the audit queue of %q: %w", chain, err)
	}
	if len(queued) == 0 {
		return 0, nil
	}
	rows := make([][]any, len(queued))
	ids := make([]string, len(queued))
	for i, q := range queued {
		head.Seq++
		r := ledger.AuditRecord{ID: q.ID, Chain: chain, Seq: head.Seq, At: q.At.Time, Actor: q.Actor, Action: q.Action,
			Subject: q.Subject, RequestHash: q.RequestHash, Detail: q.Detail, PrevHash: head.Hash}
		r.Hash = r.ComputeHash()
		head.Hash = r.Hash
		rows[i] = []any{r.Chain, r.Seq, r.ID, r.At, r.Actor, r.Action, r.Subject, r.RequestHash, r.Detail, r.PrevHash, r.Hash}
		ids[i] = q.ID
	}
	if err := insertRows(tx, "audit_log", strings.Split(auditColumns, ", "), rows); err != nil {
		return 0, fmt.Errorf("store: unable to seal audit records of %q: %w", chain, err)
	}
	if _, err := tx.Exec(`UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?`, head.Seq, head.Hash, chain); err != nil {
		return 0, fmt.Errorf("store: unable to advance audit chain %q: %w", chain, err)
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		if _, err := tx.Exec(`DELETE FROM audit_queue WHERE chain = ? AND id IN (`+placeholders(len(chunk))+`)`,
			append([]any{chain}, anys(chunk)...)...); err != nil {
			return 0, fmt.Errorf("store: unable to clear the audit queue of %q: %w", chain, err)
		}
	}
	return len(queued), nil
}

type auditRow struct {
	ledger.AuditRecord
	At timeColumn `db:"at"`
}

func (r auditRow) record() ledger.AuditRecord {
	a := r.AuditRecord
	a.At = r.At.Time
	return a
}

const auditColumns = "chain, seq, id, at, actor, action, subject, request_hash, detail, prev_hash, hash"

// AuditFilter selects audit records for GET /audit.
type AuditFilter struct {
	Scope   Scope
	Chain   string // one chain (a project ID, or "org"), or all in scope
	Subject string
	// After is the cursor: records after (chain, seq).
	AfterChain string
	AfterSeq   int64
	Limit      int
}

// ListAudit returns audit records in chain order, filtered by the scope: an
// administrator sees every chain, an inspector the chains of the projects in
// its region, anyone else nothing.
func (db *DB) ListAudit(ctx context.Context, f AuditFilter) ([]ledger.AuditRecord, error) {
	q := "SELECT " + auditColumns + " FROM audit_log a WHERE "
	var args []any
	switch f.Scope.Role {
	case ledger.RoleAdmin:
		q += "1 = 1"
	case ledger.RoleInspector:
		where, wargs := f.Scope.projectsWhere("p")
		q += "a.chain IN (SELECT p.id FROM projects p WHERE " + where + ")"
		args = append(args, wargs...)
	default:
		q += "1 = 0"
	}
	if f.Chain != "" {
		q += " AND a.chain = ?"
		args = append(args, f.Chain)
	}
	if f.Subject != "" {
		q += " AND a.subject = ?"
		args = append(args, f.Subject)
	}
	if f.AfterChain != "" {
		q += " AND (a.chain > ? OR (a.chain = ? AND a.seq > ?))"
		args = append(args, f.AfterChain, f.AfterChain, f.AfterSeq)
	}
	q += fmt.Sprintf(" ORDER BY a.chain, a.seq LIMIT %d", clampLimit(f.Limit))
	var rows []auditRow
	if err := db.Select(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("store: unable to list audit records: %w", err)
	}
	out := make([]ledger.AuditRecord, len(rows))
	for i, r := range rows {
		out[i] = r.record()
	}
	return out, nil
}

func placeholders(n int) string {
	b := make([]byte, 0, n*3)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '?')
	}
	return string(b)
}

// AuditReport is what `wageguard audit verify` prints.
type AuditReport struct {
	Chains   int
	Records  int
	Queued   int // committed, not yet sealed into a chain
	Problems []AuditProblem
}

// AuditProblem names the first broken record of one chain.
type AuditProblem struct {
	Chain   string
	Seq     int64
	ID      string
	Problem string
}

func (p AuditProblem) String() string {
	id := p.ID
	if id == "" {
		id = "(missing)"
	}
	return fmt.Sprintf("chain %s, record %d %s: %s", p.Chain, p.Seq, id, p.Problem)
}

// VerifyAudit walks every chain from its first record and names the first
// record that was changed (its hash no longer matches its content), removed
// or reordered (a gap in the sequence, or a prev_hash that is not the hash
// before it), or cut off at the end (the chain head is ahead of the records).
func (db *DB) VerifyAudit(ctx context.Context) (*AuditReport, error) {
	var heads []struct {
		Chain string `db:"chain"`
		Seq   int64  `db:"seq"`
		Hash  string `db:"hash"`
	}
	if err := db.Select(ctx, &heads, "SELECT chain, seq, hash FROM audit_heads ORDER BY chain"); err != nil {
		return nil, fmt.Errorf("store: unable to read audit chains: %w", err)
	}
	var orphans []string
	if err := db.Select(ctx, &orphans, "SELECT DISTINCT chain FROM audit_log WHERE chain NOT IN (SELECT chain FROM audit_heads)"); err != nil {
		return nil, fmt.Errorf("store: unable to read audit chains: %w", err)
	}
	rep := &AuditReport{Chains: len(heads), Problems: []AuditProblem{}}
	if err := db.Get(ctx, &rep.Queued, "SELECT COUNT(*) FROM audit_queue"); err != nil {
		return nil, fmt.Errorf("store: unable to read the audit queue: %w", err)
	}
	for _, c := range orphans {
		rep.Problems = append(rep.Problems, AuditProblem{Chain: c, Problem: "chain has records but no head: its head was removed"})
	}
	const page = 5000
	for _, h := range heads {
		var prev string
		var expect int64 = 1
		var problem *AuditProblem
		for problem == nil {
			var rows []auditRow
			if err := db.Select(ctx, &rows, "SELECT "+auditColumns+" FROM audit_log WHERE chain = ? AND seq >= ? ORDER BY seq LIMIT ?",
				h.Chain, expect, page); err != nil {
				return nil, fmt.Errorf("store: unable to read audit chain %q: %w", h.Chain, err)
			}
			for _, row := range rows {
				r := row.record()
				rep.Records++
				switch {
				case r.Seq != expect:
					problem = &AuditProblem{h.Chain, expect, "", fmt.Sprintf("record %d is missing (the next record present is %d %s): removed", expect, r.Seq, r.ID)}
				case r.PrevHash != prev:
					problem = &AuditProblem{h.Chain, r.Seq, r.ID, "its prev_hash is not the hash of the record before it: records were removed or reordered"}
				case r.ComputeHash() != r.Hash:
					problem = &AuditProblem{h.Chain, r.Seq, r.ID, "its content no longer matches its hash: the record was changed"}
				}
				if problem != nil {
					break
				}
				prev = r.Hash
				expect++
			}
			if len(rows) < page {
				break
			}
		}
		if problem == nil && (expect-1 != h.Seq || prev != h.Hash) {
			problem = &AuditProblem{h.Chain, expect, "", fmt.Sprintf("the chain head is at record %d but the records end at %d: records were removed from the end", h.Seq, expect-1)}
		}
		if problem != nil {
			rep.Problems = append(rep.Problems, *problem)
		}
	}
	return rep, nil
}
