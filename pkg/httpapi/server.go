// Package httpapi is wageguard's HTTP API: gin routes, the access rules
// enforced in one middleware, problem+json errors, idempotency and metrics.
package httpapi

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/console"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/spool"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/schemas"
)

// Need says who may call a route, given the resource its path names.
type Need int

const (
	Public            Need = iota // no key: health, readiness, metrics
	AnyKey                        // any valid key; what it returns is filtered by scope
	Read                          // the caller's scope includes the resource
	Admin                         // administrators only
	ProjectCreator                // administrators and contractors (the service checks the GC)
	GeneralContractor             // administrators and the project's GC
	Employer                      // administrators, the project's GC and its subcontractors
	Auditor                       // administrators and inspectors (who see their region's records)
	PayingParty                   // administrators, the project's GC and the bank holding its wage account
	BankOnly                      // bank keys, speaking for their own bank
	Inspection                    // administrators and inspectors: the nightly check
	GuaranteeIssuer               // administrators and bank keys (banks and insurers), lodging and topping up what they hold
	RegionInspector               // the inspectors whose region holds the resource, and nobody else: an administrator neither acts on alerts, draws down nor releases (API.md)
	PayslipHolder                 // no key: the path's payslip token, checked and rate-limited, acts for its worker and sees only its own page
	ComplaintReader               // administrators, the region's inspectors, and the project's general contractor (redacted); a subcontractor does not know the complaint exists
	InspectorOnly                 // inspectors, speaking for their region (the service checks the project named in the body)
	Investigator                  // the region's inspectors and the project's general contractor: a worker's evidence bundle
	AlertReader                   // administrators, inspectors and contractors (scope filters what each sees); not banks (API.md: alerts are for inspectors and contractors)
	OrderReader                   // administrators, the region's inspectors, the project's general contractor and the employer the order names
	StatsReader                   // administrators, inspectors (their region) and general contractors (their projects, small counts hidden); not banks
	PolicyKeeper                  // administrators, the project's general contractor and the region's inspectors: voiding a work-injury policy
	ReceiptHolder                 // no key: the path's complaint receipt code, checked and rate-limited with the payslip links, sees only its complaint's state and deadlines
)

func (n Need) String() string {
	return [...]string{"public", "any key", "read", "admin", "project creator", "general contractor", "employer", "auditor", "paying party", "bank", "inspection", "guarantee issuer", "region inspector", "payslip holder", "complaint reader", "inspector", "investigator", "alert reader", "order reader", "stats reader", "policy keeper", "receipt holder"}[n]
}

// Resource is what the path's {id} names, for scope checks.
type Resource int

const (
	ResNone Resource = iota
	ResOrganization
	ResProject
	ResPayroll     // a payroll: its project's rules apply, and a subcontractor sees only its own
	ResInstruction // a payment instruction: its project's rules apply
	ResEnrolment   // a worker's enrolment: its project's rules, a subcontractor's own workers only
	ResAlert       // an alert: its project's rules; of its contractors, the GC and the employer it names
	ResGuarantee   // a guarantee: its project's GC, its issuer, its region's inspectors
	ResComplaint   // a complaint: its project's GC and its region's inspectors
	ResOrder       // an order to pay: its project's GC, the employer it names, its region's inspectors
	ResListing     // a blacklist proposal: its project's region's inspectors
)

// noun is the catalogue key of the resource's name, as a "not found" names it.
func (r Resource) noun() string {
	return [...]string{"", "resource.organization", "resource.project", "resource.payroll", "resource.instruction", "resource.enrolment",
		"resource.alert", "resource.guarantee", "resource.complaint", "resource.order", "blacklist proposal"}[r]
}

// kind is the resource as the store's scope query knows it.
func (r Resource) kind() store.Kind {
	return [...]store.Kind{0, store.KindOrganization, store.KindProject, store.KindPayroll, store.KindInstruction, store.KindEnrolment, store.KindAlert, store.KindGuarantee, store.KindComplaint, store.KindOrder, store.KindListing}[r]
}

// Access is a route's rule.
type Access struct {
	Resource Resource
	Need     Need
	Param    string // the path parameter naming the resource; "id" when empty
}

func (a Access) param() string {
	if a.Param == "" {
		return "id"
	}
	return a.Param
}

