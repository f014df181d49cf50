package httpapi

import (
	"bytes"
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
)

func (s *Server) lodgeGuarantee(c *gin.Context) {
	var in GuaranteeRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(guaranteeLodgedOf)(s.svc.LodgeGuarantee(ctx, in.input()))
	})
}

func (s *Server) listGuarantees(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	covers, err := s.svc.ListGuarantees(c.Request.Context(), c.Query("project_id"), p.after, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(covers, p.limit, func(cv ledger.Cover) string { return cv.Guarantee.ID }, guaranteeOf)))
}

func (s *Server) projectGuarantee(c *gin.Context) {
	cov, err := s.svc.ProjectGuarantee(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, projectGuaranteeOf(cov)))
}

func (s *Server) releaseGuarantee(c *gin.Context) {
	var in ReleaseRequest
	body, err := readBody(c)
	if err != nil {
		writeError(c, err)
		return
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := decodeJSON(body, &in); err != nil {
			writeError(c, err)
			return
		}
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		cover, err := s.svc.ReleaseGuarantee(ctx, c.Param("id"), in.Note)
		if err != nil {
			return nil, err
		}
		return guaranteeOf(*cover), nil
	})
}

func (s *Server) drawGuarantee(c *gin.Context) {
	var in DrawdownRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(drawdownOf)(s.svc.DrawGuarantee(ctx, c.Param("id"), in.input()))
	})
}

func (s *Server) topUpGuarantee(c *gin.Context) {
	var in TopUpRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(topUpOf)(s.svc.TopUpGuarantee(ctx, c.Param("id"), in.input()))
	})
}
