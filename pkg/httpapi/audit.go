package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
)

// listAudit serves GET /audit?subject=&chain=: the audit trail in chain
// order, each record with its hashes so a reader can check the chain.
func (s *Server) listAudit(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	var afterChain string
	var afterSeq int64
	if p.after != "" {
		ch, seq, ok := strings.Cut(p.after, "#")
		n, err := strconv.ParseInt(seq, 10, 64)
		if !ok || err != nil {
			writeError(c, ledger.Errorf(ledger.EInvalid, "cursor is not one this server gave out"))
			return
		}
		afterChain, afterSeq = ch, n
	}
	recs, err := s.svc.ListAudit(c.Request.Context(), c.Query("chain"), c.Query("subject"), afterChain, afterSeq, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(recs, p.limit, func(r ledger.AuditRecord) string { return fmt.Sprintf("%s#%d", r.Chain, r.Seq) }, auditRecordOf)))
}