// Route is one entry of the route table; the authorization matrix test and
// the idempotency test are generated from it.
type Route struct {
	Method  string
	Path    string
	Access  Access
	Handler gin.HandlerFunc
	// Body is what a write carries; every write honours Idempotency-Key.
	Body Body
}

// Options configures a Server.
type Options struct {
	Log *slog.Logger
	// MaxBodyBytes caps JSON request bodies (default 1 MiB).
	MaxBodyBytes int64
	// MaxUploadBytes caps file uploads (default 256 MiB).
	MaxUploadBytes int64
	// MaxAnswerInEveryLanguage is the largest answer to a keyed write kept
	// in every language for a replay (default 256 KiB); a larger one is kept
	// in its first request's language alone (inEveryLanguage).
	MaxAnswerInEveryLanguage int
	// FileLimits bound what a file may hold (rows, bytes).
	FileLimits payrollfile.Limits
	// Spool is the private directory uploads are spooled to, encrypted
	// (default: spool.Default(""), under the system's temporary directory).
	Spool *spool.Dir
	// Ready checks the database for /readyz.
	Ready func(ctx context.Context) error
	// Pool reports database pool figures for /metrics.
	Pool func() PoolStats
	// PayslipLimits bound how often payslip links are tried; the defaults
	// (DefaultPayslipLimits) when zero.
	PayslipLimits PayslipLimits
	// PublicListPerMinute bounds the keyless GET /blacklist per client
	// address per minute (DefaultPublicListPerMinute when zero).
	PublicListPerMinute int
	// PublicURL is the scheme and host printed in payslip links and QR
	// codes ("https://wages.example.gov.cn"); the request's own when empty.
	PublicURL string
	// TrustedProxies are the addresses (IPs or CIDRs) of the reverse
	// proxies whose X-Forwarded-For names the client; none by default, so
	// a client cannot name another address to escape the rate limits.
	TrustedProxies []string
}

// PoolStats are the database pool figures exported on /metrics.
type PoolStats struct {
	Open, InUse, Idle int
	WaitCount         int64
	WaitDuration      time.Duration
}

// Server is the HTTP API over one service.
type Server struct {
	svc     *service.Service
	log     *slog.Logger
	opts    Options
	engine  *gin.Engine
	metrics *metrics
	routes  []Route
	// tokenRoutes are the paths a payslip link or a receipt code opens,
	// counted together on /metrics (observe).
	tokenRoutes map[string]bool
	guard       *payslipGuard
	public      *counter // GET /blacklist per client address (PublicListPerMinute)
}

// New builds the API with its routes. It sets no global state: gin's
// process-wide mode (which only decides whether gin prints its debugging
// lines) is the program's to set, once, in main.
func New(svc *service.Service, opts Options) *Server {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = 256 << 20
	}
	if opts.MaxAnswerInEveryLanguage <= 0 {
		opts.MaxAnswerInEveryLanguage = 256 << 10
	}
	if opts.Spool == nil {
		if d, err := spool.Open(spool.Default("")); err == nil {
			opts.Spool = d
		} else {
			opts.Log.Error("no spool directory: uploads will fail", "error", err.Error())
		}
	}
	s := &Server{svc: svc, log: opts.Log, opts: opts, engine: gin.New(), guard: newPayslipGuard(opts.PayslipLimits),
		public: newCounter(cmp.Or(opts.PublicListPerMinute, DefaultPublicListPerMinute), time.Minute, DefaultPayslipLimits.MaxKeys)}
	if err := s.engine.SetTrustedProxies(opts.TrustedProxies); err != nil {
		opts.Log.Error("trusted proxies refused: trusting none", "error", err.Error())
		_ = s.engine.SetTrustedProxies(nil)
	}
	s.metrics = newMetrics(opts.Pool, svc.ConfirmationQueue)
	s.engine.HandleMethodNotAllowed = true
	s.engine.ContextWithFallback = true
	s.engine.Use(s.requestID, s.language, s.accessLog, s.recovery, s.observe)
	s.engine.NoRoute(func(c *gin.Context) { writeError(c, malformedNotFound(c)) })
	s.engine.NoMethod(func(c *gin.Context) {
		writeError(c, &statusError{http.StatusMethodNotAllowed, ledger.M("method %s is not allowed here", c.Request.Method)})
	})
	s.routes = s.routeTable()
	s.tokenRoutes = map[string]bool{}
	for _, r := range s.routes {
		if r.Access.Need == PayslipHolder || r.Access.Need == ReceiptHolder {
			s.tokenRoutes[r.Path] = true
		}
		limit, handler := opts.MaxBodyBytes, r.Handler
		if r.Body.spooled() {
			limit = opts.MaxUploadBytes
		}
		if r.Body.keyed() {
			handler = s.idempotent(r)
		}
		chain := []gin.HandlerFunc{limitBody(limit), s.authorize(r.Access), handler}
		chain = append([]gin.HandlerFunc{plainParams}, chain...)
		s.engine.Handle(r.Method, r.Path, chain...)
	}
	// The console's HTML pages: its own sessions, CSRF and scope checks
	// (pkg/console); not JSON, so not in the route table or openapi.yaml.
	s.engine.Any(console.Prefix+"*page", plainParams, gin.WrapH(console.New(svc, console.Options{Log: opts.Log, FileLimits: opts.FileLimits,
		SecureCookies: strings.HasPrefix(opts.PublicURL, "https://"), PublicURL: opts.PublicURL})))
	return s
}

