package ledger

// Role is what an API key may do. A key has one organisation and one role.
type Role string

const (
	RoleAdmin      Role = "admin"
	RoleContractor Role = "contractor"
	RoleBank       Role = "bank"
	RoleInspector  Role = "inspector"
)

// Roles lists every role, in the order the authorization matrix prints them.
var Roles = []Role{RoleAdmin, RoleContractor, RoleBank, RoleInspector}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// OrgKind is the part an organisation plays in the wage regime.
type OrgKind string

const (
	OrgOwner             OrgKind = "owner"              // 建设单位
	OrgGeneralContractor OrgKind = "general_contractor" // 施工总承包单位
	OrgSubcontractor     OrgKind = "subcontractor"      // 分包单位
	OrgBank              OrgKind = "bank"               // 开户银行
	OrgAuthority         OrgKind = "authority"          // 人社 / 劳动保障监察
	OrgInsurer           OrgKind = "insurer"            // 保险机构: issues guarantee insurance policies
)

// OrgKinds lists every organisation kind.
var OrgKinds = []OrgKind{OrgOwner, OrgGeneralContractor, OrgSubcontractor, OrgBank, OrgAuthority, OrgInsurer}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, v := range OrgKinds {
		if k == v {
			return true
		}
	}
	return false
}

// RoleFits reports whether a key of role r may belong to an organisation of
// kind k: contractors' keys to contractors, banks' to banks, inspectors' to
// authorities. An insurer's keys are bank keys: it lodges the policies it
// issues and, like a bank, confirms what it pays on them. Admin keys belong
// to whoever runs the service: no organisation, the authority, or the
// owner that runs it for its projects; never a party the service watches
// (a contractor, a bank or an insurer), whose admin key would read and
// change everyone's books (issue 16, item 15).
func RoleFits(r Role, k OrgKind) bool {
	switch r {
	case RoleAdmin:
		return k == OrgAuthority || k == OrgOwner
	case RoleContractor:
		return k == OrgGeneralContractor || k == OrgSubcontractor
	case RoleBank:
		return k == OrgBank || k == OrgInsurer
	case RoleInspector:
		return k == OrgAuthority
	}
	return false
}

// SeesComplaints reports whether role may read that a complaint was made
// and who made it: inspectors and administrators. Contractors (the
// employer, the general contractor) and banks never do (LSIR Art. 9):
// they read alerts at the rules' severity (ForContractor) and complaints
// redacted. Store and service both ask this one function.
func SeesComplaints(r Role) bool { return r == RoleInspector || r == RoleAdmin }

// EmployerLimit decides whose payrolls and workers a caller sees on a
// project: the one employer it is limited to, or "" for every employer's. A
// subcontractor (a contractor key that is not the project's general
// contractor) sees only its own; the general contractor, administrators,
// banks and inspectors see them all. The service's scope checks (the
// authorizer's Caller.Sees and the use cases' own reads) ask only this
// function and SeesEmployer.
func EmployerLimit(role Role, callerOrg string, generalContractor bool) string {
	if role != RoleContractor || generalContractor {
		return ""
	}
	return callerOrg
}

// SeesEmployer reports whether a caller limited to only (EmployerLimit)
// sees a resource whose employer is employer ("" for one no employer holds,
// such as an instruction or a guarantee: the project's scope decides it).
func SeesEmployer(only, employer string) bool {
	return only == "" || employer == "" || employer == only
}

// MaySeeKeyLabel decides whether a reader may see an API key's label where
// a history names who acted. A label is free text, often a person's name:
// the inspectorate and administrators see it, and so does the key's own
// organisation; everyone else (a contractor, a bank) sees the organisation.
func MaySeeKeyLabel(reader Role, readerOrg, keyOrg string) bool {
	switch {
	case reader == RoleAdmin || reader == RoleInspector:
		return true
	case readerOrg != "" && readerOrg == keyOrg:
		return true
	}
	return false
}

// SeesCover decides whether a caller of role and callerOrg sees, one by one,
// a guarantee of issuerID on a project whose general contractor is
// generalContractorID: a bank sees those it issues or holds; a
// subcontractor, limited to its own workers (EmployerLimit), sees none, for
// they are the general contractor's; every other caller sees them all. The
// totals of the project's coverage are not its to decide: they stay whole.
func SeesCover(role Role, callerOrg, generalContractorID, issuerID string) bool {
	if role == RoleBank {
		return issuerID == callerOrg
	}
	return EmployerLimit(role, callerOrg, generalContractorID == callerOrg) == ""
}
