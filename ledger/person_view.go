package ledger

import "strings"

// Who sees a worker's birth date and sex. The identity number is shown
// masked (first four and last four characters, API.md); next to a full birth
// date and the sex, only two digits stay hidden and the check character
// leaves about nine candidates. So the birth date and sex go only to those
// who employ the worker — the enrolment's employer and the project's general
// contractor — and to labour inspectors; everyone else (another
// subcontractor, a bank, an administrator) sees an age band.

// SeesBirthDate reports whether a caller of role and organisation may see
// the birth date and sex of a worker whom employerID enrols on a project
// whose general contractor is gcID.
func SeesBirthDate(role Role, callerOrg, employerID, gcID string) bool {
	switch role {
	case RoleInspector:
		return true
	case RoleContractor:
		return callerOrg != "" && (callerOrg == employerID || callerOrg == gcID)
	}
	return false
}

// AgeBands are the bands an age is shown in: wide enough that they add
// nothing to a masked number, narrow enough for the rules that depend on
// age (the juvenile ages 16–17, the site age limits at 50, 55 and 60).
var AgeBands = []string{"under 16", "16-17", "18-29", "30-39", "40-49", "50-54", "55-59", "60+"}

// AgeBand is the band of the age on day on of someone born on birth.
func AgeBand(birth, on Date) string {
	age := ResidentID{BirthDate: birth}.AgeOn(on)
	switch {
	case age < 16:
		return AgeBands[0]
	case age < 18:
		return AgeBands[1]
	case age < 30:
		return AgeBands[2]
	case age < 40:
		return AgeBands[3]
	case age < 50:
		return AgeBands[4]
	case age < 55:
		return AgeBands[5]
	case age < 60:
		return AgeBands[6]
	}
	return AgeBands[7]
}

// ShowPerson fills what an enrolment shows of its person: the age band for
// everyone, and the birth date and sex when sees (SeesBirthDate).
func (e *Enrolment) ShowPerson(birth Date, male bool, today Date, sees bool) {
	e.AgeBand = AgeBand(birth, today)
	e.BirthDate, e.Gender = Date{}, ""
	if sees {
		e.BirthDate = birth
		e.Gender = ResidentID{Male: male}.Gender()
	}
}

// BirthMonth is the year and month of a birth date, "YYYY-MM": what the
// statistics keep in clear beside the sex and the region code.
func BirthMonth(birth Date) string { return strings.TrimSpace(birth.String())[:7] }
