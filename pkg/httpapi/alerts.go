package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// runCheck serves POST /checks {as_of}: the nightly check, now, for a night.
func (s *Server) runCheck(c *gin.Context) {
	var in CheckRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(checkRunOf)(s.svc.RunCheck(ctx, in.AsOf))
	})
}

func (s *Server) listChecks(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	runs, err := s.svc.ListCheckRuns(c.Request.Context(), p.after, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(runs, p.limit, func(r *store.CheckRun) string { return r.ID }, checkRunOf)))
}

func (s *Server) getCheck(c *gin.Context) {
	r, err := s.svc.GetCheckRun(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, checkRunOf(r)))
}

// alertFilter reads GET /alerts' filters, naming a filter with an unknown value.
func alertFilter(c *gin.Context, p page) (store.AlertFilter, error) {
	f := store.AlertFilter{Status: ledger.AlertStatus(c.Query("status")), Rule: ledger.Rule(c.Query("rule")),
		Stream: ledger.Stream(c.Query("stream")), Severity: ledger.Severity(c.Query("severity")),
		ProjectID: c.Query("project_id"), RegionCode: c.Query("region_code"), Order: store.AlertOrder(c.Query("sort")),
		After: p.after, Limit: p.fetch()}
	var v ledger.Validation
	if !f.Order.Valid() {
		v.Add("sort", "unknown", "sort must be severity, amount_at_risk or age (by ID when absent)")
	}
	switch f.Status {
	case "", ledger.AlertOpen, ledger.AlertAcknowledged, ledger.AlertRectificationOrdered, ledger.AlertEscalated, ledger.AlertResolved:
	default:
		v.Add("status", "unknown", "status must be one of open, acknowledged, rectification_ordered, escalated, resolved")
	}
	if f.Rule != "" && !f.Rule.Valid() {
		v.Add("rule", "unknown", "rule %q is not one of the nightly check's rules", f.Rule)
	}
	if f.Stream != "" && f.Stream != ledger.StreamArrears && f.Stream != ledger.StreamCompliance {
		v.Add("stream", "unknown", "stream must be arrears or compliance")
	}
	if f.Severity != "" && f.Severity.Rank() == 0 {
		v.Add("severity", "unknown", "severity must be one of low, medium, high, critical")
	}
	return f, v.Err("bad filter")
}

func (s *Server) listAlerts(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	f, err := alertFilter(c, p)
	if err != nil {
		writeError(c, err)
		return
	}
	alerts, err := s.svc.ListAlerts(c.Request.Context(), f)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(alerts, p.limit, func(a ledger.Alert) string { return store.AlertCursor(f.Order, a) }, alertOf)))
}

func (s *Server) getAlert(c *gin.Context) {
	a, err := s.svc.GetAlert(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, alertDetailOf(a)))
}

// actOnAlert serves POST /alerts/{id}/actions: an inspector's action.
func (s *Server) actOnAlert(c *gin.Context) {
	var in AlertActionRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(alertDetailOf)(s.svc.ActOnAlert(ctx, c.Param("id"), in.input()))
	})
}

// listBlacklistCandidates serves GET /blacklist/candidates: the employers
// proposed for the dishonesty list on projects the caller sees, by ID.
func (s *Server) listBlacklistCandidates(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	list, err := s.svc.BlacklistCandidates(c.Request.Context(), p.after, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(list, p.limit, func(e store.CandidateEmployer) string { return e.EmployerID }, candidateEmployerOf)))
}
