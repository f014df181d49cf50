package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A response kept under an Idempotency-Key is stored encrypted, bound to its
// key, and replayed in the clear; once a rotation has retired the version
// that sealed it, a retry is refused with a conflict that says why (not run
// again, not a server error).
func TestIdempotentResponsesAreSealed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		const answer = `{"key":"wg_secret_part"}`
		runs := 0
		fn := func(context.Context) (service.Response, error) {
			runs++
			return service.Response{Status: 201, Body: []byte(answer)}, nil
		}
		hash := service.RequestHash{Hash: "h1"}
		if _, replayed, err := s.svc.Idempotent(s.ctx, "k-1", hash, fn); err != nil || replayed {
			t.Fatalf("first: replayed %v, %v", replayed, err)
		}
		var stored string
		if err := db.Get(s.ctx, &stored, "SELECT response FROM idempotency_keys WHERE key = 'k-1'"); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, "wg_secret_part") || stored == "" {
			t.Fatalf("stored response %q is not sealed", stored)
		}
		out, replayed, err := s.svc.Idempotent(s.ctx, "k-1", hash, fn)
		if err != nil || !replayed || out.Status != 201 || string(out.Body) != answer || runs != 1 {
			t.Fatalf("replay: %d %s, replayed %v, %v, %d runs", out.Status, out.Body, replayed, err, runs)
		}
		// The sealed answer of one key does not open as another's.
		if err := db.ExecRaw(s.ctx, "UPDATE idempotency_keys SET key = 'k-2' WHERE key = 'k-1'"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.svc.Idempotent(s.ctx, "k-2", hash, fn); err == nil || runs != 1 {
			t.Fatalf("an answer moved to another key opened: %v, %d runs", err, runs)
		}
		// A rotation to a new version, which the key file then holds alone.
		both, next, err := s.svc.Identity.WithNewVersion(0)
		if err != nil {
			t.Fatal(err)
		}
		if s.svc.Identity, err = both.Only(next); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.svc.Idempotent(s.ctx, "k-2", hash, fn)
		if ledger.ErrorCode(err) != ledger.EConflict || !strings.Contains(err.Error(), "rotated") || runs != 1 {
			t.Fatalf("replay after a rotation: %v, %d runs", err, runs)
		}
	})
}

// The request hash an Idempotency-Key is kept with is a keyed MAC, not the
// bare SHA-256 of the request (which let anyone reading the table test
// guesses at the masked numbers a body carried, issue 16 #5); the same
// request replays, another is a conflict, and a key stored before with the
// bare hash still replays.
func TestIdempotencyRequestHashIsKeyed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		fn := func(context.Context) (service.Response, error) {
			return service.Response{Status: 201, Body: []byte(`{}`)}, nil
		}
		bare := ledger.SHA256Hex([]byte("POST /api/v1/projects/p/workers\n{\"phone\":\"13912348094\"}"))
		if _, _, err := s.svc.Idempotent(s.ctx, "k-1", service.RequestHash{Hash: bare}, fn); err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := db.Get(s.ctx, &stored, "SELECT request_hash FROM idempotency_keys WHERE key = 'k-1'"); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, bare) || !strings.HasPrefix(stored, "v1:") {
			t.Fatalf("stored request hash %q; the bare one is %s", stored, bare)
		}
		if _, replayed, err := s.svc.Idempotent(s.ctx, "k-1", service.RequestHash{Hash: bare}, fn); err != nil || !replayed {
			t.Fatalf("same request: replayed %v, %v", replayed, err)
		}
		if _, _, err := s.svc.Idempotent(s.ctx, "k-1", service.RequestHash{Hash: ledger.SHA256Hex([]byte("other"))}, fn); ledger.ErrorCode(err) != ledger.EConflict {
			t.Fatalf("another request: %v", err)
		}
		if err := db.ExecRaw(s.ctx, "UPDATE idempotency_keys SET request_hash = ? WHERE key = 'k-1'", bare); err != nil {
			t.Fatal(err)
		}
		if _, replayed, err := s.svc.Idempotent(s.ctx, "k-1", service.RequestHash{Hash: bare}, fn); err != nil || !replayed {
			t.Fatalf("a key stored before, with the bare hash: replayed %v, %v", replayed, err)
		}
	})
}
