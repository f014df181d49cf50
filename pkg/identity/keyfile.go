package identity

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/wageguard/wageguard/ledger"
)

// The key file is text: comment lines, then one line per version of the
// secret, "secret <version> <32 random bytes in base64>". It holds one
// version, or two while a rotation runs (the old one until every record has
// moved to the new one). A file written before versions existed has an
// "index <base64>" line and "k1 <base64>", "k2 …" lines instead; it is read
// as version 0, and `wageguard keys rotate-secret` moves its data to a
// versioned secret.

// ErrNoKeyFile is returned by Load when the file does not exist.
var ErrNoKeyFile = errors.New("identity: no secret key file")

// Marshal writes the key file.
func (k *Keyring) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# wageguard secret key. Keep this file private (mode 0600) and backed up: without it no\n")
	b.WriteString("# identity number, bank card or phone in the database can be read, and nobody can be found\n")
	b.WriteString("# by identity number. The database records each version's check value and refuses any other\n")
	b.WriteString("# file. Never edit it by hand; rotate with `wageguard keys rotate-secret`.\n")
	if v := k.versions[LegacyVersion]; v != nil {
		fmt.Fprintf(&b, "index %s\n", base64.StdEncoding.EncodeToString(v.index))
		for _, l := range k.legacy {
			fmt.Fprintf(&b, "%s %s\n", l.id, base64.StdEncoding.EncodeToString(l.key))
		}
	}
	for _, n := range k.Versions() {
		if v := k.versions[n]; v.secret != nil {
			fmt.Fprintf(&b, "secret %d %s\n", n, base64.StdEncoding.EncodeToString(v.secret))
		}
	}
	return b.Bytes()
}

// Parse reads a key file.
func Parse(data []byte) (*Keyring, error) {
	secrets := map[int][]byte{}
	var legacyIndex []byte
	var legacy []legacyKey
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		fields := strings.Fields(t)
		id := fields[0]
		if id == "secret" && len(fields) == 3 {
			id += " " + fields[1]
		}
		if seen[id] {
			return nil, ledger.Errorf(ledger.EInvalid, "line %d of the key file gives %q twice", line, id)
		}
		seen[id] = true
		key, err := base64.StdEncoding.DecodeString(fields[len(fields)-1])
		if err != nil || len(key) != 32 || len(fields) > 3 || len(fields) < 2 {
			return nil, ledger.Errorf(ledger.EInvalid, "line %d of the key file is not \"secret <version> <32 bytes in base64>\": it is damaged, or not a wageguard key file", line)
		}
		switch {
		case fields[0] == "secret" && len(fields) == 3:
			n, err := strconv.Atoi(fields[1])
			if err != nil || n < 1 {
				return nil, ledger.Errorf(ledger.EInvalid, "line %d of the key file: version %q is not a number from 1", line, fields[1])
			}
			secrets[n] = key
		case len(fields) == 3:
			return nil, ledger.Errorf(ledger.EInvalid, "line %d of the key file is not \"secret <version> <32 bytes in base64>\": it is damaged, or not a wageguard key file", line)
		case id == "index":
			legacyIndex = key
		case strings.ContainsAny(id, ":") || !strings.HasPrefix(id, "k"):
			return nil, ledger.Errorf(ledger.EInvalid, "line %d of the key file names an unknown key %q", line, id)
		default:
			legacy = append(legacy, legacyKey{id: id, key: key})
		}
	}
	return newKeyring(secrets, legacyIndex, legacy)
}

// Load reads the key file at path, refusing one that other users can read.
// A missing file is ErrNoKeyFile.
func Load(path string) (*Keyring, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s does not exist", ErrNoKeyFile, path)
	}
	if err != nil {
		return nil, ledger.Errorf(ledger.EInvalid, "the secret key file %s cannot be read: %s", path, fileProblem(err))
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		return nil, ledger.Errorf(ledger.EConflict, "the secret key file %s can be read by other users (mode %o): chmod 600 it", path, st.Mode().Perm())
	}
	k, err := Parse(data)
	var le *ledger.Error
	if errors.As(err, &le) {
		return nil, ledger.Errorf(le.Code, "the secret key file %s: %s", path, le.Msg())
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// LoadOrCreate reads the key file at path. When it is absent and create is
// true (embedded mode) a new one is written with mode 0600; when absent and
// create is false (PostgreSQL) it says why it stops. Whether a key file
// belongs to a database is for Reconcile to say.
func LoadOrCreate(path string, create bool) (*Keyring, bool, error) {
	if path == "" {
		return nil, false, ledger.Errorf(ledger.EConflict, "a secret key file is required with PostgreSQL: set --secret-key-file or WAGEGUARD_SECRET_KEY_FILE "+
			"to the file this database was made with (for a new database, create one with `wageguard keys init-secret FILE`, "+
			"keep it private and back it up: identity numbers cannot be read without it)")
	}
	k, err := Load(path)
	if errors.Is(err, ErrNoKeyFile) {
		if !create {
			return nil, false, ledger.Errorf(ledger.EConflict, "the secret key file %s does not exist. If this database has been used before, restore the file "+
				"it was made with from your backup: a new key cannot read its data. Only for a new database, create one with "+
				"`wageguard keys init-secret %s` and share it with every instance", path, path)
		}
		k, err := Create(path)
		return k, err == nil, err
	}
	return k, false, err
}

// Create writes a new key file with mode 0600, refusing to overwrite one.
func Create(path string) (*Keyring, error) {
	k, err := Generate()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, ledger.Errorf(ledger.EInvalid, "the secret key file %s cannot be created: %s", path, fileProblem(err))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, ledger.Errorf(ledger.EInvalid, "the secret key file %s cannot be created: %s", path, fileProblem(err))
	}
	if _, err := f.Write(k.Marshal()); err != nil {
		f.Close()
		return nil, ledger.Errorf(ledger.EInvalid, "the secret key file %s cannot be written: %s", path, fileProblem(err))
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, ledger.Errorf(ledger.EInvalid, "the secret key file %s cannot be written: %s", path, fileProblem(err))
	}
	return k, f.Close()
}

// Replace writes k over the key file at path atomically: a new file beside
// it (mode 0600), synced, then renamed over the old, so a crash leaves either
// the old file or the new one, never half of either.
func Replace(path string, k *Keyring) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".wageguard-key-*")
	if err != nil {
		return fmt.Errorf("identity: unable to write key file: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if err := tmp.Chmod(0o600); err == nil {
		if _, err = tmp.Write(k.Marshal()); err == nil {
			err = tmp.Sync()
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("identity: unable to write key file %s: %w", path, err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // the rename itself survives a crash once the directory is synced
		d.Close()
	}
	return nil
}

// fileProblem says in words why a file cannot be read or written (the system's own
// error is English and names system calls).
func fileProblem(err error) ledger.Msg {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return ledger.M("this user may not read it")
	case errors.Is(err, syscall.EISDIR):
		return ledger.M("it is a directory")
	case errors.Is(err, fs.ErrExist):
		return ledger.M("a file of that name exists already: it is never overwritten")
	case errors.Is(err, syscall.ENOSPC):
		return ledger.M("the disk is full")
	case errors.Is(err, fs.ErrNotExist):
		return ledger.M("its directory does not exist")
	}
	return ledger.M("the system cannot read it")
}
