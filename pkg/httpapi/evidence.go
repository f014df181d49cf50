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
	s.sendEvidence(c, id, b)
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
	s.sendEvidence(c, id, b)
}

// EvidenceSignatureHeader carries the detached Ed25519 signature of the
// whole ZIP (evidence.SignDetached): saved as FILE.sig beside the file,
// `wageguard evidence verify FILE --sig FILE.sig` checks it offline.
const EvidenceSignatureHeader = "Evidence-Signature"

// sendEvidence answers a bundle with its detached signature.
func (s *Server) sendEvidence(c *gin.Context, id string, b []byte) {
	c.Header(EvidenceSignatureHeader, s.svc.SignEvidence(b))
	c.Header("Content-Disposition", `attachment; filename="evidence-`+id+`.zip"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/zip", b)
}
