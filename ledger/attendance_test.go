package ledger

import (
	"reflect"
	"strings"
	"testing"
)

const (
	personA = "11010519491231002X" // enrolled twice: left, then came back
	personB = "110105194912310029" // not a valid check digit: refused
	personC = "440524188001010014" // registered nowhere on the project
)

func attendanceFixture() *AttendanceRules {
	exited := NewDate(2026, 3, 31)
	first := &Stay{EnrolmentID: "enr_a1", EnteredOn: NewDate(2026, 1, 10), ExitedOn: &exited}
	again := &Stay{EnrolmentID: "enr_a2", EnteredOn: NewDate(2026, 6, 1)}
	open := &Stay{EnrolmentID: "enr_o", EnteredOn: NewDate(2026, 2, 1)}
	left := &Stay{EnrolmentID: "enr_l", EnteredOn: NewDate(2026, 2, 1), ExitedOn: &exited}
	return &AttendanceRules{
		Today:    NewDate(2026, 11, 28),
		ByID:     map[string]*Stay{"enr_a1": first, "enr_a2": again, "enr_o": open, "enr_l": left},
		ByPerson: map[string][]*Stay{"P:" + personA: {again, first}}, // in no particular order
		PersonOf: func(n string) string { return "P:" + n },
	}
}

// Every kind of worker reference against every kind of date, on one row.
func TestAttendanceRulesCheck(t *testing.T) {
	cases := []struct {
		name     string
		enr, id  string
		date     string
		hours    string
		want     []string
		recorded string // the enrolment the day is recorded for, when accepted
	}{
		{"open stay, inside", "enr_o", "", "2026-05-04", "8", []string{}, "enr_o"},
		{"open stay, the entry day", "enr_o", "", "2026-02-01", "8.5", []string{}, "enr_o"},
		{"open stay, before entry", "enr_o", "", "2026-01-31", "8", []string{"date:outside_enrolment"}, ""},
		{"exited stay, the exit day", "enr_l", "", "2026-03-31", "8", []string{}, "enr_l"},
		{"exited stay, after exit", "enr_l", "", "2026-04-01", "8", []string{"date:outside_enrolment"}, ""},
		{"future date", "enr_o", "", "2026-11-29", "8", []string{"date:future"}, ""},
		{"not a date", "enr_o", "", "yesterday", "8", []string{"date:date"}, ""},
		{"hours above a day", "enr_o", "", "2026-05-04", "24.01", []string{"hours:range"}, ""},
		{"hours not a number", "enr_o", "", "2026-05-04", "eight", []string{"hours:range"}, ""},
		{"bad date and hours", "enr_o", "", "2026-13-01", "-1", []string{"date:date", "hours:range"}, ""},
		{"unknown enrolment", "enr_x", "", "2026-05-04", "8", []string{"enrolment_id:not_enrolled"}, ""},
		{"unknown enrolment, bad hours", "enr_x", "", "2026-05-04", "25", []string{"hours:range", "enrolment_id:not_enrolled"}, ""},
		{"nobody named", "", "", "2026-05-04", "8", []string{"id_number:required"}, ""},
		{"person, first stay", "", personA, "2026-02-10", "8", []string{}, "enr_a1"},
		{"person, second stay", "", personA, "2026-07-10", "8", []string{}, "enr_a2"},
		{"person, between stays", "", personA, "2026-05-10", "8", []string{"date:outside_enrolment"}, ""},
		{"person, before the first stay", "", personA, "2026-01-01", "8", []string{"date:outside_enrolment"}, ""},
		{"person not on the project", "", personC, "2026-05-04", "8", []string{"id_number:not_enrolled"}, ""},
		{"identity number with a typo", "", personB, "2026-05-04", "8", []string{"id_number:checksum"}, ""},
		{"enrolment ID wins over identity number", "enr_o", personC, "2026-05-04", "8", []string{}, "enr_o"},
	}
	for _, c := range cases {
		r := attendanceFixture()
		day, errs := r.Check(AttendanceInput{Row: 5, EnrolmentID: c.enr, IDNumber: c.id, Date: c.date, Hours: c.hours})
		if got := codes(errs); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		for _, f := range errs {
			if f.Row != 5 || f.Message == "" {
				t.Errorf("%s: %+v wants row 5 and a message", c.name, f)
			}
		}
		if day.EnrolmentID != c.recorded {
			t.Errorf("%s: recorded for %q, want %q", c.name, day.EnrolmentID, c.recorded)
		}
	}
}

