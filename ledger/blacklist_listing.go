package ledger

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The dishonesty list (拖欠农民工工资失信联合惩戒对象名单, DOMAIN.md "The
// dishonesty list", MOHRSS Order No. 45): the system proposes candidates,
// listing is always an inspector's decision. A proposal walks, one
// inspector's decision at a time: proposed → prior written notice to the
// unit (notified) → the unit's reply kept (replied) → listed, or declined,
// with reasons. A listing names the unit and its legal representative and
// responsible persons, runs three years ([param] blacklist.listing.years)
// and may end early when the wages are paid, six months have passed since
// the correction and the unit signed an integrity pledge (DecideRemoval).

// PrefixListing names a blacklist proposal and, once decided, its listing.
const PrefixListing = "bls"

// ListingStatus is where a proposal stands.
type ListingStatus string

// Listing statuses. A listing whose period has ended keeps status listed;
// InForce says whether it applies on a date.
const (
	ListingProposed ListingStatus = "proposed"
	ListingNotified ListingStatus = "notified"
	ListingReplied  ListingStatus = "replied"
	ListingListed   ListingStatus = "listed"
	ListingDeclined ListingStatus = "declined"
	ListingRemoved  ListingStatus = "removed"
)

// ListingAction is one inspector's step on a proposal.
type ListingAction string

// Inspectors' steps (POST /blacklist/proposals/{id}/actions).
const (
	ListingNotify  ListingAction = "notify"  // prior written notice sent: its date and content
	ListingReply   ListingAction = "reply"   // the unit's reply kept: its date and text
	ListingList    ListingAction = "list"    // decision to list, with reasons
	ListingDecline ListingAction = "decline" // decision not to list, with reasons
	ListingRemove  ListingAction = "remove"  // early removal, with reasons
)

// PersonRole is a responsible person's part in the unit.
type PersonRole string

// Roles of the persons a listing names (REG Art. 48: the unit and its legal
// representative and responsible persons; Order No. 45 names the legal
// representative or the principal (法定代表人或者主要负责人): a unit without a
// legal representative, a branch or a partnership, names its principal).
const (
	RoleLegalRepresentative PersonRole = "legal_representative" // 法定代表人
	RolePrincipal           PersonRole = "principal"            // 主要负责人
	RoleDirectlyResponsible PersonRole = "directly_responsible" // 直接责任人
)

// ResponsiblePerson is one person a listing names; the identity number, if
// one was given, is kept masked only.
type ResponsiblePerson struct {
	Name     string
	Role     PersonRole
	IDMasked string
}

// PersonInput is a responsible person as an inspector names them.
type PersonInput struct {
	Name     string
	Role     string
	IDNumber string // optional; checked (GB 11643) and kept masked
}

// ListingTerms are the policy values a proposal's steps read.
type ListingTerms struct {
	ReplyWorkingDays int // the unit's period to reply to the notice
	Years            int // how long a listing runs
	RemovalMonths    int // months since the correction before early removal
}

// TermsOf reads the listing terms in force in region on date.
func (p *Policy) TermsOf(region string, on Date) ListingTerms {
	return ListingTerms{ReplyWorkingDays: p.Param(BlacklistReplyWorkingDays, region, on).Count(),
		Years: p.Param(BlacklistListingYears, region, on).Count(), RemovalMonths: p.Param(BlacklistRemovalMonths, region, on).Count()}
}

// ListingGround is why a unit is listed (Order No. 45 Art. 5): the unpaid
// wages under a lapsed order to pay reach the criminal threshold, or the
// arrears caused a mass or an extreme incident, which the inspector records.
type ListingGround string

// Listing grounds.
const (
	GroundThreshold       ListingGround = "threshold"        // 数额达到拒不支付劳动报酬罪数额标准
	GroundMassIncident    ListingGround = "mass_incident"    // 引发群体性事件
	GroundExtremeIncident ListingGround = "extreme_incident" // 引发极端事件
)

// Listing is one proposal to list a unit, with every step taken on it.
type Listing struct {
	ID         string
	ProjectID  string // the candidate's project
	AlertID    string // the candidate's alert
	EmployerID string
	Source     CandidateSource
	Reason     string // why it was proposed
	Persons    []ResponsiblePerson
	Status     ListingStatus
	ProposedOn Date
	ProposedBy string
	// Prior written notice, and the period to reply.
	NoticeOn      Date
	NoticeContent string
	ServedOn      Date // the unit received the notice: the reply period counts from it
	ReplyBy       Date
	// The unit's reply, kept with the decision.
	ReplyOn   Date
	ReplyText string
	// The decision to list or not.
	DecidedOn Date
	DecidedBy string
	Decision  string        // the reasons
	Ground    ListingGround // why it was listed
	StartOn   Date          // listed from
	EndOn     Date          // listed through (the last day)
	// Early removal.
	RemovedOn      Date
	RemovedBy      string
	RemovalReasons string
	CorrectedOn    Date
	PledgeOn       Date
	// ReplyProvisional is set on reading, under the calendar as loaded
	// (Listing.ReplyByProvisional): not stored.
	ReplyProvisional bool
}

// MaxListingText bounds a reason, a notice's content and a reply.
const MaxListingText = 4000

// MaxPersons bounds how many persons one listing names.
const MaxPersons = 20

// NewListing opens a proposal for a candidate on today, naming the persons
// (their identity numbers checked and masked with mask). Every bad field is
// reported at once. A unit that one of its listings (listed) holds on the
// list today is not proposed again, and a unit with no order to pay lapsed
// unpaid (facts.Lapsed) is not proposed at all: Order No. 45 lists only
// after one (EConflict naming order).
func NewListing(c BlacklistCandidate, reason string, persons []PersonInput, today Date, mask func(string) string, listed []Listing, facts ListingFacts) (Listing, error) {
	for _, l := range listed {
		if l.InForce(today) {
			return Listing{}, Errorf(EConflict, "the unit is listed already, until %s (%s)", l.EndOn, l.ID)
		}
	}
	if err := facts.orderLapsed(); err != nil {
		return Listing{}, err
	}
	var v Validation
	reason = strings.TrimSpace(reason)
	v.Fields = append(v.Fields, ErrorFields(CheckNote("reason", reason, MaxListingText, true))...)
	ps, fields := CheckPersons(persons, today, mask)
	v.Fields = append(v.Fields, fields...)
	if err := v.Err("the proposal is not valid"); err != nil {
		return Listing{}, err
	}
	return Listing{ProjectID: c.ProjectID, AlertID: c.AlertID, EmployerID: c.EmployerID, Source: c.Source, Reason: reason, Persons: ps,
		Status: ListingProposed, ProposedOn: today}, nil
}

// CheckPersons checks the persons a listing names: a name, a known role, and
// an identity number only if valid (kept masked). The same person twice in
// one role is refused.
func CheckPersons(in []PersonInput, today Date, mask func(string) string) ([]ResponsiblePerson, []FieldError) {
	var v Validation
	if len(in) > MaxPersons {
		v.Add("responsible_persons", string(RefuseRange), "name at most %d responsible {person|persons}", MaxPersons)
		return nil, v.Fields
	}
	out := []ResponsiblePerson{}
	seen := map[string]bool{}
	for i, p := range in {
		name, f := CheckName(p.Name)
		if f != nil {
			f.Field = "responsible_persons[" + strconv.Itoa(i) + "].name"
			v.Fields = append(v.Fields, *f)
			continue
		}
		role := PersonRole(strings.TrimSpace(p.Role))
		switch role {
		case RoleLegalRepresentative, RolePrincipal, RoleDirectlyResponsible:
		default:
			v.Fields = append(v.Fields, FieldErrorf(0, "responsible_persons["+strconv.Itoa(i)+"].role", "unknown",
				"responsible_persons[%d].role must be legal_representative, principal or directly_responsible", i))
			continue
		}
		person := ResponsiblePerson{Name: name, Role: role}
		if id := strings.TrimSpace(p.IDNumber); id != "" {
			r, f := CheckResidentID(id, today)
			if f != nil {
				f.Field = "responsible_persons[" + strconv.Itoa(i) + "].id_number"
				v.Fields = append(v.Fields, *f)
				continue
			}
			person.IDMasked = mask(r.Number)
		}
		if key := name + "|" + string(role); seen[key] {
			v.Fields = append(v.Fields, FieldErrorf(0, "responsible_persons["+strconv.Itoa(i)+"]", "duplicate",
				"responsible_persons[%d] names %s as %s a second time", i, name, role))
			continue
		} else {
			seen[key] = true
		}
		out = append(out, person)
	}
	return out, v.Fields
}

// ListingActionInput is one inspector's step.
type ListingActionInput struct {
	Action   ListingAction
	On       Date   // the notice's or the reply's date; today for a decision
	ServedOn Date   // a notice: the day the unit received it (zero: On)
	Text     string // the notice's content, the reply, or the decision's reasons
	Persons  []PersonInput
	// A decision to list: its ground (zero: the threshold).
	Ground ListingGround
	// For a removal: when the unit corrected (paid) and signed its pledge.
	CorrectedOn Date
	PledgeOn    Date
	Actor       string
	Today       Date
}

var listingFrom = map[ListingAction][]ListingStatus{
	ListingNotify:  {ListingProposed},
	ListingReply:   {ListingNotified},
	ListingList:    {ListingNotified, ListingReplied},
	ListingDecline: {ListingProposed, ListingNotified, ListingReplied},
	ListingRemove:  {ListingListed},
}

var listingTo = map[ListingAction]ListingStatus{ListingNotify: ListingNotified, ListingReply: ListingReplied, ListingList: ListingListed,
	ListingDecline: ListingDeclined, ListingRemove: ListingRemoved}

// ListingFacts is what the books say of the unit when it is proposed, listed
// or removed early.
type ListingFacts struct {
	// Lapsed are the unit's orders to pay lapsed with wages unpaid
	// (LapsedUnpaid), and Threshold the criminal threshold in force: a
	// decision to list needs one order, and the threshold reached or an
	// incident recorded as the ground.
	Lapsed    []PayOrder
	Threshold CriminalThreshold
	// Owed is what the unit owes past its pay days in the listing's region:
	// an early removal needs none.
	Owed Money
	// LastViolationOn is the day the unit's latest violation (an arrears
	// alert about it) was first seen, zero when it has none: an early
	// removal needs six months (RemovalMonths) without one (DOMAIN.md).
	LastViolationOn Date
}

// orderLapsed refuses a unit with no order to pay lapsed unpaid.
func (f ListingFacts) orderLapsed() error {
	if len(f.Lapsed) > 0 {
		return nil
	}
	return NewError(EConflict, M("the unit cannot be listed"), FieldErrorf(0, "order", "no_lapsed_order",
		"no order to pay of the unit has lapsed with wages unpaid: a unit is listed only after one (MOHRSS Order No. 45)"))
}

// LapsedReach is what the unit's lapsed orders leave unpaid, each worker's
// month counted once, and whether it reaches the threshold.
func LapsedReach(orders []PayOrder, t CriminalThreshold) (reached bool, unpaid Money, workers int) {
	type key struct {
		enrolment string
		period    Period
	}
	owed := map[key]PayOrderLine{}
	for _, o := range orders {
		for _, l := range o.Lines {
			k := key{l.EnrolmentID, l.Period}
			if l.Unpaid > owed[k].Unpaid {
				owed[k] = l
			}
		}
	}
	lines := make([]PayOrderLine, 0, len(owed))
	who := map[string]bool{}
	for _, l := range owed {
		lines = append(lines, l)
		unpaid += l.Unpaid
		who[l.EnrolmentID] = true
	}
	return t.reached(lines), unpaid, len(who)
}

// ground checks the decision's ground against the facts: an incident the
// inspector records, or the threshold the lapsed orders reach.
func (f ListingFacts) ground(g ListingGround) (ListingGround, error) {
	if err := f.orderLapsed(); err != nil {
		return "", err
	}
	switch g {
	case GroundMassIncident, GroundExtremeIncident:
		return g, nil
	case "", GroundThreshold:
	default:
		return "", NewError(EInvalid, M("the decision is not valid"), FieldErrorf(0, "ground", "unknown",
			"ground must be threshold, mass_incident or extreme_incident"))
	}
	reached, unpaid, workers := LapsedReach(f.Lapsed, f.Threshold)
	if !reached {
		return "", NewError(EConflict, M("the unit cannot be listed"), FieldErrorf(0, "ground", "below_threshold",
			"the lapsed orders leave %s unpaid to %d {worker|workers}, below the criminal threshold: list on ground mass_incident or extreme_incident only if the arrears caused one", unpaid, workers))
	}
	return GroundThreshold, nil
}

// DecideListingAction applies one step. It returns the proposal as it now
// stands and whether the step changed it: the same step given again with
// the same content changes nothing (a retried form, a second click). A bad
// input is EInvalid naming its field; a step the proposal's status does not
// allow, a decision to list before the reply period ended without a reply,
// or a removal its conditions do not allow, is EConflict.
func DecideListingAction(l Listing, in ListingActionInput, terms ListingTerms, cal *Calendar, facts ListingFacts, mask func(string) string) (Listing, bool, error) {
	from, ok := listingFrom[in.Action]
	if !ok {
		return l, false, Errorf(EInvalid, "action %q is not one of notify, reply, list, decline, remove", clip(string(in.Action)))
	}
	in.Text = strings.TrimSpace(in.Text)
	if err := CheckNote(textField(in.Action), in.Text, MaxListingText, true); err != nil {
		return l, false, err
	}
	if l.Status == listingTo[in.Action] && l.repeats(in, mask) {
		return l, false, nil
	}
	if !statusIn(l.Status, from) {
		return l, false, Errorf(EConflict, "a proposal that is %s cannot be given %s", l.Status.Label(), in.Action.Label())
	}
	var err error
	switch in.Action {
	case ListingNotify:
		err = l.notify(in, terms, cal)
	case ListingReply:
		err = l.reply(in)
	case ListingList:
		err = l.list(in, terms, facts, mask)
	case ListingDecline:
		l.DecidedOn, l.DecidedBy, l.Decision = in.Today, in.Actor, in.Text
	case ListingRemove:
		err = l.remove(in, terms, facts)
	}
	if err != nil {
		return l, false, err
	}
	l.Status = listingTo[in.Action]
	return l, true, nil
}

func textField(a ListingAction) string {
	switch a {
	case ListingNotify:
		return "content"
	case ListingReply:
		return "reply"
	}
	return "reasons"
}

func statusIn(s ListingStatus, in []ListingStatus) bool {
	for _, x := range in {
		if x == s {
			return true
		}
	}
	return false
}

// repeats reports whether in is the step that brought l to its status, as
// given: a decision to list repeats only with the same ground and persons
// (none given: the persons as they stand).
func (l Listing) repeats(in ListingActionInput, mask func(string) string) bool {
	switch in.Action {
	case ListingNotify:
		return l.NoticeOn == in.On && l.NoticeContent == in.Text && l.ServedOn == cmp.Or(in.ServedOn, in.On)
	case ListingReply:
		return l.ReplyOn == in.On && l.ReplyText == in.Text
	case ListingDecline:
		return l.Decision == in.Text
	case ListingList:
		if l.Decision != in.Text || (in.Ground != "" && in.Ground != l.Ground) || (in.Ground == "" && l.Ground != GroundThreshold) {
			return false
		}
		if len(in.Persons) == 0 {
			return true
		}
		ps, fields := CheckPersons(in.Persons, in.Today, mask)
		return len(fields) == 0 && slices.Equal(ps, l.Persons)
	case ListingRemove:
		return l.RemovalReasons == in.Text && l.CorrectedOn == in.CorrectedOn && l.PledgeOn == in.PledgeOn
	}
	return false
}

// ReplyByProvisional says whether the unit's reply-by date is provisional
// under cal: the proposal waits for the reply (notified), and the date was
// counted in working days across a year whose State Council holiday notice
// is not in the calendar.
func (l Listing) ReplyByProvisional(cal *Calendar) bool {
	return l.Status == ListingNotified && !l.ReplyBy.IsZero() && cal.Explain(l.ServedOn, l.ReplyBy).Provisional
}

// RecomputeReplyBy counts the reply-by date of a proposal waiting for the
// unit's reply again under cal, replyDays working days from the day the
// notice was served, and reports whether it moved. A reply period that
// ended (today after it) is left as it is: the inspectors may have decided
// on it. It never moves the date before today: the unit keeps at least
// until today to reply. A count itself provisional under cal moves
// nothing (as RecomputeOrderDeadline).
func RecomputeReplyBy(l Listing, replyDays int, cal *Calendar, today Date) (Listing, bool) {
	if l.Status != ListingNotified || l.ReplyBy.IsZero() || replyDays <= 0 || today.After(l.ReplyBy) {
		return l, false
	}
	d := cal.AddWorkingDays(l.ServedOn, replyDays)
	if cal.Explain(l.ServedOn, d).Provisional {
		return l, false
	}
	if d.Before(today) {
		d = today
	}
	moved := d != l.ReplyBy
	l.ReplyBy = d
	return l, moved
}

// ListingTermsDay is the day whose policy terms step in is decided on:
// today, but for a notice the day the unit received it, from which its
// reply period counts. The recount of the reply-by date on a newer
// calendar (RecomputeReplyBy) reads the policy of that day too, the only
// one the listing keeps, so that it never moves a date for a policy
// changed between the service and the day the notice was recorded.
func ListingTermsDay(in ListingActionInput) Date {
	if in.Action == ListingNotify {
		return cmp.Or(in.ServedOn, in.On)
	}
	return in.Today
}

// notify records the prior written notice; the unit may reply for the
// policy's working days from the day it received the notice (served_on,
// by default the notice's date).
func (l *Listing) notify(in ListingActionInput, terms ListingTerms, cal *Calendar) error {
	if err := CheckEventDate("notice_on", in.On, l.ProposedOn, "listing.event.proposal", in.Today); err != nil {
		return err
	}
	served := cmp.Or(in.ServedOn, in.On)
	if err := CheckEventDate("served_on", served, in.On, "listing.event.notice", in.Today); err != nil {
		return err
	}
	l.NoticeOn, l.NoticeContent, l.ServedOn = in.On, in.Text, served
	l.ReplyBy = cal.AddWorkingDays(served, terms.ReplyWorkingDays)
	return nil
}

func (l *Listing) reply(in ListingActionInput) error {
	if err := CheckEventDate("reply_on", in.On, l.NoticeOn, "listing.event.notice", in.Today); err != nil {
		return err
	}
	l.ReplyOn, l.ReplyText = in.On, in.Text
	return nil
}

// list decides to list: after the reply period, or once the unit replied,
// on Order No. 45's ground (an order to pay lapsed unpaid, and the threshold
// reached or an incident recorded), naming at least the legal
// representative or the principal. Listed from today for the policy's
// years.
func (l *Listing) list(in ListingActionInput, terms ListingTerms, facts ListingFacts, mask func(string) string) error {
	if len(in.Persons) > 0 {
		ps, fields := CheckPersons(in.Persons, in.Today, mask)
		if len(fields) > 0 {
			return NewError(EInvalid, M("the decision is not valid"), fields...)
		}
		l.Persons = ps
	}
	if l.Status == ListingNotified && !in.Today.After(l.ReplyBy) {
		return Errorf(EConflict, "the unit may reply to the notice until %s: decide after that day, or record its reply first", l.ReplyBy)
	}
	hasRep := false
	for _, p := range l.Persons {
		hasRep = hasRep || p.Role == RoleLegalRepresentative || p.Role == RolePrincipal
	}
	if !hasRep {
		return NewError(EInvalid, M("the decision is not valid"), FieldErrorf(0, "responsible_persons", string(RefuseRequired),
			"a listing names the unit's legal representative or principal: add a responsible person with role legal_representative or principal"))
	}
	ground, err := facts.ground(in.Ground)
	if err != nil {
		return err
	}
	l.DecidedOn, l.DecidedBy, l.Decision, l.Ground = in.Today, in.Actor, in.Text, ground
	l.StartOn, l.EndOn = in.Today, ListingEnd(in.Today, terms.Years)
	return nil
}

// ListingEnd is the last day of a listing from start that runs years.
func ListingEnd(start Date, years int) Date {
	return start.addDate(years, 0, -1)
}

// remove decides an early removal (Order No. 45): the listing is in force,
// the unit owes no wages past their pay day, the policy's months have passed
// since the correction and since the listing began (a correction before the
// listing counts from its start), and it signed an integrity pledge, on or
// after the listing's start. Every fact that blocks it is named.
func (l *Listing) remove(in ListingActionInput, terms ListingTerms, facts ListingFacts) error {
	var v Validation
	if in.CorrectedOn.IsZero() {
		v.Add("corrected_on", string(RefuseRequired), "corrected_on is required: the day the unit paid the wages it owed (YYYY-MM-DD)")
	} else if in.CorrectedOn.After(in.Today) {
		v.Add("corrected_on", string(RefuseFuture), "corrected_on %s is in the future", in.CorrectedOn)
	}
	if in.PledgeOn.IsZero() {
		v.Add("pledge_on", string(RefuseRequired), "pledge_on is required: the day the unit signed its integrity pledge (YYYY-MM-DD)")
	} else if in.PledgeOn.After(in.Today) {
		v.Add("pledge_on", string(RefuseFuture), "pledge_on %s is in the future", in.PledgeOn)
	} else if in.PledgeOn.Before(l.StartOn) {
		v.Add("pledge_on", "before_listing", "pledge_on %s is before the listing began on %s: the pledge for an early removal is signed while listed", in.PledgeOn, l.StartOn)
	}
	if err := v.Err("the removal is not valid"); err != nil {
		return err
	}
	var blocks []FieldError
	if !l.InForce(in.Today) {
		blocks = append(blocks, FieldErrorf(0, "status", "not_in_force", "the listing ended on %s: there is nothing to remove", l.EndOn))
	}
	if facts.Owed > 0 {
		blocks = append(blocks, FieldErrorf(0, "wages_owed", "wages_owed", "the unit still owes ¥%s of wages past their pay day: early removal needs the wages paid in full", facts.Owed))
	}
	from := in.CorrectedOn
	if from.Before(l.StartOn) {
		from = l.StartOn
	}
	if eligible := addMonths(from, terms.RemovalMonths); in.Today.Before(eligible) {
		blocks = append(blocks, FieldErrorf(0, "corrected_on", "too_soon", "corrected on %s and listed from %s: early removal is possible from %s, %d {month|months} after the later of the two",
			in.CorrectedOn, l.StartOn, eligible, terms.RemovalMonths))
	}
	if v := facts.LastViolationOn; !v.IsZero() && in.Today.Before(addMonths(v, terms.RemovalMonths)) {
		blocks = append(blocks, FieldErrorf(0, "violation", "violation_recent", "a new violation was found on %s: early removal is possible from %s, %d {month|months} without one",
			v, addMonths(v, terms.RemovalMonths), terms.RemovalMonths))
	}
	if len(blocks) > 0 {
		return NewError(EConflict, M("the listing cannot be removed early"), blocks...)
	}
	l.RemovedOn, l.RemovedBy, l.RemovalReasons, l.CorrectedOn, l.PledgeOn = in.Today, in.Actor, in.Text, in.CorrectedOn, in.PledgeOn
	return nil
}

// InForce reports whether the listing applies on d: listed, d within its
// period, and not removed on or before d.
func (l Listing) InForce(d Date) bool {
	if l.Status != ListingListed && l.Status != ListingRemoved {
		return false
	}
	if l.StartOn.IsZero() || d.Before(l.StartOn) || d.After(l.EndOn) {
		return false
	}
	return l.RemovedOn.IsZero() || d.Before(l.RemovedOn)
}

// Open reports whether the proposal still awaits a decision.
func (l Listing) Open() bool {
	return l.Status == ListingProposed || l.Status == ListingNotified || l.Status == ListingReplied
}

// ListedOn reports whether any of ls, one unit's listings, is in force on
// d: what guarantee sizing reads as "on the serious-dishonesty list when the
// contract was signed".
func ListedOn(ls []Listing, d Date) bool {
	for _, l := range ls {
		if l.InForce(d) {
			return true
		}
	}
	return false
}

// ListingState is what the public list says of a listing on a date.
func (l Listing) ListingState(d Date) string {
	switch {
	case l.Status == ListingRemoved:
		return "removed"
	case l.Status == ListingListed && d.After(l.EndOn):
		return "expired"
	}
	return string(l.Status)
}

// addMonths is the same day n months after d, or the month's last day when
// it has no such day (31 August + 6 months is 28 or 29 February).
func addMonths(d Date, n int) Date {
	t := d.Time()
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(t.Day(), last))
}

// NextActions are the steps the proposal allows now, in the order an
// inspector would take them.
func (l Listing) NextActions(today Date) []ListingAction {
	switch l.Status {
	case ListingProposed:
		return []ListingAction{ListingNotify, ListingDecline}
	case ListingNotified:
		if today.After(l.ReplyBy) {
			return []ListingAction{ListingReply, ListingList, ListingDecline}
		}
		return []ListingAction{ListingReply, ListingDecline}
	case ListingReplied:
		return []ListingAction{ListingList, ListingDecline}
	case ListingListed:
		if l.InForce(today) {
			return []ListingAction{ListingRemove}
		}
	}
	return []ListingAction{}
}
