package service_test

import (
	"context"
	"fmt"
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

// A rotation reseals the answers kept for Idempotency-Keys too (and seals one
// an earlier build kept in the clear): after it, with only the new version in
// the key file, a retry replays the answer instead of a 409.
func TestRotationResealsIdempotentResponses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newKeySite(t, db)
		const answer = `{"id":"prl_1"}`
		runs := 0
		fn := func(context.Context) (service.Response, error) {
			runs++
			return service.Response{Status: 201, Body: []byte(answer)}, nil
		}
		hash := service.RequestHash{Hash: "h1"}
		for _, k := range []string{"k-1", "k-clear"} {
			if _, _, err := s.svc.Idempotent(s.ctx, k, hash, fn); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.ExecRaw(s.ctx, "UPDATE idempotency_keys SET response = '"+answer+"' WHERE key = 'k-clear'"); err != nil {
			t.Fatal(err)
		}
		rotating, to, err := s.svc.Identity.WithNewVersion(1)
		if err != nil {
			t.Fatal(err)
		}
		s.svc.Identity = rotating
		if err := s.svc.StartSecretKeyRotation(s.sys, to); err != nil {
			t.Fatal(err)
		}
		if rep, err := s.svc.RotateSecretKey(s.sys, 1, to, service.RotationOptions{BatchRows: 1}); err != nil || !rep.Finished {
			t.Fatalf("rotation: %+v, %v", rep, err)
		}
		var under []string
		if err := db.Select(s.ctx, &under, "SELECT substr(response, 1, 3) FROM idempotency_keys ORDER BY key"); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(under) != "[v2: v2:]" {
			t.Fatalf("answers after the rotation start %v, want both under v2", under)
		}
		if s.svc.Identity, err = rotating.Only(to); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"k-1", "k-clear"} {
			out, replayed, err := s.svc.Idempotent(s.ctx, k, hash, fn)
			if err != nil || !replayed || string(out.Body) != answer || runs != 2 {
				t.Fatalf("%s after the rotation: %s, replayed %v, %v, %d runs", k, out.Body, replayed, err, runs)
			}
		}
	})
}
