package service

import (
	"context"
	"slices"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// ProposeInput is an inspector's proposal to list the unit a candidate names.
type ProposeInput struct {
	ProjectID string
	AlertID   string
	Reason    string
	Persons   []ledger.PersonInput
}

// ProposeListing opens a proposal to list the unit a blacklist candidate
// names (an alert an inspector escalated, the check's finding, or an order
// to pay lapsed unpaid), on a project of the inspector's region, once an
// order to pay of the unit lapsed unpaid (Order No. 45). A unit with a
// proposal awaiting a decision gets that one back (created false) when the
// caller sees its project, and a conflict saying nothing more when not: a
// unit has one proposal awaiting a decision, the unit's row locked while it
// is opened.
func (s *Service) ProposeListing(ctx context.Context, in ProposeInput) (out *store.ListingView, created bool, err error) {
	caller := CallerFrom(ctx)
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		c, p, err := s.candidateOf(tx, caller.Scope(), in)
		if err != nil {
			return err
		}
		if err := store.LockUnit(tx, c.EmployerID); err != nil {
			return err
		}
		if out, err = openListingIn(tx, caller.Scope(), c.EmployerID); err != nil || out != nil {
			return err
		}
		listed, err := store.ListingsOf(tx, c.EmployerID)
		if err != nil {
			return err
		}
		today := ledger.DateOf(tx.Now)
		facts, err := s.listingFacts(tx, c.EmployerID, p.RegionCode, today)
		if err != nil {
			return err
		}
		l, err := ledger.NewListing(*c, in.Reason, in.Persons, today, identity.MaskID, listed, facts)
		if err != nil {
			return err
		}
		l.ID, l.ProposedBy = ledger.NewIDIn(ledger.PrefixListing, l.ProjectID), caller.ActorName()
		if err := store.InsertListing(tx, &l); err != nil {
			return err
		}
		if err := audit(tx, l.ProjectID, "blacklist.propose", l.ID, ledger.M("proposed to list %s (alert %s): %s", l.EmployerID, l.AlertID, ledger.Verbatim(l.Reason)),
			map[string]any{"project_id": in.ProjectID, "alert_id": in.AlertID, "reason": in.Reason, "persons": personsAudit(l.Persons)}); err != nil {
			return err
		}
		created = true
		out, err = store.GetListing(tx, l.ID)
		return err
	})
	return out, created, s.withReplyProvisional(out, err)
}

// withReplyProvisional marks v's reply-by date provisional under the
// calendar as loaded (ledger.Listing.ReplyByProvisional); it passes err on.
func (s *Service) withReplyProvisional(v *store.ListingView, err error) error {
	if v != nil {
		v.ReplyProvisional = v.ReplyByProvisional(s.calendar())
	}
	return err
}

// candidateOf reads the candidate a proposal names, on a project the caller sees.
func (s *Service) candidateOf(tx *store.Tx, scope store.Scope, in ProposeInput) (*ledger.BlacklistCandidate, *ledger.Project, error) {
	st, err := scope.StandingTo(tx, store.KindProject, in.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	if !st.Exists || !st.Visible {
		return nil, nil, proposalField("project_id", "project %q is not one of your region's", in.ProjectID)
	}
	c, err := store.GetCandidate(tx, in.ProjectID, in.AlertID)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil, nil, proposalField("alert_id", "alert %q of this project is not a blacklist candidate: escalate it first", in.AlertID)
	} else if err != nil {
		return nil, nil, err
	}
	p, err := store.GetProject(tx, in.ProjectID)
	return c, p, err
}

// openListingIn is the unit's proposal awaiting a decision, if the caller
// sees its project; one on a project out of the caller's sight is a
// conflict that names nothing of it.
func openListingIn(tx *store.Tx, scope store.Scope, unitID string) (*store.ListingView, error) {
	open, err := store.OpenListingOf(tx, unitID)
	if err != nil || open == nil {
		return nil, err
	}
	st, err := scope.StandingTo(tx, store.KindProject, open.ProjectID)
	if err != nil {
		return nil, err
	}
	if !st.Visible {
		return nil, ledger.Errorf(ledger.EConflict, "a proposal to list this unit is already awaiting a decision")
	}
	return open, nil
}

// listingFacts reads what the ledger weighs of a unit: its orders to pay
// lapsed unpaid, the criminal threshold, the wages it owes in the
// province of region (past their pay day on today) and its last violation.
func (s *Service) listingFacts(q store.Querier, unitID, region string, today ledger.Date) (ledger.ListingFacts, error) {
	f := ledger.ListingFacts{Threshold: ledger.CriminalThresholdOf(s.policy().CheckParams(region, today))}
	var err error
	if f.Lapsed, err = store.LapsedOrdersOf(q, unitID); err != nil {
		return f, err
	}
	if f.LastViolationOn, err = store.LastViolationOf(q, unitID); err != nil {
		return f, err
	}
	owed, err := store.WagesOwedByUnit(q, unitID, region[:min(2, len(region))])
	f.Owed = s.calendar().OverdueSum(owed, today)
	return f, err
}