func TestAttendanceRulesMessages(t *testing.T) {
	r := attendanceFixture()
	_, errs := r.Check(AttendanceInput{Row: 2, EnrolmentID: "enr_l", Date: "2026-04-01", Hours: "8"})
	if len(errs) != 1 || errs[0].Message != "2026-04-01 is after the worker left the site on 2026-03-31" {
		t.Errorf("after exit: %+v", errs)
	}
	_, errs = r.Check(AttendanceInput{Row: 3, IDNumber: personA, Date: "2026-05-10", Hours: "8"})
	if len(errs) != 1 || errs[0].Message != "2026-05-10 is before the worker entered the site on 2026-06-01" {
		t.Errorf("between stays: %+v", errs)
	}
}

// The same worker and day twice is refused on the second row, whichever way
// each row names the worker; another day or worker is not.
func TestAttendanceRulesDuplicates(t *testing.T) {
	r := attendanceFixture()
	rows := []AttendanceInput{
		{Row: 2, EnrolmentID: "enr_a1", Date: "2026-02-10", Hours: "8"},
		{Row: 3, IDNumber: personA, Date: "2026/02/10", Hours: "4"},
		{Row: 4, IDNumber: personA, Date: "2026-02-11", Hours: "8"},
		{Row: 5, EnrolmentID: "enr_o", Date: "2026-02-10", Hours: "8"},
	}
	var got []string
	for _, in := range rows {
		_, errs := r.Check(in)
		got = append(got, strings.Join(codes(errs), ","))
	}
	if want := []string{"", "date:duplicate", "", ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestAttendanceRulesExplain(t *testing.T) {
	r := attendanceFixture()
	r.Explain = func(raw string) *FieldError {
		return &FieldError{Field: "id_number", Code: "scientific_notation", Message: "Excel turned it into a number"}
	}
	_, errs := r.Check(AttendanceInput{Row: 9, IDNumber: "1.10105E+17", Date: "2026-05-04", Hours: "8"})
	if len(errs) != 1 || errs[0].Code != "scientific_notation" || errs[0].Row != 9 {
		t.Errorf("%+v", errs)
	}
}

// Every way a row names a worker against every employer the worker is
// registered with on the project: the employer's own worker is recorded;
// another employer's worker is refused as such (other_employer), never as
// unregistered, and never recorded; a worker registered with both is
// recorded on the own stay; a worker registered with nobody is not enrolled.
func TestAttendanceOtherEmployerGrid(t *testing.T) {
	const (
		own   = "110105198001010016" // this employer's worker, enr_own
		other = "11010519850505002X" // another employer's worker, enr_other
		both  = personA              // this employer's (enr_a1, enr_a2) and another's
	)
	cases := []struct {
		name    string
		enr, id string
		want    string // the refusal field:code, or the enrolment recorded
	}{
		{"enrolment ID, own", "enr_own", "", "enr_own"},
		{"enrolment ID, another employer's", "enr_other", "", "enrolment_id:other_employer"},
		{"enrolment ID, nobody's", "enr_x", "", "enrolment_id:not_enrolled"},
		{"identity number, own", "", own, "enr_own"},
		{"identity number, another employer's", "", other, "id_number:other_employer"},
		{"identity number, own and another employer's", "", both, "enr_a2"},
		{"identity number, nobody's", "", personC, "id_number:not_enrolled"},
		{"another employer's enrolment ID, own identity number", "enr_other", own, "enrolment_id:other_employer"},
	}
	for _, c := range cases {
		r := attendanceFixture()
		r.ByID["enr_own"] = &Stay{EnrolmentID: "enr_own", EnteredOn: NewDate(2026, 2, 1)}
		r.ByPerson["P:"+own] = []*Stay{r.ByID["enr_own"]}
		r.OthersByID = map[string]bool{"enr_other": true}
		r.OthersByPerson = map[string]bool{"P:" + other: true, "P:" + both: true}
		day, errs := r.Check(AttendanceInput{Row: 4, EnrolmentID: c.enr, IDNumber: c.id, Date: "2026-07-10", Hours: "8"})
		got := day.EnrolmentID
		if len(errs) > 0 {
			got = strings.Join(codes(errs), ",")
		}
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	r := attendanceFixture()
	r.OthersByID = map[string]bool{"enr_other": true}
	_, errs := r.Check(AttendanceInput{Row: 4, EnrolmentID: "enr_other", Date: "2026-07-10", Hours: "8"})
	if len(errs) != 1 || errs[0].Message != `enrolment "enr_other" is registered on this project with another employer: an employer records attendance only for its own workers` {
		t.Errorf("other employer's message: %+v", errs)
	}
}
