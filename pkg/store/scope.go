package store

import (
	"slices"

	"github.com/wageguard/wageguard/ledger"
)

// Scope is what one caller may see, turned into SQL in one place: the lists
// filter by it and the authorizer asks it, once a request, how the caller
// stands to the resource the path names (StandingTo).
type Scope struct {
	Role  ledger.Role
	OrgID string
	// RegionCode is the authority's division code, for inspectors.
	RegionCode string
}

// projectsWhere returns the condition on projects alias a that the scope
// allows, with its arguments.
func (s Scope) projectsWhere(a string) (string, []any) { return s.projectsWhereOn(a, "", nil) }

// projectsWhereOn is projectsWhere with pin, a condition on ps.project_id
// with its arguments, added to what it asks of project_subcontractors (a
// Citus cluster's onShardsOf: it carries no condition on a.id into a
// subquery, and runs one that names no project on every shard).
func (s Scope) projectsWhereOn(a, pin string, pinArgs []any) (string, []any) {
	switch s.Role {
	case ledger.RoleAdmin:
		return "1 = 1", nil
	case ledger.RoleContractor:
		return "(" + a + ".general_contractor_id = ? OR EXISTS (SELECT 1 FROM project_subcontractors ps WHERE ps.project_id = " + a + ".id" + pin +
			" AND ps.organization_id = ?))", slices.Concat([]any{s.OrgID}, pinArgs, []any{s.OrgID})
	case ledger.RoleBank:
		return a + ".wage_bank_id = ?", []any{s.OrgID}
	case ledger.RoleInspector:
		if s.RegionCode == "" {
			return "1 = 0", nil
		}
		return a + ".region_code LIKE ?", []any{ledger.RegionPrefix(s.RegionCode) + "%"}
	}
	return "1 = 0", nil
}

// organizationsWhere: a caller sees its own organisation and every party to
// a project it sees; an inspector also sees the organisations of its region.
func (s Scope) organizationsWhere(a string) (string, []any) {
	if s.Role == ledger.RoleAdmin {
		return "1 = 1", nil
	}
	// The parties of the projects the scope sees, as a list the condition
	// does not correlate with the organisation: a Citus cluster plans no
	// subquery on its distributed projects that refers to a row of the
	// organisations, a reference table.
	pw, pargs := s.projectsWhere("p")
	parties := "SELECT p.owner_id FROM projects p WHERE " + pw + " UNION SELECT p.general_contractor_id FROM projects p WHERE " + pw +
		" UNION SELECT p.wage_bank_id FROM projects p WHERE " + pw +
		" UNION SELECT ps2.organization_id FROM project_subcontractors ps2 JOIN projects p ON p.id = ps2.project_id WHERE " + pw
	cond := "(" + a + ".id = ? OR " + a + ".id IN (" + parties + ")"
	args := append([]any{s.OrgID}, slices.Concat(pargs, pargs, pargs, pargs)...)
	if s.Role == ledger.RoleInspector && s.RegionCode != "" {
		cond += " OR " + a + ".region_code LIKE ?"
		args = append(args, ledger.RegionPrefix(s.RegionCode)+"%")
	}
	return cond + ")", args
}

// guaranteesWhere returns the condition on guarantees alias g of projects
// alias p that the scope allows: a general contractor sees its projects'
// guarantees (not its subcontractors), a bank or insurer those it holds, an
// inspector those of its region's projects.
func (s Scope) guaranteesWhere(g, p string) (string, []any) {
	switch s.Role {
	case ledger.RoleContractor:
		return p + ".general_contractor_id = ?", []any{s.OrgID}
	case ledger.RoleBank:
		return g + ".issuer_id = ?", []any{s.OrgID}
	}
	return s.projectsWhere(p)
}

// Kind is what a request's path names, for the authorizer.
type Kind int

const (
	KindOrganization Kind = iota + 1
	KindProject
	KindPayroll     // held by a project, written by an employer
	KindInstruction // held by a project
	KindEnrolment   // held by a project, employed by an employer
	KindAlert       // held by a project; an alert about an employer is that employer's too
	KindGuarantee   // held by a project, seen by its GC, its issuer and its region's inspectors
	KindComplaint   // held by a project, seen by its GC (redacted) and its region's inspectors, never by a subcontractor
	KindOrder       // an order to pay: held by a project, seen by its GC, the employer it names and its region's inspectors
	KindListing     // a blacklist proposal, held by its candidate's project
)

// Standing is how a caller stands to one resource.
type Standing struct {
	Exists  bool
	Visible bool // the scope includes it: the organisation, or the project holding it
	// For a resource held by a project:
	ProjectID         string
	GeneralContractor bool   // the caller's organisation is the project's GC
	Subcontractor     bool   // … is a subcontractor on it
	EmployerID        string // the payroll's or enrolment's employer; "" for the rest
}

