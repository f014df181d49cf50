package httpapi

import (
	"context"
	"encoding/csv"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// publicBlacklist serves GET /blacklist, without a key: the units listed
// today, their responsible persons and periods; ?format=csv as a file.
func (s *Server) publicBlacklist(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	format := c.Query("format")
	if format != "" && format != "json" && format != "csv" {
		writeError(c, &ledger.Error{Code: ledger.EInvalid, Message: "bad list parameters", Fields: []ledger.FieldError{
			ledger.FieldErrorf(0, "format", "unknown", "format must be json or csv")}})
		return
	}
	if format == "csv" && c.Query("limit") == "" {
		p.limit = 1000
	}
	list, today, err := s.svc.PublicBlacklist(c.Request.Context(), p.after, p.limit)
	if err != nil {
		writeError(c, err)
		return
	}
	if format != "csv" {
		c.JSON(http.StatusOK, listOf(list, p.limit, func(v store.ListingView) string { return v.ID }, publicListingOf))
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="blacklist-`+today.String()+`.csv"`)
	c.Status(http.StatusOK)
	w := csv.NewWriter(c.Writer)
	_ = w.Write([]string{"单位名称", "统一社会信用代码", "法定代表人及责任人", "列入日期", "届满日期"})
	for _, v := range list {
		persons := ""
		for i, p := range v.Persons {
			if i > 0 {
				persons += "；"
			}
			persons += p.Name + "（" + roleZH(p.Role) + "）"
		}
		_ = w.Write(ledger.NeutraliseCells([]string{v.EmployerName, v.USCC, persons, v.StartOn.String(), v.EndOn.String()}))
	}
	w.Flush()
}

// roleZH is a responsible person's role as the published list writes it.
func roleZH(r ledger.PersonRole) string {
	switch r {
	case ledger.RoleLegalRepresentative:
		return "法定代表人"
	case ledger.RolePrincipal:
		return "主要负责人"
	case ledger.RoleDirectlyResponsible:
		return "直接责任人"
	}
	return string(r)
}

// proposeListing serves POST /blacklist/proposals: an inspector proposes to
// list the unit a candidate names; 201 when opened, 200 with the proposal
// already awaiting a decision.
func (s *Server) proposeListing(c *gin.Context) {
	var in ProposalRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	v, created, err := s.svc.ProposeListing(service.WithRequestHash(c.Request.Context(), requestHashOf(c, body)), service.ProposeInput{
		ProjectID: in.ProjectID, AlertID: in.AlertID, Reason: in.Reason, Persons: personsIn(in.ResponsiblePersons)})
	if err != nil {
		writeError(c, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	c.JSON(status, localized(c, proposalOf(s.svc.Today())(v)))
}

// listProposals serves GET /blacklist/proposals, optionally by status.
func (s *Server) listProposals(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	f := store.ListingFilter{Status: ledger.ListingStatus(c.Query("status")), After: p.after, Limit: p.limit}
	switch f.Status {
	case "", ledger.ListingProposed, ledger.ListingNotified, ledger.ListingReplied, ledger.ListingListed, ledger.ListingDeclined, ledger.ListingRemoved:
	default:
		writeError(c, &ledger.Error{Code: ledger.EInvalid, Message: "bad list parameters", Fields: []ledger.FieldError{
			ledger.FieldErrorf(0, "status", "unknown", "status must be proposed, notified, replied, listed, declined or removed")}})
		return
	}
	list, err := s.svc.ListListings(c.Request.Context(), f)
	if err != nil {
		writeError(c, err)
		return
	}
	of := proposalOf(s.svc.Today())
	c.JSON(http.StatusOK, listOf(list, p.limit, func(v store.ListingView) string { return v.ID }, func(v store.ListingView) BlacklistProposal { return of(&v) }))
}

func (s *Server) getProposal(c *gin.Context) {
	v, err := s.svc.GetListing(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, proposalOf(s.svc.Today())(v))
}

// actOnProposal serves POST /blacklist/proposals/{id}/actions.
func (s *Server) actOnProposal(c *gin.Context) {
	var in ProposalActionRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(proposalOf(s.svc.Today()))(s.svc.ActOnListing(ctx, c.Param("id"), in.input()))
	})
}
