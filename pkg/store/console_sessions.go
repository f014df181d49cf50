package store

import (
	"fmt"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// ConsoleSession is a console sign-in: the keyed hash of its token, the API
// key it was opened with (and that key's state), and when it was last used.
type ConsoleSession struct {
	TokenHash  string
	Key        APIKey
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// CreateConsoleSession stores a new session for key keyID.
func CreateConsoleSession(tx *Tx, tokenHash, keyID string) error {
	if _, err := tx.Exec(`INSERT INTO console_sessions (token_hash, key_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)`,
		tokenHash, keyID, tx.Now, tx.Now); err != nil {
		return fmt.Errorf("store: unable to open a console session: %w", err)
	}
	return nil
}

// GetConsoleSession reads a session with its key and the key's organisation,
// in one query.
func GetConsoleSession(q Querier, tokenHash string) (*ConsoleSession, error) {
	var r struct {
		apiKeyRow
		SessionCreated timeColumn `db:"session_created_at"`
		LastSeen       timeColumn `db:"last_seen_at"`
	}
	err := q.Get(&r, `SELECT `+apiKeyColumns+`, s.created_at AS session_created_at, s.last_seen_at
		FROM console_sessions s JOIN api_keys k ON k.id = s.key_id LEFT JOIN organizations o ON o.id = k.organization_id
		WHERE s.token_hash = ?`, tokenHash)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil, notFound("console session", "")
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read a console session: %w", err)
	}
	return &ConsoleSession{TokenHash: tokenHash, Key: r.key(), CreatedAt: r.SessionCreated.Time, LastSeenAt: r.LastSeen.Time}, nil
}

// TouchConsoleSession records that a session was used now.
func TouchConsoleSession(tx *Tx, tokenHash string) error {
	if _, err := tx.Exec(`UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?`, tx.Now, tokenHash); err != nil {
		return fmt.Errorf("store: unable to touch a console session: %w", err)
	}
	return nil
}

// DeleteConsoleSession ends a session; ending one that is gone changes nothing.
func DeleteConsoleSession(tx *Tx, tokenHash string) error {
	if _, err := tx.Exec(`DELETE FROM console_sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("store: unable to end a console session: %w", err)
	}
	return nil
}

// DeleteIdleConsoleSessions ends every session last used before idleSince.
func DeleteIdleConsoleSessions(tx *Tx, idleSince time.Time) error {
	if _, err := tx.Exec(`DELETE FROM console_sessions WHERE last_seen_at < ?`, idleSince); err != nil {
		return fmt.Errorf("store: unable to end idle console sessions: %w", err)
	}
	return nil
}