// heldBy is, per kind held by a project, the table it lives in and the
// column naming its employer.
var heldBy = map[Kind]struct{ table, employer string }{
	KindPayroll:     {"payrolls", "r.employer_id"},
	KindInstruction: {"instructions", "''"},
	KindEnrolment:   {"enrolments", "r.employer_id"},
	KindAlert:       {"alerts", alertEmployer},
	KindGuarantee:   {"guarantees", "''"},
	KindComplaint:   {"complaints", "''"},
	KindOrder:       {"pay_orders", "r.employer_id"},
	KindListing:     {"blacklist_listings", "''"},
}

// StandingTo tells how the scope stands to the resource of kind named id, in
// one query: whether it exists, whether the scope sees it, and for a resource
// held by a project, the project and the caller's relation to it.
func (s Scope) StandingTo(q Querier, k Kind, id string) (Standing, error) {
	if k == KindOrganization {
		exists, visible, err := s.canSeeOrganization(q, id)
		return Standing{Exists: exists, Visible: visible}, err
	}
	from, employer, key := "projects p", "''", "p.id"
	// A project named by its ID is read on its shard alone on a Citus
	// cluster, its subqueries too (onShardsOf); so is a resource held by a
	// project whose ID names the project (ledger.NewIDIn, onShardsOfIDs).
	// One whose ID is older is found by its ID alone, on every shard.
	d := dialectOf(q)
	pin, pinArgs := d.onShardsOf("ps.project_id", []string{id})
	var keyPin string
	var keyArgs []any
	if h, ok := heldBy[k]; ok {
		from, employer, key = h.table+" r JOIN projects p ON p.id = r.project_id", h.employer, "r.id"
		pin, pinArgs = d.onShardsOfIDs("ps.project_id", []string{id})
		keyPin, keyArgs = d.onShardsOfIDs("r.project_id", []string{id})
	}
	var rows []struct {
		ProjectID string `db:"project_id"`
		GC        string `db:"general_contractor_id"`
		Sub       int    `db:"is_sub"`
		Inside    int    `db:"inside"`
		Employer  string `db:"employer_id"`
	}
	where, args := s.projectsWhereOn("p", pin, pinArgs)
	if k == KindGuarantee {
		where, args = s.guaranteesWhere("r", "p")
	}
	if k == KindComplaint {
		where, args = complaintsScope(s)
	}
	if k == KindOrder {
		where, args = ordersScopeOf(s, "r")
	}
	if hide, hideArgs := inspectorsOnly(s, "r"); k == KindAlert && hide != "" {
		where, args = "("+where+" AND "+hide+")", append(args, hideArgs...)
	}
	err := q.Select(&rows, `SELECT p.id AS project_id, p.general_contractor_id,
		(SELECT COUNT(*) FROM project_subcontractors ps WHERE ps.project_id = p.id`+pin+` AND ps.organization_id = ?) AS is_sub,
		CASE WHEN `+where+` THEN 1 ELSE 0 END AS inside, `+employer+` AS employer_id
		FROM `+from+` WHERE `+key+` = ?`+keyPin, slices.Concat(pinArgs, []any{s.OrgID}, args, []any{id}, keyArgs)...)
	if err != nil || len(rows) == 0 {
		return Standing{}, err
	}
	row := rows[0]
	contractor := s.Role == ledger.RoleContractor
	return Standing{Exists: true, Visible: row.Inside == 1, ProjectID: row.ProjectID, EmployerID: row.Employer,
		GeneralContractor: contractor && row.GC == s.OrgID, Subcontractor: contractor && row.Sub > 0}, nil
}

// canSeeOrganization reports whether the scope includes organisation id, and
// whether it exists at all.
func (s Scope) canSeeOrganization(q Querier, id string) (exists, visible bool, err error) {
	var rows []int
	where, args := s.organizationsWhere("o")
	err = q.Select(&rows, `SELECT CASE WHEN `+where+` THEN 1 ELSE 0 END FROM organizations o WHERE o.id = ?`, append(args, id)...)
	if err != nil || len(rows) == 0 {
		return false, false, err
	}
	return true, rows[0] == 1, nil
}

// LatestEnrolmentOf is the enrolment of worker workerID (a person, wkr_…)
// that began last on a project the scope sees ("" when none): a worker's
// statement may be asked for by the person as well as by the enrolment.
func (s Scope) LatestEnrolmentOf(q Querier, workerID string) (string, error) {
	where, args := s.projectsWhere("p")
	var ids []string
	err := q.Select(&ids, `SELECT e.id FROM enrolments e JOIN projects p ON p.id = e.project_id
		WHERE e.worker_id = ? AND `+where+` ORDER BY e.entered_on DESC, e.id DESC LIMIT 1`, append([]any{workerID}, args...)...)
	if err != nil || len(ids) == 0 {
		return "", err
	}
	return ids[0], nil
}
