package ledger

import (
	"time"
)

// Review cycles of special-operations certificates (复审). DOMAIN.md and
// shared/reference name the certificate (number, kind, valid until) but not
// its review; the rule is the regulations':
//
//   - 特种作业人员安全技术培训考核管理规定 (原国家安全生产监督管理总局令第30号,
//     2015年修正), 第十九条: 特种作业操作证有效期为6年; 第二十一条: 特种作业操作证
//     每3年复审1次, and ¶2: a holder 连续从事本工种10年以上 … 复审时间可以延长至
//     每6年1次 (ExtendedCycle); 第二十二条: 复审 is applied for within 60 days
//     before it is due. The due dates run from the issue: issue + 3 years,
//     issue + 6 years, whenever within its window the review was passed.
//   - 建筑施工特种作业人员管理规定 (建质〔2008〕75号), 第二十二条: 资格证书有效期为
//     两年。有效期满需要延期的，… 期满前3个月内 … 申请办理延期复核手续。延期复核合格
//     的，资格证书有效期延期2年 — the construction kinds (第三条, the table
//     constructionKinds), whose review cycle is the validity itself: the
//     printed valid_until is the truth (a card already extended and reprinted
//     is trusted as printed), and each recorded review extends it by 2 years
//     from the previous expiry, not from the review's date.
//
// A certificate past its review date with no review recorded counts as
// expired (certificate_expired); recording a review moves the date.

// CertificateScheme is how a kind of certificate is reviewed.
type CertificateScheme struct {
	// ReviewYears is the review cycle: a review falls due this many years
	// after the issue, and again every as many years.
	ReviewYears int
	// ValidityYears is the printed validity of a new certificate, from
	// which the issue date is read back when the certificate gives none.
	ValidityYears int
	// ReviewExtends: a review extends the validity itself (延期复核) by
	// ReviewYears from the previous expiry; the cycle is the validity.
	ReviewExtends bool
	// WindowMonths, WindowDays: how long before its due date a review may
	// be passed (75号 第二十二条: 3 months; 30号令 第二十二条: 60 days).
	WindowMonths, WindowDays int
}

// The two schemes.
var (
	schemeSafety       = CertificateScheme{ReviewYears: 3, ValidityYears: 6, WindowDays: 60}
	schemeConstruction = CertificateScheme{ReviewYears: 2, ValidityYears: 2, ReviewExtends: true, WindowMonths: 3}
)

// constructionKinds are the kinds of 建质〔2008〕75号 第三条 (建筑施工特种作业),
// reviewed by 延期复核; every other kind is a 特种作业 of 总局令第30号.
// A kind a province adds (第三条 (七)) is added here with its source.
var constructionKinds = map[string]bool{
	"建筑电工":        true,
	"建筑架子工":       true,
	"建筑起重信号司索工":   true,
	"建筑起重机械司机":    true,
	"建筑起重机械安装拆卸工": true,
	"高处作业吊篮安装拆卸工": true,
}

// CertificateSchemeOf is the review scheme of a certificate of kind: the
// construction kinds of the table constructionKinds, every other kind the
// 3-year review of 总局令第30号.
func CertificateSchemeOf(kind string) CertificateScheme {
	if constructionKinds[kind] {
		return schemeConstruction
	}
	return schemeSafety
}

func addYears(d Date, n int) Date { return d.addDate(n, 0, 0) }

// windowOpens is the first day a review due on due may be passed.
func (s CertificateScheme) windowOpens(due Date) Date {
	return due.addDate(0, -s.WindowMonths, -s.WindowDays)
}

// CertificateReview is where a certificate stands with its reviews.
type CertificateReview struct {
	Scheme CertificateScheme
	// ReviewBy is the last day the certificate counts without a further
	// review.
	ReviewBy Date
	// Through is the last day it counts at all: the earlier of its
	// validity (extended by a review where the scheme says so) and ReviewBy.
	Through Date
	// Validity is its validity with the reviews that extend it, before
	// the review date caps it.
	Validity Date
}

// ReviewOf is where certificate c stands when its last recorded review was
// on lastReview (zero: none recorded).
//
// Construction kinds: the validity is the printed valid_until extended by
// 2 years for the review that covered it: the first expiry (valid_until +
// 2k years) on or after the last review, plus 2 years.
//
// Other kinds: the review dates are issue + 3k years less a day (every 6
// years with ExtendedCycle), the issue being valid_from, else valid_until
// read back 6 years; the last review covers the first due date on or after
// it, and the next is due one cycle later, capped by the printed validity.
func ReviewOf(c CheckedCertificate, lastReview Date) CertificateReview {
	s := CertificateSchemeOf(c.Kind)
	if s.ReviewExtends {
		through := c.ValidUntil
		if !lastReview.IsZero() {
			for through.Before(lastReview) {
				through = addYears(through.AddDays(1), s.ReviewYears).AddDays(-1)
			}
			through = addYears(through.AddDays(1), s.ReviewYears).AddDays(-1)
		}
		return CertificateReview{Scheme: s, ReviewBy: through, Through: through, Validity: through}
	}
	cycle := s.ReviewYears
	if c.ExtendedCycle {
		cycle = s.ValidityYears
	}
	issue := c.ValidFrom
	if issue.IsZero() {
		issue = addYears(c.ValidUntil.AddDays(1), -s.ValidityYears)
	}
	k := 1
	due := addYears(issue, cycle).AddDays(-1)
	if !lastReview.IsZero() {
		for due.Before(lastReview) && k < 100 {
			k++
			due = addYears(issue, cycle*k).AddDays(-1)
		}
		k++
		due = addYears(issue, cycle*k).AddDays(-1)
	}
	r := CertificateReview{Scheme: s, ReviewBy: due, Through: c.ValidUntil, Validity: c.ValidUntil}
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
	case r.ReviewBy.Before(r.Validity) && d.After(r.ReviewBy) && !d.After(r.Validity):
		return CertReviewOverdue
	}
	return CertExpired
}

// CheckCertificateReview checks a review (复审) recorded on reviewedOn for
// certificate c, last reviewed on lastReview, as of today: the date is
// given, not in the future, not before the certificate was issued or last
// reviewed, within the window before the date it is due (3 months for the
// construction kinds, 60 days for the others), and not after the
// certificate lapsed (a review after the date it was due does not revive
// it: the worker needs a new certificate).
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
	case reviewedOn.Before(r.Scheme.windowOpens(r.ReviewBy)):
		v.Add("reviewed_on", "too_early", "reviewed_on %s is before the review's window opens on %s (due by %s)", reviewedOn, r.Scheme.windowOpens(r.ReviewBy), r.ReviewBy)
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
