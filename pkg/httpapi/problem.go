package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
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
	ledger.EUnavailable:  http.StatusServiceUnavailable,
}

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
// request ID (see Server.accessLog), from the error kept here: an outage
// as a warning, with its cause, and a bug as an error.
func writeError(c *gin.Context, err error) {
	if ledger.ErrorCode(err) == ledger.EInternal && store.Unavailable(err) {
		// Lost at BEGIN or COMMIT, where no store call classified it: an
		// outage, as the store's classify words it, the cause kept for the log.
		err = fmt.Errorf("%w (%w)", ledger.Errorf(ledger.EUnavailable, "the database is not reachable: send the request again shortly, with the same Idempotency-Key if it changes something"), err)
	}
	_ = c.Error(err)
	code := ledger.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status, code = http.StatusInternalServerError, ledger.EInternal
	}
	var se *statusError
	if errors.As(err, &se) {
		status, code = se.status, strings.ReplaceAll(strings.ToLower(http.StatusText(se.status)), " ", "_")
		err = &ledger.Error{Code: code, Message: se.msg.String(), Text: &se.msg}
	}
	p := Problem{
		Type:      "urn:wageguard:problem:" + code,
		Title:     problemTitle(langOf(c), status),
		Status:    status,
		Detail:    text(c, ledger.ErrorMsg(err)),
		Code:      code,
		RequestID: c.GetString(ctxRequestID),
		Errors:    fieldErrorsOf(ledger.ErrorFields(err)),
	}
	p = localized(c, p).(Problem)
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="wageguard"`)
	}
	if status == http.StatusServiceUnavailable {
		c.Header("Retry-After", store.RetryAfter)
	}
	c.Header("Content-Type", "application/problem+json")
	c.Render(status, problemRender{p})
	c.Abort()
}

func malformed(format string, args ...any) error {
	return ledger.Errorf(codeMalformed, format, args...)
}

// problemTitle is the status's short title in lang, like detail: a title
// the catalogue lacks falls back to the HTTP reason phrase.
func problemTitle(lang i18n.Lang, status int) string {
	if key := "problem.title." + strconv.Itoa(status); i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return http.StatusText(status)
}
