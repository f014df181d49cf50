// Package console is wageguard's inspector and contractor console: server
// rendered pages at /console/, from embedded templates, in Simplified
// Chinese by default with an English switch. Every page works without
// JavaScript; every word a person reads comes from the catalogue
// (pkg/i18n). A person signs in with an API key, which becomes a
// server-side session; what a page shows is decided by the same scope rules
// as the API (service.Caller.Sees, store.Scope).
package console

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/service"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Prefix is where the console is served.
const Prefix = "/console/"

// Options configures the console.
type Options struct {
	Log *slog.Logger
	// IdleTimeout ends a session unused for this long (default 30 minutes).
	IdleTimeout time.Duration
	// MaxUploadBytes caps a payroll file sent from the console (default 32 MiB;
	// larger files go through the API, which spools them).
	MaxUploadBytes int64
	// FileLimits bound what a file may hold (rows, bytes).
	FileLimits payrollfile.Limits
	// SecureCookies marks cookies Secure on every request: the service is
	// reached over https through a proxy that speaks plain HTTP to it
	// (--public-url https://…). Without it, only a TLS connection does.
	SecureCookies bool
	// PublicURL is the scheme and host of the links a worker is given (a
	// payslip link an inspector re-issues), as in the API's; without it, the
	// request's own.
	PublicURL string
}

// Console serves the console's pages.
type Console struct {
	svc   *service.Service
	log   *slog.Logger
	opts  Options
	mux   *http.ServeMux
	pages map[string]*page
}

// New builds the console over svc.
func New(svc *service.Service, opts Options) *Console {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = 30 * time.Minute
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = 32 << 20
	}
	c := &Console{svc: svc, log: opts.Log, opts: opts, mux: http.NewServeMux(), pages: parsePages()}
	c.routes()
	return c
}

// route is one pattern of the console's mux and what serves it.
type route struct {
	pattern string
	handler http.Handler
}

// routes registers the route table.
func (c *Console) routes() {
	for _, rt := range c.routeTable() {
		c.mux.Handle(rt.pattern, rt.handler)
	}
}

// Routes is every pattern the console registers ("GET /console/alerts/{id}"),
// in order: what a test walks. It needs no service: the table's handlers
// are built, never called.
func Routes() []string {
	var ps []string
	for _, rt := range (&Console{}).routeTable() {
		ps = append(ps, rt.pattern)
	}
	return ps
}

// routeTable is every page of the console, in one place.
func (c *Console) routeTable() []route {
	return []route{
		{"GET /console/{$}", c.signedIn(anyone, c.home)},
		{"GET /console/signin", http.HandlerFunc(c.signInForm)},
		{"POST /console/signin", http.HandlerFunc(c.signIn)},
		{"POST /console/signout", c.signedIn(anyone, c.signOut)},
		{"GET /console/lang", http.HandlerFunc(c.switchLang)},
		{"GET /console/static/", http.StripPrefix(Prefix+"static/", staticFiles())},

		{"GET /console/alerts", c.signedIn(anyone, c.alertQueue)},
		{"GET /console/alerts/{id}", c.signedIn(anyone, c.alertPage)},
		{"POST /console/alerts/{id}/actions", c.signedIn(inspectors, c.alertAction)},
		{"GET /console/projects", c.signedIn(anyone, c.projectList)},
		{"GET /console/projects/{id}", c.signedIn(anyone, c.projectPage)},
		{"GET /console/projects/{id}/workers/{enrolment}", c.signedIn(anyone, c.workerPage)},
		{"GET /console/projects/{id}/upload", c.signedIn(contractors, c.uploadForm)},
		{"POST /console/projects/{id}/upload", c.signedIn(contractors, c.upload)},
		{"GET /console/payrolls/{id}", c.signedIn(anyone, c.payrollPage)},
		{"POST /console/payrolls/{id}/payslips/{token}/reissue", c.signedIn(inspectors, c.reissuePayslip)},
		{"POST /console/payrolls/{id}/payslips/{token}/revoke-direct", c.signedIn(inspectors, c.revokeDirectPayslip)},
		{"GET /console/checks", c.signedIn(inspectors, c.checkRuns)},
		{"GET /console/complaints", c.signedIn(inspectors, c.complaintQueue)},
		{"POST /console/complaints", c.signedIn(inspectors, c.fileComplaint)},
		{"GET /console/complaints/{id}", c.signedIn(inspectors, c.complaintPage)},
		{"POST /console/complaints/{id}/actions", c.signedIn(inspectors, c.complaintAction)},
		{"POST /console/complaints/{id}/receipt", c.signedIn(inspectors, c.complaintReceipt)},
		{"GET /console/complaints/{id}/evidence", c.signedIn(inspectors, c.complaintEvidence)},
		{"GET /console/complaints/{id}/evidence.sig", c.signedIn(inspectors, c.complaintEvidenceSig)},
		{"GET /console/orders", c.signedIn(anyone, c.orderList)},
		{"GET /console/orders/{id}", c.signedIn(anyone, c.orderPage)},
		{"GET /console/blacklist", c.signedIn(anyone, c.blacklistPage)},
		{"GET /console/blacklist/candidates", c.signedIn(inspectors, c.candidatesPage)},
		{"POST /console/blacklist/proposals", c.signedIn(inspectors, c.propose)},
		{"GET /console/blacklist/proposals/{id}", c.signedIn(inspectors, c.proposalPage)},
		{"POST /console/blacklist/proposals/{id}/actions", c.signedIn(inspectors, c.proposalAction)},
		{"GET /console/stats", c.signedIn(statsReaders, c.statsPage)},
		{"GET /console/stats/workforce.xlsx", c.signedIn(statsReaders, c.statsDownload)},
		{"/console/", c.signedIn(anyone, c.notFound)},
	}
}

// ServeHTTP serves a console request.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	// HEAD is refused, as the API refuses it: Go's mux would run a page's
	// GET handler for it, and a page that writes on purpose (an evidence
	// download, audited as handed out) would record a hand-out nobody
	// received.
	if r.Method == http.MethodHead {
		h.Set("Allow", c.allowed(r))
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	c.mux.ServeHTTP(w, r)
}

// allowed is the methods the console serves at r's path, for a 405's Allow:
// those of a route of the path's own, not the catch-all that answers every
// method with "not found".
func (c *Console) allowed(r *http.Request) string {
	var methods []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := c.mux.Handler(probe); pattern != "" && pattern != Prefix {
			methods = append(methods, m)
		}
	}
	return strings.Join(methods, ", ")
}

// staticFiles serves the stylesheet: the static directory only, never the
// templates beside it.
func staticFiles() http.Handler {
	sub, err := fs.Sub(assets, "static")
	if err != nil {
		panic(err)
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
