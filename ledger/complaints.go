package ledger

import (
	"slices"
	"sort"
	"strings"
)

// PrefixComplaint names a complaint (举报投诉).
const PrefixComplaint = "cmp"

// The deadlines of a complaint, in working days (Labour Security Inspection
// Regulations Art. 17 and the MOHRSS rules implementing them, Art. 18): a
// complaint is accepted or refused within 5 working days of its receipt and
// concluded within 60 working days of its acceptance, which may be extended
// once by 30 with a recorded reason. They are national law, not a region's
// choice, so they are constants rather than policy parameters.
const (
	ComplaintAcceptWorkingDays    = 5
	ComplaintConcludeWorkingDays  = 60
	ComplaintExtensionWorkingDays = 30
)

// ComplaintSource says who filed a complaint.
type ComplaintSource string

// Complaint sources.
const (
	ComplaintByWorker    ComplaintSource = "worker"    // from the worker's payslip page
	ComplaintByInspector ComplaintSource = "inspector" // entered by an inspector (phone, walk-in) with the worker's consent
)

// ComplaintStatus is where a complaint stands.
type ComplaintStatus string

// Complaint statuses.
const (
	ComplaintReceived  ComplaintStatus = "received"
	ComplaintAccepted  ComplaintStatus = "accepted"
	ComplaintRefused   ComplaintStatus = "refused"
	ComplaintConcluded ComplaintStatus = "concluded"
)

// ComplaintAction is an inspector's decision on a complaint.
type ComplaintAction string

// Inspectors' actions (POST /complaints/{id}/actions).
const (
	ComplaintAccept   ComplaintAction = "accept"
	ComplaintRefuse   ComplaintAction = "refuse"
	ComplaintExtend   ComplaintAction = "extend"
	ComplaintConclude ComplaintAction = "conclude"
)

// Complaint is one complaint about unpaid wages on a project.
type Complaint struct {
	ID        string
	ProjectID string
	Source    ComplaintSource
	// The complainant: the enrolment (when known) and, for one entered by
	// an inspector, the name they gave. Never shown to the employer.
	EnrolmentID     string
	TokenID         string // the payslip token a worker filed it with
	ComplainantName string
	Consent         bool // the worker agreed to an inspector entering it for them
	Summary         string
	Periods         []Period
	Workers         int
	AmountClaimed   Money
	Status          ComplaintStatus
	ReceivedOn      Date
	AcceptBy        Date
	DecidedOn       Date // accepted or refused on
	ConcludeBy      Date // set on acceptance; moved by an extension
	Extended        bool
	ExtensionReason string
	// ExtendedOn is the day the extension was decided and
	// ConcludeByBefore the deadline it replaced (RecordExtension): a
	// night before ExtendedOn is judged by that one. Zero when not
	// extended, or extended before migration 0040 kept them.
	ExtendedOn       Date
	ConcludeByBefore Date
	ConcludedOn      Date
	Note             string // the refusal's reason or the conclusion
	CreatedBy        string
}

// ComplaintInput is a complaint as filed.
type ComplaintInput struct {
	Source          ComplaintSource
	EnrolmentID     string
	ComplainantName string
	Consent         bool
	Summary         string
	Periods         []string
	Workers         int
	AmountClaimed   string // decimal string, yuan; "" is none claimed
}

// MaxComplaintText bounds a complaint's summary and an action's note.
const MaxComplaintText = 2000

