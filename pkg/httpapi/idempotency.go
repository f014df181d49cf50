package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/service"
)

// Body is what a route's request carries, which decides how the route's
// Idempotency-Key is honoured.
type Body int

const (
	// NoBody: a read; no Idempotency-Key applies.
	NoBody Body = iota
	// JSON: a JSON document. The request is its method, path, query and body.
	JSON
	// Upload: a file, as multipart "file" with form fields or as the whole
	// body (a JSON document is also taken here), up to the upload limit. The
	// request is its method, path, query, the file's SHA-256 and the form
	// fields. ?dry_run=true validates without storing, so a dry run is not
	// kept under its key: it may not reuse a key already used (409), and it
	// leaves its key free for the real upload.
	Upload
	// BankResults: bank confirmations as JSON, or as the bank's result file,
	// which is applied batch by batch in several transactions; the file's key
	// is claimed before the first and answered after the last
	// (service.IdempotentInSteps). On a Citus cluster JSON confirmations are
	// too: they are applied one project per transaction.
	BankResults
	// JSONSteps: a JSON document for a use case that commits in several
	// transactions (the nightly check: one per project), which no one
	// transaction can hold the key beside; the key is claimed before and
	// answered after (service.IdempotentInSteps), as for a bank's file.
	JSONSteps
	// HTMLForm: a browser's form on the worker's page, answered with a page
	// or a redirect to it. A browser sends no Idempotency-Key, so the header
	// does not apply: an answer to a line redirects after a post (a reload
	// posts nothing again) and is idempotent by its own natural key (the
	// same answer to a line); the complaint form carries a nonce of its
	// render, which is its key (fileFromPage).
	HTMLForm
)

// keyed reports whether the route changes something under the
// Idempotency-Key it honours.
func (b Body) keyed() bool { return b != NoBody && b != HTMLForm }

// isJSON reports whether the request's body is a JSON document.
func isJSON(c *gin.Context) bool {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	return mt == "application/json"
}

// spooled reports whether the body may be a large file, received to a
// temporary file while it is hashed.
func (b Body) spooled() bool { return b == Upload || b == BankResults }

// idempotent runs a write route's handler under the request's
// Idempotency-Key, so that every write honours it the same way: the same key
// with the same request answers the first response again, with
// Idempotency-Hit: true, in the language the replaying request asks for
// (inEveryLanguage); the same key with another request is a 409. The key,
// the request's hash and the response are stored in the change's own
// transaction, which the handler's use case joins. Without a key the handler
// runs as it is.
func (s *Server) idempotent(r Route) gin.HandlerFunc {
	return func(c *gin.Context) {
		key := c.GetHeader("Idempotency-Key")
		if key == "" {
			r.Handler(c)
			return
		}
		if len(key) > 255 || strings.ContainsFunc(key, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
			writeError(c, malformed("the Idempotency-Key header must be 1 to 255 visible ASCII characters"))
			return
		}
		req, err := s.receiveRequest(c, r.Body)
		defer req.cleanup()
		if err != nil {
			writeError(c, err)
			return
		}
		if req.hash.Hash == "" {
			// A file that could not be received: the handler answers its
			// error as it would without a key, and nothing is kept.
			if err := req.rewind(c); err != nil {
				writeError(c, err)
				return
			}
			r.Handler(c)
			return
		}
		if r.Body == Upload {
			if dry, err := dryRun(c); err == nil && dry {
				s.dryRunUnderKey(c, r, req, key)
				return
			}
		}
		ctx, err := s.keyProject(c, r, req)
		if err != nil {
			writeError(c, err)
			return
		}
		run := s.svc.Idempotent
		// Bank results as JSON also commit in several transactions where
		// a batch is applied one project per transaction (Citus): the key's
		// row is then written in transactions of its own, on its own shard.
		if (r.Body == BankResults && (!isJSON(c) || s.svc.DB.OneProjectPerTransaction())) || r.Body == JSONSteps {
			run = s.svc.IdempotentInSteps
		}
		out, replayed, err := run(ctx, key, req.hash, func(ctx context.Context) (service.Response, error) {
			return req.attempt(c, ctx, r.Handler)
		})
		var refused *refusal
		switch {
		case errors.As(err, &refused):
			refused.answer(c)
			return
		case err != nil:
			writeError(c, err)
			return
		}
		if !replayed && req.header.Get("Idempotency-Hit") == "true" {
			replayed = true // the use case's own idempotency (the same file) answered
		}
		for k, v := range req.header {
			c.Writer.Header()[k] = v
		}
		c.Header("Idempotency-Hit", map[bool]string{true: "true", false: "false"}[replayed])
		body, served := out.In(string(langOf(c)))
		c.Writer.Header().Del("Content-Language") // not known: an answer an earlier build stored
		if served != "" {
			c.Header("Content-Language", served)
		}
		c.Render(out.Status, rawJSON(body))
	}
}

