package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

const (
	ctxRequestID = "wageguard.request_id"
	ctxLogger    = "wageguard.logger"
	ctxStanding  = "wageguard.standing" // the caller's standing to the path's resource, once the access check allowed it
	headerReqID  = "X-Request-ID"
)

// requestID gives every request an ID, taken from X-Request-ID when the
// client sent a sane one, and puts it on the response and every log line.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader(headerReqID)
	if !saneRequestID(id) {
		var b [12]byte
		_, _ = rand.Read(b[:])
		id = "req_" + hex.EncodeToString(b[:])
	}
	c.Set(ctxRequestID, id)
	c.Set(ctxLogger, s.log.With("request_id", id))
	c.Header(headerReqID, id)
	c.Next()
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || r == '.' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) {
			return false
		}
	}
	return true
}

func loggerFrom(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(ctxLogger); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}

// secretParams are the path parameters that are credentials, never
// logged: a payslip token, a complaint's receipt code.
var secretParams = []string{"token", "code"}

// accessLog writes one JSON line per request. It logs the route and path but
// never a header: the Authorization header carries the API key.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	if last := c.Errors.Last(); last != nil && isInternal(last.Err) {
		loggerFrom(c).Error("internal error", "error", last.Err.Error())
	} else if last != nil && ledger.ErrorCode(last.Err) == ledger.EUnavailable {
		loggerFrom(c).Warn("database unavailable", "error", last.Err.Error())
	}
	caller := service.CallerFrom(c.Request.Context())
	path := c.Request.URL.Path
	for _, name := range secretParams {
		if v := c.Param(name); v != "" {
			path = strings.Replace(path, v, "<"+name+">", 1)
		}
	}
	attrs := []any{
		"method", c.Request.Method,
		"route", c.FullPath(),
		"path", path,
		"status", c.Writer.Status(),
		"bytes", c.Writer.Size(),
		"duration_ms", float64(time.Since(start).Microseconds()) / 1000,
		"remote", c.ClientIP(),
	}
	if caller.KeyID != "system" {
		attrs = append(attrs, "key_id", caller.KeyID, "role", string(caller.Role))
	}
	if c.GetHeader("Idempotency-Key") != "" {
		attrs = append(attrs, "idempotency_hit", c.Writer.Header().Get("Idempotency-Hit") == "true")
	}
	loggerFrom(c).Info("request", attrs...)
}

// isInternal reports whether err is answered as "internal error", whose
// cause only the log shows.
func isInternal(err error) bool {
	var se *statusError
	if errors.As(err, &se) {
		return false
	}
	code := ledger.ErrorCode(err)
	_, known := statusOf[code]
	return !known || code == ledger.EInternal
}

// recovery turns a panic into a logged internal error.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			writeError(c, fmt.Errorf("panic: %v", p))
		}
	}()
	c.Next()
}

// observe records request counts and latency by route and status. The
// worker's routes (a payslip link's, a receipt code's) are counted
// together, by status class only: /metrics is public and the contractor
// holds every payslip link, so which of them answered what (a complaint
// filed: 201 on its route, 200 rather than 303 from the page's form; a
// receipt opened) would tell it that a worker complained (LSIR Art. 9).
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	method, route := c.Request.Method, c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := strconv.Itoa(c.Writer.Status())
	if s.tokenRoutes[route] {
		method, route, status = "any", "worker", status[:1]+"xx"
	}
	s.metrics.requests.WithLabelValues(method, route, status).Inc()
	s.metrics.latency.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
}

// limitBody caps what a handler can read from the request body.
func limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}

