// Package identity protects identity numbers and bank card numbers: AES-256-GCM
// encryption at rest with the key ID stored beside each ciphertext (so keys can
// rotate), an HMAC-SHA256 blind index for exact lookups, and masking for
// display. Nothing here logs or returns a number in the clear except Decrypt.
package identity

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"
)

// Keyring holds the blind-index key and the encryption keys. The newest
// encryption key (the last in the file) encrypts; every key decrypts what it
// encrypted. The index key never rotates: changing it would orphan every index.
type Keyring struct {
	indexKey []byte
	keys     map[string][]byte
	current  string
	// macs reuses HMAC states: a payroll of a million lines computes two
	// indexes per line.
	macs sync.Pool
}

// Generate returns a new keyring with a fresh index key and encryption key "k1".
func Generate() (*Keyring, error) {
	k := &Keyring{keys: map[string][]byte{}}
	k.indexKey = randomKey()
	k.keys["k1"] = randomKey()
	k.current = "k1"
	return k, nil
}

func randomKey() []byte {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("identity: no randomness: " + err.Error())
	}
	return b
}

// Marshal writes the key file: comment lines, "index <base64>", then one
// "<key id> <base64>" line per encryption key, the newest last.
func (k *Keyring) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# wageguard secret keys. Keep this file private (mode 0600) and backed up:\n")
	b.WriteString("# without it no identity number or bank card in the database can be read.\n")
	b.WriteString("# To rotate, append a new line \"k<N> <32 random bytes, base64>\"; old keys stay to decrypt.\n")
	fmt.Fprintf(&b, "index %s\n", base64.StdEncoding.EncodeToString(k.indexKey))
	for _, id := range k.order() {
		fmt.Fprintf(&b, "%s %s\n", id, base64.StdEncoding.EncodeToString(k.keys[id]))
	}
	return b.Bytes()
}

func (k *Keyring) order() []string {
	// Keys are named k1, k2, …; the current one goes last.
	var ids []string
	for id := range k.keys {
		if id != k.current {
			ids = append(ids, id)
		}
	}
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			if ids[j] < ids[i] {
				ids[i], ids[j] = ids[j], ids[i]
			}
		}
	}
	return append(ids, k.current)
}

// Parse reads a key file.
func Parse(data []byte) (*Keyring, error) {
	k := &Keyring{keys: map[string][]byte{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		id, val, ok := strings.Cut(t, " ")
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(val))
		if !ok || err != nil || len(key) != 32 {
			return nil, fmt.Errorf("identity: key file line %d is not \"<id> <32 bytes in base64>\"", line)
		}
		if id == "index" {
			k.indexKey = key
			continue
		}
		if strings.ContainsAny(id, ":") {
			return nil, fmt.Errorf("identity: key file line %d: key id %q may not contain ':'", line, id)
		}
		if _, dup := k.keys[id]; dup {
			return nil, fmt.Errorf("identity: key file line %d: key id %q appears twice", line, id)
		}
		k.keys[id] = key
		k.current = id
	}
	if k.indexKey == nil {
		return nil, errors.New("identity: key file has no \"index\" line")
	}
	if k.current == "" {
		return nil, errors.New("identity: key file has no encryption key")
	}
	return k, nil
}

// LoadOrCreate reads the key file at path. When it is absent and create is
// true (embedded mode) a new one is written with mode 0600; when absent and
// create is false (PostgreSQL) start-up stops with a message saying why.
func LoadOrCreate(path string, create bool) (*Keyring, bool, error) {
	if path == "" {
		return nil, false, errors.New("a secret key file is required with PostgreSQL: set --secret-key-file or WAGEGUARD_SECRET_KEY_FILE " +
			"(create one with `wageguard keys init-secret FILE`, keep it private and back it up: identity numbers cannot be read without it)")
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, false, fmt.Errorf("the secret key file %s does not exist; with PostgreSQL it must be created beforehand "+
				"(`wageguard keys init-secret %s`) and shared by every instance", path, path)
		}
		k, err := Create(path)
		return k, true, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("identity: unable to read key file: %w", err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		return nil, false, fmt.Errorf("the secret key file %s can be read by other users (mode %o): chmod 600 it", path, st.Mode().Perm())
	}
	k, err := Parse(data)
	return k, false, err
}

// Create writes a new key file with mode 0600, refusing to overwrite one.
func Create(path string) (*Keyring, error) {
	k, err := Generate()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("identity: unable to create key file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("identity: unable to create key file: %w", err)
	}
	if _, err := f.Write(k.Marshal()); err != nil {
		f.Close()
		return nil, fmt.Errorf("identity: unable to write key file: %w", err)
	}
	return k, f.Close()
}

// Encrypt seals plaintext with the current key: "<key id>:<base64(nonce|ciphertext)>".
// aad binds the ciphertext to its use (e.g. "id_number"), so a card number's
// ciphertext cannot be passed off as an identity number.
func (k *Keyring) Encrypt(plaintext, aad string) (string, error) {
	gcm, err := newGCM(k.keys[k.current])
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := gcm.Seal(nonce, nonce, []byte(plaintext), []byte(aad))
	return k.current + ":" + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// Decrypt opens a value sealed by Encrypt with any key of the ring.
func (k *Keyring) Decrypt(sealed, aad string) (string, error) {
	id, b64, ok := strings.Cut(sealed, ":")
	key, known := k.keys[id]
	if !ok || !known {
		return "", fmt.Errorf("identity: ciphertext names key %q, which the key file does not hold", id)
	}
	raw, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil {
		return "", errors.New("identity: ciphertext is damaged")
	}
	gcm, err := newGCM(key)
	if err != nil {
		return "", err
	}
	if len(raw) < gcm.NonceSize() {
		return "", errors.New("identity: ciphertext is damaged")
	}
	out, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(aad))
	if err != nil {
		return "", errors.New("identity: ciphertext does not open with its key: damaged or wrong key file")
	}
	return string(out), nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Index is the blind index of a normalised value: HMAC-SHA256 under the index
// key, hex. kind separates namespaces ("id_number", "bank_card") so equal
// digits in different fields never match.
func (k *Keyring) Index(kind, normalised string) string {
	m, ok := k.macs.Get().(hash.Hash)
	if !ok {
		m = hmac.New(sha256.New, k.indexKey)
	}
	m.Reset()
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(normalised))
	var sum [sha256.Size]byte
	out := hex.EncodeToString(m.Sum(sum[:0]))
	k.macs.Put(m)
	return out
}

// MaskID shows the first 4 and last 4 characters of an identity number:
// 11010519491231002X → 1101**********002X.
func MaskID(id string) string {
	n := utf8.RuneCountInString(id)
	if n <= 8 {
		return strings.Repeat("*", n)
	}
	r := []rune(id)
	return string(r[:4]) + strings.Repeat("*", n-8) + string(r[n-4:])
}

// MaskCard shows the first 4 and last 4 digits of a card in groups:
// 6222021234567890123 → 6222 **** **** 0123.
func MaskCard(card string) string {
	if len(card) <= 8 {
		return strings.Repeat("*", len(card))
	}
	return card[:4] + " **** **** " + card[len(card)-4:]
}
