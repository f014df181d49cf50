package ledger

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The audit trail is keyed with a secret kept outside the database (the
// secret key file): whoever can write the database cannot recompute a
// chain after changing a record, cannot queue a record the sealer will
// accept, and cannot test guesses against a request's hash. Each use has its
// own key, derived from one version of the trail's key (AuditKeys); a keyed
// value names the version it was made with, "v<N>:<hex>", so that it still
// verifies after the secret is rotated.

// AuditKeys are the keys of one version of the audit trail's secret.
type AuditKeys struct {
	Version    int
	chain      []byte // links records: HMAC of prev_hash and the record
	queue      []byte // seals a queued record in the transaction that wrote it
	request    []byte // hides a request's digest
	checkpoint []byte // Ed25519 seed that signs checkpoints of every chain head
}

// NewAuditKeys derives the keys of every use from master, version's key of
// the audit purpose.
func NewAuditKeys(version int, master []byte) AuditKeys {
	sub := func(use string) []byte {
		m := hmac.New(sha256.New, master)
		m.Write([]byte("wageguard audit " + use + " v1"))
		return m.Sum(nil)
	}
	return AuditKeys{Version: version, chain: sub("chain"), queue: sub("queue"), request: sub("request"), checkpoint: sub("checkpoint")}
}

func (k AuditKeys) mac(key []byte, parts ...[]byte) string {
	m := hmac.New(sha256.New, key)
	for i, p := range parts {
		if i > 0 {
			m.Write([]byte("\n"))
		}
		m.Write(p)
	}
	return "v" + strconv.Itoa(k.Version) + ":" + hex.EncodeToString(m.Sum(nil))
}

// KeyVersion is the version a keyed value names; ok is false for a value
// made before the trail was keyed (a bare SHA-256 in hex).
func KeyVersion(keyed string) (int, bool) {
	v, _, ok := strings.Cut(keyed, ":")
	if !ok || len(v) < 2 || v[0] != 'v' {
		return 0, false
	}
	n, err := strconv.Atoi(v[1:])
	return n, err == nil && n >= 0
}

// RequestMAC hides a request's digest (the SHA-256 of what the request
// carried) under the request key: equal requests still get equal values,
// but a guess at a masked phone or card number can no longer be hashed and
// compared without the key.
func (k AuditKeys) RequestMAC(digest string) string {
	if digest == "" {
		return ""
	}
	return k.mac(k.request, []byte(digest))
}

// ChainHash is the keyed hash of a record: HMAC of its prev_hash and its
// canonical form under the chain key.
func (k AuditKeys) ChainHash(r *AuditRecord) string {
	return k.mac(k.chain, []byte(r.PrevHash), r.Canonical())
}

// QueueSeal is the seal of a queued record: HMAC of its canonical form (with
// no sequence number yet) and its order in its transaction, made by the
// transaction that wrote it. The sealer links only records whose seal holds.
func (k AuditKeys) QueueSeal(r AuditRecord, ord int) string {
	r.Seq, r.PrevHash, r.Hash = 0, "", ""
	return k.mac(k.queue, r.Canonical(), []byte(strconv.Itoa(ord)))
}

// LegacyAttestation vouches that a chain linked before the trail was keyed
// stood at seq with hash when it was attested: its unkeyed records verify
// up to there and no further.
func (k AuditKeys) LegacyAttestation(chain string, seq int64, hash string) string {
	return k.mac(k.chain, []byte("legacy prefix"), []byte(chain), []byte(strconv.FormatInt(seq, 10)), []byte(hash))
}

// VerifyMAC reports whether keyed equals want in constant time.
func VerifyMAC(keyed, want string) bool { return hmac.Equal([]byte(keyed), []byte(want)) }

// CheckpointPublicKey is the key that verifies checkpoints signed with k.
func (k AuditKeys) CheckpointPublicKey() ed25519.PublicKey {
	return ed25519.NewKeyFromSeed(k.checkpoint).Public().(ed25519.PublicKey)
}

// ChainHead is where one chain stood.
type ChainHead struct {
	Chain string `json:"chain"`
	Seq   int64  `json:"seq"`
	Hash  string `json:"hash"`
}

// Checkpoint is a signed statement of every chain's head at one moment.
// Ed25519 rather than an HMAC: anyone given the public key (printed by
// `wageguard audit checkpoint`) can check a checkpoint without holding the
// secret key file, which also opens every identity number; and the
// signature cannot be made from what verifies it.
type Checkpoint struct {
	At         time.Time   `json:"at"`
	KeyVersion int         `json:"key_version"`
	PublicKey  string      `json:"public_key"` // base64; for reading — verification derives its own
	Heads      []ChainHead `json:"heads"`
	Signature  string      `json:"signature"` // base64 Ed25519 over signedBytes
}

func (c *Checkpoint) signedBytes() []byte {
	b, _ := json.Marshal([]any{"wageguard audit checkpoint v1", c.At.UTC().Format(time.RFC3339Nano), c.KeyVersion, c.Heads})
	return b
}

// SignCheckpoint signs the heads (sorted by chain) at at.
func (k AuditKeys) SignCheckpoint(at time.Time, heads []ChainHead) Checkpoint {
	hs := append([]ChainHead{}, heads...)
	sort.Slice(hs, func(i, j int) bool { return hs[i].Chain < hs[j].Chain })
	c := Checkpoint{At: at.UTC(), KeyVersion: k.Version, PublicKey: base64.StdEncoding.EncodeToString(k.CheckpointPublicKey()), Heads: hs}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(ed25519.NewKeyFromSeed(k.checkpoint), c.signedBytes()))
	return c
}

// VerifySignature checks the checkpoint against k, which must be of its
// KeyVersion.
func (c *Checkpoint) VerifySignature(k AuditKeys) bool {
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	return err == nil && k.Version == c.KeyVersion && ed25519.Verify(k.CheckpointPublicKey(), c.signedBytes(), sig)
}

// CheckpointProblem is a chain that no longer holds what a checkpoint saw.
type CheckpointProblem struct {
	Chain   string
	Seq     int64
	Problem Msg
}

// CheckpointProblems compares a checkpoint with the chains as they are now:
// hashAt(chain, seq) is the hash of the record now at seq of chain ("" when
// there is none). Every chain the checkpoint saw must still hold its
// record at the checkpoint's seq with the same hash: a chain cut back, one
// dropped whole, or one rewritten since is named.
func (c *Checkpoint) CheckpointProblems(hashAt func(chain string, seq int64) string) []CheckpointProblem {
	var out []CheckpointProblem
	for _, h := range c.Heads {
		if h.Seq == 0 {
			continue
		}
		switch now := hashAt(h.Chain, h.Seq); {
		case now == "":
			out = append(out, CheckpointProblem{h.Chain, h.Seq, M("the checkpoint of %s saw record %d, which is no longer there: "+
				"records were removed from the end or the chain was dropped", c.At.Format(time.RFC3339), h.Seq)})
		case now != h.Hash:
			out = append(out, CheckpointProblem{h.Chain, h.Seq, M("record %d is not the record the checkpoint of %s saw: the chain was rewritten",
				h.Seq, c.At.Format(time.RFC3339))})
		}
	}
	return out
}
