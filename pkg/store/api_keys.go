package store

import (
	"fmt"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// APIKey is a stored key: never its secret, only the secret's hash.
type APIKey struct {
	ID             string      `db:"id"`
	OrganizationID *string     `db:"organization_id"`
	Role           ledger.Role `db:"role"`
	Label          string      `db:"label"`
	SecretHash     string      `db:"secret_hash"`
	CreatedAt      time.Time   `db:"-"`
	RevokedAt      *time.Time  `db:"-"`
	// From the organisation, for the caller's scope.
	OrgKind       string `db:"org_kind"`
	OrgRegionCode string `db:"org_region_code"`
}

type apiKeyRow struct {
	APIKey
	CreatedAt timeColumn  `db:"created_at"`
	RevokedAt *timeColumn `db:"revoked_at"`
}

// CreateAPIKey stores a key's hash.
func CreateAPIKey(tx *Tx, k *APIKey) error {
	k.CreatedAt = tx.Now
	if _, err := tx.Exec(`INSERT INTO api_keys (id, organization_id, role, label, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		k.ID, k.OrganizationID, string(k.Role), k.Label, k.SecretHash, tx.Now); err != nil {
		return fmt.Errorf("store: unable to create API key: %w", err)
	}
	return nil
}

// GetAPIKey reads a key with its organisation's kind and region.
func GetAPIKey(q Querier, id string) (*APIKey, error) {
	var r apiKeyRow
	err := q.Get(&r, `SELECT `+apiKeyColumns+` FROM api_keys k LEFT JOIN organizations o ON o.id = k.organization_id WHERE k.id = ?`, id)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil, notFound("API key", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read API key: %w", err)
	}
	k := r.key()
	return &k, nil
}

// apiKeyColumns are a key k's columns with its organisation o's kind and region.
const apiKeyColumns = `k.id, k.organization_id, k.role, k.label, k.secret_hash, k.created_at, k.revoked_at,
		COALESCE(o.kind, '') AS org_kind, COALESCE(o.region_code, '') AS org_region_code`

func (r *apiKeyRow) key() APIKey {
	k := r.APIKey
	k.CreatedAt = r.CreatedAt.Time
	if r.RevokedAt != nil && !r.RevokedAt.IsZero() {
		t := r.RevokedAt.Time
		k.RevokedAt = &t
	}
	return k
}

// RevokeAPIKey marks a key revoked; revoking twice changes nothing.
func RevokeAPIKey(tx *Tx, id string) error {
	if _, err := tx.Exec(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, tx.Now, id); err != nil {
		return fmt.Errorf("store: unable to revoke API key: %w", err)
	}
	return nil
}
