package ledger

import (
	"slices"
	"strings"
	"time"
	"unicode"
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
	// ExtendedCycle asks for the 6-year review cycle (总局令第30号 第二十一条
	// ¶2), which the issuing authority consented to: ExtendedCycleConsent
	// says who and how (its document, or the consent's date and office).
	ExtendedCycle        bool
	ExtendedCycleConsent string
}

// Empty reports whether nothing of a certificate was given.
func (in CertificateInput) Empty() bool {
	return strings.TrimSpace(in.Number+in.Kind+in.ValidFrom+in.ValidUntil+in.ExtendedCycleConsent) == "" && !in.ExtendedCycle
}

// CheckedCertificate is a certificate whose fields passed their checks.
type CheckedCertificate struct {
	Number     string
	Kind       string
	ValidFrom  Date // zero when not given
	ValidUntil Date
	// ExtendedCycle: reviewed every 6 years, not 3 (总局令第30号 第二十一条
	// ¶2: 10 years or more in the trade without a violation, with the issuing
	// authority's consent, ExtendedCycleConsent); refused for the
	// construction kinds, whose validity is extended every 2 years.
	ExtendedCycle        bool
	ExtendedCycleConsent string
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
	case placeholderNumber(out.Number):
		add("number", RefuseFormat, "%s %q is not a certificate number: leave the certificate out when the worker has none (the nightly check then raises certificate_missing)", prefix+"number", out.Number)
	default:
		if r, bad := BadTextRune(out.Number); bad {
			add("number", RefuseControl, "%s holds the control character U+%04X, which no text field may hold: remove it", prefix+"number", r)
		}
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
	if f := checkExtendedCycle(in, &out, prefix); f != nil {
		errs = append(errs, *f)
	}
	return out, errs
}

// checkExtendedCycle reads the 6-year review cycle of a certificate (总局令
// 第30号 第二十一条 ¶2: a holder 10 years or more in the trade without a
// violation, with the issuing authority's consent, is reviewed every 6
// years): it needs the consent written down, and is not for the
// construction kinds (建质〔2008〕75号: their validity is extended by 2 years
// at each 延期复核, there is no longer cycle).
func checkExtendedCycle(in CertificateInput, out *CheckedCertificate, prefix string) *FieldError {
	consent := strings.TrimSpace(in.ExtendedCycleConsent)
	var f FieldError
	switch {
	case !in.ExtendedCycle && consent != "":
		f = RefuseRange.Atf(0, prefix+"extended_cycle_consent", "%s is given but %s is not true: say extended_cycle true to record the 6-year review cycle, or leave the consent out", prefix+"extended_cycle_consent", prefix+"extended_cycle")
	case !in.ExtendedCycle:
		return nil
	case CertificateSchemeOf(out.Kind).ReviewExtends:
		f = RefuseRange.Atf(0, prefix+"extended_cycle", "%s is not for a certificate of %s: a construction certificate's validity is extended by 2 years at each review (建质〔2008〕75号 第二十二条), there is no 6-year cycle", prefix+"extended_cycle", Verbatim(out.Kind))
	case consent == "":
		f = RefuseRequired.Atf(0, prefix+"extended_cycle_consent", "%s (the issuing authority's consent to the 6-year review cycle, 总局令第30号 第二十一条: its document, or the office and date) is required with %s", prefix+"extended_cycle_consent", prefix+"extended_cycle")
	case utf8.RuneCountInString(consent) > 200:
		f = RefuseTooLong.Atf(0, prefix+"extended_cycle_consent", "%s is at most 200 characters", prefix+"extended_cycle_consent")
	default:
		if r, bad := BadTextRune(consent); bad {
			f = RefuseControl.Atf(0, prefix+"extended_cycle_consent", "%s holds the control character U+%04X, which no text field may hold: remove it", prefix+"extended_cycle_consent", r)
			break
		}
		out.ExtendedCycle, out.ExtendedCycleConsent = true, consent
		return nil
	}
	return &f
}

