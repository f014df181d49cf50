package ledger

import (
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
// representative and responsible persons).
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
	ReplyBy       Date
	// The unit's reply, kept with the decision.
	ReplyOn   Date
	ReplyText string
	// The decision to list or not.
	DecidedOn Date
	DecidedBy string
	Decision  string // the reasons
	StartOn   Date   // listed from
	EndOn     Date   // listed through (the last day)
	// Early removal.
	RemovedOn      Date
	RemovedBy      string
	RemovalReasons string
	CorrectedOn    Date
	PledgeOn       Date
}

// MaxListingText bounds a reason, a notice's content and a reply.
const MaxListingText = 4000

// MaxPersons bounds how many persons one listing names.
const MaxPersons = 20

// NewListing opens a proposal for a candidate on today, naming the persons
// (their identity numbers checked and masked with mask). Every bad field is
// reported at once. A unit that one of its listings (listed) holds on the
// list today is not proposed again (EConflict).
func NewListing(c BlacklistCandidate, reason string, persons []PersonInput, today Date, mask func(string) string, listed []Listing) (Listing, error) {
	for _, l := range listed {
		if l.InForce(today) {
			return Listing{}, Errorf(EConflict, "the unit is listed already, until %s (%s)", l.EndOn, l.ID)
		}
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
		v.Add("responsible_persons", string(RefuseRange), "name at most %d responsible persons", MaxPersons)
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
			v.Add("responsible_persons", "unknown", "responsible_persons[%d].role must be legal_representative, principal or directly_responsible", i)
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
			v.Add("responsible_persons", "duplicate", "responsible_persons[%d] names %s as %s a second time", i, name, role)
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
	Action  ListingAction
	On      Date   // the notice's or the reply's date; today for a decision
	Text    string // the notice's content, the reply, or the decision's reasons
	Persons []PersonInput
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

// RemovalFacts is what the books say when an early removal is asked for.
type RemovalFacts struct {
	Owed Money // wages the unit still owes on its projects
}

// DecideListingAction applies one step. It returns the proposal as it now
// stands and whether the step changed it: the same step given again with
// the same content changes nothing (a retried form, a second click). A bad
// input is EInvalid naming its field; a step the proposal's status does not
// allow, a decision to list before the reply period ended without a reply,
// or a removal its conditions do not allow, is EConflict.
func DecideListingAction(l Listing, in ListingActionInput, terms ListingTerms, cal *Calendar, facts RemovalFacts, mask func(string) string) (Listing, bool, error) {
	from, ok := listingFrom[in.Action]
	if !ok {
		return l, false, Errorf(EInvalid, "action %q is not one of notify, reply, list, decline, remove", clip(string(in.Action)))
	}
	in.Text = strings.TrimSpace(in.Text)
	if err := CheckNote(textField(in.Action), in.Text, MaxListingText, true); err != nil {
		return l, false, err
	}
	if l.Status == listingTo[in.Action] && l.repeats(in) {
		return l, false, nil
	}
	if !statusIn(l.Status, from) {
		return l, false, Errorf(EConflict, "a proposal that is %s cannot be given %s", l.Status, in.Action)
	}
	var err error
	switch in.Action {
	case ListingNotify:
		err = l.notify(in, terms, cal)
	case ListingReply:
		err = l.reply(in)
	case ListingList:
		err = l.list(in, terms, mask)
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

// repeats reports whether in is the step that brought l to its status, as given.
func (l Listing) repeats(in ListingActionInput) bool {
	switch in.Action {
	case ListingNotify:
		return l.NoticeOn == in.On && l.NoticeContent == in.Text
	case ListingReply:
		return l.ReplyOn == in.On && l.ReplyText == in.Text
	case ListingList, ListingDecline:
		return l.Decision == in.Text
	case ListingRemove:
		return l.RemovalReasons == in.Text && l.CorrectedOn == in.CorrectedOn && l.PledgeOn == in.PledgeOn
	}
	return false
}

func (l *Listing) notify(in ListingActionInput, terms ListingTerms, cal *Calendar) error {
	if err := CheckEventDate("notice_on", in.On, l.ProposedOn, "proposal", in.Today); err != nil {
		return err
	}
	l.NoticeOn, l.NoticeContent = in.On, in.Text
	l.ReplyBy = cal.AddWorkingDays(in.On, terms.ReplyWorkingDays)
	return nil
}

func (l *Listing) reply(in ListingActionInput) error {
	if err := CheckEventDate("reply_on", in.On, l.NoticeOn, "notice", in.Today); err != nil {
		return err
	}
	l.ReplyOn, l.ReplyText = in.On, in.Text
	return nil
}

// list decides to list: after the reply period, or once the unit replied,
// naming at least the legal representative. Listed from today for the
// policy's years.
func (l *Listing) list(in ListingActionInput, terms ListingTerms, mask func(string) string) error {
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
		hasRep = hasRep || p.Role == RoleLegalRepresentative
	}
	if !hasRep {
		return NewError(EInvalid, M("the decision is not valid"), FieldErrorf(0, "responsible_persons", string(RefuseRequired),
			"a listing names the unit's legal representative: add a responsible person with role legal_representative"))
	}
	l.DecidedOn, l.DecidedBy, l.Decision = in.Today, in.Actor, in.Text
	l.StartOn, l.EndOn = in.Today, ListingEnd(in.Today, terms.Years)
	return nil
}

// ListingEnd is the last day of a listing from start that runs years.
func ListingEnd(start Date, years int) Date {
	return Date{start.Time().AddDate(years, 0, -1)}
}

// remove decides an early removal (Order No. 45): the listing is in force,
// the unit owes no wages, the correction was at least the policy's months
// ago, and it signed an integrity pledge. Every fact that blocks it is named.
func (l *Listing) remove(in ListingActionInput, terms ListingTerms, facts RemovalFacts) error {
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
	}
	if err := v.Err("the removal is not valid"); err != nil {
		return err
	}
	var blocks []FieldError
	if !l.InForce(in.Today) {
		blocks = append(blocks, FieldErrorf(0, "status", "not_in_force", "the listing ended on %s: there is nothing to remove", l.EndOn))
	}
	if facts.Owed > 0 {
		blocks = append(blocks, FieldErrorf(0, "wages_owed", "wages_owed", "the unit still owes ¥%s of wages: early removal needs the wages paid in full", facts.Owed))
	}
	if eligible := addMonths(in.CorrectedOn, terms.RemovalMonths); in.Today.Before(eligible) {
		blocks = append(blocks, FieldErrorf(0, "corrected_on", "too_soon", "corrected on %s: early removal is possible from %s, %d months later", in.CorrectedOn, eligible, terms.RemovalMonths))
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
