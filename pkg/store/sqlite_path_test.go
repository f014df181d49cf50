package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
)

// A SQLite file is opened at exactly the path given, even when the path holds
// characters that mean something in a file: URI ('#', '%'); a '?' starts
// the URL's own query.
func TestSQLiteOpensTheFileNamed(t *testing.T) {
	for _, name := range []string{"plain", "run#01", "100%25 sure", "a b"} {
		dir := filepath.Join(t.TempDir(), name)
		path := filepath.Join(dir, "wageguard.db")
		db, err := store.Open(context.Background(), "sqlite://"+path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: the database is not at the path given: %v", name, err)
		}
		entries, _ := os.ReadDir(filepath.Dir(dir))
		if len(entries) != 1 {
			t.Errorf("%s: files beside the named folder: %v", name, entries)
		}
	}
}
