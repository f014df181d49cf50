package store

import (
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

type projectRow struct {
	ID                  string       `db:"id"`
	Code                string       `db:"code"`
	Name                string       `db:"name"`
	RegionCode          string       `db:"region_code"`
	OwnerID             string       `db:"owner_id"`
	GeneralContractorID string       `db:"general_contractor_id"`
	ContractAmount      int64        `db:"contract_amount"`
	StartedOn           ledger.Date  `db:"started_on"`
	PlannedCompletionOn ledger.Date  `db:"planned_completion_on"`
	CompletedOn         *ledger.Date `db:"completed_on"`
	PayDay              int          `db:"pay_day"`
	LabourCostCycle     string       `db:"labour_cost_cycle"`
	PayMonth            string       `db:"pay_month"`
	LabourCostCycleDays int          `db:"labour_cost_cycle_days"`
	BankID              string       `db:"wage_bank_id"`
	AccountNo           string       `db:"wage_account_no"`
	Status              string       `db:"status"`
	Category            string       `db:"category"`
	CreatedAt           timeColumn   `db:"created_at"`
}

func (r projectRow) project() *ledger.Project {
	return &ledger.Project{
		ID: r.ID, Code: r.Code, Name: r.Name, RegionCode: r.RegionCode, OwnerID: r.OwnerID,
		GeneralContractorID: r.GeneralContractorID, ContractAmount: ledger.Money(r.ContractAmount),
		StartedOn: r.StartedOn, PlannedCompletionOn: r.PlannedCompletionOn, CompletedOn: r.CompletedOn,
		PayDay: r.PayDay, PayMonth: ledger.PayMonth(r.PayMonth), LabourCostCycle: r.cycle(),
		WageAccount: ledger.WageAccountRef{BankID: r.BankID, AccountNo: r.AccountNo},
		Status:      r.Status, CreatedAt: r.CreatedAt.Time, SubcontractorIDs: []string{}, Category: ledger.ProjectCategory(r.Category),
	}
}

// cycle is the project's labour-cost cycle: labour_cost_cycle_days, NOT NULL
// since the baseline, holds MaxLabourCostCycleDays for a monthly cycle and is
// not read for one (migration 0002_bank_fidelity).
func (r projectRow) cycle() ledger.LabourCostCycle {
	if ledger.CycleKind(r.LabourCostCycle) == ledger.CycleMonthly {
		return ledger.Monthly
	}
	return ledger.LabourCostCycle{Kind: ledger.CycleDays, Days: r.LabourCostCycleDays}
}

// cycleColumns are the values of labour_cost_cycle and labour_cost_cycle_days for c.
func cycleColumns(c ledger.LabourCostCycle) (string, int) {
	if c.Kind == ledger.CycleMonthly {
		return string(c.Kind), ledger.MaxLabourCostCycleDays
	}
	return string(c.Kind), c.Days
}

const projectColumns = "id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on, " +
	"planned_completion_on, completed_on, pay_day, labour_cost_cycle, labour_cost_cycle_days, wage_bank_id, wage_account_no, status, created_at, pay_month, category"

func prefixColumns(alias, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, c := range parts {
		parts[i] = alias + "." + c
	}
	return strings.Join(parts, ", ")
}

// CreateProject inserts p, its code and wage account first into
// project_keys, where they are unique across all projects (migration 0031).
func CreateProject(tx *Tx, p *ledger.Project) error {
	p.CreatedAt = tx.Now
	cycle, days := cycleColumns(p.LabourCostCycle)
	if _, err := tx.Exec(`INSERT INTO project_keys (project_id, code, wage_bank_id, wage_account_no) VALUES (?, ?, ?, ?)`,
		p.ID, p.Code, p.WageAccount.BankID, p.WageAccount.AccountNo); err != nil {
		return fmt.Errorf("store: unable to create project %q: %w", p.Code, err)
	}
	if _, err := tx.Exec(`INSERT INTO projects (`+projectColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.Code, p.Name, p.RegionCode, p.OwnerID, p.GeneralContractorID, int64(p.ContractAmount), p.StartedOn,
		p.PlannedCompletionOn, p.CompletedOn, p.PayDay, cycle, days, p.WageAccount.BankID, p.WageAccount.AccountNo,
		p.Status, tx.Now, string(p.PayRuleOf().Month), string(p.Category)); err != nil {
		return fmt.Errorf("store: unable to create project %q: %w", p.Code, err)
	}
	return nil
}

// GetProject reads one project with its subcontractors.
func GetProject(q Querier, id string) (*ledger.Project, error) {
	var r projectRow
	err := q.Get(&r, `SELECT `+projectColumns+` FROM projects WHERE id = ?`, id)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil, notFound("resource.project", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read project %q: %w", id, err)
	}
	p := r.project()
	if err := q.Select(&p.SubcontractorIDs, `SELECT organization_id FROM project_subcontractors WHERE project_id = ? ORDER BY organization_id`, id); err != nil {
		return nil, fmt.Errorf("store: unable to read subcontractors of project %q: %w", id, err)
	}
	return p, nil
}

// ProjectFilter selects projects for a list.
type ProjectFilter struct {
	Scope      Scope
	RegionCode string // a division code: its sub-divisions match too
	Status     string
	After      string
	Limit      int
}

// ListProjects returns projects visible in the scope, by ID.
func ListProjects(q Querier, f ProjectFilter) ([]*ledger.Project, error) {
	where, args := f.Scope.projectsWhere("p")
	qs := `SELECT ` + prefixColumns("p", projectColumns) + ` FROM projects p WHERE ` + where
	if f.RegionCode != "" {
		qs += " AND p.region_code LIKE ?"
		args = append(args, ledger.RegionPrefix(f.RegionCode)+"%")
	}
	if f.Status != "" {
		qs += " AND p.status = ?"
		args = append(args, f.Status)
	}
	if f.After != "" {
		qs += " AND p.id > ?"
		args = append(args, f.After)
	}
	qs += fmt.Sprintf(" ORDER BY p.id LIMIT %d", clampLimit(f.Limit))
	var rows []projectRow
	if err := q.Select(&rows, qs, args...); err != nil {
		return nil, fmt.Errorf("store: unable to list projects: %w", err)
	}
	out := make([]*ledger.Project, len(rows))
	for i, r := range rows {
		out[i] = r.project()
	}
	return out, nil
}

// AddSubcontractor puts an organisation on a project.
func AddSubcontractor(tx *Tx, projectID, orgID string) error {
	if _, err := tx.Exec(`INSERT INTO project_subcontractors (project_id, organization_id, added_at) VALUES (?, ?, ?)`,
		projectID, orgID, tx.Now); err != nil {
		return fmt.Errorf("store: unable to add subcontractor to project %q: %w", projectID, err)
	}
	return nil
}

// CompleteProject marks a project completed on a date.
// SetProjectCategory records an existing project's category.
func SetProjectCategory(tx *Tx, projectID string, c ledger.ProjectCategory) error {
	if _, err := tx.Exec(`UPDATE projects SET category = ? WHERE id = ?`, string(c), projectID); err != nil {
		return fmt.Errorf("store: unable to set the category of project %q: %w", projectID, err)
	}
	return nil
}

func CompleteProject(tx *Tx, projectID string, on ledger.Date) error {
	if _, err := tx.Exec(`UPDATE projects SET status = ?, completed_on = ? WHERE id = ?`, ledger.ProjectCompleted, on, projectID); err != nil {
		return fmt.Errorf("store: unable to complete project %q: %w", projectID, err)
	}
	return nil
}
