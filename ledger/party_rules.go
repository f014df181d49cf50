package ledger

// Refusal codes of the checks of parties, projects and API keys (an
// organisation no one has is RefuseNotFound, as an instruction is).
const (
	RefuseWrongKind Refusal = "wrong_kind" // the organisation, or the key's role, is of another kind
	RefuseInvalid   Refusal = "invalid"    // a filter value that is not valid
	RefuseIsGC      Refusal = "is_gc"      // the general contractor named as its own subcontractor
)

// CheckPartyKind decides whether the organisation a field names by id may
// play its part: it exists (o is nil when it does not) and is of one of
// kinds (the first is the kind the refusal names).
func CheckPartyKind(field, id string, o *Organization, kinds ...OrgKind) *FieldError {
	if o == nil {
		e := RefuseNotFound.Atf(0, field, "organization %q does not exist", id)
		return &e
	}
	for _, k := range kinds {
		if o.Kind == k {
			return nil
		}
	}
	e := RefuseWrongKind.Atf(0, field, "organization %s (%s) is a %s, not a %s", id, o.Name, o.Kind, kinds[0])
	return &e
}

// CheckProjectFilter decides whether projects may be listed by region code
// and status ("" for either means any).
func CheckProjectFilter(regionCode, status string) error {
	var v Validation
	if regionCode != "" {
		if err := CheckRegionCode(regionCode); err != nil {
			v.Fields = append(v.Fields, RefuseInvalid.Atf(0, "region_code", "%s", ErrorMsg(err)))
		}
	}
	if status != "" && status != ProjectActive && status != ProjectCompleted {
		v.Fields = append(v.Fields, RefuseUnknown.At(0, "status", "status must be active or completed"))
	}
	return v.Err("bad filter")
}

// CheckSubcontractorID decides whether orgID may be named a subcontractor of
// p before its organisation is looked at: it is given and is not p's general
// contractor.
func CheckSubcontractorID(p *Project, orgID string) *FieldError {
	var e FieldError
	switch orgID {
	case "":
		e = RefuseRequired.At(0, "organization_id", "organization_id is required")
	case p.GeneralContractorID:
		e = RefuseIsGC.At(0, "organization_id", "the general contractor cannot be its own subcontractor")
	default:
		return nil
	}
	return &e
}

// CheckCompletion decides whether project p may be completed on on: a date
// on or after its start and not in the future, for a project not already
// completed.
func CheckCompletion(p *Project, on, today Date) error {
	if err := CheckEventDate("completed_on", on, p.StartedOn, "project's start", today); err != nil {
		return err
	}
	if p.Status == ProjectCompleted {
		return Errorf(EConflict, "project %s was already completed on %s", p.Code, p.CompletedOn)
	}
	return nil
}

// MaxKeyLabel is the longest label an API key may carry, in bytes.
const MaxKeyLabel = 200

// CheckAPIKey decides whether a key of role with label (trimmed) may be
// made, hasOrg saying whether it names an organisation: only an admin key
// belongs to none.
func CheckAPIKey(role Role, label string, hasOrg bool) error {
	var v Validation
	if !role.Valid() {
		v.Fields = append(v.Fields, RefuseUnknown.At(0, "role", "role must be one of admin, contractor, bank, inspector"))
	}
	if len(label) > MaxKeyLabel {
		v.Fields = append(v.Fields, RefuseTooLong.Atf(0, "label", "label is longer than %d {character|characters}", MaxKeyLabel))
	}
	if !hasOrg && role != RoleAdmin && role.Valid() {
		v.Fields = append(v.Fields, RefuseRequired.Atf(0, "organization_id", "a %s key belongs to an organisation", role))
	}
	return v.Err("API key is not valid")
}

// CheckKeyOrg decides whether a key of role may belong to an organisation
// of kind (RoleFits).
func CheckKeyOrg(role Role, kind OrgKind) error {
	if RoleFits(role, kind) {
		return nil
	}
	return &Error{Code: EInvalid, Message: "API key is not valid", Fields: []FieldError{
		RefuseWrongKind.Atf(0, "role", "a %s key cannot belong to a %s organisation", role.Label(), kind.Label())}}
}
