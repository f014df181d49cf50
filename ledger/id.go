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

// LineOfInstruction is the payroll and line an instruction's ID names, and
// whether it names one: the payroll as its part (PayrollPart), so that a
// reader of a province's bank results makes no string for each. An
// instruction issued for a payroll's line is ins_<the payroll's part>_<the
// line's number> (store.IssuePayrollInstructions), so that approving twice
// cannot issue twice; the nightly check reads a bank result's line from it
// instead of joining every result to its instruction. A re-issued
// instruction's ID (NewIDIn) names no line, and a guarantee drawdown's
// names its drawdown where a payroll's part would be: a reader takes the
// answer only for a payroll it knows the project has, and asks the
// instruction otherwise.
func LineOfInstruction(id string) (payrollPart string, line int, ok bool) {
	rest, found := strings.CutPrefix(id, "ins_")
	cut := strings.LastIndexByte(rest, '_')
	if !found || cut <= 0 || cut == len(rest)-1 || len(rest)-cut > 10 || rest[cut+1] == '0' {
		return "", 0, false
	}
	for _, c := range rest[cut+1:] {
		if c < '0' || c > '9' {
			return "", 0, false
		}
		line = line*10 + int(c-'0')
	}
	return rest[:cut], line, true
}

// PayrollPart is what of a payroll's ID its instructions' IDs hold: the ID
// after "pay_", or the whole of an ID without it.
func PayrollPart(payrollID string) string {
	return strings.TrimPrefix(payrollID, "pay_")
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
