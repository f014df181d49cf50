package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[string]int{
	ledger.EInvalid:      http.StatusUnprocessableEntity,
	codeMalformed:        http.StatusBadRequest,
	ledger.ENotFound:     http.StatusNotFound,
	ledger.EConflict:     http.StatusConflict,
	ledger.EUnauthorized: http.StatusUnauthorized,
	ledger.EForbidden:    http.StatusForbidden,
	ledger.ETooLarge:     http.StatusRequestEntityTooLarge,
	ledger.EInternal:     http.StatusInternalServerError,
	codeUnavailable:      http.StatusServiceUnavailable,
}

// codeUnavailable: the database could not be reached or went away during
// the request (store.Unavailable). Its transaction did not commit, or its
// answer was lost: the same request, with the same Idempotency-Key, may be
// sent again after Retry-After seconds.
const codeUnavailable = "unavailable"

// retryAfterSeconds is what an unavailable answer asks a client to wait.
const retryAfterSeconds = "2"

// codeMalformed is a request the server cannot read at all (bad JSON, a bad
// header); it never leaves the HTTP layer.
const codeMalformed = "malformed"

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail"`
	Code      string       `json:"code"`
	RequestID string       `json:"request_id,omitempty"`
	Errors    []FieldError `json:"errors,omitempty"`
}

// writeError answers with the problem document for err. Internal errors are
// shown only as "internal error"; the access log writes them with the
// request ID (see Server.accessLog), from the error kept here.
func writeError(c *gin.Context, err error) {
	_ = c.Error(err)
	if store.Unavailable(err) {
		c.Header("Retry-After", retryAfterSeconds)
		err = &ledger.Error{Code: codeUnavailable, Message: "the database cannot be reached just now: retry the request in a moment, with the same Idempotency-Key"}
	}
	code := ledger.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status, code = http.StatusInternalServerError, ledger.EInternal
	}
	var se *statusError
	if errors.As(err, &se) {
		status, code = se.status, strings.ReplaceAll(strings.ToLower(http.StatusText(se.status)), " ", "_")
		err = &ledger.Error{Code: code, Message: se.msg}
	}
	p := Problem{
		Type:      "urn:wageguard:problem:" + code,
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    ledger.ErrorMessage(err),
		Code:      code,
		RequestID: c.GetString(ctxRequestID),
		Errors:    fieldErrorsOf(ledger.ErrorFields(err)),
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="wageguard"`)
	}
	c.Header("Content-Type", "application/problem+json")
	c.Render(status, problemRender{p})
	c.Abort()
}

func malformed(format string, args ...any) error {
	return ledger.Errorf(codeMalformed, format, args...)
}
