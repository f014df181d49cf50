package service

import (
	"context"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// Work-injury insurance per project and the operation certificates of
// special-operations workers (issue 18, items 3 and 4).

// Results of recording a work-injury policy.
const (
	PolicyRecorded        = "recorded"
	PolicyAlreadyRecorded = "already_recorded" // a retry of the same policy
)

// RecordedInjuryPolicy answers a recording: the policy and whether this
// request recorded it or repeated an earlier one.
type RecordedInjuryPolicy struct {
	Policy *ledger.InjuryPolicy
	Result string
}

// RecordInjuryPolicy records a work-injury insurance policy of the project.
// It is idempotent on (insurer, policy number): the same content again is
// already_recorded, other content a conflict.
func (s *Service) RecordInjuryPolicy(ctx context.Context, in ledger.InjuryPolicyInput) (*RecordedInjuryPolicy, error) {
	in.Normalize()
	var out *RecordedInjuryPolicy
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		p, err := store.GetProject(tx, in.ProjectID)
		if err != nil {
			return err
		}
		if err := ledger.CheckInjuryPolicy(in, p); err != nil {
			return err
		}
		pol := &ledger.InjuryPolicy{ID: ledger.NewID(ledger.PrefixInjuryPolicy), ProjectID: in.ProjectID, Insurer: in.Insurer, PolicyNo: in.PolicyNo,
			ValidFrom: in.ValidFrom, ValidUntil: in.ValidUntil, Basis: in.Basis, Headcount: in.Headcount, ContractValue: in.ContractValue,
			ContentHash: in.Fingerprint(), CreatedBy: CallerFrom(ctx).ActorName()}
		inserted, err := store.InsertInjuryPolicy(tx, pol)
		if err != nil {
			return err
		}
		if !inserted {
			prev, err := store.InjuryPolicyByNumber(tx, in.ProjectID, in.Insurer, in.PolicyNo)
			if err != nil {
				return err
			}
			if err := ledger.CheckInjuryPolicyReplay(in, prev); err != nil {
				return err
			}
			out = &RecordedInjuryPolicy{Policy: prev, Result: PolicyAlreadyRecorded}
			return nil
		}
		voided, err := store.VoidedInjuryPolicyWithContent(tx, in.ProjectID, in.Insurer, in.PolicyNo, pol.ContentHash)
		if err != nil {
			return err
		}
		if err := ledger.CheckInjuryPolicyVoidedRetry(in, voided); err != nil {
			return err
		}
		out = &RecordedInjuryPolicy{Policy: pol, Result: PolicyRecorded}
		return audit(tx, pol.ProjectID, "injury_insurance.record", pol.ID,
			ledger.M("work-injury policy %s of %s, %s to %s", pol.PolicyNo, pol.Insurer, pol.ValidFrom, pol.ValidUntil), in)
	})
	return out, err
}

// InjuryPolicies are the project's work-injury insurance policies.
func (s *Service) InjuryPolicies(ctx context.Context, projectID string) ([]*ledger.InjuryPolicy, error) {
	return store.ProjectInjuryPolicies(s.DB.Reader(ctx), projectID)
}

// RecordedCertificate answers a certificate's recording: the certificate,
// now the enrolment's current one, and what is wrong with it, if anything.
type RecordedCertificate struct {
	Certificate *ledger.Certificate
	Warnings    []ledger.Msg
}

// RecordCertificate adds a special-operations certificate to an enrolment,
// replacing its current one (the replaced one stays on record). A
// certificate that is not valid today is recorded with a warning; a
// subcontractor records only its own workers' certificates.
func (s *Service) RecordCertificate(ctx context.Context, projectID, enrolmentID string, in ledger.CertificateInput) (*RecordedCertificate, error) {
	checked, errs := ledger.CheckCertificate(in, "")
	if len(errs) > 0 {
		return nil, ledger.NewError(ledger.EInvalid, ledger.M("certificate is not valid"), errs...)
	}
	var out *RecordedCertificate
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		e, p, err := restrictedEnrolment(tx, ctx, projectID, enrolmentID)
		if err != nil {
			return err
		}
		if err := ledger.CheckRecordsOpen(p); err != nil {
			return err
		}
		shared, err := s.sharedCertificate(tx, p, checked.Number, e.WorkerID)
		if err != nil {
			return err
		}
		c, err := s.insertCertificate(tx, projectID, enrolmentID, checked)
		if err != nil {
			return err
		}
		out = &RecordedCertificate{Certificate: c}
		if shared.Key != "" {
			out.Warnings = append(out.Warnings, shared)
		}
		today := ledger.DateOf(tx.Now)
		if w := s.policy().CertificateWarning(e.TradeCode, e.Trade, &checked, today); w.Key != "" {
			out.Warnings = append(out.Warnings, w)
		}
		if !s.policy().SpecialOperation(e.TradeCode) {
			out.Warnings = append(out.Warnings, ledger.M("%s is not a special operation under the policy: the certificate is kept, and no rule reads it", e.Trade))
		}
		// The number is audited masked, never as given (nor in the request
		// hash, which is unkeyed outside a request).
		masked := in
		masked.Number = c.Number
		return audit(tx, projectID, "worker.certificate", enrolmentID,
			ledger.M("operation certificate %s (%s) valid until %s", c.Number, ledger.Verbatim(c.Kind), c.ValidUntil), masked)
	})
	return out, err
}