// keyProject is the request's context naming the project the request is
// on, beside whose rows its Idempotency-Key is kept (service.WithKeyProject;
// on a Citus cluster the change and its key then commit on one shard): the
// project of the resource its path names, as the access check found it; of
// the payslip link it holds; the project_id its JSON body names; the project
// whose wage account a bank's allocation names. A request that names none
// (a new organisation or project, a bank's confirmations) keeps its key by
// the caller's scope.
func (s *Server) keyProject(c *gin.Context, r Route, req *keyedRequest) (context.Context, error) {
	ctx := c.Request.Context()
	project := standingOf(c).ProjectID
	if t, ok := c.Get(ctxPayslip); ok && project == "" {
		project = t.(*ledger.PayslipToken).ProjectID
	}
	if project == "" && r.Body == JSON && r.Access.Resource == ResNone {
		var named struct {
			ProjectID string `json:"project_id"`
			AccountNo string `json:"account_no"`
		}
		_ = json.Unmarshal(req.body, &named) // a body that is no object names none
		project = named.ProjectID
		if project == "" && named.AccountNo != "" && r.Access.Need == BankOnly {
			var err error
			if project, err = s.svc.WageAccountProject(ctx, callerBank(c), named.AccountNo); err != nil {
				return ctx, err
			}
		}
	}
	if !ledger.HasPrefix(project, "prj") {
		return ctx, nil // none, or not a project's ID: the handler refuses it
	}
	return service.WithKeyProject(ctx, project), nil
}

// dryRunUnderKey runs a dry run, which stores nothing, not even its key; but
// a key already used names another request, so reusing it is a conflict.
func (s *Server) dryRunUnderKey(c *gin.Context, r Route, req *keyedRequest, key string) {
	ctx, err := s.keyProject(c, r, req)
	if err == nil {
		err = s.svc.IdempotencyKeyFree(ctx, key)
	}
	if err != nil {
		writeError(c, err)
		return
	}
	if err := req.rewind(c); err != nil {
		writeError(c, err)
		return
	}
	r.Handler(c)
}

// keyedRequest is a write's request received before its handler runs, so
// that it can be hashed and given to the handler again should the
// transaction be retried.
type keyedRequest struct {
	hash    service.RequestHash
	body    []byte    // a JSON route's body
	upload  *received // a spooled route's file
	header  http.Header
	cleanup func()
	// maxInEveryLanguage: Options.MaxAnswerInEveryLanguage
	maxInEveryLanguage int
}

// receiveRequest reads the request and hashes it.
func (s *Server) receiveRequest(c *gin.Context, b Body) (*keyedRequest, error) {
	req := &keyedRequest{cleanup: func() {}, maxInEveryLanguage: s.opts.MaxAnswerInEveryLanguage}
	if !b.spooled() {
		body, err := readBody(c)
		if err != nil {
			return req, err
		}
		req.body, req.hash.Hash = body, requestHashOf(c, body)
		return req, nil
	}
	req.upload = s.spool(c)
	req.cleanup = req.upload.cleanup
	if req.upload.tmp == nil {
		return req, req.upload.err
	}
	if req.upload.err == nil {
		req.hash = service.RequestHash{Hash: uploadHash(c, req.upload.up.SHA256), Legacy: req.upload.jsonRequestHash}
	}
	return req, nil
}

// uploadHash is an upload's request hash: its method, path and query, its
// file's SHA-256 and its form fields (not the file's name: the same file
// under another name is the same upload).
func uploadHash(c *gin.Context, fileSHA string) string {
	var b strings.Builder
	b.WriteString(c.Request.Method + " " + c.Request.URL.RequestURI() + "\nfile " + fileSHA + "\n")
	names := make([]string, 0, len(c.Request.Form))
	for k := range c.Request.Form {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range c.Request.Form[k] {
			b.WriteString(k + "=" + v + "\n")
		}
	}
	return ledger.SHA256Hex([]byte(b.String()))
}

