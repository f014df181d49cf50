package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// issueOrder serves POST /alerts/{id}/orders: an inspector's order to pay
// the arrears behind an alert about an employer.
func (s *Server) issueOrder(c *gin.Context) {
	var in OrderRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(orderDetailOf)(s.svc.IssueOrder(ctx, c.Param("id"), in.input()))
	})
}

// listOrders serves GET /orders with status, project_id, employer_id and alert_id filters.
func (s *Server) listOrders(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	f := store.PayOrderFilter{Status: ledger.PayOrderStatus(c.Query("status")), ProjectID: c.Query("project_id"), EmployerID: c.Query("employer_id"),
		AlertID: c.Query("alert_id"), After: p.after, Limit: p.fetch()}
	switch f.Status {
	case "", ledger.OrderIssued, ledger.OrderComplied, ledger.OrderLapsed, ledger.OrderSettled:
	default:
		var v ledger.Validation
		v.Add("status", "unknown", "status must be issued, complied, lapsed or settled")
		writeError(c, v.Err("bad list parameters"))
		return
	}
	orders, err := s.svc.ListOrders(c.Request.Context(), f)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(orders, p.limit, func(o ledger.PayOrder) string { return o.ID }, orderOf))
}

func (s *Server) getOrder(c *gin.Context) {
	d, err := s.svc.GetOrder(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, orderDetailOf(d))
}

// orderNextSteps serves GET /orders/{id}/next-steps: what the law allows
// after the order, as the books show it today.
func (s *Server) orderNextSteps(c *gin.Context) {
	steps, err := s.svc.OrderNextSteps(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, NextSteps{OrderID: c.Param("id"), Items: mapEach(steps, nextStepOf)}))
}

// decideOnOrder serves POST /orders/{id}/decisions: an inspector takes a step.
func (s *Server) decideOnOrder(c *gin.Context) {
	var in OrderDecisionRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(orderDecisionResultOf)(s.svc.DecideOnOrder(ctx, c.Param("id"), in.input()))
	})
}
