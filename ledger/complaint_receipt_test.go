package ledger

import (
	"reflect"
	"strings"
	"testing"
)

func TestReceiptCodeReadsBackAsTyped(t *testing.T) {
	code := ReceiptCode([10]byte{0xff, 0, 0x10, 0x42, 0x99, 0xaa, 0x01, 0x7e, 0x33, 0xc4})
	if len(code) != 19 || code[4] != '-' || code[9] != '-' || code[14] != '-' {
		t.Fatalf("code %q is not four groups of four", code)
	}
	norm, ok := NormalReceiptCode(code)
	if !ok || len(norm) != ReceiptCodeLen {
		t.Fatalf("NormalReceiptCode(%q) = %q, %v", code, norm, ok)
	}
	for _, typed := range []string{norm, " " + code + " ", toLower(code)} {
		if got, ok := NormalReceiptCode(typed); !ok || got != norm {
			t.Errorf("NormalReceiptCode(%q) = %q, %v; want %q", typed, got, ok, norm)
		}
	}
	if a, _ := NormalReceiptCode("0OIL-1111-2222-3333"); a != "0011111122223333" {
		t.Errorf("O, I and L are not read as digits: %q", a)
	}
	for _, bad := range []string{"", "ABCD", "ABCD-EFGH-JKMN-PQRU", "ABCD-EFGH-JKMN-PQRST", "../../x", "ABCD%EFGH-JKMN-PQRS"} {
		if _, ok := NormalReceiptCode(bad); ok {
			t.Errorf("NormalReceiptCode(%q) accepted", bad)
		}
	}
	if ReceiptCode([10]byte{}) == ReceiptCode([10]byte{1}) {
		t.Error("two random values spell one code")
	}
}

// A code made for a project carries the first characters of the project's
// own ID as a fifth group, read back as the prefix of the project's ID
// whatever the case or the letters mistaken for digits; a code of four
// groups (made before, or for a project ID not of NewID's form) carries none.
func TestReceiptCodeCarriesItsProject(t *testing.T) {
	random := [10]byte{0xff, 0, 0x10, 0x42, 0x99, 0xaa, 0x01, 0x7e, 0x33, 0xc4}
	project := "prj_" + "0kz9" + "abcdefghjkmn"
	code := ReceiptCodeIn(random, project)
	if want := ReceiptCode(random) + "-0KZ9"; code != want {
		t.Fatalf("ReceiptCodeIn = %q, want %q", code, want)
	}
	for _, typed := range []string{code, toLower(code), strings.ReplaceAll(code, "0", "o")} {
		norm, ok := NormalReceiptCode(typed)
		if !ok || len(norm) != ReceiptCodeLen+ReceiptHintLen {
			t.Fatalf("NormalReceiptCode(%q) = %q, %v", typed, norm, ok)
		}
		if p, ok := ReceiptProjectPrefix(norm); !ok || p != "prj_0kz9" || !strings.HasPrefix(project, p) {
			t.Errorf("ReceiptProjectPrefix(%q) = %q, %v; want prj_0kz9", norm, p, ok)
		}
	}
	for _, other := range []string{"prj_1", "prj_ABCDEFGHJKMNPQRS", "org_0kz9abcdefghjkmn", ""} {
		if got := ReceiptCodeIn(random, other); got != ReceiptCode(random) {
			t.Errorf("ReceiptCodeIn(%q) = %q, want the four groups alone", other, got)
		}
	}
	norm, _ := NormalReceiptCode(ReceiptCode(random))
	if p, ok := ReceiptProjectPrefix(norm); ok {
		t.Errorf("a code of four groups names the projects %q", p)
	}
	// A real project ID: its code names it.
	id := NewID(PrefixProject)
	norm, _ = NormalReceiptCode(ReceiptCodeIn(random, id))
	if p, ok := ReceiptProjectPrefix(norm); !ok || !strings.HasPrefix(id, p) {
		t.Errorf("%s's code names projects starting %q", id, p)
	}
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func TestReceiptShowsStateAndDeadlinesOnly(t *testing.T) {
	c := Complaint{ID: "cmp_1", ProjectID: "prj_1", EnrolmentID: "enr_1", Summary: "s", Status: ComplaintAccepted,
		ReceivedOn: NewDate(2026, 9, 28), AcceptBy: NewDate(2026, 10, 12), DecidedOn: NewDate(2026, 9, 30), ConcludeBy: NewDate(2026, 12, 28)}
	r := ReceiptOf(c, NewDate(2026, 10, 1), DefaultCalendar())
	if r.Status != ComplaintAccepted || r.NextDeadline != c.ConcludeBy || r.Overdue {
		t.Errorf("receipt %+v", r)
	}
	if r := ReceiptOf(c, NewDate(2026, 12, 29), DefaultCalendar()); !r.Overdue {
		t.Errorf("a receipt past its conclusion deadline is not overdue: %+v", r)
	}
}

// A payslip page shows the worker's own complaints on the link the
// inspectors gave them, never another worker's or another project's, and
// none on the contractor's link.
func TestPayslipComplaints(t *testing.T) {
	today := NewDate(2026, 12, 1)
	mine := Complaint{ID: "cmp_1", ProjectID: "prj_1", EnrolmentID: "enr_a", Status: ComplaintAccepted, ReceivedOn: NewDate(2026, 11, 2),
		AcceptBy: NewDate(2026, 11, 9), DecidedOn: NewDate(2026, 11, 3), ConcludeBy: NewDate(2027, 1, 29), Summary: "欠薪", Note: "监察员备注"}
	other := mine
	other.ID, other.EnrolmentID = "cmp_2", "enr_b"
	elsewhere := mine
	elsewhere.ID, elsewhere.ProjectID = "cmp_3", "prj_2"
	unnamed := mine
	unnamed.ID, unnamed.EnrolmentID = "cmp_4", ""
	all := []Complaint{mine, other, elsewhere, unnamed}
	for _, tc := range []struct {
		name  string
		token PayslipToken
		want  []ComplaintReceipt
	}{
		{"the inspectors' link: the worker's own", PayslipToken{ProjectID: "prj_1", EnrolmentID: "enr_a", Direct: true}, []ComplaintReceipt{ReceiptOf(mine, today, DefaultCalendar())}},
		{"the contractor's link: none", PayslipToken{ProjectID: "prj_1", EnrolmentID: "enr_a"}, nil},
		{"another worker's own link: theirs alone", PayslipToken{ProjectID: "prj_1", EnrolmentID: "enr_b", Direct: true}, []ComplaintReceipt{ReceiptOf(other, today, DefaultCalendar())}},
		{"a worker with none", PayslipToken{ProjectID: "prj_1", EnrolmentID: "enr_c", Direct: true}, nil},
	} {
		if got := PayslipComplaints(tc.token, all, today, DefaultCalendar()); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
