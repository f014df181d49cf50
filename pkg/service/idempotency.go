package service

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// Response is a write's answer as the client received it: the HTTP status
// and the JSON body, stored under the request's Idempotency-Key. Lang is the
// language Body reads in: a tag ("zh-CN", "en"), EveryLang when it holds no
// words, "" when not known (an answer stored by an earlier build). Langs,
// when the answer reads differently in another language, is the same answer
// in each language by its tag (Body's among them), so that a replay answers
// in the language its own request asks for (In).
type Response struct {
	Status int
	Body   []byte
	Lang   string
	Langs  map[string][]byte
}

// EveryLang is Response.Lang of an answer that reads the same in every
// language: it holds no words.
const EveryLang = "*"

// In is the answer in the language lang (a tag: "zh-CN", "en") and the
// language it is served in: lang when it was kept in lang or reads the same
// in every language, else Body in the language it was written in ("" when
// not known), never labelled as lang.
func (r Response) In(lang string) (body []byte, served string) {
	if b, ok := r.Langs[lang]; ok {
		return b, lang
	}
	if r.Lang == EveryLang {
		return r.Body, lang
	}
	return r.Body, r.Lang
}

// RequestHash identifies a request under its Idempotency-Key. Hash is what a
// new key is stored with. Legacy, when set, is the hash the previous build
// stored for the same request (a JSON body sent to an upload route was then
// hashed as a JSON document, not as a file): a key stored with it replays
// too, so that a client retrying across the upgrade is not refused as
// sending another request.
type RequestHash struct {
	Hash, Legacy string
}

// accepted is the stored hashes, other than Hash, that name this request.
func (h RequestHash) accepted() []string {
	if h.Legacy == "" {
		return nil
	}
	return []string{h.Legacy}
}

// stored is what a key is stored with, and the test of what names the same
// request: a keyed MAC of the request's hash under the secret key (the bare
// SHA-256 of method, path and body let anyone reading the table test
// guesses at the masked numbers the body carried). There is no keyless
// form: a service without the keyring refuses the request before it claims
// the key (it once stored the bare hash, and a bank file's key, claimed in a
// transaction of its own, kept it). A key stored bare by an earlier build
// still replays until KeyBareRequestHashes keys it; so does one under a
// version of the secret the file no longer holds, whose sealed response then
// tells the client the key outlived a rotation.
func (s *Service) stored(h RequestHash) (string, func(string) bool, error) {
	if s.Identity == nil {
		return "", nil, errNoKeyring
	}
	raws := append([]string{h.Hash}, h.accepted()...)
	return s.requestMAC(s.Identity.Active(), h.Hash), func(stored string) bool {
		v, keyed := ledger.KeyVersion(stored)
		switch {
		case !keyed:
			return slices.Contains(raws, stored)
		case !s.Identity.Has(v):
			return true
		}
		for _, raw := range raws {
			if ledger.VerifyMAC(stored, s.requestMAC(v, raw)) {
				return true
			}
		}
		return false
	}, nil
}

// requestMAC is a request's hash under version v of the secret key.
func (s *Service) requestMAC(v int, raw string) string {
	master, _ := s.Identity.AuditKey(v)
	return ledger.NewAuditKeys(v, master).RequestMAC(raw)
}

// keyBareTask names the one-time keying of bare request hashes.
const keyBareTask = "key_bare_request_hashes"

// keyBareBatch is how many keys one transaction of KeyBareRequestHashes
// reads.
const keyBareBatch = 1000

// KeyBareRequestHashes puts every request hash an earlier build stored bare
// (before issue 16 #5, or by a service that had no keyring) under the
// active secret key, as the request would be stored now: the bare hash is
// what the MAC is taken of, so the same request still replays and another
// is still a conflict. It walks the table once in its primary key's order,
// a batch a transaction (each batch one probe of the index, so the walk is
// linear in the table), and records the task done: a later start reads
// nothing. No build stores a bare hash any more, so once done it stays
// done. It returns how many it keyed. serve runs it after it listens: a
// bare hash replays meanwhile, as before.
func (s *Service) KeyBareRequestHashes(ctx context.Context) (int, error) {
	if s.Identity == nil {
		return 0, errNoKeyring
	}
	if done, err := store.ServiceTaskDone(s.DB.Reader(ctx), keyBareTask); err != nil || done {
		return 0, err
	}
	v := s.Identity.Active()
	key := func(bare string) string { return s.requestMAC(v, bare) }
	var at store.IdempotencyCursor
	total := 0
	for {
		read, keyed := 0, 0
		err := s.DB.WithTx(ctx, func(tx *store.Tx) (err error) {
			next, r, k, err := store.KeyBareRequestHashesAfter(tx, at, key, keyBareBatch)
			if err != nil {
				return err
			}
			if r < keyBareBatch {
				err = store.MarkServiceTaskDone(tx, keyBareTask)
			}
			at, read, keyed = next, r, k
			return err
		})
		if err != nil {
			return total, err
		}
		total += keyed
		if read < keyBareBatch {
			return total, nil
		}
	}
}

