package ledger

import (
	"strings"
	"testing"
)

func TestEntryBatchIDs(t *testing.T) {
	b := NewEntryBatch()
	if !HasPrefix(string(b), PrefixEntry) {
		t.Fatalf("batch %q is not an entry ID prefix", b)
	}
	for _, tc := range []struct {
		i    int
		want string
	}{{0, "_00000"}, {7, "_00007"}, {12345, "_12345"}, {123456, "_123456"}} {
		if got := b.ID(tc.i); got != string(b)+tc.want {
			t.Errorf("ID(%d) = %q, want suffix %q", tc.i, got, tc.want)
		}
	}
	if b.ID(1) <= b.ID(0) || b.ID(99999) <= b.ID(10) {
		t.Error("IDs of a batch do not sort in their order")
	}
	if NewEntryBatch() == b {
		t.Error("two batches share a prefix")
	}
}

// An ID made in a project names it, and so do IDs made from it with a
// suffix; an ID made outside any project, one of another shape, or one of a
// project whose ID is not of NewID's form, names none.
func TestProjectOfID(t *testing.T) {
	project := NewID(PrefixProject)
	own := NewIDIn("pay", project)
	if len(own) != len("pay_")+32 || !HasPrefix(own, "pay") || own[4:20] == project[4:] {
		t.Fatalf("NewIDIn = %q: want pay_, 16 random characters, then the project's 16", own)
	}
	if NewIDIn("pay", project) == own {
		t.Fatal("two IDs in one project are the same")
	}
	for _, tc := range []struct {
		id   string
		want string
	}{
		{own, project},
		{"ins" + own[3:] + "_17", project},
		{"ins" + own[3:] + "_123456", project},
		{NewID("pay"), ""},
		{"ins_" + NewID("pay")[4:] + "_3", ""},
		{NewIDIn("pay", "prj_oneshard_x1"), ""},
		{NewIDIn("pay", "prj_0123456789abcdeI"), ""}, // not base32
		{"pay_" + project[4:] + project[4:] + "x", ""},
		{"pay_" + strings.ToUpper(own[4:]), ""},
		{"pay", ""},
		{"", ""},
	} {
		got, ok := ProjectOfID(tc.id)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("ProjectOfID(%q) = %q, %v; want %q", tc.id, got, ok, tc.want)
		}
	}
}

// An instruction issued for a payroll's line names the payroll's part and
// the line; a re-issued instruction's ID, and any ID of another shape,
// names none.
func TestLineOfInstruction(t *testing.T) {
	project := NewID(PrefixProject)
	payroll := NewIDIn("pay", project)
	part := PayrollPart(payroll)
	if part != payroll[4:] || PayrollPart("p1") != "p1" {
		t.Fatalf("PayrollPart(%q) = %q, PayrollPart(p1) = %q", payroll, part, PayrollPart("p1"))
	}
	for _, tc := range []struct {
		id   string
		part string
		line int
	}{
		{"ins_" + part + "_1", part, 1},
		{"ins_" + part + "_100000", part, 100000},
		{"ins_p1_7", "p1", 7},
		{"ins_pay_p1_2026-01_12", "pay_p1_2026-01", 12}, // the part holds underscores of its own: the line is after the last
		{NewIDIn("ins", project), "", 0},                // re-issued
		{"ins_" + part + "_", "", 0},
		{"ins_" + part + "_07", "", 0},
		{"ins_" + part + "_0", "", 0},
		{"ins_" + part + "_1x", "", 0},
		{"ins_" + part + "_-1", "", 0},
		{"ins_" + part + "_1234567890", "", 0}, // more than nine digits
		{"ins__3", "", 0},
		{"pay_" + part + "_3", "", 0},
		{"ins_3", "", 0},
		{"", "", 0},
	} {
		gotPart, gotLine, ok := LineOfInstruction(tc.id)
		if gotPart != tc.part || gotLine != tc.line || ok != (tc.part != "") {
			t.Errorf("LineOfInstruction(%q) = %q, %d, %v; want %q, %d", tc.id, gotPart, gotLine, ok, tc.part, tc.line)
		}
	}
}
