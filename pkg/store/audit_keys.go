package store

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/wageguard/wageguard/ledger"
)

// AuditSecrets is where the audit trail's keys come from: the secret key
// file's keyring (identity.Keyring) satisfies it. The keys never enter the
// database; a version a rotation retired is kept there only sealed under
// the version that replaced it (KeepAuditKey).
type AuditSecrets interface {
	// Active is the version new records are keyed with.
	Active() int
	// AuditKey is version n's audit key, if the key file holds n.
	AuditKey(n int) ([]byte, bool)
	EncryptAt(n int, plaintext, aad string) (string, error)
	Decrypt(sealed, aad string) (string, error)
}

// UseAuditKeys keys the audit trail from now on: records are queued with a
// seal and a keyed request hash, linked with keyed hashes, and verified.
// Call it before the database is shared.
func (db *DB) UseAuditKeys(s AuditSecrets) { db.audit = s }

// AuditKeyed reports whether the database has the audit trail's keys.
func (db *DB) AuditKeyed() bool { return db.audit != nil }

func auditKeyAAD(version int) string { return "audit-key/" + strconv.Itoa(version) }

// activeAuditKeys are the keys new records are keyed with.
func activeAuditKeys(s AuditSecrets) (ledger.AuditKeys, error) {
	v := s.Active()
	master, ok := s.AuditKey(v)
	if !ok {
		return ledger.AuditKeys{}, fmt.Errorf("store: the key file holds no version %d", v)
	}
	return ledger.NewAuditKeys(v, master), nil
}

// auditKeyCache finds the keys of each version a trail names once.
type auditKeyCache struct {
	q    Querier
	s    AuditSecrets
	keys map[int]*ledger.AuditKeys
}

func newAuditKeyCache(q Querier, s AuditSecrets) *auditKeyCache {
	return &auditKeyCache{q: q, s: s, keys: map[int]*ledger.AuditKeys{}}
}

// at is version n's keys: from the key file, or from the database, where a
// rotation that retired n kept them sealed under a newer version; nil when
// neither has them.
func (c *auditKeyCache) at(n int) (*ledger.AuditKeys, error) {
	if k, ok := c.keys[n]; ok {
		return k, nil
	}
	var found *ledger.AuditKeys
	if master, ok := c.s.AuditKey(n); ok {
		k := ledger.NewAuditKeys(n, master)
		found = &k
	} else {
		var sealed []string
		if err := c.q.Select(&sealed, "SELECT sealed FROM audit_keys WHERE version = ?", n); err != nil {
			return nil, fmt.Errorf("store: unable to read the audit keys: %w", err)
		}
		if len(sealed) == 1 {
			plain, err := c.s.Decrypt(sealed[0], auditKeyAAD(n))
			if err != nil {
				return nil, fmt.Errorf("store: the kept audit key of version %d does not open: %w", n, err)
			}
			master, err := hex.DecodeString(plain)
			if err != nil {
				return nil, fmt.Errorf("store: the kept audit key of version %d is damaged", n)
			}
			k := ledger.NewAuditKeys(n, master)
			found = &k
		}
	}
	c.keys[n] = found
	return found, nil
}