// Handler is the http.Handler to serve.
func (s *Server) Handler() http.Handler { return s.engine }

// Routes returns the route table.
func (s *Server) Routes() []Route { return s.routes }

// routeTable is every route of the API with its access rule, by who uses
// it. A route added here without a matching row in the authorization
// matrix test fails it.
func (s *Server) routeTable() []Route {
	return slices.Concat(s.registryRoutes(), s.paymentRoutes(), s.inspectionRoutes(), s.workerRoutes())
}

const v1 = "/api/v1"

// The resources a route's path names, for its access rule.
var (
	org    = Access{Resource: ResOrganization}
	prj    = Access{Resource: ResProject}
	pay    = Access{Resource: ResPayroll}
	holder = Access{Need: PayslipHolder}
)

func with(a Access, n Need) Access { a.Need = n; return a }

// registryRoutes: health, the contract, the audit trail, file formats,
// organisations and their keys, projects and workers.
func (s *Server) registryRoutes() []Route {
	return []Route{
		{"GET", "/healthz", Access{Need: Public}, s.healthz, NoBody},
		{"GET", "/readyz", Access{Need: Public}, s.readyz, NoBody},
		{"GET", "/metrics", Access{Need: Public}, s.metricsHandler, NoBody},
		{"GET", v1 + "/openapi.yaml", Access{Need: Public}, s.openAPI, NoBody},
		{"GET", v1 + "/audit", Access{Need: Auditor}, s.listAudit, NoBody},
		{"GET", v1 + "/formats", Access{Need: AnyKey}, s.listFormats, NoBody},
		{"GET", v1 + "/formats/:kind/template.xlsx", Access{Need: AnyKey}, s.formatTemplate(true), NoBody},
		{"GET", v1 + "/formats/:kind/template.csv", Access{Need: AnyKey}, s.formatTemplate(false), NoBody},

		{"POST", v1 + "/organizations", Access{Need: Admin}, s.createOrganization, JSON},
		{"GET", v1 + "/organizations", Access{Need: AnyKey}, s.listOrganizations, NoBody},
		{"GET", v1 + "/organizations/:id", with(org, Read), s.getOrganization, NoBody},
		{"POST", v1 + "/organizations/:id/keys", with(org, Admin), s.createKey, JSON},
		{"GET", v1 + "/organizations/:id/keys", with(org, Admin), s.listKeys, NoBody},
		{"POST", v1 + "/organizations/:id/keys/:key_id/revoke", with(org, Admin), s.revokeKey, JSON},

		{"POST", v1 + "/projects", Access{Need: ProjectCreator}, s.createProject, JSON},
		{"GET", v1 + "/projects", Access{Need: AnyKey}, s.listProjects, NoBody},
		{"GET", v1 + "/projects/:id", with(prj, Read), s.getProject, NoBody},
		{"PATCH", v1 + "/projects/:id", with(prj, GeneralContractor), s.patchProject, JSON},
		{"POST", v1 + "/projects/:id/subcontractors", with(prj, GeneralContractor), s.addSubcontractor, JSON},
		{"POST", v1 + "/projects/:id/complete", with(prj, GeneralContractor), s.completeProject, JSON},
		{"POST", v1 + "/projects/:id/workers", with(prj, Employer), s.registerWorker, JSON},
		{"POST", v1 + "/projects/:id/workers/import", with(prj, Employer), s.importWorkers, Upload},
		{"GET", v1 + "/projects/:id/workers", with(prj, Read), s.listWorkers, NoBody},
		{"GET", v1 + "/projects/:id/workers/:enrolment_id", with(prj, Read), s.getWorker, NoBody},
		{"PATCH", v1 + "/projects/:id/workers/:enrolment_id", with(prj, Employer), s.updateWorker, JSON},
		{"POST", v1 + "/projects/:id/workers/:enrolment_id/exit", with(prj, Employer), s.exitWorker, JSON},
		{"POST", v1 + "/projects/:id/workers/:enrolment_id/certificates", with(prj, Employer), s.recordCertificate, JSON},
		{"GET", v1 + "/projects/:id/workers/:enrolment_id/certificates", with(prj, Read), s.listCertificates, NoBody},
		{"POST", v1 + "/projects/:id/workers/:enrolment_id/certificates/:certificate_id/reviews", with(prj, Employer), s.recordCertificateReview, JSON},
		{"POST", v1 + "/projects/:id/injury-insurance", with(prj, GeneralContractor), s.recordInjuryPolicy, JSON},
		{"GET", v1 + "/projects/:id/injury-insurance", with(prj, Read), s.listInjuryPolicies, NoBody},
		{"POST", v1 + "/projects/:id/injury-insurance/:policy_id/void", with(prj, PolicyKeeper), s.voidInjuryPolicy, JSON},
	}
}

