package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

func (s *Server) registerWorker(c *gin.Context) {
	var in ledger.WorkerInput
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return s.svc.RegisterWorker(ctx, c.Param("id"), in)
	})
}

func (s *Server) importWorkers(c *gin.Context) {
	s.fileUpload(c, func(ctx context.Context, up service.Upload, dry bool) (any, bool, error) {
		return s.svc.ImportWorkers(ctx, c.Param("id"), up, dry)
	})
}

func (s *Server) recordAttendance(c *gin.Context) {
	s.fileUpload(c, func(ctx context.Context, up service.Upload, dry bool) (any, bool, error) {
		return s.svc.RecordAttendance(ctx, c.Param("id"), up, dry)
	})
}

// fileUpload receives a file (and ?dry_run) and hands it to fn, answering
// as uploads do; the file's SHA-256 identifies the request in the audit trail.
func (s *Server) fileUpload(c *gin.Context, fn func(ctx context.Context, up service.Upload, dry bool) (any, bool, error)) {
	dry, err := dryRun(c)
	if err != nil {
		writeError(c, err)
		return
	}
	up, cleanup, err := s.receiveUpload(c)
	defer cleanup()
	if err != nil {
		writeError(c, err)
		return
	}
	res, replayed, err := fn(service.WithRequestHash(c.Request.Context(), up.SHA256), up, dry)
	if err != nil {
		writeError(c, err)
		return
	}
	answerUpload(c, res, replayed, dry)
}

func (s *Server) listWorkers(c *gin.Context) {
	p, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ws, err := s.svc.ListWorkers(c.Request.Context(), store.EnrolmentFilter{ProjectID: c.Param("id"), EmployerID: c.Query("employer_id"),
		Team: c.Query("team"), Status: c.Query("status"), After: p.after, Limit: p.limit})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(ws, p.limit, func(e *ledger.Enrolment) string { return e.ID }))
}

func (s *Server) getWorker(c *gin.Context) {
	e, hist, err := s.svc.GetWorker(c.Request.Context(), c.Param("id"), c.Param("enrolment_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	type historyItem struct {
		Field      string  `json:"field"`
		Value      string  `json:"value"`
		BankID     *string `json:"bank_id,omitempty"`
		ValidFrom  string  `json:"valid_from"`
		ValidUntil string  `json:"valid_until,omitempty"`
	}
	items := make([]historyItem, len(hist))
	for i, h := range hist {
		items[i] = historyItem{Field: h.Field, Value: h.Masked, BankID: h.BankID, ValidFrom: h.ValidFrom.UTC().Format("2006-01-02T15:04:05Z")}
		if h.ValidUntil != nil && !h.ValidUntil.IsZero() {
			items[i].ValidUntil = h.ValidUntil.UTC().Format("2006-01-02T15:04:05Z")
		}
	}
	c.JSON(http.StatusOK, struct {
		*ledger.Enrolment
		History []historyItem `json:"history"`
	}{e, items})
}

func (s *Server) updateWorker(c *gin.Context) {
	var in service.WorkerUpdate
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return s.svc.UpdateWorker(ctx, c.Param("id"), c.Param("enrolment_id"), in)
	})
}

func (s *Server) exitWorker(c *gin.Context) {
	var in struct {
		ExitedOn ledger.Date `json:"exited_on"`
	}
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return s.svc.ExitWorker(ctx, c.Param("id"), c.Param("enrolment_id"), in.ExitedOn)
	})
}
