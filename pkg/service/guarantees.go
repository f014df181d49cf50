package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// LodgingResult is what a lodging request did.
type LodgingResult string

// Results of lodging a guarantee.
const (
	GuaranteeLodged        LodgingResult = "lodged"
	GuaranteeAlreadyLodged LodgingResult = "already_lodged" // a retry under the same reference
)

// LodgedGuarantee answers a lodging: the guarantee, its state today, and
// whether this request lodged it or repeated an earlier one.
type LodgedGuarantee struct {
	Cover  ledger.Cover
	Result LodgingResult
}

// LodgeGuarantee records a guarantee for a project. Cash posts
// guarantee_funding → guarantee/<id>; a letter or policy moves no money. It
// is idempotent on the issuer's reference, across projects: the same content
// again is already_lodged, other content, or the reference on another
// project, a conflict. A bank lodges only what it
// holds or issues.
func (s *Service) LodgeGuarantee(ctx context.Context, in ledger.GuaranteeInput) (*LodgedGuarantee, error) {
	in.Normalize()
	if c := CallerFrom(ctx); c.Role == ledger.RoleBank {
		if in.IssuerID == "" {
			in.IssuerID = c.OrgID
		} else if in.IssuerID != c.OrgID {
			return nil, ledger.Errorf(ledger.EForbidden, "a bank key lodges only the guarantees its own organisation holds or issues: bank_id must be %s", c.OrgID)
		}
	}
	var out *LodgedGuarantee
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		facts, err := s.lodgingFacts(tx, in)
		if err != nil {
			return err
		}
		warnings, err := ledger.DecideLodging(in, facts)
		if err != nil {
			return err
		}
		g := ledger.NewGuarantee(in, warnings)
		inserted, err := store.InsertGuarantee(tx, g)
		if err != nil {
			return err
		}
		if !inserted {
			prev, err := store.GuaranteeByRef(tx, in.IssuerID, in.Reference)
			if err != nil {
				return err
			}
			if err := ledger.CheckLodgingReplay(in, prev); err != nil {
				return err
			}
			out, err = s.lodged(tx, prev, facts.Today, GuaranteeAlreadyLodged)
			return err
		}
		if e := g.DepositEntry(); e != nil {
			if err := store.PostEntry(tx, e); err != nil {
				return err
			}
		}
		if out, err = s.lodged(tx, g, facts.Today, GuaranteeLodged); err != nil {
			return err
		}
		return audit(tx, g.ProjectID, "guarantee.lodge", g.ID, ledger.M("%s ¥%s by %s (%s)", g.Form.Label(), g.Amount, g.IssuerID, g.Reference), in)
	})
	return out, err
}

// lodgingFacts reads what deciding a lodging needs: the project, the
// issuer's kind and the policy's shortest validity of a letter.
func (s *Service) lodgingFacts(tx *store.Tx, in ledger.GuaranteeInput) (ledger.LodgingFacts, error) {
	f := ledger.LodgingFacts{Today: ledger.DateOf(tx.Now)}
	p, err := store.GetProject(tx, in.ProjectID)
	switch {
	case ledger.ErrorCode(err) == ledger.ENotFound || in.ProjectID == "":
		return f, fieldErr("project_id", "not_found", "project %q does not exist", in.ProjectID)
	case err != nil:
		return f, err
	}
	f.Project = p
	if in.IssuerID != "" {
		if o, err := store.GetOrganization(tx, in.IssuerID); err == nil {
			f.IssuerKind = o.Kind
		} else if ledger.ErrorCode(err) != ledger.ENotFound {
			return f, err
		}
	}
	f.MinMonths = s.policy().Param(ledger.GuaranteeLetterMinMonths, p.RegionCode, f.Today).Count()
	return f, nil
}

// lodged is a guarantee as it stands today, for the answer.
func (s *Service) lodged(q store.Querier, g *ledger.WageGuarantee, today ledger.Date, result LodgingResult) (*LodgedGuarantee, error) {
	covers, err := s.coversOf(q, []*ledger.WageGuarantee{g}, today)
	if err != nil {
		return nil, err
	}
	return &LodgedGuarantee{Cover: covers[0], Result: result}, nil
}

// coversOf judges guarantees on a date: their state and what each counts.
func (s *Service) coversOf(q store.Querier, gs []*ledger.WageGuarantee, on ledger.Date) ([]ledger.Cover, error) {
	cash, err := store.CashHeld(q, gs)
	if err != nil {
		return nil, err
	}
	projects := map[string]string{}
	out := make([]ledger.Cover, len(gs))
	for i, g := range gs {
		region, ok := projects[g.ProjectID]
		if !ok {
			p, err := store.GetProject(q, g.ProjectID)
			if err != nil {
				return nil, err
			}
			region, projects[g.ProjectID] = p.RegionCode, p.RegionCode
		}
		out[i] = ledger.CoverOf(g, cash[g.ID], on, s.policy().Param(ledger.GuaranteeExpiringDays, region, on).Count())
		out[i].TopUpNote = s.calendar().TopUpDeadline(g).Note
	}
	return out, nil
}

// ListGuarantees lists the guarantees the caller sees, with their state today.
func (s *Service) ListGuarantees(ctx context.Context, projectID, after string, limit int) ([]ledger.Cover, error) {
	r := s.DB.Reader(ctx)
	gs, err := store.ListGuarantees(r, store.GuaranteeFilter{Scope: CallerFrom(ctx).Scope(), ProjectID: projectID, After: after, Limit: limit})
	if err != nil {
		return nil, err
	}
	return s.coversOf(r, gs, ledger.DateOf(s.DB.Now()))
}

