package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// OrgChain is the audit chain of changes that belong to no project
// (organisations, keys). Every project has a chain of its own named by its ID,
// so writes on different projects never wait on one another.
const OrgChain = "org"

// AuditRecord is one entry of the append-only audit trail. Hash covers PrevHash
// and the canonical form of every other field, so changing, removing or
// reordering a record breaks the chain from that record on.
type AuditRecord struct {
	ID          string    `db:"id"`
	Chain       string    `db:"chain"`
	Seq         int64     `db:"seq"`
	At          time.Time `db:"at"`
	Actor       string    `db:"actor"`
	Action      string    `db:"action"`
	Subject     string    `db:"subject"`
	RequestHash string    `db:"request_hash"`
	Detail      string    `db:"detail"`
	PrevHash    string    `db:"prev_hash"`
	Hash        string    `db:"hash"`
}

// Canonical is the byte form that the hash covers: a JSON array in a fixed
// field order, times in UTC with microseconds (what both databases keep).
func (r *AuditRecord) Canonical() []byte {
	b, _ := json.Marshal([]any{
		r.ID, r.Chain, r.Seq, r.At.UTC().Format("2006-01-02T15:04:05.000000Z"),
		r.Actor, r.Action, r.Subject, r.RequestHash, r.Detail,
	})
	return b
}

// ComputeHash returns hex(SHA-256(prev_hash || "\n" || canonical record)).
func (r *AuditRecord) ComputeHash() string {
	h := sha256.New()
	h.Write([]byte(r.PrevHash))
	h.Write([]byte("\n"))
	h.Write(r.Canonical())
	return hex.EncodeToString(h.Sum(nil))
}

// SHA256Hex is the hex SHA-256 of b, used for request hashes and file hashes.
func SHA256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
