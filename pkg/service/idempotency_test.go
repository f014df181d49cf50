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

// A service without the keyring refuses an Idempotency-Key before it
// claims it or runs anything: it stored the bare SHA-256 of the request
// once, and a bank file's key (claimed in a transaction of its own) kept it
// after the work had run. Never a personal request hashed without a key.
func TestIdempotencyWithoutKeyringStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		keyless := service.New(db, nil)
		ctx := service.WithCaller(context.Background(), service.System)
		runs := 0
		fn := func(context.Context) (service.Response, error) {
			runs++
			return service.Response{Status: 201, Body: []byte(`{}`)}, nil
		}
		bare := service.RequestHash{Hash: ledger.SHA256Hex([]byte("POST /api/v1/bank/confirmations\n6222021234567890"))}
		for name, run := range map[string]func(context.Context, string, service.RequestHash, func(context.Context) (service.Response, error)) (service.Response, bool, error){
			"Idempotent": keyless.Idempotent, "IdempotentInSteps": keyless.IdempotentInSteps} {
			if _, _, err := run(ctx, "k-"+name, bare, fn); err == nil {
				t.Errorf("%s without the keyring: no error", name)
			}
		}
		var n int
		if err := db.Get(ctx, &n, "SELECT COUNT(*) FROM idempotency_keys"); err != nil {
			t.Fatal(err)
		}
		if n != 0 || runs != 0 {
			t.Fatalf("without the keyring: %d keys stored, the work ran %d times", n, runs)
		}
	})
}

// A request hash an earlier build stored bare is put under the secret key
// by KeyBareRequestHashes (serve runs it at start): the table then holds no
// hash anyone can test guesses against, and the same request still replays
// while another is still a conflict.
func TestBareRequestHashesAreKeyed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		fn := func(context.Context) (service.Response, error) {
			return service.Response{Status: 201, Body: []byte(`{}`)}, nil
		}
		bare := ledger.SHA256Hex([]byte("POST /api/v1/projects/p/workers\n{\"phone\":\"13912348094\"}"))
		for _, k := range []string{"k-1", "k-2"} {
			if _, _, err := s.svc.Idempotent(s.ctx, k, service.RequestHash{Hash: bare}, fn); err != nil {
				t.Fatal(err)
			}
		}
		var keyed string
		if err := db.Get(s.ctx, &keyed, "SELECT request_hash FROM idempotency_keys WHERE key = 'k-2'"); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(s.ctx, "UPDATE idempotency_keys SET request_hash = ? WHERE key = 'k-1'", bare); err != nil {
			t.Fatal(err)
		}
		if n, err := s.svc.KeyBareRequestHashes(s.ctx); err != nil || n != 1 {
			t.Fatalf("keyed %d bare hashes, %v; want 1", n, err)
		}
		var stored []string
		if err := db.Select(s.ctx, &stored, "SELECT request_hash FROM idempotency_keys ORDER BY key"); err != nil {
			t.Fatal(err)
		}
		if len(stored) != 2 || stored[0] != keyed || stored[1] != keyed {
			t.Fatalf("stored hashes %v, want both %s (as the request is stored now)", stored, keyed)
		}
		if _, replayed, err := s.svc.Idempotent(s.ctx, "k-1", service.RequestHash{Hash: bare}, fn); err != nil || !replayed {
			t.Fatalf("same request after keying: replayed %v, %v", replayed, err)
		}
		if _, _, err := s.svc.Idempotent(s.ctx, "k-1", service.RequestHash{Hash: ledger.SHA256Hex([]byte("other"))}, fn); ledger.ErrorCode(err) != ledger.EConflict {
			t.Fatalf("another request after keying: %v", err)
		}
		if n, err := s.svc.KeyBareRequestHashes(s.ctx); err != nil || n != 0 {
			t.Fatalf("second run keyed %d, %v", n, err)
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

// Keying the bare hashes walks the table once, a batch at a time in the
// primary key's order (each batch re-read the table from its start with
// an unindexed NOT LIKE, quadratic in the bare hashes), and records itself
// done: a later start reads nothing (every start read the whole table).
func TestBareRequestHashKeyingWalksOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		const n = 2345 // two full batches and a part
		var vals []string
		for i := range n {
			bare := ledger.SHA256Hex([]byte(fmt.Sprintf("POST /x\n%d", i)))
			vals = append(vals, fmt.Sprintf("('key_%d', 'k-%05d', '%s', 201, '{}', CURRENT_TIMESTAMP)", i%7, i, bare))
		}
		if err := db.ExecRaw(s.ctx, "INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at) VALUES "+strings.Join(vals, ", ")); err != nil {
			t.Fatal(err)
		}
		// The store's walk: limit rows a call, each after the last.
		calls, read := 0, 0
		var at store.IdempotencyCursor
		for {
			var r int
			if err := db.WithTx(s.ctx, func(tx *store.Tx) (err error) {
				at, r, _, err = store.KeyBareRequestHashesAfter(tx, at, func(b string) string { return b }, 100)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			calls, read = calls+1, read+r
			if r < 100 {
				break
			}
		}
		if calls != n/100+1 || read != n {
			t.Fatalf("the walk took %d calls reading %d rows, want %d reading %d", calls, read, n/100+1, n)
		}
		keyed, err := s.svc.KeyBareRequestHashes(s.ctx)
		if err != nil || keyed != n {
			t.Fatalf("keyed %d, %v; want %d", keyed, err, n)
		}
		var bare int
		if err := db.Get(s.ctx, &bare, "SELECT COUNT(*) FROM idempotency_keys WHERE request_hash NOT LIKE 'v%'"); err != nil || bare != 0 {
			t.Fatalf("%d bare hashes left, %v", bare, err)
		}
		// Done is recorded: the next start reads nothing, so a row put back
		// bare behind its back is not even seen.
		if err := db.ExecRaw(s.ctx, "UPDATE idempotency_keys SET request_hash = ? WHERE key = 'k-00000'", ledger.SHA256Hex([]byte("x"))); err != nil {
			t.Fatal(err)
		}
		if keyed, err := s.svc.KeyBareRequestHashes(s.ctx); err != nil || keyed != 0 {
			t.Fatalf("a start after the task was done keyed %d, %v; want 0 (nothing read)", keyed, err)
		}
	})
}

