package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
)

func (s *Server) createOrganization(c *gin.Context) {
	var in struct {
		Name       string         `json:"name"`
		USCC       string         `json:"uscc"`
		Kind       ledger.OrgKind `json:"kind"`
		RegionCode string         `json:"region_code"`
	}
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return s.svc.CreateOrganization(ctx, ledger.Organization{Name: in.Name, USCC: in.USCC, Kind: in.Kind, RegionCode: in.RegionCode})
	})
}

func (s *Server) getOrganization(c *gin.Context) {
	o, err := s.svc.GetOrganization(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, o)
}

func (s *Server) listOrganizations(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	kind := c.Query("kind")
	if kind != "" && !ledger.OrgKind(kind).Valid() {
		writeError(c, &ledger.Error{Code: ledger.EInvalid, Message: "bad filter", Fields: []ledger.FieldError{{
			Field: "kind", Code: "unknown", Message: "kind must be one of owner, general_contractor, subcontractor, bank, authority"}}})
		return
	}
	orgs, err := s.svc.ListOrganizations(c.Request.Context(), kind, p.after, p.limit)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(orgs, p.limit, func(o *ledger.Organization) string { return o.ID }))
}

func (s *Server) createKey(c *gin.Context) {
	var in struct {
		Role  ledger.Role `json:"role"`
		Label string      `json:"label"`
	}
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	org := c.Param("id")
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return s.svc.CreateAPIKey(ctx, &org, in.Role, in.Label)
	})
}

func (s *Server) revokeKey(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return s.svc.RevokeAPIKey(ctx, c.Param("id"), c.Param("key_id"))
	})
}

func (s *Server) createProject(c *gin.Context) {
	var in ledger.Project
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return s.svc.CreateProject(ctx, in)
	})
}

func (s *Server) getProject(c *gin.Context) {
	p, err := s.svc.GetProject(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Server) listProjects(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ps, err := s.svc.ListProjects(c.Request.Context(), c.Query("region_code"), c.Query("status"), p.after, p.limit)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(ps, p.limit, func(p *ledger.Project) string { return p.ID }))
}

func (s *Server) addSubcontractor(c *gin.Context) {
	var in struct {
		OrganizationID string `json:"organization_id"`
	}
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return s.svc.AddSubcontractor(ctx, c.Param("id"), in.OrganizationID)
	})
}

func (s *Server) completeProject(c *gin.Context) {
	var in struct {
		CompletedOn ledger.Date `json:"completed_on"`
	}
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return s.svc.CompleteProject(ctx, c.Param("id"), in.CompletedOn)
	})
}