// NewComplaint checks a complaint as filed on received and sets its
// acceptance deadline. Every bad field is reported at once.
func NewComplaint(in ComplaintInput, received Date, cal *Calendar) (Complaint, error) {
	var v Validation
	c := Complaint{Source: in.Source, EnrolmentID: in.EnrolmentID, ComplainantName: strings.TrimSpace(in.ComplainantName), Consent: in.Consent,
		Summary: strings.TrimSpace(in.Summary), Workers: in.Workers, Status: ComplaintReceived, ReceivedOn: received}
	addErr := func(err error) {
		v.Fields = append(v.Fields, ErrorFields(err)...)
	}
	addErr(CheckNote("summary", c.Summary, MaxComplaintText, true))
	addErr(CheckNote("complainant_name", c.ComplainantName, 100, false))
	if in.Source == ComplaintByInspector && !in.Consent {
		v.Add("consent", "required", "an inspector enters a complaint only with the worker's consent: consent must be true")
	}
	if in.Source == ComplaintByInspector && c.EnrolmentID == "" && c.ComplainantName == "" {
		v.Add("complainant_name", "required", "name the complainant: enrolment_id or complainant_name")
	}
	if in.Workers < 1 || in.Workers > 100000 {
		v.Add("workers", string(RefuseRange), "workers is the number of workers concerned, 1 or more")
	}
	if a := strings.TrimSpace(in.AmountClaimed); a != "" {
		m, err := ParseMoney(a)
		if err != nil || m < 0 {
			v.Add("amount_claimed", "amount", "amount_claimed must be a decimal string of yuan, at most two decimals, not negative")
		}
		c.AmountClaimed = m
	}
	seen := map[Period]bool{}
	for i, s := range in.Periods {
		p, err := ParsePeriod(strings.TrimSpace(s))
		switch {
		case err != nil:
			v.Add("periods", string(RefuseFormat), "periods[%d] must be a month written YYYY-MM", i)
		case p.First().After(received):
			v.Add("periods", string(RefuseFuture), "periods[%d] %s has not started yet", i, p)
		case !seen[p]:
			seen[p] = true
			c.Periods = append(c.Periods, p)
		}
	}
	if len(in.Periods) == 0 {
		v.Add("periods", string(RefuseRequired), "name the months the complaint is about (periods, YYYY-MM)")
	}
	if err := v.Err("the complaint is not valid"); err != nil {
		return Complaint{}, err
	}
	sort.Slice(c.Periods, func(i, j int) bool { return c.Periods[i].String() < c.Periods[j].String() })
	c.AcceptBy = cal.AddWorkingDays(received, ComplaintAcceptWorkingDays)
	return c, nil
}

// ComplaintActionInput is one inspector's decision.
type ComplaintActionInput struct {
	Action ComplaintAction
	Note   string // required by refuse, extend (the reason) and conclude
	On     Date   // today, Asia/Shanghai
}

var complaintTransitions = map[ComplaintAction]struct {
	from ComplaintStatus
	to   ComplaintStatus
}{
	ComplaintAccept:   {ComplaintReceived, ComplaintAccepted},
	ComplaintRefuse:   {ComplaintReceived, ComplaintRefused},
	ComplaintExtend:   {ComplaintAccepted, ComplaintAccepted},
	ComplaintConclude: {ComplaintAccepted, ComplaintConcluded},
}

// DecideComplaintAction applies an inspector's decision: a bad input is
// EInvalid naming its field, a decision the complaint's status does not
// allow (or a second extension, or one after the deadline to conclude
// lapsed) is EConflict. Acceptance starts the 60 working days; an
// extension adds 30 to them, once, counted from the deadline it extends
// (not from the day it is decided), up to and on that deadline.
func DecideComplaintAction(c Complaint, in ComplaintActionInput, cal *Calendar) (Complaint, error) {
	t, ok := complaintTransitions[in.Action]
	if !ok {
		return c, Errorf(EInvalid, "action %q is not one of accept, refuse, extend, conclude", clip(string(in.Action)))
	}
	in.Note = strings.TrimSpace(in.Note)
	if err := CheckNote("note", in.Note, MaxComplaintText, in.Action != ComplaintAccept); err != nil {
		return c, err
	}
	if c.Status != t.from {
		return c, Errorf(EConflict, "a complaint that is %s cannot be given %s", c.Status.Label(), in.Action.Label())
	}
	switch in.Action {
	case ComplaintAccept:
		c.DecidedOn = in.On
		c.ConcludeBy = cal.AddWorkingDays(in.On, ComplaintConcludeWorkingDays)
	case ComplaintRefuse:
		c.DecidedOn, c.Note = in.On, in.Note
	case ComplaintExtend:
		if c.Extended {
			return c, Errorf(EConflict, "this complaint's deadline was extended already; it may be extended once")
		}
		if in.On.After(c.ConcludeBy) {
			// LSIR Art. 17: the extension is approved within the time
			// limit; one decided after it lapsed would clear the overdue
			// flag of a complaint the inspectors left unanswered.
			return c, Errorf(EConflict, "the deadline to conclude this complaint lapsed on %s: it can no longer be extended; conclude it", c.ConcludeBy)
		}
		c.Extended, c.ExtensionReason = true, in.Note
		c.ConcludeBy = cal.AddWorkingDays(c.ConcludeBy, ComplaintExtensionWorkingDays)
	case ComplaintConclude:
		c.ConcludedOn, c.Note = in.On, in.Note
	}
	c.Status = t.to
	return c, nil
}

// OverdueOn reports whether the complaint has passed a deadline unanswered
// on today: not accepted or refused after its acceptance deadline, or not
// concluded after its conclusion deadline.
func (c Complaint) OverdueOn(today Date) bool {
	switch c.Status {
	case ComplaintReceived:
		return today.After(c.AcceptBy)
	case ComplaintAccepted:
		return today.After(c.ConcludeBy)
	}
	return false
}