// Idempotent runs a write under an Idempotency-Key: in one transaction it
// claims the key for the request's hash, runs fn, and stores fn's response
// beside the change. A replay of the same request returns the stored response
// with replayed = true; the same key with a different request is a conflict.
// Errors are not stored: a failed request may be retried. fn runs with a
// context carrying the transaction, which the use case it calls joins; it
// runs again if the transaction is retried.
func (s *Service) Idempotent(ctx context.Context, key string, reqHash RequestHash, fn func(ctx context.Context) (Response, error)) (out Response, replayed bool, err error) {
	k := idemKeyOf(ctx, key)
	hash, same, err := s.stored(reqHash)
	if err != nil {
		return out, false, err
	}
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		prev, err := store.ClaimIdempotencyKeyMatching(tx, k, hash, same)
		if err != nil {
			return err
		}
		if prev != nil {
			out, err = s.openResponse(prev)
			replayed = err == nil
			return err
		}
		if out, err = fn(tx.Ctx()); err != nil {
			return err
		}
		sealed, err := s.sealResponse(k, out)
		if err != nil {
			return err
		}
		return store.CompleteIdempotencyKey(tx, k, out.Status, sealed)
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
func (s *Service) IdempotentInSteps(ctx context.Context, key string, reqHash RequestHash, fn func(ctx context.Context) (Response, error)) (out Response, replayed bool, err error) {
	k := idemKeyOf(ctx, key)
	hash, same, err := s.stored(reqHash)
	if err != nil {
		return out, false, err
	}
	var prev *store.IdempotentResponse
	if err := s.DB.WithTx(ctx, func(tx *store.Tx) (err error) {
		prev, err = store.ClaimIdempotencyKeyMatching(tx, k, hash, same)
		return err
	}); err != nil {
		return out, false, err
	}
	if prev != nil && prev.Status != 0 {
		return s.replay(prev)
	}
	out, err = fn(ctx)
	if err != nil {
		if rerr := s.DB.WithTx(ctx, func(tx *store.Tx) error { return store.ReleaseIdempotencyKey(tx, k) }); rerr != nil {
			s.Log.Error("releasing an idempotency key", "error", rerr.Error())
		}
		return out, false, err
	}
	sealed, err := s.sealResponse(k, out)
	if err != nil {
		return out, false, err
	}
	err = s.DB.WithTx(ctx, func(tx *store.Tx) (err error) {
		prev, err = store.FinishIdempotencyKey(tx, k, out.Status, sealed)
		return err
	})
	if err == nil && prev != nil {
		return s.replay(prev)
	}
	return out, false, err
}

// replay is a stored response, opened.
func (s *Service) replay(prev *store.IdempotentResponse) (Response, bool, error) {
	out, err := s.openResponse(prev)
	return out, err == nil, err
}

// IdempotencyKeyFree refuses a key the caller has already sent a request
// under: a dry run stores nothing under its key, but may not reuse one.
func (s *Service) IdempotencyKeyFree(ctx context.Context, key string) error {
	return store.IdempotencyKeyFree(s.DB.Reader(ctx), idemKeyOf(ctx, key))
}

type keyProjectKey struct{}

// WithKeyProject returns ctx naming the project a keyed request is on
// (the resource its path names, its payslip link, its body's project):
// Idempotent keeps the request's key beside that project's rows, so that on
// a Citus cluster the change and its key commit on one shard (issue 19).
// Without it the key is kept by the caller's scope.
func WithKeyProject(ctx context.Context, projectID string) context.Context {
	return context.WithValue(ctx, keyProjectKey{}, projectID)
}

// idemKeyOf is where the caller's Idempotency-Key key is kept.
func idemKeyOf(ctx context.Context, key string) store.IdemKey {
	project, _ := ctx.Value(keyProjectKey{}).(string)
	return store.IdemKey{Project: project, Scope: CallerFrom(ctx).ActorName(), Key: key}
}

// A stored response is encrypted at rest with the identity keyring, as
// identity numbers are: some responses reveal a secret (a new API key's,
// which the database otherwise holds only as its SHA-256), and any may name
// a person. The ciphertext is bound to its key's row, so it cannot be
// replayed under another caller's key. A key rotation re-encrypts these
// answers with the other sealed columns (store.SealedTables); one sealed
// under a version the key file no longer holds is refused as a conflict,
// not run again. A
// response stored in the clear by an earlier build (a JSON document, which a
// sealed value never starts like: "<key id>:…") is replayed as it is.

// errNoKeyring: a service that stores idempotent responses must be given
// the keyring that encrypts them.
var errNoKeyring = errors.New("service: idempotent responses are encrypted with the identity keyring, which this service was not given")

func (s *Service) sealResponse(k store.IdemKey, out Response) ([]byte, error) {
	if s.Identity == nil {
		return nil, errNoKeyring
	}
	plain, err := answerPlain(out)
	if err != nil {
		return nil, err
	}
	sealed, err := s.Identity.Encrypt(plain, k.ResponseAAD())
	return []byte(sealed), err
}

func (s *Service) openResponse(prev *store.IdempotentResponse) (Response, error) {
	stored := prev.Response
	if stored == "" || strings.HasPrefix(stored, "{") || strings.HasPrefix(stored, "[") {
		return Response{Status: prev.Status, Body: []byte(stored)}, nil // stored in the clear by an earlier build
	}
	if s.Identity == nil {
		return Response{}, errNoKeyring
	}
	plain, err := s.Identity.Decrypt(stored, prev.At.ResponseAAD())
	if v, ok := identity.CiphertextVersion(stored); err != nil && ok && !s.Identity.Has(v) {
		// Sealed under a secret key version the key file no longer holds:
		// a rotation reseals these answers too, so this is a key file that
		// lost a version (or a row a rotation has not reached yet).
		return Response{}, ledger.Errorf(ledger.EConflict, "this Idempotency-Key was used before the secret key was rotated: its answer can no longer be read "+
			"and the request is not run again; look its result up, or send a new request under a new key")
	}
	if err != nil {
		return Response{}, err
	}
	return answerOf(prev.Status, plain)
}

// An answer whose language is known (Response.Lang) is sealed as
// answersByLanguage followed by a JSON answersJSON, with its copies in other
// languages (Response.Langs) if any; an answer in no known language is
// sealed as its body, as earlier builds sealed every answer. A body is a JSON
// document, which never starts like the marker, so each stored answer reads
// one way only.
const answersByLanguage = "answers by language\n"

type answersJSON struct {
	First string            `json:"first"` // the language the first request was answered in, or EveryLang
	Langs map[string]string `json:"langs"` // the answer by language tag (by First alone when kept in one)
}

// answerPlain is the text sealed for out.
func answerPlain(out Response) (string, error) {
	first := out.Lang
	for l, b := range out.Langs {
		if first == "" && bytes.Equal(b, out.Body) {
			first = l
		}
	}
	if first == "" {
		return string(out.Body), nil
	}
	in := answersJSON{First: first, Langs: map[string]string{first: string(out.Body)}}
	for l, b := range out.Langs {
		in.Langs[l] = string(b)
	}
	b, err := json.Marshal(in)
	return answersByLanguage + string(b), err
}

// answerOf reads a sealed answer's text back.
func answerOf(status int, plain string) (Response, error) {
	rest, byLang := strings.CutPrefix(plain, answersByLanguage)
	if !byLang {
		return Response{Status: status, Body: []byte(plain)}, nil
	}
	var in answersJSON
	if err := json.Unmarshal([]byte(rest), &in); err != nil {
		return Response{}, fmt.Errorf("service: a stored answer by language does not read: %w", err)
	}
	out := Response{Status: status, Body: []byte(in.Langs[in.First]), Lang: in.First}
	if len(in.Langs) > 1 {
		out.Langs = make(map[string][]byte, len(in.Langs))
		for l, b := range in.Langs {
			out.Langs[l] = []byte(b)
		}
	}
	return out, nil
}