// KeepAuditKey keeps version retired's audit key in the database, sealed
// under version successor (keys must hold both), so that what it keyed
// still verifies once the key file no longer holds it: a rotation calls it
// in the transaction that retires the version.
func KeepAuditKey(tx *Tx, keys AuditSecrets, retired, successor int) error {
	master, ok := keys.AuditKey(retired)
	if !ok {
		return fmt.Errorf("store: the key file holds no version %d", retired)
	}
	sealed, err := keys.EncryptAt(successor, hex.EncodeToString(master), auditKeyAAD(retired))
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO audit_keys (version, sealed, created_at) VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING`,
		retired, sealed, tx.Now); err != nil {
		return fmt.Errorf("store: unable to keep the audit key of version %d: %w", retired, err)
	}
	return nil
}

// AuditHeads reads where every chain stands, for a checkpoint. Queued
// records are sealed first by the caller.
func (db *DB) AuditHeads(ctx context.Context) ([]ledger.ChainHead, error) {
	var heads []ledger.ChainHead
	if err := db.Select(ctx, &heads, "SELECT chain, seq, hash FROM audit_heads ORDER BY chain"); err != nil {
		return nil, fmt.Errorf("store: unable to read audit chains: %w", err)
	}
	return heads, nil
}

// SignAuditCheckpoint signs every chain head with the active audit key.
func (db *DB) SignAuditCheckpoint(ctx context.Context) (*ledger.Checkpoint, error) {
	if db.audit == nil {
		return nil, fmt.Errorf("store: a checkpoint is signed with the secret key file, and none is configured")
	}
	keys, err := activeAuditKeys(db.audit)
	if err != nil {
		return nil, err
	}
	heads, err := db.AuditHeads(ctx)
	if err != nil {
		return nil, err
	}
	c := keys.SignCheckpoint(db.Now(), heads)
	return &c, nil
}

// AttestLegacyChains attests the head of every chain whose head is not keyed
// and not yet attested (see audit_legacy): the commands call it once, in
// the run that applies the migration keying the trail, and when a database
// records its first key. It returns how many chains it attested.
//
// Records still queued from before are linked first, as they would have been
// then: nothing could seal them before the trail had keys.
func (db *DB) AttestLegacyChains(ctx context.Context) (int, error) {
	if db.audit == nil {
		return 0, nil
	}
	keys, err := activeAuditKeys(db.audit)
	if err != nil {
		return 0, err
	}
	if _, err := db.sealAudit(ctx, true); err != nil {
		return 0, err
	}
	n := 0
	err = db.WithTx(ctx, func(tx *Tx) error {
		var heads []ledger.ChainHead
		if err := tx.Select(&heads, `SELECT chain, seq, hash FROM audit_heads h WHERE seq > 0
			AND NOT EXISTS (SELECT 1 FROM audit_legacy l WHERE l.chain = h.chain) ORDER BY chain`); err != nil {
			return fmt.Errorf("store: unable to read audit chains: %w", err)
		}
		for _, h := range heads {
			if _, keyed := ledger.KeyVersion(h.Hash); keyed {
				continue
			}
			if _, err := tx.Exec(`INSERT INTO audit_legacy (chain, seq, hash, mac, attested_at) VALUES (?, ?, ?, ?, ?)`,
				h.Chain, h.Seq, h.Hash, keys.LegacyAttestation(h.Chain, h.Seq, h.Hash), tx.Now); err != nil {
				return fmt.Errorf("store: unable to attest audit chain %q: %w", h.Chain, err)
			}
			n++
		}
		return nil
	})
	return n, err
}

// legacyMark is a chain's attested legacy prefix.
type legacyMark struct {
	Seq  int64  `db:"seq"`
	Hash string `db:"hash"`
	MAC  string `db:"mac"`
}

// legacyPrefix reads a chain's attestation and checks its MAC: nil when
// there is none or it does not hold.
func (db *DB) legacyPrefix(ctx context.Context, chain string, keys *auditKeyCache) (*legacyMark, error) {
	var marks []legacyMark
	if err := db.Select(ctx, &marks, "SELECT seq, hash, mac FROM audit_legacy WHERE chain = ?", chain); err != nil {
		return nil, fmt.Errorf("store: unable to read the attestation of audit chain %q: %w", chain, err)
	}
	if len(marks) == 0 {
		return nil, nil
	}
	m := marks[0]
	v, ok := ledger.KeyVersion(m.MAC)
	if !ok {
		return nil, nil
	}
	k, err := keys.at(v)
	if err != nil || k == nil {
		return nil, err
	}
	if !ledger.VerifyMAC(m.MAC, k.LegacyAttestation(chain, m.Seq, m.Hash)) {
		return nil, nil
	}
	return &m, nil
}
