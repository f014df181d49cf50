package evidence

import (
	"crypto/ed25519"
	"encoding/base64"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// A bundle also has a detached signature: Ed25519 over every byte of the
// ZIP file as delivered, its comment included, kept beside it (FILE.sig,
// the Evidence-Signature header). It checks the file as a whole without
// reading the archive, and with any ZIP tool's copy of the bytes; the
// signatures inside (the archive's comment, manifest.sig) stay.

// detachedPrefix starts a detached signature's text.
const detachedPrefix = "ed25519:"

// SignDetached is the detached signature of a bundle's bytes, as text:
// "ed25519:" and the base64 signature.
func SignDetached(bundle []byte, key ed25519.PrivateKey) string {
	return detachedPrefix + base64.StdEncoding.EncodeToString(ed25519.Sign(key, bundle))
}

// VerifyDetached checks a detached signature (as SignDetached writes it,
// surrounding space ignored) of a bundle's bytes under pub.
func VerifyDetached(bundle []byte, sig string, pub ed25519.PublicKey) error {
	raw := parseDetached(sig)
	if raw == nil {
		return ledger.Errorf(ledger.EInvalid, "the detached signature is not an ed25519 signature (ed25519:<base64>)")
	}
	if !ed25519.Verify(pub, bundle, raw) {
		return ledger.Errorf(ledger.EInvalid, "the detached signature does not verify the file: a byte of it was changed, or it was signed with another key")
	}
	return nil
}

// WellFormedDetached reports whether sig reads as a detached signature
// (whether it verifies a file is VerifyDetached's to say).
func WellFormedDetached(sig string) bool { return parseDetached(sig) != nil }

// parseDetached is the raw signature in sig's text, nil when it is not one.
func parseDetached(sig string) []byte {
	enc, ok := strings.CutPrefix(strings.TrimSpace(sig), detachedPrefix)
	raw, err := base64.StdEncoding.Strict().DecodeString(enc)
	if !ok || err != nil || len(raw) != ed25519.SignatureSize {
		return nil
	}
	return raw
}
