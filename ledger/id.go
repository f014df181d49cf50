package ledger

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// ID prefixes: an identifier says what it names (prj_…, ent_…).
const (
	PrefixProject      = "prj"
	PrefixOrganization = "org"
	PrefixEntry        = "ent"
	PrefixAuditRecord  = "aud"
	PrefixAPIKey       = "key"
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