// Deadline is the complaint's next deadline: acceptance while received,
// conclusion while accepted; zero once decided.
func (c Complaint) NextDeadline() Date {
	switch c.Status {
	case ComplaintReceived:
		return c.AcceptBy
	case ComplaintAccepted:
		return c.ConcludeBy
	}
	return Date{}
}

// ComplaintMatch is what a complaint is matched to in the books.
type ComplaintMatch struct {
	// Alerts are the project's arrears alerts not resolved for one of the
	// complaint's periods.
	Alerts []Alert
	// Unpaid are the complainant's months among the complaint's periods
	// with wages still unpaid (empty when the complainant is not enrolled).
	Unpaid []PeriodAccount
	// Orders are the project's orders to pay with a line for one of the
	// complaint's periods.
	Orders []PayOrder
}

// MatchComplaint matches a complaint to the project's alerts and orders to
// pay, and to the complainant's statement, by month.
func MatchComplaint(c Complaint, alerts []Alert, orders []PayOrder, worker []PeriodAccount) ComplaintMatch {
	in := map[string]bool{}
	for _, p := range c.Periods {
		in[p.String()] = true
	}
	out := ComplaintMatch{Alerts: []Alert{}, Unpaid: []PeriodAccount{}, Orders: []PayOrder{}}
	for _, a := range alerts {
		if a.Status != AlertResolved && a.Stream() == StreamArrears && in[a.Key.Period] {
			out.Alerts = append(out.Alerts, a)
		}
	}
	for _, o := range orders {
		if slices.ContainsFunc(o.Lines, func(l PayOrderLine) bool { return in[l.Period.String()] }) {
			out.Orders = append(out.Orders, o)
		}
	}
	for _, w := range worker {
		if w.Unpaid > 0 && in[w.Period.String()] {
			out.Unpaid = append(out.Unpaid, w)
		}
	}
	return out
}

// AllowedActionsOn are the decisions the complaint's status allows on
// today, in the order an inspector would take them (extend only once, and
// not after the deadline to conclude lapsed).
func (c Complaint) AllowedActionsOn(today Date) []ComplaintAction {
	var out []ComplaintAction
	for _, a := range []ComplaintAction{ComplaintAccept, ComplaintRefuse, ComplaintExtend, ComplaintConclude} {
		if complaintTransitions[a].from == c.Status && !(a == ComplaintExtend && (c.Extended || today.After(c.ConcludeBy))) {
			out = append(out, a)
		}
	}
	return out
}

// MaxComplaintBundleWorkers bounds the workers one complaint's evidence
// bundle covers (a statement each).
const MaxComplaintBundleWorkers = 200

// ComplaintWorkers are the workers a complaint's evidence bundle covers, in
// ID order. A complaint by a worker of the project (employer: the
// complainant's employer) is about that employer's wages: the complainant,
// every worker of that employer the books show owed wages unpaid for one of
// its months, and every worker on a matched order to pay (MatchComplaint's
// Orders) naming that employer, for one of its months; another
// subcontractor's workers are not the complaint's, and their statements
// (with full ID numbers) stay out. A complaint naming no worker (employer
// "") names no employer either: it covers every employer's workers so owed
// or ordered paid. More than MaxComplaintBundleWorkers is EInvalid; none is
// EConflict.
func ComplaintWorkers(c Complaint, employer string, owed []OwedWages, orders []PayOrder) ([]string, error) {
	in := map[Period]bool{}
	for _, p := range c.Periods {
		in[p] = true
	}
	set := map[string]bool{}
	if c.EnrolmentID != "" {
		set[c.EnrolmentID] = true
	}
	for _, o := range owed {
		if in[o.Period] && o.Amount > 0 && (employer == "" || o.EmployerID == employer) {
			set[o.EnrolmentID] = true
		}
	}
	for _, o := range orders {
		if employer != "" && o.EmployerID != employer {
			continue
		}
		for _, l := range o.Lines {
			if in[l.Period] {
				set[l.EnrolmentID] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	switch {
	case len(out) == 0:
		return nil, Errorf(EConflict, "complaint %s names no worker of the project and the books show none owed for its months: there is no worker's statement to bundle", c.ID)
	case len(out) > MaxComplaintBundleWorkers:
		return nil, Errorf(EInvalid, "complaint %s covers %d {worker|workers}, more than the %d one bundle holds: export the workers' bundles one by one", c.ID, len(out), MaxComplaintBundleWorkers)
	}
	return out, nil
}
