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

// NewIDIn returns the ID of a new resource held by project projectID:
// prefix + "_" + 16 random base32 characters (80 bits, as NewID) followed by
// the 16 characters of the project's ID after its "prj_", so that the
// project is read back from the ID alone (ProjectOfID) and a Citus cluster
// finds the row on its project's shard instead of asking every shard
// (issue 19). The project's ID is no secret from whoever holds the
// resource's (every resource answers with its project_id) and names no
// person. A project ID not of NewID's form (none is made so, but a test or
// an old import may hold one) gives NewID(prefix): an ID without a project,
// found as before.
func NewIDIn(prefix, projectID string) string {
	own, ok := projectPart(projectID)
	if !ok {
		return NewID(prefix)
	}
	return NewID(prefix) + own
}

// projectPart is the part of a project ID of NewID's form after "prj_".
func projectPart(projectID string) (string, bool) {
	own, ok := strings.CutPrefix(projectID, PrefixProject+"_")
	if !ok || len(own) != 16 || !isIDText(own) {
		return "", false
	}
	return own, true
}

// isIDText reports whether s is made of idEncoding's characters only.
func isIDText(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdefghjkmnpqrstvwxyz", rune(s[i])) {
			return false
		}
	}
	return true
}

// ProjectOfID is the project an ID made by NewIDIn names, and whether it
// names one: its first "_"-separated part after the prefix is 32 base32
// characters, the last 16 of them the project's. IDs made from such an ID
// and a suffix (an instruction is ins_<its payroll's>_<line>) name the
// same project. An ID made by NewID (every ID before NewIDIn) names none.
func ProjectOfID(id string) (string, bool) {
	_, rest, ok := strings.Cut(id, "_")
	if !ok {
		return "", false
	}
	body, _, _ := strings.Cut(rest, "_")
	if len(body) != 32 || !isIDText(body) {
		return "", false
	}
	return PrefixProject + "_" + body[16:], true
}

// HasPrefix reports whether id looks like an identifier of the given kind,
// made by NewID or by NewIDIn.
func HasPrefix(id, prefix string) bool {
	return strings.HasPrefix(id, prefix+"_") && (len(id) == len(prefix)+17 || len(id) == len(prefix)+33)
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
