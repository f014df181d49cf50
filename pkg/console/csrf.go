package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/wageguard/wageguard/ledger"
)

// Every form carries a CSRF token bound to the session: the HMAC of a fixed
// label under the session token. Only a page the console served to the
// holder of the session cookie can know it, and nothing more is stored.
const csrfLabel = "wageguard console csrf v1"

func csrfToken(sessionToken string) string {
	m := hmac.New(sha256.New, []byte(sessionToken))
	m.Write([]byte(csrfLabel))
	return hex.EncodeToString(m.Sum(nil))
}

func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func randomToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// crossSite reports a request a browser says came from another site: the
// SameSite cookie already keeps the session out of it, this refuses it
// before anything is read.
func crossSite(r *http.Request) bool {
	return r.Header.Get("Sec-Fetch-Site") == "cross-site"
}

// checkForm reads a posted form (a multipart one up to the upload limit)
// and checks its CSRF token.
func (c *Console) checkForm(q *req) error {
	forbidden := ledger.Errorf(ledger.EForbidden, "the form's CSRF token is missing or wrong")
	if crossSite(q.r) {
		return forbidden
	}
	q.r.Body = http.MaxBytesReader(q.w, q.r.Body, c.opts.MaxUploadBytes+1<<20)
	mt, _, _ := mime.ParseMediaType(q.r.Header.Get("Content-Type"))
	var err error
	if mt == "multipart/form-data" {
		// All of it in memory (the body is capped just above): a file part
		// past maxMemory would go to a temporary file in clear, identity
		// and card numbers included, and outlive a crash (issue 16 #4).
		err = q.r.ParseMultipartForm(c.opts.MaxUploadBytes + 1<<20)
	} else {
		err = q.r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return ledger.Errorf(ledger.ETooLarge, "the form is too large")
		}
		return ledger.Errorf(ledger.EInvalid, "the form cannot be read")
	}
	if !sameToken(csrfToken(q.token), q.r.PostFormValue("csrf")) {
		return forbidden
	}
	return checkFormText(q.r.PostForm)
}

// checkFormText refuses a form a field of which (a note, a reason, a
// period) holds a control character or a bidi override, as the API refuses
// them in a JSON body (issue 16 #8): before any handler runs, so nothing
// is changed. PostgreSQL cannot store a NUL (it answered 500) and SQLite
// stored it. A multipart form's file is not here: its reader checks cells.
func checkFormText(form url.Values) error {
	names := make([]string, 0, len(form))
	for k := range form {
		names = append(names, k)
	}
	sort.Strings(names)
	var fields []ledger.FieldError
	for _, k := range names {
		field := k
		if _, bad := ledger.BadTextRune(k); bad {
			field = strconv.QuoteToASCII(k)
		}
		for _, v := range append([]string{k}, form[k]...) {
			if r, bad := ledger.BadTextRune(v); bad {
				fields = append(fields, ledger.FieldErrorf(0, field, string(ledger.RefuseControl),
					"%s holds the control character U+%04X, which no text field may hold: remove it", field, r))
				break
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	e := ledger.Errorf(ledger.EInvalid, "the form holds control characters, so nothing was changed.")
	e.Fields = fields
	return e
}
