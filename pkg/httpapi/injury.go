package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
)

func (s *Server) recordInjuryPolicy(c *gin.Context) {
	var in InjuryPolicyRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(injuryRecordedOf(s.today()))(s.svc.RecordInjuryPolicy(ctx, in.input(c.Param("id"))))
	})
}

func (s *Server) voidInjuryPolicy(c *gin.Context) {
	var in VoidInjuryPolicyRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusOK, func(ctx context.Context) (any, error) {
		return mapped(injuryRecordedOf(s.today()))(s.svc.VoidInjuryPolicy(ctx, c.Param("id"), c.Param("policy_id"), in.Reason))
	})
}

func (s *Server) listInjuryPolicies(c *gin.Context) {
	ps, err := s.svc.InjuryPolicies(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	out := InjuryPolicyList{Items: mapEach(ps, injuryPolicyOf(s.today()))}
	for _, p := range out.Items {
		out.InsuredToday = out.InsuredToday || p.CoversToday
	}
	c.JSON(http.StatusOK, localized(c, out))
}

func (s *Server) recordCertificate(c *gin.Context) {
	var in CertificateRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(certificateRecordedOf)(s.svc.RecordCertificate(ctx, c.Param("id"), c.Param("enrolment_id"), in.input()))
	})
}

func (s *Server) recordCertificateReview(c *gin.Context) {
	var in CertificateReviewRequest
	body, err := bind(c, &in)
	if err != nil {
		writeError(c, err)
		return
	}
	s.write(c, body, http.StatusCreated, func(ctx context.Context) (any, error) {
		return mapped(certificateReviewedOf)(s.svc.RecordCertificateReview(ctx, c.Param("id"), c.Param("enrolment_id"), c.Param("certificate_id"), in.ReviewedOn))
	})
}

func (s *Server) listCertificates(c *gin.Context) {
	cs, err := s.svc.Certificates(c.Request.Context(), c.Param("id"), c.Param("enrolment_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, localized(c, CertificateList{Items: mapEach(cs, certificateOf)}))
}

// today is the service's date (its clock, which tests set).
func (s *Server) today() ledger.Date { return ledger.DateOf(s.svc.DB.Now()) }