// plainParams refuses a path or query parameter holding a control
// character or a bidi override, naming it (issue 16, item 8: an ID with a
// NUL reached PostgreSQL, which answered 500). JSON bodies are checked by
// the JSON walker, files by their reader, form fields where they are read.
func plainParams(c *gin.Context) {
	for _, p := range c.Params {
		if f := ledger.CheckText(0, p.Key, p.Value); f != nil {
			writeError(c, refusedField(*f))
			return
		}
	}
	for k, vs := range c.Request.URL.Query() {
		for _, v := range append(vs, k) {
			if f := ledger.CheckText(0, k, v); f != nil {
				writeError(c, refusedField(*f))
				return
			}
		}
	}
	c.Next()
}

// authorize is the one place where access rules are enforced: it
// authenticates the key, then checks the route's rule against the resource
// the path names. Outside its scope a caller gets 404 for a resource it may
// not know exists and 403 for one it can see but may not change.
func (s *Server) authorize(a Access) gin.HandlerFunc {
	return func(c *gin.Context) {
		if a.Need == Public {
			c.Next()
			return
		}
		if a.Need == PayslipHolder {
			s.holdPayslip(c)
			return
		}
		if a.Need == ReceiptHolder {
			s.holdReceipt(c)
			return
		}
		caller, err := s.authenticate(c)
		if err != nil {
			writeError(c, err)
			return
		}
		ctx := service.WithCaller(c.Request.Context(), caller)
		c.Request = c.Request.WithContext(ctx)
		if err := s.check(c, a, caller); err != nil {
			writeError(c, err)
			return
		}
		c.Next()
	}
}

func (s *Server) authenticate(c *gin.Context) (service.Caller, error) {
	if len(c.Request.Header.Values("Authorization")) > 1 {
		// Two keys: which one a proxy or the server would honour is not
		// for the caller to find out (issue 16, item 15).
		return service.Caller{}, ledger.Errorf(ledger.EUnauthorized, "send one Authorization header, not several")
	}
	h := c.GetHeader("Authorization")
	if h == "" {
		return service.Caller{}, ledger.Errorf(ledger.EUnauthorized, "an API key is required: send Authorization: Bearer <key>")
	}
	scheme, key, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" || strings.ContainsAny(strings.TrimSpace(key), " \t") {
		return service.Caller{}, ledger.Errorf(ledger.EUnauthorized, "the Authorization header is malformed: send Authorization: Bearer <key>")
	}
	return s.svc.Authenticate(c.Request.Context(), strings.TrimSpace(key))
}

// check decides a route's rule for the caller. A rule on a resource costs one
// query, which finds the resource, whether the caller's scope includes it and
// how the caller stands to its project; the rule's need is then decided on
// that answer alone.
func (s *Server) check(c *gin.Context, a Access, caller service.Caller) error {
	if a.Resource == ResNone {
		return a.Need.allows(caller, nil)
	}
	id := c.Param(a.param())
	if a.Resource == ResEnrolment && ledger.HasPrefix(id, "wkr") {
		// A worker (the person) stands for their latest enrolment the caller sees.
		enr, err := s.svc.EnrolmentOfWorker(c.Request.Context(), id)
		if err != nil {
			return err
		}
		setParam(c, a.param(), enr)
		id = enr
	}
	st, err := s.svc.Standing(c.Request.Context(), a.Resource.kind(), id)
	if err != nil {
		return err
	}
	if !sees(caller, st) {
		return ledger.Errorf(ledger.ENotFound, "%s %q not found", ledger.M(a.Resource.noun()), id)
	}
	if err := a.Need.allows(caller, &st); err != nil {
		return err
	}
	c.Set(ctxStanding, st)
	return nil
}

// setParam replaces the value of the path's parameter name.
func setParam(c *gin.Context, name, value string) {
	for i := range c.Params {
		if c.Params[i].Key == name {
			c.Params[i].Value = value
		}
	}
}

// standingOf is the caller's standing to the resource the path names, as the
// access check found it: a handler uses its project rather than look the
// resource up again. Zero on a route whose rule names no resource.
func standingOf(c *gin.Context) store.Standing {
	st, _ := c.Get(ctxStanding)
	found, _ := st.(store.Standing)
	return found
}

