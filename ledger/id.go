package ledger

import (
	"crypto/rand"
	"encoding/base32"
	"strconv"
	"strings"
)

// ID prefixes: an identifier says what it names (prj_…, ent_…).
const (
	PrefixProject      = "prj"
	PrefixOrganization = "org"
	PrefixEntry        = "ent"
	PrefixAuditRecord  = "aud"
	PrefixAPIKey       = "key"
	PrefixAlert        = "alr"
	PrefixGuarantee    = "gua"
	PrefixDrawdown     = "drw"
	PrefixTopUp        = "tup"
)

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns prefix + "_" + 16 random base32 characters (80 bits).
func NewID(prefix string) string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("ledger: no randomness: " + err.Error())
	}
	return prefix + "_" + idEncoding.EncodeToString(b[:])
}

// HasPrefix reports whether id looks like an identifier of the given kind.
func HasPrefix(id, prefix string) bool {
	return strings.HasPrefix(id, prefix+"_") && len(id) == len(prefix)+17
}

// EntryBatch names the ledger entries written together by one use case. It is
// the one place entry IDs are made: entries of a batch take consecutive IDs
// under one random prefix (ent_<16 chars>_00000, _00001, …), so that rows
// inserted side by side land on neighbouring index pages (their postings'
// keys cost a third of what random ones do in a 20,000-item batch).
type EntryBatch string

// NewEntryBatch starts a batch of entry IDs.
func NewEntryBatch() EntryBatch { return EntryBatch(NewID(PrefixEntry)) }

// ID is the i-th entry ID of the batch (i ≥ 0); IDs sort in i's order up to
// 99,999 and stay unique beyond.
func (b EntryBatch) ID(i int) string {
	n := strconv.Itoa(i)
	if len(n) < 5 {
		n = "00000"[len(n):] + n
	}
	return string(b) + "_" + n
}
