package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
)

// TestSQLiteConnectionsKeepALargePageCache holds every SQLite connection
// of the pool to a 64 MiB page cache (cache_size -65536, in KiB): with
// SQLite's default of 2 MiB a payroll's lookups read the same pages from
// the file again and again, and a big write spilled to the WAL before its
// commit. The durability pragmas stay as they were.
func TestSQLiteConnectionsKeepALargePageCache(t *testing.T) {
	db, err := store.Open(context.Background(), "sqlite://"+filepath.Join(t.TempDir(), "wg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	// Several connections at once, so that the pool opens more than one.
	var conns []*sql.Conn
	for i := 0; i < 3; i++ {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		var cache, sync int
		var journal string
		if err := c.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal); err != nil {
			t.Fatal(err)
		}
		if cache != -65536 || sync != 2 || journal != "wal" {
			t.Errorf("connection %d: cache_size %d, synchronous %d, journal_mode %s; want -65536, 2 (FULL), wal", i, cache, sync, journal)
		}
		c.Close()
	}
}
