package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
)

func (s *Server) createOrganization(c *gin.Context) {
	var in OrganizationRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(organizationOf)(s.svc.CreateOrganization(ctx, in.organization()))
	})
}

func (s *Server) getOrganization(c *gin.Context) {
	o, err := s.svc.GetOrganization(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, organizationOf(o)))
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
			Field: "kind", Code: "unknown", Message: "kind must be one of owner, general_contractor, subcontractor, bank, authority, insurer"}}})
		return
	}
	orgs, err := s.svc.ListOrganizations(c.Request.Context(), kind, p.after, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(orgs, p.limit, func(o *ledger.Organization) string { return o.ID }, organizationOf)))
}

func (s *Server) createKey(c *gin.Context) {
	var in APIKeyRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	org := c.Param("id")
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(newAPIKeyOf)(s.svc.CreateAPIKey(ctx, &org, ledger.Role(in.Role), in.Label, in.ExpiresAt))
	})
}

func (s *Server) listKeys(c *gin.Context) {
	keys, err := s.svc.APIKeys(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listResponse[APIKey]{Items: mapEach(keys, apiKeyOf)}))
}

func (s *Server) revokeKey(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(apiKeyOf)(s.svc.RevokeAPIKey(ctx, c.Param("id"), c.Param("key_id")))
	})
}

func (s *Server) createProject(c *gin.Context) {
	var in ProjectRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	p, err := in.project()
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(projectOf)(s.svc.CreateProject(ctx, p))
	})
}

func (s *Server) getProject(c *gin.Context) {
	p, err := s.svc.GetProject(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	due, err := s.svc.NextAllocationsDue(c.Request.Context(), []*ledger.Project{p})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, projectDue(due)(p)))
}

func (s *Server) listProjects(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ps, err := s.svc.ListProjects(c.Request.Context(), c.Query("region_code"), c.Query("status"), p.after, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	due, err := s.svc.NextAllocationsDue(c.Request.Context(), ps)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(ps, p.limit, func(p *ledger.Project) string { return p.ID }, projectDue(due))))
}

func (s *Server) addSubcontractor(c *gin.Context) {
	var in SubcontractorRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(projectOf)(s.svc.AddSubcontractor(ctx, c.Param("id"), in.OrganizationID))
	})
}

// patchProject serves PATCH /projects/{id}: the project's category, the one
// field an existing project may change here.
func (s *Server) patchProject(c *gin.Context) {
	var in ProjectPatchRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(projectOf)(s.svc.SetProjectCategory(ctx, c.Param("id"), in.Category))
	})
}

func (s *Server) completeProject(c *gin.Context) {
	var in CompletionRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(projectOf)(s.svc.CompleteProject(ctx, c.Param("id"), in.CompletedOn))
	})
}
