package ledger

import (
	"strings"
	"time"
)

// ParseKeyExpiry reads when an API key stops working: an RFC 3339 time
// ("2027-01-01T00:00:00+08:00"), or a date in the one date grammar, the key
// then working through that whole day (Asia/Shanghai). "" is a key that does
// not expire. It must be after now.
func ParseKeyExpiry(s string, now time.Time) (*time.Time, *FieldError) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		d, msg := ParseDateLoose(s)
		if msg.Key != "" {
			f := RefuseFormat.Atf(0, "expires_at", "expires_at %q is a date (YYYY-MM-DD, the key works through that day) or an RFC 3339 time", clip(s))
			return nil, &f
		}
		n := d.AddDays(1).Time()
		t = time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, Shanghai) // the start of the next day, in Shanghai
	}
	t = t.UTC()
	if !t.After(now) {
		f := RefuseRange.Atf(0, "expires_at", "expires_at %s is not in the future", t.In(Shanghai).Format(time.RFC3339))
		return nil, &f
	}
	return &t, nil
}

// CheckKeyNotExpired refuses a key whose expiry has come.
func CheckKeyNotExpired(expires *time.Time, now time.Time) error {
	if expires == nil || now.Before(*expires) {
		return nil
	}
	return Errorf(EUnauthorized, "the API key expired at %s: ask an administrator for a new key", expires.In(Shanghai).Format("2006-01-02 15:04"))
}

// KeyHolder is an API key and the organisation that holds it ("" for an
// administrator's key, or a key the records no longer hold).
type KeyHolder struct {
	Key string
	Org string
}

// CheckFourEyes decides whether approver may approve pay, which submitter
// submitted. The control (DOMAIN.md, the payroll): the employer writes and
// submits the payroll, the general contractor's wage officer reviews and
// approves it — two parties. So the approver is never the key that
// submitted it, nor another key of the organisation that submitted it: a
// second key does not make a second party. The one case where both sides
// are one organisation is the GC's own payroll — its own workers', or an
// advance it pays a subcontractor's workers itself — submitted by the GC:
// its wage officer is its own person, and another of its keys approves. A
// payroll that pays at most exemptLines workers is exempt — the policy's
// allowance for a small contractor whose one clerk does both
// (payroll.four_eyes.exempt_lines; 0: never).
func CheckFourEyes(pay *Payroll, submitter, approver KeyHolder, generalContractor string, exemptLines int) error {
	if pay.Totals.Lines <= exemptLines {
		return nil
	}
	gcOwn := submitter.Org == generalContractor && (pay.EmployerID == generalContractor || pay.PayerID == generalContractor)
	switch {
	case approver.Key == submitter.Key && exemptLines == 0:
		return Errorf(EForbidden, "payroll %s was submitted with this API key: another person approves it, with their own key (four-eyes)", pay.ID)
	case approver.Key == submitter.Key:
		return Errorf(EForbidden, "payroll %s was submitted with this API key and pays %d {worker|workers}: another person approves it, with their own key (four-eyes); the policy lets the submitter approve only a payroll of at most %d", pay.ID, pay.Totals.Lines, exemptLines)
	case approver.Org != "" && approver.Org == submitter.Org && !gcOwn:
		return Errorf(EForbidden, "payroll %s was submitted by your organisation with another of its keys: the employer submits a payroll and the general contractor's wage officer approves it, so the organisation that submitted it does not approve it (four-eyes); the employer submits it itself, or an administrator approves it", pay.ID)
	}
	return nil
}
