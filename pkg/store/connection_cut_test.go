package store_test

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// cuttableProxy stands between the store and a real PostgreSQL server and
// can act as a server that is stopping or starting: one that accepts a
// connection and closes it before the session starts.
type cuttableProxy struct {
	l      net.Listener
	target string
	mu     sync.Mutex
	cut    bool
	open   []net.Conn
}

func startCuttableProxy(t *testing.T, target string) *cuttableProxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cuttableProxy{l: l, target: target}
	t.Cleanup(func() { l.Close(); p.setCut(true) })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	return p
}

func (p *cuttableProxy) serve(c net.Conn) {
	p.mu.Lock()
	if p.cut {
		p.mu.Unlock()
		// Read the client's startup message first, as a server does: a
		// close with unread bytes would be a reset, not the end of stream.
		var n [4]byte
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.ReadFull(c, n[:]); err == nil {
			io.CopyN(io.Discard, c, int64(binary.BigEndian.Uint32(n[:]))-4)
		}
		c.Close()
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.open = append(p.open, c, up)
	p.mu.Unlock()
	go func() { io.Copy(up, c); up.Close() }()
	io.Copy(c, up)
	c.Close()
}

// setCut closes every connection through the proxy and, while cut, every
// new one as soon as it is accepted.
func (p *cuttableProxy) setCut(cut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	if cut {
		for _, c := range p.open {
			c.Close()
		}
		p.open = nil
	}
}

// A server that accepts a connection and closes it before the session
// starts (stopping, or starting again after a crash) makes lib/pq answer
// the bare io.EOF. It is an outage like a refused connection: clients are
// told to send the request again (503), not that the service failed (500).
// CI met it as one registration in 48 answered 500 while the server was
// stopped (TestDatabaseFaultsAnswer503AndRecover).
func TestConnectionCutBeforeStartupIsUnavailable(t *testing.T) {
	raw := os.Getenv(storetest.EnvDatabaseURL)
	if raw == "" || storetest.Shared() {
		if storetest.RequirePostgres() && !storetest.Shared() {
			t.Fatalf("needs %s", storetest.EnvDatabaseURL)
		}
		t.Skip("needs a PostgreSQL server of its own to proxy")
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	p := startCuttableProxy(t, u.Host)
	u.Host = p.l.Addr().String()
	ctx := context.Background()
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var one int
	if err := db.Get(ctx, &one, "SELECT 1"); err != nil {
		t.Fatal(err)
	}

	p.setCut(true)
	for i := 0; i < 3; i++ { // the pooled connection, then new ones
		err := db.Get(ctx, &one, "SELECT 1")
		if ledger.ErrorCode(err) != ledger.EUnavailable {
			t.Fatalf("read %d through a cut connection: code %q, %v; want %q", i+1, ledger.ErrorCode(err), err, ledger.EUnavailable)
		}
	}
	if err := db.WithTx(ctx, func(tx *store.Tx) error { return nil }); ledger.ErrorCode(err) != ledger.EUnavailable {
		t.Fatalf("a transaction through a cut connection: code %q, %v", ledger.ErrorCode(err), err)
	}

	p.setCut(false)
	if err := db.Get(ctx, &one, "SELECT 1"); err != nil || one != 1 {
		t.Fatalf("after the server is back: %d, %v", one, err)
	}
}
