package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (s *Server) getPolicy(c *gin.Context) {
	p, err := s.svc.PolicyFor(c.Request.Context(), c.Query("region"), c.Query("on"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, policyOf(p)))
}
