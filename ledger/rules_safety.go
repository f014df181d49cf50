package ledger

import (
	"slices"
)

// The rules about the workers' safety paperwork (seed §五(三), §五(四)): the
// project's work-injury insurance and the operation certificates of its
// special-operations workers. Both are compliance findings about a standing
// condition (no period): they hold while the project, or the worker, is on
// site — has attendance in the as-of date's month or the month before — and
// clear when the paperwork is recorded or the attendance stops.

// SafetyFacts are the project's work-injury policies and the current
// operation certificate of each enrolment that has one.
type SafetyFacts struct {
	// Known says they were read; false keeps the four rules quiet rather
	// than reporting every project uninsured.
	Known    bool
	Policies []InjuryPolicyFact
	// Certificates are every certificate recorded, in the order recorded:
	// an enrolment's last is its current one; the earlier ones still cover
	// the days of their own validity.
	Certificates []CertificateFact
}

// attending reports whether the enrolment has attendance in the as-of
// date's month or the month before: the worker is on site.
func (c *check) attending(enrolmentID string) []AttendanceFact {
	now := c.asOf.Period()
	prev := now.First().AddDays(-1).Period()
	var out []AttendanceFact
	for _, p := range []Period{prev, now} {
		if a, ok := c.attendedIn(enrolmentID, p); ok {
			out = append(out, a)
		}
	}
	return out
}

// lastWorked is the last day worked in the attendance, at the latest the
// check's date: what a certificate is judged on. A month read without its
// last day counts as worked up to the check's date (or its own last day).
func (c *check) lastWorked(attended []AttendanceFact) Date {
	var last Date
	for _, a := range attended {
		d := a.LastOn
		if d.IsZero() {
			d = a.Period.Last()
		}
		if d.After(c.asOf) {
			d = c.asOf
		}
		if d.After(last) {
			last = d
		}
	}
	return last
}

// left reports whether the enrolment ended before the check's date.
func (c *check) left(e EnrolmentFact) bool { return !e.ExitedOn.IsZero() && e.ExitedOn.Before(c.asOf) }

// onSite are the workers with recent attendance (attending) who have not
// left, with the attendance that shows it.
func (c *check) onSite() (map[string]bool, evidenceSet) {
	workers, ev := map[string]bool{}, evidenceSet{}
	for _, e := range c.f.Enrolments {
		if c.left(e) {
			continue
		}
		for _, a := range c.attending(e.ID) {
			workers[c.worker(e.ID)] = true
			ev.add(EvidenceAttendance, a.ref())
		}
	}
	return workers, ev
}

// coveringPolicy is the policy that covers d, the one ending last when
// several do; ok false when none does.
func (c *check) coveringPolicy(d Date) (InjuryPolicyFact, bool) {
	var best InjuryPolicyFact
	found := false
	for _, p := range c.f.Safety.Policies {
		if p.coversOn(d) && (!found || p.ValidUntil.After(best.ValidUntil) || (p.ValidUntil == best.ValidUntil && p.ID < best.ID)) {
			best, found = p, true
		}
	}
	return best, found
}

// insuredThrough is the last day of the run of policies covering the as-of
// date without a gap (a renewal that starts the day after counts); ok false
// when none covers it.
func (c *check) insuredThrough() (Date, []string, bool) {
	p, ok := c.coveringPolicy(c.asOf)
	if !ok {
		return Date{}, nil, false
	}
	ids := []string{p.ID}
	for next, more := c.coveringPolicy(p.ValidUntil.AddDays(1)); more && next.ValidUntil.After(p.ValidUntil) && len(ids) < 100; next, more = c.coveringPolicy(p.ValidUntil.AddDays(1)) {
		p = next
		ids = append(ids, p.ID)
	}
	return p.ValidUntil, ids, true
}

func (c *check) injuryInsuranceMissing() []Finding {
	out := append(c.injuryUninsuredNow(), c.injuryUncoveredDays()...)
	slices.SortFunc(out, func(a, b Finding) int { return a.Key().compare(b.Key()) })
	return out
}

// injuryUninsuredNow is the standing finding: workers on site and no policy
// covers the check's date.
func (c *check) injuryUninsuredNow() []Finding {
	if !c.f.Safety.Known || !c.f.Project.ActiveOn(c.asOf) {
		return nil
	}
	if _, _, insured := c.insuredThrough(); insured {
		return nil
	}
	workers, ev := c.onSite()
	if len(workers) == 0 {
		return nil
	}
	reason := M("%d {worker|workers} {is|are} on site (attendance in %s or %s) and no work-injury insurance policy covers %s",
		len(workers), c.asOf.Period().First().AddDays(-1).Period(), c.asOf.Period(), c.asOf)
	// The policy that lapsed last, if any, is the evidence and the reason.
	var lapsed InjuryPolicyFact
	for _, p := range c.f.Safety.Policies {
		if p.ValidUntil.Before(c.asOf) && p.ValidUntil.After(lapsed.ValidUntil) {
			lapsed = p
		}
	}
	if lapsed.ID != "" {
		ev.add(EvidenceInjuryPolicy, lapsed.ID)
		reason = M("%d {worker|workers} {is|are} on site and the project's work-injury insurance ended on %s: no policy covers %s",
			len(workers), lapsed.ValidUntil, c.asOf)
	}
	return []Finding{{Rule: RuleInjuryInsuranceMissing, Subject: Subject{SubjectProject, c.f.Project.ID}, Severity: SeverityHigh,
		Headcount: len(workers), Evidence: ev.list(), Reason: reason}}
}

