package service

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
)

// A payslip token reads "<record id>.<key version>.<expiry YYYYMMDD>.<signature>":
// the signature is the first 16 bytes of HMAC-SHA256, under the payslip key
// of that version of the secret (identity.PurposePayslip), of the record ID
// and the expiry. A token is checked without the database first (its shape,
// its signature, its expiry), so a guessed one costs no query; the database
// then finds its record by the token's SHA-256, which is all it keeps, and
// says whether it was revoked. The token is a function of the record and the
// key: the database alone gives nobody a working link, and the contractor can
// print the same link again from the record.
const payslipSigLen = 16

func payslipMAC(key []byte, id string, expires ledger.Date) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("wageguard payslip v1\x00" + id + "\x00" + expires.String()))
	return m.Sum(nil)[:payslipSigLen]
}

// payslipToken is the token of a record, signed with the key version it names.
func payslipToken(keys *identity.Keyring, t ledger.PayslipToken) (string, bool) {
	key, ok := keys.KeyAt(identity.PurposePayslip, t.KeyVersion)
	if !ok {
		return "", false
	}
	exp := strings.ReplaceAll(t.ExpiresOn.String(), "-", "")
	return t.ID + "." + strconv.Itoa(t.KeyVersion) + "." + exp + "." +
		base64.RawURLEncoding.EncodeToString(payslipMAC(key, t.ID, t.ExpiresOn)), true
}

// payslipHash is what the database keeps of a token.
func payslipHash(token string) string { return ledger.SHA256Hex([]byte(token)) }

// errNoPayslip is the one answer to a token that is malformed, forged,
// signed with a key this server does not hold, or unknown: a guesser learns
// nothing from it.
var errNoPayslip = ledger.Errorf(ledger.ENotFound, "no such payslip link: check the link or ask your employer for a new payslip")

// verifyPayslipToken checks a token's shape and signature, and its expiry
// on today, without the database; it returns the record ID it names.
func verifyPayslipToken(keys *identity.Keyring, token string, today ledger.Date) (string, error) {
	parts := strings.Split(token, ".")
	if len(token) > 128 || len(parts) != 4 || !ledger.HasPrefix(parts[0], ledger.PrefixPayslipToken) {
		return "", errNoPayslip
	}
	ver, err := strconv.Atoi(parts[1])
	if err != nil || len(parts[2]) != 8 {
		return "", errNoPayslip
	}
	exp, err := ledger.ParseDate(parts[2][:4] + "-" + parts[2][4:6] + "-" + parts[2][6:])
	if err != nil {
		return "", errNoPayslip
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[3])
	key, ok := keys.KeyAt(identity.PurposePayslip, ver)
	if err != nil || !ok || !hmac.Equal(sig, payslipMAC(key, parts[0], exp)) {
		return "", errNoPayslip
	}
	if err := ledger.CheckPayslipToken(ledger.PayslipToken{ExpiresOn: exp}, today); err != nil {
		return "", err
	}
	return parts[0], nil
}
