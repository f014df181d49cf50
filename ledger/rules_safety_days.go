package ledger

import (
	"math/bits"
	"slices"
	"strings"
)

// Days worked without cover (issue 18, after review). The standing findings
// of rules_safety.go say what holds now; these say which days were worked
// without a policy or a valid certificate, one finding per month: the rule's
// own, with the month as its period. A policy or certificate recorded later
// covers only the days of its own validity (with its reviews), so recording
// one today leaves the days before it found. Such a finding closes when a
// record that really covers those days is entered (a policy backdated to
// when it began: the check then no longer finds it and resolves it, naming
// the day), or when an inspector resolves it with a written reason (a
// compliance alert an inspector resolved stays resolved, PlanAlerts).

// monthBits are the bits (day d is bit d-1) of the days of period p on which
// covered(d) holds.
func monthBits(p Period, covered func(Date) bool) uint32 {
	var m uint32
	for d := p.First(); !d.After(p.Last()); d = d.AddDays(1) {
		if covered(d) {
			m |= 1 << (d.dayOfMonth() - 1)
		}
	}
	return m
}

// workedBits are the days of a worked that a monthly finding counts: its
// day bits, or its last day alone when the days were not read, and only in
// a month that ended before the check's month. The current month is the
// standing finding's alone: one problem raises one alert while it lasts,
// and its month's finding follows once the month is over (so closing the
// standing alert does not silence a month still running). Months more
// than the policy's look-back (safety.days_worked.lookback_months, LSIR
// Art. 20's 2 years) before the check's month are not found: the first
// night after an upgrade does not raise every month back to the beginning.
// Months are compared by number (a province's first night asks this of
// 600,000 worker-months, and making their first and last days cost the
// rule a third of its time).
func (c *check) workedBits(a AttendanceFact) uint32 {
	month, now := a.Period.number(), c.asOf.Period().number()
	if month >= now {
		return 0
	}
	if n := c.params.SafetyLookbackMonths; n > 0 && month < now-n {
		return 0
	}
	if a.Worked != 0 {
		return a.Worked
	}
	if !a.LastOn.IsZero() && a.LastOn.Period() == a.Period {
		return 1 << (a.LastOn.dayOfMonth() - 1)
	}
	return 0
}

// dayOf is the date of bit b of period p.
func dayOf(p Period, b int) Date { return NewDate(p.Year, p.Month, b+1) }

// spanOf is the first and last day of the bits m of period p.
func spanOf(p Period, m uint32) (Date, Date) {
	return dayOf(p, bits.TrailingZeros32(m)), dayOf(p, 31-bits.LeadingZeros32(m))
}

// uninsuredMonth is what one month of the project's attendance says about
// days worked without a policy.
type uninsuredMonth struct {
	workers map[string]bool
	days    int // worker-days
	// enrolments are the month's attendance, one per enrolment: a list, not
	// an evidenceSet (a project's every worker-month is in one of these when
	// no policy covers it, and hashing them cost the rule most of its time),
	// made into evidence once the month is complete (attendanceEvidence).
	enrolments  []string
	first, last Date
}

// injuryUncoveredDays are the months with days worked that no policy
// covers: one finding per month, with the worker-days and workers.
func (c *check) injuryUncoveredDays() []Finding {
	if !c.f.Safety.Known {
		return nil
	}
	cover := map[Period]uint32{}
	months := map[Period]*uninsuredMonth{}
	for _, a := range c.f.Attendance {
		mask, ok := cover[a.Period]
		if !ok {
			mask = monthBits(a.Period, func(d Date) bool { _, ok := c.coveringPolicy(d); return ok })
			cover[a.Period] = mask
		}
		bare := c.workedBits(a) &^ mask
		if bare == 0 {
			continue
		}
		m := months[a.Period]
		if m == nil {
			m = &uninsuredMonth{workers: map[string]bool{}}
			months[a.Period] = m
		}
		first, last := spanOf(a.Period, bare)
		if m.first.IsZero() || first.Before(m.first) {
			m.first = first
		}
		if last.After(m.last) {
			m.last = last
		}
		m.workers[c.worker(a.EnrolmentID)] = true
		m.days += bits.OnesCount32(bare)
		m.enrolments = append(m.enrolments, a.EnrolmentID)
	}
	var out []Finding
	for p, m := range months {
		ev := attendanceEvidence(p, m.enrolments)
		sortEvidence(ev)
		out = append(out, Finding{Rule: RuleInjuryInsuranceMissing, Subject: Subject{SubjectProject, c.f.Project.ID}, Period: p,
			Severity: SeverityHigh, Headcount: len(m.workers), Evidence: slices.Compact(ev),
			Reason: M("%d {day|days} worked by %d {worker|workers} in %s (%s to %s) had no work-injury insurance: a policy recorded later covers only the days of its own validity; an inspector closes this with a written reason",
				m.days, len(m.workers), p, m.first, m.last)})
	}
	return out
}

