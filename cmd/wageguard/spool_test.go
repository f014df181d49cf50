package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/wageguard/wageguard/pkg/config"
)

// Issue 16, item 4: what a killed process left in the spool directory is
// removed when serve starts, and the directory is private; by default it
// sits beside the SQLite file.
func TestServeRemovesSpoolLeftovers(t *testing.T) {
	base := t.TempDir()
	cfg := config.Default()
	cfg.DatabaseURL = "sqlite://" + filepath.Join(base, "wageguard.db")
	dir := cfg.SpoolPath()
	if dir != filepath.Join(base, "wageguard-spool") {
		t.Fatalf("default spool %s", dir)
	}
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "upload-123"), []byte("left by kill -9"), 0o600)
	d, err := openSpool(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(d.Path()); len(left) != 0 {
		t.Errorf("leftovers not removed: %v", left)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("spool directory mode %v, want 0700", fi.Mode().Perm())
	}
}
