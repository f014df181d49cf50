package ledger

import (
	"strings"
	"time"
)

// Review cycles of special-operations certificates (复审). DOMAIN.md and
// shared/reference name the certificate (number, kind, valid until) but not
// its review; the rule is the regulations':
//
//   - 特种作业人员安全技术培训考核管理规定 (原国家安全生产监督管理总局令第30号,
//     2015年修正), 第十九条: 特种作业操作证有效期为6年; 第二十一条: 特种作业操作证
//     每3年复审1次 — the kinds of the 特种作业目录 (电工作业, 焊接与热切割作业,
//     高处作业, 起重机械作业 …), reviewed every 3 years within a 6-year validity;
//   - 建筑施工特种作业人员管理规定 (建质〔2008〕75号), 第二十二条: 资格证书有效期为
//     两年 … 延期复核合格的，资格证书有效期延期2年 — the construction kinds
//     (建筑电工, 建筑架子工, 建筑起重信号司索工, 建筑起重机械司机, 建筑起重机械
//     安装拆卸工, 高处作业吊篮安装拆卸工), reviewed every 2 years, each review
//     extending the validity by 2 years.
//
// A certificate past its review date with no review recorded counts as
// expired (certificate_expired); recording a review moves the date.

// CertificateScheme is how a kind of certificate is reviewed.
type CertificateScheme struct {
	// ReviewYears is the review cycle: the certificate counts until the
	// day before this many years after it was issued or last reviewed.
	ReviewYears int
	// ValidityYears is the printed validity of a new certificate, from
	// which the issue date is read back when the certificate gives none.
	ValidityYears int
	// ReviewExtends: a review extends the validity itself (延期复核), not
	// only the review date.
	ReviewExtends bool
}

// The two schemes.
var (
	schemeSafety       = CertificateScheme{ReviewYears: 3, ValidityYears: 6}
	schemeConstruction = CertificateScheme{ReviewYears: 2, ValidityYears: 2, ReviewExtends: true}
)

// CertificateSchemeOf is the review scheme of a certificate of kind: the
// construction kinds of 建质〔2008〕75号 (the kind names 建筑 or 吊篮) every 2
// years, every other kind every 3.
func CertificateSchemeOf(kind string) CertificateScheme {
	if strings.Contains(kind, "建筑") || strings.Contains(kind, "吊篮") {
		return schemeConstruction
	}
	return schemeSafety
}

func addYears(d Date, n int) Date { return Date{d.t.AddDate(n, 0, 0)} }

// CertificateReview is where a certificate stands with its reviews.
type CertificateReview struct {
	Scheme CertificateScheme
	// ReviewBy is the last day the certificate counts without a further
	// review.
	ReviewBy Date
	// Through is the last day it counts at all: the earlier of its
	// validity (extended by a review where the scheme says so) and ReviewBy.
	Through Date
}

// ReviewOf is where certificate c stands when its last recorded review was
// on lastReview (zero: none recorded). The cycle runs from the last review,
// else from the day it was issued or last reviewed as written on it
// (ValidFrom), else from its validity read back (ValidUntil less the
// scheme's validity, plus a day).
func ReviewOf(c CheckedCertificate, lastReview Date) CertificateReview {
	s := CertificateSchemeOf(c.Kind)
	base := lastReview
	if base.IsZero() {
		base = c.ValidFrom
	}
	if base.IsZero() {
		base = addYears(c.ValidUntil.AddDays(1), -s.ValidityYears)
	}
	r := CertificateReview{Scheme: s, ReviewBy: addYears(base, s.ReviewYears).AddDays(-1), Through: c.ValidUntil}
	if s.ReviewExtends && !lastReview.IsZero() && r.ReviewBy.After(r.Through) {
		r.Through = r.ReviewBy
	}
	if r.ReviewBy.Before(r.Through) {
		r.Through = r.ReviewBy
	}
	return r
}

// CertificateStanding is what a certificate is on a day.
type CertificateStanding string

// Standings: valid, not valid yet, past its validity, past its review date
// with no review recorded (counted as expired).
const (
	CertValid         CertificateStanding = "valid"
	CertNotYetValid   CertificateStanding = "not_yet_valid"
	CertExpired       CertificateStanding = "expired"
	CertReviewOverdue CertificateStanding = "review_overdue"
)

// StandingOn is what the certificate, last reviewed on lastReview, is on d:
// past its review date while its validity runs is review_overdue, which the
// rules count as expired.
func StandingOn(c CheckedCertificate, lastReview, d Date) CertificateStanding {
	r := ReviewOf(c, lastReview)
	switch {
	case !c.ValidFrom.IsZero() && c.ValidFrom.After(d):
		return CertNotYetValid
	case !d.After(r.Through):
		return CertValid
	case r.ReviewBy.Before(r.validity(c, lastReview)) && d.After(r.ReviewBy) && !d.After(r.validity(c, lastReview)):
		return CertReviewOverdue
	}
	return CertExpired
}

// validity is the certificate's validity with the reviews that extend it,
// before the review date caps it.
func (r CertificateReview) validity(c CheckedCertificate, lastReview Date) Date {
	if r.Scheme.ReviewExtends && !lastReview.IsZero() && r.ReviewBy.After(c.ValidUntil) {
		return r.ReviewBy
	}
	return c.ValidUntil
}

// CheckCertificateReview checks a review (复审) recorded on reviewedOn for
// certificate c, last reviewed on lastReview, as of today: the date is
// given, not in the future, not before the certificate was issued or last
// reviewed, and not after the certificate lapsed (a review after the date
// it was due does not revive it: the worker needs a new certificate).
func CheckCertificateReview(c CheckedCertificate, lastReview, reviewedOn, today Date) error {
	var v Validation
	r := ReviewOf(c, lastReview)
	switch {
	case reviewedOn.IsZero():
		v.Add("reviewed_on", "required", "reviewed_on (the day the certificate passed its review, YYYY-MM-DD) is required")
	case reviewedOn.After(today):
		v.Add("reviewed_on", "future", "reviewed_on %s is after today (%s): a review is recorded once it has passed", reviewedOn, today)
	case !lastReview.IsZero() && !reviewedOn.After(lastReview):
		v.Add("reviewed_on", "not_after_last", "reviewed_on %s is not after the review recorded for %s", reviewedOn, lastReview)
	case !c.ValidFrom.IsZero() && reviewedOn.Before(c.ValidFrom):
		v.Add("reviewed_on", "before_issue", "reviewed_on %s is before the certificate's valid_from %s", reviewedOn, c.ValidFrom)
	case reviewedOn.After(r.Through):
		v.Add("reviewed_on", "lapsed", "the certificate lapsed after %s (review due by %s, valid until %s): a review on %s does not revive it; record the new certificate instead",
			r.Through, r.ReviewBy, c.ValidUntil, reviewedOn)
	}
	return v.Err("the certificate's review is not valid")
}

// CertificateReviewRecord is one recorded review of a certificate.
type CertificateReviewRecord struct {
	ID            string
	ProjectID     string
	EnrolmentID   string
	CertificateID string
	ReviewedOn    Date
	RecordedAt    time.Time
	RecordedBy    string
}

// PrefixCertificateReview names a recorded review.
const PrefixCertificateReview = "crv"
