package httpapi

import (
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// AuditRecord is one record of the audit trail with the hashes that chain
// it to the one before, so that a reader can check the chain.
type AuditRecord struct {
	ID          string    `json:"id"`
	Chain       string    `json:"chain"`
	Seq         int64     `json:"seq"`
	At          time.Time `json:"at"`
	Actor       string    `json:"actor"`
	Action      string    `json:"action"`
	Subject     string    `json:"subject"`
	RequestHash string    `json:"request_hash"`
	// Detail is what the change did, in the request's language: kept as a
	// message (ledger.Msg.Encode), or as the English an older build wrote.
	Detail   *Text  `json:"detail,omitempty"`
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

func auditRecordOf(r ledger.AuditRecord) AuditRecord {
	return AuditRecord{ID: r.ID, Chain: r.Chain, Seq: r.Seq, At: r.At, Actor: r.Actor, Action: r.Action, Subject: r.Subject,
		RequestHash: r.RequestHash, Detail: auditDetail(r.Detail), PrevHash: r.PrevHash, Hash: r.Hash}
}

// auditDetail reads a record's detail in the reader's language; nil for none.
func auditDetail(stored string) *Text {
	if stored == "" {
		return nil
	}
	t := textOf(ledger.StoredText(stored))
	return &t
}