// paymentRoutes: attendance, payrolls, instructions, reconciliation and the bank.
func (s *Server) paymentRoutes() []Route {
	return []Route{
		{"POST", v1 + "/projects/:id/attendance", with(prj, Employer), s.recordAttendance, Upload},
		{"POST", v1 + "/projects/:id/payrolls", with(prj, Employer), s.submitPayroll, Upload},
		{"GET", v1 + "/projects/:id/payrolls", with(prj, Read), s.listPayrolls, NoBody},
		{"GET", v1 + "/payrolls/:id", with(pay, Read), s.getPayroll, NoBody},
		{"POST", v1 + "/payrolls/:id/approve", with(pay, GeneralContractor), s.approvePayroll, JSON},
		{"POST", v1 + "/payrolls/:id/reject", with(pay, GeneralContractor), s.rejectPayroll, JSON},
		{"GET", v1 + "/payrolls/:id/instructions", with(pay, PayingParty), s.payrollInstructions, NoBody},
		{"POST", v1 + "/instructions/:id/reissue", Access{Resource: ResInstruction, Need: GeneralContractor}, s.reissueInstruction, JSON},
		{"GET", v1 + "/projects/:id/reconciliation", with(prj, Read), s.reconciliation, NoBody},
		{"GET", v1 + "/workers/:id/statement", Access{Resource: ResEnrolment, Need: Read}, s.workerStatement, NoBody},
		{"GET", v1 + "/workers/:id/evidence", Access{Resource: ResEnrolment, Need: Investigator}, s.workerEvidence, NoBody},
		{"GET", v1 + "/evidence/key", Access{Need: Public}, s.evidenceKey, NoBody},
		{"POST", v1 + "/bank/inflows", Access{Need: BankOnly}, s.recordInflow, JSON},
		{"POST", v1 + "/bank/confirmations", Access{Need: BankOnly}, s.recordConfirmations, BankResults},
		{"GET", v1 + "/bank/instructions", Access{Need: BankOnly}, s.bankInstructions, NoBody},
		{"GET", v1 + "/bank/unmatched", Access{Need: BankOnly}, s.bankUnmatched, NoBody},
	}
}

