package ledger

import (
	"cmp"
	"slices"
	"strings"
)

// The nightly check (DOMAIN.md, "The nightly checks"): twenty-one pure rules
// that read the facts of one project as of a date and return findings. The
// service gathers the facts with set-based queries per project, calls
// Evaluate, and turns findings into alerts (alerts.go decides how).

// Rule names one of the nightly checks.
type Rule string

// The twenty rules of DOMAIN.md's table, in its order (and of every report),
// the safety paperwork of issue 18 after them; the complaints' rule
// (RuleComplaintOpen, complaint_rule.go) comes last, since it reads the
// other rules' findings.
const (
	RuleWagesUnpaid        Rule = "wages_unpaid"
	RulePartialPayment     Rule = "partial_payment"
	RulePayrollMissing     Rule = "payroll_missing"
	RuleAttendedNotPaid    Rule = "attended_not_paid"
	RulePaidNotAttended    Rule = "paid_not_attended"
	RulePaymentFailed      Rule = "payment_failed"
	RuleSharedBankCard     Rule = "shared_bank_card"
	RuleAllocationOverdue  Rule = "allocation_overdue"
	RuleFundsIdle          Rule = "funds_idle"
	RuleGuaranteeMissing   Rule = "guarantee_missing"
	RuleGuaranteeShort     Rule = "guarantee_short"
	RuleGuaranteeExpiring  Rule = "guarantee_expiring"
	RuleTopupOverdue       Rule = "topup_overdue"
	RuleExitUnsettled      Rule = "exit_unsettled"
	RuleBelowMinimumWage   Rule = "below_minimum_wage"
	RuleBlacklistCandidate Rule = "blacklist_candidate"
	// Work-injury insurance and special-operations certificates (issue 18).
	RuleInjuryInsuranceMissing  Rule = "injury_insurance_missing"
	RuleInjuryInsuranceExpiring Rule = "injury_insurance_expiring"
	RuleCertificateMissing      Rule = "certificate_missing"
	RuleCertificateExpired      Rule = "certificate_expired"
)

// Rules lists every rule in report order.
var Rules = []Rule{RuleWagesUnpaid, RulePartialPayment, RulePayrollMissing, RuleAttendedNotPaid,
	RulePaidNotAttended, RulePaymentFailed, RuleSharedBankCard, RuleAllocationOverdue, RuleFundsIdle,
	RuleGuaranteeMissing, RuleGuaranteeShort, RuleGuaranteeExpiring, RuleTopupOverdue, RuleExitUnsettled,
	RuleBelowMinimumWage, RuleBlacklistCandidate, RuleInjuryInsuranceMissing, RuleInjuryInsuranceExpiring,
	RuleCertificateMissing, RuleCertificateExpired, RuleComplaintOpen}

// Valid reports whether r is one of the rules.
func (r Rule) Valid() bool { return slices.Contains(Rules, r) }

// Stream is the queue a finding belongs to: arrears (workers are, or will
// be, unpaid) or compliance (paperwork or structure missing).
type Stream string

// The two streams.
const (
	StreamArrears    Stream = "arrears"
	StreamCompliance Stream = "compliance"
)

// Stream is the rule's stream, as DOMAIN.md and issue 14 assign them.
func (r Rule) Stream() Stream {
	switch r {
	case RuleWagesUnpaid, RulePartialPayment, RulePaymentFailed, RuleAttendedNotPaid, RulePayrollMissing,
		RuleExitUnsettled, RuleFundsIdle, RuleAllocationOverdue, RuleTopupOverdue:
		return StreamArrears
	}
	return StreamCompliance
}

// Severity ranks findings: critical > high > medium > low.
type Severity string

// Severities.
const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Rank orders severities: low 1 … critical 4, 0 for an unknown word.
func (s Severity) Rank() int {
	return slices.Index([]Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}, s) + 1
}

// SubjectKind is what a finding is about.
type SubjectKind string

// Subject kinds.
const (
	SubjectProject   SubjectKind = "project"
	SubjectEmployer  SubjectKind = "employer"
	SubjectEnrolment SubjectKind = "enrolment"
	SubjectGuarantee SubjectKind = "guarantee"
	SubjectCard      SubjectKind = "card" // a bank card, by its blind index (never the number)
)

// Subject is the thing a finding is about: its kind and its ID.
type Subject struct {
	Kind SubjectKind
	ID   string
}

// String is the subject's key, "employer:org_…": with the project, rule and
// period it identifies an alert.
func (s Subject) String() string { return string(s.Kind) + ":" + s.ID }

// ParseSubject reads a subject key written by String.
func ParseSubject(key string) (Subject, bool) {
	kind, id, ok := strings.Cut(key, ":")
	switch k := SubjectKind(kind); k {
	case SubjectProject, SubjectEmployer, SubjectEnrolment, SubjectGuarantee, SubjectCard, SubjectComplaint:
		return Subject{Kind: k, ID: id}, ok && id != ""
	}
	return Subject{}, false
}

// EvidenceKind names the kind of record a finding points at.
type EvidenceKind string