// personsAudit is what the audit keeps of the persons a listing names:
// names, roles and masked identity numbers.
func personsAudit(ps []ledger.ResponsiblePerson) []map[string]string {
	out := make([]map[string]string, len(ps))
	for i, p := range ps {
		out[i] = map[string]string{"name": p.Name, "role": string(p.Role), "id_masked": p.IDMasked}
	}
	return out
}

func proposalField(field, format string, args ...any) error {
	return &ledger.Error{Code: ledger.EInvalid, Message: "the proposal is not valid", Fields: []ledger.FieldError{
		ledger.FieldErrorf(0, field, "not_found", format, args...)}}
}

// ActOnListing takes one inspector's step on a proposal: notice, reply,
// decision, early removal. The ledger decides on the unit's facts (its
// lapsed orders, the threshold, what it owes); the step and its audit record
// (with the persons a decision names) are written in one transaction. The
// same step given again changes nothing.
func (s *Service) ActOnListing(ctx context.Context, id string, in ledger.ListingActionInput) (*store.ListingView, error) {
	var out *store.ListingView
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		was, err := store.GetListing(tx, id)
		if err != nil {
			return err
		}
		p, err := store.GetProject(tx, was.ProjectID)
		if err != nil {
			return err
		}
		in.Actor, in.Today = CallerFrom(ctx).ActorName(), ledger.DateOf(tx.Now)
		facts, err := s.listingFacts(tx, was.EmployerID, p.RegionCode, in.Today)
		if err != nil {
			return err
		}
		l, changed, err := ledger.DecideListingAction(was.Listing, in, s.policy().TermsOf(p.RegionCode, ledger.ListingTermsDay(in)), s.calendar(), facts, identity.MaskID)
		if err != nil || !changed {
			out = was
			return err
		}
		if err := store.UpdateListing(tx, &l, was.Status); err != nil {
			return err
		}
		if err := audit(tx, l.ProjectID, "blacklist."+string(in.Action), l.ID, stepDetail(in, was.Listing, l), stepAudit(in, was.Listing, l)); err != nil {
			return err
		}
		out, err = store.GetListing(tx, id)
		return err
	})
	return out, s.withReplyProvisional(out, err)
}

// stepDetail is the audit record's text of a step: what was given and, for
// a decision to list, its ground and the persons it names (with those named
// before, when it changed them).
func stepDetail(in ledger.ListingActionInput, was, now ledger.Listing) ledger.Msg {
	if in.Action != ledger.ListingList {
		return ledger.Verbatim(in.Text)
	}
	d := ledger.M("%s (ground: %s; persons: %s)", ledger.Verbatim(in.Text), now.Ground.Label(), personsText(now.Persons))
	if !slices.Equal(was.Persons, now.Persons) {
		d = ledger.M("%s (persons before: %s)", d, personsText(was.Persons))
	}
	return d
}

func personsText(ps []ledger.ResponsiblePerson) ledger.Msg {
	var out ledger.Msg
	for i, p := range ps {
		one := ledger.M("%s %s", ledger.Verbatim(p.Name), p.Role.Label())
		if p.IDMasked != "" {
			one = ledger.M("%s %s", one, p.IDMasked)
		}
		if i == 0 {
			out = one
		} else {
			out = ledger.M("%s, %s", out, one)
		}
	}
	if len(ps) == 0 {
		return ledger.Verbatim("")
	}
	return out
}

// stepAudit is what the audit keeps of a step: what was given and, when the
// step changed them, the persons named before and after, and the ground.
func stepAudit(in ledger.ListingActionInput, was, now ledger.Listing) map[string]any {
	d := map[string]any{"action": string(in.Action), "on": in.On.String(), "served_on": now.ServedOn.String(), "text": in.Text,
		"corrected_on": in.CorrectedOn.String(), "pledge_on": in.PledgeOn.String(), "ground": string(now.Ground)}
	if !slices.Equal(was.Persons, now.Persons) {
		d["persons_before"], d["persons"] = personsAudit(was.Persons), personsAudit(now.Persons)
	}
	return d
}

// ListListings lists the proposals on projects the caller sees (an
// inspector its region's), with every step taken on each.
func (s *Service) ListListings(ctx context.Context, f store.ListingFilter) ([]store.ListingView, error) {
	f.Scope = CallerFrom(ctx).Scope()
	vs, err := store.ListListings(s.DB.Reader(ctx), f)
	for i := range vs {
		_ = s.withReplyProvisional(&vs[i], nil)
	}
	return vs, err
}

// GetListing reads one proposal; the router checks the caller's standing.
func (s *Service) GetListing(ctx context.Context, id string) (*store.ListingView, error) {
	v, err := store.GetListing(s.DB.Reader(ctx), id)
	return v, s.withReplyProvisional(v, err)
}

// PublicBlacklist lists the listings in force today: the public list.
func (s *Service) PublicBlacklist(ctx context.Context, after string, limit int) ([]store.ListingView, ledger.Date, error) {
	today := ledger.DateOf(s.DB.Now())
	vs, err := store.PublicListings(s.DB.Reader(ctx), today, after, limit)
	return vs, today, err
}

// Today is the service's date, Asia/Shanghai.
func (s *Service) Today() ledger.Date { return ledger.DateOf(s.DB.Now()) }
