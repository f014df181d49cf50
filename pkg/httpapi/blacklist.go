package httpapi

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// DefaultPublicListPerMinute is how often one client address may read the
// public list per minute: it needs no key, so it is bounded like the
// payslip links.
const DefaultPublicListPerMinute = 60

// publicPage is how many listings the CSV reads at a time.
const publicPage = 1000

// publicBlacklist serves GET /blacklist, without a key: the units listed
// today, their responsible persons and periods, a page at a time (next
// names the following page); ?format=csv, or Accept: text/csv without
// ?format, as one file of every listing in force, read a page at a time. A client address is held to
// PublicListPerMinute requests a minute (429 with Retry-After).
func (s *Server) publicBlacklist(c *gin.Context) {
	if !s.public.take(c.ClientIP()) {
		c.Header("Retry-After", "60")
		writeError(c, &statusError{http.StatusTooManyRequests, ledger.M("too many requests for the public list from here; wait and try again")})
		return
	}
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	format := c.Query("format")
	if format == "" && strings.Contains(c.GetHeader("Accept"), "text/csv") {
		format = "csv" // as the API documents it; ?format= wins when given
	}
	if format != "" && format != "json" && format != "csv" {
		writeError(c, &ledger.Error{Code: ledger.EInvalid, Message: "bad list parameters", Fields: []ledger.FieldError{
			ledger.FieldErrorf(0, "format", "unknown", "format must be json or csv")}})
		return
	}
	if format != "csv" {
		list, _, err := s.svc.PublicBlacklist(c.Request.Context(), p.after, p.fetch())
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, listOf(list, p.limit, func(v store.ListingView) string { return v.ID }, publicListingOf))
		return
	}
	list, today, err := s.svc.PublicBlacklist(c.Request.Context(), p.after, publicPage)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="blacklist-`+today.String()+`.csv"`)
	c.Status(http.StatusOK)
	w := csv.NewWriter(c.Writer)
	_ = w.Write([]string{"单位名称", "统一社会信用代码", "法定代表人及责任人", "列入日期", "届满日期"})
	for {
		for _, v := range list {
			_ = w.Write(ledger.NeutraliseCells([]string{v.EmployerName, v.USCC, personsCell(v.Persons), v.StartOn.String(), v.EndOn.String()}))
		}
		if len(list) < publicPage {
			break
		}
		if list, _, err = s.svc.PublicBlacklist(c.Request.Context(), list[len(list)-1].ID, publicPage); err != nil {
			_ = c.Error(err) // the file is cut short; the status was sent
			break
		}
	}
	w.Flush()
}

// personsCell is a listing's persons as the published list writes them.
func personsCell(ps []ledger.ResponsiblePerson) string {
	out := ""
	for i, p := range ps {
		if i > 0 {
			out += "；"
		}
		out += p.Name + "（" + roleZH(p.Role) + "）"
	}
	return out
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
	f := store.ListingFilter{Status: ledger.ListingStatus(c.Query("status")), After: p.after, Limit: p.fetch()}
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
