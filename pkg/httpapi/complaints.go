package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// fileComplaint serves POST /complaints: an inspector enters a complaint.
func (s *Server) fileComplaint(c *gin.Context) {
	var in ComplaintRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(complaintDetailOf)(s.svc.FileComplaint(ctx, in.ProjectID, ledger.ComplaintInput{EnrolmentID: in.EnrolmentID,
			ComplainantName: in.ComplainantName, Consent: in.Consent, Summary: in.Summary, Periods: in.Periods, Workers: in.Workers,
			AmountClaimed: in.AmountClaimed}))
	})
}

// listComplaints serves GET /complaints with status, project_id and overdue filters.
func (s *Server) listComplaints(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	f := store.ComplaintFilter{Status: ledger.ComplaintStatus(c.Query("status")), ProjectID: c.Query("project_id"), After: p.after, Limit: p.fetch()}
	var v ledger.Validation
	switch f.Status {
	case "", ledger.ComplaintReceived, ledger.ComplaintAccepted, ledger.ComplaintRefused, ledger.ComplaintConcluded:
	default:
		v.Add("status", "unknown", "status must be received, accepted, refused or concluded")
	}
	overdue := c.Query("overdue")
	if overdue != "" && overdue != "true" && overdue != "false" {
		v.Add("overdue", "unknown", "overdue must be true or false")
	}
	if err := v.Err("bad list parameters"); err != nil {
		writeError(c, err)
		return
	}
	cs, err := s.svc.ListComplaints(c.Request.Context(), f, overdue == "true")
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(cs, p.limit, func(v service.ComplaintView) string { return v.ID }, complaintOf)))
}

func (s *Server) getComplaint(c *gin.Context) {
	d, err := s.svc.GetComplaint(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, complaintDetailOf(d)))
}

// actOnComplaint serves POST /complaints/{id}/actions: accept, refuse, extend, conclude.
func (s *Server) actOnComplaint(c *gin.Context) {
	var in ComplaintActionRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(complaintDetailOf)(s.svc.ActOnComplaint(ctx, c.Param("id"), ledger.ComplaintAction(in.Action), in.Note))
	})
}