// insertCertificate records a checked certificate of an enrolment, its
// number encrypted; the certificate answered carries it masked.
func (s *Service) insertCertificate(tx *store.Tx, projectID, enrolmentID string, checked ledger.CheckedCertificate) (*ledger.Certificate, error) {
	cs, err := s.insertCertificates(tx, projectID, []string{enrolmentID}, []*ledger.CheckedCertificate{&checked})
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}

// insertCertificates records the certificates of enrolments (nil: none),
// in one statement per 200; each answered with its number masked.
func (s *Service) insertCertificates(tx *store.Tx, projectID string, enrolmentIDs []string, checked []*ledger.CheckedCertificate) ([]*ledger.Certificate, error) {
	out := make([]*ledger.Certificate, len(checked))
	var cs []*ledger.Certificate
	var encs, idxs []string
	for i, c := range checked {
		if c == nil {
			continue
		}
		enc, err := s.Identity.Encrypt(c.Number, "certificate")
		if err != nil {
			return nil, err
		}
		idxs = append(idxs, s.certificateIndex(c.Number))
		masked := *c
		masked.Number = identity.MaskID(c.Number)
		out[i] = &ledger.Certificate{ID: ledger.NewID(ledger.PrefixCertificate), ProjectID: projectID, EnrolmentID: enrolmentIDs[i],
			CheckedCertificate: masked, RecordedBy: CallerFrom(tx.Ctx()).ActorName()}
		cs, encs = append(cs, out[i]), append(encs, enc)
	}
	if err := store.InsertCertificates(tx, cs, encs, idxs); err != nil {
		return nil, err
	}
	return out, sharedWith(tx, cs, idxs)
}

// sharedWith gives each certificate just recorded the number of other
// people with a certificate under its number (Certificate.SharedWith), as
// the enrolment's certificates show it when read: one statement per 500.
func sharedWith(tx *store.Tx, cs []*ledger.Certificate, idxs []string) error {
	if len(cs) == 0 {
		return nil
	}
	holders, err := store.CertificateHolders(tx, idxs)
	if err != nil {
		return err
	}
	for i, c := range cs {
		c.SharedWith = ledger.SharedWithOthers(holders[idxs[i]], c.EnrolmentID)
	}
	return nil
}

// certificateIndex is the keyed blind index of a certificate number,
// written the way the issuer prints it (upper case, no spaces): two
// workers' certificates are matched by it, never by the number.
func (s *Service) certificateIndex(number string) string {
	return s.Identity.Index("certificate", strings.ToUpper(strings.Join(strings.Fields(number), "")))
}

// sharedCertificate is the warning a certificate earns when its number is
// already recorded for another person (in any project), or a zero Msg
// (ledger.SharedCertificateWarning: the same words on every route).
func (s *Service) sharedCertificate(tx *store.Tx, p *ledger.Project, number, workerID string) (ledger.Msg, error) {
	idx := s.certificateIndex(number)
	holders, err := store.CertificateHolders(tx, []string{idx})
	if err != nil {
		return ledger.Msg{}, err
	}
	c := CallerFrom(tx.Ctx())
	return ledger.SharedCertificateWarning(holders[idx], workerID, ledger.CertificateViewerOf(c.Role, c.OrgID), nil), nil
}

// Certificates are an enrolment's certificates, oldest first (the last is
// current); a subcontractor reads only its own workers'.
func (s *Service) Certificates(ctx context.Context, projectID, enrolmentID string) ([]*ledger.Certificate, error) {
	q := s.DB.Reader(ctx)
	if _, _, err := restrictedEnrolment(q, ctx, projectID, enrolmentID); err != nil {
		return nil, err
	}
	return store.EnrolmentCertificates(q, projectID, enrolmentID)
}

// Results of voiding a work-injury policy.
const (
	PolicyVoided        = "voided"
	PolicyAlreadyVoided = "already_voided" // voided before: the earlier voiding stands
)

// VoidInjuryPolicy voids a policy recorded in error, with a written reason:
// the project's general contractor or the region's inspector (the route's
// access). The policy stays on record and no longer covers anyone: the
// nightly rules and the statistics read only the policies that stand.
// Voiding it again answers the first voiding (already_voided).
func (s *Service) VoidInjuryPolicy(ctx context.Context, projectID, policyID, reason string) (*RecordedInjuryPolicy, error) {
	reason, err := ledger.CheckVoidReason(reason)
	if err != nil {
		return nil, err
	}
	var out *RecordedInjuryPolicy
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if _, err := store.InjuryPolicyByID(tx, projectID, policyID); err != nil {
			return err
		}
		voided, err := store.VoidInjuryPolicy(tx, projectID, policyID, CallerFrom(ctx).ActorName(), reason)
		if err != nil {
			return err
		}
		p, err := store.InjuryPolicyByID(tx, projectID, policyID)
		if err != nil {
			return err
		}
		if !voided {
			out = &RecordedInjuryPolicy{Policy: p, Result: PolicyAlreadyVoided}
			return nil
		}
		out = &RecordedInjuryPolicy{Policy: p, Result: PolicyVoided}
		return audit(tx, projectID, "injury_insurance.void", policyID,
			ledger.M("work-injury policy %s of %s voided: %s", p.PolicyNo, p.Insurer, ledger.Verbatim(reason)), map[string]string{"policy": policyID, "reason": reason})
	})
	return out, err
}
