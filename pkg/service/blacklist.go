package service

import (
	"context"
	"fmt"

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
// names (an alert an inspector escalated, or the check's finding), on a
// project of the inspector's region. A unit with a proposal awaiting a
// decision gets that one back (created false): proposing twice opens one.
func (s *Service) ProposeListing(ctx context.Context, in ProposeInput) (out *store.ListingView, created bool, err error) {
	caller := CallerFrom(ctx)
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		st, err := caller.Scope().StandingTo(tx, store.KindProject, in.ProjectID)
		if err != nil {
			return err
		}
		if !st.Exists || !st.Visible {
			return proposalField("project_id", "project %q is not one of your region's", in.ProjectID)
		}
		c, err := store.GetCandidate(tx, in.ProjectID, in.AlertID)
		if ledger.ErrorCode(err) == ledger.ENotFound {
			return proposalField("alert_id", "alert %q of this project is not a blacklist candidate: escalate it first", in.AlertID)
		} else if err != nil {
			return err
		}
		if out, err = store.OpenListingOf(tx, c.EmployerID); err != nil || out != nil {
			return err
		}
		listed, err := store.ListingsOf(tx, c.EmployerID)
		if err != nil {
			return err
		}
		l, err := ledger.NewListing(*c, in.Reason, in.Persons, ledger.DateOf(tx.Now), identity.MaskID, listed)
		if err != nil {
			return err
		}
		l.ID, l.ProposedBy = ledger.NewID(ledger.PrefixListing), caller.ActorName()
		if err := store.InsertListing(tx, &l); err != nil {
			return err
		}
		if err := audit(tx, l.ProjectID, "blacklist.propose", l.ID, fmt.Sprintf("proposed to list %s (alert %s): %s", l.EmployerID, l.AlertID, l.Reason),
			map[string]any{"project_id": in.ProjectID, "alert_id": in.AlertID, "reason": in.Reason, "persons": len(in.Persons)}); err != nil {
			return err
		}
		created = true
		out, err = store.GetListing(tx, l.ID)
		return err
	})
	return out, created, err
}

func proposalField(field, format string, args ...any) error {
	return &ledger.Error{Code: ledger.EInvalid, Message: "the proposal is not valid", Fields: []ledger.FieldError{
		ledger.FieldErrorf(0, field, "not_found", format, args...)}}
}

// ActOnListing takes one inspector's step on a proposal: notice, reply,
// decision, early removal. The ledger decides; the step and its audit record
// are written in one transaction. The same step given again changes nothing.
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
		var facts ledger.RemovalFacts
		if in.Action == ledger.ListingRemove {
			if facts.Owed, err = store.WagesOwedByUnit(tx, was.EmployerID); err != nil {
				return err
			}
		}
		l, changed, err := ledger.DecideListingAction(was.Listing, in, s.policy().TermsOf(p.RegionCode, in.Today), s.calendar(), facts, identity.MaskID)
		if err != nil || !changed {
			out = was
			return err
		}
		if err := store.UpdateListing(tx, &l, was.Status); err != nil {
			return err
		}
		if err := audit(tx, l.ProjectID, "blacklist."+string(in.Action), l.ID, in.Text, map[string]string{"action": string(in.Action),
			"on": in.On.String(), "text": in.Text, "corrected_on": in.CorrectedOn.String(), "pledge_on": in.PledgeOn.String()}); err != nil {
			return err
		}
		out, err = store.GetListing(tx, id)
		return err
	})
	return out, err
}

// ListListings lists the proposals on projects the caller sees (an
// inspector its region's), with every step taken on each.
func (s *Service) ListListings(ctx context.Context, f store.ListingFilter) ([]store.ListingView, error) {
	f.Scope = CallerFrom(ctx).Scope()
	return store.ListListings(s.DB.Reader(ctx), f)
}

// GetListing reads one proposal; the router checks the caller's standing.
func (s *Service) GetListing(ctx context.Context, id string) (*store.ListingView, error) {
	return store.GetListing(s.DB.Reader(ctx), id)
}

// PublicBlacklist lists the listings in force today: the public list.
func (s *Service) PublicBlacklist(ctx context.Context, after string, limit int) ([]store.ListingView, ledger.Date, error) {
	today := ledger.DateOf(s.DB.Now())
	vs, err := store.PublicListings(s.DB.Reader(ctx), today, after, limit)
	return vs, today, err
}

// Today is the service's date, Asia/Shanghai.
func (s *Service) Today() ledger.Date { return ledger.DateOf(s.DB.Now()) }
