package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// An API key reads "wg_<key id>_<secret>". The key ID finds the stored row;
// the secret is compared, in constant time, by its SHA-256 (the secret has
// 160 random bits, so a fast hash is enough).
const keyPrefix = "wg_"

var secretEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewAPIKey is a created key with its secret, shown once.
type NewAPIKey struct {
	store.APIKey
	Key string
}

// CreateAPIKey makes a key for an organisation (nil only for an admin key).
// The role must fit the organisation's kind. expires, when not "", is when
// the key stops working (ledger.ParseKeyExpiry).
func (s *Service) CreateAPIKey(ctx context.Context, orgID *string, role ledger.Role, label, expires string) (*NewAPIKey, error) {
	label = strings.TrimSpace(label)
	err := ledger.CheckAPIKey(role, label, orgID != nil)
	expiresAt, ferr := ledger.ParseKeyExpiry(expires, s.DB.Now())
	if ferr != nil {
		fields := append(ledger.ErrorFields(err), *ferr)
		return nil, ledger.NewError(ledger.EInvalid, ledger.M("API key is not valid"), fields...)
	}
	if err != nil {
		return nil, err
	}
	var secret [20]byte
	if _, err := rand.Read(secret[:]); err != nil {
		return nil, err
	}
	id := ledger.NewID(ledger.PrefixAPIKey)
	sec := secretEncoding.EncodeToString(secret[:])
	k := &NewAPIKey{
		APIKey: store.APIKey{ID: id, OrganizationID: orgID, Role: role, Label: label, SecretHash: hashSecret(sec), ExpiresAt: expiresAt},
		Key:    keyPrefix + strings.TrimPrefix(id, ledger.PrefixAPIKey+"_") + "_" + sec,
	}
	chain := ledger.OrgChain
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if orgID != nil {
			o, err := store.GetOrganization(tx, *orgID)
			if err != nil {
				return err
			}
			if err := ledger.CheckKeyOrg(role, o.Kind); err != nil {
				return err
			}
		}
		if err := store.CreateAPIKey(tx, &k.APIKey); err != nil {
			return err
		}
		detail := map[string]any{"organization_id": orgID, "role": role, "label": label}
		if expiresAt != nil {
			detail["expires_at"] = expiresAt
		}
		return audit(tx, chain, "api_key.create", id, ledger.M("%s %s", role.Label(), ledger.Verbatim(label)), detail)
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

// APIKeys lists the keys of organisation orgID, with when each was made,
// revoked and expires (never a secret).
func (s *Service) APIKeys(ctx context.Context, orgID string) ([]*store.APIKey, error) {
	if _, err := store.GetOrganization(s.DB.Reader(ctx), orgID); err != nil {
		return nil, err
	}
	return store.APIKeys(s.DB.Reader(ctx), orgID)
}

// RevokeAPIKey revokes key keyID of organisation orgID.
func (s *Service) RevokeAPIKey(ctx context.Context, orgID, keyID string) (*store.APIKey, error) {
	var k *store.APIKey
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		k, err = store.GetAPIKey(tx, keyID)
		if err != nil {
			return err
		}
		if orgID != "" && (k.OrganizationID == nil || *k.OrganizationID != orgID) {
			return ledger.Errorf(ledger.ENotFound, "API key %q not found", keyID)
		}
		if k.RevokedAt != nil {
			return nil // revoking twice changes nothing and writes nothing
		}
		if err := store.RevokeAPIKey(tx, keyID); err != nil {
			return err
		}
		now := tx.Now
		k.RevokedAt = &now
		return audit(tx, ledger.OrgChain, "api_key.revoke", keyID, ledger.Msg{}, map[string]string{"key": keyID})
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// Authenticate turns a presented API key into its caller. An unknown key and
// a wrong secret get the same answer, so the answer does not confirm that a
// key ID exists; a revoked key says so only once its secret has matched.
func (s *Service) Authenticate(ctx context.Context, presented string) (Caller, error) {
	bad := ledger.Errorf(ledger.EUnauthorized, "the API key is not valid")
	rest, ok := strings.CutPrefix(presented, keyPrefix)
	if !ok {
		return Caller{}, ledger.Errorf(ledger.EUnauthorized, "the API key is malformed: wageguard keys start with %q", keyPrefix)
	}
	idPart, secret, ok := strings.Cut(rest, "_")
	id := ledger.PrefixAPIKey + "_" + idPart
	if !ok || !ledger.HasPrefix(id, ledger.PrefixAPIKey) || secret == "" {
		return Caller{}, ledger.Errorf(ledger.EUnauthorized, "the API key is malformed")
	}
	k, err := store.GetAPIKey(s.DB.Reader(ctx), id)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return Caller{}, bad
	}
	if err != nil {
		return Caller{}, err
	}
	if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(k.SecretHash)) != 1 {
		return Caller{}, bad
	}
	if k.RevokedAt != nil {
		return Caller{}, ledger.Errorf(ledger.EUnauthorized, "the API key was revoked")
	}
	if err := ledger.CheckKeyNotExpired(k.ExpiresAt, s.DB.Now()); err != nil {
		return Caller{}, err
	}
	c := Caller{KeyID: k.ID, Role: k.Role, RegionCode: k.OrgRegionCode}
	if k.OrganizationID != nil {
		c.OrgID = *k.OrganizationID
	}
	return c, nil
}
