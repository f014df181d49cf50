package ledger

// Refusal is the machine word of a field error a decision returns (its
// FieldError.Code): why a row or field is refused, or that it only warns.
// Each is a named constant, so a code is written once.
type Refusal string

// Refusal codes shared by the registry, attendance and payroll decisions.
const (
	RefuseRequired     Refusal = "required"
	RefuseUnknown      Refusal = "unknown"
	RefuseFormat       Refusal = "format"
	RefuseDuplicate    Refusal = "duplicate"
	RefuseNameMismatch Refusal = "name_mismatch"
	RefuseNotEnrolled  Refusal = "not_enrolled"
	RefuseNotOnProject Refusal = "not_on_project"
	RefuseNotABank     Refusal = "not_a_bank"
	RefuseFuture       Refusal = "future"
	RefuseRange        Refusal = "range"
	// Warning marks a field error that is only a warning: the row is stored.
	Warning Refusal = "warning"
)

// At is the field error of this refusal on a row's field.
func (r Refusal) At(row int, field, msg string) FieldError {
	return FieldError{Row: row, Field: field, Code: string(r), Message: msg}
}

// Atf is the field error of this refusal on a row's field, its message a
// format and arguments (see Msg).
func (r Refusal) Atf(row int, field, format string, args ...any) FieldError {
	return FieldErrorf(row, field, string(r), format, args...)
}

// IsEmployer reports whether org employs workers on p: its general
// contractor or one of its subcontractors.
func IsEmployer(p *Project, org string) bool {
	if org == p.GeneralContractorID {
		return true
	}
	for _, s := range p.SubcontractorIDs {
		if s == org {
			return true
		}
	}
	return false
}

// CheckEmployer decides whether employer may be named by a caller limited to
// onlyEmployer ("" when not limited) on project p: a subcontractor acts only
// for itself (forbidden), and the employer must work on the project.
func CheckEmployer(p *Project, onlyEmployer, employer string) (forbidden bool, f *FieldError) {
	if onlyEmployer != "" && employer != onlyEmployer {
		return true, nil
	}
	if !IsEmployer(p, employer) {
		e := RefuseNotOnProject.Atf(0, "employer_id", "%s is neither the general contractor nor a subcontractor of project %s", employer, p.Code)
		return false, &e
	}
	return false, nil
}

// Refusal codes of the checks of one field (identity and card numbers,
// names, dates, amounts).
const (
	RefuseLength         Refusal = "length"
	RefuseRegion         Refusal = "region"
	RefuseBirthDate      Refusal = "birth_date"
	RefuseChecksum       Refusal = "checksum"
	RefuseFifteenDigit   Refusal = "fifteen_digit"
	RefuseCharacters     Refusal = "characters"
	RefuseTooLong        Refusal = "too_long"
	RefuseBeforeContract Refusal = "before_contract"
	RefuseChildLabour    Refusal = "child_labour"
	RefuseBeforeProject  Refusal = "before_project"
	RefuseAmount         Refusal = "amount"
	RefuseNegative       Refusal = "negative"
	RefuseArithmetic     Refusal = "arithmetic"
)
