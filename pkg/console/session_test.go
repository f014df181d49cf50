package console_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
)

// noRedirect is a client that shows each answer as it is.
func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Signing in turns a key into a session cookie (HttpOnly, SameSite=Strict,
// the console's path) whose token the database keeps only as its keyed
// hash; a wrong key, or a form without its CSRF token, opens nothing.
func TestSignInOpensASession(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		c := noRedirect()
		for path, to := range map[string]string{"/console": "/console/", "/console/": "/console/signin?next=%2Fconsole%2F", "/console/alerts": "/console/signin?next=%2Fconsole%2Falerts"} {
			resp, err := c.Get(f.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode/100 != 3 || resp.Header.Get("Location") != to {
				t.Errorf("%s without a session: %d to %q, want %q", path, resp.StatusCode, resp.Header.Get("Location"), to)
			}
		}
		for path, want := range map[string]int{"/console/static/style.css": http.StatusOK, "/console/static/../templates/layout.html": http.StatusNotFound} {
			resp, err := c.Get(f.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want && !(want == http.StatusNotFound && resp.StatusCode/100 == 3) {
				t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
			}
		}
		resp, err := c.Get(f.srv.URL + "/console/signin")
		if err != nil {
			t.Fatal(err)
		}
		pre := cookieNamed(resp, "wg_signin")
		resp.Body.Close()
		if pre == nil || !pre.HttpOnly || pre.SameSite != http.SameSiteStrictMode {
			t.Fatalf("sign-in form cookie: %+v", pre)
		}
		post := func(form url.Values, withCookie bool) *http.Response {
			req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/console/signin", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if withCookie {
				req.AddCookie(pre)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp
		}
		if r := post(url.Values{"csrf": {pre.Value}, "key": {f.keys["inspA"]}}, false); r.StatusCode != http.StatusForbidden || cookieNamed(r, "wg_session") != nil {
			t.Fatalf("without the form's cookie: %d", r.StatusCode)
		}
		if r := post(url.Values{"csrf": {"forged"}, "key": {f.keys["inspA"]}}, true); r.StatusCode != http.StatusForbidden {
			t.Fatalf("with a wrong token: %d", r.StatusCode)
		}
		if r := post(url.Values{"csrf": {pre.Value}, "key": {f.keys["inspA"] + "x"}}, true); r.StatusCode != http.StatusUnauthorized || cookieNamed(r, "wg_session") != nil {
			t.Fatalf("with a wrong key: %d", r.StatusCode)
		}
		r := post(url.Values{"csrf": {pre.Value}, "key": {f.keys["inspA"]}, "next": {"https://evil.example/"}}, true)
		sess := cookieNamed(r, "wg_session")
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/console/" || sess == nil {
			t.Fatalf("sign-in: %d to %q, cookie %+v", r.StatusCode, r.Header.Get("Location"), sess)
		}
		if !sess.HttpOnly || sess.SameSite != http.SameSiteStrictMode || sess.Path != "/console/" || sess.Secure {
			t.Fatalf("session cookie: %+v", sess)
		}
		var hashes []string
		if err := f.db.Reader(context.Background()).Select(&hashes, `SELECT token_hash FROM console_sessions`); err != nil {
			t.Fatal(err)
		}
		_, key := f.svc.Identity.Key(identity.PurposeSession)
		m := hmac.New(sha256.New, key)
		m.Write([]byte(sess.Value))
		if len(hashes) != 1 || hashes[0] != hex.EncodeToString(m.Sum(nil)) || strings.Contains(hashes[0], sess.Value) {
			t.Fatalf("stored %q for token %q", hashes, sess.Value)
		}
	})
}

// Under TLS the session cookie is Secure.
func TestSessionCookieIsSecureUnderTLS(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		srv := httptest.NewTLSServer(httpapi.New(f.svc, httpapi.Options{}).Handler())
		defer srv.Close()
		c := srv.Client()
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := c.Get(srv.URL + "/console/signin")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		pre := cookieNamed(resp, "wg_signin")
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/console/signin", strings.NewReader(url.Values{"csrf": {pre.Value}, "key": {f.keys["gcA"]}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(pre)
		resp, err = c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if s := cookieNamed(resp, "wg_session"); s == nil || !s.Secure || !pre.Secure {
			t.Fatalf("under TLS: %+v, %+v", s, pre)
		}
	})
}

