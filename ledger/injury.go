package ledger

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Work-injury insurance per project (按项目参加工伤保险, seed §五(三), DOMAIN.md
// "Work-injury insurance and special operations"): the general contractor
// records each policy that insures the project's workers, with its insurer,
// number, validity and the basis of its premium. The nightly rules
// injury_insurance_missing and injury_insurance_expiring read them
// (rules_safety.go); the statistics read InjuryCoverageOf.

// PrefixInjuryPolicy names a recorded work-injury insurance policy.
const PrefixInjuryPolicy = "inj"

// InsuranceBasis is what a project's premium is reckoned on.
type InsuranceBasis string

// Bases of a policy: the number of workers insured, or the contract value.
const (
	BasisHeadcount     InsuranceBasis = "headcount"
	BasisContractValue InsuranceBasis = "contract_value"
)

// Valid reports whether b is a known basis.
func (b InsuranceBasis) Valid() bool { return b == BasisHeadcount || b == BasisContractValue }

// InjuryPolicyInput is a policy as the general contractor records it.
type InjuryPolicyInput struct {
	ProjectID     string
	Insurer       string // the social-insurance agency or insurer, by name
	PolicyNo      string
	ValidFrom     Date
	ValidUntil    Date // the last day it covers
	Basis         InsuranceBasis
	Headcount     int   // with BasisHeadcount: the workers insured
	ContractValue Money // with BasisContractValue: the contract value insured
}

// Normalize trims the free-text fields.
func (in *InjuryPolicyInput) Normalize() {
	in.ProjectID, in.Insurer, in.PolicyNo = strings.TrimSpace(in.ProjectID), strings.TrimSpace(in.Insurer), strings.TrimSpace(in.PolicyNo)
	in.Basis = InsuranceBasis(strings.TrimSpace(string(in.Basis)))
}

// Fingerprint is what a retry under the same insurer and number must repeat.
func (in InjuryPolicyInput) Fingerprint() string {
	return SHA256Hex([]byte(strings.Join([]string{in.ProjectID, in.Insurer, in.PolicyNo, in.ValidFrom.String(), in.ValidUntil.String(),
		string(in.Basis), strconv.Itoa(in.Headcount), in.ContractValue.String()}, "\x1f")))
}

// InjuryPolicy is one recorded policy.
type InjuryPolicy struct {
	ID            string
	ProjectID     string
	Insurer       string
	PolicyNo      string
	ValidFrom     Date
	ValidUntil    Date
	Basis         InsuranceBasis
	Headcount     int
	ContractValue Money
	ContentHash   string
	CreatedAt     time.Time
	CreatedBy     string
	// VoidedAt is when the policy was voided (recorded in error), zero
	// while it stands; a voided policy covers nobody.
	VoidedAt   time.Time
	VoidedBy   string
	VoidReason string
}

// CoversOn reports whether the policy covers day d: it stands and d is in
// its validity.
func (p *InjuryPolicy) CoversOn(d Date) bool {
	return p.VoidedAt.IsZero() && !p.ValidFrom.After(d) && !p.ValidUntil.Before(d)
}

// CheckVoidReason checks the written reason a policy is voided for: a
// sentence, at most 500 characters, no control characters.
func CheckVoidReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	var v Validation
	switch {
	case utf8.RuneCountInString(reason) < 4:
		v.Add("reason", "required", "reason (why the policy is voided, in a sentence) is required")
	case utf8.RuneCountInString(reason) > 500:
		v.Add("reason", "too_long", "reason is at most 500 characters")
	default:
		if r, bad := BadTextRune(reason); bad {
			v.Add("reason", string(RefuseControl), "reason holds the control character U+%04X, which no text field may hold: remove it", r)
		}
	}
	return reason, v.Err("the voiding of a work-injury policy is not valid")
}

// MaxPolicyHeadcount bounds a policy's headcount: more workers than any
// one project employs (and the column is a 32-bit integer).
const MaxPolicyHeadcount = 100_000

