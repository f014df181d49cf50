package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/service"
)

// Cookies the console sets. The session cookie carries the only copy of the
// session token; the database keeps its keyed hash.
const (
	cookieSession = "wg_session"
	cookieSignIn  = "wg_signin" // the sign-in form's own CSRF token, before there is a session
	cookieLang    = "wg_lang"
)

// req is one signed-in request: who, in which language, with which session.
type req struct {
	w      http.ResponseWriter
	r      *http.Request
	ctx    context.Context
	caller service.Caller
	lang   i18n.Lang
	token  string
}

// need says who may open a page; the resource a page names is checked by
// the page itself against the caller's standing.
type need func(service.Caller) bool

func anyone(service.Caller) bool { return true }

// inspectors: administrators and inspectors (the check runs); acting on an
// alert is an inspector's alone, which the action checks.
func inspectors(c service.Caller) bool {
	return c.Role == ledger.RoleInspector || c.Role == ledger.RoleAdmin
}

// contractors: the payroll upload.
func contractors(c service.Caller) bool {
	return c.Role == ledger.RoleContractor || c.Role == ledger.RoleAdmin
}

// signedIn wraps a page: it resumes the session (or sends the person to
// sign in), checks the need, checks a form's CSRF token, and renders the
// page's error if it has one.
func (c *Console) signedIn(n need, h func(q *req) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		q := &req{w: w, r: r, ctx: r.Context(), lang: langOf(r)}
		ck, err := r.Cookie(cookieSession)
		if err != nil || ck.Value == "" {
			c.toSignIn(w, r, false)
			return
		}
		q.token = ck.Value
		q.caller, err = c.svc.ResumeConsoleSession(r.Context(), ck.Value, c.opts.IdleTimeout)
		if ledger.ErrorCode(err) == ledger.EUnauthorized {
			c.clearCookie(w, r, cookieSession)
			c.toSignIn(w, r, true)
			return
		}
		if err != nil {
			c.fail(q, err)
			return
		}
		q.ctx = service.WithCaller(r.Context(), q.caller)
		if !n(q.caller) {
			c.fail(q, ledger.Errorf(ledger.EForbidden, "not for this role"))
			return
		}
		if r.Method == http.MethodPost {
			defer func() {
				if r.MultipartForm != nil {
					_ = r.MultipartForm.RemoveAll() // an upload's spooled parts
				}
			}()
			if err := c.checkForm(q); err != nil {
				c.fail(q, err)
				return
			}
		}
		if err := h(q); err != nil {
			c.fail(q, err)
		}
	}
}

// toSignIn sends a person without a live session to the sign-in page, back
// to where they were going afterwards (a page, never a form's target).
func (c *Console) toSignIn(w http.ResponseWriter, r *http.Request, ended bool) {
	v := url.Values{}
	if r.Method == http.MethodGet {
		v.Set("next", r.URL.RequestURI())
	}
	if ended {
		v.Set("ended", "1")
	}
	target := Prefix + "signin"
	if len(v) > 0 {
		target += "?" + v.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext is a console path to go back to, or the console's home.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix) || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return Prefix
	}
	return next
}

func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: Prefix, HttpOnly: true, Secure: c.secure(r),
		SameSite: http.SameSiteStrictMode, MaxAge: int(maxAge.Seconds())})
}

func (c *Console) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: Prefix, HttpOnly: true, Secure: c.secure(r),
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

// secure is whether cookies are marked Secure: under TLS, or always when
// the service's public address is https (behind a TLS-terminating proxy).
func (c *Console) secure(r *http.Request) bool { return r.TLS != nil || c.opts.SecureCookies }

// langOf is the language a person chose with the switch, else the
// browser's, else Chinese.
func langOf(r *http.Request) i18n.Lang {
	if ck, err := r.Cookie(cookieLang); err == nil {
		if l, ok := i18n.Parse(ck.Value); ok {
			return l
		}
	}
	return i18n.Negotiate(r.Header.Get("Accept-Language"))
}

// switchLang serves the language switch: a link, so it needs no form.
func (c *Console) switchLang(w http.ResponseWriter, r *http.Request) {
	if l, ok := i18n.Parse(r.URL.Query().Get("to")); ok {
		c.setCookie(w, r, cookieLang, string(l), 365*24*time.Hour)
	}
	http.Redirect(w, r, safeNext(r.URL.Query().Get("back")), http.StatusSeeOther)
}

type signInData struct {
	Next  string
	Ended bool
}

// signInForm shows the sign-in form with its own CSRF token (a cookie and
// the same value in the form: a page on another site can read neither).
func (c *Console) signInForm(w http.ResponseWriter, r *http.Request) {
	c.showSignIn(w, r, http.StatusOK, "")
}

func (c *Console) showSignIn(w http.ResponseWriter, r *http.Request, status int, problem string) {
	w.Header().Set("Cache-Control", "no-store")
	tok := randomToken()
	c.setCookie(w, r, cookieSignIn, tok, time.Hour)
	q := &req{w: w, r: r, ctx: r.Context(), lang: langOf(r)}
	c.render(q, status, "signin", "console.signin.title", &view{CSRF: tok, Error: problem,
		Data: signInData{Next: safeNext(r.FormValue("next")), Ended: r.FormValue("ended") == "1"}})
}

// signIn turns an API key into a session.
func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	lang := langOf(r)
	ck, _ := r.Cookie(cookieSignIn)
	if err := r.ParseForm(); err != nil || ck == nil || !sameToken(ck.Value, r.PostFormValue("csrf")) || crossSite(r) {
		c.showSignIn(w, r, http.StatusForbidden, i18n.T(lang, "console.error.csrf"))
		return
	}
	// A key holding a NUL answered 500 on PostgreSQL: the sign-in form's
	// text is checked as every other form's is (issue 16 #8).
	if err := checkFormText(r.PostForm); err != nil {
		c.fail(&req{w: w, r: r, ctx: r.Context(), lang: lang}, err)
		return
	}
	token, _, err := c.svc.StartConsoleSession(r.Context(), strings.TrimSpace(r.PostFormValue("key")), c.opts.IdleTimeout)
	if ledger.ErrorCode(err) == ledger.EUnauthorized {
		c.showSignIn(w, r, http.StatusUnauthorized, i18n.T(lang, "console.signin.bad_key"))
		return
	}
	if err != nil {
		c.fail(&req{w: w, r: r, ctx: r.Context(), lang: lang}, err)
		return
	}
	c.clearCookie(w, r, cookieSignIn)
	c.setCookie(w, r, cookieSession, token, 0)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// signOut ends the session.
func (c *Console) signOut(q *req) error {
	if err := c.svc.EndConsoleSession(q.ctx, q.token, c.opts.IdleTimeout); err != nil {
		return err
	}
	c.clearCookie(q.w, q.r, cookieSession)
	http.Redirect(q.w, q.r, Prefix+"signin", http.StatusSeeOther)
	return nil
}

// home sends a person to where their work is.
func (c *Console) home(q *req) error {
	target := Prefix + "projects"
	if q.caller.Role == ledger.RoleInspector {
		target = Prefix + "alerts?status=open"
	}
	http.Redirect(q.w, q.r, target, http.StatusSeeOther)
	return nil
}

func (c *Console) notFound(q *req) error {
	return ledger.Errorf(ledger.ENotFound, "no such page")
}