// An answer kept in two languages replays in each, sealed like any other
// (neither language's text is in the table in the clear), through both the
// one-transaction and the several-transaction paths; an answer that reads
// the same in every language is kept as its body alone.
func TestIdempotentAnswerKeptByLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		zh, en := `{"id":"enr_1","warning":"车牌号不是花名册文件的列"}`, `{"id":"enr_1","warning":"not a column of the workers file"}`
		fn := func(context.Context) (service.Response, error) {
			return service.Response{Status: 201, Body: []byte(zh), Langs: map[string][]byte{"zh-CN": []byte(zh), "en": []byte(en)}}, nil
		}
		for i, run := range []func(context.Context, string, service.RequestHash, func(context.Context) (service.Response, error)) (service.Response, bool, error){
			s.svc.Idempotent, s.svc.IdempotentInSteps} {
			key := fmt.Sprintf("lang-%d", i)
			if _, _, err := run(s.ctx, key, service.RequestHash{Hash: "h"}, fn); err != nil {
				t.Fatal(err)
			}
			var stored string
			if err := db.Get(s.ctx, &stored, "SELECT response FROM idempotency_keys WHERE key = ?", key); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(stored, "enr_1") || strings.Contains(stored, "workers") {
				t.Errorf("%s: stored in the clear: %q", key, stored)
			}
			out, replayed, err := run(s.ctx, key, service.RequestHash{Hash: "h"}, fn)
			inEn, _ := out.In("en")
			inZh, _ := out.In("zh-CN")
			inFr, servedFr := out.In("fr")
			if err != nil || !replayed || out.Status != 201 || string(out.Body) != zh || string(inEn) != en || string(inZh) != zh || string(inFr) != zh || servedFr != "zh-CN" {
				t.Errorf("%s: replay %d %s / en %s / fr %s in %q, replayed %v, %v", key, out.Status, out.Body, inEn, inFr, servedFr, replayed, err)
			}
		}
		// The language an answer kept in one language reads in is sealed with
		// it: a replay in another language says the one it is served in.
		for _, tc := range []struct{ lang, served string }{{service.EveryLang, "en"}, {"zh-CN", "zh-CN"}, {"", ""}} {
			one := func(context.Context) (service.Response, error) {
				return service.Response{Status: 200, Body: []byte(`{"id":"prj_1"}`), Lang: tc.lang}, nil
			}
			key := "one-" + tc.lang
			if _, _, err := s.svc.Idempotent(s.ctx, key, service.RequestHash{Hash: "h"}, one); err != nil {
				t.Fatal(err)
			}
			out, _, err := s.svc.Idempotent(s.ctx, key, service.RequestHash{Hash: "h"}, one)
			if b, served := out.In("en"); err != nil || string(b) != `{"id":"prj_1"}` || served != tc.served || out.Langs != nil {
				t.Errorf("an answer in %q: %s in %q %v, %v", tc.lang, b, served, out.Langs, err)
			}
		}
	})
}
