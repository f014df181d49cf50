package ledger

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Special operations (特种作业, seed §五(四), DOMAIN.md "Work-injury insurance
// and special operations"): a worker enrolled in one of the listed trades
// needs a valid operation certificate (特种作业操作证). Enrolling without one
// is a warning, not a refusal (the clerk may bring it later); attending
// without one is a compliance finding (certificate_missing,
// certificate_expired in rules_safety.go).

// PrefixCertificate names a recorded certificate.
const PrefixCertificate = "crt"

// nationalSpecialOperations are DOMAIN.md's special-operations trades:
// electrician, welder, scaffolder, tower-crane driver and signaller, hoist
// driver, blaster. A policy file may add others (the crane erector, the
// installer of suspended platforms), never remove these.
var nationalSpecialOperations = []TradeCode{"130", TradeWelder, TradeScaffolder, TradeTowerCraneDriver, TradeCraneSignaller,
	TradeHoistDriver, TradeBlaster}

// NationalSpecialOperations lists the national special-operations trades.
func NationalSpecialOperations() []TradeCode { return slices.Clone(nationalSpecialOperations) }

// SpecialOperation reports whether the trade needs an operation certificate
// under the policy.
func (p *Policy) SpecialOperation(code TradeCode) bool {
	if code == "" {
		return false
	}
	if p == nil || p.SpecialOperationTrades == nil {
		return slices.Contains(nationalSpecialOperations, code)
	}
	return slices.Contains(p.SpecialOperationTrades, code)
}

// CertificateInput is a certificate as a clerk writes it, on a worker's
// registration (the certificate_* fields and columns) or on its own.
type CertificateInput struct {
	Number     string
	Kind       string
	ValidFrom  string // optional: the day it was issued or last reviewed
	ValidUntil string
}

// Empty reports whether nothing of a certificate was given.
func (in CertificateInput) Empty() bool {
	return strings.TrimSpace(in.Number+in.Kind+in.ValidFrom+in.ValidUntil) == ""
}

// CheckedCertificate is a certificate whose fields passed their checks.
type CheckedCertificate struct {
	Number     string
	Kind       string
	ValidFrom  Date // zero when not given
	ValidUntil Date
}

// ValidOn reports whether the certificate counts on d.
func (c *CheckedCertificate) ValidOn(d Date) bool {
	return c != nil && (c.ValidFrom.IsZero() || !c.ValidFrom.After(d)) && !c.ValidUntil.Before(d)
}

// CheckCertificate checks a certificate's fields, named with prefix
// ("certificate_" on a registration, "" on its own route), every bad field
// at once. A certificate already expired is accepted (it is what the worker
// holds) and warned about by CertificateWarning.
func CheckCertificate(in CertificateInput, prefix string) (CheckedCertificate, []FieldError) {
	var out CheckedCertificate
	var errs []FieldError
	add := func(field string, code Refusal, format string, args ...any) {
		errs = append(errs, code.Atf(0, prefix+field, format, args...))
	}
	out.Number, out.Kind = strings.TrimSpace(NormaliseDigits(in.Number)), strings.TrimSpace(in.Kind)
	switch {
	case out.Number == "":
		add("number", RefuseRequired, "%s (the certificate's number, 操作证号) is required", prefix+"number")
	case utf8.RuneCountInString(out.Number) > 50:
		add("number", RefuseTooLong, "%s is at most 50 characters", prefix+"number")
	}
	switch {
	case out.Kind == "":
		add("kind", RefuseRequired, "%s (the operation it certifies, 操作类别, e.g. 建筑电工) is required", prefix+"kind")
	case utf8.RuneCountInString(out.Kind) > 100:
		add("kind", RefuseTooLong, "%s is at most 100 characters", prefix+"kind")
	}
	if strings.TrimSpace(in.ValidFrom) != "" {
		d, msg := ParseDateLoose(in.ValidFrom)
		if msg.Key != "" {
			add("valid_from", RefuseDate, "%s %s", Column(prefix+"valid_from"), msg)
		}
		out.ValidFrom = d
	}
	until, msg := ParseDateLoose(in.ValidUntil)
	if msg.Key != "" {
		add("valid_until", RefuseDate, "%s %s", Column(prefix+"valid_until"), msg)
	}
	out.ValidUntil = until
	if !out.ValidFrom.IsZero() && !until.IsZero() && until.Before(out.ValidFrom) {
		add("valid_until", RefuseRange, "%s %s is before %s %s", prefix+"valid_until", until, prefix+"valid_from", out.ValidFrom)
	}
	return out, errs
}

// CertificateWarning is the warning an enrolment in trade (code) with cert
// (nil: none given) gets on date on, or a zero Msg: a special-operations
// trade needs a certificate valid that day.
func (p *Policy) CertificateWarning(code TradeCode, trade string, cert *CheckedCertificate, on Date) Msg {
	if !p.SpecialOperation(code) {
		return Msg{}
	}
	switch {
	case cert == nil:
		return M("%s (%s) is a special operation: the worker needs a valid operation certificate (特种作业操作证); none was given, and the nightly check raises certificate_missing while they attend", TradeName(code), trade)
	case !cert.ValidFrom.IsZero() && cert.ValidFrom.After(on):
		return M("the operation certificate is valid only from %s, after %s: the nightly check raises certificate_missing while the worker attends without a valid one", cert.ValidFrom, on)
	case cert.ValidUntil.Before(on):
		return M("the operation certificate expired on %s: the nightly check raises certificate_expired while the worker attends without a valid one", cert.ValidUntil)
	}
	return Msg{}
}

// Certificate is one recorded certificate of an enrolment; the latest
// recorded is the enrolment's current one.
type Certificate struct {
	ID          string
	ProjectID   string
	EnrolmentID string
	CheckedCertificate
	RecordedAt time.Time
	RecordedBy string
}

// CertificateFact is an enrolment's current certificate as the nightly
// rules read it.
type CertificateFact struct {
	ID          string
	EnrolmentID string
	ValidFrom   Date // zero: not given
	ValidUntil  Date
}

func (c CertificateFact) checked() *CheckedCertificate {
	return &CheckedCertificate{ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil}
}