// Evidence kinds: the records an inspector can open behind an alert.
const (
	EvidencePayrollLine  EvidenceKind = "payroll_line" // "<payroll id>#<line no>"
	EvidencePayroll      EvidenceKind = "payroll"
	EvidenceInstruction  EvidenceKind = "instruction"
	EvidenceConfirmation EvidenceKind = "confirmation"
	EvidenceEntry        EvidenceKind = "entry" // a ledger entry, whose postings carry the amount
	// EvidenceAccount is a worker's account for one period,
	// "wages_payable/<enrolment>@<period>": its postings sum to what the
	// worker is still owed for the period (DESIGN.md, "The books").
	EvidenceAccount    EvidenceKind = "account"
	EvidenceAttendance EvidenceKind = "attendance" // "<enrolment id>@<period>": the month's attendance days
	EvidenceEnrolment  EvidenceKind = "enrolment"
	EvidenceAllocation EvidenceKind = "allocation"
	EvidenceGuarantee  EvidenceKind = "guarantee"
	EvidenceDrawdown   EvidenceKind = "drawdown"
	EvidenceOrder      EvidenceKind = "order" // an inspector's order to pay (the alert that carries it)
	// EvidenceInjuryPolicy is a work-injury insurance policy of the project.
	EvidenceInjuryPolicy EvidenceKind = "injury_policy"
	// EvidenceCertificate is an enrolment's operation certificate.
	EvidenceCertificate EvidenceKind = "certificate"
)

// Evidence points at one record behind a finding.
type Evidence struct {
	Kind EvidenceKind
	Ref  string
}

// Finding is what one rule found about one subject for one period.
type Finding struct {
	Rule     Rule
	Subject  Subject
	Period   Period // zero for a standing condition (a card, the allocations, a guarantee)
	Severity Severity
	// RuleSeverity is the rule's own severity when a complaint raised
	// Severity (RaiseForComplaints); "" when none did.
	RuleSeverity Severity
	AmountAtRisk Money
	Headcount    int
	Evidence     []Evidence
	// Reason says in a sentence why the rule fired, with the dates it used.
	Reason Msg
}

// Stream is the finding's stream, its rule's.
func (f Finding) Stream() Stream { return f.Rule.Stream() }

// Key identifies the alert a finding belongs to within its project.
func (f Finding) Key() AlertKey {
	return AlertKey{Rule: f.Rule, Subject: f.Subject.String(), Period: f.Period.String()}
}

// AlertKey is (rule, subject, period): one alert per key and project.
type AlertKey struct {
	Rule    Rule
	Subject string
	Period  string
}

func (k AlertKey) compare(o AlertKey) int {
	return cmp.Or(cmp.Compare(slices.Index(Rules, k.Rule), slices.Index(Rules, o.Rule)),
		cmp.Compare(k.Subject, o.Subject), cmp.Compare(k.Period, o.Period))
}

// Evaluate runs every rule over one project's facts as of the facts' date
// and returns the findings in a fixed order (rule, subject, period), each
// with its evidence sorted: the same facts always give the same findings.
func Evaluate(f *CheckFacts, p *Policy, cal *Calendar) []Finding {
	out, _ := EvaluateWith(f, p, cal, nil)
	return out
}

// RuleRunner runs one rule's evaluation (run) for rule: a caller that
// measures what each rule costs wraps run; nil runs it as it is.
type RuleRunner func(rule Rule, run func())

// EvaluateWith is Evaluate with each rule run through around, and the
// Clearance of the same facts (Clearances), sharing the indexes built once.
func EvaluateWith(f *CheckFacts, p *Policy, cal *Calendar, around RuleRunner) ([]Finding, Clearance) {
	c := newCheck(f, p, cal)
	if around == nil {
		around = func(_ Rule, run func()) { run() }
	}
	var out []Finding
	for _, r := range []struct {
		rule Rule
		eval func(*check) []Finding
	}{
		{RuleWagesUnpaid, (*check).wagesUnpaid}, {RulePartialPayment, (*check).partialPayment},
		{RulePayrollMissing, (*check).payrollMissing}, {RuleAttendedNotPaid, (*check).attendedNotPaid},
		{RulePaidNotAttended, (*check).paidNotAttended}, {RulePaymentFailed, (*check).paymentFailed},
		{RuleSharedBankCard, (*check).sharedBankCard}, {RuleAllocationOverdue, (*check).allocationOverdue},
		{RuleFundsIdle, (*check).fundsIdle}, {RuleGuaranteeMissing, (*check).guaranteeMissing},
		{RuleGuaranteeShort, (*check).guaranteeShort}, {RuleGuaranteeExpiring, (*check).guaranteeExpiring},
		{RuleTopupOverdue, (*check).topupOverdue}, {RuleExitUnsettled, (*check).exitUnsettled},
		{RuleBelowMinimumWage, func(c *check) []Finding { return c.belowMinimumWage(p) }},
		{RuleBlacklistCandidate, (*check).blacklistCandidate},
		{RuleInjuryInsuranceMissing, (*check).injuryInsuranceMissing}, {RuleInjuryInsuranceExpiring, (*check).injuryInsuranceExpiring},
		{RuleCertificateMissing, (*check).certificateMissing}, {RuleCertificateExpired, (*check).certificateExpired},
		// Last: it judges each complaint against the findings above.
		{RuleComplaintOpen, func(*check) []Finding { return OpenComplaints(f.Complaints, out, f.AsOf) }},
	} {
		around(r.rule, func() {
			found := RaiseForComplaints(r.eval(c), f.Complaints, f.AsOf)
			for i := range found {
				sortEvidence(found[i].Evidence)
			}
			out = append(out, found...)
		})
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return a.Key().compare(b.Key()) })
	return out, c.clearance()
}

func sortEvidence(ev []Evidence) {
	slices.SortFunc(ev, func(a, b Evidence) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Ref, b.Ref)) })
}

// evidenceSet collects evidence without repeats.
type evidenceSet map[Evidence]bool

func (s evidenceSet) add(kind EvidenceKind, ref string) {
	if ref != "" {
		s[Evidence{kind, ref}] = true
	}
}

func (s evidenceSet) list() []Evidence {
	out := make([]Evidence, 0, len(s))
	for e := range s {
		out = append(out, e)
	}
	sortEvidence(out)
	return out
}
