package ledger

// Refusal codes of attendance rows.
const (
	RefuseDate             Refusal = "date"
	RefuseOutsideEnrolment Refusal = "outside_enrolment"
)

// Stay is one enrolment's time on site: attendance is recorded only within it.
type Stay struct {
	EnrolmentID string
	EnteredOn   Date
	ExitedOn    *Date // nil while the worker is on site
}

// Covers reports whether d falls within the stay.
func (s *Stay) Covers(d Date) bool {
	return !d.Before(s.EnteredOn) && (s.ExitedOn == nil || !d.After(*s.ExitedOn))
}

// AttendanceInput is one row of an attendance file as written: the worker
// named by enrolment ID or by identity number, a date and hours.
type AttendanceInput struct {
	Row         int
	EnrolmentID string
	IDNumber    string
	Date        string
	Hours       string
}

// AttendanceDay is a checked row: one enrolment's hours on one day.
type AttendanceDay struct {
	EnrolmentID string
	Date        Date
	Centihours  int
}

type attendanceKey struct {
	enrolment string
	date      Date
}

// AttendanceRules checks the rows of one attendance file, one after another,
// against the stays of the workers the uploader may record; it remembers
// the days already seen so that a day twice is refused.
type AttendanceRules struct {
	Today    Date
	ByID     map[string]*Stay   // by enrolment ID
	ByPerson map[string][]*Stay // by PersonOf(identity number)
	// PersonOf turns a checked identity number into the key of ByPerson
	// (the service's blind index).
	PersonOf func(number string) string
	// Explain may give a better reason for an identity number that fails
	// its check (a spreadsheet's damage); nil or a nil answer keeps the check's.
	Explain func(raw string) *FieldError

	seen     map[attendanceKey]int
	personOf map[string]string // raw identity number → PersonOf, computed once
}

// Check decides one row: a real date not in the future, hours within a day,
// a worker enrolled on the project and on site that day, and the day not
// already on an earlier row. It returns the day to record, or every refusal.
func (r *AttendanceRules) Check(in AttendanceInput) (AttendanceDay, []FieldError) {
	var errs []FieldError
	date, msg := ParseDateLoose(in.Date)
	if msg.Key != "" {
		errs = append(errs, RefuseDate.Atf(in.Row, "date", "%s %s", Column("date"), msg))
	} else if date.After(r.Today) {
		errs = append(errs, RefuseFuture.Atf(in.Row, "date", "%s %s is in the future", Column("date"), date))
	}
	hours, hoursMsg := ParseHours(in.Hours)
	if hoursMsg.Key != "" {
		errs = append(errs, RefuseRange.Atf(in.Row, "hours", "%s", hoursMsg))
	}
	stays, ferr := r.staysOf(in)
	if ferr != nil {
		return AttendanceDay{}, append(errs, *ferr)
	}
	if date.IsZero() || hoursMsg.Key != "" {
		return AttendanceDay{}, errs
	}
	stay := covering(stays, date)
	if stay == nil {
		last := latest(stays) // the refusal names the worker's latest stay
		why := RefuseOutsideEnrolment.Atf(in.Row, "date", "%s is before the worker entered the site on %s", date, last.EnteredOn)
		if last.ExitedOn != nil && date.After(*last.ExitedOn) {
			why = RefuseOutsideEnrolment.Atf(in.Row, "date", "%s is after the worker left the site on %s", date, *last.ExitedOn)
		}
		return AttendanceDay{}, append(errs, why)
	}
	k := attendanceKey{stay.EnrolmentID, date}
	if first, dup := r.seen[k]; dup {
		return AttendanceDay{}, append(errs, RefuseDuplicate.Atf(in.Row, "date", "the same worker and day are on row %d too", first))
	}
	if r.seen == nil {
		r.seen = map[attendanceKey]int{}
	}
	r.seen[k] = in.Row
	if len(errs) > 0 { // a future date: refused, though the day counts as seen
		return AttendanceDay{}, errs
	}
	return AttendanceDay{EnrolmentID: stay.EnrolmentID, Date: date, Centihours: hours}, nil
}

// staysOf finds the stays of the worker a row names, by enrolment ID or
// else by identity number.
func (r *AttendanceRules) staysOf(in AttendanceInput) ([]*Stay, *FieldError) {
	refuse := func(code Refusal, field, format string, args ...any) ([]*Stay, *FieldError) {
		f := code.Atf(in.Row, field, format, args...)
		return nil, &f
	}
	if in.EnrolmentID != "" {
		if s, ok := r.ByID[in.EnrolmentID]; ok {
			return []*Stay{s}, nil
		}
		return refuse(RefuseNotEnrolled, "enrolment_id", "enrolment %q is not on this project", in.EnrolmentID)
	}
	if in.IDNumber == "" {
		return refuse(RefuseRequired, "id_number", "each row names the worker by id_number or enrolment_id")
	}
	person, ok := r.personOf[in.IDNumber]
	if !ok {
		rid, ferr := CheckResidentID(in.IDNumber, r.Today)
		if ferr != nil {
			if r.Explain != nil {
				if d := r.Explain(in.IDNumber); d != nil {
					ferr = d
				}
			}
			ferr.Row = in.Row
			return nil, ferr
		}
		person = r.PersonOf(rid.Number)
		if r.personOf == nil {
			r.personOf = map[string]string{}
		}
		r.personOf[in.IDNumber] = person
	}
	stays := r.ByPerson[person]
	if len(stays) == 0 {
		return refuse(RefuseNotEnrolled, "id_number", "this person is not registered on the project: nobody may work on site without a real-name registration")
	}
	return stays, nil
}

// covering returns the stay that includes date, if any.
func covering(stays []*Stay, date Date) *Stay {
	for _, s := range stays {
		if s.Covers(date) {
			return s
		}
	}
	return nil
}

// latest returns the stay that began last.
func latest(stays []*Stay) *Stay {
	l := stays[0]
	for _, s := range stays[1:] {
		if s.EnteredOn.After(l.EnteredOn) {
			l = s
		}
	}
	return l
}
