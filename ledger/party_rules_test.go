package ledger

import (
	"reflect"
	"strings"
	"testing"
)

// fieldErrorsOf is the field errors of err, nil when it has none.
func fieldErrorsOf(err error) []FieldError {
	if e, ok := err.(*Error); ok {
		return e.Fields
	}
	return nil
}

func TestCheckPartyKind(t *testing.T) {
	gc := &Organization{ID: "org_gc", Name: "GC Ltd", Kind: OrgGeneralContractor}
	cases := []struct {
		name  string
		o     *Organization
		kinds []OrgKind
		want  *FieldError
	}{
		{"of the kind", gc, []OrgKind{OrgGeneralContractor}, nil},
		{"of the second kind", gc, []OrgKind{OrgSubcontractor, OrgGeneralContractor}, nil},
		{"of another kind", gc, []OrgKind{OrgBank}, &FieldError{Field: "f", Code: "wrong_kind", Message: "organization org_gc (GC Ltd) is a general_contractor, not a bank"}},
		{"not found", nil, []OrgKind{OrgBank}, &FieldError{Field: "f", Code: "not_found", Message: `organization "org_gc" does not exist`}},
	}
	for _, c := range cases {
		if got := CheckPartyKind("f", "org_gc", c.o, c.kinds...); !reflect.DeepEqual(plainOne(got), c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestCheckProjectFilter(t *testing.T) {
	for _, ok := range []struct{ region, status string }{{"", ""}, {"110105", ProjectActive}, {"", ProjectCompleted}} {
		if err := CheckProjectFilter(ok.region, ok.status); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	err := CheckProjectFilter("12", "closed")
	got := fieldErrorsOf(err)
	if ErrorCode(err) != EInvalid || len(got) != 2 || got[0].Field != "region_code" || got[0].Code != "invalid" ||
		got[1] != (FieldError{Field: "status", Code: "unknown", Message: "status must be active or completed"}) {
		t.Errorf("bad filter: %+v", got)
	}
}

func TestCheckSubcontractorID(t *testing.T) {
	p := &Project{GeneralContractorID: "org_gc"}
	if f := CheckSubcontractorID(p, "org_sub"); f != nil {
		t.Errorf("a subcontractor: %+v", f)
	}
	if f := CheckSubcontractorID(p, ""); f == nil || f.Code != "required" || f.Field != "organization_id" {
		t.Errorf("none: %+v", f)
	}
	if f := CheckSubcontractorID(p, "org_gc"); f == nil || f.Code != "is_gc" || f.Message != "the general contractor cannot be its own subcontractor" {
		t.Errorf("the GC: %+v", f)
	}
}

func TestCheckCompletion(t *testing.T) {
	done := NewDate(2026, 5, 1)
	open := &Project{Code: "P1", Status: ProjectActive, StartedOn: NewDate(2026, 1, 1)}
	closed := &Project{Code: "P1", Status: ProjectCompleted, StartedOn: NewDate(2026, 1, 1), CompletedOn: &done}
	today := NewDate(2026, 6, 30)
	cases := []struct {
		name string
		p    *Project
		on   Date
		code string
	}{
		{"completed today", open, today, ""},
		{"completed on its start", open, open.StartedOn, ""},
		{"before its start", open, NewDate(2025, 12, 31), EInvalid},
		{"in the future", open, NewDate(2026, 7, 1), EInvalid},
		{"no date", open, Date{}, EInvalid},
		{"already completed", closed, today, EConflict},
	}
	for _, c := range cases {
		if err := CheckCompletion(c.p, c.on, today); ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %q", c.name, err, c.code)
		}
	}
	if err := CheckCompletion(closed, today, today); err.Error() != "project P1 was already completed on 2026-05-01" {
		t.Errorf("already completed: %v", err)
	}
}

func TestCheckAPIKey(t *testing.T) {
	long := strings.Repeat("x", MaxKeyLabel+1)
	cases := []struct {
		role   Role
		label  string
		hasOrg bool
		codes  []string // the field errors' codes, in order
	}{
		{RoleAdmin, "ops", false, nil},
		{RoleContractor, "payroll", true, nil},
		{RoleBank, strings.Repeat("x", MaxKeyLabel), true, nil},
		{RoleBank, "", false, []string{"required"}},
		{"root", "", false, []string{"unknown"}}, // an unknown role is not also refused for its organisation
		{"root", long, true, []string{"unknown", "too_long"}},
		{RoleInspector, long, false, []string{"too_long", "required"}},
	}
	for _, c := range cases {
		err := CheckAPIKey(c.role, c.label, c.hasOrg)
		var codes []string
		for _, f := range fieldErrorsOf(err) {
			codes = append(codes, f.Code)
		}
		if !reflect.DeepEqual(codes, c.codes) || (err != nil) != (c.codes != nil) {
			t.Errorf("%s %d-byte label org %v: %v, want %v", c.role, len(c.label), c.hasOrg, err, c.codes)
		}
	}
}

func TestCheckKeyOrg(t *testing.T) {
	for _, r := range []Role{RoleAdmin, RoleContractor, RoleBank, RoleInspector} {
		for _, k := range OrgKinds {
			err := CheckKeyOrg(r, k)
			if (err == nil) != RoleFits(r, k) {
				t.Errorf("%s key of a %s: %v", r, k, err)
			}
			want := []FieldError{{Field: "role", Code: "wrong_kind", Message: "a " + string(r) + " key cannot belong to a " + strings.ReplaceAll(string(k), "_", " ") + " organisation"}}
			if err != nil && (ErrorCode(err) != EInvalid || !reflect.DeepEqual(plain(fieldErrorsOf(err)), want)) {
				t.Errorf("%s key of a %s: %+v", r, k, err)
			}
		}
	}
}

// Only inspectors and administrators read that a complaint was made.
func TestSeesComplaints(t *testing.T) {
	want := map[Role]bool{RoleAdmin: true, RoleInspector: true, RoleContractor: false, RoleBank: false, "": false, "auditor": false}
	for r, w := range want {
		if got := SeesComplaints(r); got != w {
			t.Errorf("%q: %v, want %v", r, got, w)
		}
	}
}

// A subcontractor sees only its own employer's payrolls and workers; every
// other caller sees every employer's, and a resource no employer holds is
// left to the project's scope.
func TestEmployerLimit(t *testing.T) {
	for _, c := range []struct {
		role     Role
		gc       bool
		employer string
		want     bool
	}{
		{RoleContractor, false, "org_sub", true},
		{RoleContractor, false, "org_peer", false},
		{RoleContractor, false, "", true},
		{RoleContractor, true, "org_peer", true},
		{RoleAdmin, false, "org_peer", true},
		{RoleBank, false, "org_peer", true},
		{RoleInspector, false, "org_peer", true},
	} {
		only := EmployerLimit(c.role, "org_sub", c.gc)
		if (only != "") == (c.role != RoleContractor || c.gc) {
			t.Errorf("%s (general contractor %v): limited to %q", c.role, c.gc, only)
		}
		if got := SeesEmployer(only, c.employer); got != c.want {
			t.Errorf("%s (general contractor %v) sees employer %q: %v, want %v", c.role, c.gc, c.employer, got, c.want)
		}
	}
}