// Plausible policy dates around the project's: a policy starts at most a
// year before the project (one taken out for the site in advance) and ends
// at most five years after its planned completion (or its start, when no
// completion is planned). A date outside is a typing error (2062 for 2026)
// and is refused, naming the field.
const (
	policyEarliestYearsBefore = 1
	policyLatestYearsAfter    = 5
)

func checkPolicyDates(v *Validation, in InjuryPolicyInput, project *Project) {
	if project == nil || project.StartedOn.IsZero() {
		return
	}
	earliest := project.StartedOn.addDate(-policyEarliestYearsBefore, 0, 0)
	end := project.PlannedCompletionOn
	if end.IsZero() || end.Before(project.StartedOn) {
		end = project.StartedOn
	}
	latest := end.addDate(policyLatestYearsAfter, 0, 0)
	if !in.ValidFrom.IsZero() && in.ValidFrom.Before(earliest) {
		v.Add("valid_from", "implausible", "valid_from %s is more than a year before the project started (%s): check the year", in.ValidFrom, project.StartedOn)
	}
	if !in.ValidUntil.IsZero() && in.ValidUntil.After(latest) {
		v.Add("valid_until", "implausible", "valid_until %s is more than five years after the project's planned completion (%s): check the year", in.ValidUntil, end)
	}
}

// CheckInjuryPolicy checks a policy before it is recorded for project,
// naming every bad field at once. A policy of a completed project is refused
// (it insures workers who are still to work).
func CheckInjuryPolicy(in InjuryPolicyInput, project *Project) error {
	var v Validation
	switch {
	case in.Insurer == "":
		v.Add("insurer", "required", "insurer (the social-insurance agency or insurer) is required")
	case utf8.RuneCountInString(in.Insurer) > 100:
		v.Add("insurer", "too_long", "insurer is at most 100 characters")
	}
	switch {
	case in.PolicyNo == "":
		v.Add("policy_no", "required", "policy_no (the policy's number: it makes a retry safe) is required")
	case utf8.RuneCountInString(in.PolicyNo) > 100:
		v.Add("policy_no", "too_long", "policy_no is at most 100 characters")
	}
	if in.ValidFrom.IsZero() {
		v.Add("valid_from", "required", "valid_from is required (YYYY-MM-DD)")
	}
	switch {
	case in.ValidUntil.IsZero():
		v.Add("valid_until", "required", "valid_until is required (YYYY-MM-DD): the last day the policy covers")
	case !in.ValidFrom.IsZero() && in.ValidUntil.Before(in.ValidFrom):
		v.Add("valid_until", "before_start", "valid_until %s is before valid_from %s", in.ValidUntil, in.ValidFrom)
	}
	switch in.Basis {
	case BasisHeadcount:
		if in.Headcount <= 0 {
			v.Add("headcount", "not_positive", "a policy on the headcount basis names the number of workers insured, more than zero")
		} else if in.Headcount > MaxPolicyHeadcount {
			v.Add("headcount", "too_large", "headcount is at most %d {worker|workers}", MaxPolicyHeadcount)
		}
		if in.ContractValue != 0 {
			v.Add("contract_value", "not_allowed", "a policy on the headcount basis has no contract_value: leave it out")
		}
	case BasisContractValue:
		if in.ContractValue <= 0 {
			v.Add("contract_value", "not_positive", "a policy on the contract-value basis names the contract value insured, more than zero")
		}
		if in.Headcount != 0 {
			v.Add("headcount", "not_allowed", "a policy on the contract-value basis has no headcount: leave it out")
		}
	default:
		v.Add("basis", "unknown", "basis must be headcount (按人数) or contract_value (按合同造价)")
	}
	checkPolicyDates(&v, in, project)
	if project != nil && project.Status == ProjectCompleted {
		v.Add("project_id", "completed", "project %s is completed: its work-injury insurance is recorded while it runs", project.Code)
	}
	return v.Err("work-injury insurance policy is not valid")
}

// InjuryPolicyFact is a policy as the nightly rules and the statistics read
// it.
type InjuryPolicyFact struct {
	ID         string
	ValidFrom  Date
	ValidUntil Date
}

func (p InjuryPolicyFact) coversOn(d Date) bool {
	return !p.ValidFrom.After(d) && !p.ValidUntil.Before(d)
}

