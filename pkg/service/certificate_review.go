package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// Results of recording a certificate's review.
const (
	ReviewRecorded        = "recorded"
	ReviewAlreadyRecorded = "already_recorded" // the same day again: a retry
)

// ReviewedCertificate answers a review's recording: the certificate with
// its last review and the date the next is due.
type ReviewedCertificate struct {
	Certificate *ledger.Certificate
	Result      string
}

// RecordCertificateReview records that an enrolment's certificate passed
// its review (复审) on reviewedOn, which moves the date by which the next is
// due (ledger.ReviewOf): the enrolment's employer, its general contractor
// or an administrator (the route's access), a subcontractor for its own
// workers only. A day already recorded (the last review or an earlier
// one) is already_recorded, and so is a concurrent duplicate that lost the
// insert: neither is audited again.
func (s *Service) RecordCertificateReview(ctx context.Context, projectID, enrolmentID, certificateID string, reviewedOn ledger.Date) (*ReviewedCertificate, error) {
	var out *ReviewedCertificate
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		_, p, err := restrictedEnrolment(tx, ctx, projectID, enrolmentID)
		if err != nil {
			return err
		}
		if err := ledger.CheckRecordsOpen(p); err != nil {
			return err
		}
		if reviewedOn.IsZero() { // a bad request is told as such, whatever the certificate
			return ledger.CheckCertificateReview(ledger.CheckedCertificate{}, ledger.Date{}, reviewedOn, ledger.DateOf(tx.Now))
		}
		cert, err := enrolmentCertificate(tx, projectID, enrolmentID, certificateID)
		if err != nil {
			return err
		}
		again, err := store.CertificateReviewRecorded(tx, projectID, certificateID, reviewedOn)
		if err != nil {
			return err
		}
		if again { // a retry, of the last review or an earlier one
			out = &ReviewedCertificate{Certificate: cert, Result: ReviewAlreadyRecorded}
			return nil
		}
		if err := ledger.CheckCertificateReview(cert.CheckedCertificate, cert.ReviewedOn, reviewedOn, ledger.DateOf(tx.Now)); err != nil {
			return err
		}
		r := &ledger.CertificateReviewRecord{ID: ledger.NewID(ledger.PrefixCertificateReview), ProjectID: projectID, EnrolmentID: enrolmentID,
			CertificateID: certificateID, ReviewedOn: reviewedOn, RecordedBy: CallerFrom(ctx).ActorName()}
		inserted, err := store.InsertCertificateReview(tx, r)
		if err != nil {
			return err
		}
		if cert, err = enrolmentCertificate(tx, projectID, enrolmentID, certificateID); err != nil {
			return err
		}
		if !inserted { // a concurrent duplicate got there first: it audited
			out = &ReviewedCertificate{Certificate: cert, Result: ReviewAlreadyRecorded}
			return nil
		}
		out = &ReviewedCertificate{Certificate: cert, Result: ReviewRecorded}
		return audit(tx, projectID, "worker.certificate_review", enrolmentID,
			ledger.M("operation certificate %s (%s) reviewed on %s: next review due by %s", cert.Number, ledger.Verbatim(cert.Kind), reviewedOn, cert.Review().ReviewBy),
			map[string]string{"certificate": certificateID, "reviewed_on": reviewedOn.String()})
	})
	return out, err
}

// enrolmentCertificate is one certificate of the enrolment, with its last
// review.
func enrolmentCertificate(q store.Querier, projectID, enrolmentID, certificateID string) (*ledger.Certificate, error) {
	cs, err := store.EnrolmentCertificates(q, projectID, enrolmentID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.ID == certificateID {
			return c, nil
		}
	}
	return nil, ledger.Errorf(ledger.ENotFound, "certificate %q of enrolment %s not found", certificateID, enrolmentID)
}
