package identity

import (
	"strings"
	"testing"
)

func TestReconcile(t *testing.T) {
	mine, _ := Generate()
	other, _ := Generate()
	myCheck, _ := mine.CheckValue(1)
	sample, _ := mine.Encrypt("11010519491231002X", SampleAAD)
	recorded := []RecordedKey{{Version: 1, CheckValue: myCheck, State: KeyCurrent}}
	rotating, n, _ := mine.WithNewVersion(0)
	rotCheck, _ := rotating.CheckValue(n)
	cases := []struct {
		name    string
		db      DatabaseKeys
		ring    *Keyring
		want    Verdict
		wantErr string
	}{
		{"new database, no key file", DatabaseKeys{}, nil, Verdict{NoKey: true}, ""},
		{"new database, first use records the check value", DatabaseKeys{}, mine, Verdict{Current: 1, Record: &RecordedKey{1, myCheck, KeyCurrent}}, ""},
		{"the recorded key", DatabaseKeys{Recorded: recorded, Sample: sample}, mine, Verdict{Current: 1}, ""},
		{"another key", DatabaseKeys{Recorded: recorded, Sample: sample}, other, Verdict{}, "check value " + myCheck},
		{"missing key, data present", DatabaseKeys{Recorded: recorded, Sample: sample}, nil, Verdict{}, "is missing, but this database was first used with key version 1"},
		{"missing key, no check value yet but data", DatabaseKeys{Sample: sample}, nil, Verdict{}, "holds encrypted identity numbers"},
		{"data from before check values, the right key", DatabaseKeys{Sample: sample}, mine, Verdict{Current: 1, Record: &RecordedKey{1, myCheck, KeyCurrent}}, ""},
		{"data from before check values, another key", DatabaseKeys{Sample: sample}, other, Verdict{}, "does not open the identity numbers"},
		{"rotation unfinished, file holds both", DatabaseKeys{Recorded: append(recorded, RecordedKey{n, rotCheck, KeyRotatingTo})}, rotating,
			Verdict{Current: 1, RotatingTo: n, Rotating: true}, ""},
		{"rotation unfinished, file holds the old one only", DatabaseKeys{Recorded: append(recorded, RecordedKey{n, rotCheck, KeyRotatingTo})}, mine,
			Verdict{}, "being rotated to key version 2 (check value " + rotCheck + "), which the secret key file /etc/wg.key does not hold"},
		{"retired versions are not needed", DatabaseKeys{Recorded: []RecordedKey{{0, "x", KeyRetired}, {1, myCheck, KeyCurrent}}}, mine, Verdict{Current: 1}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Reconcile(c.db, c.ring, "/etc/wg.key")
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || !strings.Contains(err.Error(), "/etc/wg.key") || !strings.Contains(err.Error(), "backup") {
					t.Fatalf("err = %v, want one containing %q, the path and how to restore", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.NoKey != c.want.NoKey || got.Current != c.want.Current || got.Rotating != c.want.Rotating || got.RotatingTo != c.want.RotatingTo ||
				(got.Record == nil) != (c.want.Record == nil) || (got.Record != nil && *got.Record != *c.want.Record) {
				t.Fatalf("verdict = %+v (record %v), want %+v", got, got.Record, c.want)
			}
		})
	}
}