// attendanceEvidence is the attendance evidence of enrolments in period p,
// each reference AttendanceFact.ref's, all of them cut from one string (a
// province's first night has hundreds of thousands of them).
func attendanceEvidence(p Period, enrolments []string) []Evidence {
	suffix := "@" + p.String()
	n := 0
	for _, e := range enrolments {
		n += len(e) + len(suffix)
	}
	var b strings.Builder
	b.Grow(n)
	for _, e := range enrolments {
		b.WriteString(e)
		b.WriteString(suffix)
	}
	all, ev, at := b.String(), make([]Evidence, len(enrolments)), 0
	for i, e := range enrolments {
		end := at + len(e) + len(suffix)
		ev[i] = Evidence{EvidenceAttendance, all[at:end]}
		at = end
	}
	return ev
}

// uncertifiedDays are the findings of rule (missing or expired) about the
// months in which a worker of a special operation worked days that no
// certificate of theirs for the operation covered: expired on a day after a
// fitting certificate had begun, missing otherwise.
func (c *check) uncertifiedDays(rule Rule) []Finding {
	byEnrolment := map[string][]CertificateFact{}
	for _, x := range c.f.Safety.Certificates {
		byEnrolment[x.EnrolmentID] = append(byEnrolment[x.EnrolmentID], x)
	}
	trade := make(map[string]TradeCode, len(c.f.Enrolments))
	for _, e := range c.f.Enrolments {
		trade[e.ID] = e.TradeCode
	}
	var out []Finding
	for _, a := range c.f.Attendance {
		code, ok := trade[a.EnrolmentID]
		if !ok || !c.special[code] {
			continue
		}
		var fitting []CertificateFact
		for _, x := range byEnrolment[a.EnrolmentID] {
			if CertificateKindFits(code, x.Kind) {
				fitting = append(fitting, x)
			}
		}
		bare := c.workedBits(a) &^ monthBits(a.Period, func(d Date) bool {
			return slices.ContainsFunc(fitting, func(x CertificateFact) bool { return x.standingOn(d) == CertValid })
		})
		lapsed := bare & monthBits(a.Period, func(d Date) bool {
			return slices.ContainsFunc(fitting, func(x CertificateFact) bool { return x.standingOn(d) != CertNotYetValid })
		})
		if rule == RuleCertificateMissing {
			bare &^= lapsed
		} else {
			bare = lapsed
		}
		if bare == 0 {
			continue
		}
		first, last := spanOf(a.Period, bare)
		ev := evidenceSet{}
		ev.add(EvidenceEnrolment, a.EnrolmentID)
		ev.add(EvidenceAttendance, a.ref())
		for _, x := range byEnrolment[a.EnrolmentID] {
			ev.add(EvidenceCertificate, x.ID)
		}
		reason := M("%d {day|days} worked as %s in %s (%s to %s) with no valid operation certificate for it: a certificate recorded later covers only the days of its own validity; an inspector closes this with a written reason",
			bits.OnesCount32(bare), TradeName(code), a.Period, first, last)
		if rule == RuleCertificateExpired {
			reason = M("%d {day|days} worked as %s in %s (%s to %s) after the operation certificate had expired or its review (复审) was overdue: a certificate recorded later covers only the days of its own validity; an inspector closes this with a written reason",
				bits.OnesCount32(bare), TradeName(code), a.Period, first, last)
		}
		out = append(out, Finding{Rule: rule, Subject: Subject{SubjectEnrolment, a.EnrolmentID}, Period: a.Period, Severity: SeverityHigh,
			Headcount: 1, Evidence: ev.list(), Reason: reason})
	}
	return out
}