// ProjectCoverage is a project's required guarantee, what it holds and why.
type ProjectCoverage struct {
	ProjectID string
	SizedOn   ledger.Date // the policy in force on this date sized it
	ledger.Coverage
}

// ProjectGuarantee sizes a project's guarantee and sets what it holds
// against it, on the contractor's record as far as the books know it
// (contractorRecord).
func (s *Service) ProjectGuarantee(ctx context.Context, projectID string) (*ProjectCoverage, error) {
	r := s.DB.Reader(ctx)
	p, err := store.GetProject(r, projectID)
	if err != nil {
		return nil, err
	}
	record, err := s.contractorRecord(r, p, ledger.DateOf(s.DB.Now()), nil)
	if err != nil {
		return nil, err
	}
	required, err := s.policy().RequiredGuarantee(ledger.SizingInput{ContractAmount: p.ContractAmount, Region: p.RegionCode,
		SignedOn: p.StartedOn, Record: record})
	if err != nil {
		return nil, err
	}
	gs, err := store.ProjectGuarantees(r, projectID)
	if err != nil {
		return nil, err
	}
	covers, err := s.coversOf(r, gs, ledger.DateOf(s.DB.Now()))
	if err != nil {
		return nil, err
	}
	cov := ledger.CoverageOf(required, covers)
	cov.Covers = visibleCovers(CallerFrom(ctx), p, cov.Covers)
	return &ProjectCoverage{ProjectID: p.ID, SizedOn: p.StartedOn, Coverage: cov}, nil
}

// visibleCovers keeps the guarantees the caller may see one by one
// (ledger.SeesCover: a bank its own, a subcontractor none); the totals stay
// whole.
func visibleCovers(c Caller, p *ledger.Project, covers []ledger.Cover) []ledger.Cover {
	out := []ledger.Cover{}
	for _, cv := range covers {
		if ledger.SeesCover(c.Role, c.OrgID, p.GeneralContractorID, cv.Guarantee.IssuerID) {
			out = append(out, cv)
		}
	}
	return out
}

// ReleaseGuarantee returns a guarantee once its project is completed, the
// policy's days of public notice have passed and no worker is owed
// anything; otherwise a conflict lists every blocking fact. Cash held moves
// back out of the books: guarantee/<id> → guarantee_funding.
func (s *Service) ReleaseGuarantee(ctx context.Context, id, note string) (*ledger.Cover, error) {
	var out *ledger.Cover
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.LockProjectGuarantees(tx, id); err != nil {
			return err
		}
		g, err := store.GetGuarantee(tx, id)
		if err != nil {
			return err
		}
		f := ledger.ReleaseFacts{Today: ledger.DateOf(tx.Now)}
		if f.Project, err = store.GetProject(tx, g.ProjectID); err != nil {
			return err
		}
		f.WaitingDays = s.policy().Param(ledger.GuaranteeReleaseWaitingDays, f.Project.RegionCode, f.Today).Count()
		if f.Owed, err = store.WagesOwed(tx, g.ProjectID); err != nil {
			return err
		}
		cash, err := store.CashHeld(tx, []*ledger.WageGuarantee{g})
		if err != nil {
			return err
		}
		f.CashHeld = cash[g.ID]
		plan, err := ledger.DecideRelease(g, f)
		if err != nil {
			return err
		}
		entryID := ""
		if plan.ReturnCash > 0 {
			e := ledger.Transfer(g.ProjectID, ledger.EntryRelease, plan.On, plan.On.Period(),
				ledger.Account{ProjectID: g.ProjectID, Kind: ledger.GuaranteeFunding}, ledger.Account{ProjectID: g.ProjectID, Kind: ledger.Guarantee, Ref: g.ID}, plan.ReturnCash)
			e.ID, e.Memo = ledger.NewEntryBatch().ID(0), "guarantee release "+g.Reference
			if err := store.PostEntry(tx, &e); err != nil {
				return err
			}
			entryID = e.ID
		}
		if err := store.ReleaseGuarantee(tx, g.ProjectID, g.ID, plan.On, entryID); err != nil {
			return err
		}
		g.ReleasedOn = &plan.On
		cover := ledger.CoverOf(g, 0, plan.On, 0)
		out = &cover
		detail := ledger.M("%s %s released, ¥%s returned", g.Form.Label(), g.Reference, plan.ReturnCash)
		if note != "" {
			detail = ledger.M("%s: %s", detail, ledger.Verbatim(note))
		}
		return audit(tx, g.ProjectID, "guarantee.release", g.ID, detail, map[string]string{"guarantee_id": id, "note": note})
	})
	return out, err
}

// guaranteeHeld is what a project's guarantees count towards its required
// amount today, for the reconciliation.
func (s *Service) guaranteeHeld(q store.Querier, projectID string) (ledger.Money, error) {
	gs, err := store.ProjectGuarantees(q, projectID)
	if err != nil {
		return 0, err
	}
	covers, err := s.coversOf(q, gs, ledger.DateOf(s.DB.Now()))
	if err != nil {
		return 0, err
	}
	var held ledger.Money
	for _, c := range covers {
		held += c.Counts
	}
	return held, nil
}