// attempt runs the handler once in ctx (the key's transaction), with the
// request as received and its answer kept aside: the transaction commits only
// if the handler answered a success, and a refusal's error rolls it back
// (or runs it again, when the database asks for a retry).
func (req *keyedRequest) attempt(c *gin.Context, ctx context.Context, h gin.HandlerFunc) (service.Response, error) {
	if err := req.rewind(c); err != nil {
		return service.Response{}, err
	}
	plain, outer := c.Writer, c.Request
	w := &bufferedWriter{ResponseWriter: plain, header: http.Header{}, status: http.StatusOK}
	c.Writer, c.Request, c.Errors = w, c.Request.WithContext(ctx), c.Errors[:0]
	defer func() { c.Writer, c.Request = plain, outer }()
	c.Set(ctxAnswer, nil)
	h(c)
	req.header = w.header
	if w.status >= 400 {
		if last := c.Errors.Last(); last != nil {
			c.Errors = c.Errors[:0]
			return service.Response{}, last.Err
		}
		return service.Response{}, &refusal{status: w.status, header: w.header, body: w.body.Bytes()}
	}
	return inEveryLanguage(c, w.status, bytes.Clone(w.body.Bytes()), req.maxInEveryLanguage), nil
}

// ctxAnswer holds a keyed write's answer as a value, before it was rendered
// in the request's language (localized keeps it).
const ctxAnswer = "wageguard.answer"

// inEveryLanguage is a keyed write's answer, with the language it reads in,
// and in every language it reads differently in, by language tag, so that a
// replay answers in the language the replaying request asks for, not in the
// first request's. It renders the answer's value again, and only when that
// value renders to exactly the body sent and the body is no larger than
// limit (Options.MaxAnswerInEveryLanguage: a bank's batch of thousands of
// confirmations is not stored once per language in one row): an answer
// written any other way, or larger, is kept as it was sent, in the request's
// language, and a replay in another language answers it so, saying so in
// Content-Language. An answer that reads the same in every language (it
// holds no message) says so (service.EveryLang).
func inEveryLanguage(c *gin.Context, status int, body []byte, limit int) service.Response {
	sent := langOf(c)
	out := service.Response{Status: status, Body: body, Lang: string(sent)}
	v, _ := c.Get(ctxAnswer)
	if v == nil || len(body) > limit {
		return out
	}
	if b, err := json.Marshal(localizeAny(sent, v)); err != nil || !bytes.Equal(b, body) {
		return out
	}
	for _, l := range i18n.Langs() {
		if l == sent { // rendered and compared above
			continue
		}
		b, err := json.Marshal(localizeAny(l, v))
		if err != nil {
			return service.Response{Status: status, Body: body, Lang: string(sent)}
		}
		if bytes.Equal(b, body) {
			continue
		}
		if out.Langs == nil {
			out.Langs = map[string][]byte{string(sent): body}
		}
		out.Langs[string(l)] = b
	}
	if out.Langs == nil {
		out.Lang = service.EveryLang
	}
	return out
}

// rewind gives the handler the request's body from its start.
func (req *keyedRequest) rewind(c *gin.Context) error {
	if req.upload == nil {
		c.Request.Body = io.NopCloser(bytes.NewReader(req.body))
		return nil
	}
	body, err := req.upload.body()
	if err != nil {
		return err
	}
	c.Request.Body = body
	c.Set(ctxUpload, req.upload)
	return nil
}

// refusal is a handler's error answer that carried no error value.
type refusal struct {
	status int
	header http.Header
	body   []byte
}

func (r *refusal) Error() string { return http.StatusText(r.status) }

func (r *refusal) answer(c *gin.Context) {
	for k, v := range r.header {
		c.Writer.Header()[k] = v
	}
	c.Status(r.status)
	_, _ = c.Writer.Write(r.body)
}

// bufferedWriter keeps a handler's answer aside until its transaction has
// committed.
type bufferedWriter struct {
	gin.ResponseWriter
	header  http.Header
	status  int
	body    bytes.Buffer
	written bool
}

func (w *bufferedWriter) Header() http.Header { return w.header }

func (w *bufferedWriter) WriteHeader(code int) {
	if code > 0 && !w.written {
		w.status = code
	}
}

func (w *bufferedWriter) WriteHeaderNow() { w.written = true }

func (w *bufferedWriter) Write(b []byte) (int, error) {
	w.written = true
	return w.body.Write(b)
}

func (w *bufferedWriter) WriteString(s string) (int, error) {
	w.written = true
	return w.body.WriteString(s)
}

func (w *bufferedWriter) Status() int   { return w.status }
func (w *bufferedWriter) Size() int     { return w.body.Len() }
func (w *bufferedWriter) Written() bool { return w.written }
func (w *bufferedWriter) Flush()        {}
