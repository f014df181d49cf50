package service

import (
	"context"

	"github.com/wageguard/wageguard/pkg/store"
)

// Response is a write's answer as the client received it: the HTTP status
// and the JSON body, stored under the request's Idempotency-Key.
type Response struct {
	Status int
	Body   []byte
}

// Idempotent runs a write under an Idempotency-Key: in one transaction it
// claims the key for the request's hash, runs fn, and stores fn's response
// beside the change. A replay of the same request returns the stored response
// with replayed = true; the same key with a different request is a conflict.
// Errors are not stored: a failed request may be retried. fn runs with a
// context carrying the transaction, which the use case it calls joins; it
// runs again if the transaction is retried.
func (s *Service) Idempotent(ctx context.Context, key, reqHash string, fn func(ctx context.Context) (Response, error)) (out Response, replayed bool, err error) {
	scope := CallerFrom(ctx).ActorName()
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		prev, err := store.ClaimIdempotencyKey(tx, scope, key, reqHash)
		if err != nil {
			return err
		}
		if prev != nil {
			out, replayed = Response{prev.Status, []byte(prev.Response)}, true
			return nil
		}
		if out, err = fn(tx.Ctx()); err != nil {
			return err
		}
		return store.CompleteIdempotencyKey(tx, scope, key, out.Status, out.Body)
	})
	return out, replayed, err
}

// IdempotentInSteps is Idempotent for a write that commits in several
// transactions (a bank's result file, applied batch by batch), which no one
// transaction can hold the key beside. The key is claimed in a transaction
// of its own, fn runs, and its response is stored in another; a failure
// releases the key. A request finding its key claimed but not finished (a
// twin still running, or one cut off by a crash) runs fn again, which such a
// write must allow: each bank fact is idempotent on its own reference. The
// first response stored is the one every later replay gets.
func (s *Service) IdempotentInSteps(ctx context.Context, key, reqHash string, fn func(ctx context.Context) (Response, error)) (out Response, replayed bool, err error) {
	scope := CallerFrom(ctx).ActorName()
	var prev *store.IdempotentResponse
	if err := s.DB.WithTx(ctx, func(tx *store.Tx) (err error) {
		prev, err = store.ClaimIdempotencyKey(tx, scope, key, reqHash)
		return err
	}); err != nil {
		return out, false, err
	}
	if prev != nil && prev.Status != 0 {
		return Response{prev.Status, []byte(prev.Response)}, true, nil
	}
	out, err = fn(ctx)
	if err != nil {
		if rerr := s.DB.WithTx(ctx, func(tx *store.Tx) error { return store.ReleaseIdempotencyKey(tx, scope, key) }); rerr != nil {
			s.Log.Error("releasing an idempotency key", "error", rerr.Error())
		}
		return out, false, err
	}
	err = s.DB.WithTx(ctx, func(tx *store.Tx) (err error) {
		prev, err = store.FinishIdempotencyKey(tx, scope, key, out.Status, out.Body)
		return err
	})
	if err == nil && prev != nil {
		return Response{prev.Status, []byte(prev.Response)}, true, nil
	}
	return out, false, err
}

// IdempotencyKeyFree refuses a key the caller has already sent a request
// under: a dry run stores nothing under its key, but may not reuse one.
func (s *Service) IdempotencyKeyFree(ctx context.Context, key string) error {
	return store.IdempotencyKeyFree(s.DB.Reader(ctx), CallerFrom(ctx).ActorName(), key)
}
