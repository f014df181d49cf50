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
	if err != nil || !strings.HasPrefix(sealed, "k1:") || strings.Contains(sealed, "11010519491231002X") {
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
	// Rotate: append k2; old ciphertexts still open, new ones use k2.
	rotated, err := Parse(append(k.Marshal(), []byte("k2 "+base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))+"\n")...))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Decrypt(sealed, "id_number"); err != nil || got != "11010519491231002X" {
		t.Fatalf("after rotation: %q, %v", got, err)
	}
	s2, _ := rotated.Encrypt("x", "id_number")
	if !strings.HasPrefix(s2, "k2:") {
		t.Fatalf("rotated ring encrypts with %q", s2[:3])
	}
	if rotated.Index("id_number", "1") != k.Index("id_number", "1") {
		t.Fatal("rotation changed the blind index")
	}
	if k.Index("id_number", "1") == k.Index("bank_card", "1") {
		t.Fatal("index namespaces collide")
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
	os.Chmod(path, 0o644)
	if _, _, err := LoadOrCreate(path, true); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable key file accepted: %v", err)
	}
	for _, bad := range []string{"", "index abc\n", "k1 " + strings.Repeat("A", 44) + "\n"} {
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
		t.Errorf("MaskCard short = %s", got)
	}
}
