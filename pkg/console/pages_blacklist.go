package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

var (
	allListingStatuses = []ledger.ListingStatus{ledger.ListingProposed, ledger.ListingNotified, ledger.ListingReplied, ledger.ListingListed,
		ledger.ListingDeclined, ledger.ListingRemoved}
	allPersonRoles = []ledger.PersonRole{ledger.RoleLegalRepresentative, ledger.RolePrincipal, ledger.RoleDirectlyResponsible}
	allGrounds     = []ledger.ListingGround{ledger.GroundThreshold, ledger.GroundMassIncident, ledger.GroundExtremeIncident}
	// personSlots are the persons a form names: a legal representative or
	// principal and the directly responsible persons.
	personSlots = []string{"1", "2", "3"}
)

// blacklistData is the list page: the public list and, for inspectors, the
// proposals of their region.
type blacklistData struct {
	Today     ledger.Date
	Public    []store.ListingView
	Inspector bool
	Proposals []store.ListingView
}

// blacklistPage shows the public dishonesty list to anyone signed in, and
// to inspectors and administrators the proposals they see.
func (c *Console) blacklistPage(q *req) error {
	pub, today, err := c.svc.PublicBlacklist(q.ctx, "", 1000)
	if err != nil {
		return err
	}
	d := blacklistData{Today: today, Public: pub, Inspector: inspectors(q.caller)}
	if d.Inspector {
		if d.Proposals, err = c.svc.ListListings(q.ctx, store.ListingFilter{Limit: 1000}); err != nil {
			return err
		}
	}
	c.render(q, http.StatusOK, "blacklist", "console.blacklist.title", &view{Nav: "blacklist", Data: d})
	return nil
}

// candidatesData is the candidate list with a proposal form per candidacy.
type candidatesData struct {
	Candidates []store.CandidateEmployer
	Names      map[string]string // project names
	Roles      []ledger.PersonRole
	Slots      []string
	CanAct     bool
	Form       url.Values
}

func (c *Console) candidatesPage(q *req) error { return c.showCandidates(q, http.StatusOK, "", nil) }

func (c *Console) showCandidates(q *req, status int, problem string, form url.Values) error {
	list, err := c.svc.BlacklistCandidates(q.ctx, "", 1000)
	if err != nil {
		return err
	}
	_, names, err := c.projectNames(q)
	if err != nil {
		return err
	}
	d := candidatesData{Candidates: list, Names: names, Roles: allPersonRoles, Slots: personSlots, CanAct: q.caller.Role == ledger.RoleInspector, Form: form}
	c.render(q, status, "candidates", "console.candidates.title", &view{Nav: "blacklist", Data: d, Error: problem})
	return nil
}

// propose opens a proposal from a candidacy, naming up to three persons.
func (c *Console) propose(q *req) error {
	if q.caller.Role != ledger.RoleInspector {
		return ledger.Errorf(ledger.EForbidden, "only an inspector may propose a listing")
	}
	form := q.r.PostForm
	in := service.ProposeInput{ProjectID: form.Get("project_id"), AlertID: form.Get("alert_id"), Reason: form.Get("reason"), Persons: personsOf(form)}
	v, _, err := c.svc.ProposeListing(q.ctx, in)
	switch ledger.ErrorCode(err) {
	case "":
		http.Redirect(q.w, q.r, Prefix+"blacklist/proposals/"+url.PathEscape(v.ID)+"?done=propose", http.StatusSeeOther)
		return nil
	case ledger.EInvalid, ledger.EConflict:
		return c.showCandidates(q, http.StatusUnprocessableEntity, refusalOf(q.lang, err), form)
	}
	return err
}

// personsOf reads the persons a form names: person_name_N, person_role_N
// and person_id_N for each of the form's slots.
func personsOf(form url.Values) []ledger.PersonInput {
	var out []ledger.PersonInput
	for _, n := range personSlots {
		if name := strings.TrimSpace(form.Get("person_name_" + n)); name != "" {
			out = append(out, ledger.PersonInput{Name: name, Role: form.Get("person_role_" + n), IDNumber: form.Get("person_id_" + n)})
		}
	}
	return out
}

// proposalData is one proposal's page: its steps and the forms of the next.
type proposalData struct {
	P       *store.ListingView
	Project *ledger.Project
	Actions []ledger.ListingAction
	Roles   []ledger.PersonRole
	Grounds []ledger.ListingGround
	Slots   []string
	CanAct  bool
	Today   string
	InForce bool
	Form    url.Values
}

func (c *Console) proposalPage(q *req) error { return c.showProposal(q, http.StatusOK, "", nil) }

func (c *Console) showProposal(q *req, status int, problem string, form url.Values) error {
	id := q.r.PathValue("id")
	st, err := c.visible(q, store.KindListing, id)
	if err != nil {
		return err
	}
	l, err := c.svc.GetListing(q.ctx, id)
	if err != nil {
		return err
	}
	p, err := c.svc.GetProject(q.ctx, st.ProjectID)
	if err != nil {
		return err
	}
	today := c.svc.Today()
	d := proposalData{P: l, Project: p, Actions: l.NextActions(today), Roles: allPersonRoles, Grounds: allGrounds, Slots: personSlots, CanAct: q.caller.Role == ledger.RoleInspector, Today: today.String(),
		InForce: l.InForce(today), Form: form}
	v := &view{Nav: "blacklist", Data: d, Error: problem}
	if done := q.r.URL.Query().Get("done"); done != "" && i18n.Has("console.bl.done."+done) {
		v.Flash = i18n.T(q.lang, "console.bl.done."+done)
	}
	c.render(q, status, "proposal", "console.proposal.title", v)
	return nil
}

// proposalAction takes one step on a proposal, then shows it again.
func (c *Console) proposalAction(q *req) error {
	id := q.r.PathValue("id")
	if err := c.inspectorActs(q, store.KindListing, id, ledger.M("only an inspector of the project's region may take a step on a proposal")); err != nil {
		return err
	}
	form := q.r.PostForm
	in := ledger.ListingActionInput{Action: ledger.ListingAction(form.Get("action")), Text: form.Get("text"), Persons: personsOf(form),
		Ground: ledger.ListingGround(form.Get("ground"))}
	for _, f := range []struct {
		field string
		d     *ledger.Date
	}{{"on", &in.On}, {"served_on", &in.ServedOn}, {"corrected_on", &in.CorrectedOn}, {"pledge_on", &in.PledgeOn}} {
		if s := strings.TrimSpace(form.Get(f.field)); s != "" {
			parsed, err := ledger.ParseDate(s)
			if err != nil {
				return c.showProposal(q, http.StatusUnprocessableEntity, i18n.T(q.lang, "console.bl.error.date_"+f.field), form)
			}
			*f.d = parsed
		}
	}
	_, err := c.svc.ActOnListing(q.ctx, id, in)
	return c.decided(q, err, "blacklist/proposals/"+url.PathEscape(id), string(in.Action), func(status int, problem string) error {
		return c.showProposal(q, status, problem, form)
	})
}
