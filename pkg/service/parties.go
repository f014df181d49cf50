package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// Scope is the caller's view of the data.
func (c Caller) Scope() store.Scope {
	return store.Scope{Role: c.Role, OrgID: c.OrgID, RegionCode: c.RegionCode}
}

// CreateOrganization registers an organisation.
func (s *Service) CreateOrganization(ctx context.Context, o ledger.Organization) (*ledger.Organization, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o.ID = ledger.NewID(ledger.PrefixOrganization)
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.CreateOrganization(tx, &o); err != nil {
			return err
		}
		return audit(tx, ledger.OrgChain, "organization.create", o.ID, ledger.M("%s %s", o.Kind.Label(), o.USCC), o)
	})
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// GetOrganization reads one organisation.
func (s *Service) GetOrganization(ctx context.Context, id string) (*ledger.Organization, error) {
	return store.GetOrganization(s.DB.Reader(ctx), id)
}

// ListOrganizations lists the organisations the caller can see.
func (s *Service) ListOrganizations(ctx context.Context, kind, after string, limit int) ([]*ledger.Organization, error) {
	return store.ListOrganizations(s.DB.Reader(ctx), store.OrganizationFilter{Scope: CallerFrom(ctx).Scope(), Kind: kind, After: after, Limit: limit})
}

// CreateProject registers a project. The parties must exist and be of the
// right kind; a contractor may only create projects it is the GC of.
func (s *Service) CreateProject(ctx context.Context, p ledger.Project) (*ledger.Project, error) {
	caller := CallerFrom(ctx)
	if p.LabourCostCycle.IsZero() {
		p.LabourCostCycle = s.policy().LabourCostRuleFor(p.RegionCode, p.StartedOn).DefaultCycle()
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if caller.Role == ledger.RoleContractor && p.GeneralContractorID != caller.OrgID {
		return nil, ledger.Errorf(ledger.EForbidden, "a contractor may only register projects of which it is the general contractor")
	}
	p.ID = ledger.NewID(ledger.PrefixProject)
	p.Status = ledger.ProjectActive
	p.CompletedOn = nil
	p.SubcontractorIDs = []string{}
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		var v ledger.Validation
		s.expectKind(tx, &v, "owner_id", p.OwnerID, ledger.OrgOwner)
		s.expectKind(tx, &v, "general_contractor_id", p.GeneralContractorID, ledger.OrgGeneralContractor)
		s.expectKind(tx, &v, "wage_account.bank_id", p.WageAccount.BankID, ledger.OrgBank)
		if err := v.Err("project is not valid"); err != nil {
			return err
		}
		if err := store.CreateProject(tx, &p); err != nil {
			return err
		}
		return audit(tx, p.ID, "project.create", p.ID, ledger.Verbatim(p.Code), p)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// expectKind adds a field error unless organisation id exists and is of kind.
func (s *Service) expectKind(q store.Querier, v *ledger.Validation, field, id string, kinds ...ledger.OrgKind) {
	o, err := store.GetOrganization(q, id)
	if err != nil {
		o = nil // read as not found, whatever kept it from being read
	}
	if f := ledger.CheckPartyKind(field, id, o, kinds...); f != nil {
		v.Fields = append(v.Fields, *f)
	}
}

// GetProject reads one project.
func (s *Service) GetProject(ctx context.Context, id string) (*ledger.Project, error) {
	return store.GetProject(s.DB.Reader(ctx), id)
}

// NextAllocationsDue is, for each of the projects still active, the day by
// which its next labour-cost allocation is due (ledger.NextAllocationDue),
// read with one statement.
func (s *Service) NextAllocationsDue(ctx context.Context, ps []*ledger.Project) (map[string]ledger.Date, error) {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	last, err := store.LastAllocations(s.DB.Reader(ctx), ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]ledger.Date, len(ps))
	for _, p := range ps {
		if due, ok := ledger.NextAllocationDue(p, last[p.ID]); ok {
			out[p.ID] = due
		}
	}
	return out, nil
}

// ListProjects lists the projects the caller can see.
func (s *Service) ListProjects(ctx context.Context, regionCode, status, after string, limit int) ([]*ledger.Project, error) {
	if err := ledger.CheckProjectFilter(regionCode, status); err != nil {
		return nil, err
	}
	return store.ListProjects(s.DB.Reader(ctx), store.ProjectFilter{Scope: CallerFrom(ctx).Scope(), RegionCode: regionCode, Status: status, After: after, Limit: limit})
}

// AddSubcontractor puts a contractor on a project as a subcontractor.
func (s *Service) AddSubcontractor(ctx context.Context, projectID, orgID string) (*ledger.Project, error) {
	var p *ledger.Project
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = store.GetProject(tx, projectID); err != nil {
			return err
		}
		var v ledger.Validation
		if f := ledger.CheckSubcontractorID(p, orgID); f != nil {
			v.Fields = append(v.Fields, *f)
		} else {
			// A company that is the GC of one project may subcontract on another.
			s.expectKind(tx, &v, "organization_id", orgID, ledger.OrgSubcontractor, ledger.OrgGeneralContractor)
		}
		if err := v.Err("subcontractor is not valid"); err != nil {
			return err
		}
		if err := ledger.CheckRecordsOpen(p); err != nil {
			return err
		}
		if err := store.AddSubcontractor(tx, projectID, orgID); err != nil {
			return err
		}
		p.SubcontractorIDs = append(p.SubcontractorIDs, orgID)
		return audit(tx, projectID, "project.subcontractor.add", projectID, ledger.Verbatim(orgID), map[string]string{"organization_id": orgID})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// CompleteProject records the project's completion date.
// SetProjectCategory gives an existing project its category on the
// national list (projects registered before the field was asked for have
// none, and the statistics count them as 未填写). The same category again
// changes nothing and writes no audit record.
func (s *Service) SetProjectCategory(ctx context.Context, projectID, category string) (*ledger.Project, error) {
	var p *ledger.Project
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = store.GetProject(tx, projectID); err != nil {
			return err
		}
		c, changed, err := ledger.ProjectCategoryChange(p, category)
		if err != nil || !changed {
			return err
		}
		if err := store.SetProjectCategory(tx, projectID, c); err != nil {
			return err
		}
		before := p.Category
		p.Category = c
		return audit(tx, projectID, "project.category", projectID, ledger.Verbatim(string(c)), map[string]string{"category": string(c), "was": string(before)})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) CompleteProject(ctx context.Context, projectID string, on ledger.Date) (*ledger.Project, error) {
	var p *ledger.Project
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = store.GetProject(tx, projectID); err != nil {
			return err
		}
		if err := ledger.CheckCompletion(p, on, ledger.DateOf(tx.Now)); err != nil {
			return err
		}
		if err := store.CompleteProject(tx, projectID, on); err != nil {
			return err
		}
		p.Status, p.CompletedOn = ledger.ProjectCompleted, &on
		return audit(tx, projectID, "project.complete", projectID, ledger.Verbatim(on.String()), map[string]string{"completed_on": on.String()})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
