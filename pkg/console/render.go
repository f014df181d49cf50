package console

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// page is one page's template set: the layout with the page's content.
type page struct{ t *template.Template }

// view is what every template is executed with: the page's data and what
// the layout needs. Templates speak only through T, so every word comes
// from the catalogue in the person's language.
type view struct {
	Lang   i18n.Lang
	Caller service.Caller
	Signed bool
	CSRF   string
	Path   string // this page's path and query, for the language switch
	Title  string // the page title, translated
	Nav    string // the navigation item this page is under
	Flash  string // a translated notice (an action done)
	Error  string // a translated problem
	Fields []ledger.FieldError
	Data   any
}

// T translates a catalogue key into the person's language.
func (v *view) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

// Msg renders a message the service kept as data (an alert's reason, the
// check's notes) in the person's language.
func (v *view) Msg(m ledger.Msg) string { return i18n.Of(v.Lang, m) }

// Role is the caller's role, for what the navigation offers.
func (v *view) Role() string { return string(v.Caller.Role) }

// OtherLang is the language the switch offers.
func (v *view) OtherLang() string {
	if v.Lang == i18n.EN {
		return string(i18n.ZH)
	}
	return string(i18n.EN)
}

var funcs = template.FuncMap{
	"money": money,
	"date":  func(d ledger.Date) string { return d.String() },
	// clock is an instant as an inspector in China reads it: stored times
	// are UTC, and the night's 01:00 run showed as 17:00 the day before.
	"clock":  func(t time.Time) string { return t.In(ledger.Shanghai).Format("2006-01-02 15:04") },
	"query":  pageQuery, // after a literal "…?" in an href: a plain string there is escaped as one value
	"lower":  strings.ToLower,
	"add":    func(a, b int) int { return a + b },
	"string": func(v any) string { return toString(v) },
	// stat is a statistics row's count by measure (0 registered … 7 injury
	// insured), * when hidden from the reader; statMoney its amount.
	"stat": statCount,
	"args": func(v ...any) []any { return v },
	"append": func(rows []ledger.WorkforceRow, r ledger.WorkforceRow) []ledger.WorkforceRow {
		return append(slices.Clip(rows), r)
	},
	"statMoney": statMoney,
}

func parsePages() map[string]*page {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*page{}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", n))
		out[base] = &page{t: t}
	}
	return out
}

// render executes a page into a buffer first, so a template error never
// leaves half a page.
func (c *Console) render(q *req, status int, name, titleKey string, v *view) {
	v.Lang, v.Caller, v.Signed = q.lang, q.caller, q.token != ""
	if v.Signed {
		v.CSRF = csrfToken(q.token)
	}
	v.Path, v.Title = q.r.URL.RequestURI(), i18n.T(q.lang, titleKey)
	var buf bytes.Buffer
	if err := c.pages[name].t.Execute(&buf, v); err != nil {
		c.log.Error("console template failed", "page", name, "error", err.Error())
		http.Error(q.w, i18n.T(q.lang, "common.internal_error"), http.StatusInternalServerError)
		return
	}
	q.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	q.w.WriteHeader(status)
	_, _ = q.w.Write(buf.Bytes())
}

type errorData struct{ Status int }

// fail renders an error page: what is not in the caller's scope is "not
// found", as in the API, so a page does not confirm it exists.
func (c *Console) fail(q *req, err error) {
	status, key := http.StatusInternalServerError, "common.internal_error"
	code := ledger.ErrorCode(err)
	if code == ledger.EInternal && store.Unavailable(err) {
		code = ledger.EUnavailable // lost at BEGIN or COMMIT, where no store call classified it (as the API's writeError)
	}
	switch code {
	case ledger.ENotFound:
		status, key = http.StatusNotFound, "console.error.not_found"
	case ledger.EForbidden:
		status, key = http.StatusForbidden, "console.error.forbidden"
	case ledger.EInvalid:
		status, key = http.StatusUnprocessableEntity, "console.error.invalid"
		if says := controlFields(q.lang, err); says != "" {
			c.render(q, status, "error", "console.error.title", &view{Error: says, Data: errorData{Status: status}})
			return
		}
	case ledger.ETooLarge:
		status, key = http.StatusRequestEntityTooLarge, "console.error.too_large"
	case ledger.EConflict:
		status, key = http.StatusConflict, "console.error.conflict"
	case ledger.EUnavailable:
		// An outage, not a bug: the page says to try again shortly, as the
		// API's 503 does, and the log keeps the cause as a warning.
		status, key = http.StatusServiceUnavailable, "console.error.unavailable"
		c.log.Warn("console request failed: database unavailable", "path", q.r.URL.Path, "error", err.Error())
		q.w.Header().Set("Retry-After", store.RetryAfter)
	default:
		c.log.Error("console request failed", "path", q.r.URL.Path, "error", err.Error())
	}
	c.render(q, status, "error", "console.error.title", &view{Error: i18n.T(q.lang, key), Data: errorData{Status: status}})
}

// controlFields says which fields of a refused form hold a control
// character, and which; "" when err names none.
func controlFields(lang i18n.Lang, err error) string {
	var says []string
	for _, f := range ledger.ErrorFields(err) {
		if f.Code == string(ledger.RefuseControl) {
			says = append(says, i18n.Of(lang, f.Msg()))
		}
	}
	if len(says) == 0 {
		return ""
	}
	return i18n.Of(lang, ledger.ErrorMsg(err)) + " " + strings.Join(says, " ")
}
