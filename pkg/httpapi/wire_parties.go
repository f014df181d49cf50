package httpapi

import (
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// Organization is an organisation as clients see it.
type Organization struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	USCC       string    `json:"uscc"`
	Kind       string    `json:"kind"`
	RegionCode string    `json:"region_code"`
	BankCode   string    `json:"bank_code,omitempty"` // a bank's PBOC code: how its result files are read
	CreatedAt  time.Time `json:"created_at"`
}

func organizationOf(o *ledger.Organization) Organization {
	return Organization{ID: o.ID, Name: o.Name, USCC: o.USCC, Kind: string(o.Kind), RegionCode: o.RegionCode, BankCode: o.BankCode, CreatedAt: o.CreatedAt}
}

// OrganizationRequest registers an organisation.
type OrganizationRequest struct {
	Name       string `json:"name"`
	USCC       string `json:"uscc"`
	Kind       string `json:"kind"`
	RegionCode string `json:"region_code"`
	BankCode   string `json:"bank_code"` // a bank's PBOC bank category code (102, 308), optional
}

func (r OrganizationRequest) organization() ledger.Organization {
	return ledger.Organization{Name: r.Name, USCC: r.USCC, Kind: ledger.OrgKind(r.Kind), RegionCode: r.RegionCode, BankCode: r.BankCode}
}

// APIKey is a key's record; Key, the secret itself, is only in the answer to
// the key's creation.
type APIKey struct {
	ID             string     `json:"id"`
	OrganizationID *string    `json:"organization_id"`
	Role           string     `json:"role"`
	Label          string     `json:"label"`
	CreatedAt      time.Time  `json:"created_at"`
	RevokedAt      *time.Time `json:"revoked_at,omitempty"`
	ExpiresAt      *time.Time `json:"expires_at,omitempty"` // absent: the key does not expire
	Key            string     `json:"key,omitempty"`
}

func apiKeyOf(k *store.APIKey) APIKey {
	return APIKey{ID: k.ID, OrganizationID: k.OrganizationID, Role: string(k.Role), Label: k.Label, CreatedAt: k.CreatedAt, RevokedAt: k.RevokedAt, ExpiresAt: k.ExpiresAt}
}

func newAPIKeyOf(k *service.NewAPIKey) APIKey {
	w := apiKeyOf(&k.APIKey)
	w.Key = k.Key
	return w
}

// APIKeyRequest creates a key.
type APIKeyRequest struct {
	Role  string `json:"role"`
	Label string `json:"label"`
	// ExpiresAt, when given, is when the key stops working: a date (it
	// works through that day, Asia/Shanghai) or an RFC 3339 time.
	ExpiresAt string `json:"expires_at"`
}

// WageAccount is a project's dedicated wage account.
type WageAccount struct {
	BankID    string `json:"bank_id"`
	AccountNo string `json:"account_no"`
}

// Project is a project as clients see it.
type Project struct {
	ID                  string       `json:"id"`
	Code                string       `json:"code"`
	Name                string       `json:"name"`
	RegionCode          string       `json:"region_code"`
	OwnerID             string       `json:"owner_id"`
	GeneralContractorID string       `json:"general_contractor_id"`
	ContractAmount      ledger.Money `json:"contract_amount"`
	StartedOn           ledger.Date  `json:"started_on"`
	PlannedCompletionOn ledger.Date  `json:"planned_completion_on"`
	CompletedOn         *ledger.Date `json:"completed_on,omitempty"`
	PayDay              int          `json:"pay_day"`
	PayRule             PayRule      `json:"pay_rule"`
	LabourCostCycle     string       `json:"labour_cost_cycle"`                // monthly or days
	LabourCostCycleDays int          `json:"labour_cost_cycle_days,omitempty"` // a days cycle's days
	// NextAllocationDueOn is the day by which the next labour-cost
	// allocation is due, where projects are read (an active project's).
	NextAllocationDueOn ledger.Date `json:"next_allocation_due_on,omitzero"`
	WageAccount         WageAccount `json:"wage_account"`
	Status              string      `json:"status"`
	// Category is the project's category on the national list (01 … 12, 99),
	// left out when not given.
	Category         string    `json:"category,omitempty"`
	SubcontractorIDs []string  `json:"subcontractor_ids"`
	CreatedAt        time.Time `json:"created_at"`
}