func (c *check) injuryInsuranceExpiring() []Finding {
	if !c.f.Safety.Known || !c.f.Project.ActiveOn(c.asOf) {
		return nil
	}
	through, ids, insured := c.insuredThrough()
	if !insured || through.After(c.asOf.AddDays(c.params.InjuryExpiringDays)) {
		return nil
	}
	if done := c.f.Project.CompletedOn; !done.IsZero() && !through.Before(done) {
		return nil // the policy covers the project to its completion
	}
	// Like the missing policy, the warning is about workers on site (issue
	// 18: "an active project with attendance"): nobody there, nobody to
	// insure next month either.
	workers, _ := c.onSite()
	if len(workers) == 0 {
		return nil
	}
	ev := evidenceSet{}
	for _, id := range ids {
		ev.add(EvidenceInjuryPolicy, id)
	}
	return []Finding{{Rule: RuleInjuryInsuranceExpiring, Subject: Subject{SubjectProject, c.f.Project.ID}, Severity: SeverityMedium,
		Headcount: len(workers), Evidence: ev.list(),
		Reason: M("the project's work-injury insurance ends on %s, within %d {day|days}, and no policy follows it", through, c.params.InjuryExpiringDays)}}
}

// certificates are every certificate recorded for each enrolment, in the
// order recorded (the last is the current one).
func (c *check) certificates() map[string][]CertificateFact {
	out := make(map[string][]CertificateFact, len(c.f.Safety.Certificates))
	for _, x := range c.f.Safety.Certificates {
		out[x.EnrolmentID] = append(out[x.EnrolmentID], x)
	}
	return out
}

// certificateOn is how an enrolment in trade stands on d with all its
// certificates, judged as the monthly findings judge a day: valid when any
// fitting certificate is valid, expired (or review overdue) when one that
// fits had begun, not valid yet when only later ones fit; wrongKind when
// none fits. cert is the one the reason names: the one that decided, else
// the current (last recorded).
func certificateOn(trade TradeCode, certs []CertificateFact, d Date) (cert CertificateFact, standing CertificateStanding, wrongKind bool) {
	if len(certs) == 0 {
		return CertificateFact{}, CertNotYetValid, false
	}
	cert, standing, wrongKind = certs[len(certs)-1], CertNotYetValid, true
	rank := map[CertificateStanding]int{CertNotYetValid: 1, CertReviewOverdue: 2, CertExpired: 2, CertValid: 3}
	best := 0
	for _, x := range certs {
		if !CertificateKindFits(trade, x.Kind) {
			continue
		}
		wrongKind = false
		st := x.standingOn(d)
		if rank[st] > best || (rank[st] == best && x.ValidUntil.After(cert.ValidUntil)) {
			cert, standing, best = x, st, rank[st]
		}
	}
	return cert, standing, wrongKind
}

// uncertified are the findings of rule about enrolments in a special
// operation that are on site without a valid certificate: missing when none
// is recorded or it is not valid yet, expired when it ended or its review
// (复审) is overdue.
func (c *check) uncertified(rule Rule) []Finding {
	if !c.f.Safety.Known {
		return nil
	}
	certs := c.certificates()
	var out []Finding
	for _, e := range c.f.Enrolments {
		if !c.special[e.TradeCode] || c.left(e) {
			continue
		}
		attended := c.attending(e.ID)
		if len(attended) == 0 {
			continue
		}
		// The certificate is judged on the last day worked, not on the
		// check's date: one that expired after the worker's last day did
		// not let anyone work uncertified.
		worked := c.lastWorked(attended)
		held := certs[e.ID]
		has := len(held) > 0
		cert, standing, wrongKind := certificateOn(e.TradeCode, held, worked) // wrongKind: certifies another operation, missing
		expired := standing == CertExpired || standing == CertReviewOverdue
		if standing == CertValid || (rule == RuleCertificateExpired) != expired {
			continue
		}
		ev := evidenceSet{}
		ev.add(EvidenceEnrolment, e.ID)
		for _, a := range attended {
			ev.add(EvidenceAttendance, a.ref())
		}
		if has {
			ev.add(EvidenceCertificate, cert.ID)
		}
		out = append(out, Finding{Rule: rule, Subject: Subject{SubjectEnrolment, e.ID}, Severity: SeverityHigh, Headcount: 1,
			Evidence: ev.list(), Reason: uncertifiedReason(TradeName(e.TradeCode), cert, has, wrongKind, standing)})
	}
	out = append(out, c.uncertifiedDays(rule)...)
	slices.SortFunc(out, func(a, b Finding) int { return a.Key().compare(b.Key()) })
	return out
}

func uncertifiedReason(trade string, cert CertificateFact, has, wrongKind bool, standing CertificateStanding) Msg {
	switch {
	case !has:
		return M("the worker attends as %s, a special operation, with no operation certificate (特种作业操作证) on record", trade)
	case wrongKind:
		return M("the worker attends as %s, a special operation, and the operation certificate on record is for %s, another operation", trade, cert.Kind)
	case standing == CertReviewOverdue:
		return M("the worker attends as %s, a special operation, and the operation certificate's review (复审) was due by %s with none recorded: it counts as expired",
			trade, ReviewOf(cert.checked(), cert.ReviewedOn).ReviewBy)
	case standing == CertExpired:
		r := ReviewOf(cert.checked(), cert.ReviewedOn)
		return M("the worker attends as %s, a special operation, and the operation certificate expired on %s", trade, r.Validity)
	}
	return M("the worker attends as %s, a special operation, and the operation certificate is valid only from %s", trade, cert.ValidFrom)
}

func (c *check) certificateMissing() []Finding { return c.uncertified(RuleCertificateMissing) }
func (c *check) certificateExpired() []Finding { return c.uncertified(RuleCertificateExpired) }
