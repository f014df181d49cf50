package storetest

import (
	"encoding/binary"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// Proxy stands between the store and a real PostgreSQL server, forwarding
// each TCP connection to it, so that a test can make the database go away
// under the store without stopping a server other tests use:
//
//   - Cut drops every connection through the proxy and, until Restore,
//     acts as a server that is stopping or starting: it accepts a new
//     connection, reads the client's startup message and closes it, so the
//     client meets the end of stream before its session starts (lib/pq's
//     bare io.EOF). The message is read first, as a server does: a close
//     with unread bytes would be a reset, not the end of stream.
//   - Restore forwards new connections to the server again.
//   - Close stops listening, so new connections are refused, and drops
//     every connection: a server that is gone. The test's cleanup closes it.
type Proxy struct {
	l      net.Listener
	target string
	mu     sync.Mutex
	cut    bool
	open   []net.Conn
}

// StartProxy listens on a loopback port (Addr) and forwards what connects
// there to target, a PostgreSQL server's host:port.
func StartProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{l: l, target: target}
	t.Cleanup(p.Close)
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

// Addr is the host:port to connect to in place of the server's.
func (p *Proxy) Addr() string { return p.l.Addr().String() }

// Cut drops every connection through the proxy and, until Restore, closes
// each new one once it has read its startup message.
func (p *Proxy) Cut() { p.setCut(true) }

// Restore forwards new connections to the server again after Cut.
func (p *Proxy) Restore() { p.setCut(false) }

// Close stops listening, so that new connections are refused, and drops
// every connection through the proxy.
func (p *Proxy) Close() {
	p.l.Close()
	p.setCut(true)
}

func (p *Proxy) serve(c net.Conn) {
	p.mu.Lock()
	if p.cut {
		p.mu.Unlock()
		var n [4]byte
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.ReadFull(c, n[:]); err == nil {
			_, _ = io.CopyN(io.Discard, c, int64(binary.BigEndian.Uint32(n[:]))-4)
		}
		c.Close()
		return
	}
	// Dialled under the lock, so that a Cut meanwhile drops this
	// connection too rather than missing it.
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.open = append(p.open, c, up)
	p.mu.Unlock()
	go func() { _, _ = io.Copy(up, c); up.Close() }()
	_, _ = io.Copy(c, up)
	c.Close()
}

func (p *Proxy) setCut(cut bool) {
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
