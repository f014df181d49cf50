package store

import "github.com/wageguard/wageguard/ledger"

// Scope is what one caller may see, turned into SQL in one place: the lists
// filter by it and the authorizer asks it about single projects.
type Scope struct {
	Role  ledger.Role
	OrgID string
	// RegionCode is the authority's division code, for inspectors.
	RegionCode string
}

// projectsWhere returns the condition on projects alias a that the scope
// allows, with its arguments.
func (s Scope) projectsWhere(a string) (string, []any) {
	switch s.Role {
	case ledger.RoleAdmin:
		return "1 = 1", nil
	case ledger.RoleContractor:
		return "(" + a + ".general_contractor_id = ? OR EXISTS (SELECT 1 FROM project_subcontractors ps WHERE ps.project_id = " + a + ".id AND ps.organization_id = ?))",
			[]any{s.OrgID, s.OrgID}
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
	pw, pargs := s.projectsWhere("p")
	cond := "(" + a + ".id = ? OR EXISTS (SELECT 1 FROM projects p WHERE " + pw + " AND (p.owner_id = " + a + ".id OR p.general_contractor_id = " + a +
		".id OR p.wage_bank_id = " + a + ".id OR EXISTS (SELECT 1 FROM project_subcontractors ps2 WHERE ps2.project_id = p.id AND ps2.organization_id = " + a + ".id)))"
	args := append([]any{s.OrgID}, pargs...)
	if s.Role == ledger.RoleInspector && s.RegionCode != "" {
		cond += " OR " + a + ".region_code LIKE ?"
		args = append(args, ledger.RegionPrefix(s.RegionCode)+"%")
	}
	return cond + ")", args
}

// ProjectRelation is how a caller stands to one project.
type ProjectRelation struct {
	Exists            bool
	Visible           bool
	GeneralContractor bool // the caller's organisation is the project's GC
	Subcontractor     bool // … is a subcontractor on it
	Admin             bool
}

// RelationToProject tells how the scope stands to project id.
func (s Scope) RelationToProject(q Querier, id string) (ProjectRelation, error) {
	var r ProjectRelation
	var rows []struct {
		GC     string `db:"general_contractor_id"`
		Sub    int    `db:"is_sub"`
		Inside int    `db:"inside"`
	}
	where, args := s.projectsWhere("p")
	err := q.Select(&rows, `SELECT p.general_contractor_id,
		(SELECT COUNT(*) FROM project_subcontractors ps WHERE ps.project_id = p.id AND ps.organization_id = ?) AS is_sub,
		CASE WHEN `+where+` THEN 1 ELSE 0 END AS inside
		FROM projects p WHERE p.id = ?`, append(append([]any{s.OrgID}, args...), id)...)
	if err != nil || len(rows) == 0 {
		return r, err
	}
	row := rows[0]
	r.Exists = true
	r.Visible = row.Inside == 1
	r.Admin = s.Role == ledger.RoleAdmin
	r.GeneralContractor = s.Role == ledger.RoleContractor && row.GC == s.OrgID
	r.Subcontractor = s.Role == ledger.RoleContractor && row.Sub > 0
	return r, nil
}

// CanSeeOrganization reports whether the scope includes organisation id, and
// whether it exists at all.
func (s Scope) CanSeeOrganization(q Querier, id string) (exists, visible bool, err error) {
	var rows []int
	where, args := s.organizationsWhere("o")
	err = q.Select(&rows, `SELECT CASE WHEN `+where+` THEN 1 ELSE 0 END FROM organizations o WHERE o.id = ?`, append(args, id)...)
	if err != nil || len(rows) == 0 {
		return false, false, err
	}
	return true, rows[0] == 1, nil
}
