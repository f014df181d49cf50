package ledger

import "testing"

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
	r := ReceiptOf(c, NewDate(2026, 10, 1))
	if r.Status != ComplaintAccepted || r.NextDeadline != c.ConcludeBy || r.Overdue {
		t.Errorf("receipt %+v", r)
	}
	if r := ReceiptOf(c, NewDate(2026, 12, 29)); !r.Overdue {
		t.Errorf("a receipt past its conclusion deadline is not overdue: %+v", r)
	}
}
