package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/spool"
)

// ctxUpload holds an upload the idempotency wrapper received (to hash it)
// before the handler ran.
const ctxUpload = "wageguard.upload"

// received is an upload spooled to a temporary file, or the error that
// receiving it met.
type received struct {
	up      service.Upload
	tmp     *spool.File // nil when it could not be created
	readErr error       // the body's own read error (too large), for a JSON reader
	// jsonRequestHash is, for a JSON document sent as the body, the hash
	// the previous build keyed it under (requestHashOf, as for every JSON
	// route), which its Idempotency-Key still accepts.
	jsonRequestHash string
	err             error // what receiveUpload answers
	cleanup         func()
}

// receiveUpload spools an uploaded file to a temporary file while hashing
// it, so that the service can check the file's SHA-256 before reading it and
// then stream it without holding it in memory. The file comes as the "file"
// part of a multipart form, or as the whole body (CSV, XLSX or JSON). An
// upload the idempotency wrapper already received is taken as it is (the
// wrapper rewinds it and removes it).
func (s *Server) receiveUpload(c *gin.Context) (service.Upload, func(), error) {
	r := s.received(c)
	return r.up, r.cleanup, r.err
}

// received is the request's upload: the one the idempotency wrapper
// received (whose cleanup is the wrapper's), or the body spooled now.
func (s *Server) received(c *gin.Context) *received {
	if v, ok := c.Get(ctxUpload); ok {
		r := *v.(*received)
		r.cleanup = func() {}
		if r.err == nil {
			// From its start again: an attempt the database asked to
			// retry reads the file anew.
			if r.up.Body, r.err = r.tmp.Reader(); r.err != nil {
				r.up.Body = nil
			}
		}
		return &r
	}
	return s.spool(c)
}

// spool receives the request's upload.
func (s *Server) spool(c *gin.Context) *received {
	r := &received{up: service.Upload{Limits: s.opts.FileLimits, ColumnWarnings: new([]ledger.FieldError)}, cleanup: func() {}}
	if s.opts.Spool == nil {
		r.err = errors.New("httpapi: no spool directory")
		return r
	}
	tmp, err := s.opts.Spool.Create()
	if err != nil {
		r.err = err
		return r
	}
	r.tmp, r.cleanup = tmp, func() { tmp.Close() }
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt == "multipart/form-data" {
		r.up, r.err = s.receiveMultipart(c, r.up, tmp)
		return r
	}
	r.up.ContentType, r.up.Name = mt, c.Query("filename")
	h := sha256.New()
	to := io.MultiWriter(tmp, h)
	var asJSON hash.Hash
	if mt == "application/json" {
		asJSON = sha256.New()
		asJSON.Write(requestHashPrefix(c))
		to = io.MultiWriter(tmp, h, asJSON)
	}
	if _, err := io.Copy(to, c.Request.Body); err != nil {
		r.readErr, r.err = err, uploadReadError(err)
		return r
	}
	if asJSON != nil {
		r.jsonRequestHash = hex.EncodeToString(asJSON.Sum(nil))
	}
	r.up, r.err = finishUpload(r.up, tmp, h)
	return r
}

// body reads the spooled body again from its start, ending with the error
// reading it met, for a handler that takes the body as JSON.
func (r *received) body() (io.ReadCloser, error) {
	plain, err := r.tmp.Reader()
	if err != nil {
		return nil, err
	}
	if r.readErr != nil {
		return io.NopCloser(io.MultiReader(plain, failingReader{r.readErr})), nil
	}
	return io.NopCloser(plain), nil
}

// failingReader fails with err.
type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

// receiveMultipart reads a multipart form: the "file" part is spooled, the
// other parts (employer_id, period, …) become form values, up to 4 KB each.
func (s *Server) receiveMultipart(c *gin.Context, up service.Upload, tmp *spool.File) (service.Upload, error) {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return up, malformed("the multipart form cannot be read: %v", err)
	}
	h := sha256.New()
	found := false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return up, uploadReadError(err)
		}
		if part.FormName() == "file" {
			found = true
			up.Name, up.ContentType = part.FileName(), part.Header.Get("Content-Type")
			if f := ledger.CheckText(0, "filename", up.Name); f != nil {
				return up, refusedField(*f) // it is kept as the payroll's source and in the audit trail
			}
			if _, err := io.Copy(io.MultiWriter(tmp, h), part); err != nil {
				return up, uploadReadError(err)
			}
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, 4096))
		if err != nil {
			return up, uploadReadError(err)
		}
		if f := ledger.CheckText(0, part.FormName(), string(v)+part.FormName()); f != nil {
			return up, refusedField(*f)
		}
		c.Request.Form = ensureForm(c.Request.Form)
		c.Request.Form.Set(part.FormName(), strings.TrimSpace(string(v)))
	}
	if !found {
		return up, malformed("the form has no part named \"file\"")
	}
	return finishUpload(up, tmp, h)
}

func ensureForm(f url.Values) url.Values {
	if f == nil {
		return url.Values{}
	}
	return f
}

// formValue reads a multipart form value, or else the query parameter.
func formValue(c *gin.Context, name string) string {
	if v := c.Request.Form.Get(name); v != "" {
		return v
	}
	return c.Query(name)
}

func finishUpload(up service.Upload, tmp *spool.File, h hash.Hash) (service.Upload, error) {
	up.SHA256 = hex.EncodeToString(h.Sum(nil))
	plain, err := tmp.Reader()
	if err != nil {
		return up, err
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(plain, head)
	up.Head = head[:n]
	if n == 0 {
		return up, malformed("the uploaded file is empty")
	}
	if up.Body, err = tmp.Reader(); err != nil {
		return up, err
	}
	return up, nil
}

func uploadReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return ledger.Errorf(ledger.ETooLarge, "the upload is larger than the limit of %d MB: split the file", tooBig.Limit>>20)
	}
	return malformed("the upload could not be read")
}

// dryRun reads ?dry_run=true.
func dryRun(c *gin.Context) (bool, error) {
	switch strings.ToLower(c.Query("dry_run")) {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, &ledger.Error{Code: ledger.EInvalid, Message: "bad parameter", Fields: []ledger.FieldError{{Field: "dry_run", Code: "invalid", Message: "dry_run is true or false"}}}
}

// answerUpload writes an upload's result: 201 when stored, 200 for a dry run,
// and the first result with Idempotency-Hit: true when the same file was
// uploaded before.
func answerUpload(c *gin.Context, v any, replayed, dry bool) {
	c.Header("Idempotency-Hit", map[bool]string{true: "true", false: "false"}[replayed])
	status := http.StatusCreated
	if replayed || dry {
		status = http.StatusOK
	}
	c.JSON(status, localized(c, v))
}

// columnWarnings are the warnings about an uploaded file's header: columns
// ignored or read as a near-miss heading. Every upload answers with them.
func columnWarnings(up service.Upload) []FieldError {
	if up.ColumnWarnings == nil {
		return nil
	}
	return fieldErrorsOf(*up.ColumnWarnings)
}

// FieldErrorsOf maps field errors for the command line's import, which
// prints the same answer as the API.
func FieldErrorsOf(errs []ledger.FieldError) []FieldError { return fieldErrorsOf(errs) }
