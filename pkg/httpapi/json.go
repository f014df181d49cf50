package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// readBody reads the whole (size-limited) request body.
func readBody(c *gin.Context) ([]byte, error) {
	b, err := io.ReadAll(c.Request.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, ledger.Errorf(ledger.ETooLarge, "the request body is larger than the limit of %d {byte|bytes}", tooBig.Limit)
	}
	if err != nil {
		return nil, malformed("the request body could not be read")
	}
	return b, nil
}

// firstBadValue is the decoder's own error, when walking the body found no
// bad value to name (it should always find one).
func firstBadValue(err error, le *ledger.Error, typ *json.UnmarshalTypeError) error {
	switch {
	case le != nil:
		return le
	case typ != nil:
		return ledger.NewError(ledger.EInvalid, ledger.M("request is not valid"),
			ledger.FieldErrorf(0, typ.Field, "type", "%s must be a %s, got a JSON %s", typ.Field, ledger.JSONKindMsg(jsonKind(typ.Type.Kind().String())), ledger.JSONKindMsg(typ.Value)))
	}
	f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
	return ledger.NewError(ledger.EInvalid, ledger.M("request is not valid"), ledger.FieldErrorf(0, f, "unknown_field", "%q is not a field of this request", f))
}

// decodeJSON reads body into v strictly: unknown fields are refused (a typo
// in a field name must not silently drop a value), and so is trailing data.
func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return malformed("the request body is empty; send a JSON object")
	}
	if err := checkJSONBody(bytes.NewReader(body)); err != nil {
		return err
	}
	return decodeChecked(body, v)
}

// decodeChecked is decodeJSON for a body that checkJSONBody has passed: a
// streamed list's items are checked once as they arrive, not twice.
func decodeChecked(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var le *ledger.Error
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return jsonSyntaxError(syn)
		case errors.As(err, &le) || errors.As(err, &typ) || strings.HasPrefix(err.Error(), "json: unknown field "):
			// The decoder stops at the first bad value: every one is named.
			if bad := badValues(body, v); len(bad) > 0 {
				return ledger.NewError(ledger.EInvalid, ledger.M("request is not valid"), bad...)
			}
			return firstBadValue(err, le, typ)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return malformed("the request body is not valid JSON: it ends too early")
		}
		return malformed("the request body is not valid JSON")
	}
	if dec.More() {
		return malformed("the request body has data after the JSON object")
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "int", "int64", "int32", "float64":
		return "number"
	case "struct", "map":
		return "object"
	case "slice":
		return "list"
	}
	return k
}

// bind reads and decodes the JSON body; it returns the raw body too, whose
// hash identifies the request for idempotency and the audit trail.
func bind(c *gin.Context, v any) ([]byte, error) {
	body, err := readBody(c)
	if err != nil {
		return nil, err
	}
	return body, decodeJSON(body, v)
}

// requestHashOf is the SHA-256 of the method, the path with its query and the body.
func requestHashOf(c *gin.Context, body []byte) string {
	return ledger.SHA256Hex(append(requestHashPrefix(c), body...))
}

// requestHashPrefix is what requestHashOf hashes before the body.
func requestHashPrefix(c *gin.Context) []byte {
	return []byte(c.Request.Method + " " + c.Request.URL.RequestURI() + "\n")
}

// write runs a change and answers with its result. The request's hash goes
// to the audit record; an Idempotency-Key is the route's wrapper's business
// (idempotency.go), which runs this inside the key's transaction.
func (s *Server) write(c *gin.Context, body []byte, status int, fn func(ctx context.Context) (any, error)) {
	s.writeHashed(c, requestHashOf(c, body), status, fn)
}

// writeHashed is write for a body read as it streamed, whose request hash
// was computed on the way.
func (s *Server) writeHashed(c *gin.Context, requestHash string, status int, fn func(ctx context.Context) (any, error)) {
	v, err := fn(service.WithRequestHash(c.Request.Context(), requestHash))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(status, localized(c, v))
}

// page is the cursor and limit of a list request.
type page struct {
	after string
	limit int
}

// fetch is how many items a list asks for: one more than the page, so that
// the page says whether another follows (next_cursor only then: a full
// page that was the last gave a cursor to an empty one).
func (p page) fetch() int { return p.limit + 1 }

func pageOf(c *gin.Context) (page, error) {
	p := page{limit: 100}
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			return p, &ledger.Error{Code: ledger.EInvalid, Message: "bad list parameters", Fields: []ledger.FieldError{{
				Field: "limit", Code: "out_of_range", Message: "limit must be a whole number from 1 to 1000"}}}
		}
		p.limit = n
	}
	if cur := c.Query("cursor"); cur != "" {
		after, err := decodeCursor(cur)
		if err != nil {
			return p, err
		}
		p.after = after
	}
	return p, nil
}

// listResponse is every list's shape.
type listResponse[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// newList is the page of limit items of items, which were fetched as
// page.fetch asks: the cursor to the next page only when there is one.
func newList[T any](items []T, limit int, lastID func(T) string) listResponse[T] {
	r := listResponse[T]{Items: items}
	if r.Items == nil {
		r.Items = []T{}
	}
	if len(items) > limit && limit > 0 {
		r.Items = items[:limit]
		r.NextCursor = encodeCursor(lastID(r.Items[limit-1]))
	}
	return r
}