// sees reports whether the caller may know the resource exists (the rule
// the console shares: service.Caller.Sees).
func sees(caller service.Caller, st store.Standing) bool { return caller.Sees(st) }

// allows decides the need for the caller; st is its standing to the resource
// the path names, nil when the path names none. Refusals say what the caller
// may not do and who may.
func (n Need) allows(caller service.Caller, st *store.Standing) error {
	isAdmin := caller.Role == ledger.RoleAdmin
	forbidden := func(what ledger.Msg) error {
		return ledger.Errorf(ledger.EForbidden, "this %s key may not %s", caller.Role.Label(), what)
	}
	if st == nil && (n == GeneralContractor || n == Employer || n == PayingParty || n == PolicyKeeper) {
		return fmt.Errorf("httpapi: route rule %v needs a project resource", n)
	}
	switch {
	case n == Admin && !isAdmin:
		return forbidden(ledger.M("do this: only an administrator may"))
	case n == ProjectCreator && !isAdmin && caller.Role != ledger.RoleContractor:
		return forbidden(ledger.M("register projects: only an administrator or a general contractor may"))
	case n == BankOnly && caller.Role != ledger.RoleBank:
		return forbidden(ledger.M("report bank facts: only a bank's key may"))
	case n == Auditor && !isAdmin && caller.Role != ledger.RoleInspector:
		return forbidden(ledger.M("read the audit trail: only administrators and inspectors may"))
	case n == Inspection && !isAdmin && caller.Role != ledger.RoleInspector:
		return forbidden(ledger.M("run or read the nightly check: only administrators and inspectors may"))
	case n == GeneralContractor && !isAdmin && !st.GeneralContractor:
		return forbidden(ledger.M("do this: only the project's general contractor may"))
	case n == Employer && !isAdmin && !st.GeneralContractor && !st.Subcontractor:
		return forbidden(ledger.M("do this: only the project's general contractor or its subcontractors may"))
	case n == GuaranteeIssuer && !isAdmin && caller.Role != ledger.RoleBank:
		return forbidden(ledger.M("lodge or top up a guarantee: only the bank or insurer that holds it, or an administrator, may"))
	case n == RegionInspector && caller.Role != ledger.RoleInspector:
		return forbidden(ledger.M("do this: only an inspector of the project's region may"))
	case n == PayingParty && !isAdmin && !st.GeneralContractor && caller.Role != ledger.RoleBank:
		return forbidden(ledger.M("read payment instructions: only the general contractor and the wage account's bank may"))
	case n == Investigator && caller.Role != ledger.RoleInspector && !st.GeneralContractor:
		return forbidden(ledger.M("make a worker's evidence bundle: only the region's inspectors and the project's general contractor may"))
	case n == PolicyKeeper && !isAdmin && caller.Role != ledger.RoleInspector && !st.GeneralContractor:
		return forbidden(ledger.M("void a work-injury policy: only the project's general contractor and the region's inspectors may"))
	case n == AlertReader && caller.Role == ledger.RoleBank:
		return forbidden(ledger.M("read alerts: only inspectors, administrators and the project's contractors may"))
	case n == StatsReader && caller.Role == ledger.RoleBank:
		return forbidden(ledger.M("read workforce statistics: only inspectors, administrators and general contractors may"))
	case n == InspectorOnly && caller.Role != ledger.RoleInspector:
		return forbidden(ledger.M("do this: only an inspector may"))
	case n == OrderReader && caller.Role == ledger.RoleBank:
		return forbidden(ledger.M("read orders to pay: only inspectors, administrators and the project's contractors may"))
	case n == ComplaintReader && !isAdmin && caller.Role != ledger.RoleInspector && !st.GeneralContractor:
		return forbidden(ledger.M("read complaints: only the region's inspectors and the project's general contractor may"))
	}
	return nil
}
