package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// IdempotentResponse is a stored answer to a request with an Idempotency-Key.
type IdempotentResponse struct {
	RequestHash string `db:"request_hash"`
	Status      int    `db:"status"`
	Response    string `db:"response"`
	// At is the key's row it was read from (the response is sealed for
	// it): a key on a project may be answered from its row by scope.
	At IdemKey `db:"-"`
}

// IdemKey names an Idempotency-Key's row: the caller's scope and key, and
// the project the request names ("" for a request that names none). A key
// of a request on a project is kept beside the project's rows, in
// project_idempotency_keys (0038, distributed by project on a Citus
// cluster), so that the write and its key commit on one shard; a key of a
// request that names no project is kept by scope in idempotency_keys, as
// every key was before. A key is therefore the caller's per project: the
// same key sent on another project is another key.
type IdemKey struct{ Project, Scope, Key string }

// row is the condition finding k's row in its table, with its arguments.
func (k IdemKey) row() (table, where string, args []any) {
	if k.Project == "" {
		return "idempotency_keys", "scope = ? AND key = ?", []any{k.Scope, k.Key}
	}
	return "project_idempotency_keys", "project_id = ? AND scope = ? AND key = ?", []any{k.Project, k.Scope, k.Key}
}

// ResponseAAD is the use k's stored answer is sealed for: bound to its
// row, so that one key's answer does not open as another's (another
// caller's, another project's).
func (k IdemKey) ResponseAAD() string {
	if k.Project == "" {
		return IdempotencyResponseAAD(k.Scope, k.Key)
	}
	return ProjectIdempotencyResponseAAD(k.Project, k.Scope, k.Key)
}

// ClaimIdempotencyKey records key k for a request with requestHash in
// tx, before the change is made. If the key is new it returns nil, nil. If it
// was used before it returns the stored response (the caller replays it),
// provided the key was stored with requestHash or one of alsoAccepted (the
// hashes an earlier build computed for the same request); under any other
// hash it is a conflict. On PostgreSQL a concurrent claim of the same key
// waits here until the first transaction ends, then sees its answer.
func ClaimIdempotencyKey(tx *Tx, k IdemKey, requestHash string, alsoAccepted ...string) (*IdempotentResponse, error) {
	return ClaimIdempotencyKeyMatching(tx, k, requestHash, func(stored string) bool {
		return stored == requestHash || slices.Contains(alsoAccepted, stored)
	})
}

// ClaimIdempotencyKeyMatching is ClaimIdempotencyKey with the test of a
// stored hash given: same reports whether it names this request. A key on a
// project is looked up by scope first (one probe, on the scope's shard,
// which the transaction only reads): a key stored there before 0038, or by
// a request that named no project, is the same key, replayed or refused.
func ClaimIdempotencyKeyMatching(tx *Tx, k IdemKey, requestHash string, same func(stored string) bool) (*IdempotentResponse, error) {
	if k.Project != "" {
		if prev, err := storedResponse(tx, IdemKey{Scope: k.Scope, Key: k.Key}, ""); err != nil || prev != nil {
			return matching(prev, k, same, err)
		}
	}
	table, where, args := k.row()
	cols := "scope, key"
	if k.Project != "" {
		cols = "project_id, scope, key"
	}
	res, err := tx.Exec(`INSERT INTO `+table+` (`+cols+`, request_hash, status, response, created_at)
		VALUES (`+placeholders(len(args))+`, ?, 0, '', ?) ON CONFLICT (`+cols+`) DO NOTHING`, append(args, requestHash, tx.Now)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to claim idempotency key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil, nil
	}
	prev := IdempotentResponse{At: k}
	if err := tx.Get(&prev, `SELECT request_hash, status, response FROM `+table+` WHERE `+where, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read idempotency key: %w", err)
	}
	return matching(&prev, k, same, nil)
}

// matching is a stored answer if it names this request, a conflict if not.
func matching(prev *IdempotentResponse, k IdemKey, same func(stored string) bool, err error) (*IdempotentResponse, error) {
	if err != nil || prev == nil {
		return prev, err
	}
	if !same(prev.RequestHash) {
		return nil, ledger.Errorf(ledger.EConflict, "Idempotency-Key %q was already used for a different request", clipKey(k.Key))
	}
	return prev, nil
}

// storedResponse is k's row (with cond added to the lookup), nil when none.
func storedResponse(q Querier, k IdemKey, cond string) (*IdempotentResponse, error) {
	table, where, args := k.row()
	var prev []IdempotentResponse
	if err := q.Select(&prev, `SELECT request_hash, status, response FROM `+table+` WHERE `+where+cond, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read idempotency key: %w", err)
	}
	if len(prev) == 0 {
		return nil, nil
	}
	prev[0].At = k
	return &prev[0], nil
}

