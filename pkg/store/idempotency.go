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
}

// ClaimIdempotencyKey records (scope, key) for a request with requestHash in
// tx, before the change is made. If the key is new it returns nil, nil. If it
// was used before it returns the stored response (the caller replays it),
// provided the key was stored with requestHash or one of alsoAccepted (the
// hashes an earlier build computed for the same request); under any other
// hash it is a conflict. On PostgreSQL a concurrent claim of the same key
// waits here until the first transaction ends, then sees its answer.
func ClaimIdempotencyKey(tx *Tx, scope, key, requestHash string, alsoAccepted ...string) (*IdempotentResponse, error) {
	return ClaimIdempotencyKeyMatching(tx, scope, key, requestHash, func(stored string) bool {
		return stored == requestHash || slices.Contains(alsoAccepted, stored)
	})
}

// ClaimIdempotencyKeyMatching is ClaimIdempotencyKey with the test of a
// stored hash given: same reports whether it names this request.
func ClaimIdempotencyKeyMatching(tx *Tx, scope, key, requestHash string, same func(stored string) bool) (*IdempotentResponse, error) {
	res, err := tx.Exec(`INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at)
		VALUES (?, ?, ?, 0, '', ?) ON CONFLICT (scope, key) DO NOTHING`, scope, key, requestHash, tx.Now)
	if err != nil {
		return nil, fmt.Errorf("store: unable to claim idempotency key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil, nil
	}
	var prev IdempotentResponse
	if err := tx.Get(&prev, `SELECT request_hash, status, response FROM idempotency_keys WHERE scope = ? AND key = ?`, scope, key); err != nil {
		return nil, fmt.Errorf("store: unable to read idempotency key: %w", err)
	}
	if !same(prev.RequestHash) {
		return nil, ledger.Errorf(ledger.EConflict, "Idempotency-Key %q was already used for a different request", clipKey(key))
	}
	return &prev, nil
}

// CompleteIdempotencyKey stores the response to the claimed key in tx.
func CompleteIdempotencyKey(tx *Tx, scope, key string, status int, response []byte) error {
	if _, err := tx.Exec(`UPDATE idempotency_keys SET status = ?, response = ? WHERE scope = ? AND key = ?`,
		status, string(response), scope, key); err != nil {
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
func FinishIdempotencyKey(tx *Tx, scope, key string, status int, response []byte) (*IdempotentResponse, error) {
	res, err := tx.Exec(`UPDATE idempotency_keys SET status = ?, response = ? WHERE scope = ? AND key = ? AND status = 0`,
		status, string(response), scope, key)
	if err != nil {
		return nil, fmt.Errorf("store: unable to store idempotent response: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil, nil
	}
	var prev []IdempotentResponse
	if err := tx.Select(&prev, `SELECT request_hash, status, response FROM idempotency_keys WHERE scope = ? AND key = ? AND status <> 0`, scope, key); err != nil {
		return nil, fmt.Errorf("store: unable to read idempotency key: %w", err)
	}
	if len(prev) == 0 {
		return nil, nil // released by a failed twin: this answer stands, unstored
	}
	return &prev[0], nil
}

// ReleaseIdempotencyKey forgets a key claimed in an earlier transaction
// whose request failed, so that it may be retried.
func ReleaseIdempotencyKey(tx *Tx, scope, key string) error {
	if _, err := tx.Exec(`DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND status = 0`, scope, key); err != nil {
		return fmt.Errorf("store: unable to release idempotency key: %w", err)
	}
	return nil
}

// IdempotencyKeyFree refuses a key (scope, key) already used, for a request
// that stores nothing under its key (a dry run) but may not reuse one.
func IdempotencyKeyFree(q Querier, scope, key string) error {
	var n int
	if err := q.Get(&n, `SELECT COUNT(*) FROM idempotency_keys WHERE scope = ? AND key = ?`, scope, key); err != nil {
		return fmt.Errorf("store: unable to read idempotency key: %w", err)
	}
	if n > 0 {
		return ledger.Errorf(ledger.EConflict, "Idempotency-Key %q was already used for a different request", clipKey(key))
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
