package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// PersonRequest is a responsible person a listing names; an identity
// number, if given, is checked and kept masked only.
type PersonRequest struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	IDNumber string `json:"id_number"`
}

// ProposalRequest proposes to list the unit a blacklist candidate names.
type ProposalRequest struct {
	ProjectID          string          `json:"project_id"`
	AlertID            string          `json:"alert_id"`
	Reason             string          `json:"reason"`
	ResponsiblePersons []PersonRequest `json:"responsible_persons"`
}

// ProposalActionRequest is one inspector's step on a proposal: notify (on,
// text: the notice's date and content; served_on: the day the unit received
// it, by default on), reply (on, text: the unit's reply), list or decline
// (text: the reasons; list names its ground and may name the persons
// again), remove (text, corrected_on, pledge_on).
type ProposalActionRequest struct {
	Action             string          `json:"action"`
	On                 ledger.Date     `json:"on"`
	ServedOn           ledger.Date     `json:"served_on"`
	Ground             string          `json:"ground"`
	Text               string          `json:"text"`
	ResponsiblePersons []PersonRequest `json:"responsible_persons"`
	CorrectedOn        ledger.Date     `json:"corrected_on"`
	PledgeOn           ledger.Date     `json:"pledge_on"`
}

func personsIn(ps []PersonRequest) []ledger.PersonInput {
	out := make([]ledger.PersonInput, len(ps))
	for i, p := range ps {
		out[i] = ledger.PersonInput{Name: p.Name, Role: p.Role, IDNumber: p.IDNumber}
	}
	return out
}

func (r ProposalActionRequest) input() ledger.ListingActionInput {
	return ledger.ListingActionInput{Action: ledger.ListingAction(r.Action), On: r.On, ServedOn: r.ServedOn, Ground: ledger.ListingGround(r.Ground),
		Text: r.Text, Persons: personsIn(r.ResponsiblePersons), CorrectedOn: r.CorrectedOn, PledgeOn: r.PledgeOn}
}

// Person is a responsible person a listing names, the identity number masked.
type Person struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	IDMasked string `json:"id_masked,omitempty"`
}

// ListingNotice is the prior written notice and the unit's period to reply.
type ListingNotice struct {
	On       ledger.Date `json:"on"`
	Content  string      `json:"content"`
	ServedOn ledger.Date `json:"served_on"`
	ReplyBy  ledger.Date `json:"reply_by"`
	// ReplyByProvisional: reply_by was counted across a year whose State
	// Council notice the calendar lacks (service.RecomputeDeadlines).
	ReplyByProvisional bool `json:"reply_by_provisional,omitempty"`
}

// ListingReply is the unit's reply, kept with the decision.
type ListingReply struct {
	On   ledger.Date `json:"on"`
	Text string      `json:"text"`
}

// ListingDecision is the decision to list or not, with its reasons.
type ListingDecision struct {
	On      ledger.Date `json:"on"`
	By      string      `json:"by"`
	Reasons string      `json:"reasons"`
	Ground  string      `json:"ground,omitempty"`
}

// ListingRemoval is an early removal.
type ListingRemoval struct {
	On          ledger.Date `json:"on"`
	By          string      `json:"by"`
	Reasons     string      `json:"reasons"`
	CorrectedOn ledger.Date `json:"corrected_on"`
	PledgeOn    ledger.Date `json:"pledge_on"`
}

// BlacklistProposal is a proposal to list a unit with every step taken on
// it and the steps it allows now.
type BlacklistProposal struct {
	ID                 string           `json:"id"`
	ProjectID          string           `json:"project_id"`
	AlertID            string           `json:"alert_id"`
	EmployerID         string           `json:"employer_id"`
	EmployerName       string           `json:"employer_name"`
	USCC               string           `json:"uscc"`
	Source             string           `json:"source"`
	Reason             string           `json:"reason"`
	ResponsiblePersons []Person         `json:"responsible_persons"`
	Status             string           `json:"status"`
	ProposedOn         ledger.Date      `json:"proposed_on"`
	ProposedBy         string           `json:"proposed_by"`
	Notice             *ListingNotice   `json:"notice,omitempty"`
	Reply              *ListingReply    `json:"reply,omitempty"`
	Decision           *ListingDecision `json:"decision,omitempty"`
	StartOn            *ledger.Date     `json:"start_on,omitempty"`
	EndOn              *ledger.Date     `json:"end_on,omitempty"`
	Removal            *ListingRemoval  `json:"removal,omitempty"`
	NextActions        []string         `json:"next_actions"`
}

func proposalOf(today ledger.Date) func(v *store.ListingView) BlacklistProposal {
	return func(v *store.ListingView) BlacklistProposal {
		l := v.Listing
		out := BlacklistProposal{ID: l.ID, ProjectID: l.ProjectID, AlertID: l.AlertID, EmployerID: l.EmployerID, EmployerName: v.EmployerName,
			USCC: v.USCC, Source: string(l.Source), Reason: l.Reason, Status: string(l.Status), ProposedOn: l.ProposedOn, ProposedBy: l.ProposedBy,
			StartOn: datePtr(l.StartOn), EndOn: datePtr(l.EndOn),
			ResponsiblePersons: mapEach(l.Persons, func(p ledger.ResponsiblePerson) Person {
				return Person{Name: p.Name, Role: string(p.Role), IDMasked: p.IDMasked}
			}),
			NextActions: mapEach(l.NextActions(today), func(a ledger.ListingAction) string { return string(a) })}
		if !l.NoticeOn.IsZero() {
			out.Notice = &ListingNotice{On: l.NoticeOn, Content: l.NoticeContent, ServedOn: l.ServedOn, ReplyBy: l.ReplyBy, ReplyByProvisional: l.ReplyProvisional}
		}
		if !l.ReplyOn.IsZero() {
			out.Reply = &ListingReply{On: l.ReplyOn, Text: l.ReplyText}
		}
		if !l.DecidedOn.IsZero() {
			out.Decision = &ListingDecision{On: l.DecidedOn, By: l.DecidedBy, Reasons: l.Decision, Ground: string(l.Ground)}
		}
		if !l.RemovedOn.IsZero() {
			out.Removal = &ListingRemoval{On: l.RemovedOn, By: l.RemovedBy, Reasons: l.RemovalReasons, CorrectedOn: l.CorrectedOn, PledgeOn: l.PledgeOn}
		}
		return out
	}
}

// PublicPerson is a responsible person as the public list names them: name
// and role, no identity number.
type PublicPerson struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// PublicListing is one entry of the public list: the unit, its responsible
// persons and the period. Nothing about workers, amounts or reasons.
type PublicListing struct {
	ID                 string         `json:"id"`
	OrganizationName   string         `json:"organization_name"`
	USCC               string         `json:"uscc"`
	ResponsiblePersons []PublicPerson `json:"responsible_persons"`
	StartOn            ledger.Date    `json:"start_on"`
	EndOn              ledger.Date    `json:"end_on"`
}

func publicListingOf(v store.ListingView) PublicListing {
	return PublicListing{ID: v.ID, OrganizationName: v.EmployerName, USCC: v.USCC, StartOn: v.StartOn, EndOn: v.EndOn,
		ResponsiblePersons: mapEach(v.Persons, func(p ledger.ResponsiblePerson) PublicPerson { return PublicPerson{Name: p.Name, Role: string(p.Role)} })}
}
