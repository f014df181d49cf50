package identity

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEncryptRoundTripAndRotation(t *testing.T) {
	k, _ := Generate()
	sealed, err := k.Encrypt("11010519491231002X", "id_number")
	if err != nil || !strings.HasPrefix(sealed, "v1:") || strings.Contains(sealed, "11010519491231002X") {
		t.Fatalf("sealed = %q, %v", sealed, err)
	}
	if again, _ := k.Encrypt("11010519491231002X", "id_number"); again == sealed {
		t.Fatal("two encryptions of one value are equal: the nonce is not random")
	}
	if got, err := k.Decrypt(sealed, "id_number"); err != nil || got != "11010519491231002X" {
		t.Fatalf("decrypt = %q, %v", got, err)
	}
	if _, err := k.Decrypt(sealed, "bank_card"); err == nil {
		t.Fatal("a ciphertext opened under another use")
	}
	// Rotate: a second version; old ciphertexts still open, new ones use it
	// once it is made active, and its blind index differs (a rotation
	// recomputes them).
	rotated, n, err := k.WithNewVersion(0)
	if err != nil || n != 2 || rotated.Active() != 1 {
		t.Fatalf("WithNewVersion: %d, active %d, %v", n, rotated.Active(), err)
	}
	reread, err := Parse(rotated.Marshal())
	if err != nil || reread.Newest() != 2 {
		t.Fatalf("the rotated file does not read back: %v", err)
	}
	if got, err := reread.Decrypt(sealed, "id_number"); err != nil || got != "11010519491231002X" {
		t.Fatalf("after rotation: %q, %v", got, err)
	}
	s2, _ := reread.Encrypt("x", "id_number")
	if v, _ := CiphertextVersion(s2); v != 2 || !strings.HasPrefix(s2, "v2:") {
		t.Fatalf("rotated ring encrypts with %q", s2[:3])
	}
	if reread.IndexAt(1, "id_number", "1") != k.Index("id_number", "1") || reread.Index("id_number", "1") == k.Index("id_number", "1") {
		t.Fatal("version 1's index changed, or version 2 indexes like version 1")
	}
	if k.Index("id_number", "1") == k.Index("bank_card", "1") {
		t.Fatal("index namespaces collide")
	}
	only, err := reread.Only(2)
	if err != nil || only.Has(1) || !only.Has(2) {
		t.Fatalf("Only(2): %v", err)
	}
	if _, err := only.Decrypt(sealed, "id_number"); err == nil {
		t.Fatal("a keyring without version 1 opened a version 1 ciphertext")
	}
	// Every purpose has its own key, and none is the blind-index key.
	_, enc := k.Key(PurposeEncryption)
	_, audit := k.Key(PurposeAudit)
	idx, _ := k.KeyAt(PurposeBlindIndex, 1)
	if bytes.Equal(enc, audit) || bytes.Equal(audit, idx) || len(audit) != 32 {
		t.Fatal("purpose keys are not separate")
	}
	c1, _ := k.CheckValue(1)
	c2, _ := reread.CheckValue(2)
	if len(c1) != 32 || c1 == c2 || strings.Contains(base64.StdEncoding.EncodeToString(k.versions[1].secret), c1) {
		t.Fatalf("check values %q %q", c1, c2)
	}
}

// A key file written before versions existed ("index" and "k<N>" lines)
// still reads: as version 0, whose index does not change when a "k2" is
// appended, and whose ciphertexts stay "k<N>:…".
func TestLegacyKeyFile(t *testing.T) {
	b64 := func(b byte) string { return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, 32)) }
	legacy := "# old\nindex " + b64(1) + "\nk1 " + b64(2) + "\n"
	k, err := Parse([]byte(legacy))
	if err != nil || k.Newest() != LegacyVersion {
		t.Fatalf("legacy file: %v", err)
	}
	sealed, _ := k.Encrypt("11010519491231002X", "id_number")
	if v, ok := CiphertextVersion(sealed); !strings.HasPrefix(sealed, "k1:") || !ok || v != LegacyVersion {
		t.Fatalf("legacy sealed %q", sealed)
	}
	rotated, err := Parse([]byte(legacy + "k2 " + b64(7) + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Decrypt(sealed, "id_number"); err != nil || got != "11010519491231002X" {
		t.Fatalf("after appending k2: %q, %v", got, err)
	}
	if s2, _ := rotated.Encrypt("x", "id_number"); !strings.HasPrefix(s2, "k2:") {
		t.Fatalf("legacy ring encrypts with %q", s2[:3])
	}
	if rotated.Index("id_number", "1") != k.Index("id_number", "1") {
		t.Fatal("appending k2 changed the blind index")
	}
	// Moving it to a versioned secret keeps version 0 readable meanwhile.
	moved, n, err := rotated.WithNewVersion(0)
	if err != nil || n != 1 {
		t.Fatal(n, err)
	}
	back, err := Parse(moved.Marshal())
	if err != nil || !back.Has(LegacyVersion) || !back.Has(1) {
		t.Fatalf("legacy + versioned file: %v", err)
	}
	if got, err := back.Decrypt(sealed, "id_number"); err != nil || got != "11010519491231002X" {
		t.Fatalf("legacy ciphertext after adding version 1: %v", err)
	}
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "wageguard.key")
	if _, _, err := LoadOrCreate(path, false); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing file with create=false: %v", err)
	}
	if _, _, err := LoadOrCreate("", false); err == nil || !strings.Contains(err.Error(), "secret key file is required") {
		t.Fatalf("no path: %v", err)
	}
	k1, created, err := LoadOrCreate(path, true)
	if err != nil || !created {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %o", st.Mode().Perm())
	}
	k2, created, err := LoadOrCreate(path, true)
	if err != nil || created || k2.Index("a", "b") != k1.Index("a", "b") {
		t.Fatalf("reload: %v %v", created, err)
	}
	rotated, _, _ := k2.WithNewVersion(0)
	if err := Replace(path, rotated); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("replaced key file mode %o", st.Mode().Perm())
	}
	if k3, err := Load(path); err != nil || !k3.Has(1) || !k3.Has(2) {
		t.Fatalf("replaced file: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("Replace left files behind: %v", entries)
	}
	os.Chmod(path, 0o644)
	if _, _, err := LoadOrCreate(path, true); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable key file accepted: %v", err)
	}
	for _, bad := range []string{"", "index abc\n", "k1 " + strings.Repeat("A", 44) + "\n", "secret 0 " + strings.Repeat("A", 44) + "\n",
		"secret 1 " + strings.Repeat("A", 44) + "\nsecret 1 " + strings.Repeat("B", 44) + "\n", "other " + strings.Repeat("A", 44) + "\n"} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestMasks(t *testing.T) {
	if got := MaskID("11010519491231002X"); got != "1101**********002X" {
		t.Errorf("MaskID = %s", got)
	}
	if got := MaskCard("6222021234561234"); got != "6222 **** **** 1234" {
		t.Errorf("MaskCard = %s", got)
	}
	if got := MaskCard("123"); got != "***" {
		t.Errorf("MaskCard = %s", got)
	}
	if got := MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("MaskPhone = %s", got)
	}
	if got := MaskPhone("1381234"); got != "*******" {
		t.Errorf("MaskPhone = %s", got)
	}
}