// inspectionRoutes: the nightly check, alerts, guarantees and the policy.
func (s *Server) inspectionRoutes() []Route {
	return []Route{
		{"POST", v1 + "/checks", Access{Need: Inspection}, s.runCheck, JSONSteps},
		{"GET", v1 + "/checks", Access{Need: Inspection}, s.listChecks, NoBody},
		{"GET", v1 + "/checks/:id", Access{Need: Inspection}, s.getCheck, NoBody},
		{"GET", v1 + "/alerts", Access{Need: AlertReader}, s.listAlerts, NoBody},
		{"GET", v1 + "/alerts/:id", Access{Resource: ResAlert, Need: AlertReader}, s.getAlert, NoBody},
		{"POST", v1 + "/alerts/:id/actions", Access{Resource: ResAlert, Need: RegionInspector}, s.actOnAlert, JSON},
		{"GET", v1 + "/blacklist/candidates", Access{Need: Inspection}, s.listBlacklistCandidates, NoBody},
		{"POST", v1 + "/alerts/:id/orders", Access{Resource: ResAlert, Need: RegionInspector}, s.issueOrder, JSON},
		{"GET", v1 + "/orders", Access{Need: AnyKey}, s.listOrders, NoBody},
		{"GET", v1 + "/orders/:id", Access{Resource: ResOrder, Need: OrderReader}, s.getOrder, NoBody},
		{"GET", v1 + "/orders/:id/next-steps", Access{Resource: ResOrder, Need: RegionInspector}, s.orderNextSteps, NoBody},
		{"POST", v1 + "/orders/:id/decisions", Access{Resource: ResOrder, Need: RegionInspector}, s.decideOnOrder, JSON},
		{"GET", v1 + "/blacklist", Access{Need: Public}, s.publicBlacklist, NoBody},
		// API.md names POST /blacklist; the law lists nobody without notice first, so it opens a proposal.
		{"POST", v1 + "/blacklist", Access{Need: InspectorOnly}, s.proposeListing, JSON},
		{"POST", v1 + "/blacklist/proposals", Access{Need: InspectorOnly}, s.proposeListing, JSON},
		{"GET", v1 + "/blacklist/proposals", Access{Need: Inspection}, s.listProposals, NoBody},
		{"GET", v1 + "/blacklist/proposals/:id", Access{Resource: ResListing, Need: Inspection}, s.getProposal, NoBody},
		{"POST", v1 + "/blacklist/proposals/:id/actions", Access{Resource: ResListing, Need: RegionInspector}, s.actOnProposal, JSON},
		{"POST", v1 + "/guarantees", Access{Need: GuaranteeIssuer}, s.lodgeGuarantee, JSON},
		{"GET", v1 + "/guarantees", Access{Need: AnyKey}, s.listGuarantees, NoBody},
		{"GET", v1 + "/projects/:id/guarantee", with(prj, Read), s.projectGuarantee, NoBody},
		{"POST", v1 + "/guarantees/:id/drawdowns", Access{Resource: ResGuarantee, Need: RegionInspector}, s.drawGuarantee, JSON},
		{"POST", v1 + "/guarantees/:id/release", Access{Resource: ResGuarantee, Need: RegionInspector}, s.releaseGuarantee, JSON},
		{"POST", v1 + "/guarantees/:id/topups", Access{Resource: ResGuarantee, Need: GuaranteeIssuer}, s.topUpGuarantee, JSON},
		{"GET", v1 + "/policy", Access{Need: AnyKey}, s.getPolicy, NoBody},
		{"GET", v1 + "/stats/workforce", Access{Need: StatsReader}, s.workforceStats, NoBody},
	}
}