// InjuryCoverage is how a project's policies cover one period: every day of
// it (Whole), some days (Days > 0), or none; with the policies that cover
// any of it.
type InjuryCoverage struct {
	Period   Period
	Days     int // days of the period at least one policy covers
	Whole    bool
	Policies []string
	facts    []InjuryPolicyFact // the policies that cover any of it
}

// InjuryCoverageOf is how policies cover period p: the statistics' count of
// insured projects (issue 18 item 1) is the projects whose coverage is
// Whole, partly insured the others with Days > 0.
func InjuryCoverageOf(policies []InjuryPolicyFact, p Period) InjuryCoverage {
	c := InjuryCoverage{Period: p}
	for _, x := range policies {
		if !x.ValidFrom.After(p.Last()) && !x.ValidUntil.Before(p.First()) {
			c.Policies, c.facts = append(c.Policies, x.ID), append(c.facts, x)
		}
	}
	total := 0
	for d := p.First(); !d.After(p.Last()); d = d.AddDays(1) {
		total++
		for _, x := range policies {
			if x.coversOn(d) {
				c.Days++
				break
			}
		}
	}
	c.Whole = c.Days == total
	return c
}

// CoversStay is the statistics' definition of a worker insured in the
// period: the project's policies cover every day of the period on which the
// worker was enrolled (from the later of the period's first day and the
// entry, to the earlier of its last day and the exit). A worker who entered
// on the 8th is insured by a policy from the 8th; one enrolled all month
// needs the whole month covered. false when the stay misses the period.
func (c InjuryCoverage) CoversStay(entered, exited Date) bool {
	if len(c.facts) == 0 {
		return false
	}
	from, to := c.Period.First(), c.Period.Last()
	if entered.After(from) {
		from = entered
	}
	if !exited.IsZero() && exited.Before(to) {
		to = exited
	}
	if from.After(to) {
		return false
	}
	for d := from; !d.After(to); d = d.AddDays(1) {
		covered := false
		for _, x := range c.facts {
			if x.coversOn(d) {
				covered = true
				break
			}
		}
		if !covered {
			return false
		}
	}
	return true
}

// CoveredSpans are the runs of consecutive days of the period the policies
// cover, first to last, in order: a stay is covered (CoversStay) exactly
// when it is not empty and lies within one of them, which is how the
// statistics' database query decides it.
func (c InjuryCoverage) CoveredSpans() [][2]Date {
	var spans [][2]Date
	open := false // the day before was covered: the last span goes on
	for d := c.Period.First(); !d.After(c.Period.Last()); d = d.AddDays(1) {
		covered := c.CoversStay(d, d)
		switch {
		case covered && open:
			spans[len(spans)-1][1] = d
		case covered:
			spans = append(spans, [2]Date{d, d})
		}
		open = covered
	}
	return spans
}

// CheckInjuryPolicyReplay decides a recording whose insurer and number are
// already on record as prev, a standing policy of the project: the same
// content is a retry, already recorded (nil); other content a conflict (a
// renewal has its own number; one recorded in error is voided first).
func CheckInjuryPolicyReplay(in InjuryPolicyInput, prev *InjuryPolicy) error {
	if prev.ContentHash != in.Fingerprint() {
		return Errorf(EConflict, "work-injury policy %q of %s is already recorded for this project with different content: a renewal is a policy with its own number; to correct one recorded in error, void it and record it again", in.PolicyNo, in.Insurer)
	}
	return nil
}

// CheckInjuryPolicyVoidedRetry decides a new recording against voided, the
// policy voided since with the same insurer, number and content (nil when
// there is none): a late retry (no idempotency key) of a voided policy is
// the wrong policy again, a conflict.
func CheckInjuryPolicyVoidedRetry(in InjuryPolicyInput, voided *InjuryPolicy) error {
	if voided == nil {
		return nil
	}
	return Errorf(EConflict, "work-injury policy %q of %s was recorded with this content as %s and voided on %s: a retry of it is not recorded again; record the corrected policy",
		in.PolicyNo, in.Insurer, voided.ID, DateOf(voided.VoidedAt))
}
