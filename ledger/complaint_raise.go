package ledger

import (
	"slices"
	"strings"
)

// A complaint is itself a finding the nightly check counts (issue 17): a
// complaint that names arrears the books show raises that alert's severity
// one level, for as long as the complaint is being handled.

// EvidenceComplaint is a complaint (举报投诉) that raised an alert.
const EvidenceComplaint EvidenceKind = "complaint"

// ComplaintFact is what the nightly check reads of a complaint.
type ComplaintFact struct {
	ID          string
	EnrolmentID string // the complainant, when a worker of the project
	Periods     []Period
	ReceivedOn  Date
	// ClosedOn is the day it was refused or concluded; zero while it is
	// being handled.
	ClosedOn Date
	// Status is the complaint's status now; DecidedOn the day it was
	// accepted or refused; AcceptBy and ConcludeBy its deadlines (the
	// conclusion's as an extension left it: concludeByOn gives the one in
	// force on a night); Workers how many workers it
	// says it concerns (complaint_open).
	Status     ComplaintStatus
	DecidedOn  Date
	AcceptBy   Date
	ConcludeBy Date
	Workers    int
	// ExtendedOn and ConcludeByBefore are the day an extension was decided
	// and the deadline it replaced (zero: never extended, or not known):
	// concludeByOn.
	ExtendedOn       Date
	ConcludeByBefore Date
}

// liveOn reports whether the complaint was being handled on d: received by
// then and not yet refused or concluded.
func (c ComplaintFact) liveOn(d Date) bool {
	return !c.ReceivedOn.After(d) && (c.ClosedOn.IsZero() || c.ClosedOn.After(d))
}

// matches reports whether the complaint is about finding f: an arrears
// finding with money at risk for one of its months and, when the
// complainant is a worker of the project, about that worker.
func (c ComplaintFact) matches(f *Finding) bool {
	if f.Stream() != StreamArrears || f.AmountAtRisk <= 0 || !slices.Contains(c.Periods, f.Period) {
		return false
	}
	return c.EnrolmentID == "" || namesEnrolment(f, c.EnrolmentID)
}

// namesEnrolment reports whether the finding is about the worker: its
// subject, or a record of theirs in its evidence.
func namesEnrolment(f *Finding, enr string) bool {
	if f.Subject.Kind == SubjectEnrolment && f.Subject.ID == enr {
		return true
	}
	for _, e := range f.Evidence {
		switch e.Kind {
		case EvidenceEnrolment:
			if e.Ref == enr {
				return true
			}
		case EvidenceAccount:
			if id, _, ok := accountRef(e.Ref); ok && id == enr {
				return true
			}
		case EvidenceAttendance:
			if strings.HasPrefix(e.Ref, enr+"@") {
				return true
			}
		}
	}
	return false
}

// RaiseForComplaints raises, one level, the severity of each finding that a
// complaint live on asOf names (ComplaintFact.matches) and adds the
// complaints to its evidence. Several complaints about one finding raise it
// once. The reason is left as the rule wrote it: it goes into the alert's
// history, which the employer reads, and the complainant's identity is
// never shown to the employer (LSIR Art. 9); inspectors read the raise from
// the evidence (ComplaintRaise). The same facts give the same findings, so
// a night run again changes nothing, and the raise goes when the complaint
// is concluded or refused.
func RaiseForComplaints(findings []Finding, complaints []ComplaintFact, asOf Date) []Finding {
	for i := range findings {
		f := &findings[i]
		var ids []string
		for _, c := range complaints {
			if c.liveOn(asOf) && c.matches(f) {
				ids = append(ids, c.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		slices.Sort(ids)
		f.RuleSeverity, f.Severity = f.Severity, f.Severity.raised()
		for _, id := range ids {
			f.Evidence = append(f.Evidence, Evidence{Kind: EvidenceComplaint, Ref: id})
		}
	}
	return findings
}

// complaintsOf are the complaints in an alert's evidence.
func complaintsOf(ev []Evidence) []string {
	var ids []string
	for _, e := range ev {
		if e.Kind == EvidenceComplaint {
			ids = append(ids, e.Ref)
		}
	}
	return ids
}

// ComplaintRaise is what an inspector reads of the complaints that raised
// alert a (none: false): a catalogued sentence naming them. A complaint's
// own alert (complaint_open) names its complaint but was raised by none.
func ComplaintRaise(a Alert) (Msg, bool) {
	ids := complaintsOf(a.Evidence)
	if len(ids) == 0 || a.Key.Rule == RuleComplaintOpen {
		return Msg{}, false
	}
	return M("the severity was raised one level: complaint %s names these arrears", strings.Join(ids, ", ")), true
}

// legacyComplaintNote is how an earlier build wrote the raise into an
// alert's reason, and from there into its history.
const legacyComplaintNote = "; raised one level: complaint "

// ForContractor is alert a as a contractor (the employer, the general
// contractor) may read it: no complaint in its evidence, and no word of
// one in its reason, resolution or history, whoever the complainant is
// (LSIR Art. 9: the complainant's identity is never shown to the
// employer; on an alert about one worker, that a complaint exists names
// them). Its severity, and each history entry's, is the one the rules
// alone give, and the inspector-only entries (EventComplaint: the night a
// complaint raised the alert, or the raise went, with nothing else new) are
// left out: a raise would tell the contractor that someone complained.
func ForContractor(a Alert, history []AlertEvent) (Alert, []AlertEvent) {
	a.Evidence = slices.DeleteFunc(slices.Clone(a.Evidence), func(e Evidence) bool { return e.Kind == EvidenceComplaint })
	a.Reason, a.Resolution = withoutComplaint(a.Reason), withoutComplaint(a.Resolution)
	if a.RuleSeverity != "" {
		a.Severity, a.RuleSeverity = a.RuleSeverity, ""
	}
	if history == nil {
		return a, nil
	}
	out := make([]AlertEvent, 0, len(history))
	for _, e := range history {
		if e.Kind == EventComplaint {
			continue
		}
		e.Note = withoutComplaint(e.Note)
		if e.RuleSeverity != "" {
			e.Severity, e.RuleSeverity = e.RuleSeverity, ""
		}
		out = append(out, e)
	}
	return a, out
}

// withoutComplaint cuts the complaint raise an earlier build appended to
// a reason.
func withoutComplaint(s string) string {
	before, _, _ := strings.Cut(s, legacyComplaintNote)
	return before
}
