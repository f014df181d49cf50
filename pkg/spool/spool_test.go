package spool

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRoundTripAndNothingInClear(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "spool"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(d.Path()); fi.Mode().Perm() != 0o700 {
		t.Errorf("spool directory mode %v, want 0700", fi.Mode().Perm())
	}
	line := "张伟,110105198503120039,6222021000000000017\n"
	for _, size := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 17} {
		want := []byte(strings.Repeat(line, size/len(line)+1)[:size])
		f, err := d.Create()
		if err != nil {
			t.Fatal(err)
		}
		for p := want; len(p) > 0; {
			k := min(len(p), 1000)
			f.Write(p[:k])
			p = p[k:]
		}
		for i := 0; i < 2; i++ { // read twice, from the start each time
			r, err := f.Reader()
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("size %d: read %d bytes, %v", size, len(got), err)
			}
		}
		disk, _ := os.ReadFile(f.Name())
		if size > 0 && (bytes.Contains(disk, []byte("110105198503120039")) || bytes.Contains(disk, []byte("6222021000000000017"))) {
			t.Errorf("size %d: an identity or card number is on disk in clear", size)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(f.Name()); !os.IsNotExist(err) {
			t.Errorf("closed spool file still there: %v", err)
		}
	}
}

// A spool file changed on disk, or cut short, fails to read.
func TestTamperingDetected(t *testing.T) {
	d, _ := Open(t.TempDir())
	for name, damage := range map[string]func(path string){
		"a flipped byte": func(p string) { b, _ := os.ReadFile(p); b[10] ^= 1; os.WriteFile(p, b, 0o600) },
		"cut short":      func(p string) { os.Truncate(p, chunkSize+16) },
	} {
		f, _ := d.Create()
		f.Write(bytes.Repeat([]byte("x"), 2*chunkSize+5))
		f.End()
		damage(f.Name())
		r, _ := f.Reader()
		if _, err := io.ReadAll(r); err == nil {
			t.Errorf("%s: read without error", name)
		}
		f.Close()
	}
}

// A start removes what a process that died left (its spool files), and
// nothing else.
func TestRemoveLeftovers(t *testing.T) {
	d, _ := Open(t.TempDir())
	f, _ := d.Create()
	f.Write([]byte("110105198503120039"))
	f.End() // the process "dies" here: the file stays
	os.WriteFile(filepath.Join(d.Path(), "operator-notes.txt"), []byte("keep"), 0o600)
	n, err := d.RemoveLeftovers()
	if err != nil || n != 1 {
		t.Fatalf("removed %d: %v", n, err)
	}
	left, _ := os.ReadDir(d.Path())
	if len(left) != 1 || left[0].Name() != "operator-notes.txt" {
		t.Errorf("left %v", left)
	}
}