// workerRoutes: payslips, the worker's own page and complaints.
func (s *Server) workerRoutes() []Route {
	return []Route{
		{"POST", v1 + "/payrolls/:id/payslips", with(pay, Employer), s.issuePayslips, JSON},
		{"GET", v1 + "/payrolls/:id/payslips", with(pay, Employer), s.listPayslips, NoBody},
		{"POST", v1 + "/payrolls/:id/payslips/:token_id/revoke", with(pay, Employer), s.revokePayslip, JSON},
		{"POST", v1 + "/payrolls/:id/payslips/:token_id/reissue", with(pay, RegionInspector), s.reissuePayslip, JSON},
		{"POST", v1 + "/payrolls/:id/payslips/:token_id/revoke-direct", with(pay, Auditor), s.revokeDirectPayslip, JSON},
		{"GET", v1 + "/payrolls/:id/payslips/:token_id/qr.svg", with(pay, Employer), s.payslipQR, NoBody},
		{"GET", v1 + "/payslips/:token", holder, s.getPayslip, NoBody},
		{"POST", v1 + "/payslips/:token/confirm", holder, s.answerLine(ledger.ActionConfirmLine), JSON},
		{"POST", v1 + "/payslips/:token/dispute", holder, s.answerLine(ledger.ActionDisputeLine), JSON},
		{"POST", v1 + "/payslips/:token/complaints", holder, s.fileWorkerComplaint, JSON},
		{"GET", "/w/:token", holder, s.payslipPage, NoBody},
		{"POST", "/w/:token", holder, s.payslipPageAction, HTMLForm},
		{"POST", v1 + "/complaints", Access{Need: InspectorOnly}, s.fileComplaint, JSON},
		{"GET", v1 + "/complaints", Access{Need: AnyKey}, s.listComplaints, NoBody},
		{"GET", v1 + "/complaints/:id", Access{Resource: ResComplaint, Need: ComplaintReader}, s.getComplaint, NoBody},
		{"POST", v1 + "/complaints/:id/actions", Access{Resource: ResComplaint, Need: RegionInspector}, s.actOnComplaint, JSON},
		{"GET", v1 + "/complaints/:id/evidence", Access{Resource: ResComplaint, Need: RegionInspector}, s.complaintEvidence, NoBody},
		{"POST", v1 + "/complaints/:id/receipt", Access{Resource: ResComplaint, Need: RegionInspector}, s.reissueReceipt, JSON},
		{"GET", v1 + "/complaints/receipts/:code", Access{Need: ReceiptHolder}, s.getReceipt, NoBody},
		{"GET", "/w/receipts/:code", Access{Need: ReceiptHolder}, s.receiptPage, NoBody},
	}
}

func (s *Server) openAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/yaml", schemas.OpenAPI)
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, Health{Status: "ok"})
}

func (s *Server) readyz(c *gin.Context) {
	if s.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		if err := s.opts.Ready(ctx); err != nil {
			loggerFrom(c).Warn("not ready", "error", err.Error())
			writeError(c, ledger.Errorf(ledger.EUnavailable, "the database is not reachable"))
			return
		}
	}
	h := Health{Status: "ready"}
	if w := s.svc.CalendarWarning(); w.Key != "" {
		h.Warnings = []string{text(c, w)} // still ready: the statutory holidays are known
	}
	c.JSON(http.StatusOK, localized(c, h))
}

func (s *Server) metricsHandler(c *gin.Context) {
	promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}).ServeHTTP(c.Writer, c.Request)
}

type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// newMetrics builds a registry of this server's own (no global state).
// queue reports the small confirmation requests waiting for, and in, their
// bank's transaction.
func newMetrics(pool func() PoolStats, queue func() (waiting, applying int)) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wageguard_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wageguard_http_request_duration_seconds", Help: "HTTP request latency by method and route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
	}
	m.registry.MustRegister(m.requests, m.latency, prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "wageguard_confirmation_requests_waiting",
			Help: "Small confirmation requests waiting for their bank's running transaction."},
			func() float64 { w, _ := queue(); return float64(w) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "wageguard_confirmation_requests_applying",
			Help: "Small confirmation requests in their bank's running transaction."},
			func() float64 { _, a := queue(); return float64(a) }))
	if pool != nil {
		gauge := func(name, help string, f func(PoolStats) float64) prometheus.Collector {
			return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return f(pool()) })
		}
		m.registry.MustRegister(
			gauge("wageguard_db_open_connections", "Open database connections.", func(p PoolStats) float64 { return float64(p.Open) }),
			gauge("wageguard_db_in_use_connections", "Database connections in use.", func(p PoolStats) float64 { return float64(p.InUse) }),
			gauge("wageguard_db_idle_connections", "Idle database connections.", func(p PoolStats) float64 { return float64(p.Idle) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "wageguard_db_wait_count_total", Help: "Waits for a database connection."},
				func() float64 { return float64(pool().WaitCount) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "wageguard_db_wait_seconds_total", Help: "Time spent waiting for a database connection."},
				func() float64 { return pool().WaitDuration.Seconds() }),
		)
	}
	return m
}

// statusError is an HTTP-only error with its own status (405, 503).
type statusError struct {
	status int
	msg    ledger.Msg
}

func (e *statusError) Error() string { return e.msg.String() }

func malformedNotFound(c *gin.Context) error {
	return &statusError{http.StatusNotFound, ledger.M("no such endpoint: %s %s", c.Request.Method, c.Request.URL.Path)}
}
