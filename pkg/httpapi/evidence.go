package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/pkg/evidence"
)

// EvidenceKey is the public key that verifies evidence bundles.
type EvidenceKey struct {
	Algorithm string `json:"algorithm"`
	Version   int    `json:"version"`
	PublicKey string `json:"public_key"`
}

// evidenceKey serves GET /evidence/key, public: what an arbitrator checks a
// bundle against (wageguard evidence verify --public-key).
func (s *Server) evidenceKey(c *gin.Context) {
	v, k := s.svc.EvidencePublicKey()
	c.JSON(http.StatusOK, EvidenceKey{Algorithm: "ed25519", Version: v, PublicKey: evidence.PublicKeyText(k)})
}

// workerEvidence serves GET /workers/{id}/evidence?from=&to=: the signed ZIP.
func (s *Server) workerEvidence(c *gin.Context) {
	id := c.Param("id")
	b, err := s.svc.EvidenceBundle(c.Request.Context(), standingOf(c).ProjectID, id, c.Query("from"), c.Query("to"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="evidence-`+id+`.zip"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/zip", b)
}

// complaintEvidence serves GET /complaints/{id}/evidence?from=&to=: one
// signed ZIP covering every worker the complaint names or matches (the
// complaint's months when from and to are absent).
func (s *Server) complaintEvidence(c *gin.Context) {
	id := c.Param("id")
	b, err := s.svc.ComplaintEvidenceBundle(c.Request.Context(), id, c.Query("from"), c.Query("to"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="evidence-`+id+`.zip"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/zip", b)
}