// CompleteIdempotencyKey stores the response to the claimed key in tx.
func CompleteIdempotencyKey(tx *Tx, k IdemKey, status int, response []byte) error {
	table, where, args := k.row()
	if _, err := tx.Exec(`UPDATE `+table+` SET status = ?, response = ? WHERE `+where,
		append([]any{status, string(response)}, args...)...); err != nil {
		return fmt.Errorf("store: unable to store idempotent response: %w", err)
	}
	return nil
}

func clipKey(k string) string {
	if len(k) > 64 {
		return k[:64] + "…"
	}
	return k
}

// FinishIdempotencyKey stores the response to a key claimed in an earlier
// transaction, unless another request under the key finished first; then it
// returns that request's stored answer, which the caller replays.
func FinishIdempotencyKey(tx *Tx, k IdemKey, status int, response []byte) (*IdempotentResponse, error) {
	table, where, args := k.row()
	res, err := tx.Exec(`UPDATE `+table+` SET status = ?, response = ? WHERE `+where+` AND status = 0`,
		append([]any{status, string(response)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to store idempotent response: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil, nil
	}
	// nil when released by a failed twin: this answer stands, unstored
	return storedResponse(tx, k, " AND status <> 0")
}

// ReleaseIdempotencyKey forgets a key claimed in an earlier transaction
// whose request failed, so that it may be retried.
func ReleaseIdempotencyKey(tx *Tx, k IdemKey) error {
	table, where, args := k.row()
	if _, err := tx.Exec(`DELETE FROM `+table+` WHERE `+where+` AND status = 0`, args...); err != nil {
		return fmt.Errorf("store: unable to release idempotency key: %w", err)
	}
	return nil
}

// IdempotencyKeyFree refuses a key already used, for a request that stores
// nothing under its key (a dry run) but may not reuse one: on the request's
// project, or by scope (a key stored before 0038, or by a request that
// named no project).
func IdempotencyKeyFree(q Querier, k IdemKey) error {
	for _, at := range []IdemKey{k, {Scope: k.Scope, Key: k.Key}} {
		prev, err := storedResponse(q, at, "")
		if err != nil {
			return err
		}
		if prev != nil {
			return ledger.Errorf(ledger.EConflict, "Idempotency-Key %q was already used for a different request", clipKey(k.Key))
		}
		if k.Project == "" {
			break
		}
	}
	return nil
}

// IdempotencyCursor is a place in idempotency_keys, in the order of its
// primary key; the zero value is before the first row.
type IdempotencyCursor struct{ Scope, Key string }

// KeyBareRequestHashesAfter reads up to limit keys after the cursor, in
// the primary key's order (one probe of its index, never a scan from the
// start), replaces each request hash stored bare (a SHA-256 in hex, which
// never starts like a keyed "v<N>:" value) with key(bare), and returns the
// cursor after the last row read, how many it read and how many it keyed.
func KeyBareRequestHashesAfter(tx *Tx, after IdempotencyCursor, key func(bare string) string, limit int) (IdempotencyCursor, int, int, error) {
	var rows []struct {
		Scope string `db:"scope"`
		Key   string `db:"key"`
		Hash  string `db:"request_hash"`
	}
	if err := tx.Select(&rows, fmt.Sprintf(`SELECT scope, key, request_hash FROM idempotency_keys
		WHERE (scope, key) > (?, ?) ORDER BY scope, key LIMIT %d`, limit), after.Scope, after.Key); err != nil {
		return after, 0, 0, fmt.Errorf("store: unable to read request hashes: %w", err)
	}
	keyed := 0
	for _, r := range rows {
		after = IdempotencyCursor{r.Scope, r.Key}
		if r.Hash == "" || strings.HasPrefix(r.Hash, "v") {
			continue
		}
		if _, err := tx.Exec(`UPDATE idempotency_keys SET request_hash = ? WHERE scope = ? AND key = ? AND request_hash = ?`,
			key(r.Hash), r.Scope, r.Key, r.Hash); err != nil {
			return after, 0, 0, fmt.Errorf("store: unable to key a request hash: %w", err)
		}
		keyed++
	}
	return after, len(rows), keyed, nil
}

// ServiceTaskDone reports whether the one-time task name was done.
func ServiceTaskDone(q Querier, name string) (bool, error) {
	var n int
	if err := q.Get(&n, `SELECT COUNT(*) FROM service_tasks WHERE name = ?`, name); err != nil {
		return false, fmt.Errorf("store: unable to read service task %s: %w", name, err)
	}
	return n > 0, nil
}

// MarkServiceTaskDone records the one-time task name as done.
func MarkServiceTaskDone(tx *Tx, name string) error {
	if _, err := tx.Exec(`INSERT INTO service_tasks (name, done_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, tx.Now); err != nil {
		return fmt.Errorf("store: unable to record service task %s: %w", name, err)
	}
	return nil
}
