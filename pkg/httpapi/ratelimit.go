package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// PayslipLimits bound how often payslip links are tried. Each is a count
// per fixed window, kept in memory by this process (several processes each
// keep their own: the limits are per process, which is enough to make
// guessing a 128-bit signature hopeless and to stop a flood).
type PayslipLimits struct {
	PerIP    int // requests on payslip routes per client address per minute
	BadPerIP int // tokens that open nothing, per client address per hour: after these, the address is refused until the hour ends
	PerToken int // requests with one valid token per minute
	// MaxKeys bounds each counter's table; when full of live windows, new
	// keys are refused (fail closed) until windows end.
	MaxKeys int
}

// DefaultPayslipLimits are the limits a server uses unless told otherwise.
var DefaultPayslipLimits = PayslipLimits{PerIP: 120, BadPerIP: 20, PerToken: 60, MaxKeys: 100_000}

// counter counts events per key in fixed windows, bounded to max keys.
type counter struct {
	mu     sync.Mutex
	window time.Duration
	limit  int
	max    int
	keys   map[string]*window
	now    func() time.Time
}

type window struct {
	start time.Time
	n     int
}

func newCounter(limit int, w time.Duration, max int) *counter {
	return &counter{window: w, limit: limit, max: max, keys: map[string]*window{}, now: time.Now}
}

// live returns key's window, starting a new one when the last has ended;
// nil when the table is full of live windows.
func (c *counter) live(key string) *window {
	now := c.now()
	w := c.keys[key]
	if w != nil && now.Sub(w.start) < c.window {
		return w
	}
	if w == nil && len(c.keys) >= c.max {
		for k, old := range c.keys {
			if now.Sub(old.start) >= c.window {
				delete(c.keys, k)
			}
		}
		if len(c.keys) >= c.max {
			return nil
		}
	}
	w = &window{start: now}
	c.keys[key] = w
	return w
}

// take counts one event for key and reports whether it is within the limit.
func (c *counter) take(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.live(key)
	if w == nil {
		return false
	}
	w.n++
	return w.n <= c.limit
}

// spent reports whether key has used up its window without counting.
func (c *counter) spent(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.keys[key]
	return w != nil && c.now().Sub(w.start) < c.window && w.n >= c.limit
}

// payslipGuard holds the payslip routes' counters.
type payslipGuard struct {
	perIP, badPerIP, perToken *counter
}

func newPayslipGuard(l PayslipLimits) *payslipGuard {
	d := DefaultPayslipLimits
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	max := pick(l.MaxKeys, d.MaxKeys)
	return &payslipGuard{
		perIP:    newCounter(pick(l.PerIP, d.PerIP), time.Minute, max),
		badPerIP: newCounter(pick(l.BadPerIP, d.BadPerIP), time.Hour, max),
		perToken: newCounter(pick(l.PerToken, d.PerToken), time.Minute, max),
	}
}

func tooMany(c *gin.Context, wait string) error {
	c.Header("Retry-After", wait)
	return &statusError{http.StatusTooManyRequests, ledger.M("too many requests for payslip links from here; wait and try again")}
}

// holdPayslip is the access rule of a payslip route: the client's address
// within its limits, the path's token opening a page (OpenPayslip), and that
// token within its own limit. A token that opens nothing counts against the
// address. The request then acts as the token (service.PayslipCaller).
func (s *Server) holdPayslip(c *gin.Context) {
	ip := c.ClientIP()
	if s.guard.badPerIP.spent(ip) {
		s.refusePayslip(c, tooMany(c, "3600"))
		return
	}
	if !s.guard.perIP.take(ip) {
		s.refusePayslip(c, tooMany(c, "60"))
		return
	}
	t, err := s.svc.OpenPayslip(c.Request.Context(), c.Param("token"))
	if err != nil {
		if ledger.ErrorCode(err) == ledger.ENotFound {
			s.guard.badPerIP.take(ip)
		}
		s.refusePayslip(c, err)
		return
	}
	if !s.guard.perToken.take(t.ID) {
		s.refusePayslip(c, tooMany(c, "60"))
		return
	}
	c.Set(ctxPayslip, t)
	c.Request = c.Request.WithContext(service.WithCaller(c.Request.Context(), service.PayslipCaller(t)))
	c.Next()
}

const ctxPayslip = "wageguard.payslip"

// payslipOf is the token record the access rule opened.
func payslipOf(c *gin.Context) *ledger.PayslipToken {
	t, _ := c.Get(ctxPayslip)
	return t.(*ledger.PayslipToken)
}

// refusePayslip answers a refused payslip request: the worker's page as a
// page in their language, the API as a problem document.
func (s *Server) refusePayslip(c *gin.Context, err error) {
	if !strings.HasPrefix(c.FullPath(), "/w/") {
		writeError(c, err)
		return
	}
	_ = c.Error(err)
	status := statusOf[ledger.ErrorCode(err)]
	var se *statusError
	if errors.As(err, &se) {
		status = se.status
	}
	if status == 0 || isInternal(err) {
		status = http.StatusInternalServerError
	}
	s.renderPayslipError(c, status, err)
	c.Abort()
}
