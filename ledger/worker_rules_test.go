package ledger

import (
	"reflect"
	"testing"
)

func TestCheckExit(t *testing.T) {
	entered, today := NewDate(2026, 3, 1), NewDate(2026, 6, 30)
	left := NewDate(2026, 5, 1)
	cases := []struct {
		name     string
		on       Date
		exitedOn *Date
		code     string
		field    string
	}{
		{"a first exit", NewDate(2026, 6, 1), nil, "", ""},
		{"on the day of entry", entered, nil, "", ""},
		{"today", today, nil, "", ""},
		{"no date", Date{}, nil, EInvalid, "exited_on"},
		{"before entry", NewDate(2026, 2, 28), nil, EInvalid, "exited_on"},
		{"in the future", NewDate(2026, 7, 1), nil, EInvalid, "exited_on"},
		{"already exited", NewDate(2026, 6, 1), &left, EConflict, ""},
		{"already exited, and a bad date: the date is refused first", Date{}, &left, EInvalid, "exited_on"},
	}
	for _, c := range cases {
		err := CheckExit("enr_1", c.on, entered, c.exitedOn, today)
		if c.code == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
			continue
		}
		if e, ok := err.(*Error); c.field != "" && (!ok || len(e.Fields) != 1 || e.Fields[0].Field != c.field) {
			t.Errorf("%s: %+v, want a refusal of %s", c.name, err, c.field)
		}
	}
	if err := CheckExit("enr_1", NewDate(2026, 6, 1), entered, &left, today); err.Error() != "enrolment enr_1 already exited on 2026-05-01" {
		t.Errorf("already exited: %v", err)
	}
}

func TestCheckCardBank(t *testing.T) {
	for _, k := range append([]OrgKind{""}, OrgKinds...) {
		err := CheckCardBank("org_x", k)
		if (err == nil) != (k == OrgBank) {
			t.Errorf("%q: %v", k, err)
		}
		want := []FieldError{{Row: 0, Field: "bank_id", Code: string(RefuseNotABank), Message: `"org_x" is not a registered bank`}}
		if e, ok := err.(*Error); err != nil && (!ok || e.Code != EInvalid || !reflect.DeepEqual(plain(e.Fields), want)) {
			t.Errorf("%q: %+v", k, err)
		}
	}
}

func TestCheckEnrolmentFilter(t *testing.T) {
	for _, st := range []EnrolmentStatus{"", EnrolmentActive, EnrolmentExited} {
		if err := CheckEnrolmentFilter(st); err != nil {
			t.Errorf("%q: %v", st, err)
		}
	}
	for _, st := range []EnrolmentStatus{"gone", "Active", " "} {
		err := CheckEnrolmentFilter(st)
		if e, ok := err.(*Error); !ok || e.Code != EInvalid || len(e.Fields) != 1 || e.Fields[0].Code != string(RefuseUnknown) || e.Fields[0].Field != "status" {
			t.Errorf("%q: %+v", st, err)
		}
	}
}
