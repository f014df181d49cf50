package storetest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// A template of another migration set survives while some test run may
// still clone it, and goes once it has been idle for templateIdle.
func TestStaleTemplatesOnlyDropWhenIdle(t *testing.T) {
	SkipOnShared(t, "makes and drops template databases on a plain PostgreSQL server")
	admin := os.Getenv(EnvDatabaseURL)
	if admin == "" {
		skipOrFail(t, "PostgreSQL tests need %s", EnvDatabaseURL)
	}
	ctx := context.Background()
	adb, err := sqlx.Open("postgres", withTimeout(admin))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { adb.Close() }) // after the drops below, which run first
	conn, err := adb.Connx(ctx)
	if err != nil {
		skipOrFail(t, "PostgreSQL is unavailable: %v", err)
	}
	defer conn.Close()

	suffix := randomHex(6)
	recent, idle := "wgtpl_recent"+suffix, "wgtpl_idle"+suffix
	for _, name := range []string{recent, idle} {
		if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if _, err := adb.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
				t.Errorf("unable to drop %s: %v", name, err)
			}
		})
	}
	stamp := func(name string, at time.Time) {
		t.Helper()
		q := fmt.Sprintf("COMMENT ON DATABASE %s IS '%s%s'", name, usedPrefix, at.UTC().Format(time.RFC3339))
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	stamp(recent, time.Now().Add(-templateIdle+10*time.Minute))
	stamp(idle, time.Now().Add(-templateIdle-10*time.Minute))

	dropStaleTemplates(ctx, conn, "wgtpl_current"+suffix)

	exists := func(name string) bool {
		var n int
		if err := conn.GetContext(ctx, &n, "SELECT count(*) FROM pg_database WHERE datname = $1", name); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	if !exists(recent) {
		t.Errorf("%s was used %v ago and must stay", recent, templateIdle-10*time.Minute)
	}
	if exists(idle) {
		t.Errorf("%s was idle for %v and must be dropped", idle, templateIdle+10*time.Minute)
	}
}
