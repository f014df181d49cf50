package identity

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/wageguard/wageguard/ledger"
)

// Purpose names what a derived key is for. Every purpose's key is derived
// from one version's secret with HKDF-SHA256 under its own label, so a key
// for one purpose tells nothing about the secret or any other purpose, and
// later features (signed audit exports, payslips, evidence bundles) get
// their keys from the same file without a new one to lose.
type Purpose string

// The purposes a key is derived for.
const (
	PurposeEncryption Purpose = "encryption"  // AES-256-GCM of identity numbers, cards and phones
	PurposeBlindIndex Purpose = "blind-index" // HMAC-SHA256 lookups of identity numbers and cards
	PurposeKeyCheck   Purpose = "key-check"   // the check value the database records
	PurposeAudit      Purpose = "audit"
	PurposePayslip    Purpose = "payslip"
	PurposeEvidence   Purpose = "evidence"
	PurposeSession    Purpose = "console-session"   // HMAC-SHA256 of console session tokens: the database keeps only that
	PurposeReceipt    Purpose = "complaint-receipt" // HMAC-SHA256 of complaint receipt codes: the database keeps only that
)

// LegacyVersion is the version of a key file written before secrets were
// versioned: an "index" line and "k1", "k2", … encryption keys, used as they
// are. Its other purposes are derived from its index key.
const LegacyVersion = 0

// derivationLabel is the HKDF info of a purpose. The "v1" is the derivation
// scheme's own version, not the secret's: it changes only if the way keys are
// derived ever does.
func derivationLabel(p Purpose) string { return "wageguard/" + string(p) + "/v1" }

// checkMessage is what the check value authenticates.
const checkMessage = "wageguard key check v1"

// secretVersion is one version of the secret with the keys derived from it
// once, at start-up: the hot paths (a payroll of 100,000 lines computes
// 200,000 blind indexes) never derive a key per row.
type secretVersion struct {
	n      int
	root   []byte // what every derived key comes from: the secret, or a legacy file's index key
	index  []byte
	encID  string // the key ID its ciphertexts carry: "v<N>", or a legacy file's newest "k<N>"
	macs   *sync.Pool
	secret []byte // as written in the file; nil for the legacy version
}

// Keyring holds every version of the secret a key file holds. One version is
// active: it encrypts and computes blind indexes. Every version decrypts what
// it encrypted. Use picks the active version; call it before the keyring is
// shared, it is not safe to call concurrently with the rest.
type Keyring struct {
	versions map[int]*secretVersion
	aeads    map[string]cipher.AEAD // by the key ID a ciphertext names
	active   *secretVersion
	legacy   []legacyKey // a legacy file's "k<N>" keys in file order, for Marshal
}

type legacyKey struct {
	id  string
	key []byte
}

// Generate returns a keyring holding one fresh secret, version 1.
func Generate() (*Keyring, error) {
	return newKeyring(map[int][]byte{1: randomKey()}, nil, nil)
}

func randomKey() []byte {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("identity: no randomness: " + err.Error())
	}
	return b
}

// newKeyring derives every key of every version. The newest version is active.
func newKeyring(secrets map[int][]byte, legacyIndex []byte, legacy []legacyKey) (*Keyring, error) {
	k := &Keyring{versions: map[int]*secretVersion{}, aeads: map[string]cipher.AEAD{}, legacy: legacy}
	if legacyIndex != nil {
		if len(legacy) == 0 {
			return nil, ledger.Errorf(ledger.EInvalid, "the key file has an \"index\" line but no encryption key")
		}
		v := &secretVersion{n: LegacyVersion, root: legacyIndex, index: legacyIndex, encID: legacy[len(legacy)-1].id}
		for _, l := range legacy {
			a, err := newGCM(l.key)
			if err != nil {
				return nil, err
			}
			k.aeads[l.id] = a
		}
		k.add(v)
	} else if len(legacy) > 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "the key file has no \"index\" line")
	}
	for n, secret := range secrets {
		v := &secretVersion{n: n, root: secret, secret: secret, encID: "v" + strconv.Itoa(n)}
		v.index = derive(secret, PurposeBlindIndex)
		a, err := newGCM(derive(secret, PurposeEncryption))
		if err != nil {
			return nil, err
		}
		k.aeads[v.encID] = a
		k.add(v)
	}
	if len(k.versions) == 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "the key file holds no secret: it is empty, or not a wageguard key file")
	}
	k.active = k.versions[k.Newest()]
	return k, nil
}