// placeholderNumber reports whether a certificate number is what a clerk
// types for "none" (无, 暂无, /, -, N/A, 0…): a number has at least two
// letters or digits, not all the same.
func placeholderNumber(n string) bool {
	switch strings.ToUpper(n) {
	case "无", "暂无", "没有", "未办", "未取得", "NONE", "N/A", "NA", "NULL", "NIL":
		return true
	}
	var alnum []rune
	for _, r := range n {
		if unicode.IsLetter(r) && r < 0x80 || unicode.IsDigit(r) {
			alnum = append(alnum, unicode.ToUpper(r))
		}
	}
	if len(alnum) < 2 {
		return true
	}
	for _, r := range alnum[1:] {
		if r != alnum[0] {
			return false
		}
	}
	return true
}

// CertificateWarning is the warning an enrolment in trade (code) with cert
// (nil: none given) gets on date on, or a zero Msg: a special-operations
// trade needs a certificate valid that day.
func (p *Policy) CertificateWarning(code TradeCode, trade string, cert *CheckedCertificate, on Date) Msg {
	if !p.SpecialOperation(code) {
		return Msg{}
	}
	switch {
	case cert != nil && !CertificateKindFits(code, cert.Kind):
		return M("the operation certificate is for %s, which is not the operation of %s: the nightly check raises certificate_missing while the worker attends without a certificate for it", cert.Kind, TradeName(code))
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
	// ReviewedOn is its last review (复审) recorded, zero when none.
	ReviewedOn Date
	// SharedWith is how many other people have a certificate recorded
	// under the same number (one certificate is one person's).
	SharedWith int
}

// Review is where the certificate stands with its reviews (ReviewOf).
func (c *Certificate) Review() CertificateReview { return ReviewOf(c.CheckedCertificate, c.ReviewedOn) }

// CertificateFact is an enrolment's current certificate as the nightly
// rules read it.
type CertificateFact struct {
	ID          string
	EnrolmentID string
	Kind        string // the operation it certifies; "" when not read
	ValidFrom   Date   // zero: not given
	ValidUntil  Date
	// ReviewedOn is the last review (复审) recorded, zero when none.
	ReviewedOn Date
	// ExtendedCycle: reviewed every 6 years (CheckedCertificate).
	ExtendedCycle bool
}

func (c CertificateFact) checked() CheckedCertificate {
	return CheckedCertificate{Kind: c.Kind, ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil, ExtendedCycle: c.ExtendedCycle}
}

// standingOn is what the certificate is on d, its reviews counted.
func (c CertificateFact) standingOn(d Date) CertificateStanding {
	return StandingOn(c.checked(), c.ReviewedOn, d)
}

// CertificateOffTrade is the warning a worker's registration earns when it
// gives a certificate while the trade is not a special operation under the
// policy, or a zero Msg. A worker file's row drops such a certificate (its
// columns describe the rows that need one); a registration keeps it.
func (p *Policy) CertificateOffTrade(in WorkerInput) Msg {
	if in.Certificate.Empty() {
		return Msg{}
	}
	if t, ok := LookupTrade(strings.TrimSpace(in.Trade)); ok && p.SpecialOperation(t.Code) {
		return Msg{}
	}
	return M("%s is not a special operation under the policy: the operation certificate given with the worker is not read", strings.TrimSpace(in.Trade))
}

// certificateKindWords are, per national special-operations trade, the
// words one of which the certificate's kind (操作类别) names: the
// operations of the 特种作业目录 (国家安全监管总局令第30号: 电工作业,
// 焊接与热切割作业, 登高架设作业, 起重机械作业) and of 建筑施工特种作业
// (建质〔2008〕75号: 建筑电工, 建筑架子工, 建筑起重司机, 建筑起重信号司索工,
// 建筑起重机械安装拆卸工, 高处作业吊篮安装拆卸工). A trade outside the
// table (one a policy adds) accepts any kind.
var certificateKindWords = map[TradeCode][]string{
	"130":                 {"电工"},
	TradeWelder:           {"焊"},
	TradeScaffolder:       {"架子", "登高架设"},
	TradeTowerCraneDriver: {"起重", "塔式", "塔吊"},
	TradeCraneSignaller:   {"信号", "司索", "指挥"},
	TradeHoistDriver:      {"升降机", "起重司机"},
	TradeBlaster:          {"爆破"},
}

// CertificateKindFits reports whether a certificate of kind certifies the
// operation of trade code: the kind names one of the trade's words. An
// empty kind (not read) fits.
func CertificateKindFits(code TradeCode, kind string) bool {
	words, ok := certificateKindWords[code]
	if !ok || kind == "" {
		return true
	}
	for _, w := range words {
		if strings.Contains(kind, w) {
			return true
		}
	}
	return false
}

// CertificateHolder is an enrolment, in any project, with a certificate
// recorded under a number.
type CertificateHolder struct {
	ProjectCode string
	EnrolmentID string
	WorkerID    string
	EmployerID  string
	// GeneralContractorID is the general contractor of the holder's project.
	GeneralContractorID string
}

// SharedWithOthers is how many people other than the holder of enrolment
// enrolmentID hold a certificate among holders (the holders of one number):
// the holder's own enrolments, in any project, are not others, and another
// person with several enrolments counts once. A number with no holders, or
// holders only of the enrolment's own person, is shared with nobody. The
// one count the enrolment's certificates show (Certificate.SharedWith),
// read back or just recorded.
func SharedWithOthers(holders []CertificateHolder, enrolmentID string) int {
	own := ""
	for _, h := range holders {
		if h.EnrolmentID == enrolmentID {
			own = h.WorkerID
		}
	}
	others := map[string]bool{}
	for _, h := range holders {
		if h.EnrolmentID != enrolmentID && (own == "" || h.WorkerID != own) {
			others[h.WorkerID] = true
		}
	}
	return len(others)
}

// CertificateViewer is who is told of a certificate's other holders: a
// holder is named only to a caller who may read the holder's enrolment —
// an administrator or inspector (All), the holder's employer, or the
// general contractor of the holder's project; to anyone else the holder
// is "another person".
type CertificateViewer struct {
	All   bool
	OrgID string
}

// CertificateViewerOf is the viewer a caller of role and organisation is.
func CertificateViewerOf(role Role, orgID string) CertificateViewer {
	return CertificateViewer{All: role == RoleAdmin || role == RoleInspector, OrgID: orgID}
}

// MayName reports whether the viewer may be told who holder h is.
func (v CertificateViewer) MayName(h CertificateHolder) bool {
	return v.All || (v.OrgID != "" && (h.EmployerID == v.OrgID || h.GeneralContractorID == v.OrgID))
}

// SharedCertificateWarning is the warning a certificate earns when its
// number is recorded for another person — holders, in any project (the
// worker's own enrolments aside), or rows of the same batch (named) — or a
// zero Msg: one operation certificate is one person's. It names only the
// holders the viewer may read (CertificateViewer.MayName), in projects of
// other contractors "another person". The
// same words are said on every route a certificate comes in by (a
// registration, a roster file, the certificate's own route), and the
// enrolment's certificates show the count (Certificate.SharedWith).
func SharedCertificateWarning(holders []CertificateHolder, workerID string, viewer CertificateViewer, batch []string) Msg {
	var named []string
	elsewhere := false
	for _, h := range holders {
		switch {
		case workerID != "" && h.WorkerID == workerID:
		case !viewer.MayName(h):
			elsewhere = true
		default:
			named = append(named, h.EnrolmentID+" ("+h.ProjectCode+")")
		}
	}
	named = append(named, batch...)
	slices.Sort(named)
	named = slices.Compact(named)
	switch {
	case len(named) > 0 && elsewhere:
		return M("the certificate number is also recorded for %s and for another person: one operation certificate is one person's; check whose it is", strings.Join(named, ", "))
	case len(named) > 0:
		return M("the certificate number is also recorded for %s: one operation certificate is one person's; check whose it is", strings.Join(named, ", "))
	case elsewhere:
		return M("the certificate number is also recorded for another person: one operation certificate is one person's; check whose it is")
	}
	return Msg{}
}