func projectOf(p *ledger.Project) Project {
	subs := p.SubcontractorIDs
	if subs == nil {
		subs = []string{}
	}
	return Project{ID: p.ID, Code: p.Code, Name: p.Name, RegionCode: p.RegionCode, OwnerID: p.OwnerID, GeneralContractorID: p.GeneralContractorID,
		ContractAmount: p.ContractAmount, StartedOn: p.StartedOn, PlannedCompletionOn: p.PlannedCompletionOn, CompletedOn: p.CompletedOn,
		PayDay: p.PayDay, PayRule: payRuleOf(p.PayRuleOf()), LabourCostCycle: string(p.LabourCostCycle.Kind), LabourCostCycleDays: p.LabourCostCycle.Days,
		WageAccount: WageAccount{BankID: p.WageAccount.BankID, AccountNo: p.WageAccount.AccountNo},
		Status:      string(p.Status), SubcontractorIDs: subs, CreatedAt: p.CreatedAt, Category: string(p.Category)}
}

// projectDue maps projects with their next allocation's due day.
func projectDue(due map[string]ledger.Date) func(p *ledger.Project) Project {
	return func(p *ledger.Project) Project {
		w := projectOf(p)
		w.NextAllocationDueOn = due[p.ID]
		return w
	}
}

// ProjectRequest registers a project.
type ProjectRequest struct {
	Code                string       `json:"code"`
	Name                string       `json:"name"`
	RegionCode          string       `json:"region_code"`
	OwnerID             string       `json:"owner_id"`
	GeneralContractorID string       `json:"general_contractor_id"`
	ContractAmount      ledger.Money `json:"contract_amount"`
	StartedOn           ledger.Date  `json:"started_on"`
	PlannedCompletionOn ledger.Date  `json:"planned_completion_on"`
	PayDay              int          `json:"pay_day"`
	// PayRule says in which month the pay day falls (REG Art. 14); its day,
	// when given, is the pay day (pay_day may then be left out).
	PayRule *PayRule `json:"pay_rule"`
	// LabourCostCycle is monthly or days (with LabourCostCycleDays); days
	// alone are a days cycle; neither takes the region's default.
	LabourCostCycle     string      `json:"labour_cost_cycle"`
	LabourCostCycleDays int         `json:"labour_cost_cycle_days"`
	WageAccount         WageAccount `json:"wage_account"`
	// Category is the project's category on the national list (项目分类),
	// by code (01) or name (房屋建筑); optional.
	Category string `json:"category"`
}

// PayRule is a project's pay day: day of the month after the period
// (month "next", 次期) or of the period's own month ("current", 当期).
type PayRule struct {
	Month string `json:"month"`
	Day   int    `json:"day,omitempty"`
}

func payRuleOf(r ledger.PayRule) PayRule { return PayRule{Month: string(r.Month), Day: r.Day} }

// project maps the request; a pay_rule.day that contradicts pay_day is refused.
func (r ProjectRequest) project() (ledger.Project, error) {
	p := ledger.Project{Code: r.Code, Name: r.Name, RegionCode: r.RegionCode, OwnerID: r.OwnerID, GeneralContractorID: r.GeneralContractorID,
		ContractAmount: r.ContractAmount, StartedOn: r.StartedOn, PlannedCompletionOn: r.PlannedCompletionOn, PayDay: r.PayDay,
		LabourCostCycle: ledger.LabourCostCycle{Kind: ledger.CycleKind(r.LabourCostCycle), Days: r.LabourCostCycleDays},
		WageAccount:     ledger.WageAccountRef{BankID: r.WageAccount.BankID, AccountNo: r.WageAccount.AccountNo},
		Category:        ledger.ProjectCategory(r.Category)}
	if r.PayRule == nil {
		return p, nil
	}
	p.PayMonth = ledger.PayMonth(r.PayRule.Month)
	switch day := r.PayRule.Day; {
	case day == 0:
	case p.PayDay == 0:
		p.PayDay = day
	case p.PayDay != day:
		return p, &ledger.Error{Code: ledger.EInvalid, Message: "project is not valid", Fields: []ledger.FieldError{
			ledger.RefuseRange.Atf(0, "pay_rule.day", "pay_rule.day %d contradicts pay_day %d: give one of them", day, p.PayDay)}}
	}
	return p, nil
}

// SubcontractorRequest adds a subcontractor to a project.
type SubcontractorRequest struct {
	OrganizationID string `json:"organization_id"`
}

// CompletionRequest records a project's completion.
// ProjectPatchRequest changes an existing project's category (项目分类).
type ProjectPatchRequest struct {
	Category string `json:"category"`
}

type CompletionRequest struct {
	CompletedOn ledger.Date `json:"completed_on"`
}
