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
	return nil
}