func (k *Keyring) add(v *secretVersion) {
	key := v.index
	v.macs = &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}
	k.versions[v.n] = v
}

func derive(root []byte, p Purpose) []byte {
	key, err := hkdf.Key(sha256.New, root, nil, derivationLabel(p), 32)
	if err != nil {
		panic("identity: HKDF: " + err.Error()) // only for a length HKDF cannot give
	}
	return key
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Versions lists the versions the keyring holds, oldest first.
func (k *Keyring) Versions() []int {
	out := make([]int, 0, len(k.versions))
	for n := range k.versions {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Newest is the highest version the keyring holds.
func (k *Keyring) Newest() int { return slices.Max(k.Versions()) }

// Has reports whether the keyring holds version n.
func (k *Keyring) Has(n int) bool { return k.versions[n] != nil }

// Active is the version that encrypts and indexes.
func (k *Keyring) Active() int { return k.active.n }

// Use makes version n the one that encrypts and indexes.
func (k *Keyring) Use(n int) error {
	v := k.versions[n]
	if v == nil {
		return fmt.Errorf("identity: the key file holds no version %d", n)
	}
	k.active = v
	return nil
}

// CheckValue is version n's fingerprint: an HMAC of a fixed message under the
// version's key-check key, 16 bytes in hex. It identifies the key without
// revealing anything of it (it is neither the key nor a hash of the key), so
// the database may record it and a message may show it.
func (k *Keyring) CheckValue(n int) (string, bool) {
	v := k.versions[n]
	if v == nil {
		return "", false
	}
	m := hmac.New(sha256.New, derive(v.root, PurposeKeyCheck))
	m.Write([]byte(checkMessage))
	return hex.EncodeToString(m.Sum(nil)[:16]), true
}

// Key is the active version's key for a purpose, with that version: a record
// signed with it stores the version so that it verifies after a rotation.
func (k *Keyring) Key(p Purpose) (int, []byte) {
	key, _ := k.KeyAt(p, k.active.n)
	return k.active.n, key
}

// KeyAt is version n's key for a purpose, if the keyring holds n.
func (k *Keyring) KeyAt(p Purpose, n int) ([]byte, bool) {
	v := k.versions[n]
	if v == nil {
		return nil, false
	}
	if p == PurposeBlindIndex {
		return v.index, true
	}
	return derive(v.root, p), true
}

// Encrypt seals plaintext with the active version: "<key id>:<base64(nonce|ciphertext)>",
// the key ID being "v<version>" ("k<N>" for a legacy file). aad binds the
// ciphertext to its use (e.g. "id_number"), so a card number's ciphertext
// cannot be passed off as an identity number.
func (k *Keyring) Encrypt(plaintext, aad string) (string, error) {
	return k.EncryptAt(k.active.n, plaintext, aad)
}

// EncryptAt seals plaintext with version n, which the keyring must hold: a
// rotation seals every value again under the new version.
func (k *Keyring) EncryptAt(n int, plaintext, aad string) (string, error) {
	v := k.versions[n]
	if v == nil {
		return "", fmt.Errorf("identity: the key file holds no version %d", n)
	}
	gcm := k.aeads[v.encID]
	nonce := make([]byte, gcm.NonceSize(), gcm.NonceSize()+len(plaintext)+gcm.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := gcm.Seal(nonce, nonce, []byte(plaintext), []byte(aad))
	return v.encID + ":" + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// Decrypt opens a value sealed by Encrypt with any version of the ring.
func (k *Keyring) Decrypt(sealed, aad string) (string, error) {
	id, b64, ok := strings.Cut(sealed, ":")
	gcm, known := k.aeads[id]
	if !ok || !known {
		return "", fmt.Errorf("identity: ciphertext names key %q, which the key file does not hold", id)
	}
	raw, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil || len(raw) < gcm.NonceSize() {
		return "", errors.New("identity: ciphertext is damaged")
	}
	out, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(aad))
	if err != nil {
		return "", errors.New("identity: ciphertext does not open with its key: damaged or wrong key file")
	}
	return string(out), nil
}

// CiphertextVersion is the version of the secret a ciphertext was sealed
// with, read from its key ID: "v3:…" is version 3, a legacy "k1:…" version 0.
func CiphertextVersion(sealed string) (int, bool) {
	id, _, ok := strings.Cut(sealed, ":")
	switch {
	case !ok || id == "":
		return 0, false
	case id[0] == 'k':
		return LegacyVersion, true
	case id[0] == 'v':
		n, err := strconv.Atoi(id[1:])
		return n, err == nil && n > 0
	}
	return 0, false
}

// Index is the blind index of a normalised value under the active version:
// HMAC-SHA256, hex. kind separates namespaces ("id_number", "bank_card") so
// equal digits in different fields never match.
func (k *Keyring) Index(kind, normalised string) string { return k.active.blindIndex(kind, normalised) }

// IndexAt is the blind index under version n (which the keyring must hold):
// a rotation recomputes every index under the new version.
func (k *Keyring) IndexAt(n int, kind, normalised string) string {
	return k.versions[n].blindIndex(kind, normalised)
}

func (v *secretVersion) blindIndex(kind, normalised string) string {
	// HMAC states are reused: a payroll of a million lines computes two
	// indexes per line.
	m := v.macs.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(normalised))
	var sum [sha256.Size]byte
	out := hex.EncodeToString(m.Sum(sum[:0]))
	v.macs.Put(m)
	return out
}

// WithNewVersion returns a copy of the keyring holding also a fresh secret,
// one version above the newest it holds or above, whichever is higher: the
// start of a rotation. The copy's active version stays the current one.
func (k *Keyring) WithNewVersion(above int) (*Keyring, int, error) {
	n := max(k.Newest(), above) + 1
	secrets := k.secrets()
	secrets[n] = randomKey()
	out, err := newKeyring(secrets, k.legacyIndex(), k.legacy)
	if err != nil {
		return nil, 0, err
	}
	return out, n, out.Use(k.active.n)
}

// Only returns a copy holding version n alone: the end of a rotation.
func (k *Keyring) Only(n int) (*Keyring, error) {
	v := k.versions[n]
	if v == nil {
		return nil, fmt.Errorf("identity: the key file holds no version %d", n)
	}
	if n == LegacyVersion {
		return newKeyring(nil, v.index, k.legacy)
	}
	return newKeyring(map[int][]byte{n: v.secret}, nil, nil)
}

func (k *Keyring) secrets() map[int][]byte {
	out := map[int][]byte{}
	for n, v := range k.versions {
		if v.secret != nil {
			out[n] = v.secret
		}
	}
	return out
}

func (k *Keyring) legacyIndex() []byte {
	if v := k.versions[LegacyVersion]; v != nil {
		return v.index
	}
	return nil
}

// KeyID is the key ID version n's ciphertexts carry ("v<N>"; a legacy
// file's newest "k<N>"), "" when the keyring does not hold n.
func (k *Keyring) KeyID(n int) string {
	if v := k.versions[n]; v != nil {
		return v.encID
	}
	return ""
}

// AuditKey is version n's key of the audit trail (PurposeAudit), from which
// the trail derives a key per use (ledger.NewAuditKeys).
func (k *Keyring) AuditKey(n int) ([]byte, bool) { return k.KeyAt(PurposeAudit, n) }
