package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// AuditInput is what a service method says about the change it made.
type AuditInput struct {
	Chain   string // the project ID, or ledger.OrgChain
	Actor   string
	Action  string // e.g. "organization.create"
	Subject string // the ID of what changed
	// RequestHash is the SHA-256 of the request that caused it; with the
	// trail's keys only its keyed MAC is stored (ledger.AuditKeys.RequestMAC).
	RequestHash string
	Detail      string // a short non-secret description
}

// AppendAudit queues one audit record in tx: it is stored if and only if
// the change it describes commits. SealAudit later links it into its chain.
// Queuing instead of appending to the chain in tx keeps the chain head out of
// every write transaction: two confirmations of one project no longer wait
// for each other's commit just to take the next sequence number.
func AppendAudit(tx *Tx, in AuditInput) (*ledger.AuditRecord, error) {
	rs, err := AppendAudits(tx, []AuditInput{in})
	if err != nil {
		return nil, err
	}
	return rs[0], nil
}

// AppendAudits is AppendAudit of several records, in the order given, in
// one statement per few hundred (the nightly check audits each project of
// a batch whose alerts it changed).
func AppendAudits(tx *Tx, ins []AuditInput) ([]*ledger.AuditRecord, error) {
	out := make([]*ledger.AuditRecord, len(ins))
	rows := make([][]any, len(ins))
	for i, in := range ins {
		r, row, err := queuedAudit(tx, in)
		if err != nil {
			return nil, err
		}
		out[i], rows[i] = r, row
	}
	if err := bulkInsert(tx, "audit_queue", []string{"chain", "id", "at", "ord", "actor", "action", "subject", "request_hash", "detail", "seal"},
		rows); err != nil {
		return nil, fmt.Errorf("store: unable to queue audit record: %w", err)
	}
	return out, nil
}

