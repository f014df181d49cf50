package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"reflect"
	"testing"
	"time"
)

// countedConn counts the reads that reach the connection under it.
type countedConn struct {
	net.Conn
	reads int
}

func (c *countedConn) Read(p []byte) (int, error) { c.reads++; return c.Conn.Read(p) }

// A stream read 4 KB at a time, as lib/pq reads, through the read-ahead
// reaches the connection once per readAheadSize rather than once per 4 KB,
// whole and in order; writes go straight through.
func TestReadAheadReadsInLargeChunks(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	sent := bytes.Repeat([]byte("0123456789abcdef"), 4*readAheadSize/16) // four buffers' worth
	go func() { _, _ = server.Write(sent) }()
	counted := &countedConn{Conn: client}
	got, err := io.ReadAll(io.LimitReader(bufio.NewReaderSize(newReadAhead(counted), 4096), int64(len(sent))))
	if err != nil || !bytes.Equal(got, sent) {
		t.Fatalf("read %d bytes (%v), want the %d sent", len(got), err, len(sent))
	}
	if counted.reads > 4 {
		t.Errorf("%d reads of the connection for %d bytes, want at most 4", counted.reads, len(sent))
	}
	echoed := make(chan []byte)
	go func() { b := make([]byte, 5); _, _ = io.ReadFull(server, b); echoed <- b }()
	if _, err := newReadAhead(client).Write([]byte("hello")); err != nil || string(<-echoed) != "hello" {
		t.Fatalf("write: %v", err)
	}
}

// A read past its deadline fails as the connection's own does, and once
// the deadline is lifted the next read gets what was sent.
func TestReadAheadKeepsDeadlines(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	c := newReadAhead(client)
	if err := c.SetReadDeadline(time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(make([]byte, 10)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past the deadline: %v, want a timeout", err)
	}
	if err := c.SetReadDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = server.Write([]byte("after")) }()
	b := make([]byte, 5)
	if _, err := io.ReadFull(c, b); err != nil || string(b) != "after" {
		t.Fatalf("read after the deadline was lifted: %q, %v", b, err)
	}
}

// The pool Open makes on PostgreSQL reads through the read-ahead, with and
// without TLS, and a result of some megabytes arrives whole: the server's
// digest of what it sent is the digest of what was read.
func TestPostgresConnectionsReadAhead(t *testing.T) {
	admin := os.Getenv("WAGEGUARD_TEST_DATABASE_URL")
	if admin == "" {
		if os.Getenv("WAGEGUARD_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("needs WAGEGUARD_TEST_DATABASE_URL (and WAGEGUARD_TEST_REQUIRE_POSTGRES=1)")
		}
		t.Skip("needs WAGEGUARD_TEST_DATABASE_URL")
	}
	for _, mode := range []string{"disable", "require"} {
		t.Run(mode, func(t *testing.T) {
			u, err := url.Parse(admin)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			q.Set("sslmode", mode)
			u.RawQuery = q.Encode()
			ctx := context.Background()
			db, err := Open(ctx, u.String(), WithMaxConns(1))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.x.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var encrypted bool
			if err := conn.QueryRowContext(ctx, `SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`).Scan(&encrypted); err != nil {
				t.Fatal(err)
			}
			if encrypted != (mode == "require") {
				t.Fatalf("sslmode=%s: the connection is encrypted: %v", mode, encrypted)
			}
			if err := conn.Raw(func(dc any) error {
				if !readsAhead(dc) {
					t.Errorf("sslmode=%s: the connection is not read through the read-ahead", mode)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			rows, err := conn.QueryContext(ctx, `SELECT md5(i::text) || repeat('x', i % 300) FROM generate_series(1, 40000) i ORDER BY i`)
			if err != nil {
				t.Fatal(err)
			}
			var read bytes.Buffer
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				read.WriteString(s)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			var want string
			if err := conn.QueryRowContext(ctx, `SELECT md5(string_agg(md5(i::text) || repeat('x', i % 300), '' ORDER BY i)) FROM generate_series(1, 40000) i`).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if got := md5hex(read.Bytes()); got != want || read.Len() < 5<<20 {
				t.Fatalf("read %d bytes with digest %s, the server sent %s", read.Len(), got, want)
			}
		})
	}
}

// readsAhead reports whether lib/pq's connection dc reads its socket
// through the read-ahead, under TLS or not (the field lib/pq keeps the
// connection it dialed in, and crypto/tls the one it wraps).
func readsAhead(dc any) bool {
	c := reflect.ValueOf(dc).Elem().FieldByName("c")
	if !c.IsValid() || c.IsNil() {
		return false
	}
	under := c.Elem()
	if under.Type() == reflect.TypeOf(&tls.Conn{}) {
		under = under.Elem().FieldByName("conn").Elem()
	}
	return under.Type() == reflect.TypeOf(&readAheadConn{})
}

func md5hex(b []byte) string { sum := md5.Sum(b); return hex.EncodeToString(sum[:]) }
