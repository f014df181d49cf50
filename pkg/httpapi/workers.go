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
	var in WorkerRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(enrolmentOf)(s.svc.RegisterWorker(ctx, c.Param("id"), in.input()))
	})
}

func (s *Server) importWorkers(c *gin.Context) {
	s.fileUpload(c, func(ctx context.Context, up service.Upload, dry bool) (any, bool, error) {
		res, replayed, err := s.svc.ImportWorkers(ctx, c.Param("id"), up, dry)
		if err != nil {
			return nil, false, err
		}
		out := workerImportOf(res)
		out.ColumnWarnings = columnWarnings(up)
		return out, replayed, nil
	})
}

func (s *Server) recordAttendance(c *gin.Context) {
	s.fileUpload(c, func(ctx context.Context, up service.Upload, dry bool) (any, bool, error) {
		res, replayed, err := s.svc.RecordAttendance(ctx, c.Param("id"), up, dry)
		if err != nil {
			return nil, false, err
		}
		out := attendanceOf(res)
		out.ColumnWarnings = columnWarnings(up)
		return out, replayed, nil
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
		Team: c.Query("team"), Status: c.Query("status"), After: p.after, Limit: p.fetch()})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, listOf(ws, p.limit, func(e *ledger.Enrolment) string { return e.ID }, enrolmentOf)))
}

func (s *Server) getWorker(c *gin.Context) {
	e, hist, err := s.svc.GetWorker(c.Request.Context(), c.Param("id"), c.Param("enrolment_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, EnrolmentDetail{Enrolment: enrolmentOf(e), History: mapEach(hist, detailHistoryOf)}))
}

func (s *Server) updateWorker(c *gin.Context) {
	var in WorkerUpdateRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(enrolmentOf)(s.svc.UpdateWorker(ctx, c.Param("id"), c.Param("enrolment_id"), in.update()))
	})
}

func (s *Server) exitWorker(c *gin.Context) {
	var in ExitRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(enrolmentOf)(s.svc.ExitWorker(ctx, c.Param("id"), c.Param("enrolment_id"), in.ExitedOn))
	})
}