// queuedAudit is the record in describes, numbered next in tx, and its
// row of audit_queue.
func queuedAudit(tx *Tx, in AuditInput) (*ledger.AuditRecord, []any, error) {
	if in.Chain == "" || in.Action == "" || in.Subject == "" {
		return nil, nil, fmt.Errorf("store: audit record needs a chain, an action and a subject")
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
	seal := ""
	if tx.audit != nil {
		// The request's digest is kept only under the key, and the record
		// is sealed here, in the transaction that makes the change: the
		// sealer links nothing queued by anyone else.
		keys, err := activeAuditKeys(tx.audit)
		if err != nil {
			return nil, nil, err
		}
		r.RequestHash = keys.RequestMAC(in.RequestHash)
		seal = keys.QueueSeal(*r, tx.audits)
	} else {
		// Without the key nothing of the request is kept: its bare SHA-256
		// lets anyone reading the trail test guesses at the masked numbers
		// the body carried (issue 16 #5). serve never runs without the key;
		// a database used without one (tests, tools) records no digest.
		r.RequestHash = ""
	}
	return r, []any{r.Chain, r.ID, r.At, tx.audits, r.Actor, r.Action, r.Subject, r.RequestHash, r.Detail, seal}, nil
}

// sealBatch bounds the records one sealing transaction links into a chain.
const sealBatch = 5000

// SealAudit links every queued audit record into its chain, oldest first:
// each gets the next sequence number, the previous record's hash and its own
// hash, and leaves the queue in the same transaction. One short transaction
// per chain (and per 5,000 records) holds the chain head, so sealers on
// several processes take turns and never fork a chain. It returns how many
// records it sealed.
func (db *DB) SealAudit(ctx context.Context) (int, error) { return db.sealAudit(ctx, false) }

// sealAudit is SealAudit; legacy links every queued record with bare hashes,
// seal or none, as before the trail was keyed (AttestLegacyChains).
func (db *DB) sealAudit(ctx context.Context, legacy bool) (int, error) {
	var chains []string
	if err := db.Select(ctx, &chains, "SELECT DISTINCT chain FROM audit_queue"); err != nil {
		return 0, fmt.Errorf("store: unable to read the audit queue: %w", err)
	}
	sealed := 0
	for _, chain := range chains {
		for {
			n := 0
			err := db.WithTx(ctx, func(tx *Tx) (err error) {
				n, err = sealChain(tx, chain, legacy)
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
	Ord         int        `db:"ord"`
	Actor       string     `db:"actor"`
	Action      string     `db:"action"`
	Subject     string     `db:"subject"`
	RequestHash string     `db:"request_hash"`
	Detail      string     `db:"detail"`
	Seal        string     `db:"seal"`
}

func (q queuedRow) record(chain string) ledger.AuditRecord {
	return ledger.AuditRecord{ID: q.ID, Chain: chain, At: q.At.Time, Actor: q.Actor, Action: q.Action,
		Subject: q.Subject, RequestHash: q.RequestHash, Detail: q.Detail}
}

const queuedColumns = "id, at, ord, actor, action, subject, request_hash, detail, seal"

// sealChain seals up to sealBatch queued records of one chain in tx. With
// the trail's keys, a record whose seal does not hold (queued by someone
// writing the table, not by a transaction of the service) is moved to
// audit_quarantine instead, and each record is linked with a keyed hash.
//
// legacy links the chain as before the trail was keyed when it still is
// (its head unkeyed, nothing queued sealed): records queued before the
// trail had keys, which nothing could seal.
func sealChain(tx *Tx, chain string, legacy bool) (int, error) {
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
	if err := tx.Select(&queued, fmt.Sprintf(`SELECT `+queuedColumns+` FROM audit_queue
		WHERE chain = ? ORDER BY at, ord, id LIMIT %d`, sealBatch), chain); err != nil {
		return 0, fmt.Errorf("store: unable to read the audit queue of %q: %w", chain, err)
	}
	if len(queued) == 0 {
		return 0, nil
	}
	link, err := chainLinker(tx, head.Hash, queued, legacy)
	if err != nil {
		return 0, fmt.Errorf("store: audit chain %q: %w", chain, err)
	}
	var rows [][]any
	ids := make([]string, len(queued))
	for i, q := range queued {
		ids[i] = q.ID
		r := q.record(chain)
		if why := link.refuse(q, r); why != "" {
			if err := quarantine(tx, chain, q, why); err != nil {
				return 0, err
			}
			continue
		}
		head.Seq++
		r.Seq, r.PrevHash = head.Seq, head.Hash
		r.Hash = link.hash(&r)
		head.Hash = r.Hash
		rows = append(rows, []any{r.Chain, r.Seq, r.ID, r.At, r.Actor, r.Action, r.Subject, r.RequestHash, r.Detail, r.PrevHash, r.Hash})
	}
	if len(rows) > 0 {
		if err := insertRows(tx, "audit_log", strings.Split(auditColumns, ", "), rows); err != nil {
			return 0, fmt.Errorf("store: unable to seal audit records of %q: %w", chain, err)
		}
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

// linker links records into a chain: with keys (keyed hashes, seals
// checked) or, on a database that has never had a key file, as before.
type linker struct {
	keys   *auditKeyCache
	active ledger.AuditKeys
}

func chainLinker(tx *Tx, headHash string, queued []queuedRow, legacy bool) (*linker, error) {
	_, keyed := ledger.KeyVersion(headHash)
	for _, q := range queued {
		keyed = keyed || q.Seal != ""
	}
	if tx.audit == nil || (legacy && !keyed) {
		if keyed {
			return nil, fmt.Errorf("the audit trail is keyed: linking it needs the secret key file")
		}
		return &linker{}, nil
	}
	active, err := activeAuditKeys(tx.audit)
	if err != nil {
		return nil, err
	}
	return &linker{keys: newAuditKeyCache(tx, tx.audit), active: active}, nil
}

// refuse says why a queued record may not be linked ("" when it may).
func (l *linker) refuse(q queuedRow, r ledger.AuditRecord) string {
	if l.keys == nil {
		return ""
	}
	v, ok := ledger.KeyVersion(q.Seal)
	if !ok {
		return "it carries no seal: it was not queued by a transaction of the service"
	}
	k, err := l.keys.at(v)
	if err != nil || k == nil {
		return fmt.Sprintf("its seal names key version %d, which neither the key file nor the database holds", v)
	}
	if !ledger.VerifyMAC(q.Seal, k.QueueSeal(r, q.Ord)) {
		return "its seal does not match its content: it was not queued by a transaction of the service, or was changed in the queue"
	}
	return ""
}

func (l *linker) hash(r *ledger.AuditRecord) string {
	if l.keys == nil {
		return r.ComputeHash()
	}
	return l.active.ChainHash(r)
}

// quarantine moves a queued record the sealer refused out of the queue,
// with the reason, for `audit verify` to name.
func quarantine(tx *Tx, chain string, q queuedRow, why string) error {
	if _, err := tx.Exec(`INSERT INTO audit_quarantine (chain, id, at, ord, actor, action, subject, request_hash, detail, seal, reason, found_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		chain, q.ID, q.At.Time, q.Ord, q.Actor, q.Action, q.Subject, q.RequestHash, q.Detail, q.Seal, why, tx.Now); err != nil {
		return fmt.Errorf("store: unable to quarantine queued audit record %s: %w", q.ID, err)
	}
	return nil
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
	Chains  int
	Records int
	Queued  int // committed, not yet sealed into a chain
	// Checkpoints is how many signed checkpoints were checked.
	Checkpoints int
	Problems    []AuditProblem
}

// AuditProblem names the first broken record of one chain.
type AuditProblem struct {
	Chain   string
	Seq     int64
	ID      string
	Problem ledger.Msg
}

// String is the problem in English.
func (p AuditProblem) String() string { return p.Msg().String() }

// Msg is the problem with where it is, to render in the reader's language.
func (p AuditProblem) Msg() ledger.Msg {
	switch {
	case p.Chain == "":
		return p.Problem
	case p.Seq == 0 && p.ID != "":
		return ledger.M("chain %s, record %s: %s", p.Chain, p.ID, p.Problem)
	case p.Seq == 0:
		return ledger.M("chain %s: %s", p.Chain, p.Problem)
	case p.ID == "":
		return ledger.M("chain %s, record %d (missing): %s", p.Chain, p.Seq, p.Problem)
	}
	return ledger.M("chain %s, record %d %s: %s", p.Chain, p.Seq, p.ID, p.Problem)
}

// VerifyAudit walks every chain from its first record and names the first
// record that was changed (its hash no longer matches its content), removed
// or reordered (a gap in the sequence, or a prev_hash that is not the hash
// before it), or cut off at the end (the chain head is ahead of the records).
// With the trail's keys, a keyed hash is checked under its key: whoever can
// write the database cannot recompute it, and an unkeyed record after a
// keyed one is named; records linked before the trail was keyed (its legacy
// prefix) are checked as they were, and the first keyed record after them
// binds them. Queued records whose seal does not hold, and those the sealer
// quarantined, are named. Each checkpoint's signature is checked, and every
// chain it saw must still hold the record it saw: truncation and dropped
// chains since a checkpoint are found that way.
func (db *DB) VerifyAudit(ctx context.Context, checkpoints ...ledger.Checkpoint) (*AuditReport, error) {
	var heads []ledger.ChainHead
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
		rep.Problems = append(rep.Problems, AuditProblem{Chain: c, Problem: ledger.M("chain has records but no head: its head was removed")})
	}
	var keys *auditKeyCache
	if db.audit != nil {
		keys = newAuditKeyCache(db.Reader(ctx), db.audit)
	}
	for _, h := range heads {
		problem, err := db.verifyChain(ctx, h, keys, rep)
		if err != nil {
			return nil, err
		}
		if problem != nil {
			rep.Problems = append(rep.Problems, *problem)
		}
	}
	if err := db.verifyQueue(ctx, keys, rep); err != nil {
		return nil, err
	}
	for i := range checkpoints {
		if err := db.verifyCheckpoint(ctx, &checkpoints[i], keys, rep); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// verifyChain checks one chain record by record; it returns its first problem.
func (db *DB) verifyChain(ctx context.Context, h ledger.ChainHead, keys *auditKeyCache, rep *AuditReport) (*AuditProblem, error) {
	const page = 5000
	var prev string
	var expect int64 = 1
	keyedSeen := false
	var legacy *legacyMark
	if keys != nil {
		var err error
		if legacy, err = db.legacyPrefix(ctx, h.Chain, keys); err != nil {
			return nil, err
		}
	}
	for {
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
				return &AuditProblem{h.Chain, expect, "", ledger.M("record %d is missing (the next record present is %d %s): removed", expect, r.Seq, r.ID)}, nil
			case r.PrevHash != prev:
				return &AuditProblem{h.Chain, r.Seq, r.ID, ledger.M("its prev_hash is not the hash of the record before it: records were removed or reordered")}, nil
			}
			why, err := recordHashProblem(&r, keys, keyedSeen, legacy)
			if err != nil {
				return nil, err
			}
			if why.Key != "" {
				return &AuditProblem{h.Chain, r.Seq, r.ID, why}, nil
			}
			_, keyed := ledger.KeyVersion(r.Hash)
			keyedSeen = keyedSeen || keyed
			prev = r.Hash
			expect++
		}
		if len(rows) < page {
			break
		}
	}
	if expect-1 != h.Seq || prev != h.Hash {
		return &AuditProblem{h.Chain, expect, "", ledger.M("the chain head is at record %d but the records end at %d: records were removed from the end", h.Seq, expect-1)}, nil
	}
	return nil, nil
}

// recordHashProblem checks a record's own hash: keyed under its key, or, in
// the legacy prefix (before any keyed record of its chain), as a bare hash,
// which with keys must lie within the chain's attested prefix.
func recordHashProblem(r *ledger.AuditRecord, keys *auditKeyCache, keyedSeen bool, legacy *legacyMark) (ledger.Msg, error) {
	v, keyed := ledger.KeyVersion(r.Hash)
	switch {
	case !keyed && keyedSeen:
		return ledger.M("it is not keyed, yet records before it are: the chain was rewritten without the key"), nil
	case !keyed:
		return legacyHashProblem(r, keys, legacy), nil
	case keys == nil:
		return ledger.Msg{}, fmt.Errorf("store: the audit trail is keyed: verifying it needs the secret key file")
	}
	k, err := keys.at(v)
	if err != nil {
		return ledger.Msg{}, err
	}
	if k == nil {
		return ledger.M("it is keyed with version %d, which neither the key file nor the database holds: it cannot be verified", v), nil
	}
	if !ledger.VerifyMAC(r.Hash, k.ChainHash(r)) {
		return ledger.M("its content no longer matches its keyed hash: the record was changed, or its hash made without the key"), nil
	}
	return ledger.Msg{}, nil
}

// legacyHashProblem checks a record linked before the trail was keyed.
func legacyHashProblem(r *ledger.AuditRecord, keys *auditKeyCache, legacy *legacyMark) ledger.Msg {
	if r.ComputeHash() != r.Hash {
		return ledger.M("its content no longer matches its hash: the record was changed")
	}
	switch {
	case keys == nil:
		return ledger.Msg{}
	case legacy == nil || r.Seq > legacy.Seq:
		return ledger.M("it is not keyed, and no attestation of the chain's records from before the key covers it: the chain was rewritten without the key")
	case r.Seq == legacy.Seq && r.Hash != legacy.Hash:
		return ledger.M("it is not the record attested when the trail was keyed: the chain was rewritten")
	}
	return ledger.Msg{}
}

// verifyQueue names queued records whose seal does not hold and those the
// sealer quarantined.
func (db *DB) verifyQueue(ctx context.Context, keys *auditKeyCache, rep *AuditReport) error {
	var quarantined []struct {
		Chain  string `db:"chain"`
		ID     string `db:"id"`
		Reason string `db:"reason"`
	}
	if err := db.Select(ctx, &quarantined, "SELECT chain, id, reason FROM audit_quarantine ORDER BY chain, at, ord, id"); err != nil {
		return fmt.Errorf("store: unable to read quarantined audit records: %w", err)
	}
	for _, q := range quarantined {
		rep.Problems = append(rep.Problems, AuditProblem{Chain: q.Chain, ID: q.ID, Problem: ledger.M("a queued record the sealer refused: %s", ledger.Verbatim(q.Reason))})
	}
	if keys == nil {
		return nil
	}
	var queued []struct {
		queuedRow
		Chain string `db:"chain"`
	}
	if err := db.Select(ctx, &queued, "SELECT chain, "+queuedColumns+" FROM audit_queue ORDER BY chain, at, ord, id"); err != nil {
		return fmt.Errorf("store: unable to read the audit queue: %w", err)
	}
	l := &linker{keys: keys}
	for _, q := range queued {
		if why := l.refuse(q.queuedRow, q.record(q.Chain)); why != "" {
			rep.Problems = append(rep.Problems, AuditProblem{Chain: q.Chain, ID: q.ID, Problem: ledger.M("a queued record %s", ledger.Verbatim(why))})
		}
	}
	return nil
}

// verifyCheckpoint checks a checkpoint's signature and that every chain it
// saw still holds what it saw.
func (db *DB) verifyCheckpoint(ctx context.Context, c *ledger.Checkpoint, keys *auditKeyCache, rep *AuditReport) error {
	if keys == nil {
		return fmt.Errorf("store: a checkpoint is verified with the secret key file, and none is configured")
	}
	k, err := keys.at(c.KeyVersion)
	if err != nil {
		return err
	}
	if k == nil || !c.VerifySignature(*k) {
		rep.Problems = append(rep.Problems, AuditProblem{Problem: ledger.M("the checkpoint of %s is not signed by this trail's key (version %d): it cannot vouch for anything",
			c.At.Format(time.RFC3339), c.KeyVersion)})
		return nil
	}
	var qerr error
	hashAt := func(chain string, seq int64) string {
		var hs []string
		if err := db.Select(ctx, &hs, "SELECT hash FROM audit_log WHERE chain = ? AND seq = ?", chain, seq); err != nil && qerr == nil {
			qerr = fmt.Errorf("store: unable to read audit chain %q: %w", chain, err)
		}
		if len(hs) == 0 {
			return ""
		}
		return hs[0]
	}
	for _, p := range c.CheckpointProblems(hashAt) {
		rep.Problems = append(rep.Problems, AuditProblem{Chain: p.Chain, Seq: p.Seq, Problem: p.Problem})
	}
	rep.Checkpoints++
	return qerr
}
