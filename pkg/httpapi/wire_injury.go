package httpapi

import (
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// InjuryPolicyRequest records a project's work-injury insurance policy
// (按项目参保): headcount with basis headcount, contract_value with basis
// contract_value.
type InjuryPolicyRequest struct {
	Insurer       string       `json:"insurer"`
	PolicyNo      string       `json:"policy_no"`
	ValidFrom     ledger.Date  `json:"valid_from"`
	ValidUntil    ledger.Date  `json:"valid_until"`
	Basis         string       `json:"basis"`
	Headcount     int          `json:"headcount"`
	ContractValue ledger.Money `json:"contract_value"`
}

func (r InjuryPolicyRequest) input(projectID string) ledger.InjuryPolicyInput {
	return ledger.InjuryPolicyInput{ProjectID: projectID, Insurer: r.Insurer, PolicyNo: r.PolicyNo, ValidFrom: r.ValidFrom,
		ValidUntil: r.ValidUntil, Basis: ledger.InsuranceBasis(r.Basis), Headcount: r.Headcount, ContractValue: r.ContractValue}
}

// InjuryPolicyView is a recorded policy; Covers says whether it covers today.
type InjuryPolicyView struct {
	ID            string        `json:"id"`
	ProjectID     string        `json:"project_id"`
	Insurer       string        `json:"insurer"`
	PolicyNo      string        `json:"policy_no"`
	ValidFrom     ledger.Date   `json:"valid_from"`
	ValidUntil    ledger.Date   `json:"valid_until"`
	Basis         string        `json:"basis"`
	Headcount     *int          `json:"headcount,omitempty"`
	ContractValue *ledger.Money `json:"contract_value,omitempty"`
	CoversToday   bool          `json:"covers_today"`
	CreatedAt     time.Time     `json:"created_at"`
	// VoidedAt and VoidReason: the policy was voided (recorded in error)
	// and covers nobody.
	VoidedAt   *time.Time `json:"voided_at,omitempty"`
	VoidReason string     `json:"void_reason,omitempty"`
	// Result, on a recording, is recorded or already_recorded (a retry);
	// on a voiding, voided or already_voided.
	Result string `json:"result,omitempty"`
}

// VoidInjuryPolicyRequest voids a policy recorded in error.
type VoidInjuryPolicyRequest struct {
	Reason string `json:"reason"`
}

func injuryPolicyOf(today ledger.Date) func(*ledger.InjuryPolicy) InjuryPolicyView {
	return func(p *ledger.InjuryPolicy) InjuryPolicyView {
		v := InjuryPolicyView{ID: p.ID, ProjectID: p.ProjectID, Insurer: p.Insurer, PolicyNo: p.PolicyNo, ValidFrom: p.ValidFrom,
			ValidUntil: p.ValidUntil, Basis: string(p.Basis), CoversToday: p.CoversOn(today), CreatedAt: p.CreatedAt, VoidReason: p.VoidReason}
		if !p.VoidedAt.IsZero() {
			at := p.VoidedAt
			v.VoidedAt = &at
		}
		if p.Basis == ledger.BasisHeadcount {
			v.Headcount = &p.Headcount
		} else {
			v.ContractValue = &p.ContractValue
		}
		return v
	}
}

func injuryRecordedOf(today ledger.Date) func(*service.RecordedInjuryPolicy) InjuryPolicyView {
	return func(r *service.RecordedInjuryPolicy) InjuryPolicyView {
		v := injuryPolicyOf(today)(r.Policy)
		v.Result = r.Result
		return v
	}
}

// InjuryPolicyList is a project's policies, by start.
type InjuryPolicyList struct {
	Items []InjuryPolicyView `json:"items"`
	// InsuredToday says whether a policy covers today.
	InsuredToday bool `json:"insured_today"`
}

// CertificateRequest adds (or replaces) an enrolment's special-operations
// certificate (特种作业操作证).
type CertificateRequest struct {
	Number     string `json:"number"`
	Kind       string `json:"kind"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until"`
	// ExtendedCycle asks for the 6-year review cycle (总局令第30号 第二十一条
	// ¶2), with the issuing authority's consent written down.
	ExtendedCycle        bool   `json:"extended_cycle"`
	ExtendedCycleConsent string `json:"extended_cycle_consent"`
}

func (r CertificateRequest) input() ledger.CertificateInput {
	return ledger.CertificateInput{Number: r.Number, Kind: r.Kind, ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil,
		ExtendedCycle: r.ExtendedCycle, ExtendedCycleConsent: r.ExtendedCycleConsent}
}

// CertificateView is an enrolment's certificate, its number masked (it is
// often the holder's identity number).
type CertificateView struct {
	ID          string       `json:"id"`
	EnrolmentID string       `json:"enrolment_id"`
	Number      string       `json:"number"`
	Kind        string       `json:"kind"`
	ValidFrom   *ledger.Date `json:"valid_from,omitempty"`
	ValidUntil  ledger.Date  `json:"valid_until"`
	RecordedAt  time.Time    `json:"recorded_at"`
	// ReviewedOn is its last review (复审) recorded.
	ReviewedOn *ledger.Date `json:"reviewed_on,omitempty"`
	// ReviewDueBy is the last day it counts without a further review, and
	// ValidThrough the last day it counts at all (the nightly check counts
	// it expired after).
	ReviewDueBy  ledger.Date `json:"review_due_by"`
	ValidThrough ledger.Date `json:"valid_through"`
	// ExtendedCycle: reviewed every 6 years, with the consent recorded.
	ExtendedCycle        bool   `json:"extended_cycle"`
	ExtendedCycleConsent string `json:"extended_cycle_consent,omitempty"`
	// SharedWithOthers is how many other people have a certificate
	// recorded under this number: one certificate is one person's.
	SharedWithOthers int    `json:"shared_with_others"`
	Warnings         []Text `json:"warnings,omitempty"`
}

func certificateOf(c *ledger.Certificate) CertificateView {
	r := c.Review()
	v := CertificateView{ID: c.ID, EnrolmentID: c.EnrolmentID, Number: c.Number, Kind: c.Kind, ValidUntil: c.ValidUntil, RecordedAt: c.RecordedAt,
		ReviewDueBy: r.ReviewBy, ValidThrough: r.Through, SharedWithOthers: c.SharedWith, ExtendedCycle: c.ExtendedCycle,
		ExtendedCycleConsent: c.ExtendedCycleConsent}
	if !c.ReviewedOn.IsZero() {
		on := c.ReviewedOn
		v.ReviewedOn = &on
	}
	if !c.ValidFrom.IsZero() {
		from := c.ValidFrom
		v.ValidFrom = &from
	}
	return v
}

func certificateRecordedOf(r *service.RecordedCertificate) CertificateView {
	v := certificateOf(r.Certificate)
	v.Warnings = textsOf(r.Warnings)
	return v
}

// CertificateReviewRequest records that a certificate passed its review
// (复审) on a day.
type CertificateReviewRequest struct {
	ReviewedOn ledger.Date `json:"reviewed_on"`
}

// CertificateReviewed answers a review's recording: the certificate with
// the date its next review is due.
type CertificateReviewed struct {
	CertificateView
	Result string `json:"result"`
}

func certificateReviewedOf(r *service.ReviewedCertificate) CertificateReviewed {
	return CertificateReviewed{CertificateView: certificateOf(r.Certificate), Result: r.Result}
}

// CertificateList is an enrolment's certificates, oldest first: the last is
// the current one.
type CertificateList struct {
	Items []CertificateView `json:"items"`
}