// A session ends on sign-out, when its key is revoked, and after 30 minutes
// unused; a page asked for afterwards sends the person to sign in.
func TestSessionEnds(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ended := func(b *browser) bool {
			p := b.get("/console/projects")
			return strings.HasSuffix(p.url, "/console/signin")
		}
		b := f.signIn("gcA")
		if ended(b) {
			t.Fatal("a fresh session has ended")
		}
		if p := b.post("/console/signout", url.Values{"csrf": {hidden(b.get("/console/projects").body, "csrf")}}); !strings.HasSuffix(p.url, "/signin") || !ended(b) {
			t.Fatalf("after signing out: at %s", p.url)
		}

		b = f.signIn("gcA")
		f.clock.Advance(20 * time.Minute)
		if ended(b) {
			t.Fatal("ended after 20 minutes")
		}
		f.clock.Advance(20 * time.Minute) // 40 minutes since sign-in, 20 since the last page
		if ended(b) {
			t.Fatal("ended although used 20 minutes ago")
		}
		f.clock.Advance(31 * time.Minute)
		if !ended(b) {
			t.Fatal("still open after 31 minutes unused")
		}

		b = f.signIn("gcA")
		keyID := "key_" + strings.SplitN(strings.TrimPrefix(f.keys["gcA"], "wg_"), "_", 2)[0]
		if _, err := f.svc.RevokeAPIKey(service.WithCaller(context.Background(), service.CLI), f.orgs["gcA"], keyID); err != nil {
			t.Fatal(err)
		}
		if p := b.get("/console/projects"); !strings.Contains(p.body, "登录已失效") {
			t.Fatalf("after the key was revoked: %d at %s", p.status, p.url)
		}
	})
}

// Every form checks its CSRF token: an action without it, or sent from
// another site, changes nothing.
func TestFormsNeedTheirCSRFToken(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		id := f.alertID(t, "wages_unpaid", f.projectA)
		good := hidden(b.get("/console/alerts/"+id).body, "csrf")
		if p := b.post("/console/alerts/"+id+"/actions", url.Values{"action": {"acknowledge"}}); p.status != http.StatusForbidden {
			t.Fatalf("without a token: %d", p.status)
		}
		if p := b.post("/console/alerts/"+id+"/actions", url.Values{"action": {"acknowledge"}, "csrf": {strings.Repeat("0", len(good))}}); p.status != http.StatusForbidden {
			t.Fatalf("with a wrong token: %d", p.status)
		}
		other := f.signIn("inspA") // another session's token is not this one's
		if p := b.post("/console/alerts/"+id+"/actions", url.Values{"action": {"acknowledge"}, "csrf": {hidden(other.get("/console/alerts/"+id).body, "csrf")}}); p.status != http.StatusForbidden {
			t.Fatalf("with another session's token: %d", p.status)
		}
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/console/alerts/"+id+"/actions", strings.NewReader(url.Values{"action": {"acknowledge"}, "csrf": {good}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("from another site: %d", resp.StatusCode)
		}
		if p := b.get("/console/alerts/" + id); !strings.Contains(p.body, `id="alert-status"><span class="status st-open"`) {
			t.Fatal("a refused form changed the alert")
		}
	})
}

// Behind a proxy that ends TLS, the service sees plain HTTP: a public
// address that is https marks the cookies Secure all the same, and without
// one plain HTTP does not.
func TestSessionCookieIsSecureBehindATLSProxy(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		for _, c := range []struct {
			public string
			secure bool
		}{{"https://wages.example.gov.cn", true}, {"", false}, {"http://10.0.0.5:8080", false}} {
			srv := httptest.NewServer(httpapi.New(f.svc, httpapi.Options{PublicURL: c.public}).Handler())
			resp, err := srv.Client().Get(srv.URL + "/console/signin")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			srv.Close()
			if pre := cookieNamed(resp, "wg_signin"); pre == nil || pre.Secure != c.secure {
				t.Errorf("public address %q over plain HTTP: cookie %+v, want Secure %v", c.public, pre, c.secure)
			}
		}
	})
}
