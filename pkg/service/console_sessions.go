package service

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// touchEvery is how stale a session's last use may be before a request
// records it again: a page view need not write a row.
const touchEvery = time.Minute

// StartConsoleSession signs a person in to the console with an API key: the
// key is checked as the API checks it, and a new session bound to it is
// stored by the keyed hash of its token. The token is returned once, for
// the session cookie; the key itself is neither kept nor returned. Sessions
// idle longer than idle are cleared on the way.
func (s *Service) StartConsoleSession(ctx context.Context, presented string, idle time.Duration) (string, Caller, error) {
	caller, err := s.Authenticate(ctx, presented)
	if err != nil {
		return "", Caller{}, err
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", Caller{}, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw[:])
	hash, err := s.sessionHash(token)
	if err != nil {
		return "", Caller{}, err
	}
	ctx = WithCaller(ctx, caller)
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.DeleteIdleConsoleSessions(tx, tx.Now.Add(-idle)); err != nil {
			return err
		}
		if err := store.CreateConsoleSession(tx, hash, caller.KeyID); err != nil {
			return err
		}
		return audit(tx, ledger.OrgChain, "console.sign_in", caller.KeyID, ledger.Msg{}, map[string]string{"key_id": caller.KeyID})
	})
	if err != nil {
		return "", Caller{}, err
	}
	return token, caller, nil
}

// ResumeConsoleSession turns a session token into its caller. The session
// ends (and the answer is unauthorised) when it is unknown, when its key was
// revoked since, or when it was idle longer than idle.
func (s *Service) ResumeConsoleSession(ctx context.Context, token string, idle time.Duration) (Caller, error) {
	ended := ledger.Errorf(ledger.EUnauthorized, "the console session has ended: sign in again")
	hash, err := s.sessionHash(token)
	if err != nil {
		return Caller{}, err
	}
	sess, err := store.GetConsoleSession(s.DB.Reader(ctx), hash)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return Caller{}, ended
	}
	if err != nil {
		return Caller{}, err
	}
	now := s.DB.Now()
	live := sess.Key.RevokedAt == nil && ledger.CheckKeyNotExpired(sess.Key.ExpiresAt, now) == nil && now.Sub(sess.LastSeenAt) <= idle
	if live && now.Sub(sess.LastSeenAt) < touchEvery {
		return sessionCaller(sess), nil
	}
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if !live {
			return store.DeleteConsoleSession(tx, hash)
		}
		return store.TouchConsoleSession(tx, hash)
	})
	if err != nil {
		return Caller{}, err
	}
	if !live {
		return Caller{}, ended
	}
	return sessionCaller(sess), nil
}

// EndConsoleSession signs out: the session is deleted, with the sessions of
// every key that have been idle longer than idle.
func (s *Service) EndConsoleSession(ctx context.Context, token string, idle time.Duration) error {
	hash, err := s.sessionHash(token)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.DeleteConsoleSession(tx, hash); err != nil {
			return err
		}
		return store.DeleteIdleConsoleSessions(tx, tx.Now.Add(-idle))
	})
}

func sessionCaller(sess *store.ConsoleSession) Caller {
	c := Caller{KeyID: sess.Key.ID, Role: sess.Key.Role, RegionCode: sess.Key.OrgRegionCode}
	if sess.Key.OrganizationID != nil {
		c.OrgID = *sess.Key.OrganizationID
	}
	return c
}

// sessionHash is the keyed hash a session token is stored by: HMAC-SHA256
// under the key file's session key, so that the table alone opens nothing.
func (s *Service) sessionHash(token string) (string, error) {
	if s.Identity == nil {
		return "", ledger.Errorf(ledger.EInternal, "the console needs the key file: no session key is loaded")
	}
	_, key := s.Identity.Key(identity.PurposeSession)
	m := hmac.New(sha256.New, key)
	m.Write([]byte(token))
	return hex.EncodeToString(m.Sum(nil)), nil
}

// Sees reports whether the caller may know that a resource it stands to as
// st exists: its scope includes it, and a subcontractor sees its own
// payrolls and workers, not its peers' (the general contractor sees them
// all). The API's authorizer and the console decide by it alike.
func (c Caller) Sees(st store.Standing) bool {
	if !st.Exists || !st.Visible {
		return false
	}
	return ledger.SeesEmployer(ledger.EmployerLimit(c.Role, c.OrgID, st.GeneralContractor), st.EmployerID)
}
