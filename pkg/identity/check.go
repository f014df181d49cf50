package identity

import (
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// KeyState is what a database says of one version of its secret.
type KeyState string

// The states of a version, in the order a version goes through them.
const (
	KeyRotatingTo KeyState = "rotating" // a rotation is moving every record to it
	KeyCurrent    KeyState = "current"  // it encrypts and indexes
	KeyRetired    KeyState = "retired"  // no record uses it any more
)

// RecordedKey is one version of the secret as a database records it: its
// check value, never the key.
type RecordedKey struct {
	Version    int
	CheckValue string
	State      KeyState
}

// DatabaseKeys is what a database says about the key it was made with.
type DatabaseKeys struct {
	Recorded []RecordedKey
	// Sample is one identity number's ciphertext ("" when the database holds
	// none): a database from before check values were recorded is judged by
	// whether the key file opens it.
	Sample string
}

// SampleAAD is the use a DatabaseKeys.Sample was sealed for.
const SampleAAD = "id_number"

// Verdict is what Reconcile decided a key file may do with a database.
type Verdict struct {
	// NoKey: there is no key file and the database holds nothing encrypted
	// and records no key, so a new key may be made (or none used).
	NoKey bool
	// Current is the version that encrypts and indexes.
	Current int
	// RotatingTo is the version an unfinished rotation moves records to;
	// Rotating says whether there is one.
	RotatingTo int
	Rotating   bool
	// Record is the check value to record on the key's first use, or nil.
	Record *RecordedKey
}

// Reconcile decides whether ring (nil when the key file is missing) is the
// key of the database described by db. It refuses, saying what happened and
// how to restore the key, a file whose check values differ from those the
// database recorded, a file that does not open the database's data, and a
// missing file for a database that holds encrypted data or records a key.
// path names the file in those messages.
func Reconcile(db DatabaseKeys, ring *Keyring, path string) (Verdict, error) {
	current, rotating := recordedCurrent(db.Recorded)
	if ring == nil {
		switch {
		case current != nil:
			return Verdict{}, missingKey(path, ledger.M("this database was first used with key version %d (check value %s)", current.Version, current.CheckValue))
		case db.Sample != "":
			return Verdict{}, missingKey(path, ledger.M("this database holds encrypted identity numbers and bank cards"))
		}
		return Verdict{NoKey: true}, nil
	}
	if current == nil && len(db.Recorded) > 0 {
		return Verdict{}, ledger.Errorf(ledger.EConflict, "the database records key versions but none is current: its secret_keys table was edited by hand; restore it from a backup")
	}
	if current == nil {
		return firstUse(db.Sample, ring, path)
	}
	for _, r := range []*RecordedKey{current, rotating} {
		if r == nil {
			continue
		}
		got, held := ring.CheckValue(r.Version)
		if !held && r == rotating {
			return Verdict{}, ledger.Errorf(ledger.EConflict, "the database is being rotated to key version %d (check value %s), which the secret key file %s does not hold (it holds %s): "+
				"run `wageguard keys rotate-secret` with this file, which finishes the rotation, or forgets it if it stopped before writing the new version to the file; "+
				"if the file was replaced since, restore the one the rotation wrote from your backup", r.Version, r.CheckValue, path, versionList(ring))
		}
		if !held {
			return Verdict{}, wrongKey(path, ledger.M("the database uses key version %d (check value %s), which the file does not hold (it holds %s)",
				r.Version, r.CheckValue, versionList(ring)))
		}
		if got != r.CheckValue {
			return Verdict{}, wrongKey(path, ledger.M("the database recorded key version %d with check value %s, the file's version %d has check value %s",
				r.Version, r.CheckValue, r.Version, got))
		}
	}
	v := Verdict{Current: current.Version}
	if rotating != nil {
		v.RotatingTo, v.Rotating = rotating.Version, true
	}
	return v, nil
}

// firstUse judges a key file against a database that has recorded no check
// value yet: a new database takes the file's newest version; one made before
// check values existed takes the version its data was sealed with, provided
// the file opens that data.
func firstUse(sample string, ring *Keyring, path string) (Verdict, error) {
	version := ring.Newest()
	if sample != "" {
		n, ok := CiphertextVersion(sample)
		if !ok {
			return Verdict{}, ledger.Errorf(ledger.EConflict, "the database holds an identity number whose ciphertext is damaged: restore the database from a backup")
		}
		if !ring.Has(n) {
			return Verdict{}, wrongKey(path, ledger.M("the database's identity numbers are sealed with key version %d, which the file does not hold (it holds %s)", n, versionList(ring)))
		}
		if _, err := ring.Decrypt(sample, SampleAAD); err != nil {
			return Verdict{}, wrongKey(path, ledger.M("the file does not open the identity numbers the database holds"))
		}
		version = n
	}
	check, _ := ring.CheckValue(version)
	return Verdict{Current: version, Record: &RecordedKey{Version: version, CheckValue: check, State: KeyCurrent}}, nil
}

func recordedCurrent(rs []RecordedKey) (current, rotating *RecordedKey) {
	for i := range rs {
		switch rs[i].State {
		case KeyCurrent:
			current = &rs[i]
		case KeyRotatingTo:
			rotating = &rs[i]
		}
	}
	return current, rotating
}

func versionList(ring *Keyring) string {
	var parts []string
	for _, n := range ring.Versions() {
		c, _ := ring.CheckValue(n)
		parts = append(parts, fmt.Sprintf("version %d, check value %s", n, c))
	}
	return strings.Join(parts, "; ")
}

func wrongKey(path string, what ledger.Msg) error {
	return ledger.Errorf(ledger.EConflict, "the secret key file %s is not the key of this database: %s. "+
		"Using it would leave every identity number, bank card and phone unreadable and let the same person be registered twice, so wageguard stopped without changing anything. "+
		"Restore the key file this database was made with from your backup (`wageguard keys check FILE` prints a file's check values) "+
		"and point --secret-key-file (WAGEGUARD_SECRET_KEY_FILE) at it", path, what)
}

func missingKey(path string, what ledger.Msg) error {
	return ledger.Errorf(ledger.EConflict, "the secret key file %s is missing, but %s. "+
		"A new key could not read the identity numbers, bank cards and phones the database holds and would let the same person be registered twice, "+
		"so wageguard stopped without making one or changing anything. "+
		"Restore the key file from your backup to %s, or point --secret-key-file (WAGEGUARD_SECRET_KEY_FILE) at it; "+
		"do not run `wageguard keys init-secret` for this database", path, what, path)
}
