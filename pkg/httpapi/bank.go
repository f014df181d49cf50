package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// callerBank is the bank a bank key speaks for.
func callerBank(c *gin.Context) string {
	return service.CallerFrom(c.Request.Context()).OrgID
}

func (s *Server) recordInflow(c *gin.Context) {
	var in InflowRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(inflowOf)(s.svc.RecordInflow(ctx, callerBank(c), in.input()))
	})
}

func (s *Server) recordConfirmations(c *gin.Context) {
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt != "application/json" {
		s.recordConfirmationFile(c)
		return
	}
	h := sha256.New()
	h.Write(requestHashPrefix(c))
	items, err := confirmationItems(io.TeeReader(c.Request.Body, h))
	if err != nil {
		writeError(c, err)
		return
	}
	s.writeHashed(c, hex.EncodeToString(h.Sum(nil)), http.StatusOK, func(ctx context.Context) (any, error) {
		res, err := s.svc.RecordConfirmations(ctx, callerBank(c), items)
		if err != nil {
			return nil, err
		}
		return confirmationResults(mapEach(res, confirmationResultOf)), nil
	})
}

// confirmationItems reads a ConfirmationsRequest as it streams, refusing
// it at the item past service.MaxConfirmationItems before reading on.
func confirmationItems(body io.Reader) ([]ledger.ConfirmationItem, error) {
	var head ConfirmationsRequest
	member := func(k string, raw json.RawMessage) error { return decodeMember(k, raw, &head) }
	l, err := openJSONList(body, "items", member)
	if err != nil {
		return nil, err
	}
	var items []ledger.ConfirmationItem
	for {
		i, raw, err := l.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if i >= service.MaxConfirmationItems {
			return nil, tooManyItems("items", service.MaxConfirmationItems)
		}
		// Control characters and repeated keys refuse the request: they
		// are an attack on the service, not a bank's slip. Anything else
		// wrong with an item is that item's own refusal (confirmationItemOf).
		if err := checkJSONBody(bytes.NewReader(raw)); err != nil {
			return nil, l.decodeElement(i, raw, new(ConfirmationItemRequest))
		}
		items = append(items, confirmationItemOf(raw))
	}
	return items, l.finish(member)
}

func (s *Server) bankInstructions(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ins, err := s.svc.BankInstructions(c.Request.Context(), callerBank(c), c.Query("status"), p.after, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(ins, p.limit, func(i store.Instruction) string { return i.ID }, instructionOf)))
}

func (s *Server) bankUnmatched(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	us, err := s.svc.BankUnmatched(c.Request.Context(), callerBank(c), p.after, p.fetch())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(us, p.limit, store.Unmatched.Cursor, unmatchedOf)))
}

func (s *Server) reissueInstruction(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(reissuedOf)(s.svc.ReissueInstruction(ctx, c.Param("id")))
	})
}

func (s *Server) reconciliation(c *gin.Context) {
	r, err := s.svc.Reconcile(c.Request.Context(), c.Param("id"), c.Query("period"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, reconciliationOf(r)))
}

func (s *Server) workerStatement(c *gin.Context) {
	st, err := s.svc.WorkerStatement(c.Request.Context(), standingOf(c).ProjectID, c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, statementOf(st)))
}

// recordConfirmationFile takes a bank result file (CSV, XLSX or JSON list)
// as multipart "file" or as the body.
func (s *Server) recordConfirmationFile(c *gin.Context) {
	up, cleanup, err := s.receiveUpload(c)
	defer cleanup()
	if err != nil {
		writeError(c, err)
		return
	}
	res, err := s.svc.RecordConfirmationFile(service.WithRequestHash(c.Request.Context(), up.SHA256), callerBank(c), formValue(c, "bank_code"), up)
	if err != nil {
		writeError(c, err)
		return
	}
	out := confirmationResults(mapEach(res, fileResultOf))
	out.ColumnWarnings = columnWarnings(up)
	c.JSON(http.StatusOK, localized(c, out))
}
